using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Mail;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Templates.Emails.DeliveryFailuresEmail;
using OpsIntranet.Templates.Rendering;

namespace OpsIntranet.Jobs.Delivery;

/// <summary>
/// Tells a run's owner, once, which of its deliveries were given up. The alert is itself a run of the ledger
/// (report <see cref="Report"/>, scope "run:{id}"), unique per failed run, so however many jobs see the run settle
/// (two batches finishing together, a retry after a crash) one e-mail goes to each person. An alert whose own
/// delivery fails is not alerted about.
/// </summary>
public class DeliveryAlerts(AppDbContext db, DeliveryLedger ledger, RunDispatcher dispatcher, ReportKinds kinds, IOptions<IntranetOptions> intranet,
    ILogger<DeliveryAlerts> logger)
{
    public const string Report = "delivery-failures";
    public const string MessageIdPrefix = "delivery-failures";

    public static RunKey KeyFor(ReportRun failed) => new(Report, ScopeOf(failed.Id), failed.Period);

    public static string ScopeOf(int runId) => $"run:{runId}";

    /// <summary>When every delivery of the run is sent or given up and some were given up: the alert, once. Otherwise nothing.</summary>
    public async Task<int?> WhenSettledAsync(int runId, CancellationToken ct)
    {
        var settlement = await ledger.SettlementAsync(runId, ct);
        if (!settlement.Settled || settlement.GivenUp == 0) return null;
        var failed = await db.ReportRuns.AsNoTracking().Include(r => r.Subscription).ThenInclude(s => s!.Owner).SingleAsync(r => r.Id == runId, ct);
        if (failed.Report == Report) return null;

        var key = KeyFor(failed);
        var alert = await ledger.FindRunAsync(key, ct);
        if (alert is { Status: not RunStatus.Pending }) return alert.Id;

        var recipients = failed.Subscription?.Owner?.Email is { Length: > 0 } owner ? [owner] : await AdministratorsAsync(ct);
        if (recipients.Count == 0)
        {
            logger.LogError("Run {Run} ({Report} for {Period}) has deliveries that were given up, and nobody to tell: it has no owner and there is no administrator.",
                runId, failed.Report, failed.Period);
            return null;
        }

        alert = await ledger.EnsureRunAsync(key, failed.PeriodStart, failed.PeriodEnd, null, ct);
        // The list as it stands now is what the alert says, on every attempt at sending it.
        var model = new DeliveryFailuresEmailModel(failed.Id, kinds.Find(failed.Report)?.Label ?? LabelOf(failed.Report), failed.Period, settlement.Sent,
            intranet.Value.Link($"/reports/runs/{failed.Id}"),
            [.. (await ledger.GivenUpAsync(runId, ct)).Select(f => new DeliveryFailureLine(f.Recipient, f.Attempts, f.LastError,
                f.LastAttemptAt is { } at ? DepartmentCalendar.ToLocal(at).ToString("MMM d, yyyy h:mm tt", CultureInfo.InvariantCulture) + " Eastern" : null))]);
        await db.ReportRuns.Where(r => r.Id == alert.Id && r.Summary == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Summary, JsonSerializer.Serialize(model)), ct);
        await dispatcher.DispatchAsync(alert, recipients, MessageIdPrefix, ct);
        logger.LogWarning("Run {Run} ({Report} for {Period}): {Count} deliveries given up; {Recipients} told (run {Alert}).",
            runId, failed.Report, failed.Period, settlement.GivenUp, string.Join(", ", recipients), alert.Id);
        return alert.Id;
    }

    private async Task<List<string>> AdministratorsAsync(CancellationToken ct) =>
        DeliveryLedger.Normalise(await (
            from ur in db.UserRoles
            join r in db.Roles on ur.RoleId equals r.Id
            join u in db.Users on ur.UserId equals u.Id
            where r.Name == Roles.Administrator && u.Email != null
            select u.Email!).ToListAsync(ct));

    /// <summary>Reports that are not subscription kinds (reminders, the old department scorecard job) by their key, in words.</summary>
    public static string LabelOf(string report) => report.Replace('-', ' ');
}

/// <summary>The alert's e-mail: the failures stored with the alert's run, so every attempt says the same.</summary>
public class DeliveryFailuresMail(DocumentRenderer renderer) : IReportMail
{
    public string Report => DeliveryAlerts.Report;

    public async Task<ReportMailContent> ComposeAsync(ReportRun run, ReportDelivery delivery, CancellationToken ct)
    {
        var model = JsonSerializer.Deserialize<DeliveryFailuresEmailModel>(run.Summary ?? throw new InvalidOperationException($"Alert run {run.Id} has no summary."))!;
        var html = await renderer.RenderHtmlAsync<DeliveryFailuresEmail>(model);
        var text = $"{model.Subject}.\n\nEvery automatic attempt failed; they will not be tried again unless someone resends them. {model.Sent} other recipient(s) received it.\n\n"
                   + string.Concat(model.Failures.Select(f => $"- {f.Recipient}: {f.Attempts} attempt(s), last {f.LastAttempt ?? "—"}: {f.LastError ?? "—"}\n"))
                   + $"\nOpen the run to see each recipient and resend: {model.RunLink}\n";
        return new ReportMailContent(model.Subject, html, text);
    }
}
