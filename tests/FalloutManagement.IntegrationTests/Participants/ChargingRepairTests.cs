using System.Text.Json.Nodes;
using FalloutManagement.Api.Modules.Queues.Sla;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Participants;

/// <summary>
/// Seed §31: a charging bucket missing after activation has a repair deadline (TimeRules:ChargingRepair, 240 minutes from
/// intake by default); when it passes before the correction was applied, the time sweep asks billing once to suspend the
/// service, unless the customer's segment has grace access.
/// </summary>
public sealed class ChargingRepairTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string BillingQueue = "BILLING_RA";

    private HttpClient Bea => api.Operator("bea", BillingQueue);

    private CaseTimeSweeper TimeSweeper => api.App.Services.GetRequiredService<CaseTimeSweeper>();

    private Task<long> SuspensionsAsync(Guid id) =>
        Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = 'FalloutServiceSuspendRequested'", ("id", id));

    private static Action<JsonObject> Charging(string reasonCode = "CHARGING_BUCKET_MISSING", string? segment = null) => body =>
    {
        body["categoryHint"] = "BILLING";
        body["reasonCode"] = reasonCode;
        body["message"] = "charging bucket creation failed after activation";
        body["impactedServiceId"] = "svc-mobile-data-1";
        body["customerSegment"] = segment;
    };

    private Task SweepTwiceAtOnceAsync() =>
        Task.WhenAll(TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow()), TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow()));

    [Fact]
    public async Task Two_instances_sweeping_at_once_ask_once_per_case()
    {
        await using var second = new FalloutApp(api.ConnectionString, api.Clock);
        var sweepers = new[] { TimeSweeper, second.Services.GetRequiredService<CaseTimeSweeper>() };
        var cases = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            cases.Add((await api.ReportAsync(Charging(i % 2 == 0 ? "CHARGING_BUCKET_MISSING" : "CHARGING_PROFILE_MISSING"))).Id());
        }

        api.Clock.Advance(TimeSpan.FromMinutes(241));
        await Task.WhenAll(sweepers.SelectMany(sweeper => Enumerable.Range(0, 2)
            .Select(_ => Task.Run(() => sweeper.SweepOnceAsync(api.Clock.GetUtcNow())))));

        foreach (var id in cases)
        {
            Assert.Equal(1, await SuspensionsAsync(id));
        }
    }

    [Fact]
    public async Task A_charging_repair_past_its_deadline_asks_billing_once_to_suspend_the_service()
    {
        var missing = await api.ReportAsync(Charging());
        var id = missing.Id();
        var enterprise = await api.ReportAsync(Charging(segment: "ENTERPRISE"));
        var other = await api.ReportAsync();
        Assert.Equal(BillingQueue, missing.Str("queue"));

        api.Clock.Advance(TimeSpan.FromMinutes(239));
        await TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow());
        Assert.Equal(0, await SuspensionsAsync(id));

        api.Clock.Advance(TimeSpan.FromMinutes(2));
        await SweepTwiceAtOnceAsync();
        await TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow());

        Assert.Equal(1, await SuspensionsAsync(id));
        var payload = JsonNode.Parse(await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT payload_json::text FROM outbox_events WHERE case_id = @id AND event_type = 'FalloutServiceSuspendRequested'", ("id", id)))!;
        Assert.Equal("billing", (string?)payload["executor"]);
        Assert.Equal(missing.Str("serviceOrderItemId"), (string?)payload["serviceOrderItemId"]);
        Assert.Equal("svc-mobile-data-1", (string?)payload["impactedServiceId"]);
        Assert.Equal("CHARGING_BUCKET_MISSING", (string?)payload["reasonCode"]);
        Assert.Equal(DateTimeOffset.Parse(missing.Str("createdAt")!).AddMinutes(240), DateTimeOffset.Parse((string)payload["deadline"]!));
        var suspended = await api.GetCaseAsync(id);
        Assert.Equal(missing.Str("status"), suspended.Str("status"));
        Assert.Equal(missing.Version() + 1, suspended.Version());
        Assert.NotNull(suspended.Str("serviceSuspensionRequestedAt"));
        Assert.Equal("system:time-sweep", await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT actor FROM audit_entries WHERE case_id = @id AND action = 'SERVICE_SUSPENSION_REQUESTED'", ("id", id)));

        // Grace access for the enterprise segment; other reason codes have no charging deadline.
        Assert.Equal(0, await SuspensionsAsync(enterprise.Id()));
        Assert.Equal(0, await SuspensionsAsync(other.Id()));
        Assert.Null((await api.GetCaseAsync(enterprise.Id())).Str("serviceSuspensionRequestedAt"));
    }

    [Fact]
    public async Task A_correction_applied_before_the_deadline_keeps_the_service_running()
    {
        var started = await CaseFlow.InProgressAsync(api, Bea, Charging("CHARGING_PROFILE_MISSING"));
        var id = started.Id();
        var (correction, version) = await CaseFlow.ProposeAsync(Bea, id, CaseFlow.Retry(), started.Version());
        var applied = await CaseFlow.ApplyAsync(api, Bea, id, correction, version);
        Assert.Equal("CORRECTION_APPLIED", applied.Str("status"));

        api.Clock.Advance(TimeSpan.FromMinutes(241));
        await SweepTwiceAtOnceAsync();

        Assert.Equal(0, await SuspensionsAsync(id));
        Assert.Equal(applied.Version(), (await api.GetCaseAsync(id)).Version());
    }
}
