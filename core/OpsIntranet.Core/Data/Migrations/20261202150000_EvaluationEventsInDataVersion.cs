using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    [DbContext(typeof(AppDbContext))]
    [Migration("20261202150000_EvaluationEventsInDataVersion")]
    public partial class EvaluationEventsInDataVersion : Migration
    {
        // The cycle page is kept per data version (its list and its packet candidates), and a candidate says whether its
        // evaluation was reopened, which only its events tell. A packet batch's progress stays off the version (it moves
        // with every packet generated; see PacketBatchesInDataVersion), and the page reads it on every showing.
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE CONSTRAINT TRIGGER scorecard_version AFTER INSERT OR UPDATE OR DELETE ON evaluation_events DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_scorecard_data_version();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER scorecard_version ON evaluation_events;");
        }
    }
}
