using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Data;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Admin.Audit;

/// <summary>The personnel audit trail, for administrators: who read or changed which record, filtered by person, record, subject, action and day.</summary>
public class IndexModel(AppDbContext db, AuditLog audit) : RecordPage
{
    [BindProperty(SupportsGet = true)] public int? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? RecordType { get; set; }
    [BindProperty(SupportsGet = true)] public int? RecordId { get; set; }
    [BindProperty(SupportsGet = true)] public int? Subject { get; set; }
    [BindProperty(SupportsGet = true)] public AuditAction? Action { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public IReadOnlyList<AuditEntry> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public List<(int Id, string Name)> Users { get; } = [];
    public Dictionary<int, string> Subjects { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (RecordType is { } t && !AuditRecords.All.Contains(t)) RecordType = null;
        if (PageNumber < 1) PageNumber = 1;
        (Rows, Total) = await audit.SearchAsync(new AuditFilter(UserId, RecordType, RecordId, Subject, Action, From, To), PageNumber, ct);
        Users.AddRange((await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct)).Select(u => (u.Id, u.DisplayName)));
        foreach (var e in await db.Employees.AsNoTracking().Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName }).ToListAsync(ct)) Subjects[e.Id] = e.Name;
    }

    public string PageUrl(int page)
    {
        var q = Request.Query.Where(kv => kv.Key != "p").Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value.ToString())}").Append($"p={page}");
        return "/admin/audit?" + string.Join("&", q);
    }

    public static string LinkFor(string recordType, int recordId) => recordType switch
    {
        AuditRecords.Evaluation => $"/evaluations/{recordId}",
        AuditRecords.Discipline => $"/discipline/{recordId}",
        AuditRecords.Recommendation => $"/recommendations/{recordId}",
        AuditRecords.LogEntry => $"/log/{recordId}",
        AuditRecords.Employee => $"/people/{recordId}",
        AuditRecords.Cycle => $"/evaluations/cycles/{recordId}",
        _ => "/admin/competencies",
    };

    public string NameOf(int employeeId) => Subjects.TryGetValue(employeeId, out var name) ? name : $"employee #{employeeId}";

    /// <summary>
    /// Whom an entry is about: one person by name; for a list about several, the person filtered on first ("Beatriz
    /// Souza and 99 others") or the count, with every name beside it.
    /// </summary>
    public (string Summary, IReadOnlyList<string> Names) AboutOf(AuditEntry a)
    {
        if (a.SubjectEmployeeId is { } one) return (NameOf(one), []);
        if (a.SubjectEmployeeIds is not { Length: > 0 } many) return ("—", []);
        if (many.Length == 1) return (NameOf(many[0]), []);
        var names = many.Select(NameOf).ToList();
        var summary = Subject is { } s && many.Contains(s) ? $"{NameOf(s)} and {many.Length - 1:N0} other{(many.Length == 2 ? "" : "s")}" : $"{many.Length:N0} people";
        return (summary, names);
    }
}
