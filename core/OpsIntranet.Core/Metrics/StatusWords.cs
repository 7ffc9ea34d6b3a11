namespace OpsIntranet.Core.Metrics;

/// <summary>
/// The words for a status and for a target, the same on pages, in documents and in e-mails. Colour is
/// never the only signal (some readers cannot tell green from red, and a printout may be grey), so
/// every coloured mark carries one of these words.
/// </summary>
public static class StatusWords
{
    public const string Informational = "Informational";
    public const string NoData = "No data";
    public const string NoTarget = "No target";

    /// <summary>The status of one value: "Meets target", "Within tolerance", "Off target".</summary>
    public static string Label(MetricStatus status) => status switch
    {
        MetricStatus.Green => "Meets target",
        MetricStatus.Amber => "Within tolerance",
        MetricStatus.Red => "Off target",
        _ => "Not rated",
    };

    /// <summary>Says why a value has no colour: informational metric, no value yet, or no target for the year.</summary>
    public static string Label(MetricStatus status, MetricDirection direction, bool hasValue, bool hasTarget) =>
        status != MetricStatus.None ? Label(status)
        : direction == MetricDirection.Informational ? Informational
        : !hasValue ? NoData
        : !hasTarget ? NoTarget
        : Label(status);

    /// <summary>The same status heading a count of values ("12 meet target"), lower case for running text.</summary>
    public static string Counted(MetricStatus status) => status switch
    {
        MetricStatus.Green => "meet target",
        MetricStatus.Amber => "within tolerance",
        MetricStatus.Red => "off target",
        _ => "informational or no approved value",
    };

    /// <summary>The class suffix the stylesheets colour by (status-green, .badge.green …).</summary>
    public static string Colour(MetricStatus status) => status switch
    {
        MetricStatus.Green => "green",
        MetricStatus.Amber => "amber",
        MetricStatus.Red => "red",
        _ => "none",
    };

    /// <summary>Whether an average reached a goal's target (no tolerance): "met" or "not met".</summary>
    public static string Met(bool met) => met ? "met" : "not met";

    /// <summary>A target as people read it: "≥ 95.0%" when higher is better, "≤ 60 s" when lower is; "—" for none.</summary>
    public static string TargetText(MetricDirection direction, decimal? target, UnitOfMeasure unit, int decimals) =>
        direction == MetricDirection.Informational || target is null
            ? "—"
            : (direction == MetricDirection.LowerIsBetter ? "≤ " : "≥ ") + MetricFormatting.Format(target, unit, decimals);

    /// <summary>The words the monthly form's script shows while a value is typed, so the browser uses these same words.</summary>
    public static IReadOnlyDictionary<string, string> ForScript { get; } = new Dictionary<string, string>
    {
        ["green"] = Label(MetricStatus.Green),
        ["amber"] = Label(MetricStatus.Amber),
        ["red"] = Label(MetricStatus.Red),
        ["informational"] = Informational,
        ["noData"] = NoData,
        ["noTarget"] = NoTarget,
    };
}
