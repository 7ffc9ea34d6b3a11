using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
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
public class IndexModel(AppDbContext db, ScorecardService scorecards, SignalService signals, Core.People.InboxService inboxes, Core.Improvement.InitiativeService initiatives,
    PageCache pages, TimeProvider clock) : PageModel
{
    /// <summary>The scorecards, signals and month picker: the same for every viewer with the same roles and units.</summary>
    public static readonly CachedRead DashboardRead = new("dashboard", [.. ScorecardService.DepartmentRead.DependsOn, .. SignalService.SignalsRead.DependsOn,
        typeof(Core.Improvement.SignalDismissal), typeof(Core.Improvement.Initiative)]);

    /// <summary>What waits on the person: evaluations, actions, discipline, recommendations, months of their units.</summary>
    public static readonly CachedRead InboxRead = new("home-inbox", typeof(Core.Evaluations.Evaluation), typeof(Core.Evaluations.EvaluationCycle), typeof(Core.People.Employee),
        typeof(Core.Improvement.InitiativeAction), typeof(Core.Improvement.Initiative), typeof(Core.People.DisciplinaryAction), typeof(Core.People.PersonnelRecommendation),
        typeof(MetricSubmission), typeof(Core.Units.Unit), typeof(Core.Calendar.CityHoliday));

    /// <summary>The page's heading and scorecards, kept per data version and scope.</summary>
    public CachedPage Cached { get; private set; } = default!;

    /// <summary>The person's inbox, kept per data version, person and day (lateness moves with the date).</summary>
    public CachedPage CachedInbox { get; private set; } = default!;

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

    private async Task LoadScorecardsAsync(Viewer scope, string? month, CancellationToken ct)
    {
        Selection = await MonthSelection.ResolveAsync(db, scope, month, ct);
        var supervisorOnly = !scope.AllUnits && !scope.IsManager;
        IsSupervisor = scope.IsSupervisor;
        if (Selection.Selected is not { } selected) return;
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

    public sealed record DeliveryRow(string Period, string Recipient, DeliveryStatus Status, int Attempts, DateTimeOffset? SentAt, string? Error);

    public async Task OnGetAsync(string? month, CancellationToken ct)
    {
        Month = month;
        var scope = await HttpContext.ViewerAsync(ct);
        var version = await pages.VersionAsync(ct);
        Cached = await pages.LookupAsync(version, DashboardRead, $"{month}|{scope.ScopeKey}", ct, "head", "body");
        CachedInbox = await pages.LookupAsync(version, InboxRead, $"{scope.UserId}|{scope.EmployeeId}|{scope.ScopeKey}|{DepartmentCalendar.Today(clock)}", ct, "inbox");
        if (!Cached.IsHit) await Cached.LoadAsync(() => LoadScorecardsAsync(scope, month, ct));
        if (!CachedInbox.IsHit)
            await CachedInbox.LoadAsync(async () =>
            {
                var inbox = await inboxes.HomeAsync(scope, ct);
                (Waiting, ToDo, AwaitingApproval) = (inbox.Waiting, inbox.ToDo, inbox.AwaitingApproval);
            });
        if (scope.IsAdministrator)
        {
            RecentDeliveries.AddRange(await db.ReportDeliveries.AsNoTracking()
                .OrderByDescending(d => d.Id).Take(10)
                .Select(d => new DeliveryRow(d.ReportRun!.Period, d.Recipient, d.Status, d.Attempts, d.SentAt, d.LastError))
                .ToListAsync(ct));
        }
    }
}
