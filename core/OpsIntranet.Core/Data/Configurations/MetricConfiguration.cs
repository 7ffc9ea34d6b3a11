using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Core.Data.Configurations;

public class MetricDefinitionConfiguration : IEntityTypeConfiguration<MetricDefinition>
{
    public void Configure(EntityTypeBuilder<MetricDefinition> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(160);
        builder.Property(m => m.Code).HasMaxLength(64);
        builder.Property(m => m.Description).HasMaxLength(1000);
        builder.Property(m => m.MinValue).HasPrecision(18, 4);
        builder.Property(m => m.MaxValue).HasPrecision(18, 4);
        builder.HasIndex(m => new { m.UnitId, m.Code }).IsUnique();
        builder.HasOne(m => m.Unit).WithMany(u => u.Metrics).HasForeignKey(m => m.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.Version).IsRowVersion();
    }
}

public class MetricTargetConfiguration : IEntityTypeConfiguration<MetricTarget>
{
    public void Configure(EntityTypeBuilder<MetricTarget> builder)
    {
        builder.Property(t => t.Target).HasPrecision(18, 4);
        builder.Property(t => t.Tolerance).HasPrecision(18, 4);
        builder.HasIndex(t => new { t.MetricDefinitionId, t.FiscalYear }).IsUnique();
        builder.HasOne(t => t.MetricDefinition).WithMany(m => m.Targets).HasForeignKey(t => t.MetricDefinitionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class MetricSubmissionConfiguration : IEntityTypeConfiguration<MetricSubmission>
{
    public void Configure(EntityTypeBuilder<MetricSubmission> builder)
    {
        builder.Property(s => s.ReturnReason).HasMaxLength(2000);
        builder.HasIndex(s => new { s.UnitId, s.Month }).IsUnique();
        builder.HasIndex(s => new { s.Month, s.Status });
        builder.HasOne(s => s.Unit).WithMany().HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Version).IsRowVersion();
    }
}

public class MetricValueConfiguration : IEntityTypeConfiguration<MetricValue>
{
    public void Configure(EntityTypeBuilder<MetricValue> builder)
    {
        builder.Property(v => v.Value).HasPrecision(18, 4);
        builder.Property(v => v.Explanation).HasMaxLength(2000);
        builder.HasIndex(v => new { v.SubmissionId, v.MetricDefinitionId }).IsUnique();
        builder.HasIndex(v => v.MetricDefinitionId);
        builder.HasOne(v => v.Submission).WithMany(s => s.Values).HasForeignKey(v => v.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(v => v.MetricDefinition).WithMany().HasForeignKey(v => v.MetricDefinitionId).OnDelete(DeleteBehavior.Restrict);
    }
}
