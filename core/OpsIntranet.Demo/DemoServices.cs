using Microsoft.Extensions.DependencyInjection;

namespace OpsIntranet.Demo;

public static class DemoServices
{
    /// <summary>
    /// The demo department's loader. Only a host asked to load the demo calls this, so a production
    /// container holds no service that can fill its database with made-up people.
    /// </summary>
    public static IServiceCollection AddOpsDemo(this IServiceCollection services)
    {
        services.AddScoped<DemoPersonnel>();
        services.AddScoped<DemoImprovement>();
        services.AddScoped<DemoStorm>();
        services.AddScoped<DemoDataSeeder>();
        return services;
    }
}
