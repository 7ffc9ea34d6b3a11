using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Templates.Rendering;

namespace OpsIntranet.Tests.Templates;

/// <summary>The document services as the app registers them, with one Chromium shared by a test class.</summary>
public sealed class PrinterFixture : IAsyncDisposable
{
    public ServiceProvider Services { get; }

    public PrinterFixture() : this(new Dictionary<string, string?>()) { }

    public PrinterFixture(IDictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOpsDocuments(config);
        Services = services.BuildServiceProvider();
    }

    public ChromiumPdfPrinter Printer => Services.GetRequiredService<ChromiumPdfPrinter>();
    public DocumentRenderer Renderer => Services.CreateScope().ServiceProvider.GetRequiredService<DocumentRenderer>();

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
