using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Storm;

namespace OpsIntranet.Core.Data.Configurations;

public class StormEventConfiguration : IEntityTypeConfiguration<StormEvent>
{
    public void Configure(EntityTypeBuilder<StormEvent> builder)
    {
        builder.ToTable("storm_events");
        builder.Property(e => e.Name).HasMaxLength(StormEventService.MaxName);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Level).HasConversion<string>().HasMaxLength(12);
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(12);
        builder.Property(e => e.CreatedByName).HasMaxLength(160);
        builder.Property(e => e.HoursSignedOffByName).HasMaxLength(160);
        builder.Property(e => e.Version).IsRowVersion();
        // The banner's query: activated events, on every page.
        builder.HasIndex(e => e.State);
    }
}

public class StormEventUnitConfiguration : IEntityTypeConfiguration<StormEventUnit>
{
    public void Configure(EntityTypeBuilder<StormEventUnit> builder)
    {
        builder.ToTable("storm_event_units");
        builder.HasKey(u => new { u.EventId, u.UnitId });
        // A unit is in at most one event that is not closed: two managers opening one at once cannot both succeed.
        builder.HasIndex(u => u.UnitId).IsUnique().HasFilter("is_open").HasDatabaseName("ux_storm_event_units_one_open_per_unit");
        builder.HasOne(u => u.Event).WithMany(e => e.Units).HasForeignKey(u => u.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(u => u.Unit).WithMany().HasForeignKey(u => u.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class StormEventStepConfiguration : IEntityTypeConfiguration<StormEventStep>
{
    public void Configure(EntityTypeBuilder<StormEventStep> builder)
    {
        builder.ToTable("storm_event_steps");
        builder.Property(s => s.FromState).HasConversion<string>().HasMaxLength(12);
        builder.Property(s => s.ToState).HasConversion<string>().HasMaxLength(12);
        builder.Property(s => s.Level).HasConversion<string>().HasMaxLength(12);
        builder.Property(s => s.Note).HasMaxLength(StormEventService.MaxNote);
        builder.Property(s => s.ByName).HasMaxLength(160);
        builder.HasIndex(s => new { s.EventId, s.At });
        builder.HasOne(s => s.Event).WithMany(e => e.Steps).HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class EssentialStaffConfiguration : IEntityTypeConfiguration<EssentialStaff>
{
    public void Configure(EntityTypeBuilder<EssentialStaff> builder)
    {
        builder.ToTable("essential_staff");
        builder.Property(s => s.Phone).HasMaxLength(StormRosterService.MaxPhone);
        builder.Property(s => s.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Version).IsRowVersion();
        builder.HasIndex(s => new { s.UnitId, s.EmployeeId }).IsUnique();
        builder.HasIndex(s => s.EmployeeId);
        builder.HasOne(s => s.Unit).WithMany().HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Employee).WithMany().HasForeignKey(s => s.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class StormShiftConfiguration : IEntityTypeConfiguration<StormShift>
{
    public void Configure(EntityTypeBuilder<StormShift> builder)
    {
        builder.ToTable("storm_shifts");
        builder.Property(s => s.Label).HasMaxLength(StormShiftService.MaxLabel);
        builder.Property(s => s.Version).IsRowVersion();
        builder.HasIndex(s => new { s.EventId, s.StartsAt });
        builder.ToTable(t => t.HasCheckConstraint("ck_storm_shift_ends_after_start", "ends_at > starts_at"));
        builder.HasOne(s => s.Event).WithMany().HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class ShiftRequirementConfiguration : IEntityTypeConfiguration<ShiftRequirement>
{
    public void Configure(EntityTypeBuilder<ShiftRequirement> builder)
    {
        builder.ToTable("storm_shift_requirements");
        builder.Property(r => r.Role).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(r => new { r.ShiftId, r.UnitId, r.Role }).IsUnique();
        builder.ToTable(t => t.HasCheckConstraint("ck_storm_requirement_positive", "required > 0"));
        builder.HasOne(r => r.Shift).WithMany(s => s.Requirements).HasForeignKey(r => r.ShiftId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Unit).WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class ShiftAssignmentConfiguration : IEntityTypeConfiguration<ShiftAssignment>
{
    public void Configure(EntityTypeBuilder<ShiftAssignment> builder)
    {
        builder.ToTable("storm_shift_assignments");
        builder.Property(a => a.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Availability).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.UnavailableReason).HasMaxLength(StormShiftService.MaxReason);
        builder.Property(a => a.Version).IsRowVersion();
        builder.HasIndex(a => new { a.ShiftId, a.EmployeeId }).IsUnique();
        builder.HasIndex(a => a.EmployeeId);
        builder.HasOne(a => a.Shift).WithMany(s => s.Assignments).HasForeignKey(a => a.ShiftId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Unit).WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Employee).WithMany().HasForeignKey(a => a.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class ShiftReportConfiguration : IEntityTypeConfiguration<ShiftReport>
{
    public void Configure(EntityTypeBuilder<ShiftReport> builder)
    {
        builder.ToTable("storm_shift_reports");
        builder.Property(r => r.StaffingProblems).HasMaxLength(ShiftReportService.MaxText);
        builder.Property(r => r.Notes).HasMaxLength(ShiftReportService.MaxText);
        builder.Property(r => r.FiledByName).HasMaxLength(160);
        builder.Property(r => r.Version).IsRowVersion();
        // One report per shift and unit, whatever two leads do at once.
        builder.HasIndex(r => new { r.ShiftId, r.UnitId }).IsUnique();
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_storm_report_counts", "calls_offered >= 0 AND calls_answered >= 0 AND calls_abandoned >= 0 AND average_speed_of_answer_seconds >= 0 AND outage_reports_taken >= 0 AND callbacks_pending >= 0");
            t.HasCheckConstraint("ck_storm_report_calls_add_up", "calls_answered + calls_abandoned <= calls_offered");
        });
        builder.HasOne(r => r.Shift).WithMany().HasForeignKey(r => r.ShiftId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Unit).WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class StormHoursConfiguration : IEntityTypeConfiguration<StormHours>
{
    public void Configure(EntityTypeBuilder<StormHours> builder)
    {
        builder.ToTable("storm_hours");
        builder.Property(h => h.OvertimeOverride).HasPrecision(6, 2);
        builder.Property(h => h.CorrectedByName).HasMaxLength(160);
        builder.Property(h => h.CorrectionNote).HasMaxLength(StormHoursService.MaxNote);
        builder.Property(h => h.Version).IsRowVersion();
        builder.HasIndex(h => new { h.EventId, h.EmployeeId, h.Day });
        // An assignment's day is recorded once, whoever presses "record" at the same time.
        builder.HasIndex(h => new { h.AssignmentId, h.Day }).IsUnique().HasFilter("assignment_id IS NOT NULL");
        builder.ToTable(t => t.HasCheckConstraint("ck_storm_hours_ends_after_start", "ends_at > starts_at"));
        builder.HasOne(h => h.Event).WithMany().HasForeignKey(h => h.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(h => h.Employee).WithMany().HasForeignKey(h => h.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(h => h.Assignment).WithMany().HasForeignKey(h => h.AssignmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class AfterActionReviewConfiguration : IEntityTypeConfiguration<AfterActionReview>
{
    public void Configure(EntityTypeBuilder<AfterActionReview> builder)
    {
        builder.ToTable("after_action_reviews");
        builder.Property(r => r.WentWell).HasMaxLength(AfterActionService.MaxText);
        builder.Property(r => r.ToImprove).HasMaxLength(AfterActionService.MaxText);
        builder.Property(r => r.UpdatedByName).HasMaxLength(160);
        builder.Property(r => r.Version).IsRowVersion();
        builder.HasIndex(r => r.EventId).IsUnique();
        builder.HasOne(r => r.Event).WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class AfterActionItemConfiguration : IEntityTypeConfiguration<AfterActionItem>
{
    public void Configure(EntityTypeBuilder<AfterActionItem> builder)
    {
        builder.ToTable("after_action_items");
        builder.Property(i => i.Description).HasMaxLength(AfterActionService.MaxItem);
        // One initiative per item and one item per initiative: the link back is unambiguous.
        builder.HasIndex(i => i.InitiativeId).IsUnique().HasFilter("initiative_id IS NOT NULL");
        builder.HasOne(i => i.Review).WithMany(r => r.Items).HasForeignKey(i => i.ReviewId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(i => i.Owner).WithMany().HasForeignKey(i => i.OwnerEmployeeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(i => i.Initiative).WithMany().HasForeignKey(i => i.InitiativeId).OnDelete(DeleteBehavior.SetNull);
    }
}
