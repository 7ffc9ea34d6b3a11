namespace OpsIntranet.Core.Storm;

/// <summary>
/// Keeps an event's situation-report job in step with the event: there while it is activated or in recovery and it
/// has a schedule, gone once it closes. Core cannot reach Hangfire, so the jobs project implements it; the event
/// service calls it inside the transaction of the state move, so the move and the job change commit together.
/// </summary>
public interface ISitrepScheduling
{
    /// <summary>Adds, updates or removes the event's recurring job to match its state and schedule, in the caller's transaction; returns why it could not (the caller rolls back), or null.</summary>
    Task<string?> SyncAsync(int eventId, CancellationToken ct);
}

/// <summary>The ledger's names for situation reports.</summary>
public static class SitrepRuns
{
    /// <summary>report_runs.report of every situation report.</summary>
    public const string Report = "storm-situation-report";
    public const string MessageIdPrefix = "sitrep";

    /// <summary>report_runs.scope: the event.</summary>
    public static string ScopeOf(int eventId) => $"event:{eventId}";

    public static string RecurringJobId(int eventId) => $"storm-sitrep-{eventId}";

    public static string DefaultSubject(string eventName) => $"Situation report: {eventName}";

    /// <summary>The suggestion an event starts with: leadership and the managers of its units, every 6 hours from 00:00 Eastern.</summary>
    public static SitrepSchedule Default(StormEvent e, DateTimeOffset now, string byName) => new()
    {
        EventId = e.Id, Cadence = SitrepCadence.EveryHours, EveryHours = 6, StartTime = new TimeOnly(0, 0),
        RecipientRoles = [Identity.Roles.Leadership], UnitManagers = true, Subject = DefaultSubject(e.Name),
        UpdatedAt = now, UpdatedByName = byName,
    };
}
