// A worker node: the same jobs as the web app, on another process or machine, sharing the database.
using OpsIntranet.Core;
using OpsIntranet.Core.Common;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Templates.Rendering;

ProductCulture.Apply();
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddOpsCore(builder.Configuration)
    .AddOpsDocuments(builder.Configuration)
    .AddOpsJobs(builder.Configuration);

await builder.Build().RunAsync();
