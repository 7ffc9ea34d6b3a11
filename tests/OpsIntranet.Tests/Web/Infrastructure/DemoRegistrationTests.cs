using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Demo;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Infrastructure;

/// <summary>The demo loader lives in the container only of a host asked to load the demo, and never in Production.</summary>
public class DemoRegistrationTests
{
    [Fact]
    public async Task Production_ContainerHasNoDemoLoader_AndTheDatabaseStaysEmpty()
    {
        var cs = await TestDatabases.CreateEmptyAsync();
        try
        {
            await using var factory = new OpsWebFactory(cs, environment: "Production");
            using var scope = factory.Services.CreateScope();
            Assert.Null(scope.ServiceProvider.GetService<DemoDataSeeder>());
            Assert.Null(scope.ServiceProvider.GetService<DemoPersonnel>());
            Assert.Null(scope.ServiceProvider.GetService<DemoImprovement>());

            await using var db = factory.CreateDbContext();
            Assert.Equal(0, await db.Units.CountAsync());
            Assert.Equal(0, await db.Employees.CountAsync());
            Assert.Equal(0, await db.Users.CountAsync());
        }
        finally { await TestDatabases.DropAsync(cs); }
    }

    [Fact]
    public async Task Production_AskedToLoadTheDemo_RefusesToStart_NamingTheSetting()
    {
        var cs = await TestDatabases.CreateEmptyAsync();
        try
        {
            await using var factory = new OpsWebFactory(cs, loadDemoData: true, environment: "Production");
            var error = Assert.Throws<InvalidOperationException>(() => factory.Server);
            Assert.Contains("DemoData:Load", error.Message);

            await using var db = factory.CreateDbContext();
            Assert.Equal(0, await db.Units.CountAsync());
            Assert.Equal(0, await db.Employees.CountAsync());
        }
        finally { await TestDatabases.DropAsync(cs); }
    }

    [Fact]
    public async Task Development_AskedToLoadTheDemo_HasTheLoader_AndLoadsTheDepartment()
    {
        var cs = await TestDatabases.CreateEmptyAsync();
        try
        {
            // As scripts/run.sh starts it: Development with --DemoData:Load=true.
            await using var factory = new OpsWebFactory(cs, loadDemoData: true, environment: "Development");
            using var scope = factory.Services.CreateScope();
            Assert.NotNull(scope.ServiceProvider.GetService<DemoDataSeeder>());

            await using var db = factory.CreateDbContext();
            Assert.True(await db.Employees.AnyAsync(e => e.Email == DemoDataSeeder.DemoAccounts[0].Email));
        }
        finally { await TestDatabases.DropAsync(cs); }
    }

    [Fact]
    public async Task NotAskedToLoadTheDemo_ContainerHasNoDemoLoader()
    {
        var cs = await TestDatabases.CreateEmptyAsync();
        try
        {
            await using var factory = new OpsWebFactory(cs, environment: "Development");
            using var scope = factory.Services.CreateScope();
            Assert.Null(scope.ServiceProvider.GetService<DemoDataSeeder>());
        }
        finally { await TestDatabases.DropAsync(cs); }
    }
}
