using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Documents;

namespace OpsIntranet.Core.Data.Configurations;

public class StoredDocumentConfiguration : IEntityTypeConfiguration<StoredDocument>
{
    public void Configure(EntityTypeBuilder<StoredDocument> builder)
    {
        builder.ToTable("documents");
        builder.Property(d => d.Kind).HasMaxLength(64);
        builder.Property(d => d.SubjectType).HasMaxLength(64);
        builder.Property(d => d.FileName).HasMaxLength(200);
        builder.Property(d => d.ContentType).HasMaxLength(100);
        builder.Property(d => d.Sha256).HasMaxLength(64).IsFixedLength(false);
        builder.Ignore(d => d.Key);
        builder.HasIndex(d => new { d.Kind, d.SubjectType, d.SubjectId, d.Version }).IsUnique();
        builder.HasIndex(d => new { d.SubjectType, d.SubjectId });
    }
}

public class DocumentContentConfiguration : IEntityTypeConfiguration<DocumentContent>
{
    public void Configure(EntityTypeBuilder<DocumentContent> builder)
    {
        builder.ToTable("document_contents");
        builder.HasKey(c => c.DocumentId);
        builder.HasOne(c => c.Document).WithOne().HasForeignKey<DocumentContent>(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
        // Kept out of line whatever its size: the row is only ever read as a stream.
        builder.Property(c => c.Content).HasColumnType("bytea");
    }
}
