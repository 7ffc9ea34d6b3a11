using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Storm;

namespace OpsIntranet.Core.Data.Configurations;

public class SitrepScheduleConfiguration : IEntityTypeConfiguration<SitrepSchedule>
{
    public void Configure(EntityTypeBuilder<SitrepSchedule> builder)
    {
        builder.ToTable("storm_sitrep_schedules");
        // One schedule per event.
        builder.HasKey(s => s.EventId);
        builder.Property(s => s.Cadence).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Subject).HasMaxLength(200);
        builder.Property(s => s.UpdatedByName).HasMaxLength(160);
        builder.Property(s => s.Version).IsRowVersion();
        builder.HasOne(s => s.Event).WithOne().HasForeignKey<SitrepSchedule>(s => s.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}
