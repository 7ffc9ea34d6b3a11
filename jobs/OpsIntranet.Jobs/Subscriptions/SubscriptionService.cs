using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Core.Units;

namespace OpsIntranet.Jobs.Subscriptions;

/// <summary>What the subscription form sends: everything a person sets (the owner and the history are the service's).</summary>
public sealed record SubscriptionInput
{
    public string? Name { get; init; }
    public string? ReportKind { get; init; }
    public IReadOnlyList<int> UnitIds { get; init; } = [];
    public PeriodRule PeriodRule { get; init; }
    public ScheduleKind ScheduleKind { get; init; }
    public int? Day { get; init; }
    public DayOfWeek? Weekday { get; init; }
    public TimeOnly? TimeOfDay { get; init; }
    public string? Cron { get; init; }
    public string? TimeZone { get; init; }
    /// <summary>Addresses as typed: one per line, or separated by commas or semicolons.</summary>
    public string? Addresses { get; init; }
    public IReadOnlyList<string> RecipientRoles { get; init; } = [];
    public IReadOnlyList<int> LeadershipOfUnitIds { get; init; } = [];
    public string? Subject { get; init; }
    public string? Message { get; init; }
    public bool SkipWhenNoApprovedData { get; init; } = true;
}

/// <summary>A subscription as the list shows it: its words, and its next runs in its own time zone.</summary>
public sealed record SubscriptionRow(
    ReportSubscription Subscription, string ReportLabel, string Units, string Schedule, string Recipients, string? Owner, IReadOnlyList<Occurrence> NextRuns);

/// <summary>What the form offers this viewer: the report kinds, the units they may choose, the roles, and whether raw cron is theirs.</summary>
public sealed record SubscriptionChoices(IReadOnlyList<IReportKind> Kinds, IReadOnlyList<(int Id, string Name)> Units, IReadOnlyList<string> Roles, bool MayWriteCron);

/// <summary>
/// Report subscriptions kept by the people who own them (issue 12 §1): managers those of their units, administrators all
/// (<see cref="SubscriptionAccess"/>; anything else is not there: null, or <see cref="Outcome.NotFound"/>). Every change is
/// checked whole (nothing half-saved), written with its audit row in one transaction, and then mirrored to the
/// subscription's Hangfire recurring job; the start-up reconcile (<see cref="SubscriptionRecurringJobs.ReconcileAsync"/>)
/// repairs a job left behind by a process that stopped between the two.
/// </summary>
public class SubscriptionService(AppDbContext db, ReportKinds kinds, AuditLog audit, CityHolidayService holidays, SubscriptionRecurringJobs recurring, TimeProvider clock)
{
    public const int MaxName = 120;
    public const int MaxSubject = 200;
    public const int MaxMessage = 2000;
    public const int MaxAddresses = 500;

    /// <summary>The subscriptions the viewer keeps, with their next three runs; null when they keep none at all (404).</summary>
    public async Task<IReadOnlyList<SubscriptionRow>?> ListAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (!SubscriptionAccess.CanKeepSubscriptions(viewer)) return null;
        var all = await db.ReportSubscriptions.AsNoTracking().Include(s => s.Owner).Where(s => s.DeletedAt == null).OrderBy(s => s.Name).ThenBy(s => s.Id).ToListAsync(ct);
        var mine = all.Where(s => SubscriptionAccess.CanKeep(viewer, s)).ToList();
        var unitNames = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var holidaySet = await holidays.SetAsync(ct);
        var now = clock.GetUtcNow();
        return mine.Select(s =>
        {
            var (schedule, _) = SubscriptionSchedule.TryCreate(ScheduleSpec.Of(s), holidaySet, now);
            return new SubscriptionRow(s, kinds.Find(s.ReportKind)?.Label ?? s.ReportKind, UnitsText(s, unitNames),
                SubscriptionSchedule.Describe(ScheduleSpec.Of(s)), RecipientsText(s, unitNames), s.Owner?.DisplayName,
                s.IsActive && schedule is not null ? schedule.Next(now, 3) : []);
        }).ToList();
    }

    /// <summary>One subscription the viewer keeps; null when it is missing, deleted or not theirs (404).</summary>
    public async Task<ReportSubscription?> GetAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        var s = await db.ReportSubscriptions.AsNoTracking().Include(x => x.Owner).SingleOrDefaultAsync(x => x.Id == id && x.DeletedAt == null, ct);
        return s is not null && SubscriptionAccess.CanKeep(viewer, s) ? s : null;
    }

    /// <summary>The next runs of a saved subscription (none while it is paused).</summary>
    public async Task<IReadOnlyList<Occurrence>> NextRunsAsync(ReportSubscription s, int count, CancellationToken ct = default)
    {
        if (!s.IsActive) return [];
        var (schedule, _) = SubscriptionSchedule.TryCreate(ScheduleSpec.Of(s), await holidays.SetAsync(ct), clock.GetUtcNow());
        return schedule?.Next(clock.GetUtcNow(), count) ?? [];
    }

    /// <summary>
    /// What the form may offer; null when the viewer keeps no subscriptions (404). <paramref name="kept"/> are the units the
    /// subscription has already (its report's and its leadership recipients'): offered even when deactivated since, marked.
    /// </summary>
    public async Task<SubscriptionChoices?> ChoicesAsync(Viewer viewer, IReadOnlyCollection<int>? kept = null, CancellationToken ct = default)
    {
        if (!SubscriptionAccess.CanKeepSubscriptions(viewer)) return null;
        kept ??= [];
        var units = await db.Units.AsNoTracking().Offered(kept).OrderBy(u => u.SortOrder).ThenBy(u => u.Name).Select(u => new { u.Id, u.Name, u.IsActive }).ToListAsync(ct);
        return new SubscriptionChoices(kinds.All, units.Where(u => viewer.IsAdministrator || viewer.IsAssigned(u.Id) || kept.Contains(u.Id)).Select(u => (u.Id, UnitPicker.Label(u.Name, u.IsActive))).ToList(),
            Roles.All, viewer.IsAdministrator);
    }

    /// <summary>Creates (id null) or edits a subscription. <paramref name="version"/> is the one the form was shown with.</summary>
    public Task<Outcome> SaveAsync(Viewer viewer, int? id, uint version, SubscriptionInput input, CancellationToken ct = default) =>
        id is not null ? SyncAfter(DoSaveAsync(viewer, id, version, input, ct), ct)
            : SyncAfter(db.OnceAsync(FormKinds.Subscription, () => DoSaveAsync(viewer, null, version, input, ct), ct), ct);

    public Task<Outcome> PauseAsync(Viewer viewer, int id, uint version, CancellationToken ct = default) =>
        SyncAfter(ChangeAsync(viewer, id, version, s => s.Paused ? null : "Paused", s => s.Paused = true, ct), ct);

    public Task<Outcome> ResumeAsync(Viewer viewer, int id, uint version, CancellationToken ct = default) =>
        SyncAfter(ChangeAsync(viewer, id, version, s => s.Paused ? "Resumed" : null, s => s.Paused = false, ct), ct);

    /// <summary>Deleting keeps the row (its runs' history stays readable) and removes the recurring job.</summary>
    public Task<Outcome> DeleteAsync(Viewer viewer, int id, uint version, CancellationToken ct = default) =>
        SyncAfter(ChangeAsync(viewer, id, version, _ => "Deleted", s => s.DeletedAt = clock.GetUtcNow(), ct), ct);

    private async Task<Outcome> SyncAfter(Task<Outcome> change, CancellationToken ct)
    {
        var outcome = await change;
        // After the commit: a recurring job never fires for a row that was rolled back.
        if (outcome.Succeeded && outcome.Id is { } id) await recurring.SyncAsync(id, ct);
        return outcome;
    }

    private async Task<Outcome> ChangeAsync(Viewer viewer, int id, uint version, Func<ReportSubscription, string?> what, Action<ReportSubscription> apply, CancellationToken ct)
    {
        var s = await db.ReportSubscriptions.SingleOrDefaultAsync(x => x.Id == id && x.DeletedAt == null, ct);
        if (s is null || !SubscriptionAccess.CanKeep(viewer, s)) return Outcome.NotFound;
        if (s.Version != version) return await StaleAsync(s, ct);
        // Pausing what is paused (a second click) changes nothing and says so by succeeding.
        if (what(s) is not { } detail) return Outcome.Ok(s.Id);
        apply(s);
        s.UpdatedAt = clock.GetUtcNow();
        s.UpdatedByUserId = viewer.UserId;
        audit.Add(viewer, AuditAction.Changed, AuditRecords.Subscription, s.Id, null, $"{detail}: {s.Name}");
        return await CommitAsync(s, ct);
    }

    private async Task<Outcome> CommitAsync(ReportSubscription s, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return Outcome.Ok(s.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var fresh = await db.ReportSubscriptions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == s.Id, ct);
            return fresh is null ? Outcome.NotFound : await StaleAsync(fresh, ct);
        }
    }

    private async Task<Outcome> StaleAsync(ReportSubscription current, CancellationToken ct)
    {
        var who = current.UpdatedByUserId is { } by ? await db.Users.AsNoTracking().Where(u => u.Id == by).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) : null;
        var when = DepartmentCalendar.ToLocal(current.UpdatedAt).ToString("MMM d 'at' HH:mm", CultureInfo.InvariantCulture);
        return Outcome.Conflict($"{who ?? "Someone else"} changed this subscription ({when}) while you had it open; nothing was saved. Reload to see their changes.");
    }

    private async Task<Outcome> DoSaveAsync(Viewer viewer, int? id, uint version, SubscriptionInput input, CancellationToken ct)
    {
        if (!SubscriptionAccess.CanKeepSubscriptions(viewer)) return Outcome.NotFound;
        ReportSubscription? s = null;
        if (id is { } existing)
        {
            s = await db.ReportSubscriptions.SingleOrDefaultAsync(x => x.Id == existing && x.DeletedAt == null, ct);
            if (s is null || !SubscriptionAccess.CanKeep(viewer, s)) return Outcome.NotFound;
            if (s.Version != version) return await StaleAsync(s, ct);
        }

        var errors = new Dictionary<string, string>();
        var name = TextRules.Required(errors, "Name", input.Name, MaxName, "Name the subscription, e.g. \"Monthly scorecard to leadership\".");
        var subject = TextRules.Required(errors, "Subject", input.Subject, MaxSubject, "Write the e-mail's subject.");
        var message = TextRules.Optional(errors, "Message", input.Message, MaxMessage);

        var kind = kinds.Find(input.ReportKind);
        var unitIds = input.UnitIds.Distinct().Order().ToList();
        if (kind is null) errors["ReportKind"] = "Choose a report from the list.";
        else
        {
            if (UnitsError(viewer, kind, unitIds) is { } unitsError) errors["UnitIds"] = unitsError;
            else if (unitIds.Count > 0 && await db.Units.CountAsync(u => unitIds.Contains(u.Id), ct) != unitIds.Count) errors["UnitIds"] = "Choose units from the list.";
            else if (await UnitPicker.DeactivatedChoiceAsync(db, unitIds, s?.UnitIds ?? [], ct) is { } deactivated) errors["UnitIds"] = deactivated;
            if (!kind.PeriodRules.Contains(input.PeriodRule))
                errors["PeriodRule"] = $"The {kind.Label.ToLowerInvariant()} covers {string.Join(" or ", kind.PeriodRules.Select(r => PeriodRules.Label(r).ToLowerInvariant()))}.";
        }

        // Raw cron is the administrators'; a manager may keep a cron an administrator set, unchanged.
        var cron = input.ScheduleKind == ScheduleKind.Cron ? input.Cron?.Trim() : null;
        if (input.ScheduleKind == ScheduleKind.Cron && !viewer.IsAdministrator && !(s is { ScheduleKind: ScheduleKind.Cron } && s.Cron == cron))
            errors["Cron"] = "Only administrators can write a cron schedule; choose monthly, business day or weekly.";
        var spec = new ScheduleSpec(input.ScheduleKind,
            input.ScheduleKind is ScheduleKind.MonthlyOnDay or ScheduleKind.MonthlyOnBusinessDay ? input.Day : null,
            input.ScheduleKind == ScheduleKind.Weekly ? input.Weekday : null,
            input.ScheduleKind == ScheduleKind.Cron ? new TimeOnly(0, 0) : input.TimeOfDay ?? new TimeOnly(0, 0), cron, input.TimeZone?.Trim() ?? "");
        if (input.TimeOfDay is null && input.ScheduleKind != ScheduleKind.Cron) errors["TimeOfDay"] = "Give the time, e.g. 08:00.";
        if (!errors.ContainsKey("Cron"))
            foreach (var (field, error) in SubscriptionSchedule.TryCreate(spec, await holidays.SetAsync(ct), clock.GetUtcNow()).Errors) errors.TryAdd(field, error);

        var addresses = ParseAddresses(input.Addresses, out var addressError);
        if (addressError is not null) errors["Addresses"] = addressError;
        var roles = input.RecipientRoles.Distinct().ToList();
        if (roles.FirstOrDefault(r => !Roles.All.Contains(r)) is { } badRole) errors["RecipientRoles"] = $"\"{badRole}\" is not a role; tick roles from the list.";
        var leadership = input.LeadershipOfUnitIds.Distinct().Order().ToList();
        if (leadership.Any(u => !viewer.IsAdministrator && !viewer.IsAssigned(u))) errors["LeadershipOfUnitIds"] = "Choose the leadership of units you manage.";
        else if (leadership.Count > 0 && await db.Units.CountAsync(u => leadership.Contains(u.Id), ct) != leadership.Count) errors["LeadershipOfUnitIds"] = "Choose units from the list.";
        else if (await UnitPicker.DeactivatedChoiceAsync(db, leadership, s?.LeadershipOfUnitIds ?? [], ct) is { } deactivatedLeadership) errors["LeadershipOfUnitIds"] = deactivatedLeadership;
        if (addressError is null && addresses.Count == 0 && roles.Count == 0 && leadership.Count == 0)
            errors["Addresses"] = "Add at least one recipient: an address, a role, or a unit's leadership.";
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var now = clock.GetUtcNow();
        var created = s is null;
        if (s is null)
        {
            s = new ReportSubscription { Name = name!, ReportKind = kind!.Key, Subject = subject!, OwnerUserId = viewer.UserId, CreatedAt = now };
            db.ReportSubscriptions.Add(s);
        }
        s.Name = name!;
        s.ReportKind = kind!.Key;
        s.UnitIds = unitIds;
        s.PeriodRule = input.PeriodRule;
        s.ScheduleKind = spec.Kind;
        s.Day = spec.Day;
        s.Weekday = spec.Weekday;
        s.TimeOfDay = spec.TimeOfDay;
        s.Cron = spec.Cron;
        s.TimeZone = spec.TimeZone;
        s.Addresses = addresses;
        s.RecipientRoles = roles;
        s.LeadershipOfUnitIds = leadership;
        // An address that asked to leave and is typed in again by the owner is a deliberate choice: it receives mail again.
        s.Unsubscribed = s.Unsubscribed.Where(a => !addresses.Contains(a)).ToList();
        s.Subject = subject!;
        s.Message = message;
        s.SkipWhenNoApprovedData = input.SkipWhenNoApprovedData;
        s.UpdatedAt = now;
        s.UpdatedByUserId = viewer.UserId;

        // The row and its audit line commit together (the form token's transaction when there is one).
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var saved = await CommitAsync(s, ct);
            if (!saved.Succeeded) return saved;
            audit.Add(viewer, created ? AuditAction.Created : AuditAction.Changed, AuditRecords.Subscription, s.Id, null,
                $"{s.Name}: {kind.Label}, {SubscriptionSchedule.Describe(spec)}, {RecipientsText(s, null)}");
            await db.SaveChangesAsync(ct);
            if (own is not null) await own.CommitAsync(ct);
            return saved;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    private static string? UnitsError(Viewer viewer, IReportKind kind, List<int> unitIds) => kind.Units switch
    {
        UnitChoice.Department when !viewer.IsAdministrator => $"The {kind.Label.ToLowerInvariant()} covers the whole department: administrators keep it.",
        UnitChoice.Department when unitIds.Count > 0 => $"The {kind.Label.ToLowerInvariant()} covers the whole department; choose no units.",
        UnitChoice.OneUnit when unitIds.Count != 1 => $"The {kind.Label.ToLowerInvariant()} covers exactly one unit; choose one.",
        UnitChoice.Units when unitIds.Count == 0 && viewer.IsAdministrator => null,
        _ when unitIds.Any(u => !viewer.IsAdministrator && !viewer.IsAssigned(u)) => "Choose units you manage.",
        _ => null,
    };

    /// <summary>The addresses typed in, trimmed, lower case, without repeats; the error names the first one that is not an address.</summary>
    public static List<string> ParseAddresses(string? text, out string? error)
    {
        error = null;
        var result = new List<string>();
        foreach (var raw in (text ?? "").Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // A full mailbox ("Pat Odum <pat@city.example>") is accepted for its address.
            if (!MailboxAddress.TryParse(raw, out var mailbox) || mailbox.Address is not { } address || !address.Contains('@') || address.StartsWith('@') || address.EndsWith('@')
                || address.Any(char.IsWhiteSpace) || !address[(address.IndexOf('@') + 1)..].Contains('.'))
            {
                error = $"\"{raw}\" is not an e-mail address. Put one address per line (or separate them with commas), e.g. pat.odum@cityutility.example.";
                return [];
            }
            var normal = address.Trim().ToLowerInvariant();
            if (normal.Length > 254) { error = $"\"{raw}\" is too long for an e-mail address."; return []; }
            if (!result.Contains(normal)) result.Add(normal);
        }
        if (result.Count > MaxAddresses) { error = $"At most {MaxAddresses} addresses; for more, use a role or a unit's leadership."; return []; }
        return result;
    }

    public static string UnitsText(ReportSubscription s, IReadOnlyDictionary<int, string> unitNames) =>
        s.UnitIds.Count == 0 ? "All units" : string.Join(", ", s.UnitIds.Select(u => unitNames.GetValueOrDefault(u, $"unit {u}")));

    /// <summary>"2 addresses; Leadership; leadership of Walk-In Unit".</summary>
    public static string RecipientsText(ReportSubscription s, IReadOnlyDictionary<int, string>? unitNames)
    {
        var parts = new List<string>();
        if (s.Addresses.Count == 1) parts.Add(s.Addresses[0]);
        else if (s.Addresses.Count > 1) parts.Add($"{s.Addresses.Count} addresses");
        if (s.RecipientRoles.Count > 0) parts.Add("everyone in " + string.Join(", ", s.RecipientRoles));
        if (s.LeadershipOfUnitIds.Count > 0)
            parts.Add("leadership of " + string.Join(", ", s.LeadershipOfUnitIds.Select(u => unitNames?.GetValueOrDefault(u) ?? $"unit {u}")));
        return parts.Count == 0 ? "nobody" : string.Join("; ", parts);
    }
}
