using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Goals;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Core.Units;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Core;

/// <summary>
/// The one metric series against a real database, with every expected value worked out by hand below.
/// The fiscal year starts 1 October (DepartmentCalendar): July–September 2026 are FY2026,
/// October 2026 – January 2027 are FY2027.
///
///   Service level (%, higher is better, 1 decimal): FY2026 ≥ 80.0 ± 3.0, FY2027 ≥ 85.0 ± 2.0
///   Average speed of answer (s, lower is better):   no FY2026 target, FY2027 ≤ 60 ± 10
///   Calls offered (count, informational):            no target
///   Old measure (retired):                           an approved value in July 2026 only
///
///   month     submission   service level            speed of answer          calls
///   2026-07   approved     81.0 (FY26: green)       —                        —
///   2026-08   approved     77.0 (80 − 77 = 3 = tolerance: amber, the edge)  —  —
///   2026-09   approved     82.0 (FY26 ≥ 80: green)  50 (no FY26 target: none)
///   2026-10   approved     82.0 (FY27 85 − 82 = 3 > 2: red)  70 (70 − 60 = 10 = tolerance: amber)  1200 (none)
///   2026-11   submitted    90.0 — not approved, so not in the series
///   2026-12   (nothing)    missing month
///   2027-01   approved     86.0 (green)             71 (11 > 10: red)
/// </summary>
public class MetricSeriesTests : IAsyncLifetime
{
    private string _cs = "";
    private int _unitId;

    public async Task InitializeAsync()
    {
        _cs = await TestDatabases.CreateEmptyAsync();
        await using var db = TestDatabases.CreateDbContext(_cs);
        var unit = new Unit { Name = "Series Test Unit", Code = "STU" };
        var serviceLevel = new MetricDefinition { Name = "Service level", Code = "service_level", UnitOfMeasure = UnitOfMeasure.Percent, Direction = MetricDirection.HigherIsBetter, Decimals = 1, SortOrder = 1, IsKey = true };
        serviceLevel.Targets.Add(new MetricTarget { FiscalYear = 2026, Target = 80m, Tolerance = 3m });
        serviceLevel.Targets.Add(new MetricTarget { FiscalYear = 2027, Target = 85m, Tolerance = 2m });
        var asa = new MetricDefinition { Name = "Average speed of answer", Code = "asa", UnitOfMeasure = UnitOfMeasure.Seconds, Direction = MetricDirection.LowerIsBetter, Decimals = 0, SortOrder = 2 };
        asa.Targets.Add(new MetricTarget { FiscalYear = 2027, Target = 60m, Tolerance = 10m });
        var calls = new MetricDefinition { Name = "Calls offered", Code = "calls", UnitOfMeasure = UnitOfMeasure.Count, Direction = MetricDirection.Informational, Decimals = 0, SortOrder = 3 };
        var old = new MetricDefinition { Name = "Old measure", Code = "old", UnitOfMeasure = UnitOfMeasure.Count, Direction = MetricDirection.Informational, Decimals = 0, SortOrder = 4, IsActive = false };
        unit.Metrics.AddRange([serviceLevel, asa, calls, old]);
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        _unitId = unit.Id;

        void Month(DateOnly month, SubmissionStatus status, params (MetricDefinition Metric, decimal? Value)[] values)
        {
            var submission = new MetricSubmission { UnitId = unit.Id, Month = month, Status = status, CreatedAt = TestClock.Now, UpdatedAt = TestClock.Now };
            foreach (var (metric, value) in values) submission.Values.Add(new MetricValue { MetricDefinitionId = metric.Id, Value = value });
            db.MetricSubmissions.Add(submission);
        }
        Month(new(2026, 7, 1), SubmissionStatus.Approved, (serviceLevel, 81.0m), (old, 5m));
        Month(new(2026, 8, 1), SubmissionStatus.Approved, (serviceLevel, 77.0m));
        Month(new(2026, 9, 1), SubmissionStatus.Approved, (serviceLevel, 82.0m), (asa, 50m));
        Month(new(2026, 10, 1), SubmissionStatus.Approved, (serviceLevel, 82.0m), (asa, 70m), (calls, 1200m));
        Month(new(2026, 11, 1), SubmissionStatus.Submitted, (serviceLevel, 90.0m), (asa, 40m));
        Month(new(2027, 1, 1), SubmissionStatus.Approved, (serviceLevel, 86.0m), (asa, 71m));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => TestDatabases.DropAsync(_cs);

    private async Task<IReadOnlyList<MetricSeries>> LoadAsync(MetricSeriesRequest request)
    {
        await using var db = TestDatabases.CreateDbContext(_cs);
        return await new MetricSeriesQuery(db).LoadAsync(request);
    }

    private static readonly DateOnly August = new(2026, 8, 1);
    private static readonly DateOnly January = new(2027, 1, 1);

    [Fact]
    public async Task Series_ApprovedMonthsOnly_WithEachMonthsFiscalYearTargetAndStatus()
    {
        var series = await LoadAsync(new MetricSeriesRequest(August, January) { UnitIds = [_unitId] });

        // The retired metric has no value from August on, so it is left out; the rest in their order.
        Assert.Equal(["service_level", "asa", "calls"], series.Select(s => s.Metric.Code));
        var serviceLevel = series[0];
        Assert.Equal(
            [
                (new DateOnly(2026, 8, 1), 77.0m, 80m, 3m, MetricStatus.Amber),     // exactly at the amber boundary
                (new DateOnly(2026, 9, 1), 82.0m, 80m, 3m, MetricStatus.Green),     // FY2026 target
                (new DateOnly(2026, 10, 1), 82.0m, 85m, 2m, MetricStatus.Red),      // same value, FY2027 target
                (new DateOnly(2027, 1, 1), 86.0m, 85m, 2m, MetricStatus.Green),
            ],
            serviceLevel.Stored.Select(p => (p.Month, p.Value!.Value, p.Target!.Value, p.Tolerance!.Value, p.Status)));

        // November was submitted, not approved: it reads like December, which has no submission at all.
        foreach (var missing in new[] { new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1) })
        {
            var point = serviceLevel.At(missing);
            Assert.Null(point.Value);
            Assert.Equal(85m, point.Target);
            Assert.Equal(2m, point.Tolerance);
            Assert.Equal(MetricStatus.None, point.Status);
            Assert.Null(point.Submission);
        }
        Assert.Equal(6, serviceLevel.Months(August, January).Count);
    }

    [Fact]
    public async Task Series_LowerIsBetter_AndInformational()
    {
        var series = await LoadAsync(new MetricSeriesRequest(August, January) { UnitIds = [_unitId] });

        var asa = series.Single(s => s.Metric.Code == "asa");
        Assert.Equal(
            [
                (new DateOnly(2026, 9, 1), 50m, (decimal?)null, MetricStatus.None),   // no FY2026 target
                (new DateOnly(2026, 10, 1), 70m, 60m, MetricStatus.Amber),            // 10 over = the tolerance
                (new DateOnly(2027, 1, 1), 71m, 60m, MetricStatus.Red),               // 11 over
            ],
            asa.Stored.Select(p => (p.Month, p.Value!.Value, p.Target, p.Status)));
        Assert.Equal("≤ 60 s", asa.Metric.TargetText(asa.Metric.TargetFor(2027)));

        var calls = series.Single(s => s.Metric.Code == "calls");
        var october = calls.At(new DateOnly(2026, 10, 1));
        Assert.Equal(1200m, october.Value);
        Assert.Null(october.Target);
        Assert.Equal(MetricStatus.None, october.Status);
        Assert.Equal("Informational", StatusWords.Label(october.Status, calls.Metric.Direction, october.HasValue, october.Target is not null));
        Assert.Equal("—", calls.Metric.TargetText(null));
    }

    [Fact]
    public async Task Series_RetiredMetric_AppearsForTheMonthsItWasReportedIn_AndThePreviousMonthIsKeptApart()
    {
        var series = await LoadAsync(new MetricSeriesRequest(new DateOnly(2026, 7, 1), new DateOnly(2026, 9, 1)) { UnitIds = [_unitId] });
        Assert.Equal(["service_level", "asa", "calls", "old"], series.Select(s => s.Metric.Code));

        // The month before August is loaded for the comparison, not as a month of the series.
        var withPrevious = await LoadAsync(new MetricSeriesRequest(August, August) { MetricIds = [series[0].Metric.Id], WithPreviousMonth = true });
        var serviceLevel = Assert.Single(withPrevious);
        Assert.Equal([August], serviceLevel.Stored.Select(p => p.Month));
        Assert.Equal(81.0m, serviceLevel.PreviousValue(August));
    }

    [Fact]
    public async Task Series_WithUnapproved_LabelsEachMonthWithItsSubmission()
    {
        var series = await LoadAsync(new MetricSeriesRequest(null, null) { UnitIds = [_unitId], IncludeUnapproved = true, Retired = RetiredMetrics.Exclude });
        var november = series.Single(s => s.Metric.Code == "service_level").At(new DateOnly(2026, 11, 1));
        Assert.Equal(90.0m, november.Value);
        Assert.Equal(SubmissionStatus.Submitted, november.Submission);
        Assert.Equal(MetricStatus.Green, november.Status);   // 90 ≥ 85
    }

    private async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> use) where TService : notnull
    {
        await using var app = new OpsWebFactory(_cs);
        using var scope = app.Services.CreateScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [Fact]
    public async Task Scorecard_ReadsTheSeries_MonthPreviousMonthTargetAndTrend()
    {
        // October with a four-month trend (July–October): the retired metric reported in July belongs to it.
        var card = (await WithServiceAsync<ScorecardService, UnitScorecard?>(s => s.UnitAsync(_unitId, new DateOnly(2026, 10, 1), 4)))!;
        Assert.Equal(
            [
                ("service_level", 82.0m, 82.0m, "≥ 85.0%", "Off target"),
                ("asa", 70m, 50m, "≤ 60 s", "Within tolerance"),
                ("calls", 1200m, (decimal?)null, "—", "Informational"),
                ("old", (decimal?)null, (decimal?)null, "—", "Informational"),
            ],
            card.Metrics.Select(m => (m.Code, m.Value, m.PreviousValue, m.TargetText, m.StatusLabel)));
        Assert.Equal(
            [(81.0m, 80m, MetricStatus.Green), (77.0m, 80m, MetricStatus.Amber), (82.0m, 80m, MetricStatus.Green), (82.0m, 85m, MetricStatus.Red)],
            card.Trends[0].Points.Select(p => (p.Value!.Value, p.Target!.Value, p.Status)));
    }

    [Fact]
    public async Task GoalAttainment_ReadsTheSeries_GoalTargetsOverrideTheMetrics()
    {
        Dictionary<string, int> ids;
        await using (var db = TestDatabases.CreateDbContext(_cs)) ids = db.MetricDefinitions.ToDictionary(m => m.Code, m => m.Id);
        var attainment = await WithServiceAsync<GoalService, Dictionary<int, Attainment>>(s => s.AttainmentAsync(
            [(1, ids["service_level"], null, 2027), (2, ids["service_level"], 84m, 2027), (3, ids["asa"], null, 2026), (4, ids["calls"], 1000m, 2027)]));

        // FY2027's approved months are October (82.0) and January (86.0): 84.0 against the metric's 85.0 …
        Assert.Equal((84.0m, 2, false, 98.8m, "84.0%", "≥ 85.0%"), Row(attainment[1]));
        // … and against the goal's own 84.0, met with no tolerance.
        Assert.Equal((84.0m, 2, true, 100.0m, "84.0%", "≥ 84.0%"), Row(attainment[2]));
        // Speed of answer has no FY2026 target and the goal sets none.
        Assert.False(attainment.ContainsKey(3));
        // An informational metric with a goal target counts more as better: 1,200 against 1,000 is 120 %.
        Assert.Equal((1200m, 1, true, 120.0m, "1,200", "≥ 1,000"), Row(attainment[4]));

        static (decimal, int, bool, decimal, string, string) Row(Attainment a) => (a.Actual, a.Months, a.Met, a.Percent, a.ActualText, a.TargetText);
    }

    [Fact]
    public async Task Evidence_ReadsTheSeries_CountsStatusesAndJudgesTheAverageByTheTargetInForceAtTheEnd()
    {
        var evidence = await WithServiceAsync<EvidenceService, EvaluationEvidence>(s => s.ForAsync(_unitId, August, new DateOnly(2027, 1, 31)));
        // Service level: amber, green, red, green; average (77 + 82 + 82 + 86) / 4 = 81.75, 3.25 under 85: red.
        // Speed of answer: none (no FY2026 target), amber, red; average 191 / 3 = 63.7, 3.7 over 60: amber.
        Assert.Equal(
            [
                ("Service level", 4, 6, "≥ 85.0%", 2, 1, 1, "Off target"),
                ("Average speed of answer", 3, 6, "≤ 60 s", 0, 1, 1, "Within tolerance"),
                ("Calls offered", 1, 6, (string?)null, 0, 0, 0, "No target"),
            ],
            evidence.Metrics.Select(m => (m.Name, m.ApprovedMonths, m.MonthsInPeriod, m.Target, m.Green, m.Amber, m.Red, m.StatusLabel)));
        Assert.Equal("64 s", evidence.Metrics[1].Average);

        // FY2028 has no targets yet: the period is judged by FY2027's, the latest set before it.
        var later = await WithServiceAsync<EvidenceService, EvaluationEvidence>(s => s.ForAsync(_unitId, new DateOnly(2027, 10, 1), new DateOnly(2027, 11, 30)));
        Assert.Equal(["≥ 85.0%", "≤ 60 s", null], later.Metrics.Select(m => m.Target));
        Assert.All(later.Metrics, m => Assert.Equal("No data", m.StatusLabel));
    }
}
