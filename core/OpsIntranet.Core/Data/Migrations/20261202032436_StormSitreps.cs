using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class StormSitreps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "storm_sitrep_schedules",
                columns: table => new
                {
                    event_id = table.Column<int>(type: "integer", nullable: false),
                    cadence = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    times_of_day = table.Column<List<TimeOnly>>(type: "time without time zone[]", nullable: false),
                    every_hours = table.Column<int>(type: "integer", nullable: true),
                    start_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    addresses = table.Column<List<string>>(type: "text[]", nullable: false),
                    recipient_roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    unit_managers = table.Column<bool>(type: "boolean", nullable: false),
                    unit_supervisors = table.Column<bool>(type: "boolean", nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_storm_sitrep_schedules", x => x.event_id);
                    table.ForeignKey(
                        name: "fk_storm_sitrep_schedules_storm_events_event_id",
                        column: x => x.event_id,
                        principalTable: "storm_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "storm_sitrep_schedules");
        }
    }
}
