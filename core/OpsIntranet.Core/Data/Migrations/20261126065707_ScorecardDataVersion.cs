using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsIntranet.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScorecardDataVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // One row whose version moves with every transaction that changes what a scorecard shows,
            // whoever runs it (a service, an import, another node, a hand-written fix): the cache key.
            // The triggers are deferred to commit and fire once per transaction, so the row is locked
            // only for the instant of the commit (no deadlocks with the data's own row locks) and the
            // new version becomes visible together with the data it describes.
            migrationBuilder.Sql("""
                CREATE TABLE scorecard_data_version (id int PRIMARY KEY CHECK (id = 1), version bigint NOT NULL);
                INSERT INTO scorecard_data_version VALUES (1, 0);
                CREATE FUNCTION bump_scorecard_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF current_setting('ops.scorecard_version_bumped', true) = 'yes' THEN RETURN NULL; END IF;
                    PERFORM set_config('ops.scorecard_version_bumped', 'yes', true);
                    UPDATE scorecard_data_version SET version = version + 1 WHERE id = 1;
                    RETURN NULL;
                END $$;
                CREATE CONSTRAINT TRIGGER scorecard_version AFTER INSERT OR UPDATE OR DELETE ON units DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_scorecard_data_version();
                CREATE CONSTRAINT TRIGGER scorecard_version AFTER INSERT OR UPDATE OR DELETE ON metric_definitions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_scorecard_data_version();
                CREATE CONSTRAINT TRIGGER scorecard_version AFTER INSERT OR UPDATE OR DELETE ON metric_targets DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_scorecard_data_version();
                CREATE CONSTRAINT TRIGGER scorecard_version AFTER INSERT OR UPDATE OR DELETE ON metric_submissions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_scorecard_data_version();
                CREATE CONSTRAINT TRIGGER scorecard_version AFTER INSERT OR UPDATE OR DELETE ON metric_values DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_scorecard_data_version();
                """);

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER scorecard_version ON units;
                DROP TRIGGER scorecard_version ON metric_definitions;
                DROP TRIGGER scorecard_version ON metric_targets;
                DROP TRIGGER scorecard_version ON metric_submissions;
                DROP TRIGGER scorecard_version ON metric_values;
                DROP FUNCTION bump_scorecard_data_version();
                DROP TABLE scorecard_data_version;
                """);

        }
    }
}
