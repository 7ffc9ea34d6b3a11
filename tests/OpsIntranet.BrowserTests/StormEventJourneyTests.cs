using Microsoft.Playwright;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

/// <summary>
/// A manager opens and activates a storm event in the browser; the unit's supervisor then sees the banner on an
/// unrelated page until recovery starts. Every storm page passes axe (the banner's colours included).
/// </summary>
public class StormEventJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Manager_OpensAndActivatesAnEvent_TheUnitSeesTheBanner_UntilRecovery()
    {
        var maria = await app.SignedInPageAsync(DemoUsers.ManagerA);
        await maria.GotoAsync("/storm");
        // The demo's closed hurricane is listed; nothing is activated, so no banner.
        await Assertions.Expect(maria.Locator("#events")).ToContainTextAsync("Hurricane Delia");
        await Assertions.Expect(maria.Locator("[data-storm-banner]")).ToHaveCountAsync(0);
        await BrowserApp.AssertAccessibleAsync(maria);

        await maria.GetByRole(AriaRole.Link, new() { Name = "Open an event" }).ClickAsync();
        await maria.GetByRole(AriaRole.Button, new() { Name = "Open the event" }).ClickAsync();
        await Assertions.Expect(maria.Locator("#UnitIds-error")).ToHaveTextAsync("Choose at least one affected unit.");
        await BrowserApp.AssertAccessibleAsync(maria, 422);
        await maria.GetByLabel("Name", new() { Exact = true }).FillAsync("Hurricane Omar");
        await maria.GetByLabel("Kind").SelectOptionAsync("Hurricane");
        await maria.GetByLabel("Start (Eastern)").FillAsync("2026-11-16T08:00");
        await maria.GetByLabel("Utility Contact Center").CheckAsync();
        await maria.GetByLabel("Walk-In Unit").CheckAsync();
        await maria.GetByRole(AriaRole.Button, new() { Name = "Open the event" }).ClickAsync();
        await Assertions.Expect(maria.Locator("#flash")).ToHaveTextAsync("Event opened, in monitoring.");
        await Assertions.Expect(maria.Locator("#facts")).ToContainTextAsync("Mon Nov 16, 08:00 EST");
        await BrowserApp.AssertAccessibleAsync(maria);

        await maria.GetByLabel("Full activation").CheckAsync();
        await maria.GetByRole(AriaRole.Button, new() { Name = "Activate" }).ClickAsync();
        await Assertions.Expect(maria.Locator("#state")).ToHaveTextAsync("Activated");
        var eventPath = new Uri(maria.Url).AbsolutePath;

        var dana = await app.SignedInPageAsync(DemoUsers.UccSupervisor);
        await dana.GotoAsync("/goals");
        var banner = dana.GetByRole(AriaRole.Region, new() { Name = "Storm event activated" });
        await Assertions.Expect(banner).ToHaveTextAsync("Hurricane Omar — activated (full): Utility Contact Center, Walk-In Unit");
        await BrowserApp.AssertAccessibleAsync(dana);
        await banner.GetByRole(AriaRole.Link).ClickAsync();
        Assert.Equal(eventPath, new Uri(dana.Url).AbsolutePath);
        await BrowserApp.AssertAccessibleAsync(dana);

        // Partial activation shows the amber banner, which must pass the contrast check too.
        await maria.GetByLabel("Change the activation level").SelectOptionAsync("Partial");
        await maria.GetByRole(AriaRole.Button, new() { Name = "Change the level" }).ClickAsync();
        await Assertions.Expect(maria.Locator("[data-storm-banner]")).ToContainTextAsync("activated (partial)");
        await BrowserApp.AssertAccessibleAsync(maria);

        await maria.GotoAsync("/storm/roster");
        await Assertions.Expect(maria.Locator("#roster")).ToBeVisibleAsync();
        await BrowserApp.AssertAccessibleAsync(maria);

        await maria.GotoAsync(eventPath);
        await maria.GetByRole(AriaRole.Button, new() { Name = "Start recovery" }).ClickAsync();
        await Assertions.Expect(maria.Locator("#state")).ToHaveTextAsync("Recovery");
        await dana.GotoAsync("/goals");
        await Assertions.Expect(dana.Locator("[data-storm-banner]")).ToHaveCountAsync(0);
    }
}
