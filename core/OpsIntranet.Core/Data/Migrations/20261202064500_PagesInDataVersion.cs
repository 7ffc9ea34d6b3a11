using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    [DbContext(typeof(AppDbContext))]
    [Migration("20261202064500_PagesInDataVersion")]
    public partial class PagesInDataVersion : Migration
    {
        // The dashboard and the unit page are kept as rendered HTML per data version (PageCache): everything they
        // show must move the version when it changes — signals' dismissals, initiatives and their actions, goals,
        // city holidays (due dates), the submissions' trail, and the inbox's evaluations, discipline and recommendations. These tables
        // change a few times a day per person; a change recomputes the cached reads once.
        private static readonly string[] Tables =
        [
            "signal_dismissals", "initiatives", "initiative_units", "initiative_actions", "unit_goals", "goal_updates", "city_holidays", "submission_events",
            "evaluations", "evaluation_cycles", "disciplinary_actions", "personnel_recommendations",
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
