using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Jobs.Mail;
using OpsIntranet.Templates.Emails.InvitationEmail;
using OpsIntranet.Templates.Rendering;

namespace OpsIntranet.Jobs.Accounts;

/// <summary>What an invitation's run stores: the words every attempt at sending it uses (the link is made at sending, never stored).</summary>
public sealed record InvitationFacts(int InvitationId, string Name, string Email, string InvitedBy, DateTimeOffset ExpiresAt);

/// <summary>
/// An invitation as a one-off mail of the delivery ledger: a run unique per invitation (report "account-invitation",
/// scope "account:{user}", trigger Manual keyed by the invitation), one delivery to the invited address, and its
/// job, all in the transaction that saves the invitation. Retries and the failed-deliveries page work as for every mail.
/// </summary>
public class InvitationSending(AppDbContext db, DeliveryLedger ledger, RunDispatcher dispatcher, TimeProvider clock) : IInvitationMail
{
    public const string Report = "account-invitation";
    public const string MessageIdPrefix = "invitation";

    public static RunKey KeyFor(AccountInvitation invitation, DateOnly day) =>
        new(Report, $"account:{invitation.UserId.ToString(CultureInfo.InvariantCulture)}", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            RunTrigger.Manual, $"invitation-{invitation.Id.ToString(CultureInfo.InvariantCulture)}");

    public async Task QueueAsync(AccountInvitation invitation, string email, string name, int invitedByUserId, CancellationToken ct)
    {
        var day = DepartmentCalendar.Today(clock);
        var run = await ledger.EnsureRunAsync(KeyFor(invitation, day), day, day, invitedByUserId, ct);
        var invitedBy = await db.Users.AsNoTracking().Where(u => u.Id == invitedByUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? "An administrator";
        var facts = new InvitationFacts(invitation.Id, name, email, invitedBy, invitation.ExpiresAt);
        await db.ReportRuns.Where(r => r.Id == run.Id && r.Summary == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Summary, JsonSerializer.Serialize(facts)), ct);
        run = await db.ReportRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id, ct);
        await dispatcher.DispatchAsync(run, [email], MessageIdPrefix, ct);
    }
}

/// <summary>The invitation's e-mail: the stored words, and the one-time link made now from the invitation's nonce.</summary>
public class InvitationMail(AppDbContext db, InvitationTokens tokens, DocumentRenderer renderer, IOptions<IntranetOptions> intranet) : IReportMail
{
    public string Report => InvitationSending.Report;

    public async Task<ReportMailContent> ComposeAsync(ReportRun run, ReportDelivery delivery, CancellationToken ct)
    {
        var facts = JsonSerializer.Deserialize<InvitationFacts>(run.Summary ?? throw new InvalidOperationException($"Invitation run {run.Id} has no summary."))
                    ?? throw new InvalidOperationException($"Invitation run {run.Id} has an empty summary.");
        var nonce = await db.AccountInvitations.AsNoTracking().Where(i => i.Id == facts.InvitationId).Select(i => i.Nonce).SingleAsync(ct);
        var local = DepartmentCalendar.ToLocal(facts.ExpiresAt);
        var model = new InvitationEmailModel(facts.Name, facts.Email, facts.InvitedBy, intranet.Value.Link(tokens.Path(facts.InvitationId, nonce)),
            local.ToString("dddd, MMMM d, yyyy 'at' h:mm tt", CultureInfo.InvariantCulture) + " Eastern");
        var html = await renderer.RenderHtmlAsync<InvitationEmail>(model);
        return new ReportMailContent("Set your password for the Customer Operations intranet", html, model.ToText());
    }
}
