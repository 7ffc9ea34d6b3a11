namespace OpsIntranet.Core.Subscriptions;

/// <summary>Which period a scheduled run covers, counted back from the day it runs (in the subscription's time zone).</summary>
public enum PeriodRule
{
    /// <summary>The last month that has ended: a run on 12 December sends November.</summary>
    PreviousMonth = 0,
    /// <summary>The last fiscal quarter that has ended: a run in January sends Q1 (October–December).</summary>
    PreviousQuarter = 1,
    /// <summary>The fiscal year from October through the last month that has ended.</summary>
    FiscalYearToDate = 2,
}

/// <summary>How a subscription's schedule is written: the friendly forms a manager picks, or raw cron (administrators only).</summary>
public enum ScheduleKind
{
    /// <summary>Monthly on day N (1–31) at a time; a day the month does not have means its last day (31 → 28 February).</summary>
    MonthlyOnDay = 0,
    /// <summary>Monthly on the Nth business day (weekdays that are not City holidays) at a time.</summary>
    MonthlyOnBusinessDay = 1,
    /// <summary>Weekly on a weekday at a time.</summary>
    Weekly = 2,
    /// <summary>A cron expression (five fields) in the subscription's time zone.</summary>
    Cron = 3,
}

/// <summary>
/// A report that goes by e-mail on a schedule, kept by the people who own it (managers for their units,
/// administrators for all). Every run of it is a <see cref="Reports.ReportRun"/> with Report = <see cref="ReportKind"/>
/// and Scope = <see cref="RunScope"/>, unique per period for scheduled runs; one Hangfire recurring job per
/// subscription (<see cref="RecurringJobId"/>) fires it while it is active. Deleting keeps the row (and so
/// the history of its runs) with <see cref="DeletedAt"/> set.
/// </summary>
public class ReportSubscription
{
    public int Id { get; set; }
    /// <summary>What the list shows, e.g. "Monthly department scorecard to leadership".</summary>
    public required string Name { get; set; }
    /// <summary>The report kind's key (see the jobs' report-kind registry), e.g. "department-scorecard".</summary>
    public required string ReportKind { get; set; }
    /// <summary>The units the report covers; empty for a department-wide report (or all of the owner's units).</summary>
    public List<int> UnitIds { get; set; } = [];
    public PeriodRule PeriodRule { get; set; }

    public ScheduleKind ScheduleKind { get; set; }
    /// <summary>MonthlyOnDay: the day (1–31). MonthlyOnBusinessDay: N (1–20). Otherwise null.</summary>
    public int? Day { get; set; }
    /// <summary>Weekly: the weekday. Otherwise null.</summary>
    public DayOfWeek? Weekday { get; set; }
    /// <summary>The time of day, in <see cref="TimeZone"/>, for the friendly kinds.</summary>
    public TimeOnly TimeOfDay { get; set; } = new(8, 0);
    /// <summary>Cron: the expression (five fields); null for the friendly kinds.</summary>
    public string? Cron { get; set; }
    /// <summary>IANA time zone id; America/New_York unless someone chose otherwise.</summary>
    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>Addresses typed in, normalised (trimmed, lower case).</summary>
    public List<string> Addresses { get; set; } = [];
    /// <summary>Everyone holding these roles (Identity.Roles names) at the time of the run.</summary>
    public List<string> RecipientRoles { get; set; } = [];
    /// <summary>The supervisors and managers of these units at the time of the run.</summary>
    public List<int> LeadershipOfUnitIds { get; set; } = [];
    /// <summary>Addresses that followed the unsubscribe link of this subscription's e-mail; never sent to again.</summary>
    public List<string> Unsubscribed { get; set; } = [];

    public required string Subject { get; set; }
    /// <summary>A short note placed above the figures in the e-mail (optional).</summary>
    public string? Message { get; set; }
    /// <summary>Skip the run (sending nothing) when the period has no approved figures, instead of sending an empty report.</summary>
    public bool SkipWhenNoApprovedData { get; set; } = true;
    public bool Paused { get; set; }

    /// <summary>Who keeps it: their viewer decides what the report may show, and they hear about failed deliveries. Null only for the seeded department scorecard when no administrator exists yet.</summary>
    public int? OwnerUserId { get; set; }
    public Identity.AppUser? Owner { get; set; }
    /// <summary>Set on the subscription made from configuration on first start (e.g. "config:department-scorecard"), so it is made once.</summary>
    public string? SeedKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int? UpdatedByUserId { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    /// <summary>Optimistic concurrency (PostgreSQL xmin): two people saving the same subscription cannot overwrite each other unseen.</summary>
    public uint Version { get; set; }

    public bool IsActive => !Paused && DeletedAt is null;

    /// <summary>The ledger scope of this subscription's runs.</summary>
    public string RunScope => ScopeOf(Id);

    public static string ScopeOf(int subscriptionId) => $"subscription:{subscriptionId}";

    /// <summary>The id of its Hangfire recurring job.</summary>
    public string RecurringJobId => RecurringJobIdOf(Id);

    public static string RecurringJobIdOf(int subscriptionId) => $"report-subscription-{subscriptionId}";
}
