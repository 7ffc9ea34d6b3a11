using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.People;
using OpsIntranet.Core.Storm;
using OpsIntranet.Templates.Documents.AfterActionReport;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.AfterAction;

/// <summary>
/// "After-action review" of a storm event: what went well, what to improve, and improvement items with owners; each
/// item becomes an initiative in one click ("Make initiative"; a second click opens the same one). Readers of the event
/// read it; its managers write it once the event is in recovery or closed. "Download after-action report (PDF)" prints
/// it with the event's summary and the shift-report figures per unit. <see cref="AfterActionService"/> decides and checks.
/// </summary>
public class IndexModel(AfterActionService reviews, StormEventService events, ShiftReportService reports, AppDbContext db, DocumentRenderer renderer, TimeProvider clock) : RecordPage
{
    /// <summary>Spare rows offered under the items, for new ones.</summary>
    public const int SpareRows = 2;

    public int EventId { get; private set; }
    public AfterActionView Review { get; private set; } = default!;
    public StormEventDetails Details { get; private set; } = default!;
    public List<(int Id, string Name)> People { get; } = [];

    [BindProperty] public string? WentWell { get; set; }
    [BindProperty] public string? ToImprove { get; set; }
    [BindProperty] public List<ItemRow> Items { get; set; } = [];

    public string PageUrl => $"/storm/{EventId}/after-action";

    public async Task<IActionResult> OnGetAsync(int eventId, CancellationToken ct)
    {
        if (!await LoadAsync(await HttpContext.ViewerAsync(ct), eventId, ct)) return NotFound();
        FillFromReview();
        return Page();
    }

    /// <summary>Saves the review and its items in one go (a new review posts no version); nothing is saved while one field is wrong.</summary>
    public async Task<IActionResult> OnPostAsync(int eventId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!await LoadAsync(viewer, eventId, ct)) return NotFound();
        var version = string.IsNullOrEmpty(Request.Form["Version"]) ? (uint?)null : PostedVersion();
        var (items, postedIndex) = ReviewForm.Items(Items);
        var outcome = await reviews.SaveAsync(viewer, eventId, version, WentWell, ToImprove, items, ct);
        if (Handle(outcome, _ => PageUrl, "After-action review saved.") is { } done) return done;
        Errors = ReviewForm.ErrorsOnRows(outcome.Errors, postedIndex);
        // Shown again as typed, with the messages next to the rows they belong to.
        return Page();
    }

    /// <summary>"Make initiative": made once, opened every time after (the item keeps the link).</summary>
    public async Task<IActionResult> OnPostMakeInitiativeAsync(int eventId, int? itemId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!await LoadAsync(viewer, eventId, ct) || itemId is not { } id || Review.Items.All(i => i.Id != id)) return NotFound();
        var outcome = await reviews.MakeInitiativeAsync(viewer, id, ct);
        if (Handle(outcome, initiative => $"/initiatives/{initiative}", "Initiative made from the after-action item; it links back to the event.") is { } done) return done;
        if (outcome.Errors.Count > 0) Error = $"{outcome.Message} {string.Join(" ", outcome.Errors.Values)}";
        Errors = new Dictionary<string, string>();
        FillFromReview();
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(int eventId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!await LoadAsync(viewer, eventId, ct) || await reports.SlotsAsync(viewer, eventId, ct) is not { } slots) return NotFound();
        var model = AfterActionReportModel.From(Details, Review, slots, $"{Request.Scheme}://{Request.Host}", DepartmentCalendar.ToLocal(clock.GetUtcNow()));
        var pdf = await renderer.RenderPdfAsync<AfterActionReportDocument>(model, model.PdfOptions, ct);
        return File(pdf, "application/pdf", model.FileName);
    }

    private void FillFromReview()
    {
        WentWell = Review.Review?.WentWell;
        ToImprove = Review.Review?.ToImprove;
        Items = Review.Items.Select(i => new ItemRow { Id = i.Id, Description = i.Description, OwnerEmployeeId = i.OwnerEmployeeId }).ToList();
    }

    /// <summary>The rows the form shows: the saved or posted ones, and spare rows for new items.</summary>
    public IReadOnlyList<ItemRow> FormRows()
    {
        var rows = Items.ToList();
        var spare = Math.Max(0, SpareRows - rows.Count(r => r.IsBlank));
        for (var i = 0; i < spare && rows.Count < AfterActionService.MaxItems; i++) rows.Add(new ItemRow());
        return rows;
    }

    /// <summary>The item's saved view, for its initiative link (null for a row not saved yet).</summary>
    public AfterActionItemView? Saved(int? id) => id is { } x ? Review.Items.FirstOrDefault(i => i.Id == x) : null;

    private async Task<bool> LoadAsync(Viewer viewer, int eventId, CancellationToken ct)
    {
        EventId = eventId;
        if (await reviews.ReviewAsync(viewer, eventId, ct) is not { } review || await events.DetailsAsync(viewer, eventId, ct) is not { } details) return false;
        (Review, Details) = (review, details);
        if (review.CanWrite)
        {
            // Owners: the people of the event's units (an initiative's owner must be one), and anyone already owning an item.
            var units = details.Units.Select(u => u.Id).ToList();
            var owners = review.Items.Select(i => i.OwnerEmployeeId).ToList();
            People.AddRange((await UnitPeople.In(db, units).Union(db.Employees.Where(e => owners.Contains(e.Id)))
                .OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
                .Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName + " — " + e.Position }).ToListAsync(ct)).Select(p => (p.Id, p.Name)));
        }
        return true;
    }
}
