using System.Globalization;

namespace OpsIntranet.Core.Common;

/// <summary>
/// The product speaks US English. A host started without a locale (a container, a service account)
/// would otherwise run with the invariant culture, and what formats with the current culture — the job
/// dashboard's lang attribute and dates, model binding, jobs — would say "iv". Stored and exchanged
/// values (CSV, keys, form values the code parses) keep naming CultureInfo.InvariantCulture explicitly.
/// </summary>
public static class ProductCulture
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    /// <summary>Makes en-US the culture of every thread of this process; the first line of each host.</summary>
    public static void Apply()
    {
        CultureInfo.DefaultThreadCurrentCulture = Culture;
        CultureInfo.DefaultThreadCurrentUICulture = Culture;
        CultureInfo.CurrentCulture = Culture;
        CultureInfo.CurrentUICulture = Culture;
    }
}
