using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Reports;

namespace OpsIntranet.Core.Data.Configurations;

public class ReportRunConfiguration : IEntityTypeConfiguration<ReportRun>
{
    public void Configure(EntityTypeBuilder<ReportRun> builder)
    {
        builder.Property(r => r.Report).HasMaxLength(64);
        builder.Property(r => r.Scope).HasMaxLength(64);
        builder.Property(r => r.Period).HasMaxLength(32);
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.TriggerKey).HasMaxLength(100);
        builder.Property(r => r.Summary).HasColumnType("jsonb");
        builder.HasIndex(r => new { r.Report, r.Scope, r.Period, r.Trigger, r.TriggerKey }).IsUnique();
        builder.HasOne(r => r.Document).WithMany().HasForeignKey(r => r.DocumentId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.HasOne(r => r.Subscription).WithMany().HasForeignKey(r => r.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.SubscriptionId, r.CreatedAt });
    }
}

public class ReportDeliveryConfiguration : IEntityTypeConfiguration<ReportDelivery>
{
    public void Configure(EntityTypeBuilder<ReportDelivery> builder)
    {
        builder.Property(d => d.Recipient).HasMaxLength(254);
        builder.Property(d => d.LastError).HasMaxLength(2000);
        builder.Property(d => d.MessageId).HasMaxLength(200);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(d => new { d.ReportRunId, d.Recipient }).IsUnique();
        // The administrator's page of failed deliveries reads only these.
        builder.HasIndex(d => d.Status).HasFilter("status = 'Failed'");
        builder.HasOne(d => d.ReportRun).WithMany(r => r.Deliveries).HasForeignKey(d => d.ReportRunId).OnDelete(DeleteBehavior.Cascade);
    }
}
