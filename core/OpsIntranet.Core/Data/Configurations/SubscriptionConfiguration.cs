using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Reminders;
using OpsIntranet.Core.Subscriptions;

namespace OpsIntranet.Core.Data.Configurations;

public class ReportSubscriptionConfiguration : IEntityTypeConfiguration<ReportSubscription>
{
    public void Configure(EntityTypeBuilder<ReportSubscription> builder)
    {
        builder.ToTable("report_subscriptions");
        builder.Property(s => s.Name).HasMaxLength(120);
        builder.Property(s => s.ReportKind).HasMaxLength(64);
        builder.Property(s => s.PeriodRule).HasConversion<string>().HasMaxLength(24);
        builder.Property(s => s.ScheduleKind).HasConversion<string>().HasMaxLength(24);
        builder.Property(s => s.Weekday).HasConversion<string>().HasMaxLength(12);
        builder.Property(s => s.Cron).HasMaxLength(120);
        builder.Property(s => s.TimeZone).HasMaxLength(64);
        builder.Property(s => s.Subject).HasMaxLength(200);
        builder.Property(s => s.Message).HasMaxLength(2000);
        builder.Property(s => s.SeedKey).HasMaxLength(64);
        builder.Property(s => s.Version).IsRowVersion();
        builder.HasIndex(s => s.SeedKey).IsUnique().HasFilter("seed_key IS NOT NULL");
        builder.HasIndex(s => s.OwnerUserId);
        builder.HasOne(s => s.Owner).WithMany().HasForeignKey(s => s.OwnerUserId).OnDelete(DeleteBehavior.SetNull);
        builder.Ignore(s => s.IsActive);
        builder.Ignore(s => s.RunScope);
        builder.Ignore(s => s.RecurringJobId);
    }
}

public class CityHolidayConfiguration : IEntityTypeConfiguration<CityHoliday>
{
    public void Configure(EntityTypeBuilder<CityHoliday> builder)
    {
        builder.ToTable("city_holidays");
        builder.Property(h => h.Name).HasMaxLength(120);
        builder.HasIndex(h => h.Date).IsUnique();
    }
}

public class ReminderOptOutConfiguration : IEntityTypeConfiguration<ReminderOptOut>
{
    public void Configure(EntityTypeBuilder<ReminderOptOut> builder)
    {
        builder.ToTable("reminder_opt_outs");
        builder.Property(o => o.Kind).HasMaxLength(64);
        builder.HasIndex(o => new { o.UserId, o.Kind }).IsUnique();
        builder.HasOne<Identity.AppUser>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
