using FalloutManagement.Api.Modules.Queues.Sla;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Queues;

/// <summary>Small sweep batches, so two sweepers really interleave over the same clocks.</summary>
public sealed class SmallBatchSweepFixture : ApiFixture
{
    public static readonly Dictionary<string, string?> SmallBatches = new() { [SlaSweeper.BatchSizeKey] = "7" };

    public override IDictionary<string, string?> Settings => SmallBatches;
}

public sealed class ConcurrentSweepTests(SmallBatchSweepFixture api) : IClassFixture<SmallBatchSweepFixture>
{
    [Fact]
    public async Task Two_service_instances_sweeping_at_once_announce_each_breach_exactly_once()
    {
        for (var i = 0; i < 30; i++)
        {
            await api.ReportAsync();
        }
        await using var secondInstance = new FalloutApp(api.ConnectionString, api.Clock, SmallBatchSweepFixture.SmallBatches);
        var first = api.App.Services.GetRequiredService<SlaSweeper>();
        var second = secondInstance.Services.GetRequiredService<SlaSweeper>();
        api.Clock.Advance(TimeSpan.FromDays(2));
        var now = api.Clock.GetUtcNow();

        var results = await Task.WhenAll(Task.Run(() => first.SweepOnceAsync(now)), Task.Run(() => second.SweepOnceAsync(now)),
            Task.Run(() => first.SweepOnceAsync(now)), Task.Run(() => second.SweepOnceAsync(now)));
        var straggler = await first.SweepOnceAsync(now);

        // Each case had three clocks running (assign, first action, resolve); every one breached, once.
        Assert.Equal(90, await Sql.CountAsync(api.ConnectionString, "sla_clocks", "breach_notified_at IS NOT NULL"));
        Assert.Equal(90, await Sql.CountAsync(api.ConnectionString, "outbox_events", "event_type = 'FalloutCaseBreachedSla'"));
        Assert.Equal(90, results.Sum(r => r.Breached) + straggler.Breached);
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString,
            "(SELECT case_id, payload_json->>'clock' AS clock FROM outbox_events WHERE event_type = 'FalloutCaseBreachedSla' GROUP BY 1, 2 HAVING count(*) > 1) AS twice"));
        Assert.True(results.Count(r => r.Breached > 0) >= 2, "both instances should have taken batches");
        Assert.Equal(results.Sum(r => r.Escalated) + straggler.Escalated,
            await Sql.CountAsync(api.ConnectionString, "outbox_events", "event_type = 'FalloutCaseEscalated'"));
    }
}
