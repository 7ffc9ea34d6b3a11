using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Evaluations;

namespace OpsIntranet.Core.Data.Configurations;

public class CompetencyConfiguration : IEntityTypeConfiguration<Competency>
{
    public void Configure(EntityTypeBuilder<Competency> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(CompetencyService.MaxName);
        builder.Property(c => c.Description).HasMaxLength(CompetencyService.MaxDescription);
        // The department's default set (BRIEF.md), present in every database so a first cycle can start at once.
        builder.HasData(
            Seed(1, "Job knowledge", "Knows the unit's services, rates, programs, systems and the rules that govern them.", 10),
            Seed(2, "Quality of work", "Work is accurate, complete and meets the unit's standards; results are checked.", 10),
            Seed(3, "Customer service", "Treats customers with courtesy and resolves their needs; models it for the team.", 15),
            Seed(4, "Communication", "Writes and speaks clearly; keeps staff, peers and management informed.", 10),
            Seed(5, "Leadership and supervision", "Directs, coaches and evaluates staff; sets expectations and follows through.", 15),
            Seed(6, "Planning and organization", "Plans work and staffing to meet targets and deadlines; uses resources well.", 10),
            Seed(7, "Problem solving and judgment", "Analyses problems, weighs options and makes sound, timely decisions.", 10),
            Seed(8, "Teamwork", "Works across units and with other departments toward shared goals.", 5),
            Seed(9, "Dependability", "Attendance, punctuality and reliability; meets commitments without reminders.", 10),
            Seed(10, "Emergency readiness", "Responds well to outages, storms and surges; knows and applies the emergency plans.", 5));
    }

    private static Competency Seed(int id, string name, string description, int weight) =>
        new() { Id = id, Name = name, Description = description, Weight = weight, SortOrder = id, IsActive = true };
}

public class EvaluationCycleConfiguration : IEntityTypeConfiguration<EvaluationCycle>
{
    public void Configure(EntityTypeBuilder<EvaluationCycle> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(EvaluationService.MaxCycleName);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.CreatedByName).HasMaxLength(160);
    }
}

public class EvaluationEntityConfiguration : IEntityTypeConfiguration<Evaluation>
{
    public void Configure(EntityTypeBuilder<Evaluation> builder)
    {
        builder.Property(e => e.Status).HasConversion<int>();
        builder.Property(e => e.Strengths).HasMaxLength(EvaluationService.MaxText);
        builder.Property(e => e.AreasToImprove).HasMaxLength(EvaluationService.MaxText);
        builder.Property(e => e.DevelopmentPlan).HasMaxLength(EvaluationService.MaxText);
        builder.Property(e => e.EmployeeComment).HasMaxLength(EvaluationService.MaxComment);
        builder.Property(e => e.OverallScore).HasPrecision(4, 2);
        builder.Property(e => e.FrozenEvidence).HasColumnType("jsonb");
        builder.Property(e => e.Version).IsRowVersion();
        // One evaluation per person per cycle.
        builder.HasIndex(e => new { e.CycleId, e.EmployeeId }).IsUnique();
        builder.HasIndex(e => new { e.EvaluatorUserId, e.Status });
        builder.HasIndex(e => new { e.ReviewerUserId, e.Status });
        builder.HasIndex(e => e.EmployeeId);
        builder.HasOne(e => e.Cycle).WithMany(c => c.Evaluations).HasForeignKey(e => e.CycleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Employee).WithMany().HasForeignKey(e => e.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Unit).WithMany().HasForeignKey(e => e.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Evaluator).WithMany().HasForeignKey(e => e.EvaluatorUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Reviewer).WithMany().HasForeignKey(e => e.ReviewerUserId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_evaluation_reviewer_not_evaluator", "reviewer_user_id <> evaluator_user_id"));
    }
}

public class EvaluationRatingConfiguration : IEntityTypeConfiguration<EvaluationRating>
{
    public void Configure(EntityTypeBuilder<EvaluationRating> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(CompetencyService.MaxName);
        builder.Property(r => r.Description).HasMaxLength(CompetencyService.MaxDescription);
        builder.Property(r => r.Comment).HasMaxLength(EvaluationService.MaxComment);
        builder.HasOne(r => r.Evaluation).WithMany(e => e.Ratings).HasForeignKey(r => r.EvaluationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Competency>().WithMany().HasForeignKey(r => r.CompetencyId).OnDelete(DeleteBehavior.SetNull);
        builder.ToTable(t => t.HasCheckConstraint("ck_rating_range", "rating IS NULL OR rating BETWEEN 1 AND 5"));
    }
}

public class EvaluationEventConfiguration : IEntityTypeConfiguration<EvaluationEvent>
{
    public void Configure(EntityTypeBuilder<EvaluationEvent> builder)
    {
        builder.Property(e => e.Step).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.UserName).HasMaxLength(160);
        builder.Property(e => e.Note).HasMaxLength(2500);
        builder.Property(e => e.Snapshot).HasColumnType("jsonb");
        builder.HasOne(e => e.Evaluation).WithMany(x => x.Events).HasForeignKey(e => e.EvaluationId).OnDelete(DeleteBehavior.Restrict);
    }
}
