namespace OpsIntranet.Templates.Shared;

/// <summary>The stylesheets are embedded and inlined into every document: a rendered page loads nothing.</summary>
public static class Stylesheets
{
    private static readonly Lazy<string> DocumentCss = new(() => Read("OpsIntranet.Templates.document.css"));
    private static readonly Lazy<string> EmailCss = new(() => Read("OpsIntranet.Templates.email.css"));

    public static string Document => DocumentCss.Value;
    public static string Email => EmailCss.Value;

    private static string Read(string name)
    {
        using var stream = typeof(Stylesheets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded stylesheet {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
