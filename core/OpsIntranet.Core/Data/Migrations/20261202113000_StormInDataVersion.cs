using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    [DbContext(typeof(AppDbContext))]
    [Migration("20261202113000_StormInDataVersion")]
    public partial class StormInDataVersion : Migration
    {
        // Every page's layout shows the banner of an activated storm, and the coverage board is kept as rendered HTML
        // (PageCache): a change to an event, its units, shifts, assignments, check-ins, reports or hours must move the
        // data version. During a storm these change a few times an hour per unit; a change recomputes the kept parts once.
        private static readonly string[] Tables =
        [
            "storm_events", "storm_event_units", "storm_event_steps", "storm_shifts", "storm_shift_requirements", "storm_shift_assignments",
            "storm_shift_reports", "storm_hours", "storm_sitrep_schedules",
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
                migrationBuilder.Sql($"CREATE CONSTRAINT TRIGGER scorecard_version AFTER INSERT OR UPDATE OR DELETE ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_scorecard_data_version();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
                migrationBuilder.Sql($"DROP TRIGGER scorecard_version ON {table};");
        }
    }
}
