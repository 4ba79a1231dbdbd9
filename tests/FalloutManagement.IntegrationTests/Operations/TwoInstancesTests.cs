using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Events.Hub;
using FalloutManagement.Api.Modules.Queues.Sla;
using FalloutManagement.IntegrationTests.Events;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Operations;

/// <summary>
/// Two service instances on one database under load (docs/operations.md, Faults): the same reports through both,
/// pulls, SLA sweeps and the hub relay running in both at once. No duplicate case, no case pulled twice, no clock
/// breached twice, no event lost (a receipt repeats only after a retried attempt: the hub is at least once).
/// </summary>
/// <summary>An instance whose hub may call back the test's own listener on the loopback address.</summary>
public sealed class LoopbackHubFixture : ApiFixture
{
    public static readonly IDictionary<string, string?> LoopbackCallbacks = new Dictionary<string, string?>
    {
        ["Hub:AllowedCallbackHosts:0"] = "127.0.0.1",
    };

    public override IDictionary<string, string?> Settings => LoopbackCallbacks;
}

public sealed class TwoInstancesTests(LoopbackHubFixture api) : IClassFixture<LoopbackHubFixture>
{
    private const string Queue = "TWIN_QUEUE";
    private const int Reports = 24;

    [Fact]
    public async Task Two_instances_share_the_work_without_duplicates_losses_or_double_breaches()
    {
        await using var second = new FalloutApp(api.ConnectionString, api.Clock, LoopbackHubFixture.LoopbackCallbacks);
        var instances = new[] { api.App, second };
        await (await api.Admin().PostJsonAsync("/queues", new JsonObject
        {
            ["code"] = Queue, ["name"] = Queue, ["skill"] = "test", ["assignmentStrategy"] = "MANUAL_PULL",
            ["calendar"] = new JsonObject { ["timeZone"] = "UTC", ["alwaysOpen"] = true },
        })).ExpectAsync(HttpStatusCode.Created);
        await (await api.Admin().PostJsonAsync("/classification-rules", new JsonObject
        {
            ["priority"] = 1, ["reasonCode"] = Queue + "_REASON", ["category"] = "DATA", ["severity"] = "HIGH", ["queue"] = Queue,
        })).ExpectAsync(HttpStatusCode.Created);
        await using var listener = await CallbackListener.StartAsync();
        await (await api.Admin().PostJsonAsync("/hub", new JsonObject { ["callback"] = listener.Url("twin"), ["secret"] = "twin-instances-secret-0123456789abcdef" }))
            .ExpectAsync(HttpStatusCode.Created);

        // Intake: every report sent to both instances at once, while both relays run.
        var reports = Enumerable.Range(0, Reports).Select(_ => Http.Fallout(b =>
        {
            // No category hint: the classification rule decides, from the reason code, into the pull queue.
            b.Remove("categoryHint");
            b["reasonCode"] = Queue + "_REASON";
        })).ToList();
        var answers = new ConcurrentQueue<(string EventId, HttpStatusCode Status, Guid Id)>();
        using var relaying = new CancellationTokenSource();
        var relays = instances.Select(app => Task.Run(() => RelayUntilAsync(app, relaying.Token))).ToList();
        await Task.WhenAll(reports.SelectMany(report => instances.Select(app => Task.Run(async () =>
        {
            var response = await app.As("activation-service", [Roles.Source]).PostJsonAsync("/fallout-cases", report.DeepClone());
            answers.Enqueue(((string)report["sourceEventId"]!, response.StatusCode, (await response.ReadObjectAsync()).Id()));
        }))));

        Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.All(answers.GroupBy(a => a.EventId), g =>
        {
            Assert.Single(g.Select(a => a.Id).Distinct());
            Assert.Single(g, a => a.Status == HttpStatusCode.Created);
        });
        Assert.Equal(Reports, await Sql.CountAsync(api.ConnectionString, "fallout_cases", "queue = @q", ("q", Queue)));

        // Pulls: six operators on the two instances empty the queue; nobody gets a case another got.
        var pulled = new ConcurrentQueue<Guid>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var client = instances[i % 2].As($"op-{i}", [Roles.Operator], [Queue]);
            for (var n = 0; n < 15; n++)
            {
                var response = await client.PostJsonAsync($"/queues/{Queue}/next", null);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    return;
                }
                pulled.Enqueue((await response.ExpectAsync(HttpStatusCode.OK)).Id());
            }
        })));
        Assert.Equal(Reports, pulled.Count);
        Assert.Equal(Reports, pulled.Distinct().Count());

        // Sweeps: the clocks run out, both instances sweep at once; each clock breaches once.
        api.Clock.Advance(TimeSpan.FromDays(3));
        await Task.WhenAll(instances.Select(app => Task.Run(() => app.Services.GetRequiredService<SlaSweeper>().SweepOnceAsync(api.Clock.GetUtcNow()))));
        var breachedClocks = await Sql.CountAsync(api.ConnectionString, "sla_clocks", "breach_notified_at IS NOT NULL");
        Assert.True(breachedClocks >= Reports, $"only {breachedClocks} clocks breached");
        Assert.Equal(breachedClocks, await Sql.CountAsync(api.ConnectionString, "outbox_events", "event_type = 'FalloutCaseBreachedSla'"));
        Assert.Equal(0, await Sql.ScalarAsync<long>(api.ConnectionString,
            "SELECT count(*) FROM (SELECT case_id, payload_json->>'clock' FROM outbox_events WHERE event_type = 'FalloutCaseBreachedSla' GROUP BY 1, 2 HAVING count(*) > 1) d"));

        // Relay: everything written reaches the subscriber exactly once.
        await Feed.SettledAsync(api.ConnectionString);
        for (var round = 0; round < 20 && await Sql.CountAsync(api.ConnectionString, "hub_deliveries", "status <> 'DELIVERED'") > 0; round++)
        {
            await Task.Delay(100);
        }
        await relaying.CancelAsync();
        await Task.WhenAll(relays);
        var events = await Sql.CountAsync(api.ConnectionString, "outbox_events");
        // A callback slower than the request timeout on a loaded machine is retried after its back-off: move the clock.
        for (var round = 0; round < 10 && await Sql.CountAsync(api.ConnectionString, "hub_deliveries", "status = 'DELIVERED'") < events; round++)
        {
            api.Clock.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAll(instances.Select(app => app.Services.GetRequiredService<HubRelay>().RelayOnceAsync()));
        }
        var received = listener.For("twin").Select(c => c.EventId).ToList();
        Assert.Equal(events, await Sql.CountAsync(api.ConnectionString, "hub_deliveries", "status = 'DELIVERED'"));
        Assert.Equal(events, received.Distinct().Count());
        // At least once: a receipt is repeated only for a delivery that was attempted again.
        Assert.True(received.Count - received.Distinct().Count() <= await Sql.ScalarAsync<long>(api.ConnectionString,
            "SELECT coalesce(sum(attempts - 1), 0) FROM hub_deliveries"));
    }

    private static async Task RelayUntilAsync(FalloutApp app, CancellationToken stop)
    {
        var relay = app.Services.GetRequiredService<HubRelay>();
        while (!stop.IsCancellationRequested)
        {
            await relay.RelayOnceAsync(CancellationToken.None);
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
