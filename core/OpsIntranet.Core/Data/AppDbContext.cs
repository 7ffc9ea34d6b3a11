using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.People;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Units;

namespace OpsIntranet.Core.Data;

public class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<AppUser, AppRole, int>(options), IDataProtectionKeyContext
{
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Employee> Employees => Set<Employee>();
    public DbSet<UserUnit> UserUnits => Set<UserUnit>();
    public DbSet<AccountInvitation> AccountInvitations => Set<AccountInvitation>();
    public DbSet<MetricDefinition> MetricDefinitions => Set<MetricDefinition>();
    public DbSet<MetricTarget> MetricTargets => Set<MetricTarget>();
    public DbSet<MetricSubmission> MetricSubmissions => Set<MetricSubmission>();
    public DbSet<MetricValue> MetricValues => Set<MetricValue>();
    public DbSet<SubmissionEvent> SubmissionEvents => Set<SubmissionEvent>();
    public DbSet<MetricValueChange> MetricValueChanges => Set<MetricValueChange>();
    public DbSet<MetricValueImport> MetricValueImports => Set<MetricValueImport>();
    public DbSet<Goals.UnitGoal> UnitGoals => Set<Goals.UnitGoal>();
    public DbSet<Goals.GoalUpdate> GoalUpdates => Set<Goals.GoalUpdate>();
    public DbSet<PerformanceLogEntry> PerformanceLog => Set<PerformanceLogEntry>();
    public DbSet<LogAddendum> LogAddenda => Set<LogAddendum>();
    public DbSet<DisciplinaryAction> DisciplinaryActions => Set<DisciplinaryAction>();
    public DbSet<DisciplineEvent> DisciplineEvents => Set<DisciplineEvent>();
    public DbSet<Grievance> Grievances => Set<Grievance>();
    public DbSet<PersonnelRecommendation> Recommendations => Set<PersonnelRecommendation>();
    public DbSet<Evaluations.Competency> Competencies => Set<Evaluations.Competency>();
    public DbSet<Evaluations.EvaluationCycle> EvaluationCycles => Set<Evaluations.EvaluationCycle>();
    public DbSet<Evaluations.Evaluation> Evaluations => Set<Evaluations.Evaluation>();
    public DbSet<Evaluations.EvaluationRating> EvaluationRatings => Set<Evaluations.EvaluationRating>();
    public DbSet<Evaluations.EvaluationEvent> EvaluationEvents => Set<Evaluations.EvaluationEvent>();
    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();
    public DbSet<Improvement.Initiative> Initiatives => Set<Improvement.Initiative>();
    public DbSet<Improvement.InitiativeUnit> InitiativeUnits => Set<Improvement.InitiativeUnit>();
    public DbSet<Improvement.InitiativeAction> InitiativeActions => Set<Improvement.InitiativeAction>();
    public DbSet<Improvement.InitiativeUpdate> InitiativeUpdates => Set<Improvement.InitiativeUpdate>();
    public DbSet<Improvement.SignalDismissal> SignalDismissals => Set<Improvement.SignalDismissal>();
    public DbSet<Improvement.SpecialProject> SpecialProjects => Set<Improvement.SpecialProject>();
    public DbSet<Improvement.ProjectMember> ProjectMembers => Set<Improvement.ProjectMember>();
    public DbSet<Improvement.ProjectEntry> ProjectEntries => Set<Improvement.ProjectEntry>();
    public DbSet<ReportRun> ReportRuns => Set<ReportRun>();
    public DbSet<ReportDelivery> ReportDeliveries => Set<ReportDelivery>();
    public DbSet<Subscriptions.ReportSubscription> ReportSubscriptions => Set<Subscriptions.ReportSubscription>();
    public DbSet<Calendar.CityHoliday> CityHolidays => Set<Calendar.CityHoliday>();
    public DbSet<Reminders.ReminderOptOut> ReminderOptOuts => Set<Reminders.ReminderOptOut>();
    public DbSet<Documents.StoredDocument> Documents => Set<Documents.StoredDocument>();
    public DbSet<Common.FormSubmission> FormSubmissions => Set<Common.FormSubmission>();
    public DbSet<Storm.StormEvent> StormEvents => Set<Storm.StormEvent>();
    public DbSet<Storm.StormEventUnit> StormEventUnits => Set<Storm.StormEventUnit>();
    public DbSet<Storm.StormEventStep> StormEventSteps => Set<Storm.StormEventStep>();
    public DbSet<Storm.EssentialStaff> EssentialStaff => Set<Storm.EssentialStaff>();
    public DbSet<Storm.StormShift> StormShifts => Set<Storm.StormShift>();
    public DbSet<Storm.ShiftRequirement> ShiftRequirements => Set<Storm.ShiftRequirement>();
    public DbSet<Storm.ShiftAssignment> ShiftAssignments => Set<Storm.ShiftAssignment>();
    public DbSet<Storm.ShiftReport> ShiftReports => Set<Storm.ShiftReport>();
    public DbSet<Storm.StormHours> StormHours => Set<Storm.StormHours>();
    public DbSet<Storm.AfterActionReview> AfterActionReviews => Set<Storm.AfterActionReview>();
    public DbSet<Storm.AfterActionItem> AfterActionItems => Set<Storm.AfterActionItem>();
    public DbSet<Storm.SitrepSchedule> SitrepSchedules => Set<Storm.SitrepSchedule>();

    /// <summary>The form this unit of work saves, when a person sent one: its one-time token, who sent it and when (see <see cref="Common.FormSubmissions"/>).</summary>
    public Common.SentForm? SentForm { get; set; }

    // Shared by every web node so a cookie issued by one node is accepted by the others.
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
