using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OpsIntranet.Templates.Rendering;

public static class TemplateServices
{
    public static IServiceCollection AddOpsDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ChromiumOptions>(configuration.GetSection(ChromiumOptions.Section));
        // One printer per process: it owns the browser and closes it when the host stops.
        services.AddSingleton<ChromiumPdfPrinter>();
        services.AddScoped<DocumentRenderer>();
        return services;
    }
}
