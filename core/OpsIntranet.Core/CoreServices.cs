using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Scorecards;

namespace OpsIntranet.Core;

public static class CoreServices
{
    /// <summary>The database and the domain services shared by the web app, the worker and the tests.</summary>
    public static IServiceCollection AddOpsCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOpsDatabase(configuration);
        services.TryAddSingleton(TimeProvider.System);
        // Keys in the database: every web node decrypts every other node's cookies and antiforgery tokens, and a
        // worker's unsubscribe links open on any web node.
        services.AddDataProtection().SetApplicationName("OpsIntranet").PersistKeysToDbContext<Data.AppDbContext>();
        services.AddSingleton<Common.UnsubscribeTokens>();
        services.AddCheckedSettings<Metrics.MetricsOptions, Metrics.MetricsOptionsValidation>(configuration, Metrics.MetricsOptions.Section);
        services.AddScoped<Metrics.MonthlySubmissionService>();
        services.AddScoped<Metrics.CompletenessService>();
        services.AddScoped<Metrics.SignalService>();
        services.AddScoped<Goals.GoalService>();
        services.AddScoped<Metrics.MetricDefinitionService>();
        services.AddScoped<Metrics.MetricImportService>();
        services.AddScoped<Metrics.MetricExportService>();
        // Bounded: at most this many cached scorecards, the least used dropped first.
        services.AddMemoryCache(o => o.SizeLimit = 2000);
        services.AddScoped<ScorecardCache>();
        services.AddScoped<ScorecardService>();
        services.AddScoped<Access.Viewers>();
        services.AddCheckedSettings<People.PeopleOptions, People.PeopleOptionsValidation>(configuration, People.PeopleOptions.Section);
        services.AddScoped<Audit.AuditLog>();
        // The audit of reads has its own connections, so it can still write what is queued while the app stops.
        services.AddSingleton(provider => new Audit.ReadAuditWriter(provider.GetRequiredService<IConfiguration>().GetOpsConnectionString()));
        services.AddScoped<People.PeopleService>();
        services.AddScoped<People.PerformanceLogService>();
        services.AddScoped<People.DisciplineService>();
        services.AddScoped<People.RecommendationService>();
        services.AddScoped<Evaluations.CompetencyService>();
        services.AddScoped<Evaluations.EvidenceService>();
        services.AddScoped<Evaluations.EvaluationService>();
        services.AddScoped<People.InboxService>();
        services.AddScoped<People.PersonFileQuery>();
        services.AddScoped<Evaluations.EvaluationQuery>();
        services.AddScoped<Evaluations.PacketBatches.PacketBatchService>();
        services.AddScoped<Evaluations.Packets.PacketService>();
        services.AddScoped<Improvement.InitiativeService>();
        services.AddScoped<Improvement.ProjectService>();
        services.AddScoped<Documents.DocumentStore>();
        services.AddScoped<Reports.DeliveryLedger>();
        services.AddScoped<Reports.ImprovementReportQuery>();
        services.AddScoped<Calendar.CityHolidayService>();
        services.AddScoped<Units.UnitAdminService>();
        services.AddScoped<Identity.AccountAdminService>();
        services.AddSingleton<Identity.InvitationTokens>();
        services.AddCheckedSettings<Reminders.ReminderOptions, Reminders.ReminderOptionsValidation>(configuration, Reminders.ReminderOptions.Section);
        services.AddScoped<Reminders.ReminderPlanner>();
        services.AddScoped<Reminders.ReminderPreferences>();
        services.AddScoped<Storm.StormEventService>();
        services.AddScoped<Storm.StormRosterService>();
        services.AddScoped<Storm.StormShiftService>();
        services.AddScoped<Storm.ShiftReportService>();
        services.AddScoped<Storm.StormHoursService>();
        services.AddScoped<Storm.AfterActionService>();
        services.AddScoped<Storm.SitrepQuery>();
        return services;
    }
}
