-- Owner: Queues. The reference data a new database starts with: the eight queues with their calendars and strategies,
-- classification rules for the seed's taxonomy, and SLA policies per queue, severity and segment. Admins change all
-- of it through the API afterwards.
INSERT INTO queues (code, name, category, skill, escalation_queue, assignment_strategy, time_zone, always_open,
                    opens_at, closes_at, working_days, holidays, active, version, updated_at)
VALUES
    ('FALLOUT_TRIAGE', 'Fallout triage', NULL, 'triage', NULL, 'MANUAL_PULL',
     'Asia/Jakarta', TRUE, '00:00', '23:59', '{}', '{}', TRUE, 1, now()),
    ('FULFILLMENT_DATA_FIX', 'Fulfillment data fix', 'DATA', 'order/catalog/data analyst', NULL, 'LEAST_LOADED',
     'Asia/Jakarta', FALSE, '08:00', '17:00', '{Monday,Tuesday,Wednesday,Thursday,Friday}',
     '{2026-12-25,2027-01-01,2027-08-17,2027-12-25}', TRUE, 1, now()),
    ('RESOURCE_CONTROL', 'Resource control', 'RESOURCE', 'inventory operations', NULL, 'ROUND_ROBIN',
     'Asia/Jakarta', TRUE, '00:00', '23:59', '{}', '{}', TRUE, 1, now()),
    ('MOBILE_ACTIVATION_L2', 'Mobile activation L2', 'ACTIVATION', 'mobile core provisioning', NULL, 'SKILL_BASED',
     'Asia/Jakarta', TRUE, '00:00', '23:59', '{}', '{}', TRUE, 1, now()),
    ('FIXED_FIELD_SUPPORT', 'Fixed field support', 'FIELD', 'field operations', NULL, 'LEAST_LOADED',
     'Asia/Jakarta', FALSE, '07:00', '19:00', '{Monday,Tuesday,Wednesday,Thursday,Friday,Saturday}',
     '{2026-12-25,2027-01-01,2027-08-17,2027-12-25}', TRUE, 1, now()),
    ('PARTNER_WHOLESALE', 'Partner wholesale', 'PARTNER', 'wholesale operations', NULL, 'MANUAL_PULL',
     'Asia/Jakarta', FALSE, '08:00', '17:00', '{Monday,Tuesday,Wednesday,Thursday,Friday}',
     '{2026-12-25,2027-01-01,2027-08-17,2027-12-25}', TRUE, 1, now()),
    ('BILLING_RA', 'Billing and revenue assurance', 'BILLING', 'billing / revenue assurance', NULL, 'ROUND_ROBIN',
     'Asia/Jakarta', FALSE, '08:00', '17:00', '{Monday,Tuesday,Wednesday,Thursday,Friday}',
     '{2026-12-25,2027-01-01,2027-08-17,2027-12-25}', TRUE, 1, now()),
    ('FRAUD_REVIEW', 'Fraud review', 'COMPLIANCE', 'fraud analyst', NULL, 'MANUAL_PULL',
     'Asia/Jakarta', TRUE, '00:00', '23:59', '{}', '{}', TRUE, 1, now());

-- Revenue leakage that breaches its SLA goes to the fraud analysts; the others escalate in place
-- (severity one step up, the supervisors see the breach).
UPDATE queues SET escalation_queue = 'FRAUD_REVIEW' WHERE code = 'BILLING_RA';

INSERT INTO classification_rules (id, priority, source_system, category_hint, reason_code, failed_step_key,
                                  category, severity, queue, description, active, version, updated_at)
SELECT gen_random_uuid(), r.*, TRUE, 1, now() FROM (VALUES
    (100, NULL, NULL, 'MISSING_CUSTOMER_DATA', NULL, 'DATA', 'MEDIUM', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): missing customer data'),
    (100, NULL, NULL, 'INCONSISTENT_IDENTITY', NULL, 'DATA', 'MEDIUM', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): inconsistent identity'),
    (100, NULL, NULL, 'INVALID_ADDRESS', NULL, 'DATA', 'MEDIUM', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): invalid address'),
    (100, NULL, NULL, 'INVALID_CATALOG_CONFIGURATION', NULL, 'DATA', 'HIGH', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): invalid catalog configuration'),
    (100, NULL, NULL, 'PRODUCT_SERVICE_MISMATCH', NULL, 'DATA', 'MEDIUM', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): product service mismatch'),
    (100, NULL, NULL, 'WRONG_RESOURCE_REFERENCE', NULL, 'DATA', 'MEDIUM', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): wrong resource reference'),
    (100, NULL, NULL, 'DUPLICATE_ACCOUNT', NULL, 'DATA', 'LOW', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): duplicate account'),
    (100, NULL, NULL, 'INVALID_ENTERPRISE_HIERARCHY', NULL, 'DATA', 'MEDIUM', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): invalid enterprise hierarchy'),
    (1000, NULL, 'DATA', NULL, NULL, 'DATA', 'LOW', 'FULFILLMENT_DATA_FIX', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
    (100, NULL, NULL, 'NO_AVAILABLE_MSISDN', NULL, 'RESOURCE', 'HIGH', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): no available msisdn'),
    (100, NULL, NULL, 'NO_AVAILABLE_PORT', NULL, 'RESOURCE', 'HIGH', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): no available port'),
    (100, NULL, NULL, 'STATIC_IP_CONFLICT', NULL, 'RESOURCE', 'HIGH', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): static ip conflict'),
    (100, NULL, NULL, 'RESERVED_RESOURCE_EXPIRED', NULL, 'RESOURCE', 'MEDIUM', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): reserved resource expired'),
    (100, NULL, NULL, 'RESOURCE_ALREADY_ACTIVE', NULL, 'RESOURCE', 'HIGH', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): resource already active'),
    (100, NULL, NULL, 'RESOURCE_IN_QUARANTINE', NULL, 'RESOURCE', 'MEDIUM', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): resource in quarantine'),
    (100, NULL, NULL, 'INVENTORY_MISMATCH', NULL, 'RESOURCE', 'MEDIUM', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): inventory mismatch'),
    (100, NULL, NULL, 'RESOURCE_RELATIONSHIP_CONFLICT', NULL, 'RESOURCE', 'MEDIUM', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): resource relationship conflict'),
    (1000, NULL, 'RESOURCE', NULL, NULL, 'RESOURCE', 'LOW', 'RESOURCE_CONTROL', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
    (100, NULL, NULL, 'DUPLICATE_SUBSCRIBER_MISMATCH', NULL, 'ACTIVATION', 'HIGH', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): duplicate subscriber mismatch'),
    (100, NULL, NULL, 'VENDOR_VALIDATION_ERROR', NULL, 'ACTIVATION', 'MEDIUM', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): vendor validation error'),
    (100, NULL, NULL, 'ACTIVATION_TIMEOUT', NULL, 'ACTIVATION', 'MEDIUM', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): activation timeout'),
    (100, NULL, NULL, 'UNKNOWN_ACTIVATION_STATE', NULL, 'ACTIVATION', 'HIGH', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): unknown activation state'),
    (100, NULL, NULL, 'PARTIAL_ACTIVATION', NULL, 'ACTIVATION', 'HIGH', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): partial activation'),
    (100, NULL, NULL, 'TARGET_SYSTEM_REJECT', NULL, 'ACTIVATION', 'MEDIUM', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): target system reject'),
    (100, NULL, NULL, 'UNSUPPORTED_COMMAND', NULL, 'ACTIVATION', 'LOW', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): unsupported command'),
    (1000, NULL, 'ACTIVATION', NULL, NULL, 'ACTIVATION', 'LOW', 'MOBILE_ACTIVATION_L2', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
    (100, NULL, NULL, 'TECHNICIAN_NO_SHOW', NULL, 'FIELD', 'MEDIUM', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): technician no show'),
    (100, NULL, NULL, 'CUSTOMER_NO_ACCESS', NULL, 'FIELD', 'LOW', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): customer no access'),
    (100, NULL, NULL, 'WRONG_SITE', NULL, 'FIELD', 'MEDIUM', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): wrong site'),
    (100, NULL, NULL, 'PORT_NOT_AVAILABLE_ON_SITE', NULL, 'FIELD', 'HIGH', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): port not available on site'),
    (100, NULL, NULL, 'ONT_SERIAL_MISMATCH', NULL, 'FIELD', 'MEDIUM', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): ont serial mismatch'),
    (100, NULL, NULL, 'INSTALLATION_FAILED', NULL, 'FIELD', 'MEDIUM', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): installation failed'),
    (100, NULL, NULL, 'SAFETY_CONSTRAINT', NULL, 'FIELD', 'HIGH', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): safety constraint'),
    (100, NULL, NULL, 'ORDER_DELAY_FIELD_ACCESS', NULL, 'FIELD', 'LOW', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): order delay field access'),
    (100, NULL, NULL, 'INSTALLATION_RESCHEDULE_REQUIRED', NULL, 'FIELD', 'LOW', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): installation reschedule required'),
    (1000, NULL, 'FIELD', NULL, NULL, 'FIELD', 'LOW', 'FIXED_FIELD_SUPPORT', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
    (100, NULL, NULL, 'MVNO_HOST_REJECT', NULL, 'PARTNER', 'HIGH', 'PARTNER_WHOLESALE', 'Seed taxonomy (lesson §5): mvno host reject'),
    (100, NULL, NULL, 'WHOLESALE_PROVIDER_DELAY', NULL, 'PARTNER', 'MEDIUM', 'PARTNER_WHOLESALE', 'Seed taxonomy (lesson §5): wholesale provider delay'),
    (100, NULL, NULL, 'INTER_PROVIDER_ORDER_MISMATCH', NULL, 'PARTNER', 'MEDIUM', 'PARTNER_WHOLESALE', 'Seed taxonomy (lesson §5): inter provider order mismatch'),
    (100, NULL, NULL, 'PARTNER_API_TIMEOUT', NULL, 'PARTNER', 'MEDIUM', 'PARTNER_WHOLESALE', 'Seed taxonomy (lesson §5): partner api timeout'),
    (100, NULL, NULL, 'PARTNER_SLA_BREACH', NULL, 'PARTNER', 'HIGH', 'PARTNER_WHOLESALE', 'Seed taxonomy (lesson §5): partner sla breach'),
    (100, NULL, NULL, 'SETTLEMENT_ACCOUNT_MISMATCH', NULL, 'PARTNER', 'LOW', 'PARTNER_WHOLESALE', 'Seed taxonomy (lesson §5): settlement account mismatch'),
    (1000, NULL, 'PARTNER', NULL, NULL, 'PARTNER', 'LOW', 'PARTNER_WHOLESALE', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
    (100, NULL, NULL, 'CHARGING_PROFILE_MISSING', NULL, 'BILLING', 'HIGH', 'BILLING_RA', 'Seed taxonomy (lesson §5): charging profile missing'),
    (100, NULL, NULL, 'CHARGING_BUCKET_MISSING', NULL, 'BILLING', 'HIGH', 'BILLING_RA', 'Seed taxonomy (lesson §5): charging bucket missing'),
    (100, NULL, NULL, 'RATING_PROFILE_UNAVAILABLE', NULL, 'BILLING', 'HIGH', 'BILLING_RA', 'Seed taxonomy (lesson §5): rating profile unavailable'),
    (100, NULL, NULL, 'BILL_ACCOUNT_MISMATCH', NULL, 'BILLING', 'MEDIUM', 'BILLING_RA', 'Seed taxonomy (lesson §5): bill account mismatch'),
    (100, NULL, NULL, 'INVOICE_HOLD', NULL, 'BILLING', 'MEDIUM', 'BILLING_RA', 'Seed taxonomy (lesson §5): invoice hold'),
    (100, NULL, NULL, 'TAX_PROFILE_MISSING', NULL, 'BILLING', 'MEDIUM', 'BILLING_RA', 'Seed taxonomy (lesson §5): tax profile missing'),
    (100, NULL, NULL, 'PREPAID_BALANCE_CREATION_FAILED', NULL, 'BILLING', 'HIGH', 'BILLING_RA', 'Seed taxonomy (lesson §5): prepaid balance creation failed'),
    (1000, NULL, 'BILLING', NULL, NULL, 'BILLING', 'LOW', 'BILLING_RA', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
    (100, NULL, NULL, 'KYC_INCOMPLETE', NULL, 'COMPLIANCE', 'MEDIUM', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): kyc incomplete'),
    (100, NULL, NULL, 'FRAUD_SCORE_HIGH', NULL, 'COMPLIANCE', 'HIGH', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): fraud score high'),
    (100, NULL, NULL, 'SANCTIONS_LIST_HIT', NULL, 'COMPLIANCE', 'CRITICAL', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): sanctions list hit'),
    (100, NULL, NULL, 'BLACKLIST_HIT', NULL, 'COMPLIANCE', 'HIGH', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): blacklist hit'),
    (100, NULL, NULL, 'CREDIT_CHECK_PENDING', NULL, 'COMPLIANCE', 'LOW', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): credit check pending'),
    (100, NULL, NULL, 'LAWFUL_INTERCEPT_RESTRICTION', NULL, 'COMPLIANCE', 'CRITICAL', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): lawful intercept restriction'),
    (100, NULL, NULL, 'CONSENT_MISSING', NULL, 'COMPLIANCE', 'MEDIUM', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): consent missing'),
    (1000, NULL, 'COMPLIANCE', NULL, NULL, 'COMPLIANCE', 'LOW', 'FRAUD_REVIEW', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
    (200, NULL, NULL, 'HLR_%', NULL, 'ACTIVATION', 'MEDIUM', 'MOBILE_ACTIVATION_L2', 'Pattern: any HLR_* reject from the mobile core'),
    (200, NULL, NULL, 'PARTNER_%', NULL, 'PARTNER', 'MEDIUM', 'PARTNER_WHOLESALE', 'Pattern: any PARTNER_* reason'),
    (50, 'activation-service', NULL, 'DUPLICATE_SUBSCRIBER_MISMATCH', 'ProvisionMobileSubscriber', 'ACTIVATION', 'HIGH', 'MOBILE_ACTIVATION_L2', 'The seed''s worked example, pinned by source and failed step')
) AS r(priority, source_system, category_hint, reason_code, failed_step_key, category, severity, queue, description);

-- Durations are working minutes in the queue's calendar. ENTERPRISE customers get half of each. The first-action and
-- resolve clocks pause while the case waits on the customer, a partner or an incident (nobody in operations can speed
-- those up).
INSERT INTO sla_policies (id, queue, severity, customer_segment, time_to_classify_minutes, time_to_assign_minutes,
                          time_to_first_action_minutes, time_to_resolve_minutes, pause_while, paused_clocks,
                          active, version, updated_at)
SELECT gen_random_uuid(), q.code, d.severity, s.segment,
       d.classify / s.divisor, d.assign / s.divisor, d.first_action / s.divisor, d.resolve / s.divisor,
       '{WAITING_CUSTOMER,WAITING_PARTNER,WAITING_INCIDENT}', '{TIME_TO_FIRST_ACTION,TIME_TO_RESOLVE}', TRUE, 1, now()
  FROM queues q
 CROSS JOIN (VALUES ('CRITICAL', 15, 30, 60, 240),
                    ('HIGH', 30, 60, 120, 480),
                    ('MEDIUM', 60, 240, 480, 1440),
                    ('LOW', 240, 480, 1440, 4320)) AS d(severity, classify, assign, first_action, resolve)
 CROSS JOIN (VALUES (NULL, 1), ('ENTERPRISE', 2)) AS s(segment, divisor);
