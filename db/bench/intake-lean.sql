-- pgbench script: the lean unit of work, the floor a lighter intake is measured against (scripts/bench-intake.sh runs
-- it beside db/bench/intake.sql, always with prepared statements):
--
--   pgbench -n -M prepared -c 16 -j 2 -T 30 -f db/bench/intake-lean.sql <database migrated with db/migrations.sql>
--
-- One transaction: one fallout_cases row (QUEUED), its first fallout_occurrences row, one outbox_events row and one
-- audit_entries row, as four prepared INSERTs. No dedup lookup and no SLA clocks. The database's own triggers on these
-- tables still run (the audit chain for the one audit row, the analytics marks for the case), since the unit runs on
-- the service's schema. Keys are unique per transaction: an id derived from the client id and a random 63-bit number.

\set n random(1, 9000000000000000000)

BEGIN;

INSERT INTO fallout_cases (id, source_system, source_event_id, correlation_id, customer_id, service_order_id,
    service_order_item_id, resource_id, category_hint, severity_hint, category, severity, status, reason_code, message,
    failed_step_key, resume_point, order_version, occurred_at, queue, occurrence_count, last_occurrence_at,
    escalation_level, sla_due_at, created_at, updated_at, version, material_version)
VALUES (md5(:client_id || '-' || :n)::uuid, 'pgbench-lean', 'evt-' || :client_id || '-' || :n, 'corr-' || :client_id || '-' || :n,
    'cust-' || :client_id, 'so-' || :client_id || '-' || :n, 'soi-' || :client_id || '-' || :n, 'res-1', 'ACTIVATION', 'HIGH',
    'ACTIVATION', 'HIGH', 'QUEUED', 'DUPLICATE_SUBSCRIBER_MISMATCH', 'Subscriber exists with same MSISDN but different IMSI',
    'ProvisionMobileSubscriber', 'after command ProvisionMobileSubscriber', 7, TIMESTAMPTZ '2026-11-27 01:00:00+00',
    'MOBILE_ACTIVATION_L2', 1, now(), 0, now() + INTERVAL '8 hours', now(), now(), 3, 3);

INSERT INTO fallout_occurrences (id, case_id, source_system, source_event_id, correlation_id, message, occurred_at, received_at)
VALUES (md5('o-' || :client_id || '-' || :n)::uuid, md5(:client_id || '-' || :n)::uuid, 'pgbench-lean', 'evt-' || :client_id || '-' || :n,
    'corr-' || :client_id || '-' || :n, 'Subscriber exists with same MSISDN but different IMSI', TIMESTAMPTZ '2026-11-27 01:00:00+00', now());

INSERT INTO outbox_events (id, event_type, case_id, occurred_at, payload_json)
VALUES (md5('e-' || :client_id || '-' || :n)::uuid, 'FalloutCaseDetected', md5(:client_id || '-' || :n)::uuid, now(),
    jsonb_build_object('eventType', 'FalloutCaseDetected', 'falloutCaseId', md5(:client_id || '-' || :n)::uuid,
        'serviceOrderItemId', 'soi-' || :client_id || '-' || :n, 'status', 'QUEUED', 'queue', 'MOBILE_ACTIVATION_L2'));

INSERT INTO audit_entries (id, case_id, actor, action, reason, before_json, after_json, correlation_id, occurred_at)
VALUES (md5('a-' || :client_id || '-' || :n)::uuid, md5(:client_id || '-' || :n)::uuid, 'pgbench-lean', 'CASE_DETECTED',
    'Subscriber exists with same MSISDN but different IMSI', NULL,
    '{"queue": "MOBILE_ACTIVATION_L2", "status": "QUEUED", "version": 3, "category": "ACTIVATION", "severity": "HIGH"}'::jsonb,
    'corr-' || :client_id || '-' || :n, now());

COMMIT;
