-- Owner: Audit. Each case's audit entries form a SHA-256 hash chain (chain_seq, previous_hash, hash), computed here
-- under a per-chain advisory lock so concurrent writers cannot fork it; entries without a case share the zero chain.
-- The canonical form of an entry is a JSON array of its fields in a fixed order: unambiguous, and jsonb snapshots
-- print their keys in one canonical order. Proved by tests/FalloutManagement.IntegrationTests/Audit/AuditTests.cs.
CREATE FUNCTION fallout_audit_hash(e audit_entries) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(json_build_array(
        e.id, e.case_id, e.chain_seq, e.correction_action_id, e.actor, e.action, e.reason,
        e.before_json, e.after_json, e.correlation_id,
        to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        e.previous_hash)::text, 'UTF8')), 'hex')
$$;

CREATE FUNCTION fallout_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
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
