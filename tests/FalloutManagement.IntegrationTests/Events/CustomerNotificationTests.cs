using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Events;

public sealed class CustomerNotificationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly CaseFlow _flow = new(api);

    private async Task<List<JsonObject>> NotificationsAsync(Guid caseId)
    {
        await Feed.SettledAsync(api.ConnectionString);
        // A supervisor reads customer identifiers unmasked (an auditor would see them masked).
        var page = await (await api.Supervisor().GetAsync($"/events?caseId={caseId}&type=CustomerNotificationRequested")).ExpectAsync(HttpStatusCode.OK);
        return [.. page["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    private async Task<(Guid Id, long Version)> InProgressAsync(Action<JsonObject>? change = null)
    {
        var (id, version, _) = await _flow.ReportAsync(change);
        return (id, await _flow.StartAsync(id, version));
    }

    [Fact]
    public async Task Waiting_on_the_field_asks_to_tell_the_customer_the_appointment_changes()
    {
        var (id, version) = await InProgressAsync(b => b["productOrderId"] = "po-456");
        await _flow.WaitAsync(id, "FIELD", version);

        var notification = Assert.Single(await NotificationsAsync(id));
        Assert.Equal("cust-1", notification.Str("customerId"));
        Assert.Equal("po-456", notification.Str("orderId"));
        Assert.Equal("INSTALLATION_RESCHEDULE_REQUIRED", notification.Str("reason"));
        Assert.Equal("ORDER_DELAY_FIELD_ACCESS", notification.Str("templateCode"));
        Assert.Equal(["SMS", "EMAIL"], notification["channelPreference"]!.AsArray().Select(c => (string?)c));
        Assert.True((bool)notification["requiresAgentFollowUp"]!);
        Assert.Equal(id.ToString(), notification.Str("falloutCaseId"));
        Assert.Equal("WAITING_FIELD", notification.Str("status"));
    }

    [Fact]
    public async Task Waiting_on_the_customer_asks_for_information_and_a_compliance_case_for_identity_verification()
    {
        var (plain, v1) = await InProgressAsync();
        await _flow.WaitAsync(plain, "CUSTOMER", v1);
        var (kyc, v2) = await InProgressAsync(b => b["categoryHint"] = "COMPLIANCE");
        await _flow.WaitAsync(kyc, "CUSTOMER", v2);

        var info = Assert.Single(await NotificationsAsync(plain));
        Assert.Equal("CUSTOMER_INFORMATION_REQUIRED", info.Str("reason"));
        Assert.Equal((string?)info["serviceOrderId"], info.Str("orderId"));
        var identity = Assert.Single(await NotificationsAsync(kyc));
        Assert.Equal("IDENTITY_VERIFICATION_PENDING", identity.Str("reason"));
        Assert.Equal("KYC_VERIFICATION_PENDING", identity.Str("templateCode"));
    }

    [Fact]
    public async Task Changes_no_rule_names_and_cases_without_a_customer_notify_nobody()
    {
        var (id, version) = await InProgressAsync();
        version = await _flow.WaitAsync(id, "PARTNER", version);
        await _flow.ContinueAsync(id, version);
        var (anonymous, v2) = await InProgressAsync(b => b.Remove("customerId"));
        await _flow.WaitAsync(anonymous, "FIELD", v2);

        Assert.Empty(await NotificationsAsync(id));
        Assert.Empty(await NotificationsAsync(anonymous));
    }

    [Fact]
    public async Task An_applied_order_amendment_and_a_resolution_for_cancellation_notify_in_the_same_transaction()
    {
        var (id, _) = await InProgressAsync();
        var actor = new Actor(CaseFlow.Supervisor, new HashSet<string> { Roles.Supervisor }, false);
        using (var scope = api.App.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<CaseStore>();
            var fallout = (await store.FindAsync(id, default))!;
            var now = api.Clock.GetUtcNow();
            var correction = fallout.ProposeCorrection(CorrectionType.ORDER_AMENDMENT, """{"change":"DOWNGRADE_PLAN","details":{}}""", "plan not available",
                new CorrectionDecision(RiskLevel.LOW, false, [], null), null, actor, now);
            fallout.ApplyCorrection(correction.Id, """{"ok":true}""", actor, now);
            await scope.ServiceProvider.GetRequiredService<FalloutDbContext>().SaveChangesAsync();
        }
        var amended = Assert.Single(await NotificationsAsync(id));
        Assert.Equal("ORDER_AMENDED", amended.Str("reason"));
        Assert.Equal("CORRECTION_APPLIED", amended.Str("triggeredBy"));

        using (var scope = api.App.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<CaseStore>();
            var fallout = (await store.FindAsync(id, default))!;
            var now = api.Clock.GetUtcNow();
            fallout.Verify(actor, now);
            var evidence = fallout.AttachEvidence(EvidenceType.PARTNER_CONFIRMATION, "order-service", "ref-1", null, null, false, true, null, actor, now);
            fallout.Resolve(ResolutionDecision.CANCEL, null, evidence.Id, "customer withdrew", TimeSpan.FromDays(1), actor, now);
            await scope.ServiceProvider.GetRequiredService<FalloutDbContext>().SaveChangesAsync();
        }
        var notifications = await NotificationsAsync(id);
        Assert.Equal(["ORDER_AMENDED", "ORDER_CANCELLED"], notifications.Select(n => n.Str("reason")));
        Assert.False((bool)notifications[1]["requiresAgentFollowUp"]!);
    }

    [Fact]
    public async Task A_rule_added_as_data_takes_effect_without_a_deployment()
    {
        await Sql.ExecuteAsync(api.ConnectionString, """
            INSERT INTO notification_rules (code, priority, to_status, requires_promise_missed, reason, template_code, channel_preference,
                                            requires_agent_follow_up, enabled)
            VALUES ('VENDOR_DELAY', 90, 'WAITING_VENDOR', FALSE, 'VENDOR_DELAY', 'ORDER_DELAY_VENDOR', ARRAY['EMAIL'], FALSE, TRUE)
            """);
        var (id, version) = await InProgressAsync();
        await _flow.WaitAsync(id, "VENDOR", version);

        var notification = Assert.Single(await NotificationsAsync(id));
        Assert.Equal("ORDER_DELAY_VENDOR", notification.Str("templateCode"));
        Assert.Equal("VENDOR_DELAY", notification.Str("ruleCode"));
    }
}
