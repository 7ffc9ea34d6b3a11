using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Improvement;

namespace OpsIntranet.Core.Storm;

/// <summary>An improvement item as typed: Id for one already saved, null for a new one.</summary>
public sealed record AfterActionItemInput(int? Id, string? Description, int? OwnerEmployeeId);

public sealed record AfterActionItemView(int Id, string Description, int OwnerEmployeeId, string OwnerName, int? InitiativeId, string? InitiativeTitle,
    InitiativeStage? InitiativeStage = null, InitiativeStatus? InitiativeStatus = null);

/// <summary>The review of an event (null <see cref="Review"/> until written) with its items and what the viewer may do.</summary>
public sealed record AfterActionView(int EventId, string EventName, StormState State, AfterActionReview? Review, IReadOnlyList<AfterActionItemView> Items, bool CanWrite, bool CanMakeInitiatives);

/// <summary>Where an initiative came from, for its page: the event and the after-action item.</summary>
public sealed record AfterActionSource(int EventId, string EventName, int ItemId, string ItemDescription);

/// <summary>
/// The after-action review written when the event winds down (recovery or closed): what went well, what to improve,
/// and improvement items each with an owner. An item becomes a continuous-improvement initiative in one call, through
/// <see cref="InitiativeService"/> with its rules; the item keeps the link, so asking twice gives the same initiative.
/// </summary>
public class AfterActionService(AppDbContext db, InitiativeService initiatives, TimeProvider clock)
{
    public const int MaxText = 4000;
    public const int MaxItem = InitiativeService.MaxTitle;
    public const int MaxItems = 30;

    public async Task<AfterActionView?> ReviewAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is not { } scope) return null;
        var review = await db.AfterActionReviews.AsNoTracking().SingleOrDefaultAsync(r => r.EventId == eventId, ct);
        var items = review is null ? [] : await db.AfterActionItems.AsNoTracking().Where(i => i.ReviewId == review.Id).OrderBy(i => i.Id)
            .Select(i => new AfterActionItemView(i.Id, i.Description, i.OwnerEmployeeId, i.Owner!.FirstName + " " + i.Owner.LastName, i.InitiativeId, i.Initiative == null ? null : i.Initiative.Title,
                i.Initiative == null ? null : i.Initiative.Stage, i.Initiative == null ? null : i.Initiative.Status))
            .ToListAsync(ct);
        return new AfterActionView(eventId, scope.Event.Name, scope.Event.State, review, items, scope.Steps.CanWriteAfterAction, scope.Steps.CanWriteAfterAction && viewer.CanCreate);
    }

    /// <summary>Writes or corrects the review and its items in one save. Items already turned into initiatives stay (their text may be corrected).</summary>
    public async Task<Outcome> SaveAsync(Viewer viewer, int eventId, uint? version, string? wentWell, string? toImprove, IReadOnlyList<AfterActionItemInput> items, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is not { } scope) return Outcome.NotFound;
        if (!scope.Steps.CanWriteAfterAction)
            return Outcome.Conflict(scope.CanChange ? "The after-action review is written once the event is in recovery or closed." : "The managers of the event's units write its after-action review.");
        var review = await db.AfterActionReviews.Include(r => r.Items).SingleOrDefaultAsync(r => r.EventId == eventId, ct);
        if (review is null && version is not null || review is not null && review.Version != version) return Outcome.Stale;
        var errors = new Dictionary<string, string>();
        var well = TextRules.Required(errors, "WentWell", wentWell, MaxText, "Say what went well.");
        var improve = TextRules.Required(errors, "ToImprove", toImprove, MaxText, "Say what to improve.");
        if (items.Count > MaxItems) errors["Items"] = $"Keep to {MaxItems} improvement items; group smaller ones.";
        var owners = items.Select(i => i.OwnerEmployeeId).OfType<int>().Distinct().ToList();
        var active = (await db.Employees.Where(e => owners.Contains(e.Id) && e.IsActive).Select(e => e.Id).ToListAsync(ct)).ToHashSet();
        for (var i = 0; i < items.Count; i++)
        {
            TextRules.Required(errors, $"Items[{i}].Description", items[i].Description, MaxItem, "Describe the improvement.");
            if (items[i].OwnerEmployeeId is not { } owner || !active.Contains(owner)) errors[$"Items[{i}].OwnerEmployeeId"] = "Choose an active employee as the owner.";
            if (items[i].Id is { } id && review?.Items.Any(x => x.Id == id) != true) errors[$"Items[{i}].Description"] = "This item is no longer on the review; reload the page.";
        }
        var kept = items.Select(i => i.Id).OfType<int>().ToHashSet();
        if (review?.Items.FirstOrDefault(x => x.InitiativeId is not null && !kept.Contains(x.Id)) is { } linked)
            errors["Items"] = $"“{linked.Description}” is already an initiative; it stays on the review.";
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var now = clock.GetUtcNow();
        if (review is null)
        {
            review = new AfterActionReview { EventId = eventId, WentWell = well!, ToImprove = improve!, UpdatedByName = viewer.Actor.Name };
            db.AfterActionReviews.Add(review);
        }
        review.WentWell = well!;
        review.ToImprove = improve!;
        review.UpdatedAt = now;
        review.UpdatedByName = viewer.Actor.Name;
        review.Items.RemoveAll(x => !kept.Contains(x.Id));
        foreach (var input in items)
        {
            var item = input.Id is { } id ? review.Items.Single(x => x.Id == id) : null;
            if (item is null) review.Items.Add(item = new AfterActionItem { Description = "" });
            item.Description = TextRules.Clean(input.Description)!;
            item.OwnerEmployeeId = input.OwnerEmployeeId!.Value;
        }
        return await db.SaveOutcomeAsync(() => review.Id, ct, Outcome.Conflict("Someone else started this review a moment ago; reload to see it."));
    }

    /// <summary>
    /// Turns an item into an initiative of the event's units (those the viewer manages), owned by the item's owner,
    /// linked back through the item. Idempotent: the item's row is locked while it happens, and an item already turned
    /// into an initiative answers with that initiative's id.
    /// </summary>
    public async Task<Outcome> MakeInitiativeAsync(Viewer viewer, int itemId, CancellationToken ct = default)
    {
        var eventId = await db.AfterActionItems.Where(i => i.Id == itemId).Select(i => (int?)i.Review!.EventId).SingleOrDefaultAsync(ct);
        if (eventId is null || await StormScope.LoadAsync(db, viewer, eventId.Value, track: false, ct) is not { } scope) return Outcome.NotFound;
        if (!scope.Steps.CanWriteAfterAction || !viewer.CanCreate) return Outcome.Conflict("The managers of the event's units turn its improvement items into initiatives.");
        var units = viewer.IsAdministrator ? scope.UnitIds.ToList() : scope.UnitIds.Where(viewer.IsAssigned).ToList();
        return await db.InTransactionAsync(async () =>
        {
            // Two clicks at once: the second waits here, then finds the first one's initiative.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM after_action_items WHERE id = {itemId} FOR UPDATE", ct);
            var item = await db.AfterActionItems.AsNoTracking().SingleAsync(i => i.Id == itemId, ct);
            if (item.InitiativeId is { } existing)
                return new Outcome(OutcomeKind.Ok, existing, new Dictionary<string, string>(), "This item is already an initiative.");
            var today = DepartmentCalendar.Today(clock);
            var start = DateOnly.FromDateTime(StormTime.ToEastern(scope.Event.StartsAt));
            var input = new InitiativeInput(item.Description,
                $"From the after-action review of {scope.Event.Name} ({StormTime.Label(scope.Event.Kind).ToLowerInvariant()}, {start:MMM d, yyyy}): {item.Description}",
                units, null, null, null, null, item.OwnerEmployeeId, today, today.AddMonths(3), InitiativeStage.Plan, InitiativeStatus.Active);
            var made = await initiatives.SaveAsync(viewer, null, 0, input, ct);
            if (!made.Succeeded)
            {
                db.ChangeTracker.Clear();
                // The initiative's own rules (e.g. an owner outside the units) come back under the item's fields.
                return made.Kind == OutcomeKind.Invalid
                    ? Outcome.Invalid(made.Errors.ToDictionary(e => e.Key == "OwnerEmployeeId" ? "OwnerEmployeeId" : "Initiative", e => e.Value))
                    : made;
            }
            await db.AfterActionItems.Where(i => i.Id == itemId).ExecuteUpdateAsync(s => s.SetProperty(i => i.InitiativeId, made.Id), ct);
            return made;
        }, ct);
    }

    /// <summary>The after-action item (and event) an initiative came from, when the viewer may read that event.</summary>
    public async Task<AfterActionSource?> SourceOfInitiativeAsync(Viewer viewer, int initiativeId, CancellationToken ct = default)
    {
        var row = await db.AfterActionItems.AsNoTracking().Where(i => i.InitiativeId == initiativeId)
            .Select(i => new { i.Id, i.Description, i.Review!.EventId }).SingleOrDefaultAsync(ct);
        if (row is null || await StormScope.LoadAsync(db, viewer, row.EventId, track: false, ct) is not { } scope) return null;
        return new AfterActionSource(row.EventId, scope.Event.Name, row.Id, row.Description);
    }
}
