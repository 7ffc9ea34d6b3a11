using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class StormOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "essential_staff",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    employee_id = table.Column<int>(type: "integer", nullable: false),
                    phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_essential_staff", x => x.id);
                    table.ForeignKey(
                        name: "fk_essential_staff_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_essential_staff_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "storm_events",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    level = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    state = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expected_impact_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_user_id = table.Column<int>(type: "integer", nullable: false),
                    created_by_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    hours_signed_off_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    hours_signed_off_by_user_id = table.Column<int>(type: "integer", nullable: true),
                    hours_signed_off_by_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                    hours_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_storm_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "after_action_reviews",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<int>(type: "integer", nullable: false),
                    went_well = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    to_improve = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_after_action_reviews", x => x.id);
                    table.ForeignKey(
                        name: "fk_after_action_reviews_storm_events_event_id",
                        column: x => x.event_id,
                        principalTable: "storm_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "storm_event_steps",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<int>(type: "integer", nullable: false),
                    from_state = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    to_state = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    level = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by_user_id = table.Column<int>(type: "integer", nullable: false),
                    by_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_storm_event_steps", x => x.id);
                    table.ForeignKey(
                        name: "fk_storm_event_steps_storm_events_event_id",
                        column: x => x.event_id,
                        principalTable: "storm_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "storm_event_units",
                columns: table => new
                {
                    event_id = table.Column<int>(type: "integer", nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    is_open = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_storm_event_units", x => new { x.event_id, x.unit_id });
                    table.ForeignKey(
                        name: "fk_storm_event_units_storm_events_event_id",
                        column: x => x.event_id,
                        principalTable: "storm_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_storm_event_units_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "storm_shifts",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<int>(type: "integer", nullable: false),
                    label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_storm_shifts", x => x.id);
                    table.CheckConstraint("ck_storm_shift_ends_after_start", "ends_at > starts_at");
                    table.ForeignKey(
                        name: "fk_storm_shifts_storm_events_event_id",
                        column: x => x.event_id,
                        principalTable: "storm_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "after_action_items",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    review_id = table.Column<int>(type: "integer", nullable: false),
                    description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    owner_employee_id = table.Column<int>(type: "integer", nullable: false),
                    initiative_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_after_action_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_after_action_items_after_action_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "after_action_reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_after_action_items_employees_owner_employee_id",
                        column: x => x.owner_employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_after_action_items_initiatives_initiative_id",
                        column: x => x.initiative_id,
                        principalTable: "initiatives",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "storm_shift_assignments",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    shift_id = table.Column<int>(type: "integer", nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    employee_id = table.Column<int>(type: "integer", nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    availability = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    unavailable_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    checked_in_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_storm_shift_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_storm_shift_assignments_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_storm_shift_assignments_storm_shifts_shift_id",
                        column: x => x.shift_id,
                        principalTable: "storm_shifts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_storm_shift_assignments_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "storm_shift_reports",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    shift_id = table.Column<int>(type: "integer", nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    calls_offered = table.Column<int>(type: "integer", nullable: false),
                    calls_answered = table.Column<int>(type: "integer", nullable: false),
                    calls_abandoned = table.Column<int>(type: "integer", nullable: false),
                    average_speed_of_answer_seconds = table.Column<int>(type: "integer", nullable: false),
                    outage_reports_taken = table.Column<int>(type: "integer", nullable: false),
                    callbacks_pending = table.Column<int>(type: "integer", nullable: false),
                    lobby_open = table.Column<bool>(type: "boolean", nullable: false),
                    staffing_problems = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    filed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    filed_by_user_id = table.Column<int>(type: "integer", nullable: false),
                    filed_by_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_storm_shift_reports", x => x.id);
                    table.CheckConstraint("ck_storm_report_calls_add_up", "calls_answered + calls_abandoned <= calls_offered");
                    table.CheckConstraint("ck_storm_report_counts", "calls_offered >= 0 AND calls_answered >= 0 AND calls_abandoned >= 0 AND average_speed_of_answer_seconds >= 0 AND outage_reports_taken >= 0 AND callbacks_pending >= 0");
                    table.ForeignKey(
                        name: "fk_storm_shift_reports_storm_shifts_shift_id",
                        column: x => x.shift_id,
                        principalTable: "storm_shifts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_storm_shift_reports_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "storm_shift_requirements",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    shift_id = table.Column<int>(type: "integer", nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    required = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_storm_shift_requirements", x => x.id);
                    table.CheckConstraint("ck_storm_requirement_positive", "required > 0");
                    table.ForeignKey(
                        name: "fk_storm_shift_requirements_storm_shifts_shift_id",
                        column: x => x.shift_id,
                        principalTable: "storm_shifts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_storm_shift_requirements_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "storm_hours",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<int>(type: "integer", nullable: false),
                    employee_id = table.Column<int>(type: "integer", nullable: false),
                    assignment_id = table.Column<int>(type: "integer", nullable: true),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    overtime_override = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: true),
                    corrected_by_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                    corrected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    correction_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_storm_hours", x => x.id);
                    table.CheckConstraint("ck_storm_hours_ends_after_start", "ends_at > starts_at");
                    table.ForeignKey(
                        name: "fk_storm_hours_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_storm_hours_shift_assignments_assignment_id",
                        column: x => x.assignment_id,
                        principalTable: "storm_shift_assignments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_storm_hours_storm_events_event_id",
                        column: x => x.event_id,
                        principalTable: "storm_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_after_action_items_initiative_id",
                table: "after_action_items",
                column: "initiative_id",
                unique: true,
                filter: "initiative_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_after_action_items_owner_employee_id",
                table: "after_action_items",
                column: "owner_employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_after_action_items_review_id",
                table: "after_action_items",
                column: "review_id");

            migrationBuilder.CreateIndex(
                name: "ix_after_action_reviews_event_id",
                table: "after_action_reviews",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_essential_staff_employee_id",
                table: "essential_staff",
                column: "employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_essential_staff_unit_id_employee_id",
                table: "essential_staff",
                columns: new[] { "unit_id", "employee_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_storm_event_steps_event_id_at",
                table: "storm_event_steps",
                columns: new[] { "event_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ux_storm_event_units_one_open_per_unit",
                table: "storm_event_units",
                column: "unit_id",
                unique: true,
                filter: "is_open");

            migrationBuilder.CreateIndex(
                name: "ix_storm_events_state",
                table: "storm_events",
                column: "state");

            migrationBuilder.CreateIndex(
                name: "ix_storm_hours_assignment_id_day",
                table: "storm_hours",
                columns: new[] { "assignment_id", "day" },
                unique: true,
                filter: "assignment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_storm_hours_employee_id",
                table: "storm_hours",
                column: "employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_storm_hours_event_id_employee_id_day",
                table: "storm_hours",
                columns: new[] { "event_id", "employee_id", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_storm_shift_assignments_employee_id",
                table: "storm_shift_assignments",
                column: "employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_storm_shift_assignments_shift_id_employee_id",
                table: "storm_shift_assignments",
                columns: new[] { "shift_id", "employee_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_storm_shift_assignments_unit_id",
                table: "storm_shift_assignments",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_storm_shift_reports_shift_id_unit_id",
                table: "storm_shift_reports",
                columns: new[] { "shift_id", "unit_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_storm_shift_reports_unit_id",
                table: "storm_shift_reports",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_storm_shift_requirements_shift_id_unit_id_role",
                table: "storm_shift_requirements",
                columns: new[] { "shift_id", "unit_id", "role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_storm_shift_requirements_unit_id",
                table: "storm_shift_requirements",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_storm_shifts_event_id_starts_at",
                table: "storm_shifts",
                columns: new[] { "event_id", "starts_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "after_action_items");

            migrationBuilder.DropTable(
                name: "essential_staff");

            migrationBuilder.DropTable(
                name: "storm_event_steps");

            migrationBuilder.DropTable(
                name: "storm_event_units");

            migrationBuilder.DropTable(
                name: "storm_hours");

            migrationBuilder.DropTable(
                name: "storm_shift_reports");

            migrationBuilder.DropTable(
                name: "storm_shift_requirements");

            migrationBuilder.DropTable(
                name: "after_action_reviews");

            migrationBuilder.DropTable(
                name: "storm_shift_assignments");

            migrationBuilder.DropTable(
                name: "storm_shifts");

            migrationBuilder.DropTable(
                name: "storm_events");
        }
    }
}
