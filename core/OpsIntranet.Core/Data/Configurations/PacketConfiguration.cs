using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Evaluations.Packets;

namespace OpsIntranet.Core.Data.Configurations;

public class PacketVersionConfiguration : IEntityTypeConfiguration<PacketVersion>
{
    public void Configure(EntityTypeBuilder<PacketVersion> builder)
    {
        builder.ToTable("packet_versions");
        builder.Property(v => v.Step).HasConversion<string>().HasMaxLength(16);
        builder.HasOne(v => v.Evaluation).WithMany().HasForeignKey(v => v.EvaluationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(v => v.Event).WithMany().HasForeignKey(v => v.EventId).OnDelete(DeleteBehavior.Restrict);
        // One version per step, numbered once per evaluation.
        builder.HasIndex(v => new { v.EvaluationId, v.Number }).IsUnique();
        builder.HasIndex(v => v.EventId).IsUnique();
    }
}

public class PacketCopyConfiguration : IEntityTypeConfiguration<PacketCopy>
{
    public void Configure(EntityTypeBuilder<PacketCopy> builder)
    {
        builder.ToTable("packet_copies");
        builder.Property(c => c.Kind).HasMaxLength(64);
        builder.Property(c => c.Fingerprint).HasMaxLength(64);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Error).HasMaxLength(2000);
        builder.HasOne(c => c.PacketVersion).WithMany(v => v.Copies).HasForeignKey(c => c.PacketVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.Document).WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.PacketVersionId, c.Kind }).IsUnique();
        // The verify page looks a printed fingerprint up by its first characters.
        builder.HasIndex(c => c.Fingerprint);
    }
}
