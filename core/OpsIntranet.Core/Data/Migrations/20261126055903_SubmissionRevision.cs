using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SubmissionRevision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "revision",
                table: "metric_submissions",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "revision",
                table: "metric_submissions");
        }
    }
}
