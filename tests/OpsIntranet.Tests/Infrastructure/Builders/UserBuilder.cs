using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.People;

namespace OpsIntranet.Tests.Infrastructure.Builders;

public sealed record BuiltUser(int Id, string Email, string DisplayName, string Role, Employee Employee, IReadOnlyList<int> UnitIds)
{
    /// <summary>The user as the metric services record who did a step.</summary>
    public Actor Actor => new(Id, DisplayName);
}

/// <summary>
/// A person with an account: an employee in the directory, a sign-in through Identity (the app's
/// password rules apply), one role and the units the account is assigned.
/// </summary>
public sealed class UserBuilder(TestData data, string firstName, string lastName)
{
    private string _role = Roles.Supervisor;
    private readonly List<BuiltUnit> _units = [];
    private Employee? _reportsTo;
    private string? _position;

    /// <summary>A supervisor of one unit: placed in it, assigned to it.</summary>
    public UserBuilder SupervisorOf(BuiltUnit unit) { _role = Roles.Supervisor; _units.Add(unit); return this; }

    /// <summary>A manager assigned to the given units.</summary>
    public UserBuilder ManagerOf(params BuiltUnit[] units) { _role = Roles.Manager; _units.AddRange(units); return this; }

    public UserBuilder Leadership() { _role = Roles.Leadership; return this; }
    public UserBuilder Administrator() { _role = Roles.Administrator; return this; }
    public UserBuilder ReportsTo(BuiltUser boss) { _reportsTo = boss.Employee; return this; }
    public UserBuilder ReportsTo(Employee boss) { _reportsTo = boss; return this; }
    public UserBuilder Position(string position) { _position = position; return this; }

    public async Task<BuiltUser> BuildAsync()
    {
        // A supervisor sits in their unit; managers and above sit outside units, as in the department.
        var person = data.Employee(firstName, lastName).Position(_position ?? _role switch
        {
            Roles.Supervisor => "Customer Services Supervisor",
            Roles.Manager => "Customer Operations Manager",
            Roles.Leadership => "Deputy Director, Customer Services",
            _ => "Business Systems Administrator",
        });
        if (_role == Roles.Supervisor && _units.Count > 0) person.InUnit(_units[0]);
        if (_reportsTo is not null) person.ReportsTo(_reportsTo);
        var employee = await person.BuildAsync();

        return await data.InScopeAsync(async services =>
        {
            await TestData.EnsureRoleAsync(services, _role);
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser
            {
                UserName = employee.Email, Email = employee.Email, EmailConfirmed = true, DisplayName = employee.FullName,
                EmployeeId = employee.Id, LockoutEnabled = true,
            };
            foreach (var unit in _units) user.Units.Add(new UserUnit { UnitId = unit.Id });
            var created = await users.CreateAsync(user, TestData.Password);
            if (!created.Succeeded) throw new InvalidOperationException("Building a user failed: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            var role = await users.AddToRoleAsync(user, _role);
            if (!role.Succeeded) throw new InvalidOperationException("Giving the user a role failed: " + string.Join("; ", role.Errors.Select(e => e.Description)));
            return new BuiltUser(user.Id, employee.Email, employee.FullName, _role, employee, [.. _units.Select(u => u.Id)]);
        });
    }
}

public static class BuiltUserSignIn
{
    /// <summary>A browser-like client signed in as the built user through the sign-in form.</summary>
    public static Task<HttpClient> SignedInClientAsync(this OpsWebFactory factory, BuiltUser user) =>
        factory.SignedInClientAsync(user.Email, TestData.Password);
}
