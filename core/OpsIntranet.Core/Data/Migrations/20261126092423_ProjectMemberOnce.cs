using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProjectMemberOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_project_members_project_id",
                table: "project_members");

            migrationBuilder.CreateIndex(
                name: "ix_project_members_project_id_employee_id",
                table: "project_members",
                columns: new[] { "project_id", "employee_id" },
                unique: true,
                filter: "employee_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_project_members_project_id_employee_id",
                table: "project_members");

            migrationBuilder.CreateIndex(
                name: "ix_project_members_project_id",
                table: "project_members",
                column: "project_id");
        }
    }
}
