using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Calendar;

/// <summary>The City holidays administrators keep (/admin/holidays); business-day rules read them with <see cref="SetAsync"/>.</summary>
public class CityHolidayService(AppDbContext db, AuditLog audit)
{
    public const int MaxName = 120;

    /// <summary>Every holiday, for the schedules and reminders that count business days.</summary>
    public async Task<IReadOnlySet<DateOnly>> SetAsync(CancellationToken ct = default) =>
        (await db.CityHolidays.AsNoTracking().Select(h => h.Date).ToListAsync(ct)).ToHashSet();

    /// <summary>The holidays of a calendar year, and the years that have any; null for anyone but an administrator (404).</summary>
    public async Task<(IReadOnlyList<CityHoliday> Holidays, IReadOnlyList<int> Years)?> ListAsync(Viewer viewer, int year, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return null;
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var holidays = await db.CityHolidays.AsNoTracking().Where(h => h.Date >= from && h.Date <= to).OrderBy(h => h.Date).ToListAsync(ct);
        var years = (await db.CityHolidays.AsNoTracking().Select(h => h.Date.Year).Distinct().ToListAsync(ct)).Order().ToList();
        return (holidays, years);
    }

    public async Task<Outcome> AddAsync(Viewer viewer, DateOnly? date, string? name, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        var errors = new Dictionary<string, string>();
        if (date is null) errors["Date"] = "Give the date, e.g. 2027-07-05.";
        else if (date.Value.Year is < 2000 or > 2100) errors["Date"] = "Give a date between 2000 and 2100.";
        var text = TextRules.Required(errors, "Name", name, MaxName, "Name the holiday, e.g. Independence Day (observed).");
        if (errors.Count > 0) return Outcome.Invalid(errors);
        if (await db.CityHolidays.AsNoTracking().FirstOrDefaultAsync(h => h.Date == date, ct) is { } existing)
            return Outcome.Invalid(new Dictionary<string, string> { ["Date"] = $"{Day(date!.Value)} is already a holiday ({existing.Name})." });

        var holiday = new CityHoliday { Date = date!.Value, Name = text! };
        db.CityHolidays.Add(holiday);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another administrator added the same day a moment ago.
            db.ChangeTracker.Clear();
            return Outcome.Invalid(new Dictionary<string, string> { ["Date"] = $"{Day(date!.Value)} is already a holiday." });
        }
        audit.Add(viewer, AuditAction.Created, AuditRecords.CityHoliday, holiday.Id, null, $"{holiday.Date:yyyy-MM-dd} {holiday.Name}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome.Ok(holiday.Id);
    }

    /// <summary>"Monday 5 July 2027".</summary>
    public static string Day(DateOnly date) => date.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<Outcome> RemoveAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        var holiday = await db.CityHolidays.SingleOrDefaultAsync(h => h.Id == id, ct);
        if (holiday is null) return Outcome.NotFound;
        db.CityHolidays.Remove(holiday);
        audit.Add(viewer, AuditAction.Changed, AuditRecords.CityHoliday, holiday.Id, null, $"Removed {holiday.Date:yyyy-MM-dd} {holiday.Name}");
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(holiday.Id);
    }
}
