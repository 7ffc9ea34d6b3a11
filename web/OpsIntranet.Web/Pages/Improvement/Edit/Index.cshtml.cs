using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Improvement.Edit;

/// <summary>
/// Starts an initiative (/initiatives/new, pre-filled from a trend signal when one is named) or edits
/// one. Managers of its units only.
/// </summary>
public class IndexModel(AppDbContext db, InitiativeService initiatives, TimeProvider clock) : RecordPage
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? ProblemStatement { get; set; }
    [BindProperty] public List<int> UnitIds { get; set; } = [];
    [BindProperty] public int? MetricDefinitionId { get; set; }
    [BindProperty] public string? BaselineFrom { get; set; }
    [BindProperty] public string? BaselineTo { get; set; }
    [BindProperty] public string? Target { get; set; }
    [BindProperty] public int? OwnerEmployeeId { get; set; }
    [BindProperty] public DateOnly? StartDate { get; set; }
    [BindProperty] public DateOnly? DueDate { get; set; }
    [BindProperty] public InitiativeStage Stage { get; set; }
    [BindProperty] public InitiativeStatus Status { get; set; }
    [BindProperty] public SignalKind? SignalKind { get; set; }
    [BindProperty] public string? SignalMonth { get; set; }
    public int? InitiativeId { get; private set; }
    public uint Version { get; private set; }
    public List<(int Id, string Name)> Units { get; } = [];
    public List<(int Id, string Name, string Unit)> Metrics { get; } = [];
    public List<(int Id, string Name)> People { get; } = [];

    public async Task<IActionResult> OnGetAsync(int? id, int? metric, SignalKind? kind, string? month, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (id is { } existing)
        {
            if (await initiatives.ForEditAsync(viewer, existing, ct) is not { } i) return NotFound();
            (InitiativeId, Version, Title, ProblemStatement, UnitIds, MetricDefinitionId, Target, OwnerEmployeeId, StartDate, DueDate, Stage, Status) =
                (i.Id, i.Version, i.Title, i.ProblemStatement, i.Units.Select(u => u.UnitId).ToList(), i.MetricDefinitionId, i.Target is { } t ? MetricFormatting.Plain(t) : null,
                 i.OwnerEmployeeId, i.StartDate, i.DueDate, i.Stage, i.Status);
            (BaselineFrom, BaselineTo) = (i.BaselineFrom is { } f ? DepartmentCalendar.MonthKey(f) : null, i.BaselineTo is { } b ? DepartmentCalendar.MonthKey(b) : null);
        }
        else
        {
            if (!InitiativeService.StepsForBoard(viewer).CanCreate) return NotFound();
            var today = DepartmentCalendar.Today(clock);
            (StartDate, DueDate, Stage, Status) = (today, today.AddMonths(4), InitiativeStage.Plan, InitiativeStatus.Active);
            if (metric is { } m && kind is { } k && DepartmentCalendar.TryParseMonthKey(month, out var signalMonth))
            {
                // From a signal: everything the signal knows is filled in; the manager reviews and saves.
                if (await initiatives.FromSignalAsync(viewer, m, k, signalMonth, ct) is not { } from) return NotFound();
                if (await initiatives.UnderWayAsync(m, ct) is { } underWay)
                {
                    Message = $"“{underWay.Title}” is already working on this metric.";
                    return Redirect($"/initiatives/{underWay.Id}");
                }
                (Title, ProblemStatement, UnitIds, MetricDefinitionId, BaselineFrom, BaselineTo, Target, OwnerEmployeeId, StartDate, DueDate) =
                    (from.Title, from.ProblemStatement, from.UnitIds.ToList(), from.MetricDefinitionId, from.BaselineFrom, from.BaselineTo, from.Target, from.OwnerEmployeeId, from.StartDate, from.DueDate);
                (SignalKind, SignalMonth) = (k, DepartmentCalendar.MonthKey(signalMonth));
            }
        }
        await LoadListsAsync(viewer, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        DateOnly? signalMonth = DepartmentCalendar.TryParseMonthKey(SignalMonth, out var sm) ? sm : null;
        var outcome = await initiatives.SaveAsync(viewer, id, PostedVersion(), new InitiativeInput(Title, ProblemStatement, UnitIds, MetricDefinitionId, BaselineFrom, BaselineTo,
            Target, OwnerEmployeeId, StartDate, DueDate, Stage, Status, id is null ? SignalKind : null, id is null ? signalMonth : null), ct);
        if (Handle(outcome, i => $"/initiatives/{i}", id is null ? "Initiative started." : "Saved.") is { } done) return done;
        InitiativeId = id;
        Version = PostedVersion();
        await LoadListsAsync(viewer, ct);
        return Page();
    }

    private async Task LoadListsAsync(Viewer viewer, CancellationToken ct)
    {
        Units.AddRange(await initiatives.UnitChoicesAsync(viewer, UnitIds, ct));
        var unitIds = Units.Select(u => u.Id).ToList();
        Metrics.AddRange((await db.MetricDefinitions.AsNoTracking().Where(m => unitIds.Contains(m.UnitId) && (m.IsActive || m.Id == MetricDefinitionId))
            .OrderBy(m => m.Unit!.SortOrder).ThenBy(m => m.SortOrder).Select(m => new { m.Id, m.Name, Unit = m.Unit!.Name }).ToListAsync(ct)).Select(m => (m.Id, m.Name, m.Unit)));
        var current = InitiativeId is { } id ? await db.Initiatives.Where(i => i.Id == id).Select(i => i.OwnerEmployeeId).SingleOrDefaultAsync(ct) : null;
        People.AddRange(await initiatives.OwnerChoicesAsync(viewer, UnitIds, current, ct));
    }
}
