using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Evaluations.Packets;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.Profile;

/// <summary>A person's record, as <see cref="PersonFileQuery"/> reads (and audits) it for the signed-in person.</summary>
public class IndexModel(PersonFileQuery files, PacketService packets, OpsIntranet.Core.Reminders.ReminderPreferences reminders) : RecordPage
{
    public PersonFile Record { get; private set; } = default!;
    public Employee Person => Record.Person;
    public bool FullFile => Record.FullFile;
    public string? ReportsTo => Record.ReportsTo;
    public FileAccount? Account => Record.Account;
    public IReadOnlyList<FileEvaluation> Evaluations => Record.Evaluations;
    public IReadOnlyList<PerformanceLogEntry> Log => Record.Log;
    public IReadOnlyList<DisciplinaryAction> Discipline => Record.Discipline;
    public IReadOnlyList<PersonnelRecommendation> Recommendations => Record.Recommendations;
    public IReadOnlyList<AuditEntry> History => Record.History;
    public OpenWork? Open => Record.Open;

    /// <summary>The packets of the person's evaluations in the copy the reader gets.</summary>
    public IReadOnlyList<EvaluationPackets> Packets { get; private set; } = [];

    /// <summary>The person's own reminder settings, on their own record only.</summary>
    public IReadOnlyList<OpsIntranet.Core.Reminders.ReminderChoice>? Reminders { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        var shown = await ShowOrNotFoundAsync(files.LoadAsync(viewer, id, ct: ct), file => Record = file);
        if (shown is PageResult) Packets = await packets.ForPersonAsync(viewer, id, ct);
        if (shown is PageResult && viewer.EmployeeId == id) Reminders = await reminders.ForAsync(viewer.UserId, ct);
        return shown;
    }
}
