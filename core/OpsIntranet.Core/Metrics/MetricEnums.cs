namespace OpsIntranet.Core.Metrics;

public enum UnitOfMeasure
{
    Count = 0,
    Percent = 1,
    Seconds = 2,
    Minutes = 3,
    Hours = 4,
    Days = 5,
    Dollars = 6,
    Kwh = 7,
}

public enum MetricDirection
{
    HigherIsBetter = 0,
    LowerIsBetter = 1,
    /// <summary>Reported for context (e.g. calls offered); never coloured.</summary>
    Informational = 2,
}

public enum MetricStatus
{
    /// <summary>No value, no target, or an informational metric.</summary>
    None = 0,
    Green = 1,
    Amber = 2,
    Red = 3,
}

public enum SubmissionStatus
{
    Draft = 0,
    Submitted = 1,
    Returned = 2,
    Approved = 3,
}
