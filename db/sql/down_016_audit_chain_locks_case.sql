-- Undoes 016_audit_chain_locks_case.sql (run by the AuditChainLocksCase migration's Down): the function of 012, the chain's
-- advisory lock alone.
CREATE OR REPLACE FUNCTION fallout_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    chain uuid := coalesce(NEW.case_id, '00000000-0000-0000-0000-000000000000');
    last_seq bigint;
    last_hash text;
BEGIN
    IF NEW.hash IS NOT NULL THEN
        SELECT a.chain_seq, a.hash INTO last_seq, last_hash
          FROM audit_entries a
         WHERE coalesce(a.case_id, '00000000-0000-0000-0000-000000000000') = chain
         ORDER BY a.chain_seq DESC LIMIT 1;
        IF NEW.chain_seq = coalesce(last_seq, 0) + 1 AND NEW.previous_hash = coalesce(last_hash, repeat('0', 64)) THEN
            RETURN NEW;
        END IF;
    END IF;
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
