using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Tests.Infrastructure.Builders;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>
/// The app on an empty database of its own, its SingleSignOn settings pointing at a <see cref="TestOpenIdProvider"/> started
/// for the test, reached through that provider's in-memory handler. Group mapping: ops-supervisors → Supervisor,
/// ops-managers → Manager, ops-administrators → Administrator; ops-unit-a/ops-unit-b → the units UNA and UNB.
/// </summary>
public sealed class CitySignInApp(IDictionary<string, string?>? extraSettings = null) : IAsyncLifetime
{
    private TestOpenIdProvider? _provider;
    private Factory? _factory;

    public TestOpenIdProvider Provider => _provider ?? throw new InvalidOperationException("Not started.");
    public OpsWebFactory Web => _factory ?? throw new InvalidOperationException("Not started.");
    public TestData Data => new(Web);

    public async Task InitializeAsync()
    {
        _provider = await TestOpenIdProvider.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["SingleSignOn:Authority"] = TestOpenIdProvider.Issuer,
            ["SingleSignOn:ClientId"] = TestOpenIdProvider.ClientId,
            ["SingleSignOn:ClientSecret"] = TestOpenIdProvider.ClientSecret,
            ["SingleSignOn:GroupRoles:ops-supervisors"] = "Supervisor",
            ["SingleSignOn:GroupRoles:ops-managers"] = "Manager",
            ["SingleSignOn:GroupRoles:ops-administrators"] = "Administrator",
            ["SingleSignOn:GroupUnits:ops-unit-a"] = "UNA",
            ["SingleSignOn:GroupUnits:ops-unit-b"] = "UNB",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>()) settings[key] = value;
        _factory = new Factory(await TestDatabases.CreateEmptyAsync(), settings, _provider);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            var cs = _factory.ConnectionString;
            await _factory.DisposeAsync();
            await TestDatabases.DropAsync(cs);
        }
        if (_provider is not null) await _provider.DisposeAsync();
    }

    /// <summary>A browser on the app, at https://localhost so the sign-in handler's secure cookies are kept and sent.</summary>
    public HttpClient CreateBrowser() =>
        Web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });

    /// <summary>
    /// "Sign in with City account" as a browser does it: the app sends it to the provider, the provider (signing in
    /// <paramref name="person"/>) answers with a form that posts the code back to the app's callback, the app redeems the code
    /// over the back channel and finishes on its City sign-in page. Returns that last answer (a redirect into the app, or to
    /// the sign-in page with the refusal).
    /// </summary>
    public async Task<HttpResponseMessage> SignInWithCityAsync(HttpClient browser, CityPerson person)
    {
        Provider.Next = person;
        var start = await browser.GetAsync("/account/city-sign-in");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(TestOpenIdProvider.Issuer + "connect/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("code_challenge=", authorize.Query, StringComparison.Ordinal);

        using var providerBrowser = Provider.CreateBrowserClient();
        var answer = await providerBrowser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var form = (IHtmlFormElement)(await answer.ParseAsync()).QuerySelector("form")!;
        Assert.Equal(TestOpenIdProvider.RedirectUri, form.Action);
        var fields = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
        Assert.Contains("code", fields.Keys);

        var callback = await browser.PostAsync("/signin-oidc", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var next = callback.Headers.Location!.OriginalString;
        // A token the handler refuses ends here, at the sign-in page; a good one goes on to the City sign-in page.
        return next.StartsWith("/account/city-sign-in", StringComparison.Ordinal) ? await browser.GetAsync(next) : callback;
    }

    private sealed class Factory(string connectionString, IDictionary<string, string?> settings, TestOpenIdProvider provider)
        // The real clock: the handler's correlation and nonce cookies expire 15 minutes after the app's "now", and a pinned
        // test day in the past would have the browser drop them at once.
        : OpsWebFactory(connectionString, settings: settings, clock: TimeProvider.System)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Discovery, keys and the token endpoint are reached in memory; Configure runs before the handler builds its HttpClient.
            builder.ConfigureTestServices(services => services.Configure<OpenIdConnectOptions>(SingleSignOnSetup.Scheme,
                o => o.BackchannelHttpHandler = provider.CreateBackchannelHandler()));
        }
    }
}
