using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    [DbContext(typeof(AppDbContext))]
    [Migration("20261202130000_UsersInDataVersion")]
    public partial class UsersInDataVersion : Migration
    {
        // The people directory is kept as rendered HTML (PageCache) and shows whether each person has an account: creating,
        // linking or removing an account must move the data version. Accounts change rarely (an administrator's step, a
        // failed sign-in's counter); a sign-in that succeeds writes nothing when there were no failures before it.
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("""CREATE CONSTRAINT TRIGGER scorecard_version AFTER INSERT OR UPDATE OR DELETE ON "AspNetUsers" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_scorecard_data_version();""");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("""DROP TRIGGER scorecard_version ON "AspNetUsers";""");
    }
}
