using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;

namespace OpsIntranet.Jobs.Subscriptions;

/// <summary>
/// The department scorecard that configuration used to send (Reports:DepartmentScorecard) becomes a subscription
/// the first time the app starts: made once (unique <see cref="ReportSubscription.SeedKey"/>), never overwritten
/// afterwards, so people's edits in the intranet win over the settings file.
/// </summary>
public partial class DepartmentScorecardSeed(AppDbContext db, IOptions<DepartmentScorecardOptions> options, TimeProvider clock, ILogger<DepartmentScorecardSeed> logger)
{
    public const string SeedKey = "config:department-scorecard";

    /// <summary>The subscription's id, made now or before.</summary>
    public async Task<int> EnsureAsync(CancellationToken ct = default)
    {
        if (await db.ReportSubscriptions.AsNoTracking().Where(s => s.SeedKey == SeedKey).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct) is { } existing)
            return existing;

        var config = options.Value;
        var recipients = DeliveryLedger.Normalise(config.Recipients).ToList();
        var ownerId = await (from u in db.Users
                             join ur in db.UserRoles on u.Id equals ur.UserId
                             join r in db.Roles on ur.RoleId equals r.Id
                             where r.Name == Roles.Administrator
                             orderby u.Id
                             select (int?)u.Id).FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        var s = new ReportSubscription
        {
            Name = "Monthly department scorecard",
            ReportKind = DepartmentScorecardKind.KindKey,
            PeriodRule = PeriodRule.PreviousMonth,
            TimeZone = SubscriptionSchedule.DefaultTimeZone,
            Addresses = recipients,
            Subject = "Department scorecard",
            SkipWhenNoApprovedData = true,
            // Disabled in configuration, or nobody to send to: kept, paused, for someone to finish in the intranet.
            Paused = !config.Enabled || recipients.Count == 0,
            OwnerUserId = ownerId,
            SeedKey = SeedKey,
            CreatedAt = now,
            UpdatedAt = now,
        };
        SetSchedule(s, config.Cron);
        db.ReportSubscriptions.Add(s);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another node starting at the same moment made it first.
            db.ChangeTracker.Clear();
            return await db.ReportSubscriptions.AsNoTracking().Where(x => x.SeedKey == SeedKey).Select(x => x.Id).SingleAsync(ct);
        }
        logger.LogInformation("The configured department scorecard is now subscription {Id} ({Schedule}, {Count} recipients, {State}).",
            s.Id, SubscriptionSchedule.Describe(ScheduleSpec.Of(s)), recipients.Count, s.Paused ? "paused" : "active");
        return s.Id;
    }

    /// <summary>"M H D * *" (plain numbers) is the friendly monthly schedule; any other cron stays a cron.</summary>
    public static void SetSchedule(ReportSubscription s, string cron)
    {
        var m = MonthlyCron().Match(cron.Trim());
        if (m.Success && int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) is >= 1 and <= 31 and var day
            && int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) is >= 0 and <= 23 and var hour
            && int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) is >= 0 and <= 59 and var minute)
        {
            s.ScheduleKind = ScheduleKind.MonthlyOnDay;
            s.Day = day;
            s.TimeOfDay = new TimeOnly(hour, minute);
            s.Cron = null;
            return;
        }
        s.ScheduleKind = ScheduleKind.Cron;
        s.Cron = cron.Trim();
        s.Day = null;
        s.TimeOfDay = new TimeOnly(0, 0);
    }

    [GeneratedRegex(@"^(?<m>\d{1,2})\s+(?<h>\d{1,2})\s+(?<d>\d{1,2})\s+\*\s+\*$")]
    private static partial Regex MonthlyCron();
}
