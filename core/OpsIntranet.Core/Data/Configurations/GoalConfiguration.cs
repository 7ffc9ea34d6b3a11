using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Goals;

namespace OpsIntranet.Core.Data.Configurations;

public class UnitGoalConfiguration : IEntityTypeConfiguration<UnitGoal>
{
    public void Configure(EntityTypeBuilder<UnitGoal> builder)
    {
        builder.Property(g => g.Statement).HasMaxLength(1000);
        builder.Property(g => g.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.MetricTarget).HasPrecision(18, 4);
        builder.Property(g => g.Version).IsRowVersion();
        builder.HasIndex(g => new { g.UnitId, g.FiscalYear });
        builder.HasOne(g => g.Unit).WithMany().HasForeignKey(g => g.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(g => g.Owner).WithMany().HasForeignKey(g => g.OwnerEmployeeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(g => g.Metric).WithMany().HasForeignKey(g => g.MetricDefinitionId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class GoalUpdateConfiguration : IEntityTypeConfiguration<GoalUpdate>
{
    public void Configure(EntityTypeBuilder<GoalUpdate> builder)
    {
        builder.Property(u => u.Note).HasMaxLength(2000);
        builder.Property(u => u.AuthorName).HasMaxLength(160);
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(u => new { u.GoalId, u.Date });
        builder.HasOne(u => u.Goal).WithMany(g => g.Updates).HasForeignKey(u => u.GoalId).OnDelete(DeleteBehavior.Cascade);
    }
}
