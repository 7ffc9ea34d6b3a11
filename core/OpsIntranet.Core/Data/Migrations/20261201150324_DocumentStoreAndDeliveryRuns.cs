using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DocumentStoreAndDeliveryRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "document_id",
                table: "report_runs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "requested_by_user_id",
                table: "report_runs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "trigger",
                table: "report_runs",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Scheduled");

            migrationBuilder.AddColumn<string>(
                name: "trigger_key",
                table: "report_runs",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "documents",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject_id = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    created_by_user_id = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_documents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "document_contents",
                columns: table => new
                {
                    document_id = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_contents", x => x.document_id);
                    table.ForeignKey(
                        name: "fk_document_contents_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Every run so far was scheduled; its PDF moves into the document store (kind = report, subject = the run, version 1).
            migrationBuilder.Sql("""
                INSERT INTO documents (kind, subject_type, subject_id, version, file_name, content_type, sha256, size, created_by_user_id, created_at, completed_at)
                SELECT r.report, 'report-run', r.id, 1, COALESCE(r.file_name, r.report || '-' || r.period || '.pdf'), 'application/pdf',
                       encode(sha256(r.document), 'hex'), octet_length(r.document), NULL,
                       COALESCE(r.document_rendered_at, r.created_at), COALESCE(r.document_rendered_at, r.created_at)
                FROM report_runs r WHERE r.document IS NOT NULL;
                INSERT INTO document_contents (document_id, content)
                SELECT d.id, r.document FROM report_runs r JOIN documents d ON d.subject_type = 'report-run' AND d.subject_id = r.id AND d.kind = r.report AND d.version = 1
                WHERE r.document IS NOT NULL;
                UPDATE report_runs r SET document_id = d.id FROM documents d
                WHERE d.subject_type = 'report-run' AND d.subject_id = r.id AND d.kind = r.report AND d.version = 1;
                """);

            migrationBuilder.DropIndex(
                name: "ix_report_runs_report_scope_period",
                table: "report_runs");

            migrationBuilder.DropColumn(
                name: "document",
                table: "report_runs");

            migrationBuilder.DropColumn(
                name: "document_rendered_at",
                table: "report_runs");

            migrationBuilder.DropColumn(
                name: "file_name",
                table: "report_runs");

            migrationBuilder.CreateIndex(
                name: "ix_report_runs_document_id",
                table: "report_runs",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_report_runs_report_scope_period_trigger_trigger_key",
                table: "report_runs",
                columns: new[] { "report", "scope", "period", "trigger", "trigger_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_documents_kind_subject_type_subject_id_version",
                table: "documents",
                columns: new[] { "kind", "subject_type", "subject_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_documents_subject_type_subject_id",
                table: "documents",
                columns: new[] { "subject_type", "subject_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_report_runs_documents_document_id",
                table: "report_runs",
                column: "document_id",
                principalTable: "documents",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "document",
                table: "report_runs",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "document_rendered_at",
                table: "report_runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "file_name",
                table: "report_runs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            // Only scheduled runs fit the old one-run-per-period key; their documents go back into the run row.
            migrationBuilder.Sql("""
                DELETE FROM report_runs WHERE trigger <> 'Scheduled';
                UPDATE report_runs r SET document = c.content, file_name = d.file_name, document_rendered_at = d.created_at
                FROM documents d JOIN document_contents c ON c.document_id = d.id WHERE d.id = r.document_id;
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_report_runs_documents_document_id",
                table: "report_runs");

            migrationBuilder.DropTable(
                name: "document_contents");

            migrationBuilder.DropTable(
                name: "documents");

            migrationBuilder.DropIndex(
                name: "ix_report_runs_document_id",
                table: "report_runs");

            migrationBuilder.DropIndex(
                name: "ix_report_runs_report_scope_period_trigger_trigger_key",
                table: "report_runs");

            migrationBuilder.DropColumn(
                name: "document_id",
                table: "report_runs");

            migrationBuilder.DropColumn(
                name: "requested_by_user_id",
                table: "report_runs");

            migrationBuilder.DropColumn(
                name: "trigger",
                table: "report_runs");

            migrationBuilder.DropColumn(
                name: "trigger_key",
                table: "report_runs");

            migrationBuilder.CreateIndex(
                name: "ix_report_runs_report_scope_period",
                table: "report_runs",
                columns: new[] { "report", "scope", "period" },
                unique: true);
        }
    }
}
