using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportSubscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "error",
                table: "report_runs",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "finished_at",
                table: "report_runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "report_runs",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Pending");

            // Runs from before subscriptions: those with a document went out (their deliveries say how it went).
            migrationBuilder.Sql("UPDATE report_runs SET status = 'Dispatched', finished_at = created_at WHERE document_id IS NOT NULL;");

            migrationBuilder.AddColumn<int>(
                name: "subscription_id",
                table: "report_runs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "gave_up_at",
                table: "report_deliveries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "city_holidays",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_city_holidays", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reminder_opt_outs",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminder_opt_outs", x => x.id);
                    table.ForeignKey(
                        name: "fk_reminder_opt_outs_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "report_subscriptions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    report_kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    unit_ids = table.Column<List<int>>(type: "integer[]", nullable: false),
                    period_rule = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    schedule_kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    day = table.Column<int>(type: "integer", nullable: true),
                    weekday = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    time_of_day = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    cron = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    addresses = table.Column<List<string>>(type: "text[]", nullable: false),
                    recipient_roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    leadership_of_unit_ids = table.Column<List<int>>(type: "integer[]", nullable: false),
                    unsubscribed = table.Column<List<string>>(type: "text[]", nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    skip_when_no_approved_data = table.Column<bool>(type: "boolean", nullable: false),
                    paused = table.Column<bool>(type: "boolean", nullable: false),
                    owner_user_id = table.Column<int>(type: "integer", nullable: true),
                    seed_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by_user_id = table.Column<int>(type: "integer", nullable: true),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_report_subscriptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_report_subscriptions_asp_net_users_owner_user_id",
                        column: x => x.owner_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_report_runs_subscription_id_created_at",
                table: "report_runs",
                columns: new[] { "subscription_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_report_deliveries_status",
                table: "report_deliveries",
                column: "status",
                filter: "status = 'Failed'");

            migrationBuilder.CreateIndex(
                name: "ix_city_holidays_date",
                table: "city_holidays",
                column: "date",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reminder_opt_outs_user_id_kind",
                table: "reminder_opt_outs",
                columns: new[] { "user_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_report_subscriptions_owner_user_id",
                table: "report_subscriptions",
                column: "owner_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_report_subscriptions_seed_key",
                table: "report_subscriptions",
                column: "seed_key",
                unique: true,
                filter: "seed_key IS NOT NULL");

            migrationBuilder.AddForeignKey(
                name: "fk_report_runs_report_subscriptions_subscription_id",
                table: "report_runs",
                column: "subscription_id",
                principalTable: "report_subscriptions",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_report_runs_report_subscriptions_subscription_id",
                table: "report_runs");

            migrationBuilder.DropTable(
                name: "city_holidays");

            migrationBuilder.DropTable(
                name: "reminder_opt_outs");

            migrationBuilder.DropTable(
                name: "report_subscriptions");

            migrationBuilder.DropIndex(
                name: "ix_report_runs_subscription_id_created_at",
                table: "report_runs");

            migrationBuilder.DropIndex(
                name: "ix_report_deliveries_status",
                table: "report_deliveries");

            migrationBuilder.DropColumn(
                name: "error",
                table: "report_runs");

            migrationBuilder.DropColumn(
                name: "finished_at",
                table: "report_runs");

            migrationBuilder.DropColumn(
                name: "status",
                table: "report_runs");

            migrationBuilder.DropColumn(
                name: "subscription_id",
                table: "report_runs");

            migrationBuilder.DropColumn(
                name: "gave_up_at",
                table: "report_deliveries");
        }
    }
}
