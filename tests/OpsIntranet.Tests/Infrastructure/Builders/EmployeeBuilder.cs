using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.People;

namespace OpsIntranet.Tests.Infrastructure.Builders;

/// <summary>A person in the directory (without an account), in a unit and a reporting line.</summary>
public sealed class EmployeeBuilder(TestData data, string firstName, string lastName)
{
    private string _position = "Customer Service Representative II";
    private int? _unitId;
    private int? _reportsToId;
    private DateOnly _hired = new(2020, 3, 2);
    private string? _email;

    public EmployeeBuilder Position(string position) { _position = position; return this; }
    public EmployeeBuilder InUnit(BuiltUnit unit) { _unitId = unit.Id; return this; }
    public EmployeeBuilder ReportsTo(Employee boss) { _reportsToId = boss.Id; return this; }
    public EmployeeBuilder ReportsTo(BuiltUser boss) { _reportsToId = boss.Employee.Id; return this; }
    public EmployeeBuilder HiredOn(DateOnly day) { _hired = day; return this; }
    public EmployeeBuilder Email(string email) { _email = email; return this; }

    internal EmployeeBuilder InUnit(int? unitId) { _unitId = unitId; return this; }

    public Task<Employee> BuildAsync() => data.InScopeAsync(async services =>
    {
        var db = services.GetRequiredService<AppDbContext>();
        var employee = new Employee
        {
            FirstName = firstName, LastName = lastName, Position = _position, UnitId = _unitId, ReportsToId = _reportsToId, HireDate = _hired,
            Email = _email ?? $"{firstName}.{lastName}@builder.example".ToLowerInvariant(),
        };
        db.Employees.Add(employee);
        await db.SaveChangesAsync();
        return employee;
    });
}
