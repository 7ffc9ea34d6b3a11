using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <summary>
    /// A read that shows several records at once (a page of a list, a person's file) is kept as one audit entry naming
    /// them all and everyone they are about, found by GIN on either array. Entries written before stay as they are.
    /// </summary>
    public partial class ListedReadsAsOneAuditEntry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int[]>(
                name: "record_ids",
                table: "audit_entries",
                type: "integer[]",
                nullable: true);

            migrationBuilder.AddColumn<int[]>(
                name: "subject_employee_ids",
                table: "audit_entries",
                type: "integer[]",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_record_ids",
                table: "audit_entries",
                column: "record_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_subject_employee_ids",
                table: "audit_entries",
                column: "subject_employee_ids")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_entries_record_ids",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_subject_employee_ids",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "record_ids",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "subject_employee_ids",
                table: "audit_entries");
        }
    }
}
