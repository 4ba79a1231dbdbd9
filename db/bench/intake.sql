-- pgbench script: the database work of one classified intake (POST /fallout-cases with a category hint that
-- creates a new case), as raw SQL in one transaction. It is the baseline scripts/bench-intake.sh compares the
-- service with:
--
--   pgbench -n -c 16 -j 2 -T 30 -f db/bench/intake.sql <database migrated with db/migrations.sql>
--
-- Per transaction, as ReportFalloutEndpoint + FalloutCase.Report + FalloutDbContext.WriteAuditAndOutbox + the SLA
-- clock interceptor do:
--   1. the dedup lookup (JoinExistingAsync): the source event among occurrences, the open case of the step;
--   2. one fallout_cases row (DETECTED -> CLASSIFIED -> QUEUED, version 3) and its first fallout_occurrences row;
--   3. three outbox_events rows: FalloutCaseDetected, FalloutCaseClassified, FalloutCaseStateChanged;
--   4. three audit_entries rows: CASE_DETECTED, CASE_CLASSIFIED, CASE_QUEUED, sealed as the service seals a new case's
--      first entries (chain_seq 1..3, previous hash, hash: the service computes the SHA-256 itself, so stand-in hashes
--      that chain here); the chain trigger runs for each and takes the seal after its lookup of the last entry
--      (db/sql/012), exactly as for the service;
--   5. four sla_clocks rows (classify, met at once; assign, first action and resolve running), as the SLA planner
--      writes them for a HIGH case of MOBILE_ACTIVATION_L2 (policy: 30, 60, 120, 480 working minutes; 24x7 queue).
-- The rows carry the same columns and JSON shapes as the service writes. Keys are unique per transaction:
-- client id + a random 63-bit number. Statements 2-4 are one statement (data-modifying CTEs) to keep the
-- round trips few: the baseline is what a hand-written data layer could reach.

\set n random(1, 9000000000000000000)

BEGIN;

SELECT case_id, TRUE AS replay FROM fallout_occurrences
 WHERE source_system = 'pgbench' AND source_event_id = 'evt-' || :client_id || '-' || :n
UNION ALL
SELECT id, FALSE FROM fallout_cases
 WHERE service_order_item_id = 'soi-' || :client_id || '-' || :n AND failed_step_key = 'ProvisionMobileSubscriber'
   AND reason_code = 'DUPLICATE_SUBSCRIBER_MISMATCH' AND status NOT IN ('CLOSED', 'CANCELLED');

WITH k AS (
    SELECT gen_random_uuid() AS id, clock_timestamp() AS at,
           'evt-' || :client_id || '-' || :n AS evt, 'corr-' || :client_id || '-' || :n AS corr,
           'so-' || :client_id || '-' || :n AS so, 'soi-' || :client_id || '-' || :n AS soi,
           'Subscriber exists with same MSISDN but different IMSI'::text AS msg),
new_case AS (
    INSERT INTO fallout_cases (id, source_system, source_event_id, correlation_id, customer_id, service_order_id,
        service_order_item_id, resource_id, category_hint, severity_hint, category, severity, status, reason_code, message,
        failed_step_key, resume_point, order_version, occurred_at, queue, occurrence_count, last_occurrence_at,
        escalation_level, sla_due_at, created_at, updated_at, version, material_version)
    SELECT id, 'pgbench', evt, corr, 'cust-' || :client_id, so, soi, 'res-1', 'ACTIVATION', 'HIGH', 'ACTIVATION', 'HIGH',
           'QUEUED', 'DUPLICATE_SUBSCRIBER_MISMATCH', msg, 'ProvisionMobileSubscriber',
           'after command ProvisionMobileSubscriber', 7, TIMESTAMPTZ '2026-11-27 01:00:00+00', 'MOBILE_ACTIVATION_L2', 1, at,
           0, at + INTERVAL '8 hours', at, at, 3, 3
      FROM k
    RETURNING id),
clocks AS (
    INSERT INTO sla_clocks (id, case_id, kind, started_at, budget, due_at, at_risk_at, paused_total, paused_since, met_at, state)
    SELECT gen_random_uuid(), new_case.id, c.kind, k.at, c.budget, k.at + c.budget, k.at + c.budget * 0.8, INTERVAL '0', NULL,
           CASE WHEN c.met THEN k.at END, CASE WHEN c.met THEN 'MET' ELSE 'ON_TRACK' END
      FROM new_case JOIN k ON k.id = new_case.id,
           (VALUES ('TIME_TO_CLASSIFY', INTERVAL '30 minutes', TRUE), ('TIME_TO_ASSIGN', INTERVAL '60 minutes', FALSE),
                   ('TIME_TO_FIRST_ACTION', INTERVAL '120 minutes', FALSE), ('TIME_TO_RESOLVE', INTERVAL '480 minutes', FALSE))
           AS c(kind, budget, met)),
occurrence AS (
    INSERT INTO fallout_occurrences (id, case_id, source_system, source_event_id, correlation_id, message, occurred_at, received_at)
    SELECT gen_random_uuid(), new_case.id, 'pgbench', evt, corr, msg, TIMESTAMPTZ '2026-11-27 01:00:00+00', at
      FROM new_case, k),
events AS (
    INSERT INTO outbox_events (id, event_type, case_id, occurred_at, payload_json)
    SELECT e.event_id, e.event_type, k.id, k.at,
           jsonb_build_object('eventId', e.event_id, 'eventType', e.event_type, 'occurredAt', k.at, 'eventTime', k.at,
               'domain', 'FalloutManagement', 'title', e.event_type, 'falloutCaseId', k.id, 'serviceOrderId', k.so,
               'serviceOrderItemId', k.soi, 'correlationId', k.corr, 'customerId', 'cust-' || :client_id, 'status', e.status)
           || e.fields
      FROM new_case JOIN k ON k.id = new_case.id,
           (VALUES (gen_random_uuid(), 'FalloutCaseDetected', 'DETECTED',
                    jsonb_build_object('sourceSystem', 'pgbench', 'sourceEventId', 'evt-' || :client_id || '-' || :n,
                        'reasonCode', 'DUPLICATE_SUBSCRIBER_MISMATCH', 'failedStepKey', 'ProvisionMobileSubscriber',
                        'severity', 'HIGH', 'queue', 'FALLOUT_TRIAGE')),
                   (gen_random_uuid(), 'FalloutCaseClassified', 'CLASSIFIED',
                    jsonb_build_object('category', 'ACTIVATION', 'severity', 'HIGH', 'queue', 'MOBILE_ACTIVATION_L2')),
                   (gen_random_uuid(), 'FalloutCaseStateChanged', 'QUEUED',
                    jsonb_build_object('fromStatus', 'CLASSIFIED', 'toStatus', 'QUEUED'))) AS e(event_id, event_type, status, fields))
INSERT INTO audit_entries (id, case_id, actor, action, reason, before_json, after_json, correlation_id, occurred_at,
    chain_seq, previous_hash, hash)
SELECT gen_random_uuid(), k.id, 'pgbench-source', a.action, a.reason, a.before_json, a.after_json, k.corr, k.at,
       a.seq, CASE a.seq WHEN 1 THEN repeat('0', 64) ELSE repeat((a.seq - 1)::text, 64) END, repeat(a.seq::text, 64)
  FROM new_case JOIN k ON k.id = new_case.id,
       (VALUES (1, 'CASE_DETECTED', 'Subscriber exists with same MSISDN but different IMSI', NULL::jsonb,
                '{"queue": "FALLOUT_TRIAGE", "status": "DETECTED", "version": 1, "category": null, "severity": "HIGH", "assignedUser": null, "correctionStatus": null}'::jsonb),
               (2, 'CASE_CLASSIFIED', 'classified at intake by rule',
                '{"queue": "FALLOUT_TRIAGE", "status": "DETECTED", "version": 1, "category": null, "severity": "HIGH", "assignedUser": null, "correctionStatus": null}'::jsonb,
                '{"queue": "MOBILE_ACTIVATION_L2", "status": "CLASSIFIED", "version": 2, "category": "ACTIVATION", "severity": "HIGH", "assignedUser": null, "correctionStatus": null}'::jsonb),
               (3, 'CASE_QUEUED', 'classified at intake by rule',
                '{"queue": "MOBILE_ACTIVATION_L2", "status": "CLASSIFIED", "version": 2, "category": "ACTIVATION", "severity": "HIGH", "assignedUser": null, "correctionStatus": null}'::jsonb,
                '{"queue": "MOBILE_ACTIVATION_L2", "status": "QUEUED", "version": 3, "category": "ACTIVATION", "severity": "HIGH", "assignedUser": null, "correctionStatus": null}'::jsonb))
       AS a(seq, action, reason, before_json, after_json)
 ORDER BY a.seq;

COMMIT;
