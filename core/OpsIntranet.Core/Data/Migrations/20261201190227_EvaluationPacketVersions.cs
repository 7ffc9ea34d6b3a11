using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class EvaluationPacketVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "packet_versions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    evaluation_id = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    event_id = table.Column<int>(type: "integer", nullable: false),
                    step = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_packet_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_packet_versions_evaluation_events_event_id",
                        column: x => x.event_id,
                        principalTable: "evaluation_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_packet_versions_evaluations_evaluation_id",
                        column: x => x.evaluation_id,
                        principalTable: "evaluations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "packet_copies",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    packet_version_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    document_id = table.Column<int>(type: "integer", nullable: true),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_packet_copies", x => x.id);
                    table.ForeignKey(
                        name: "fk_packet_copies_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_packet_copies_packet_version_packet_version_id",
                        column: x => x.packet_version_id,
                        principalTable: "packet_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_packet_copies_document_id",
                table: "packet_copies",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_packet_copies_fingerprint",
                table: "packet_copies",
                column: "fingerprint");

            migrationBuilder.CreateIndex(
                name: "ix_packet_copies_packet_version_id_kind",
                table: "packet_copies",
                columns: new[] { "packet_version_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_packet_versions_evaluation_id_number",
                table: "packet_versions",
                columns: new[] { "evaluation_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_packet_versions_event_id",
                table: "packet_versions",
                column: "event_id",
                unique: true);
            // Approvals kept before this table existed become versions 1, 2, … in order; their copies render on first download.
            migrationBuilder.Sql("""
                INSERT INTO packet_versions (evaluation_id, number, event_id, step, created_at)
                SELECT evaluation_id, row_number() OVER (PARTITION BY evaluation_id ORDER BY id), id, step, at
                FROM evaluation_events WHERE step = 'Approved' AND snapshot IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "packet_copies");

            migrationBuilder.DropTable(
                name: "packet_versions");
        }
    }
}
