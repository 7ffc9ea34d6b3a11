using Hangfire;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>
/// The Hangfire dashboard as a page of the intranet: its title, the way back to the intranet, the
/// intranet's icon and look (a stylesheet after Hangfire's own), and a script that names the unlabelled
/// selection boxes of its job lists. No dark mode: the intranet has none, and its colours are the ones
/// checked for contrast. The page's language comes from the process culture (<see cref="Core.Common.ProductCulture"/>).
/// </summary>
public static class JobsDashboard
{
    public const string StylesheetResource = "OpsIntranet.Web.JobsDashboard.css";
    public const string ScriptResource = "OpsIntranet.Web.JobsDashboard.js";

    // Hangfire keeps added stylesheets and scripts in static lists; every app built in one process (the
    // tests build many) would add them again, so they are added once.
    private static readonly Lazy<bool> Registered = new(() =>
    {
        var assembly = typeof(JobsDashboard).Assembly;
        GlobalConfiguration.Configuration
            .UseDashboardStylesheet(assembly, StylesheetResource)
            .UseDashboardJavaScript(assembly, ScriptResource);
        return true;
    });

    public static DashboardOptions Options()
    {
        _ = Registered.Value;
        return new DashboardOptions
        {
            DashboardTitle = "OpsIntranet jobs",
            // "Back to site" leads to the intranet's home page.
            AppPath = "/",
            FaviconPath = "/favicon.svg",
            DarkModeEnabled = false,
            DisplayStorageConnectionString = false,
        };
    }
}
