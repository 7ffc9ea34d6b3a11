using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Core.Data.Configurations;

public class SubmissionEventConfiguration : IEntityTypeConfiguration<SubmissionEvent>
{
    public void Configure(EntityTypeBuilder<SubmissionEvent> builder)
    {
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.UserName).HasMaxLength(160);
        builder.Property(e => e.Reason).HasMaxLength(2000);
        builder.HasIndex(e => new { e.SubmissionId, e.At });
        builder.HasOne(e => e.Submission).WithMany(s => s.Events).HasForeignKey(e => e.SubmissionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class MetricValueChangeConfiguration : IEntityTypeConfiguration<MetricValueChange>
{
    public void Configure(EntityTypeBuilder<MetricValueChange> builder)
    {
        builder.Property(c => c.UserName).HasMaxLength(160);
        builder.Property(c => c.OldValue).HasPrecision(18, 4);
        builder.Property(c => c.NewValue).HasPrecision(18, 4);
        builder.Property(c => c.OldExplanation).HasMaxLength(2000);
        builder.Property(c => c.NewExplanation).HasMaxLength(2000);
        builder.Property(c => c.Source).HasMaxLength(16);
        builder.HasIndex(c => new { c.SubmissionId, c.At });
        builder.HasOne(c => c.Submission).WithMany(s => s.ValueChanges).HasForeignKey(c => c.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.MetricDefinition).WithMany().HasForeignKey(c => c.MetricDefinitionId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class MetricValueImportConfiguration : IEntityTypeConfiguration<MetricValueImport>
{
    public void Configure(EntityTypeBuilder<MetricValueImport> builder)
    {
        builder.Property(i => i.UserName).HasMaxLength(160);
        builder.Property(i => i.FileName).HasMaxLength(MetricValueImport.MaxFileName);
        builder.Property(i => i.NewValues).HasColumnType("numeric(18,4)[]");
        builder.HasIndex(i => new { i.SubmissionId, i.At });
        builder.HasOne(i => i.Submission).WithMany().HasForeignKey(i => i.SubmissionId).OnDelete(DeleteBehavior.Cascade);
    }
}
