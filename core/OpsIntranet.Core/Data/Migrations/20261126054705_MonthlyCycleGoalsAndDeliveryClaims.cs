using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class MonthlyCycleGoalsAndDeliveryClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "summary",
                table: "report_runs",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "claim_token",
                table: "report_deliveries",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "metric_definitions",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "metric_value_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    submission_id = table.Column<int>(type: "integer", nullable: false),
                    metric_definition_id = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    user_id = table.Column<int>(type: "integer", nullable: true),
                    user_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                    old_value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    new_value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    old_explanation = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    new_explanation = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_metric_value_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_metric_value_changes_metric_definitions_metric_definition_id",
                        column: x => x.metric_definition_id,
                        principalTable: "metric_definitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_metric_value_changes_metric_submissions_submission_id",
                        column: x => x.submission_id,
                        principalTable: "metric_submissions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "submission_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    submission_id = table.Column<int>(type: "integer", nullable: false),
                    action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    user_id = table.Column<int>(type: "integer", nullable: true),
                    user_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_submission_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_submission_events_metric_submissions_submission_id",
                        column: x => x.submission_id,
                        principalTable: "metric_submissions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "unit_goals",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    fiscal_year = table.Column<int>(type: "integer", nullable: false),
                    statement = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    owner_employee_id = table.Column<int>(type: "integer", nullable: true),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    weight = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    metric_definition_id = table.Column<int>(type: "integer", nullable: true),
                    metric_target = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_user_id = table.Column<int>(type: "integer", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_goals", x => x.id);
                    table.ForeignKey(
                        name: "fk_unit_goals_employees_owner_employee_id",
                        column: x => x.owner_employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_unit_goals_metric_definitions_metric_definition_id",
                        column: x => x.metric_definition_id,
                        principalTable: "metric_definitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_unit_goals_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "goal_updates",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    goal_id = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    author_user_id = table.Column<int>(type: "integer", nullable: true),
                    author_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_goal_updates", x => x.id);
                    table.ForeignKey(
                        name: "fk_goal_updates_unit_goals_goal_id",
                        column: x => x.goal_id,
                        principalTable: "unit_goals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_goal_updates_goal_id_date",
                table: "goal_updates",
                columns: new[] { "goal_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_metric_value_changes_metric_definition_id",
                table: "metric_value_changes",
                column: "metric_definition_id");

            migrationBuilder.CreateIndex(
                name: "ix_metric_value_changes_submission_id_at",
                table: "metric_value_changes",
                columns: new[] { "submission_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_submission_events_submission_id_at",
                table: "submission_events",
                columns: new[] { "submission_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_unit_goals_metric_definition_id",
                table: "unit_goals",
                column: "metric_definition_id");

            migrationBuilder.CreateIndex(
                name: "ix_unit_goals_owner_employee_id",
                table: "unit_goals",
                column: "owner_employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_unit_goals_unit_id_fiscal_year",
                table: "unit_goals",
                columns: new[] { "unit_id", "fiscal_year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "goal_updates");

            migrationBuilder.DropTable(
                name: "metric_value_changes");

            migrationBuilder.DropTable(
                name: "submission_events");

            migrationBuilder.DropTable(
                name: "unit_goals");

            migrationBuilder.DropColumn(
                name: "summary",
                table: "report_runs");

            migrationBuilder.DropColumn(
                name: "claim_token",
                table: "report_deliveries");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "metric_definitions");
        }
    }
}
