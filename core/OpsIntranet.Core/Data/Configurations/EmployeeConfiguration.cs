using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.People;

namespace OpsIntranet.Core.Data.Configurations;

public class EmployeeConfiguration : IEntityTypeConfiguration<Employee>
{
    public void Configure(EntityTypeBuilder<Employee> builder)
    {
        builder.Property(e => e.FirstName).HasMaxLength(80);
        builder.Property(e => e.LastName).HasMaxLength(80);
        builder.Property(e => e.Position).HasMaxLength(120);
        builder.Property(e => e.Email).HasMaxLength(254);
        builder.HasIndex(e => e.Email).IsUnique();
        builder.Ignore(e => e.FullName);
        builder.Property(e => e.Version).IsRowVersion();
        builder.HasOne(e => e.Unit).WithMany().HasForeignKey(e => e.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.ReportsTo).WithMany().HasForeignKey(e => e.ReportsToId).OnDelete(DeleteBehavior.Restrict);
    }
}
