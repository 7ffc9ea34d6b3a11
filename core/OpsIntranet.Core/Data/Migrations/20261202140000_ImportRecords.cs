using System;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    [DbContext(typeof(AppDbContext))]
    [Migration("20261202140000_ImportRecords")]
    public partial class ImportRecords : Migration
    {
        // A CSV import records the values it set where a month held none once per month (who, when, the file, the values),
        // instead of a metric_value_changes row per value: that trail cost more to write than the values themselves.
        // It moves the data version like the month's other tables, so a page kept per version (PageCache) may show it;
        // the trigger is deferred and does its work once per transaction, so a file's few hundred records cost nothing.
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "metric_value_imports",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    submission_id = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    user_id = table.Column<int>(type: "integer", nullable: true),
                    user_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                    file_name = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    metric_ids = table.Column<int[]>(type: "integer[]", nullable: false),
                    new_values = table.Column<decimal?[]>(type: "numeric(18,4)[]", nullable: false),
                    new_explanations = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_metric_value_imports", x => x.id);
                    table.ForeignKey(
                        name: "fk_metric_value_imports_metric_submissions_submission_id",
                        column: x => x.submission_id,
                        principalTable: "metric_submissions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_metric_value_imports_submission_id_at",
                table: "metric_value_imports",
                columns: new[] { "submission_id", "at" });

            migrationBuilder.Sql("CREATE CONSTRAINT TRIGGER scorecard_version AFTER INSERT OR UPDATE OR DELETE ON metric_value_imports DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_scorecard_data_version();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "metric_value_imports");
        }
    }
}
