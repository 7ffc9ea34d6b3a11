using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using OpsIntranet.Demo;

namespace OpsIntranet.Tests.Infrastructure;

public static class DemoUsers
{
    public const string UccSupervisor = "dana.reyes@cityutility.example";
    public const string WalkInSupervisor = "omar.haddad@cityutility.example";
    public const string ManagerA = "maria.alvarez@cityutility.example";
    public const string ManagerB = "james.whitfield@cityutility.example";
    public const string Leadership = "patricia.odum@cityutility.example";
    public const string Administrator = "kevin.tran@cityutility.example";
}

public static class HttpHelpers
{
    public static HttpClient CreateBrowserLikeClient(this OpsWebFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<IDocument> ParseAsync(this HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return await BrowsingContext.New(Configuration.Default).OpenAsync(req => req.Content(html));
    }

    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ParseAsync();
    }

    /// <summary>Posts the sign-in form as a browser would (with its antiforgery token) and returns the response.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(this HttpClient client, string email, string password)
    {
        var form = await client.GetDocumentAsync("/account/login");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("The sign-in form has no antiforgery token.");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    public static async Task<HttpClient> SignedInClientAsync(this OpsWebFactory factory, string email, string password = DemoDataSeeder.DemoPassword)
    {
        var client = factory.CreateBrowserLikeClient();
        var response = await client.PostLoginAsync(email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in as {email} failed with {(int)response.StatusCode}.");
        return client;
    }
}
