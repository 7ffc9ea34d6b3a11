using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Scorecards;

namespace OpsIntranet.Templates.Documents.EvaluationPacket;

/// <summary>
/// A realistic approved and acknowledged annual evaluation as its snapshot, written by hand (no database), for the
/// packet's tests, its benchmark and anyone who wants to see the document: a contact-center supervisor's year with
/// six competencies, the unit's metrics and trends, goals, a performance log with entries kept in the file only,
/// one disciplinary action with a grievance and one kept in the file only, and the full history of steps.
/// </summary>
public static class EvaluationPacketSamples
{
    public static readonly DateOnly PeriodStart = new(2025, 10, 1);
    public static readonly DateOnly PeriodEnd = new(2026, 9, 30);
    private static readonly DateTimeOffset Approved = new(2026, 10, 20, 18, 42, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Acknowledged = new(2026, 10, 23, 14, 5, 0, TimeSpan.Zero);

    public static PacketStamp Stamp(int version = 1) => new(version, null, false);

    public static PacketStamp DraftStamp => new(null, null, true);

    public static EvaluationSnapshot Snapshot(int logEntries = 6)
    {
        var evaluator = new SnapshotPerson(12, "Maria Alvarez");
        var reviewer = new SnapshotPerson(3, "Patricia Odum");
        var employee = new SnapshotPerson(41, "Dana Reyes");
        var ratings = new List<SnapshotRating>
        {
            Rating("Job knowledge", "Knows the unit's procedures, systems and rules, and keeps that knowledge current.", 15, 1, 4,
                "Dana is the person the floor turns to for billing-system questions. She rewrote the high-bill script after the March rate change and trained both shifts on it within a week."),
            Rating("Quality of work", "Accurate, complete and timely work that meets the unit's standards.", 20, 2, 4,
                "QA scores for her team averaged 93.4% against a 92% target. Two audits in the spring found missed disclosure statements; both were corrected the same week and have not recurred."),
            Rating("Customer service", "Courteous, effective service to customers and colleagues.", 20, 3, 5,
                "Commended in writing by three customers this year. Her handling of the January outage escalations, staying on the floor past shift end, kept abandonment under 9% on the worst day."),
            Rating("Leadership and coaching", "Sets expectations, coaches, recognises and corrects.", 20, 4, 3,
                "Coaching sessions are regular and documented. Follow-up on attendance issues was slow in the first half of the year (see the performance log); it improved after the February conversation."),
            Rating("Communication", "Clear, timely written and spoken communication.", 10, 5, 4,
                "Shift handover notes are thorough and read by the next supervisor. Monthly submissions were on time in eleven of twelve months."),
            Rating("Dependability and attendance", "Reliable attendance, punctuality and follow-through.", 15, 6, 3,
                "Attendance met policy. Two late monthly-data submissions (November, April) needed reminders."),
        };
        var overall = EvaluationScoring.Overall(ratings.Select(r => (r.Weight, r.Rating)))!.Value;
        var trends = Trends();

        return new EvaluationSnapshot
        {
            SchemaVersion = EvaluationSnapshot.CurrentSchemaVersion,
            EvaluationId = 1207,
            Status = EvaluationStatus.Acknowledged,
            CycleName = "FY2026 Annual Evaluations",
            CycleKind = CycleKind.Annual,
            PeriodStart = PeriodStart,
            PeriodEnd = PeriodEnd,
            DueDate = new DateOnly(2026, 10, 31),
            Employee = employee,
            Position = "Customer Service Supervisor",
            UnitName = "Utility Contact Center",
            Evaluator = evaluator,
            Reviewer = reviewer,
            OverallScore = overall,
            OverallLabel = EvaluationScoring.OverallLabel(overall),
            Strengths = "Calm, credible leadership during peak periods and outages; the team's service level recovered fastest of the three shifts after each of the winter storms.\n\nDeep knowledge of the billing system, shared generously: the revised high-bill script is now used department-wide.",
            AreasToImprove = "Address attendance and adherence issues as they happen rather than at month end.\nSubmit monthly metrics by the 5th business day without reminders.",
            DevelopmentPlan = "1. Complete the department's \"Difficult conversations\" workshop by December 2026.\n2. Shadow the Walk-In Unit supervisor for two days in Q2 to learn their same-day adherence routine.\n3. Own the monthly submission for the unit from January, with the manager reviewing only by exception.\n4. Mentor one lead agent toward the supervisor eligibility list.",
            EmployeeComment = "Thank you for the fair review. I'd like the record to show that the April submission was late because the reporting system was down for three days.",
            Ratings = ratings,
            Evidence = new EvaluationEvidence("Utility Contact Center", PeriodStart, new DateOnly(2026, 9, 1), Approved,
                trends.Select(Evidence).ToList(),
                [
                    new GoalEvidence(2026, "Raise first-call resolution to 78% for the fiscal year.", 40, "Achieved", "78.6% (target ≥ 78.0%)", true),
                    new GoalEvidence(2026, "Keep the average speed of answer at or under 60 seconds.", 35, "Achieved", "52 s (target ≤ 60 s)", true),
                    new GoalEvidence(2026, "Reduce repeat high-bill complaints by 15% against FY2025.", 25, "Not achieved", "−9% (target −15%)", false),
                ]),
            SubmittedAt = new DateTimeOffset(2026, 10, 14, 20, 10, 0, TimeSpan.Zero),
            ApprovedAt = Approved,
            AcknowledgedAt = Acknowledged,
            TakenAt = Acknowledged,
            ApprovedBy = reviewer,
            AcknowledgedBy = employee,
            Trends = trends,
            LogEntries = Log(logEntries),
            Discipline =
            [
                new SnapshotDiscipline(88, "Written reprimand", "Issued", new DateOnly(2026, 2, 9), new DateOnly(2026, 2, 16), "Attendance and punctuality (HR-4.2)",
                    "Failed to address three unreported absences on the team within the required two business days.", "Maria Alvarez", true,
                    [new SnapshotGrievance(new DateOnly(2026, 2, 20), "The absences were reported to the workforce desk, not to the supervisor; the two-day rule was not clear.", "Upheld in part", "Reprimand stands; the procedure was clarified in writing for all supervisors.", new DateOnly(2026, 3, 13))]),
                new SnapshotDiscipline(95, "Verbal counseling", "Documented", new DateOnly(2026, 6, 3), null, "Data submission deadlines (OPS-1.7)",
                    "Recommended counseling for the late April submission; kept in the file pending the reporting-system outage review.", "Maria Alvarez", false, []),
            ],
            History =
            [
                new SnapshotStep(EvaluationService.StepLabel(EvaluationStep.Created), "Maria Alvarez", new DateTimeOffset(2026, 9, 2, 13, 0, 0, TimeSpan.Zero), null),
                new SnapshotStep(EvaluationService.StepLabel(EvaluationStep.Saved), "Maria Alvarez", new DateTimeOffset(2026, 10, 9, 19, 31, 0, TimeSpan.Zero), null),
                new SnapshotStep(EvaluationService.StepLabel(EvaluationStep.Submitted), "Maria Alvarez", new DateTimeOffset(2026, 10, 10, 15, 2, 0, TimeSpan.Zero), null),
                new SnapshotStep(EvaluationService.StepLabel(EvaluationStep.Returned), "Patricia Odum", new DateTimeOffset(2026, 10, 13, 16, 45, 0, TimeSpan.Zero), "Please cite the QA figures in the quality comment and add a measurable development goal."),
                new SnapshotStep(EvaluationService.StepLabel(EvaluationStep.Submitted), "Maria Alvarez", new DateTimeOffset(2026, 10, 14, 20, 10, 0, TimeSpan.Zero), "QA figures and the mentoring goal added."),
                new SnapshotStep(EvaluationService.StepLabel(EvaluationStep.Approved), "Patricia Odum", Approved, null),
                new SnapshotStep(EvaluationService.StepLabel(EvaluationStep.Acknowledged), "Dana Reyes", Acknowledged, "Comment added."),
            ],
        };
    }

    private static SnapshotRating Rating(string name, string description, int weight, int order, int rating, string comment) =>
        new(name, description, weight, order, rating, EvaluationScoring.RatingLabel(rating), comment);

    /// <summary>The log: the first six are hand-written; more (for long-packet tests) repeat them through the year.</summary>
    private static List<SnapshotLogEntry> Log(int count)
    {
        var written = new List<SnapshotLogEntry>
        {
            new(501, new DateOnly(2025, 11, 18), "Commendation", "Customer letter praising outage handling",
                "Mr. Chen wrote to the director about the callback Dana arranged during the November 14 outage.", "Maria Alvarez", true, []),
            new(502, new DateOnly(2026, 1, 27), "Coaching", "Attendance follow-up on the team",
                "Discussed the three unreported absences and the two-business-day rule; agreed on a same-day check at shift start.", "Maria Alvarez", true,
                [new SnapshotAddendum(new DateTimeOffset(2026, 2, 24, 15, 0, 0, TimeSpan.Zero), "Maria Alvarez", "Same-day checks in place since February 2; no missed follow-ups this month.")]),
            new(503, new DateOnly(2026, 3, 12), "Note", "Rate-change script rewrite",
                "Rewrote the high-bill script for the March rate change and trained both shifts within a week.", "Maria Alvarez", true, []),
            new(504, new DateOnly(2026, 4, 30), "Concern", "Late April submission",
                "April's metrics were submitted on May 12, after two reminders.", "Maria Alvarez", false,
                [new SnapshotAddendum(new DateTimeOffset(2026, 5, 20, 13, 30, 0, TimeSpan.Zero), "Maria Alvarez", "IT confirms the reporting system was down April 28–30; partly mitigating.")]),
            new(505, new DateOnly(2026, 7, 8), "Commendation", "Peer recognition award",
                "Nominated by two lead agents for the quarterly peer recognition award.", "Maria Alvarez", true, []),
            new(506, new DateOnly(2026, 8, 21), "Note", "Career conversation",
                "Interested in the QA lead role next year; kept in the file until the posting is approved.", "Maria Alvarez", false, []),
        };
        var entries = new List<SnapshotLogEntry>();
        for (var i = 0; i < count; i++)
        {
            var w = written[i % written.Count];
            entries.Add(i < written.Count ? w : w with { Id = 1000 + i, Date = PeriodStart.AddDays(i * 365 / count) });
        }
        return entries;
    }

    private static MetricEvidence Evidence(MetricTrend t)
    {
        var present = t.Points.Where(p => p.Value is not null).ToList();
        var average = present.Count == 0 ? (decimal?)null : Math.Round(present.Average(p => p.Value!.Value), t.Metric.Decimals);
        var target = t.Points.LastOrDefault(p => p.Target is not null)?.Target;
        var status = StatusRules.Evaluate(t.Metric.Direction, average, target, t.Metric.Tolerance ?? 0);
        return new MetricEvidence(t.Metric.Name, present.Count, t.Points.Count,
            average is null ? null : MetricFormatting.Format(average, t.Metric.UnitOfMeasure, t.Metric.Decimals),
            t.Metric.Direction == MetricDirection.Informational ? null : StatusWords.TargetText(t.Metric.Direction, target, t.Metric.UnitOfMeasure, t.Metric.Decimals),
            t.Points.Count(p => p.Status == MetricStatus.Green), t.Points.Count(p => p.Status == MetricStatus.Amber), t.Points.Count(p => p.Status == MetricStatus.Red), status);
    }

    /// <summary>Twelve months of six metrics, shaped like a contact center's year (a winter dip, a spring recovery); August not yet approved for one.</summary>
    private static List<MetricTrend> Trends()
    {
        (string Code, string Name, UnitOfMeasure Unit, MetricDirection Direction, int Decimals, decimal Target, decimal Tolerance, decimal[] Values)[] metrics =
        [
            ("service_level", "Service level (80/30)", UnitOfMeasure.Percent, MetricDirection.HigherIsBetter, 1, 80m, 3m, [82.1m, 79.4m, 76.2m, 71.8m, 78.9m, 81.5m, 83.0m, 82.4m, 80.7m, 79.1m, 81.9m, 82.6m]),
            ("asa", "Average speed of answer", UnitOfMeasure.Seconds, MetricDirection.LowerIsBetter, 0, 60m, 10m, [48m, 55m, 63m, 74m, 58m, 51m, 47m, 49m, 52m, 57m, 50m, 46m]),
            ("abandon", "Abandonment rate", UnitOfMeasure.Percent, MetricDirection.LowerIsBetter, 1, 5m, 1m, [4.1m, 4.8m, 5.6m, 7.9m, 5.2m, 4.3m, 3.9m, 4.0m, 4.4m, 4.9m, 4.2m, 3.8m]),
            ("fcr", "First-call resolution", UnitOfMeasure.Percent, MetricDirection.HigherIsBetter, 1, 78m, 2m, [77.2m, 77.9m, 76.4m, 75.8m, 78.3m, 79.1m, 79.6m, 80.2m, 79.4m, 78.8m, 79.9m, 80.5m]),
            ("qa", "Quality assurance score", UnitOfMeasure.Percent, MetricDirection.HigherIsBetter, 1, 92m, 2m, [93.8m, 92.4m, 91.1m, 89.6m, 92.9m, 94.0m, 94.3m, 93.1m, 93.7m, 94.2m, 0m, 94.6m]),
            ("calls_offered", "Calls offered", UnitOfMeasure.Count, MetricDirection.Informational, 0, 0m, 0m, [41210m, 43980m, 52115m, 61870m, 47320m, 42010m, 39875m, 40112m, 44390m, 46020m, 45218m, 41987m]),
        ];
        var trends = new List<MetricTrend>();
        for (var i = 0; i < metrics.Length; i++)
        {
            var m = metrics[i];
            var informational = m.Direction == MetricDirection.Informational;
            var points = m.Values.Select((v, k) =>
            {
                // The sample's one unapproved month: the QA score for August has no value yet.
                decimal? value = m.Code == "qa" && k == 10 ? null : v;
                decimal? target = informational ? null : m.Target;
                return new TrendPoint(PeriodStart.AddMonths(k), value, target, informational ? MetricStatus.None : StatusRules.Evaluate(m.Direction, value, target, m.Tolerance));
            }).ToList();
            var last = points[^1];
            var result = new MetricResult(i + 1, m.Code, m.Name, null, m.Unit, m.Direction, m.Decimals, last.Value, points[^2].Value,
                informational ? null : m.Target, informational ? null : m.Tolerance, last.Status, null);
            trends.Add(new MetricTrend(result, points));
        }
        return trends;
    }
}
