using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.ShiftReport;

// Inside this namespace "ShiftReport" names the folder, so the stored report goes by another name.
using StoredReport = OpsIntranet.Core.Storm.ShiftReport;

/// <summary>
/// One unit's report for one shift, from a phone: filed by the shift's lead for the unit or the event's managers,
/// corrected with the version it was read at, read by everyone who reads the event (anyone else: 404). Checked
/// like the monthly form: every message next to its field, nothing saved while one is wrong.
/// </summary>
public class IndexModel(ShiftReportService reports, StormEventService events, TimeProvider clock) : RecordPage
{
    public ShiftReportSlot Slot { get; private set; } = default!;
    public string EventName { get; private set; } = "";
    public StormState EventState { get; private set; }
    public DateTimeOffset Now { get; private set; }
    /// <summary>Another filing or correction was saved while this form was open: the stored report is shown beside the entries kept.</summary>
    public bool Conflict { get; private set; }

    [BindProperty] public string? CallsOffered { get; set; }
    [BindProperty] public string? CallsAnswered { get; set; }
    [BindProperty] public string? CallsAbandoned { get; set; }
    [BindProperty] public string? AverageSpeedOfAnswerSeconds { get; set; }
    [BindProperty] public string? OutageReportsTaken { get; set; }
    [BindProperty] public string? CallbacksPending { get; set; }
    [BindProperty] public bool? LobbyOpen { get; set; }
    [BindProperty] public string? StaffingProblems { get; set; }
    [BindProperty] public string? Notes { get; set; }

    public StoredReport? Report => Slot.Report;
    public bool Started => Slot.StartsAt <= Now;
    public string ReportUrl => $"/storm/shifts/{Slot.ShiftId}/units/{Slot.UnitId}/report";

    public async Task<IActionResult> OnGetAsync(int shiftId, int unitId, CancellationToken ct)
    {
        if (!await LoadAsync(shiftId, unitId, ct)) return NotFound();
        if (Report is { } r) Fill(r);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int shiftId, int unitId, CancellationToken ct)
    {
        if (!await LoadAsync(shiftId, unitId, ct)) return NotFound();
        var correcting = PostedVersionOrNull() is not null;
        var input = new ShiftReportInput(CallsOffered, CallsAnswered, CallsAbandoned, AverageSpeedOfAnswerSeconds, OutageReportsTaken, CallbacksPending, LobbyOpen, StaffingProblems, Notes);
        var outcome = await reports.FileAsync(await HttpContext.ViewerAsync(ct), shiftId, unitId, PostedVersionOrNull(), input, ct);
        var done = correcting
            ? $"Your correction of {Slot.UnitName}'s report for the {Slot.ShiftLabel} shift is saved."
            : $"{Slot.UnitName}'s report for the {Slot.ShiftLabel} shift is filed.";
        if (Handle(outcome, _ => ReportUrl, done) is { } answer) return answer;
        if (outcome.Kind == OutcomeKind.Conflict)
        {
            // Read again: the form now carries the stored report's version, and the entries typed stay in the fields.
            await LoadAsync(shiftId, unitId, ct);
            Conflict = Report is not null;
        }
        return Page();
    }

    /// <summary>The version the form was read at: none for a first filing; 0 (never stored) when unreadable.</summary>
    private uint? PostedVersionOrNull() => string.IsNullOrEmpty(Request.Form["Version"]) ? null : PostedVersion();

    private async Task<bool> LoadAsync(int shiftId, int unitId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await reports.SlotAsync(viewer, shiftId, unitId, ct) is not { } slot) return false;
        if (await events.DetailsAsync(viewer, slot.EventId, ct) is not { } details) return false;
        (Slot, EventName, EventState, Now) = (slot, details.Event.Name, details.Event.State, clock.GetUtcNow());
        return true;
    }

    private void Fill(StoredReport r)
    {
        CallsOffered = Number(r.CallsOffered);
        CallsAnswered = Number(r.CallsAnswered);
        CallsAbandoned = Number(r.CallsAbandoned);
        AverageSpeedOfAnswerSeconds = Number(r.AverageSpeedOfAnswerSeconds);
        OutageReportsTaken = Number(r.OutageReportsTaken);
        CallbacksPending = Number(r.CallbacksPending);
        LobbyOpen = r.LobbyOpen;
        StaffingProblems = r.StaffingProblems;
        Notes = r.Notes;
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The abandon rate of the figures in the form, worked out on the server with the report's own rule (the page's
    /// script shows the same while typing); null while either figure is missing or unreadable.
    /// </summary>
    public string? AbandonRateShown()
    {
        static int? Read(string? t) => int.TryParse(t?.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        if (Read(CallsOffered) is not { } offered || Read(CallsAbandoned) is not { } abandoned) return null;
        return RateText(new StoredReport { FiledByName = "", CallsOffered = offered, CallsAbandoned = abandoned }.AbandonRate);
    }

    public static string RateText(decimal? rate) => rate is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "no calls offered";

    /// <summary>"1:35" for a wallboard-minded reader, beside the seconds stored.</summary>
    public static string Asa(int seconds) => $"{seconds} s ({seconds / 60}:{seconds % 60:D2})";

    /// <summary>Why the viewer reads this report without a form, or null when they may file or correct it.</summary>
    public string? ReadOnlyReason =>
        Slot.CanFile ? null
        : EventState == StormState.Closed ? "The event is closed; its shift reports are kept as they were."
        : "The shift's lead for this unit files its report, or the event's managers; you may read it.";

    public string LateText => Report is not null
        ? $"Filed late: more than {(int)ShiftReportService.Grace.TotalHours} hours after the shift ended ({StormTime.Describe(Slot.EndsAt)})."
        : $"Late: the shift ended {StormTime.Describe(Slot.EndsAt)}, and its report was due within {(int)ShiftReportService.Grace.TotalHours} hours.";
}
