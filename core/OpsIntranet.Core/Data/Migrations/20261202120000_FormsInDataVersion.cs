using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    [DbContext(typeof(AppDbContext))]
    [Migration("20261202120000_FormsInDataVersion")]
    public partial class FormsInDataVersion : Migration
    {
        // The monthly form, the reports page and the report subscriptions are kept as rendered HTML (PageCache): the form
        // shows the month's value changes, the subscription list its subscriptions and their owners' names. Subscriptions
        // change a few times a month; accounts when an administrator edits one or a person is first linked at sign-in
        // or a password sign-in fails (a successful one writes nothing to them); value changes with the values, which move the version already.
        // Report runs and deliveries are left out on purpose: none of the kept pages shows them, and they change with every e-mail sent.
        private static readonly string[] Tables = ["metric_value_changes", "report_subscriptions", "\"AspNetUsers\""];

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
