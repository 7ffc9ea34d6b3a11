using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>A person as the City's directory knows them: what the provider puts into the id_token.</summary>
public sealed record CityPerson(string Subject, string Email, IReadOnlyList<string> Groups, bool EmailVerified = true, string Name = "City Person");

/// <summary>How the test changes the id_token on its way from the provider's token endpoint to the app.</summary>
public enum IdTokenTampering { None, Signature, Claims }

/// <summary>
/// A real OpenID Connect provider inside the test: OpenIddict's server on its own TestServer host at https://provider.test/,
/// with ephemeral keys and no store (degraded mode, so the client and redirect address are checked by the two handlers
/// below). Its authorization endpoint signs in <see cref="Next"/> without a login form; the code, PKCE check, token endpoint,
/// discovery document and signing keys are OpenIddict's own, so the app validates real signed tokens.
/// </summary>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    public const string Issuer = "https://provider.test/";
    public const string ClientId = "opsintranet";
    public const string ClientSecret = "provider-test-secret";
    /// <summary>The app's callback as the test clients address it (https://localhost, so the handler's secure cookies travel).</summary>
    public const string RedirectUri = "https://localhost/signin-oidc";

    private readonly WebApplication _app;

    private TestOpenIdProvider(WebApplication app) => _app = app;

    /// <summary>Who signs in at the next authorization request.</summary>
    public CityPerson? Next { get; set; }

    public IdTokenTampering Tampering { get; set; }

    public static async Task<TestOpenIdProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        TestOpenIdProvider? provider = null;
        builder.Services.AddAuthentication();
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetIssuer(new Uri(Issuer));
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(Scopes.Email, Scopes.Profile);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            o.EnableDegradedMode();
            o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            // Degraded mode has no application store: the one client and its redirect address are checked here.
            o.AddEventHandler<ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId) context.Reject(Errors.InvalidClient, "Unknown client.");
                else if (context.RedirectUri != RedirectUri) context.Reject(Errors.InvalidRequest, $"Redirect address {context.RedirectUri} is not registered.");
                return default;
            }));
            o.AddEventHandler<ValidateTokenRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret) context.Reject(Errors.InvalidClient, "Client authentication failed.");
                return default;
            }));
        });
        var app = builder.Build();
        provider = new TestOpenIdProvider(app);
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", ["GET", "POST"], (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
            var person = provider.Next ?? throw new InvalidOperationException("The test did not say who signs in at the provider.");
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.AddClaim(new Claim(Claims.Subject, person.Subject));
            identity.AddClaim(new Claim(Claims.Email, person.Email));
            identity.AddClaim(new Claim(Claims.EmailVerified, person.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
            identity.AddClaim(new Claim(Claims.Name, person.Name));
            foreach (var group in person.Groups) identity.AddClaim(new Claim("groups", group));
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.IdentityToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        await app.StartAsync();
        return provider;
    }

    /// <summary>For the app's OpenID Connect handler (discovery, keys, token endpoint), with the test's tampering on the way back.</summary>
    public HttpMessageHandler CreateBackchannelHandler() => new TamperingHandler(this) { InnerHandler = _app.GetTestServer().CreateHandler() };

    /// <summary>The browser's side of the provider: no redirects followed, the test carries them to the app.</summary>
    public HttpClient CreateBrowserClient() => new(_app.GetTestServer().CreateHandler()) { BaseAddress = new Uri(Issuer) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Alters the id_token in the token endpoint's answer, as someone between the provider and the app could.</summary>
    private sealed class TamperingHandler(TestOpenIdProvider provider) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (provider.Tampering == IdTokenTampering.None || request.RequestUri?.AbsolutePath != "/connect/token" || !response.IsSuccessStatusCode) return response;
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
            var parts = body["id_token"]!.GetValue<string>().Split('.');
            if (provider.Tampering == IdTokenTampering.Signature)
            {
                // Another signature of the same length: the first character of the signature changed.
                var signature = parts[2].ToCharArray();
                signature[0] = signature[0] == 'A' ? 'B' : 'A';
                parts[2] = new string(signature);
            }
            else
            {
                // The payload with one more group (the administrators'), the original signature kept.
                var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
                var groups = payload["groups"] switch { JsonArray a => a, JsonValue v => new JsonArray(v.GetValue<string>()), _ => new JsonArray() };
                payload["groups"] = new JsonArray([.. groups.Select(g => (JsonNode?)g!.GetValue<string>()), "ops-administrators"]);
                parts[1] = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
            }
            body["id_token"] = string.Join('.', parts);
            response.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            return response;
        }
    }
}
