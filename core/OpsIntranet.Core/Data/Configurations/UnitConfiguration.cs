using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Units;

namespace OpsIntranet.Core.Data.Configurations;

public class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> builder)
    {
        builder.Property(u => u.Name).HasMaxLength(120);
        builder.Property(u => u.Code).HasMaxLength(16);
        builder.Property(u => u.Description).HasMaxLength(1000);
        builder.HasIndex(u => u.Name).IsUnique();
        builder.HasIndex(u => u.Code).IsUnique();
        builder.Property(u => u.Version).IsRowVersion();
    }
}
