using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages;

/// <summary>
/// The home page, shaped by role: leadership and administrators see the whole department's
/// scorecard, a manager the units they manage, a supervisor their own unit in full.
/// </summary>
public class IndexModel(AppDbContext db, ScorecardService scorecards, SignalService signals, Core.People.InboxService inboxes, Core.Improvement.InitiativeService initiatives) : PageModel
{
    public string? Month { get; set; }
    public MonthSelection Selection { get; private set; } = new(null, [], null);
    public DepartmentScorecard? Department { get; private set; }
    public List<UnitScorecard> OwnUnits { get; } = [];
    public int AwaitingApproval { get; private set; }
    public IReadOnlyList<MetricSignal> Signals { get; private set; } = [];
    /// <summary>The signals as shown: dismissed ones left out, with any initiative already on the metric.</summary>
    public SignalList SignalItems { get; private set; } = new([], null);
    public List<DeliveryRow> RecentDeliveries { get; } = [];
    public string Heading { get; private set; } = "Department scorecard";
    /// <summary>The person supervises a unit: an empty scorecard is "for your unit".</summary>
    public bool IsSupervisor { get; private set; }
    /// <summary>Months of the person's units that are still with them (not started, draft, returned), for supervisors.</summary>
    public IReadOnlyList<Core.People.MonthToDo> ToDo { get; private set; } = [];

    /// <summary>Personnel work waiting on this person: evaluations to write, review or acknowledge, discipline and recommendations to decide.</summary>
    public IReadOnlyList<Core.Evaluations.WaitingItem> Waiting { get; private set; } = [];

    public sealed record DeliveryRow(string Period, string Recipient, DeliveryStatus Status, int Attempts, DateTimeOffset? SentAt, string? Error);

    public async Task OnGetAsync(string? month, CancellationToken ct)
    {
        Month = month;
        var scope = await HttpContext.ViewerAsync(ct);
        Selection = await MonthSelection.ResolveAsync(db, scope, month, ct);
        var supervisorOnly = !scope.AllUnits && !scope.IsManager;
        IsSupervisor = scope.IsSupervisor;

        if (Selection.Selected is { } selected)
        {
            Signals = await signals.ForMonthAsync(scope, selected, ct: ct);
            SignalItems = new SignalList(await initiatives.AnnotateAsync(Signals, ct), scope);
            if (supervisorOnly)
            {
                Heading = scope.UnitIds.Count == 1 ? "Your unit" : "Your units";
                foreach (var unitId in scope.UnitIds.Order())
                    if (await scorecards.UnitAsync(unitId, selected, trendMonths: 1, ct) is { } card) OwnUnits.Add(card);
            }
            else
            {
                Heading = scope.AllUnits ? "Department scorecard" : "Your units' scorecard";
                Department = await scorecards.DepartmentAsync(selected, scope, keyMetricsOnly: true, ct);
            }
        }

        var inbox = await inboxes.HomeAsync(scope, ct);
        (Waiting, ToDo, AwaitingApproval) = (inbox.Waiting, inbox.ToDo, inbox.AwaitingApproval);

        if (scope.IsAdministrator)
        {
            RecentDeliveries.AddRange(await db.ReportDeliveries.AsNoTracking()
                .OrderByDescending(d => d.Id).Take(10)
                .Select(d => new DeliveryRow(d.ReportRun!.Period, d.Recipient, d.Status, d.Attempts, d.SentAt, d.LastError))
                .ToListAsync(ct));
        }
    }
}
