using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Evaluations.PacketBatches;

namespace OpsIntranet.Core.Data.Configurations;

public class PacketBatchConfiguration : IEntityTypeConfiguration<PacketBatch>
{
    public void Configure(EntityTypeBuilder<PacketBatch> builder)
    {
        builder.ToTable("packet_batches");
        builder.Property(b => b.RequestedByName).HasMaxLength(160);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.JobError).HasMaxLength(PacketBatchService.MaxError);
        builder.Property(b => b.Version).IsRowVersion();
        builder.HasIndex(b => new { b.CycleId, b.Id });
        // One unfinished batch per cycle and person: a double click or two tabs start one job, not two.
        builder.HasIndex(b => new { b.CycleId, b.RequestedByUserId }).IsUnique().HasFilter("status <> 'Finished'");
        builder.HasOne(b => b.Cycle).WithMany().HasForeignKey(b => b.CycleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(b => b.ZipDocument).WithMany().HasForeignKey(b => b.ZipDocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class PacketBatchItemConfiguration : IEntityTypeConfiguration<PacketBatchItem>
{
    public void Configure(EntityTypeBuilder<PacketBatchItem> builder)
    {
        builder.ToTable("packet_batch_items");
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Error).HasMaxLength(PacketBatchService.MaxError);
        builder.HasIndex(i => new { i.BatchId, i.EvaluationId }).IsUnique();
        builder.HasOne(i => i.Batch).WithMany(b => b.Items).HasForeignKey(i => i.BatchId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(i => i.Evaluation).WithMany().HasForeignKey(i => i.EvaluationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(i => i.Document).WithMany().HasForeignKey(i => i.DocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}
