using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.People;

/// <summary>
/// The people of a set of units, for choosing who owns a unit's work: active employees who work in
/// one of the units, and those whose account is assigned to one of them (its supervisors and managers,
/// by role data, not job title). Anyone else is outside the scope of that work.
/// </summary>
public static class UnitPeople
{
    public static IQueryable<Employee> In(AppDbContext db, IReadOnlyCollection<int> unitIds) =>
        db.Employees.Where(e => e.IsActive && (e.UnitId != null && unitIds.Contains(e.UnitId.Value)
                                               || db.Users.Any(u => u.EmployeeId == e.Id && u.Units.Any(x => unitIds.Contains(x.UnitId)))));

    /// <summary>Active employees who can sign in, from any unit: people who can be given an action and mark it done.</summary>
    public static IQueryable<Employee> WithAccounts(AppDbContext db) =>
        db.Employees.Where(e => e.IsActive && db.Users.Any(u => u.EmployeeId == e.Id));

    /// <summary>A choice list: "First Last — position", by last name, with one extra person (the current owner) kept in it.</summary>
    public static IQueryable<Employee> AndAlso(this IQueryable<Employee> people, AppDbContext db, int? keep) =>
        keep is { } id ? people.Union(db.Employees.Where(e => e.Id == id)) : people;
}
