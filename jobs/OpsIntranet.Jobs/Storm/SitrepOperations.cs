using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Storm;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Jobs.Subscriptions;

namespace OpsIntranet.Jobs.Storm;

/// <summary>The schedule form as typed: times as text, so "6am" gets a message instead of nothing.</summary>
public sealed class SitrepInput
{
    public SitrepCadence? Cadence { get; set; }
    /// <summary>Eastern times of day, e.g. "06:00, 12:00, 18:00".</summary>
    public string? Times { get; set; }
    public int? EveryHours { get; set; }
    public string? StartTime { get; set; }
    public string? Addresses { get; set; }
    public bool Leadership { get; set; }
    public bool Administrators { get; set; }
    public bool UnitManagers { get; set; }
    public bool UnitSupervisors { get; set; }
    public string? Subject { get; set; }

    public static SitrepInput Of(SitrepSchedule s) => new()
    {
        Cadence = s.Cadence, Times = string.Join(", ", s.TimesOfDay.Order().Select(t => t.ToString("HH:mm", CultureInfo.InvariantCulture))),
        EveryHours = s.EveryHours, StartTime = s.StartTime.ToString("HH:mm", CultureInfo.InvariantCulture), Addresses = string.Join("\n", s.Addresses),
        Leadership = s.RecipientRoles.Contains(Roles.Leadership), Administrators = s.RecipientRoles.Contains(Roles.Administrator),
        UnitManagers = s.UnitManagers, UnitSupervisors = s.UnitSupervisors, Subject = s.Subject,
    };
}

/// <summary>One sitrep run in the event's history with its deliveries.</summary>
public sealed record SitrepRunRow(int Id, DateTimeOffset CreatedAt, string Period, RunTrigger Trigger, string? RequestedBy, RunStatus Status, string? Error,
    bool HasDocument, IReadOnlyList<DeliveryRow> Deliveries)
{
    public string TriggerLabel => Trigger == RunTrigger.Scheduled ? "Scheduled" : Trigger == RunTrigger.Manual ? "Send now" : Trigger.ToString();
    /// <summary>The scheduled time (a scheduled run) or the moment it was asked for, in Eastern time.</summary>
    public string When => SitrepTimes.TryParseKey(Period, out var at) ? StormTime.Describe(at) : Period;
}

/// <summary>What the sitreps page shows.</summary>
public sealed record SitrepPage(StormEvent Event, SitrepSchedule Schedule, bool Saved, bool CanChange, string? WhyReadOnly, bool JobRunning,
    IReadOnlyList<DateTimeOffset> NextTimes, IReadOnlyList<SitrepRecipient> Recipients, IReadOnlyList<SitrepRunRow> Runs);

/// <summary>
/// An event's situation reports as its page uses them: the schedule (saved with its recurring job in one transaction),
/// "Send a sitrep now" (a manual run of the ledger, made and enqueued in one transaction with the form's token), the
/// preview PDF, the history of runs with their deliveries, and the resend of a failed delivery. Readers of the event
/// see it; its managers and administrators change it while it is not closed; anyone else gets null / NotFound (404).
/// </summary>
public class SitrepOperations(AppDbContext db, SitrepRecipients recipients, SitrepDocuments documents, ISitrepScheduling scheduling, DeliveryLedger ledger,
    RunDispatcher dispatcher, TransactionalJobs jobs, TimeProvider clock)
{
    public const string FormKind = "SitrepSend";
    public const int HistoryShown = 50;
    public const int MaxSubject = 200;
    public const string Closed = "This event is closed: situation reports are no longer scheduled or sent. Its history stays below.";
    public const string ReadOnly = "The managers of the event's units and administrators set its situation reports; you may read them.";

    public async Task<SitrepPage?> PageAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is not { } scope) return null;
        var e = scope.Event;
        var saved = await db.SitrepSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.EventId == eventId, ct);
        var schedule = saved ?? SitrepRuns.Default(e, clock.GetUtcNow(), viewer.Actor.Name);
        var why = !scope.CanChange ? ReadOnly : e.State == StormState.Closed ? Closed : null;
        var scopeKey = SitrepRuns.ScopeOf(eventId);
        var runs = await db.ReportRuns.AsNoTracking().Where(r => r.Report == SitrepRuns.Report && r.Scope == scopeKey)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(HistoryShown)
            .Select(r => new
            {
                r.Id, r.CreatedAt, r.Period, r.Trigger, r.Status, r.Error, HasDocument = r.DocumentId != null,
                RequestedBy = db.Users.Where(u => u.Id == r.RequestedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
                Deliveries = r.Deliveries.OrderBy(d => d.Recipient).Select(d => new DeliveryRow(d.Id, d.Recipient, d.Status, d.Attempts, d.LastAttemptAt, d.LastError, d.SentAt, d.GaveUpAt)).ToList(),
            }).ToListAsync(ct);
        var running = SitrepScheduling.Wanted(e.State, saved);
        return new SitrepPage(e, schedule, saved is not null, scope.CanChange && e.State != StormState.Closed, why, running,
            e.State == StormState.Closed ? [] : SitrepTimes.Next(schedule.Times(), clock.GetUtcNow(), 3),
            await recipients.ResolveAsync(schedule, ct),
            [.. runs.Select(r => new SitrepRunRow(r.Id, r.CreatedAt, r.Period, r.Trigger, r.RequestedBy, r.Status, r.Error, r.HasDocument, r.Deliveries))]);
    }

    /// <summary>Saves the schedule (version null: the first save) and, while the event is activated or in recovery, its recurring job, together.</summary>
    public async Task<Outcome> SaveAsync(Viewer viewer, int eventId, uint? version, SitrepInput input, CancellationToken ct = default)
    {
        if (await ChangeableAsync(viewer, eventId, ct) is { } refused) return refused;
        var errors = new Dictionary<string, string>();
        var times = new List<TimeOnly>();
        if (input.Cadence is not { } cadence || !Enum.IsDefined(cadence)) errors["Cadence"] = "Choose fixed times of day or every N hours.";
        else if (cadence == SitrepCadence.TimesOfDay)
        {
            foreach (var raw in (input.Times ?? "").Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!TimeOnly.TryParseExact(raw, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                {
                    errors["Times"] = $"“{raw}” is not a time; give times of day as 24-hour HH:mm, e.g. 06:00, 12:00, 18:00.";
                    break;
                }
                times.Add(t);
            }
            if (!errors.ContainsKey("Times") && times.Count == 0) errors["Times"] = "Give at least one time of day, e.g. 06:00, 12:00, 18:00.";
            else if (times.Distinct().Count() > 24) errors["Times"] = "At most 24 times a day; use every N hours for more.";
        }
        else
        {
            if (input.EveryHours is not (>= 1 and <= 24)) errors["EveryHours"] = "Give a number of hours from 1 to 24.";
        }
        var start = new TimeOnly(0, 0);
        if (input.Cadence == SitrepCadence.EveryHours && !TimeOnly.TryParseExact(input.StartTime?.Trim() ?? "", ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
            errors["StartTime"] = "Give the time to count from as HH:mm, e.g. 00:00.";
        var addresses = SubscriptionService.ParseAddresses(input.Addresses, out var addressError);
        if (addressError is not null) errors["Addresses"] = addressError;
        var subject = TextRules.Required(errors, "Subject", input.Subject, MaxSubject, "Give the e-mail's subject, e.g. “Situation report: Hurricane Delia”.");
        var roles = new List<string>();
        if (input.Leadership) roles.Add(Roles.Leadership);
        if (input.Administrators) roles.Add(Roles.Administrator);
        if (errors.Count == 0 && addresses.Count == 0 && roles.Count == 0 && !input.UnitManagers && !input.UnitSupervisors)
            errors["Addresses"] = "Choose who gets the reports: addresses, leadership, administrators, or the managers or supervisors of the event's units.";
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var schedule = await db.SitrepSchedules.SingleOrDefaultAsync(s => s.EventId == eventId, ct);
        if (schedule is null)
        {
            if (version is not null) return Outcome.Stale;
            schedule = new SitrepSchedule { EventId = eventId, Subject = subject!, UpdatedByName = viewer.Actor.Name };
            db.SitrepSchedules.Add(schedule);
        }
        else if (version != schedule.Version) return Outcome.Stale;
        schedule.Cadence = input.Cadence!.Value;
        schedule.TimesOfDay = schedule.Cadence == SitrepCadence.TimesOfDay ? [.. times.Distinct().Order()] : [];
        schedule.EveryHours = schedule.Cadence == SitrepCadence.EveryHours ? input.EveryHours : null;
        schedule.StartTime = schedule.Cadence == SitrepCadence.EveryHours ? start : new TimeOnly(0, 0);
        schedule.Addresses = addresses;
        schedule.RecipientRoles = roles;
        schedule.UnitManagers = input.UnitManagers;
        schedule.UnitSupervisors = input.UnitSupervisors;
        schedule.Subject = subject!;
        schedule.UpdatedAt = clock.GetUtcNow();
        schedule.UpdatedByName = viewer.Actor.Name;
        var times2 = schedule.Times();
        return await jobs.SaveWithJobsAsync(async () =>
        {
            var saved = await db.SaveOutcomeAsync(() => eventId, ct);
            if (!saved.Succeeded) return saved;
            if (await scheduling.SyncAsync(eventId, ct) is { } problem)
                return Outcome.Conflict($"The schedule could not be given to the job server ({problem}); nothing was saved. Try again in a moment.");
            return saved with { Message = $"Saved: situation reports at {SitrepTimes.Describe(times2)}." };
        }, "The schedule", ct);
    }

    /// <summary>
    /// "Send a sitrep now" to the schedule's recipients. In one transaction: the form's one-time token, the run (keyed by
    /// it, so a double click makes one run; it shows in the history at once) and its job — all of them or none.
    /// </summary>
    public async Task<Outcome> SendNowAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        if (await ChangeableAsync(viewer, eventId, ct) is { } refused) return refused;
        if (db.SentForm is not { } form)
            return Outcome.Conflict("This form could not be told apart from a repeat of itself; nothing was sent. Reload the page and send again.");
        var e = await db.StormEvents.AsNoTracking().SingleAsync(x => x.Id == eventId, ct);
        var schedule = await db.SitrepSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.EventId == eventId, ct) ?? SitrepRuns.Default(e, clock.GetUtcNow(), viewer.Actor.Name);
        var to = await recipients.ResolveAsync(schedule, ct);
        if (to.Count == 0) return Outcome.Conflict("Nobody would receive it: choose recipients and save the schedule first. Nothing was sent.");
        var now = clock.GetUtcNow();
        var periodKey = SitrepTimes.Key(now);
        var triggerKey = "form:" + form.Token.ToString("D");
        var day = DateOnly.FromDateTime(StormTime.ToEastern(now));
        return await jobs.SaveWithJobsAsync(async () =>
        {
            if (await db.ClaimFormAsync(FormKind, ct, "This form had already been sent; the sitrep goes out once.") is { } repeat) return repeat;
            await ledger.EnsureRunAsync(new RunKey(SitrepRuns.Report, SitrepRuns.ScopeOf(eventId), periodKey, RunTrigger.Manual, triggerKey), day, day, viewer.UserId, ct);
            await db.SaveChangesAsync(ct);
            await db.RecordFormAsync(eventId, ct);
            jobs.Client().Enqueue<SendSitrepJob>(job => job.ExecuteAsync(eventId, periodKey, RunTrigger.Manual, triggerKey, viewer.UserId, CancellationToken.None));
            return new Outcome(OutcomeKind.Ok, eventId, new Dictionary<string, string>(),
                $"Sending a situation report to {to.Count} recipient{(to.Count == 1 ? "" : "s")} now. Its run is in the history below.");
        }, "The situation report", ct);
    }

    /// <summary>The sitrep PDF as of now, as the viewer may read it; made now, stored nowhere. Null: not the viewer's.</summary>
    public async Task<SitrepDocument?> PreviewAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is not { } scope) return null;
        var subject = await db.SitrepSchedules.AsNoTracking().Where(s => s.EventId == eventId).Select(s => s.Subject).SingleOrDefaultAsync(ct)
            ?? SitrepRuns.DefaultSubject(scope.Event.Name);
        return await documents.RenderAsync(viewer, eventId, subject, ct);
    }

    /// <summary>"Resend" of a failed delivery of one of the event's sitreps: the same delivery again (same Message-ID, through the claim).</summary>
    public async Task<Outcome> ResendAsync(Viewer viewer, int eventId, int? deliveryId, CancellationToken ct = default)
    {
        if (await ChangeableAsync(viewer, eventId, ct) is { } refused) return refused;
        var scopeKey = SitrepRuns.ScopeOf(eventId);
        var delivery = await db.ReportDeliveries.AsNoTracking()
            .SingleOrDefaultAsync(d => d.Id == deliveryId && d.ReportRun!.Report == SitrepRuns.Report && d.ReportRun.Scope == scopeKey, ct);
        if (delivery is null) return Outcome.NotFound;
        if (delivery.Status != DeliveryStatus.Failed)
            return Outcome.Conflict(delivery.Status == DeliveryStatus.Sent ? $"The sitrep to {delivery.Recipient} was sent already; it is not sent twice." : $"The sitrep to {delivery.Recipient} is on its way already.");
        return await jobs.SaveWithJobsAsync(async () =>
        {
            var reopened = await dispatcher.ResendAsync([delivery.Id], ct);
            return reopened.Count == 1
                ? Outcome.Ok(eventId) with { Message = $"The sitrep to {delivery.Recipient} is being sent again." }
                : Outcome.Conflict($"The sitrep to {delivery.Recipient} is being sent right now; reload the page in a minute.");
        }, "The e-mail", ct);
    }

    /// <summary>Null when the viewer may change the event's sitreps now; otherwise the answer (404 out of scope, the reason otherwise).</summary>
    private async Task<Outcome?> ChangeableAsync(Viewer viewer, int eventId, CancellationToken ct)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is not { } scope) return Outcome.NotFound;
        if (!scope.CanChange) return Outcome.Conflict(ReadOnly);
        if (scope.Event.State == StormState.Closed) return Outcome.Conflict(Closed);
        return null;
    }
}
