using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <summary>
    /// What the database itself guarantees: audit and evidence are append-only (UPDATE, DELETE and TRUNCATE refused
    /// even for the service's own login), each case's audit entries form a SHA-256 hash chain computed here under a
    /// per-chain lock, and the outbox carries its position and writing transaction id for a gap-free feed.
    /// </summary>
    public partial class AppendOnlyAuditChainAndFeed : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION fallout_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
                        USING ERRCODE = 'insufficient_privilege';
                END $$;
                """);
            foreach (var table in new[] { "audit_entries", "evidence_items", "evidence_contents", "outbox_events" })
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
                        FOR EACH ROW EXECUTE FUNCTION fallout_refuse_change();
                    CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
                        FOR EACH STATEMENT EXECUTE FUNCTION fallout_refuse_change();
                    """);
            }

            // The canonical form of an entry is a JSON array of its fields in a fixed order: unambiguous, and jsonb
            // snapshots print their keys in one canonical order.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION fallout_audit_hash(e audit_entries) RETURNS text LANGUAGE sql STABLE AS $$
                    SELECT encode(sha256(convert_to(json_build_array(
                        e.id, e.case_id, e.chain_seq, e.correction_action_id, e.actor, e.action, e.reason,
                        e.before_json, e.after_json, e.correlation_id,
                        to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                        e.previous_hash)::text, 'UTF8')), 'hex')
                $$;

                CREATE OR REPLACE FUNCTION fallout_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    chain uuid := coalesce(NEW.case_id, '00000000-0000-0000-0000-000000000000');
                    last_seq bigint;
                    last_hash text;
                BEGIN
                    -- One writer per chain at a time, until commit: the next writer then sees this entry.
                    PERFORM pg_advisory_xact_lock(hashtextextended('fallout-audit:' || chain::text, 0));
                    SELECT a.chain_seq, a.hash INTO last_seq, last_hash
                      FROM audit_entries a
                     WHERE coalesce(a.case_id, '00000000-0000-0000-0000-000000000000') = chain
                     ORDER BY a.chain_seq DESC LIMIT 1;
                    NEW.chain_seq := coalesce(last_seq, 0) + 1;
                    NEW.previous_hash := coalesce(last_hash, repeat('0', 64));
                    NEW.hash := fallout_audit_hash(NEW);
                    RETURN NEW;
                END $$;

                CREATE TRIGGER audit_entries_chain BEFORE INSERT ON audit_entries
                    FOR EACH ROW EXECUTE FUNCTION fallout_audit_chain();

                CREATE UNIQUE INDEX ux_audit_entries_chain
                    ON audit_entries ((coalesce(case_id, '00000000-0000-0000-0000-000000000000')), chain_seq);
                """);

            // position orders the feed; transaction_id lets a reader stop before any transaction still in flight.
            migrationBuilder.Sql("""
                ALTER TABLE outbox_events ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY;
                ALTER TABLE outbox_events ADD COLUMN transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id();
                CREATE UNIQUE INDEX ux_outbox_events_position ON outbox_events (position);
                CREATE INDEX ix_outbox_events_transaction ON outbox_events (transaction_id, position);
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_outbox_events_transaction;
                DROP INDEX IF EXISTS ux_outbox_events_position;
                ALTER TABLE outbox_events DROP COLUMN IF EXISTS transaction_id;
                ALTER TABLE outbox_events DROP COLUMN IF EXISTS position;
                DROP INDEX IF EXISTS ux_audit_entries_chain;
                DROP TRIGGER IF EXISTS audit_entries_chain ON audit_entries;
                DROP FUNCTION IF EXISTS fallout_audit_chain();
                DROP FUNCTION IF EXISTS fallout_audit_hash(audit_entries);
                """);
            foreach (var table in new[] { "audit_entries", "evidence_items", "evidence_contents", "outbox_events" })
            {
                migrationBuilder.Sql($"""
                    DROP TRIGGER IF EXISTS {table}_append_only ON {table};
                    DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
                    """);
            }
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS fallout_refuse_change();");
        }
    }
}
