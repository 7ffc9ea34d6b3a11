using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    [DbContext(typeof(AppDbContext))]
    [Migration("20261202151000_PacketBatchesInDataVersion")]
    public partial class PacketBatchesInDataVersion : Migration
    {
        // Which batches a person started in a cycle is kept (PacketBatchService.BatchesRead): a batch's start and removal,
        // and a change of the columns that say whose and which cycle's it is, move the data version. Its progress does not:
        // done, failed, status and the rest change with every packet generated, and would drop every kept page of the
        // department for the length of a run; the cycle page reads a batch's progress afresh on every showing.
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE CONSTRAINT TRIGGER scorecard_version AFTER INSERT OR DELETE OR UPDATE OF id, cycle_id, requested_by_user_id ON packet_batches DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_scorecard_data_version();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER scorecard_version ON packet_batches;");
        }
    }
}
