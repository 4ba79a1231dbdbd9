using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <summary>
    /// The action policy that ships (docs/corrections.md, seed sections 11, 12, 30-32): a default per correction type and
    /// the seed's high-risk list as HIGH/CRITICAL with approval. Admins change it through /action-policies; the rows
    /// carry fixed ids so every environment names them alike. docs/corrections.md shows the matrix.
    /// </summary>
    public partial class SeedActionPolicies : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("""
                INSERT INTO action_policies (id, name, description, priority, match_category, match_customer_segment,
                    match_correction_type, match_payload_field, match_payload_values, match_min_amount, match_min_previous_corrections,
                    allowed, risk_level, approval_required, required_evidence, customer_notification_required, escalation_rule,
                    active, version, created_at, created_by, updated_at, updated_by)
                VALUES
                    ('00000000-0000-7000-8000-000000000001', 'retry-default', 'Retry the failed automated step once its cause is fixed (seed 11.1). Low risk; repeated retries are rate-limited.', 0, NULL, NULL, 'RETRY', NULL, '{}'::text[], NULL, NULL, TRUE, 'LOW', FALSE, '{}'::text[], FALSE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000002', 'data-correction-default', 'Correct wrong order or configuration data, with a before/after diff (seed 11.2).', 0, NULL, NULL, 'DATA_CORRECTION', NULL, '{}'::text[], NULL, NULL, TRUE, 'MEDIUM', FALSE, ARRAY['DATA_DIFF']::text[], FALSE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000003', 'data-correction-billing-account', 'Change a billing account (seed 12: high risk).', 100, NULL, NULL, 'DATA_CORRECTION', 'field', ARRAY['billingAccountId', 'billingAccount']::text[], NULL, NULL, TRUE, 'HIGH', TRUE, ARRAY['DATA_DIFF', 'DOCUMENT']::text[], FALSE, 'NOTIFY_SUPERVISOR', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000004', 'data-correction-kyc-and-sensitive-customer-data', 'Alter KYC, fraud-hold or audit-sensitive customer data (seed 12: high risk).', 100, NULL, NULL, 'DATA_CORRECTION', 'field', ARRAY['kycStatus', 'kycDocumentId', 'identityNumber', 'customerName', 'dateOfBirth', 'fraudHold', 'creditHold']::text[], NULL, NULL, TRUE, 'HIGH', TRUE, ARRAY['DATA_DIFF', 'DOCUMENT']::text[], FALSE, 'FRAUD_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000005', 'data-correction-lawful-intercept', 'Modify a lawful-intercept related restriction (seed 12: critical).', 110, NULL, NULL, 'DATA_CORRECTION', 'field', ARRAY['lawfulInterceptRestriction', 'lawfulInterceptFlag']::text[], NULL, NULL, TRUE, 'CRITICAL', TRUE, ARRAY['DATA_DIFF', 'DOCUMENT']::text[], FALSE, 'NOTIFY_SUPERVISOR', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000006', 'resource-reallocation-default', 'Replace a resource and quarantine the old one (seed 11.3).', 0, NULL, NULL, 'RESOURCE_REALLOCATION', NULL, '{}'::text[], NULL, NULL, TRUE, 'MEDIUM', FALSE, ARRAY['READ_BACK_SNAPSHOT']::text[], FALSE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000007', 'resource-reallocation-release', 'Release the old resource, which may still be assigned to an active service (seed 12: high risk).', 100, NULL, NULL, 'RESOURCE_REALLOCATION', 'oldResourceDisposition', ARRAY['RELEASE']::text[], NULL, NULL, TRUE, 'HIGH', TRUE, ARRAY['READ_BACK_SNAPSHOT']::text[], FALSE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000008', 'manual-provisioning-default', 'A change in a vendor console or NMS with exact parameters, evidence and read-back (seed 11.4).', 0, NULL, NULL, 'MANUAL_PROVISIONING', NULL, '{}'::text[], NULL, NULL, TRUE, 'MEDIUM', FALSE, ARRAY['READ_BACK_SNAPSHOT']::text[], FALSE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000009', 'manual-provisioning-enterprise', 'Manually activate an enterprise service (seed 12: high risk).', 100, NULL, 'ENTERPRISE', 'MANUAL_PROVISIONING', NULL, '{}'::text[], NULL, NULL, TRUE, 'HIGH', TRUE, ARRAY['READ_BACK_SNAPSHOT']::text[], FALSE, 'NOTIFY_SUPERVISOR', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000010', 'order-amendment-default', 'Amend the order when its intent cannot be fulfilled, with the customer''s confirmation (seed 11.5).', 0, NULL, NULL, 'ORDER_AMENDMENT', NULL, '{}'::text[], NULL, NULL, TRUE, 'MEDIUM', FALSE, ARRAY['CUSTOMER_CONFIRMATION']::text[], TRUE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000011', 'order-amendment-repeated', 'After two amendments (e.g. missed appointments) customer care decides (seed 30).', 100, NULL, NULL, 'ORDER_AMENDMENT', NULL, '{}'::text[], NULL, 2, TRUE, 'HIGH', TRUE, ARRAY['CUSTOMER_CONFIRMATION']::text[], TRUE, 'CUSTOMER_CARE_DECISION', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000012', 'cancellation-default', 'Cancel the item or order; resources, charging and the customer are considered (seed 11.6).', 0, NULL, NULL, 'CANCELLATION', NULL, '{}'::text[], NULL, NULL, TRUE, 'MEDIUM', FALSE, '{}'::text[], TRUE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000013', 'compensation-default', 'Corrective action after a side effect happened (seed 11.7).', 0, NULL, NULL, 'COMPENSATION', NULL, '{}'::text[], NULL, NULL, TRUE, 'MEDIUM', FALSE, '{}'::text[], TRUE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000014', 'compensation-large-refund-or-credit', 'A large refund or credit adjustment (seed 12: high risk). The threshold is in the payload''s currency.', 100, NULL, NULL, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 1000000, NULL, TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000015', 'force-complete-default', 'Mark a step done without the automation (seed 32.2): always a checker and read-back evidence.', 0, NULL, NULL, 'FORCE_COMPLETE', NULL, '{}'::text[], NULL, NULL, TRUE, 'CRITICAL', TRUE, ARRAY['READ_BACK_SNAPSHOT', 'SYNTHETIC_TEST_RESULT']::text[], FALSE, 'NOTIFY_SUPERVISOR', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000016', 'billing-no-force-complete', 'Never force-complete while charging control is missing: revenue leakage (seed 31).', 150, 'BILLING', NULL, 'FORCE_COMPLETE', NULL, '{}'::text[], NULL, NULL, FALSE, 'CRITICAL', TRUE, ARRAY['READ_BACK_SNAPSHOT']::text[], FALSE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000017', 'compliance-override', 'Any correction on a compliance, fraud or credit hold overrides it (seed 12: critical).', 200, 'COMPLIANCE', NULL, NULL, NULL, '{}'::text[], NULL, NULL, TRUE, 'CRITICAL', TRUE, ARRAY['DOCUMENT']::text[], FALSE, 'FRAUD_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed')
                ON CONFLICT (id) DO NOTHING;
                """);

        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("DELETE FROM action_policies WHERE created_by = 'system:seed' AND version = 1;");
    }
}
