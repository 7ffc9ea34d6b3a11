using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Storm;
using OpsIntranet.Templates.Documents.StormLaborSummary;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.Hours;

/// <summary>
/// "Hours" of a storm event: per person and Eastern day, start to end, regular and overtime, and the totals; record
/// them from the shifts, correct, add or delete a row, sign the labor summary off; the payroll CSV and the labor
/// summary PDF. Hours are payroll records: the event's managers and administrators keep them, leadership reads them,
/// everyone else gets 404. <see cref="StormHoursService"/> decides and checks; the page reads the form and says what happened.
/// </summary>
public class IndexModel(StormHoursService hours, StormEventService events, AppDbContext db, DocumentRenderer renderer, TimeProvider clock) : RecordPage
{
    public int EventId { get; private set; }
    public LaborSummary Summary { get; private set; } = default!;
    public StormEventDetails Details { get; private set; } = default!;
    public List<(int Id, string Name)> People { get; } = [];

    /// <summary>The row whose correction or deletion was refused, so its form opens again with the messages.</summary>
    public int? FailedRowId { get; private set; }
    /// <summary>Which form the errors belong to: "Correct", "Add" or "Delete".</summary>
    public string? FailedForm { get; private set; }

    /// <summary>What recording answers when every worked shift is already recorded (nothing changed, the sign-off stands).</summary>
    private const string NothingNew = "No new hours to record.";

    public string PageUrl => $"/storm/{EventId}/hours";

    public async Task<IActionResult> OnGetAsync(int eventId, CancellationToken ct) =>
        await LoadAsync(await HttpContext.ViewerAsync(ct), eventId, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostRecordAsync(int eventId, CancellationToken ct) =>
        RunAsync(eventId, null, v => hours.RecordFromShiftsAsync(v, eventId, ct), "Hours recorded.", ct);

    public Task<IActionResult> OnPostCorrectAsync(int eventId, int? hoursId, string? date, string? start, string? end, string? overtime, string? note, CancellationToken ct)
    {
        FailedForm = "Correct";
        FailedRowId = hoursId;
        var read = new HoursForm(date, start, end, overtime, note).Check();
        return RunAsync(eventId, read.Errors, v => hours.CorrectAsync(v, hoursId ?? 0, PostedVersion(), read.StartsAt, read.EndsAt, read.Overtime, note, ct), "Hours corrected.", ct, rowId: hoursId ?? 0);
    }

    public Task<IActionResult> OnPostAddAsync(int eventId, int? employeeId, string? date, string? start, string? end, string? overtime, string? note, CancellationToken ct)
    {
        FailedForm = "Add";
        var read = new HoursForm(date, start, end, overtime, note).Check();
        if (employeeId is null) read.Errors["EmployeeId"] = "Choose the person who worked these hours.";
        return RunAsync(eventId, read.Errors, v => hours.AddAsync(v, eventId, employeeId ?? 0, read.StartsAt, read.EndsAt, read.Overtime, note, ct), "Hours added.", ct);
    }

    public Task<IActionResult> OnPostDeleteAsync(int eventId, int? hoursId, CancellationToken ct)
    {
        FailedForm = "Delete";
        FailedRowId = hoursId;
        // Nothing is deleted without the ticked box; a reader's post gets the service's answer.
        return RunAsync(eventId, null, async v =>
        {
            if (Request.Form["Confirm"] != "true" && Summary.CanChange)
                return Outcome.Invalid(new Dictionary<string, string> { ["Confirm"] = "Tick the box to confirm that this row should be deleted." }) with { Message = "Nothing was deleted." };
            return await hours.DeleteAsync(v, hoursId ?? 0, PostedVersion(), ct);
        }, "Row deleted.", ct, rowId: hoursId ?? 0);
    }

    public Task<IActionResult> OnPostSignOffAsync(int eventId, CancellationToken ct) =>
        RunAsync(eventId, null, v => hours.SignOffAsync(v, eventId, PostedVersion(), ct), "Labor summary signed off.", ct, changesHours: false);

    public async Task<IActionResult> OnGetCsvAsync(int eventId, CancellationToken ct)
    {
        if (await hours.LaborSummaryAsync(await HttpContext.ViewerAsync(ct), eventId, ct) is not { } summary) return NotFound();
        return File(LaborCsv.Build(summary), "text/csv; charset=utf-8", LaborCsv.FileName(summary));
    }

    public async Task<IActionResult> OnGetPdfAsync(int eventId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await hours.LaborSummaryAsync(viewer, eventId, ct) is not { } summary || await events.DetailsAsync(viewer, eventId, ct) is not { } details) return NotFound();
        var model = StormLaborSummaryModel.From(summary, details.Units.Select(u => u.Name).ToList(), details.Event.StartsAt, DepartmentCalendar.ToLocal(clock.GetUtcNow()));
        var pdf = await renderer.RenderPdfAsync<StormLaborSummaryDocument>(model, model.PdfOptions, ct);
        return File(pdf, "application/pdf", model.FileName);
    }

    /// <summary>
    /// Loads the hours (404 for anyone who may not read them, or for a row not in them, before anything is tried), then runs the command unless
    /// the form could not be read. A change that clears a sign-off says so, so nobody believes the summary still signed.
    /// </summary>
    private async Task<IActionResult> RunAsync(int eventId, Dictionary<string, string>? formErrors, Func<Viewer, Task<Outcome>> command, string message, CancellationToken ct, bool changesHours = true, int? rowId = null)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        // A row of another event, or none, is not found here, whatever else the form says.
        if (!await LoadAsync(viewer, eventId, ct) || rowId is { } row && Summary.Rows.All(r => r.Id != row)) return NotFound();
        var wasSigned = Summary.SignedOff;
        var outcome = formErrors is { Count: > 0 } && Summary.CanChange ? Outcome.Invalid(formErrors) : await command(viewer);
        if (outcome.Succeeded && changesHours && wasSigned is not null && outcome.Message != NothingNew)
            outcome = outcome with { Message = $"{outcome.Message ?? message} The sign-off by {wasSigned.ByName} no longer holds: check the hours and sign the summary off again." };
        if (Handle(outcome, _ => PageUrl, message) is { } done) return done;
        // Shown again with the messages: the hours as they stand now.
        await LoadAsync(viewer, eventId, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(Viewer viewer, int eventId, CancellationToken ct)
    {
        EventId = eventId;
        if (await hours.LaborSummaryAsync(viewer, eventId, ct) is not { } summary || await events.DetailsAsync(viewer, eventId, ct) is not { } details) return false;
        (Summary, Details) = (summary, details);
        if (summary.CanChange && People.Count == 0)
        {
            var units = details.Units.Select(u => u.Id).ToList();
            People.AddRange((await Core.People.UnitPeople.In(db, units).OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
                .Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName + " — " + e.Position }).ToListAsync(ct)).Select(p => (p.Id, p.Name)));
        }
        return true;
    }

    public static string Hours(decimal h) => StormLaborSummaryModel.Hours(h);

    public static string Time(DateTimeOffset start, DateTimeOffset end, bool isEnd)
    {
        var s = StormTime.ToEastern(start);
        var e = StormTime.ToEastern(end);
        if (!isEnd) return s.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return e.TimeOfDay == TimeSpan.Zero && e.Date > s.Date ? "24:00" : e.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A row's correction form: what was just typed when its correction was refused, the stored row otherwise.</summary>
    public HoursForm FormFor(LaborRow row) => FailedForm == "Correct" && FailedRowId == row.Id ? Posted() : HoursForm.Of(row);

    /// <summary>The add form: what was just typed when adding was refused, empty otherwise.</summary>
    public HoursForm AddForm() => FailedForm == "Add" ? Posted() : new HoursForm(null, null, null, null, null);

    private HoursForm Posted() => new(Request.Form["date"], Request.Form["start"], Request.Form["end"], Request.Form["overtime"], Request.Form["note"]);
}
