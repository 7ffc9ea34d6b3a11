using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Core.Storm;

/// <summary>
/// The people around a storm, built for each test: the Contact Center and the Walk-In (the units a storm affects)
/// and Billing (which it does not). Mae manages the first two, Bo manages Billing; Dee supervises the Contact Center,
/// Lin leads in it on the roster; Kai supervises Billing; Cal is a Contact Center call taker who signs in without a
/// role; Ruth is leadership and Ike an administrator.
/// </summary>
public sealed class StormWorld
{
    public required TestData Data { get; init; }
    public required BuiltUnit ContactCenter { get; init; }
    public required BuiltUnit WalkIn { get; init; }
    public required BuiltUnit Billing { get; init; }
    public required BuiltUser Manager { get; init; }
    public required BuiltUser OtherManager { get; init; }
    public required BuiltUser Supervisor { get; init; }
    public required BuiltUser Lead { get; init; }
    public required BuiltUser OtherSupervisor { get; init; }
    public required BuiltUser CallTaker { get; init; }
    public required BuiltUser Leadership { get; init; }
    public required BuiltUser Administrator { get; init; }

    public static async Task<StormWorld> BuildAsync(TestData data)
    {
        var cc = await data.Unit("CC").Named("Contact Center").BuildAsync();
        var wi = await data.Unit("WI").Named("Walk-In").BuildAsync();
        var bil = await data.Unit("BIL").Named("Billing").BuildAsync();
        var ruth = await data.User("Ruth", "Okafor").Leadership().BuildAsync();
        return new StormWorld
        {
            Data = data, ContactCenter = cc, WalkIn = wi, Billing = bil, Leadership = ruth,
            Manager = await data.User("Mae", "Ross").ManagerOf(cc, wi).ReportsTo(ruth).BuildAsync(),
            OtherManager = await data.User("Bo", "Lind").ManagerOf(bil).ReportsTo(ruth).BuildAsync(),
            Supervisor = await data.User("Dee", "Vance").SupervisorOf(cc).BuildAsync(),
            Lead = await data.User("Lin", "Park").SupervisorOf(cc).BuildAsync(),
            OtherSupervisor = await data.User("Kai", "Moss").SupervisorOf(bil).BuildAsync(),
            CallTaker = await data.StaffAccountAsync(cc, "Cal", "Torres"),
            Administrator = await data.User("Ike", "Bauer").Administrator().BuildAsync(),
        };
    }

    /// <summary>An Eastern wall-clock time as the UTC instant the services store.</summary>
    public static DateTimeOffset Eastern(int year, int month, int day, int hour, int minute = 0) =>
        StormTime.FromEastern(new DateOnly(year, month, day), new TimeOnly(hour, minute));
}
