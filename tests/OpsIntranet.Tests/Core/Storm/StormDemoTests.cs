using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Storm;
using OpsIntranet.Demo;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Core.Storm;

/// <summary>
/// The demo's hurricane loads on awkward dates (the 1st of a month, the spring daylight-saving day) as a closed past
/// event with everything the pages need, and leaves nothing active.
/// </summary>
public class StormDemoTests
{
    public static TheoryData<string> Dates => new() { "2026-12-01T14:00:00Z", "2027-03-14T07:30:00Z" };

    [Theory]
    [MemberData(nameof(Dates))]
    public async Task DemoHurricane_LoadsClosedAndComplete(string instant)
    {
        var clock = new MovableClock { Now = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture) };
        var cs = await TestDatabases.CreateEmptyAsync();
        try
        {
            await using var app = new OpsWebFactory(cs, clock: clock);
            var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddOpsDemo()));
            await using (var load = factory.Services.CreateAsyncScope())
                Assert.Equal(DemoSeedResult.Loaded, await load.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync());

            await using var scope = factory.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<AppDbContext>();
            async Task<Viewer> As(string email) => await services.GetRequiredService<Viewers>().ForUserAsync(await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
            var maria = await As("maria.alvarez@cityutility.example");
            var dana = await As("dana.reyes@cityutility.example");

            var e = await db.StormEvents.AsNoTracking().SingleAsync();
            Assert.Equal((DemoStorm.EventName, StormKind.Hurricane, StormState.Closed), (e.Name, e.Kind, e.State));
            Assert.False(await db.StormEventUnits.AnyAsync(u => u.IsOpen));
            Assert.Empty(await services.GetRequiredService<StormEventService>().BannerAsync(maria));
            Assert.Empty(await services.GetRequiredService<StormEventService>().BannerAsync(dana));

            var details = (await services.GetRequiredService<StormEventService>().DetailsAsync(dana, e.Id))!;
            Assert.Equal(["Utility Contact Center", "Walk-In Unit"], details.Units.Select(u => u.Name));
            Assert.Equal([StormState.Monitoring, StormState.Activated, StormState.Recovery, StormState.Closed], details.Steps.Select(s => s.ToState));
            Assert.True(details.Steps.Zip(details.Steps.Skip(1)).All(p => p.First.At < p.Second.At) && details.Steps[^1].At < clock.Now, "the steps are dated in order, in the past");

            var coverage = (await services.GetRequiredService<StormShiftService>().CoverageAsync(dana, e.Id))!;
            Assert.Equal(["A", "B", "A", "B", "A", "B"], coverage.Select(s => s.Label));
            Assert.True(coverage.Select(s => (s.StartsAt, s.EndsAt)).Zip(coverage.Skip(1)).All(p => p.First.EndsAt == p.Second.StartsAt), "the rotation runs without holes");
            Assert.Contains(coverage, s => s.HasGap);

            var slots = (await services.GetRequiredService<ShiftReportService>().SlotsAsync(maria, e.Id))!;
            Assert.Equal(12, slots.Count(s => s.Report is not null));
            Assert.Single(slots, s => s.Late);

            var labor = (await services.GetRequiredService<StormHoursService>().LaborSummaryAsync(maria, e.Id))!;
            Assert.NotNull(labor.SignedOff);
            Assert.Equal(labor.Total, labor.Rows.Sum(r => r.Hours));
            Assert.Equal(labor.Total, labor.People.Sum(p => p.Days.Sum(d => d.Hours)));
            Assert.True(labor.Total > 0 && labor.Dates.Count >= 3);
            Assert.Single(labor.Rows, r => r.CorrectedByName is not null);

            var review = (await services.GetRequiredService<AfterActionService>().ReviewAsync(dana, e.Id))!;
            Assert.Equal(2, review.Items.Count);
            var linked = Assert.Single(review.Items, i => i.InitiativeId is not null);
            Assert.True(await db.Initiatives.AnyAsync(i => i.Id == linked.InitiativeId));
        }
        finally { await TestDatabases.DropAsync(cs); }
    }
}
