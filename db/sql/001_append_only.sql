-- Owner: Audit (audit_entries), Cases (evidence_items, evidence_contents), Events (outbox_events).
-- Audit, evidence and the outbox are append-only: UPDATE, DELETE and TRUNCATE are refused, even for the service's own
-- login and for a superuser. Proved by tests/FalloutManagement.IntegrationTests/Cases/PersistenceTests.cs.
CREATE FUNCTION fallout_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION fallout_refuse_change();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION fallout_refuse_change();

CREATE TRIGGER evidence_items_append_only BEFORE UPDATE OR DELETE ON evidence_items
    FOR EACH ROW EXECUTE FUNCTION fallout_refuse_change();
CREATE TRIGGER evidence_items_no_truncate BEFORE TRUNCATE ON evidence_items
    FOR EACH STATEMENT EXECUTE FUNCTION fallout_refuse_change();

CREATE TRIGGER evidence_contents_append_only BEFORE UPDATE OR DELETE ON evidence_contents
    FOR EACH ROW EXECUTE FUNCTION fallout_refuse_change();
CREATE TRIGGER evidence_contents_no_truncate BEFORE TRUNCATE ON evidence_contents
    FOR EACH STATEMENT EXECUTE FUNCTION fallout_refuse_change();

CREATE TRIGGER outbox_events_append_only BEFORE UPDATE OR DELETE ON outbox_events
    FOR EACH ROW EXECUTE FUNCTION fallout_refuse_change();
CREATE TRIGGER outbox_events_no_truncate BEFORE TRUNCATE ON outbox_events
    FOR EACH STATEMENT EXECUTE FUNCTION fallout_refuse_change();
