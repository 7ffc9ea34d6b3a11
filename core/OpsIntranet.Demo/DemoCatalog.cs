using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Demo;

/// <summary>
/// The starting catalog of BRIEF.md: nine units and their metrics, with the figures the demo
/// history is generated from (a typical value, its spread, and how strongly the winter and summer
/// peaks pull it the wrong way).
/// </summary>
internal static class DemoCatalog
{
    /// <summary>The City's usual paid holidays of 2026 and 2027 (a Saturday's observed on the Friday, a Sunday's on the Monday).</summary>
    public static readonly IReadOnlyList<(DateOnly Date, string Name)> CityHolidays =
    [
        (new(2026, 1, 1), "New Year's Day"), (new(2026, 1, 19), "Martin Luther King Jr. Day"), (new(2026, 2, 16), "Presidents' Day"),
        (new(2026, 5, 25), "Memorial Day"), (new(2026, 6, 19), "Juneteenth"), (new(2026, 7, 3), "Independence Day (observed)"),
        (new(2026, 9, 7), "Labor Day"), (new(2026, 10, 12), "Indigenous Peoples' Day"), (new(2026, 11, 11), "Veterans Day"),
        (new(2026, 11, 26), "Thanksgiving Day"), (new(2026, 11, 27), "Day after Thanksgiving"), (new(2026, 12, 25), "Christmas Day"),
        (new(2027, 1, 1), "New Year's Day"), (new(2027, 1, 18), "Martin Luther King Jr. Day"), (new(2027, 2, 15), "Presidents' Day"),
        (new(2027, 5, 31), "Memorial Day"), (new(2027, 6, 18), "Juneteenth (observed)"), (new(2027, 7, 5), "Independence Day (observed)"),
        (new(2027, 9, 6), "Labor Day"), (new(2027, 10, 11), "Indigenous Peoples' Day"), (new(2027, 11, 11), "Veterans Day"),
        (new(2027, 11, 25), "Thanksgiving Day"), (new(2027, 11, 26), "Day after Thanksgiving"), (new(2027, 12, 24), "Christmas Day (observed)"),
    ];

    internal sealed record MetricSeed(
        string Code, string Name, UnitOfMeasure Uom, MetricDirection Direction, int Decimals,
        double? Target, double Tolerance, bool IsKey,
        double Typical, double Spread, double Seasonal, string Description)
    {
        public static decimal? Min => 0;
        public decimal? Max => Uom == UnitOfMeasure.Percent ? 100 : null;
    }

    internal sealed record UnitSeed(string Code, string Name, string Description, IReadOnlyList<MetricSeed> Metrics);

    private const UnitOfMeasure Count = UnitOfMeasure.Count, Pct = UnitOfMeasure.Percent, Sec = UnitOfMeasure.Seconds,
        Min = UnitOfMeasure.Minutes, Hrs = UnitOfMeasure.Hours, Days = UnitOfMeasure.Days, Usd = UnitOfMeasure.Dollars, Kwh = UnitOfMeasure.Kwh;
    private const MetricDirection Up = MetricDirection.HigherIsBetter, Down = MetricDirection.LowerIsBetter, Info = MetricDirection.Informational;

    public static readonly IReadOnlyList<UnitSeed> Units =
    [
        new("UCC", "Utility Contact Center", "Telephone, chat and e-mail contact for electric, gas, water, sewer and solid waste customers.",
        [
            new("calls_offered", "Calls offered", Count, Info, 0, null, 0, false, 52000, 0.06, 0.15, "Calls that reached the queue."),
            new("calls_answered", "Calls answered", Count, Info, 0, null, 0, false, 49000, 0.06, 0.12, "Calls answered by an agent."),
            new("service_level", "Service level (answered within 60 s)", Pct, Up, 1, 80, 3, true, 82, 2.2, 3.5, "Share of offered calls answered within 60 seconds."),
            new("asa", "Average speed of answer", Sec, Down, 0, 60, 10, true, 52, 7, 12, "Average wait before an agent answers."),
            new("abandonment_rate", "Abandonment rate", Pct, Down, 1, 5, 1, true, 4.3, 0.5, 0.9, "Share of offered calls abandoned before answer."),
            new("aht", "Average handle time", Sec, Down, 0, 360, 20, false, 348, 10, 8, "Talk, hold and after-call work per call."),
            new("fcr", "First-contact resolution", Pct, Up, 1, 75, 3, false, 77, 1.6, 1.5, "Contacts resolved without a repeat contact within 7 days."),
            new("qa_score", "QA score", Pct, Up, 1, 90, 2, false, 91.5, 1.1, 0.5, "Average score of evaluated interactions."),
            new("csat", "Post-call satisfaction", Pct, Up, 1, 85, 3, true, 86.5, 1.5, 1.2, "Satisfied or very satisfied in the post-call survey."),
        ]),
        new("TCC", "Transportation Contact Center", "Transit, paratransit and parking contact.",
        [
            new("calls_offered", "Calls offered", Count, Info, 0, null, 0, false, 18500, 0.07, 0.08, "Calls that reached the queue."),
            new("service_level", "Service level (answered within 60 s)", Pct, Up, 1, 80, 3, true, 81.5, 2.5, 2.5, "Share of offered calls answered within 60 seconds."),
            new("asa", "Average speed of answer", Sec, Down, 0, 90, 15, true, 78, 10, 12, "Average wait before an agent answers."),
            new("abandonment_rate", "Abandonment rate", Pct, Down, 1, 7, 1.5, true, 6.1, 0.7, 0.8, "Share of offered calls abandoned before answer."),
            new("trip_reservations", "Trip reservations processed", Count, Info, 0, null, 0, false, 9200, 0.05, 0.05, "Paratransit trips booked."),
            new("complaints_5d", "Complaints resolved within 5 business days", Pct, Up, 1, 90, 3, false, 92, 2, 1, "Complaints closed within five business days."),
        ]),
        new("WIU", "Walk-In Unit", "In-person service and payments at the customer service center.",
        [
            new("customers_served", "Customers served", Count, Info, 0, null, 0, false, 6100, 0.06, 0.12, "Customers served at the counter."),
            new("avg_wait", "Average wait", Min, Down, 1, 10, 2, true, 8.6, 1.1, 1.6, "Minutes from check-in to counter."),
            new("served_15", "Served within 15 minutes", Pct, Up, 1, 85, 3, true, 87, 2, 2.5, "Customers called to the counter within 15 minutes."),
            new("payments", "Payments processed", Count, Info, 0, null, 0, false, 4300, 0.05, 0.1, "Payments taken at the counter."),
            new("avg_transaction", "Average transaction time", Min, Down, 1, 8, 1, false, 7.2, 0.5, 0.4, "Minutes at the counter per customer."),
        ]),
        new("CUS", "Commercial Utility Services", "Accounts of businesses, institutions and large users.",
        [
            new("accounts_managed", "Commercial accounts managed", Count, Info, 0, null, 0, false, 14200, 0.01, 0, "Active commercial accounts."),
            new("requests_completed", "Service requests completed", Count, Info, 0, null, 0, false, 1850, 0.08, 0.06, "Start, stop, transfer and change requests completed."),
            new("within_sla", "Completed within SLA", Pct, Up, 1, 95, 2, true, 96.2, 1.2, 0.8, "Service requests completed within the service level agreement."),
            new("deposit_reviews", "Deposit reviews completed", Count, Info, 0, null, 0, false, 240, 0.12, 0.05, "Security deposit reviews completed."),
            new("review_turnaround", "Account review turnaround", Days, Down, 1, 3, 0.5, true, 2.6, 0.35, 0.2, "Business days to complete an account review."),
        ]),
        new("CC", "Credit and Collections", "Past-due accounts, payment arrangements, disconnections and reconnections.",
        [
            new("past_due_30", "Accounts 30+ days past due", Count, Down, 0, 9000, 600, false, 8500, 350, 400, "Residential and commercial accounts 30 or more days past due."),
            new("past_due_60_balance", "Past-due balance over 60 days", Usd, Down, 0, 4200000, 300000, true, 3950000, 160000, 200000, "Balance more than 60 days past due."),
            new("arrangements", "Payment arrangements made", Count, Info, 0, null, 0, false, 1250, 0.09, 0.12, "New payment arrangements."),
            new("disconnections", "Disconnections for non-payment", Count, Info, 0, null, 0, false, 610, 0.15, 0.2, "Service disconnections for non-payment."),
            new("same_day_reconnect", "Reconnected same day after payment", Pct, Up, 1, 98, 1, true, 98.5, 0.5, 0.4, "Reconnections completed the day payment was received."),
            new("collection_rate", "Collection rate", Pct, Up, 2, 98.5, 0.3, true, 98.7, 0.15, 0.15, "Share of billed revenue collected."),
            new("bad_debt", "Bad-debt write-off", Pct, Down, 2, 0.5, 0.1, false, 0.44, 0.05, 0.04, "Write-offs as a share of revenue."),
        ]),
        new("UBCP", "Utility Billing and Customer Programs", "Billing, exceptions, adjustments and customer programs.",
        [
            new("bills_issued", "Bills issued", Count, Info, 0, null, 0, false, 212000, 0.015, 0.01, "Bills produced in the month."),
            new("billing_accuracy", "Billing accuracy", Pct, Up, 2, 99.8, 0.1, true, 99.84, 0.05, 0.04, "Bills issued without a correction."),
            new("estimated_bills", "Estimated bills", Pct, Down, 1, 2, 0.5, true, 1.7, 0.3, 0.3, "Bills issued on an estimated read."),
            new("exceptions_3d", "Exceptions cleared within 3 business days", Pct, Up, 1, 95, 2, false, 95.8, 1.4, 1, "Billing exceptions cleared within three business days."),
            new("adjustments", "Adjustments processed", Count, Info, 0, null, 0, false, 2900, 0.08, 0.05, "Account adjustments processed."),
            new("paperless", "Paperless enrollment", Pct, Up, 1, 35, 2, false, 33.5, 0.4, 0, "Accounts enrolled in paperless billing."),
            new("autopay", "Autopay enrollment", Pct, Up, 1, 40, 2, false, 39.2, 0.4, 0, "Accounts enrolled in automatic payment."),
        ]),
        new("ES", "Energy Services", "Energy audits, rebates and efficiency programs.",
        [
            new("audits", "Energy audits completed", Count, Info, 0, null, 0, false, 310, 0.1, 0.1, "Home and business energy audits completed."),
            new("rebates", "Rebates processed", Count, Info, 0, null, 0, false, 720, 0.1, 0.1, "Efficiency rebates paid."),
            new("rebate_days", "Average rebate processing time", Days, Down, 1, 14, 3, true, 12.1, 1.6, 1.5, "Days from complete application to payment."),
            new("kwh_saved", "Estimated annual kWh saved", Kwh, Info, 0, null, 0, true, 1450000, 0.1, 0.08, "Estimated annual savings of the month's completed measures."),
            new("participants", "Program participants", Count, Info, 0, null, 0, false, 1900, 0.08, 0.05, "Customers enrolled in a program in the month."),
        ]),
        new("QA", "Quality Assurance & Quality Control", "Interaction evaluation, calibration and billing quality control.",
        [
            new("evaluated", "Interactions evaluated", Count, Info, 0, null, 0, false, 1150, 0.06, 0.03, "Calls, chats and counter visits evaluated."),
            new("avg_qa", "Average QA score", Pct, Up, 1, 90, 2, true, 91.2, 1.1, 0.4, "Average score of evaluated interactions."),
            new("calibrations", "Calibration sessions held", Count, Info, 0, null, 0, false, 6, 0.2, 0, "QA calibration sessions with supervisors."),
            new("qc_samples", "Billing QC samples reviewed", Count, Info, 0, null, 0, false, 2400, 0.05, 0.02, "Bills sampled for quality control."),
            new("qc_error_rate", "QC error rate", Pct, Down, 2, 1, 0.2, true, 0.86, 0.12, 0.05, "Sampled bills with an error."),
        ]),
        new("TRN", "Training", "New-hire onboarding, refresher courses and assessments.",
        [
            new("training_hours", "Training hours delivered", Hrs, Info, 0, null, 0, false, 1300, 0.15, 0.1, "Instructor-led and e-learning hours delivered."),
            new("onboarded", "New hires completing onboarding", Count, Info, 0, null, 0, false, 9, 0.35, 0, "New hires who finished the onboarding program."),
            new("completion", "Course completion", Pct, Up, 1, 95, 2, true, 96, 1.3, 0.8, "Assigned courses completed on time."),
            new("assessment", "Post-training assessment score", Pct, Up, 1, 85, 3, true, 87.5, 2, 0.5, "Average score on post-training assessments."),
        ]),
    ];
}
