using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PolicyCurrenciesReasonCodesRiskAndRetryWindows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "match_currencies",
                table: "action_policies",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "match_min_risk_level",
                table: "action_policies",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "match_reason_codes",
                table: "action_policies",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.CreateIndex(
                name: "ix_correction_actions_retries_by_proposer",
                table: "correction_actions",
                columns: new[] { "proposed_by", "proposed_at" },
                filter: "type = 'RETRY'");

            // Policy fixes: the large-refund threshold per currency (it was 1,000,000 in any currency), a refund in a
            // currency without a threshold treated as large, subscriber profile deletion and premium MSISDN swaps high risk.
            migrationBuilder.Sql("""
                UPDATE action_policies SET active = FALSE, version = version + 1, updated_at = now(), updated_by = 'system:seed'
                 WHERE id = '00000000-0000-7000-8000-000000000014' AND active;

                INSERT INTO action_policies (id, name, description, priority, match_correction_type, match_payload_field, match_payload_values,
                    match_min_amount, match_currencies, allowed, risk_level, approval_required, required_evidence, customer_notification_required,
                    escalation_rule, active, version, created_at, created_by, updated_at, updated_by)
                VALUES
                    ('00000000-0000-7000-8000-000000000018', 'compensation-large-refund-idr', 'A refund or credit of IDR 8,000,000 or more (seed 12: high risk).', 100, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 8000000, ARRAY['IDR']::text[], TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000019', 'compensation-large-refund-usd', 'A refund or credit of USD 500 or more (seed 12: high risk).', 100, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 500, ARRAY['USD']::text[], TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000020', 'compensation-large-refund-eur', 'A refund or credit of EUR 500 or more (seed 12: high risk).', 100, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 500, ARRAY['EUR']::text[], TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000021', 'compensation-large-refund-sgd', 'A refund or credit of SGD 700 or more (seed 12: high risk).', 100, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 700, ARRAY['SGD']::text[], TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000022', 'compensation-large-refund-myr', 'A refund or credit of MYR 2,500 or more (seed 12: high risk).', 100, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 2500, ARRAY['MYR']::text[], TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000023', 'compensation-refund-below-threshold', 'A refund or credit below its currency''s threshold: as any compensation.', 95, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 0, ARRAY['IDR', 'USD', 'EUR', 'SGD', 'MYR']::text[], TRUE, 'MEDIUM', FALSE, '{}'::text[], TRUE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000024', 'compensation-refund-unknown-currency', 'A refund or credit in a currency without a threshold: treated as large.', 90, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 0, '{}'::text[], TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000025', 'subscriber-profile-delete', 'Delete a subscriber profile (seed 12: high risk): parameters.operation of a manual provisioning.', 110, 'MANUAL_PROVISIONING', 'parameters.operation', ARRAY['DELETE_SUBSCRIBER', 'DELETE_SUBSCRIBER_PROFILE']::text[], NULL, '{}'::text[], TRUE, 'HIGH', TRUE, ARRAY['READ_BACK_SNAPSHOT', 'DOCUMENT']::text[], FALSE, 'NOTIFY_SUPERVISOR', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
                    ('00000000-0000-7000-8000-000000000026', 'premium-msisdn-swap', 'Swap a premium MSISDN (seed 28): the reallocation''s resourceClass, as resource inventory names it.', 120, 'RESOURCE_REALLOCATION', 'resourceClass', ARRAY['PREMIUM_MSISDN', 'GOLDEN_MSISDN', 'VANITY_MSISDN']::text[], NULL, '{}'::text[], TRUE, 'HIGH', TRUE, ARRAY['READ_BACK_SNAPSHOT', 'DOCUMENT']::text[], FALSE, 'FRAUD_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed')
                ON CONFLICT (id) DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DELETE FROM action_policies WHERE id BETWEEN '00000000-0000-7000-8000-000000000018' AND '00000000-0000-7000-8000-000000000026';
                UPDATE action_policies SET active = TRUE, version = version + 1 WHERE id = '00000000-0000-7000-8000-000000000014';
                """);

            migrationBuilder.DropIndex(
                name: "ix_correction_actions_retries_by_proposer",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "match_currencies",
                table: "action_policies");

            migrationBuilder.DropColumn(
                name: "match_min_risk_level",
                table: "action_policies");

            migrationBuilder.DropColumn(
                name: "match_reason_codes",
                table: "action_policies");
        }
    }
}
