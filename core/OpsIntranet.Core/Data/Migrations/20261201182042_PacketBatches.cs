using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PacketBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "packet_batches",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    cycle_id = table.Column<int>(type: "integer", nullable: false),
                    requested_by_user_id = table.Column<int>(type: "integer", nullable: false),
                    requested_by_name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    whole_cycle = table.Column<bool>(type: "boolean", nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    done = table.Column<int>(type: "integer", nullable: false),
                    failed = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    round = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    job_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    zip_document_id = table.Column<int>(type: "integer", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_packet_batches", x => x.id);
                    table.ForeignKey(
                        name: "fk_packet_batches_documents_zip_document_id",
                        column: x => x.zip_document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_packet_batches_evaluation_cycles_cycle_id",
                        column: x => x.cycle_id,
                        principalTable: "evaluation_cycles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "packet_batch_items",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    batch_id = table.Column<int>(type: "integer", nullable: false),
                    evaluation_id = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    document_id = table.Column<int>(type: "integer", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_packet_batch_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_packet_batch_items_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_packet_batch_items_evaluations_evaluation_id",
                        column: x => x.evaluation_id,
                        principalTable: "evaluations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_packet_batch_items_packet_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "packet_batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_packet_batch_items_batch_id_evaluation_id",
                table: "packet_batch_items",
                columns: new[] { "batch_id", "evaluation_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_packet_batch_items_document_id",
                table: "packet_batch_items",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_packet_batch_items_evaluation_id",
                table: "packet_batch_items",
                column: "evaluation_id");

            migrationBuilder.CreateIndex(
                name: "ix_packet_batches_cycle_id_id",
                table: "packet_batches",
                columns: new[] { "cycle_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_packet_batches_cycle_id_requested_by_user_id",
                table: "packet_batches",
                columns: new[] { "cycle_id", "requested_by_user_id" },
                unique: true,
                filter: "status <> 'Finished'");

            migrationBuilder.CreateIndex(
                name: "ix_packet_batches_zip_document_id",
                table: "packet_batches",
                column: "zip_document_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "packet_batch_items");

            migrationBuilder.DropTable(
                name: "packet_batches");
        }
    }
}
