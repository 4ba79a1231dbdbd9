using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Modules.Events.Hub;
using FalloutManagement.IntegrationTests.Events;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Operations;

/// <summary>Retries every second up to 2 s apart, and enough attempts that an outage of minutes dead-letters nothing.</summary>
public sealed class PatientHubFixture : ApiFixture
{
    public override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Hub:AllowedCallbackHosts:0"] = "127.0.0.1",
        ["Hub:MaxAttempts"] = "1000",
        ["Hub:RetryBaseSeconds"] = "1",
        ["Hub:RetryMaxSeconds"] = "2",
        ["Hub:RequestTimeoutSeconds"] = "2",
    };
}

/// <summary>
/// A hub subscriber that is down for a while (docs/operations.md, Faults) receives every event afterwards, and the
/// events of each case in their order.
/// </summary>
public sealed class SubscriberOutageTests(PatientHubFixture api) : IClassFixture<PatientHubFixture>
{
    [Fact]
    public async Task A_subscriber_down_for_a_while_receives_every_event_afterwards_in_order_per_case()
    {
        await using var listener = await CallbackListener.StartAsync();
        var relay = api.App.Services.GetRequiredService<HubRelay>();
        await (await api.Admin().PostJsonAsync("/hub", new JsonObject { ["callback"] = listener.Url("down"), ["secret"] = "outage-test-secret-0123456789abcdef" }))
            .ExpectAsync(HttpStatusCode.Created);
        listener.Answer("down", HttpStatusCode.ServiceUnavailable);

        var olga = api.Operator("olga", CaseFlow.ActivationQueue);
        var cases = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var started = await CaseFlow.InProgressAsync(api, olga);
            cases.Add(started.Id());
            // Each round of the outage sees more events pile up behind the failing ones.
            await Feed.SettledAsync(api.ConnectionString);
            await relay.RelayOnceAsync();
            api.Clock.Advance(TimeSpan.FromSeconds(3));
        }
        var duringOutage = await relay.RelayOnceAsync();
        Assert.True(duringOutage.Failed > 0, "the subscriber was not called during its outage");
        Assert.Equal(0, duringOutage.DeadLettered);

        listener.Answer("down", HttpStatusCode.NoContent);
        var beforeRecovery = listener.Calls.Count;
        for (var round = 0; round < 20 && await PendingAsync() > 0; round++)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(3));
            await relay.RelayOnceAsync();
        }

        Assert.Equal(0, await PendingAsync());
        var delivered = listener.Calls.Skip(beforeRecovery).Select(c => JsonNode.Parse(c.Body)!.AsObject()).ToList();
        foreach (var id in cases)
        {
            var expected = await EventIdsAsync(id);
            var received = delivered.Where(e => e.Str("falloutCaseId") == id.ToString()).Select(e => Guid.Parse(e.Str("eventId")!)).Distinct().ToList();
            Assert.Equal(expected, received);
        }
    }

    private Task<long> PendingAsync() => Sql.CountAsync(api.ConnectionString, "hub_deliveries", "status <> 'DELIVERED'");

    private async Task<List<Guid>> EventIdsAsync(Guid caseId) =>
        [.. (await Sql.ScalarAsync<string>(api.ConnectionString,
                "SELECT string_agg(id::text, ',' ORDER BY position) FROM outbox_events WHERE case_id = @id", ("id", caseId)))
            .Split(',').Select(Guid.Parse)];
}
