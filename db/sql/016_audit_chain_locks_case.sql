-- Owner: Audit. An unsealed entry of a case locks the case's row (FOR NO KEY UPDATE, the lock the command's own UPDATE
-- of the case takes anyway) before the chain's advisory lock. Commands write the audit first and update the case after;
-- the pull (POST /queues/{code}/next) and the sweeps lock the case's row first (FOR UPDATE SKIP LOCKED) and write the
-- audit after. With the advisory lock alone the two orders met as a deadlock: a claim holding the chain's lock waited
-- for the row a pull held, the pull waited for the chain's lock, and PostgreSQL broke the cycle after a second with a
-- 500 to one of them. Now every writer takes the row, then the chain: a claim waits for the pull and loses on the
-- version (412), and a pull or a sweep skips the row of a case a command is writing. A sealed entry (the first entries
-- of a case created in the same transaction, 012) is taken as before, with no lookup and no lock; an entry of no case
-- (the zero chain) takes the advisory lock alone. Proved by
-- tests/FalloutManagement.IntegrationTests/Queues/PullNextTests.cs (a pull racing a claim of the same case).
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
    -- The case's row first, as the pull and the sweeps take it, then the chain: one writer per chain at a time, until
    -- commit, and the next writer then sees this entry.
    IF NEW.case_id IS NOT NULL THEN
        PERFORM 1 FROM fallout_cases c WHERE c.id = NEW.case_id FOR NO KEY UPDATE;
    END IF;
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
