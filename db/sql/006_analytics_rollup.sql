-- Owner: Analytics. The daily rollup (docs/incidents-and-analytics.md, "Daily rollup"). Per UTC day of case creation,
-- queue and category: the flow counters (analytics_daily), the settled SLA clocks per kind (analytics_daily_clocks) and
-- the applied manual corrections per type (analytics_daily_corrections). Triggers append the day of every relevant
-- change to analytics_dirty_days in the writer's transaction; analytics_fold recomputes dirty days and removes their
-- marks in one transaction. A reader takes a day from the rollup only when no mark for it is visible in its snapshot,
-- else from the live tables, so figures are exact whether or not the fold has run. The figures' definitions, and why
-- the fold computes each exactly as the live query does, are in docs/database.md ("Analytics metrics").
-- Proved by tests/FalloutManagement.IntegrationTests/Analytics/AnalyticsRollupTests.cs.
CREATE TABLE analytics_daily (
    day date NOT NULL,
    queue text NOT NULL,
    category text NOT NULL,
    cases integer NOT NULL,
    occurrences bigint NOT NULL,
    classified integer NOT NULL,
    classify_seconds double precision NOT NULL,
    resolved integer NOT NULL,
    resolve_seconds double precision NOT NULL,
    reopened integer NOT NULL,
    automated integer NOT NULL,
    CONSTRAINT pk_analytics_daily PRIMARY KEY (day, queue, category));

CREATE TABLE analytics_daily_clocks (
    day date NOT NULL,
    queue text NOT NULL,
    category text NOT NULL,
    kind text NOT NULL,
    clocks integer NOT NULL,
    breached integer NOT NULL,
    CONSTRAINT pk_analytics_daily_clocks PRIMARY KEY (day, queue, category, kind));

CREATE TABLE analytics_daily_corrections (
    day date NOT NULL,
    queue text NOT NULL,
    category text NOT NULL,
    type text NOT NULL,
    applied integer NOT NULL,
    CONSTRAINT pk_analytics_daily_corrections PRIMARY KEY (day, queue, category, type));

CREATE TABLE analytics_dirty_days (
    id bigint GENERATED ALWAYS AS IDENTITY,
    day date NOT NULL,
    CONSTRAINT pk_analytics_dirty_days PRIMARY KEY (id));
CREATE INDEX ix_analytics_dirty_days_day ON analytics_dirty_days (day);

-- The clocks whose breach still depends on the time of the question: never in the rollup, counted live.
CREATE INDEX ix_sla_clocks_unsettled_analytics ON sla_clocks (started_at)
    INCLUDE (kind, due_at, paused_since, case_id) WHERE met_at IS NULL AND breach_notified_at IS NULL;

CREATE FUNCTION analytics_mark_case_day() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO analytics_dirty_days (day) VALUES ((OLD.created_at AT TIME ZONE 'UTC')::date);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.created_at IS DISTINCT FROM OLD.created_at) THEN
        INSERT INTO analytics_dirty_days (day) VALUES ((NEW.created_at AT TIME ZONE 'UTC')::date);
    END IF;
    RETURN NULL;
END $fn$;

CREATE TRIGGER trg_fallout_cases_analytics_write AFTER INSERT OR DELETE ON fallout_cases
    FOR EACH ROW EXECUTE FUNCTION analytics_mark_case_day();
CREATE TRIGGER trg_fallout_cases_analytics_update AFTER UPDATE ON fallout_cases FOR EACH ROW
    WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.queue IS DISTINCT FROM NEW.queue
          OR OLD.category IS DISTINCT FROM NEW.category OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.classified_at IS DISTINCT FROM NEW.classified_at OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
          OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.occurrence_count IS DISTINCT FROM NEW.occurrence_count
          OR OLD.service_order_item_id IS DISTINCT FROM NEW.service_order_item_id
          OR OLD.failed_step_key IS DISTINCT FROM NEW.failed_step_key)
    EXECUTE FUNCTION analytics_mark_case_day();

-- Only settled clocks (met, or marked breached) are in the rollup, so only they mark their day.
CREATE FUNCTION analytics_mark_clock_day() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP <> 'INSERT' AND (OLD.met_at IS NOT NULL OR OLD.breach_notified_at IS NOT NULL) THEN
        INSERT INTO analytics_dirty_days (day) VALUES ((OLD.started_at AT TIME ZONE 'UTC')::date);
    END IF;
    IF TG_OP <> 'DELETE' AND (NEW.met_at IS NOT NULL OR NEW.breach_notified_at IS NOT NULL) THEN
        INSERT INTO analytics_dirty_days (day) VALUES ((NEW.started_at AT TIME ZONE 'UTC')::date);
    END IF;
    RETURN NULL;
END $fn$;

CREATE TRIGGER trg_sla_clocks_analytics_write AFTER INSERT OR DELETE ON sla_clocks
    FOR EACH ROW EXECUTE FUNCTION analytics_mark_clock_day();
CREATE TRIGGER trg_sla_clocks_analytics_update AFTER UPDATE ON sla_clocks FOR EACH ROW
    WHEN (OLD.started_at IS DISTINCT FROM NEW.started_at OR OLD.case_id IS DISTINCT FROM NEW.case_id
          OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.due_at IS DISTINCT FROM NEW.due_at
          OR OLD.met_at IS DISTINCT FROM NEW.met_at OR OLD.breach_notified_at IS DISTINCT FROM NEW.breach_notified_at)
    EXECUTE FUNCTION analytics_mark_clock_day();

-- Only applied corrections count, so only they mark the day of their case.
CREATE FUNCTION analytics_mark_correction_day() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.applied_at IS NOT NULL THEN
        INSERT INTO analytics_dirty_days (day)
        SELECT (c.created_at AT TIME ZONE 'UTC')::date FROM fallout_cases c WHERE c.id = OLD.case_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.applied_at IS NOT NULL THEN
        INSERT INTO analytics_dirty_days (day)
        SELECT (c.created_at AT TIME ZONE 'UTC')::date FROM fallout_cases c WHERE c.id = NEW.case_id;
    END IF;
    RETURN NULL;
END $fn$;

CREATE TRIGGER trg_correction_actions_analytics_write AFTER INSERT OR DELETE ON correction_actions
    FOR EACH ROW EXECUTE FUNCTION analytics_mark_correction_day();
CREATE TRIGGER trg_correction_actions_analytics_update AFTER UPDATE ON correction_actions FOR EACH ROW
    WHEN (OLD.applied_at IS DISTINCT FROM NEW.applied_at OR OLD.type IS DISTINCT FROM NEW.type
          OR OLD.proposed_by IS DISTINCT FROM NEW.proposed_by OR OLD.case_id IS DISTINCT FROM NEW.case_id)
    EXECUTE FUNCTION analytics_mark_correction_day();

-- Folds up to p_max_days dirty days: takes (deletes) the marks visible now, recomputes those days from the
-- live tables, all in the caller's transaction. A mark written by a transaction not yet committed is not
-- taken, so its day is folded again later. One fold at a time (advisory lock); returns the days folded.
CREATE FUNCTION analytics_fold(p_max_days integer) RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
    folded date[];
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('analytics_fold')) THEN
        RETURN 0;
    END IF;
    WITH picked AS (SELECT DISTINCT day FROM analytics_dirty_days ORDER BY day LIMIT p_max_days),
         taken AS (DELETE FROM analytics_dirty_days l USING picked p WHERE l.day = p.day RETURNING l.day)
    SELECT coalesce(array_agg(DISTINCT day), '{}') INTO folded FROM taken;
    IF cardinality(folded) = 0 THEN
        RETURN 0;
    END IF;

    DELETE FROM analytics_daily WHERE day = ANY (folded);
    DELETE FROM analytics_daily_clocks WHERE day = ANY (folded);
    DELETE FROM analytics_daily_corrections WHERE day = ANY (folded);

    INSERT INTO analytics_daily (day, queue, category, cases, occurrences, classified, classify_seconds, resolved,
        resolve_seconds, reopened, automated)
    SELECT d.day, c.queue, coalesce(c.category, ''), count(*), sum(c.occurrence_count), count(c.classified_at),
           coalesce(sum(extract(epoch FROM c.classified_at - c.created_at)), 0),
           count(c.resolved_at), coalesce(sum(extract(epoch FROM c.resolved_at - c.created_at)), 0),
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM fallout_cases p
                WHERE p.status = 'CLOSED' AND p.service_order_item_id = c.service_order_item_id
                  AND p.failed_step_key = c.failed_step_key AND p.closed_at <= c.created_at)),
           count(*) FILTER (WHERE c.resolved_at IS NOT NULL
               AND EXISTS (SELECT 1 FROM correction_actions ca WHERE ca.case_id = c.id AND ca.applied_at IS NOT NULL)
               AND NOT EXISTS (SELECT 1 FROM correction_actions ca
                                WHERE ca.case_id = c.id AND ca.applied_at IS NOT NULL AND ca.type <> 'RETRY'))
      FROM unnest(folded) AS d(day)
      JOIN fallout_cases c ON c.created_at >= d.day::timestamp AT TIME ZONE 'UTC'
                          AND c.created_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
     GROUP BY 1, 2, 3;

    INSERT INTO analytics_daily_clocks (day, queue, category, kind, clocks, breached)
    SELECT d.day, c.queue, coalesce(c.category, ''), k.kind, count(*),
           count(*) FILTER (WHERE k.breach_notified_at IS NOT NULL OR k.met_at > k.due_at)
      FROM unnest(folded) AS d(day)
      JOIN sla_clocks k ON k.started_at >= d.day::timestamp AT TIME ZONE 'UTC'
                       AND k.started_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
      JOIN fallout_cases c ON c.id = k.case_id
     WHERE k.met_at IS NOT NULL OR k.breach_notified_at IS NOT NULL
     GROUP BY 1, 2, 3, 4;

    INSERT INTO analytics_daily_corrections (day, queue, category, type, applied)
    SELECT d.day, c.queue, coalesce(c.category, ''), ca.type, count(*)
      FROM unnest(folded) AS d(day)
      JOIN fallout_cases c ON c.created_at >= d.day::timestamp AT TIME ZONE 'UTC'
                          AND c.created_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
      JOIN correction_actions ca ON ca.case_id = c.id
     WHERE ca.applied_at IS NOT NULL AND ca.proposed_by NOT LIKE 'system:%'
     GROUP BY 1, 2, 3, 4;

    RETURN cardinality(folded);
END $fn$;
