using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.People;

namespace OpsIntranet.Core.Data.Configurations;

public class PerformanceLogEntryConfiguration : IEntityTypeConfiguration<PerformanceLogEntry>
{
    public void Configure(EntityTypeBuilder<PerformanceLogEntry> builder)
    {
        builder.ToTable("performance_log");
        builder.Property(e => e.Type).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.Summary).HasMaxLength(PerformanceLogService.MaxSummary);
        builder.Property(e => e.Details).HasMaxLength(PerformanceLogService.MaxDetails);
        builder.Property(e => e.AuthorName).HasMaxLength(160);
        builder.Property(e => e.Version).IsRowVersion();
        builder.HasIndex(e => new { e.EmployeeId, e.Date });
        builder.HasOne(e => e.Employee).WithMany().HasForeignKey(e => e.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Identity.AppUser>().WithMany().HasForeignKey(e => e.AuthorUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class LogAddendumConfiguration : IEntityTypeConfiguration<LogAddendum>
{
    public void Configure(EntityTypeBuilder<LogAddendum> builder)
    {
        builder.Property(a => a.Text).HasMaxLength(PerformanceLogService.MaxAddendum);
        builder.Property(a => a.AuthorName).HasMaxLength(160);
        builder.HasOne(a => a.Entry).WithMany(e => e.Addenda).HasForeignKey(a => a.EntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class DisciplinaryActionConfiguration : IEntityTypeConfiguration<DisciplinaryAction>
{
    public void Configure(EntityTypeBuilder<DisciplinaryAction> builder)
    {
        builder.Property(a => a.Level).HasConversion<string>().HasMaxLength(24);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Policy).HasMaxLength(DisciplineService.MaxPolicy);
        builder.Property(a => a.Description).HasMaxLength(DisciplineService.MaxDescription);
        builder.Property(a => a.RecommendedByName).HasMaxLength(160);
        builder.Property(a => a.Version).IsRowVersion();
        builder.HasIndex(a => new { a.EmployeeId, a.IncidentDate });
        builder.HasOne(a => a.Employee).WithMany().HasForeignKey(a => a.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class DisciplineEventConfiguration : IEntityTypeConfiguration<DisciplineEvent>
{
    public void Configure(EntityTypeBuilder<DisciplineEvent> builder)
    {
        builder.Property(e => e.Step).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.UserName).HasMaxLength(160);
        builder.Property(e => e.Note).HasMaxLength(DisciplineService.MaxNote);
        builder.HasOne(e => e.Action).WithMany(a => a.Events).HasForeignKey(e => e.ActionId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class GrievanceConfiguration : IEntityTypeConfiguration<Grievance>
{
    public void Configure(EntityTypeBuilder<Grievance> builder)
    {
        builder.Property(g => g.Grounds).HasMaxLength(DisciplineService.MaxDescription);
        builder.Property(g => g.Resolution).HasMaxLength(DisciplineService.MaxDescription);
        builder.Property(g => g.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.ResolvedByName).HasMaxLength(160);
        builder.HasOne(g => g.Action).WithMany(a => a.Grievances).HasForeignKey(g => g.ActionId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class RecommendationConfiguration : IEntityTypeConfiguration<PersonnelRecommendation>
{
    public void Configure(EntityTypeBuilder<PersonnelRecommendation> builder)
    {
        builder.ToTable("personnel_recommendations");
        builder.Property(r => r.Type).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.CandidateName).HasMaxLength(RecommendationService.MaxCandidate);
        builder.Property(r => r.Justification).HasMaxLength(RecommendationService.MaxJustification);
        builder.Property(r => r.DecisionNote).HasMaxLength(RecommendationService.MaxNote);
        builder.Property(r => r.RecommendedByName).HasMaxLength(160);
        builder.Property(r => r.DecidedByName).HasMaxLength(160);
        builder.Property(r => r.Version).IsRowVersion();
        builder.HasIndex(r => new { r.Status, r.RecommendedAt });
        builder.HasOne(r => r.Employee).WithMany().HasForeignKey(r => r.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Unit).WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        // Exactly one subject: an employee, or for a hire a named candidate.
        builder.ToTable(t => t.HasCheckConstraint("ck_recommendation_subject", "(employee_id IS NOT NULL) <> (candidate_name IS NOT NULL)"));
    }
}

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Action).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.RecordType).HasMaxLength(24);
        builder.Property(a => a.UserName).HasMaxLength(160);
        builder.Property(a => a.Detail).HasMaxLength(2000);
        builder.HasIndex(a => new { a.RecordType, a.RecordId });
        builder.HasIndex(a => a.SubjectEmployeeId);
        builder.HasIndex(a => new { a.UserId, a.At });
        // "Who saw this record / this person" must find the lists that showed them too: GIN answers `@>` on the arrays.
        builder.HasIndex(a => a.RecordIds).HasMethod("gin");
        builder.HasIndex(a => a.SubjectEmployeeIds).HasMethod("gin");
    }
}
