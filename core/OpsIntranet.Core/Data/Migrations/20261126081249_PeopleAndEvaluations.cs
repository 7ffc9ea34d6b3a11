using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PeopleAndEvaluations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "left_on",
                table: "employees",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "employees",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    user_id = table.Column<int>(type: "integer", nullable: true),
                    user_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    record_type = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    record_id = table.Column<int>(type: "integer", nullable: false),
                    subject_employee_id = table.Column<int>(type: "integer", nullable: true),
                    detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "competencies",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    weight = table.Column<int>(type: "integer", nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_competencies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "disciplinary_actions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    employee_id = table.Column<int>(type: "integer", nullable: false),
                    level = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    incident_date = table.Column<DateOnly>(type: "date", nullable: false),
                    policy = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    shared_with_employee = table.Column<bool>(type: "boolean", nullable: false),
                    recommended_by_user_id = table.Column<int>(type: "integer", nullable: false),
                    recommended_by_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    recommended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    effective_date = table.Column<DateOnly>(type: "date", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_disciplinary_actions", x => x.id);
                    table.ForeignKey(
                        name: "fk_disciplinary_actions_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_cycles",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    period_end = table.Column<DateOnly>(type: "date", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_user_id = table.Column<int>(type: "integer", nullable: false),
                    created_by_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_cycles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "performance_log",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    employee_id = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    summary = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    details = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    shared_with_employee = table.Column<bool>(type: "boolean", nullable: false),
                    author_user_id = table.Column<int>(type: "integer", nullable: false),
                    author_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    edited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_performance_log", x => x.id);
                    table.ForeignKey(
                        name: "fk_performance_log_asp_net_users_author_user_id",
                        column: x => x.author_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_performance_log_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "personnel_recommendations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    type = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    employee_id = table.Column<int>(type: "integer", nullable: true),
                    candidate_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                    unit_id = table.Column<int>(type: "integer", nullable: true),
                    justification = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    effective_date = table.Column<DateOnly>(type: "date", nullable: true),
                    shared_with_employee = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    recommended_by_user_id = table.Column<int>(type: "integer", nullable: false),
                    recommended_by_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    recommended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_by_user_id = table.Column<int>(type: "integer", nullable: true),
                    decided_by_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_personnel_recommendations", x => x.id);
                    table.CheckConstraint("ck_recommendation_subject", "(employee_id IS NOT NULL) <> (candidate_name IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_personnel_recommendations_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_personnel_recommendations_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "discipline_events",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    action_id = table.Column<int>(type: "integer", nullable: false),
                    step = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    user_id = table.Column<int>(type: "integer", nullable: false),
                    user_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_discipline_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_discipline_events_disciplinary_actions_action_id",
                        column: x => x.action_id,
                        principalTable: "disciplinary_actions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "grievances",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    action_id = table.Column<int>(type: "integer", nullable: false),
                    filed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    grounds = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    resolution = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    resolved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    resolved_by_user_id = table.Column<int>(type: "integer", nullable: true),
                    resolved_by_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grievances", x => x.id);
                    table.ForeignKey(
                        name: "fk_grievances_disciplinary_actions_action_id",
                        column: x => x.action_id,
                        principalTable: "disciplinary_actions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "evaluations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    cycle_id = table.Column<int>(type: "integer", nullable: false),
                    employee_id = table.Column<int>(type: "integer", nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: true),
                    evaluator_user_id = table.Column<int>(type: "integer", nullable: false),
                    reviewer_user_id = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    strengths = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    areas_to_improve = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    development_plan = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    employee_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    overall_score = table.Column<decimal>(type: "numeric(4,2)", precision: 4, scale: 2, nullable: true),
                    frozen_evidence = table.Column<string>(type: "jsonb", nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluations", x => x.id);
                    table.CheckConstraint("ck_evaluation_reviewer_not_evaluator", "reviewer_user_id <> evaluator_user_id");
                    table.ForeignKey(
                        name: "fk_evaluations_asp_net_users_evaluator_user_id",
                        column: x => x.evaluator_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_evaluations_asp_net_users_reviewer_user_id",
                        column: x => x.reviewer_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_evaluations_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_evaluations_evaluation_cycles_cycle_id",
                        column: x => x.cycle_id,
                        principalTable: "evaluation_cycles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_evaluations_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "log_addenda",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    entry_id = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    author_user_id = table.Column<int>(type: "integer", nullable: false),
                    author_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_log_addenda", x => x.id);
                    table.ForeignKey(
                        name: "fk_log_addenda_performance_log_entry_id",
                        column: x => x.entry_id,
                        principalTable: "performance_log",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_events",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    evaluation_id = table.Column<int>(type: "integer", nullable: false),
                    step = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    user_id = table.Column<int>(type: "integer", nullable: false),
                    user_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    note = table.Column<string>(type: "character varying(2500)", maxLength: 2500, nullable: true),
                    snapshot = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_evaluation_events_evaluations_evaluation_id",
                        column: x => x.evaluation_id,
                        principalTable: "evaluations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_ratings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    evaluation_id = table.Column<int>(type: "integer", nullable: false),
                    competency_id = table.Column<int>(type: "integer", nullable: true),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    weight = table.Column<int>(type: "integer", nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: false),
                    rating = table.Column<int>(type: "integer", nullable: true),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_ratings", x => x.id);
                    table.CheckConstraint("ck_rating_range", "rating IS NULL OR rating BETWEEN 1 AND 5");
                    table.ForeignKey(
                        name: "fk_evaluation_ratings_competencies_competency_id",
                        column: x => x.competency_id,
                        principalTable: "competencies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_evaluation_ratings_evaluations_evaluation_id",
                        column: x => x.evaluation_id,
                        principalTable: "evaluations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "competencies",
                columns: new[] { "id", "description", "is_active", "name", "sort_order", "weight" },
                values: new object[,]
                {
                    { 1, "Knows the unit's services, rates, programs, systems and the rules that govern them.", true, "Job knowledge", 1, 10 },
                    { 2, "Work is accurate, complete and meets the unit's standards; results are checked.", true, "Quality of work", 2, 10 },
                    { 3, "Treats customers with courtesy and resolves their needs; models it for the team.", true, "Customer service", 3, 15 },
                    { 4, "Writes and speaks clearly; keeps staff, peers and management informed.", true, "Communication", 4, 10 },
                    { 5, "Directs, coaches and evaluates staff; sets expectations and follows through.", true, "Leadership and supervision", 5, 15 },
                    { 6, "Plans work and staffing to meet targets and deadlines; uses resources well.", true, "Planning and organization", 6, 10 },
                    { 7, "Analyses problems, weighs options and makes sound, timely decisions.", true, "Problem solving and judgment", 7, 10 },
                    { 8, "Works across units and with other departments toward shared goals.", true, "Teamwork", 8, 5 },
                    { 9, "Attendance, punctuality and reliability; meets commitments without reminders.", true, "Dependability", 9, 10 },
                    { 10, "Responds well to outages, storms and surges; knows and applies the emergency plans.", true, "Emergency readiness", 10, 5 }
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_record_type_record_id",
                table: "audit_entries",
                columns: new[] { "record_type", "record_id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_subject_employee_id",
                table: "audit_entries",
                column: "subject_employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_user_id_at",
                table: "audit_entries",
                columns: new[] { "user_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_disciplinary_actions_employee_id_incident_date",
                table: "disciplinary_actions",
                columns: new[] { "employee_id", "incident_date" });

            migrationBuilder.CreateIndex(
                name: "ix_discipline_events_action_id",
                table: "discipline_events",
                column: "action_id");

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_events_evaluation_id",
                table: "evaluation_events",
                column: "evaluation_id");

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_ratings_competency_id",
                table: "evaluation_ratings",
                column: "competency_id");

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_ratings_evaluation_id",
                table: "evaluation_ratings",
                column: "evaluation_id");

            migrationBuilder.CreateIndex(
                name: "ix_evaluations_cycle_id_employee_id",
                table: "evaluations",
                columns: new[] { "cycle_id", "employee_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_evaluations_employee_id",
                table: "evaluations",
                column: "employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_evaluations_evaluator_user_id_status",
                table: "evaluations",
                columns: new[] { "evaluator_user_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_evaluations_reviewer_user_id_status",
                table: "evaluations",
                columns: new[] { "reviewer_user_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_evaluations_unit_id",
                table: "evaluations",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_grievances_action_id",
                table: "grievances",
                column: "action_id");

            migrationBuilder.CreateIndex(
                name: "ix_log_addenda_entry_id",
                table: "log_addenda",
                column: "entry_id");

            migrationBuilder.CreateIndex(
                name: "ix_performance_log_author_user_id",
                table: "performance_log",
                column: "author_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_performance_log_employee_id_date",
                table: "performance_log",
                columns: new[] { "employee_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_personnel_recommendations_employee_id",
                table: "personnel_recommendations",
                column: "employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_personnel_recommendations_status_recommended_at",
                table: "personnel_recommendations",
                columns: new[] { "status", "recommended_at" });

            migrationBuilder.CreateIndex(
                name: "ix_personnel_recommendations_unit_id",
                table: "personnel_recommendations",
                column: "unit_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "discipline_events");

            migrationBuilder.DropTable(
                name: "evaluation_events");

            migrationBuilder.DropTable(
                name: "evaluation_ratings");

            migrationBuilder.DropTable(
                name: "grievances");

            migrationBuilder.DropTable(
                name: "log_addenda");

            migrationBuilder.DropTable(
                name: "personnel_recommendations");

            migrationBuilder.DropTable(
                name: "competencies");

            migrationBuilder.DropTable(
                name: "evaluations");

            migrationBuilder.DropTable(
                name: "disciplinary_actions");

            migrationBuilder.DropTable(
                name: "performance_log");

            migrationBuilder.DropTable(
                name: "evaluation_cycles");

            migrationBuilder.DropColumn(
                name: "left_on",
                table: "employees");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "employees");
        }
    }
}
