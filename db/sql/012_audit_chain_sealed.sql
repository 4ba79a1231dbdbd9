-- Owner: Audit. Issue 14: an entry may come sealed — chain_seq, previous_hash and hash already set by the service
-- (AuditChain.TrySeal), which prints the entry exactly as fallout_audit_hash does and hashes it. The service seals the
-- first entries of a case it creates in the same transaction: their chain is empty, because the case is visible to no
-- other transaction yet. A sealed entry is taken as it is when it continues the chain as this transaction sees it
-- (the next position, the last entry's hash as its previous hash): no lock and no hash here, only the lookup. Any
-- other entry, forged or stale values included, is chained exactly as before, under the chain's lock. Two writers can
-- never fork a chain: the unique (chain, chain_seq) index lets one entry have a position and refuses the other, UPDATE
-- and DELETE stay refused, and GET /fallout-cases/{id}/audit/verify recomputes every hash with fallout_audit_hash, so
-- a wrong seal would show as a broken chain. What it saves is measured in docs/benchmarks.md. Proved by tests/FalloutManagement.IntegrationTests/Audit/AuditChainSealTests.cs.
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
