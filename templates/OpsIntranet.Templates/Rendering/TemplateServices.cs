using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Templates.Rendering;

public static class TemplateServices
{
    public static IServiceCollection AddOpsDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<ChromiumOptions, ChromiumOptionsValidation>(configuration, ChromiumOptions.Section);
        // One printer per process: it owns the browser and closes it when the host stops.
        services.AddSingleton<ChromiumPdfPrinter>();
        services.AddScoped<DocumentRenderer>();
        services.AddScoped<Documents.EvaluationPacket.EvaluationPacketRenderer>();
        services.AddScoped<Documents.ContinuousImprovementReport.ImprovementReportDocuments>();
        return services;
    }
}
