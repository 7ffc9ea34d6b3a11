using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Subscriptions;

namespace OpsIntranet.Jobs.Subscriptions;

public static class SubscriptionRunsSetup
{
    /// <summary>A subscription's runs, their e-mail, its page's operations and the unsubscribe link (each kind's e-mail comes with <see cref="ReportKindRegistration.AddReportKind{T}"/>).</summary>
    public static IServiceCollection AddSubscriptionRuns(this IServiceCollection services)
    {
        services.AddScoped<SubscriptionRecipients>();
        services.AddScoped<Unsubscribing>();
        services.AddScoped<SubscriptionMailComposer>();
        services.AddScoped<SendSubscriptionJob>();
        services.AddScoped<SubscriptionOperations>();
        return services;
    }
}
