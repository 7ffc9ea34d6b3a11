using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.People;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Core.Access;

/// <summary>
/// The viewer is built for a user id from role and assignment data, the way a job acting for someone
/// builds it; scheduled work uses the system actor.
/// </summary>
public class ViewerTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private async Task<Viewer> ForUserAsync(int userId)
    {
        // A fresh scope per call: the per-request cache must not hide a change of roles between calls.
        using var scope = app.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(userId);
    }

    private async Task<int> UserIdAsync(string email)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    [Fact]
    public async Task ForUserAsync_JobTitleSaysManagerWithoutTheRole_IsNotAManager()
    {
        await using var db = app.Factory.CreateDbContext();
        var ucc = await db.Units.Where(u => u.Code == "UCC").Select(u => u.Id).SingleAsync();
        var employee = new Employee { FirstName = "Quinn", LastName = "Titled", Position = "Operations Manager", Email = "quinn.titled@cityutility.example", UnitId = ucc, HireDate = new DateOnly(2020, 1, 6) };
        db.Employees.Add(employee);
        await db.SaveChangesAsync();
        var user = new AppUser { UserName = employee.Email, Email = employee.Email, DisplayName = employee.FullName, EmployeeId = employee.Id, SecurityStamp = "stamp" };
        user.Units.Add(new UserUnit { UnitId = ucc });
        db.Users.Add(user);
        await db.SaveChangesAsync();

        var titled = await ForUserAsync(user.Id);
        Assert.Equal("Quinn Titled", titled.Actor.Name);
        Assert.Equal(employee.Id, titled.EmployeeId);
        Assert.Empty(titled.Roles);
        Assert.False(titled.IsManager);
        Assert.Empty(titled.ManagedEmployeeIds);
        Assert.False(titled.ForMonth(ucc).CanEdit);
        Assert.False(titled.CanManageMetrics(ucc));
        Assert.True(titled.ForMonth(ucc).CanView);

        // The role, once given in the role table, is what makes a manager.
        var managerRole = await db.Roles.Where(r => r.Name == Roles.Manager).Select(r => r.Id).SingleAsync();
        db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<int> { UserId = user.Id, RoleId = managerRole });
        await db.SaveChangesAsync();
        var manager = await ForUserAsync(user.Id);
        Assert.True(manager.IsManager);
        Assert.True(manager.ForMonth(ucc).CanReview);
        var dana = await db.Employees.Where(e => e.Email == DemoUsers.UccSupervisor).Select(e => e.Id).SingleAsync();
        Assert.True(manager.Manages(dana));
    }

    [Fact]
    public async Task ForUserAsync_DemoPeople_RolesAndUnitsFromTheirAccounts()
    {
        await using var db = app.Factory.CreateDbContext();
        var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);

        var dana = await ForUserAsync(await UserIdAsync(DemoUsers.UccSupervisor));
        Assert.Equal([Roles.Supervisor], dana.Roles.ToArray());
        Assert.False(dana.AllUnits);
        Assert.Equal([units["UCC"]], dana.UnitIds.ToArray());
        Assert.True(dana.ForMonth(units["UCC"]).CanEdit);
        Assert.False(dana.ForMonth(units["UCC"]).CanReview);
        Assert.False(dana.Contains(units["UBCP"]));

        var patricia = await ForUserAsync(await UserIdAsync(DemoUsers.Leadership));
        Assert.True(patricia.AllUnits);
        Assert.False(patricia.ForMonth(units["UCC"]).CanEdit);
        Assert.False(patricia.CanBrowsePeople);

        var kevin = await ForUserAsync(await UserIdAsync(DemoUsers.Administrator));
        Assert.True(kevin.AllUnits);
        Assert.True(kevin.ForMonth(units["CC"]).CanDecide);
        Assert.False(kevin.ForMonth(units["CC"]).CanEdit);
        Assert.True(kevin.CanManageMetrics(units["CC"]));
    }

    [Fact]
    public async Task ForUserAsync_SameScopeTwice_BuildsOnce()
    {
        using var scope = app.Factory.Services.CreateScope();
        var viewers = scope.ServiceProvider.GetRequiredService<Viewers>();
        var id = await UserIdAsync(DemoUsers.ManagerA);
        Assert.Same(await viewers.ForUserAsync(id), await viewers.ForUserAsync(id));
    }

    [Fact]
    public async Task ForUserAsync_NoSuchAccount_SeesNothing()
    {
        var nobody = await ForUserAsync(987654);
        Assert.Empty(nobody.Roles);
        Assert.False(nobody.AllUnits);
        Assert.Empty(nobody.UnitIds);
        Assert.Null(nobody.EmployeeId);
    }

    [Fact]
    public async Task System_ReadsEveryUnitButTakesNoStepAndKeepsNoFile()
    {
        await using var db = app.Factory.CreateDbContext();
        var unitIds = await db.Units.Select(u => u.Id).ToListAsync();
        var anyone = await db.Employees.Select(e => e.Id).FirstAsync();
        var system = Viewer.System;
        Assert.True(system.IsSystem);
        Assert.Equal("System", system.Actor.Name);
        Assert.Empty(system.Roles);
        Assert.True(system.AllUnits);
        Assert.Equal(unitIds.Count, await system.Filter(db.Units).CountAsync());
        Assert.All(unitIds, id =>
        {
            var month = system.ForMonth(id);
            Assert.True(month.CanView);
            Assert.False(month.CanEdit || month.CanReview || month.CanDecide);
            Assert.False(system.CanManageMetrics(id));
        });
        Assert.False(system.Manages(anyone));
        Assert.False(system.CanOpenProfile(anyone));
        Assert.False(system.CanBrowsePeople);
        Assert.False(system.CanCreate);
    }

    [Fact]
    public async Task OnlyUnits_NarrowsToUnitsTheViewerSees()
    {
        await using var db = app.Factory.CreateDbContext();
        var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id);
        var maria = await ForUserAsync(await UserIdAsync(DemoUsers.ManagerA));
        var narrowed = maria.OnlyUnits([units["UCC"], units["CC"]]);
        Assert.Equal([units["UCC"]], narrowed.UnitIds.ToArray());
        Assert.Equal(maria.Actor, narrowed.Actor);
        var all = Viewer.System.OnlyUnits([units["CC"]]);
        Assert.False(all.AllUnits);
        Assert.Equal([units["CC"]], all.UnitIds.ToArray());
    }
}
