using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Corrections;

/// <summary>The action policy's "customer notification required" raises CustomerNotificationRequested with the proposal.</summary>
public sealed class PolicyNotificationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Olga => api.Operator("olga", CaseFlow.ActivationQueue);

    private Task<long> NotificationsAsync(Guid caseId, string reason) => Sql.CountAsync(api.ConnectionString, "outbox_events",
        "case_id = @id AND event_type = 'CustomerNotificationRequested' AND payload_json->>'reason' = @reason AND payload_json->>'customerId' = 'cust-1'",
        ("id", caseId), ("reason", reason));

    [Fact]
    public async Task A_correction_whose_policy_requires_it_asks_to_notify_the_customer_in_the_same_transaction()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var cancellation = CaseFlow.Proposal("CANCELLATION",
            new JsonObject { ["scope"] = "ITEM", ["releaseResources"] = true, ["notifyCustomer"] = true }, "customer withdrew the order");

        var (correction, _) = await CaseFlow.ProposeAsync(Olga, started.Id(), cancellation, started.Version());

        Assert.Equal(1, await NotificationsAsync(started.Id(), "CORRECTION_AFFECTS_CUSTOMER"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events",
            "case_id = @id AND event_type = 'CustomerNotificationRequested' AND payload_json->>'triggeredBy' = 'CORRECTION_PROPOSED'",
            ("id", started.Id())));
        Assert.Equal("CANCELLATION", correction.Str("type"));
    }

    [Fact]
    public async Task A_correction_whose_policy_does_not_require_it_notifies_nobody()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);

        await CaseFlow.ProposeAsync(Olga, started.Id(), CaseFlow.Retry(), started.Version());

        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "outbox_events",
            "case_id = @id AND event_type = 'CustomerNotificationRequested'", ("id", started.Id())));
    }
}
