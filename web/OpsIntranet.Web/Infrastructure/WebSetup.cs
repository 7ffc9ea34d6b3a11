using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Scorecards;

namespace OpsIntranet.Web.Infrastructure;

public static class Policies
{
    public const string Administrator = nameof(Administrator);
}

public static class WebSetup
{
    public const string JobsDashboardPath = "/admin/jobs";

    public static IServiceCollection AddOpsWeb(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.Conventions.AllowAnonymousToFolder("/Account");
            o.Conventions.ConfigureFilter(new HandlerSelectionFilter());
            o.Conventions.ConfigureFilter(new UnstorableTextFilter());
            o.Conventions.ConfigureFilter(new FormTokenFilter());
            // Administrators' pages answer 404 to everyone else, like any record out of scope.
            o.Conventions.AddFolderApplicationModelConvention("/Admin", model => model.Filters.Add(new AdministratorsOnlyFilter()));
            // The department dashboard is the home page; /dashboard is the name people bookmark.
            o.Conventions.AddPageRoute("/Index", "dashboard");
            o.Conventions.AddPageRoute("/Goals/Edit/Index", "units/{unitId:int}/goals/new");
            o.Conventions.AddPageRoute("/Metrics/Edit/Index", "units/{id:int}/metrics/new");
            o.Conventions.AddPageRoute("/People/Edit/Index", "people/new");
            o.Conventions.AddPageRoute("/People/LogEdit/Index", "people/{id:int}/log/new");
            o.Conventions.AddPageRoute("/Improvement/Edit/Index", "initiatives/new");
            o.Conventions.AddPageRoute("/Projects/Edit/Index", "projects/new");
            o.Conventions.AddPageRoute("/Reports/Subscriptions/Edit/Index", "reports/subscriptions/new");
        });
        services.AddAuthorizationBuilder()
            // Every page needs a signed-in user unless it says otherwise.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Administrator, p => p.RequireRole(Roles.Administrator));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, NotFoundWhenForbiddenHandler>();
        services.AddScoped<PageCache>();
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");
        services.AddHttpContextAccessor();
        return services;
    }

    public static WebApplication UseOpsPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.Use(SecurityHeaders);
        app.UseStaticFiles();
        app.UseRouting();
        app.Use(ReadDataVersionOnce);
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(FormReading.ReadPostedFormAsync);
        return app;
    }

    public static WebApplication MapOpsEndpoints(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHangfireDashboardWithAuthorizationPolicy(Policies.Administrator, JobsDashboardPath, JobsDashboard.Options()).WithMetadata(new NotFoundWhenForbidden());
        return app;
    }

    /// <summary>
    /// A GET or HEAD only reads: its cached reads (viewer, storm banner, the page's kept parts) share one read of the
    /// data version. A POST writes and reads the version afresh each time, so what it renders after its own write is new.
    /// </summary>
    private static Task ReadDataVersionOnce(HttpContext context, Func<Task> next)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            context.RequestServices.GetRequiredService<ScorecardCache>().ReadVersionOncePerScope();
        return next();
    }

    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        // The Hangfire dashboard ships its own inline scripts; our pages need none.
        if (!context.Request.Path.StartsWithSegments(JobsDashboardPath))
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'";
        return next();
    }
}
