using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.People;
using OpsIntranet.Core.Storm;

namespace OpsIntranet.Tests.Infrastructure.Builders;

/// <summary>A storm event opened by a manager of its units through the event service, and moved on to the state asked for.</summary>
public sealed class StormEventBuilder(TestData data, string name, BuiltUser openedBy)
{
    private readonly List<BuiltUnit> _units = [];
    private StormState _state = StormState.Monitoring;
    private DateTimeOffset? _start;

    public StormEventBuilder For(params BuiltUnit[] units) { _units.AddRange(units); return this; }
    public StormEventBuilder Starting(DateTimeOffset start) { _start = start; return this; }
    /// <summary>Activated (full), then in recovery or closed if asked, each step as a manager takes it.</summary>
    public StormEventBuilder In(StormState state) { _state = state; return this; }

    /// <summary>Returns the event's id.</summary>
    public async Task<int> BuildAsync()
    {
        var id = await data.AsAsync<StormEventService>(openedBy, (s, v) => s.OpenAsync(v, new StormEventInput(name, StormKind.Hurricane, ActivationLevel.Partial,
            _start ?? data.Factory.Services.GetRequiredService<TimeProvider>().GetUtcNow(), null, [.. _units.Select(u => u.Id)])), "a storm event");
        foreach (var step in new[] { StormState.Activated, StormState.Recovery, StormState.Closed }.Where(s => s <= _state))
            await data.AsAsync<StormEventService>(openedBy, async (s, v) => await s.MoveAsync(v, id, await data.StormVersionAsync(id), step, ActivationLevel.Full), $"a move to {step}");
        return id;
    }
}

public static class StormBuilding
{
    public static StormEventBuilder StormEvent(this TestData data, string name, BuiltUser openedBy) => new(data, name, openedBy);

    /// <summary>Runs one service call as the user, in a scope of its own (as a request would), and insists it succeeds; returns the outcome's id.</summary>
    public static async Task<int> AsAsync<TService>(this TestData data, BuiltUser user, Func<TService, Viewer, Task<Outcome>> step, string what) where TService : notnull =>
        TestData.Must(await data.TryAsAsync(user, step), what);

    /// <summary>Runs one service call as the user in a scope of its own and hands back whatever it answers.</summary>
    public static Task<T> TryAsAsync<TService, T>(this TestData data, BuiltUser user, Func<TService, Viewer, Task<T>> step) where TService : notnull =>
        data.InScopeAsync(async services => await step(services.GetRequiredService<TService>(), await TestData.ViewerAsync(services, user)));

    public static Task<uint> StormVersionAsync(this TestData data, int eventId) =>
        data.InScopeAsync(services => services.GetRequiredService<AppDbContext>().StormEvents.Where(e => e.Id == eventId).Select(e => e.Version).SingleAsync());

    /// <summary>
    /// A person who signs in without any role (a call taker checking in from a phone): an employee of the unit with an
    /// account, no role and no unit assignment. Their unit comes from their employee record.
    /// </summary>
    public static async Task<BuiltUser> StaffAccountAsync(this TestData data, BuiltUnit unit, string first, string last)
    {
        var employee = await data.Employee(first, last).InUnit(unit).BuildAsync();
        return await data.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = employee.Email, Email = employee.Email, EmailConfirmed = true, DisplayName = employee.FullName, EmployeeId = employee.Id, LockoutEnabled = true };
            var created = await users.CreateAsync(user, TestData.Password);
            if (!created.Succeeded) throw new InvalidOperationException("Building a staff account failed: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            return new BuiltUser(user.Id, employee.Email, employee.FullName, "", employee, []);
        });
    }
}
