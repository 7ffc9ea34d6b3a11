using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Improvement;

namespace OpsIntranet.Core.Data.Configurations;

public class InitiativeConfiguration : IEntityTypeConfiguration<Initiative>
{
    public void Configure(EntityTypeBuilder<Initiative> builder)
    {
        builder.Property(i => i.Title).HasMaxLength(InitiativeService.MaxTitle);
        builder.Property(i => i.ProblemStatement).HasMaxLength(InitiativeService.MaxProblem);
        builder.Property(i => i.Stage).HasConversion<string>().HasMaxLength(8);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.SignalKind).HasConversion<string>().HasMaxLength(24);
        builder.Property(i => i.Target).HasPrecision(18, 4);
        builder.Property(i => i.CreatedByName).HasMaxLength(160);
        builder.Property(i => i.Version).IsRowVersion();
        builder.HasIndex(i => new { i.Status, i.DueDate });
        builder.HasIndex(i => i.MetricDefinitionId);
        builder.HasOne(i => i.Metric).WithMany().HasForeignKey(i => i.MetricDefinitionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(i => i.Owner).WithMany().HasForeignKey(i => i.OwnerEmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class InitiativeUnitConfiguration : IEntityTypeConfiguration<InitiativeUnit>
{
    public void Configure(EntityTypeBuilder<InitiativeUnit> builder)
    {
        builder.HasKey(u => new { u.InitiativeId, u.UnitId });
        builder.HasOne(u => u.Initiative).WithMany(i => i.Units).HasForeignKey(u => u.InitiativeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(u => u.Unit).WithMany().HasForeignKey(u => u.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class InitiativeActionConfiguration : IEntityTypeConfiguration<InitiativeAction>
{
    public void Configure(EntityTypeBuilder<InitiativeAction> builder)
    {
        builder.Property(a => a.Description).HasMaxLength(InitiativeService.MaxAction);
        builder.Property(a => a.CompletedByName).HasMaxLength(160);
        builder.Property(a => a.CompletionNote).HasMaxLength(InitiativeService.MaxNote);
        builder.Property(a => a.Version).IsRowVersion();
        builder.HasIndex(a => new { a.OwnerEmployeeId, a.CompletedOn });
        builder.HasOne(a => a.Initiative).WithMany(i => i.Actions).HasForeignKey(a => a.InitiativeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Owner).WithMany().HasForeignKey(a => a.OwnerEmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class InitiativeUpdateConfiguration : IEntityTypeConfiguration<InitiativeUpdate>
{
    public void Configure(EntityTypeBuilder<InitiativeUpdate> builder)
    {
        builder.Property(u => u.Note).HasMaxLength(InitiativeService.MaxNote);
        builder.Property(u => u.AuthorName).HasMaxLength(160);
        builder.Property(u => u.Stage).HasConversion<string>().HasMaxLength(8);
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne(u => u.Initiative).WithMany(i => i.Updates).HasForeignKey(u => u.InitiativeId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class SignalDismissalConfiguration : IEntityTypeConfiguration<SignalDismissal>
{
    public void Configure(EntityTypeBuilder<SignalDismissal> builder)
    {
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(d => d.Reason).HasMaxLength(InitiativeService.MaxReason);
        builder.Property(d => d.ByName).HasMaxLength(160);
        // One dismissal per firing: the same metric, kind and month.
        builder.HasIndex(d => new { d.MetricDefinitionId, d.Kind, d.Month }).IsUnique();
        builder.HasOne(d => d.Metric).WithMany().HasForeignKey(d => d.MetricDefinitionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class SpecialProjectConfiguration : IEntityTypeConfiguration<SpecialProject>
{
    public void Configure(EntityTypeBuilder<SpecialProject> builder)
    {
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Name).HasMaxLength(ProjectService.MaxName);
        builder.Property(p => p.Purpose).HasMaxLength(ProjectService.MaxPurpose);
        builder.Property(p => p.CreatedByName).HasMaxLength(160);
        builder.Property(p => p.Version).IsRowVersion();
        builder.HasOne(p => p.Lead).WithMany().HasForeignKey(p => p.LeadEmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class ProjectMemberConfiguration : IEntityTypeConfiguration<ProjectMember>
{
    public void Configure(EntityTypeBuilder<ProjectMember> builder)
    {
        builder.Property(m => m.ExternalName).HasMaxLength(160);
        builder.Property(m => m.Role).HasMaxLength(ProjectService.MaxRole);
        builder.HasOne(m => m.Project).WithMany(p => p.Members).HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.Employee).WithMany().HasForeignKey(m => m.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_member_is_someone", "(employee_id IS NOT NULL) <> (external_name IS NOT NULL)"));
        // An employee sits on a project once, even when the form is posted twice.
        builder.HasIndex(m => new { m.ProjectId, m.EmployeeId }).IsUnique().HasFilter("employee_id IS NOT NULL");
    }
}

public class ProjectEntryConfiguration : IEntityTypeConfiguration<ProjectEntry>
{
    public void Configure(EntityTypeBuilder<ProjectEntry> builder)
    {
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Title).HasMaxLength(ProjectService.MaxName);
        builder.Property(e => e.Notes).HasMaxLength(ProjectService.MaxNotes);
        builder.Property(e => e.AuthorName).HasMaxLength(160);
        builder.HasOne(e => e.Project).WithMany(p => p.Entries).HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
