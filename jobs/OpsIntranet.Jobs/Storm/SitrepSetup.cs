using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Storm;

namespace OpsIntranet.Jobs.Storm;

public static class SitrepSetup
{
    /// <summary>Storm situation reports: the event's recurring job (the core's hook), the jobs, the e-mail and the page's operations.</summary>
    public static IServiceCollection AddStormSitreps(this IServiceCollection services)
    {
        services.AddScoped<SitrepScheduling>();
        services.AddScoped<ISitrepScheduling>(sp => sp.GetRequiredService<SitrepScheduling>());
        services.AddScoped<SitrepRecipients>();
        services.AddScoped<SitrepDocuments>();
        services.AddScoped<ScheduledSitrepJob>();
        services.AddScoped<SendSitrepJob>();
        services.AddScoped<Delivery.IReportMail, SitrepMail>();
        services.AddScoped<SitrepOperations>();
        return services;
    }
}
