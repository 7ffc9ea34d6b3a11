using OpsIntranet.Core;
using OpsIntranet.Core.Common;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Web.Infrastructure;

ProductCulture.Apply();
var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddOpsCore(builder.Configuration)
    .AddOpsIdentity()
    .AddOpsSingleSignOn(builder.Configuration)
    .AddOpsDocuments(builder.Configuration)
    .AddOpsJobs(builder.Configuration)
    .AddOpsWeb();
builder.AddOpsDemoWhenAsked();

var app = builder.Build();

await app.PrepareDatabaseAsync();
app.UseOpsPipeline();
app.MapOpsEndpoints();

await app.RunAsync();

/// <summary>Lets the tests start the app with WebApplicationFactory.</summary>
public partial class Program;
