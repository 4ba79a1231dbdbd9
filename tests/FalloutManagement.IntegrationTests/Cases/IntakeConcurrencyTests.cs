using System.Net;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Cases;

/// <summary>Duplicate storms really race, across two service instances sharing one database: the database decides.</summary>
public sealed class IntakeConcurrencyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int Parallel = 40;

    [Fact]
    public async Task Forty_parallel_identical_events_make_one_case()
    {
        await using var second = new FalloutApp(api.ConnectionString, api.Clock);
        HttpClient[] clients = [api.Source(), second.As("activation-service", ["fallout.source"])];
        var body = Http.Fallout();
        var start = new StartGate(Parallel);

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await clients[i % 2].PostJsonAsync("/fallout-cases", body);
        })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(Parallel - 1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var ids = new HashSet<Guid>();
        foreach (var response in responses)
        {
            ids.Add((await response.ReadObjectAsync()).Id());
        }
        Assert.Single(ids);
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "fallout_cases", "source_event_id = @e", ("e", (string)body["sourceEventId"]!)));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "fallout_occurrences", "case_id = @id", ("id", ids.Single())));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = 'FalloutCaseDetected'", ("id", ids.Single())));
    }

    [Fact]
    public async Task Forty_parallel_distinct_events_on_one_open_step_make_one_case_with_forty_occurrences()
    {
        await using var second = new FalloutApp(api.ConnectionString, api.Clock);
        HttpClient[] clients = [api.Source(), second.As("activation-service", ["fallout.source"])];
        var item = Http.Unique("soi");
        var start = new StartGate(Parallel);

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => Task.Run(async () =>
        {
            var body = Http.Fallout(b => b["serviceOrderItemId"] = item);
            await start.WaitAsync();
            return await clients[i % 2].PostJsonAsync("/fallout-cases", body);
        })));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var caseId = await Sql.ScalarAsync<Guid>(api.ConnectionString, "SELECT id FROM fallout_cases WHERE service_order_item_id = @i", ("i", item));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "fallout_cases", "service_order_item_id = @i", ("i", item)));
        Assert.Equal(Parallel, await Sql.CountAsync(api.ConnectionString, "fallout_occurrences", "case_id = @id", ("id", caseId)));
        var read = await (await api.Supervisor().GetAsync($"/fallout-cases/{caseId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Parallel, (int)read["occurrenceCount"]!);
    }

    [Fact]
    public async Task Parallel_replays_of_appended_events_are_counted_once()
    {
        var item = Http.Unique("soi");
        await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout(b => b["serviceOrderItemId"] = item))).ExpectAsync(HttpStatusCode.Created);
        var late = Http.Fallout(b => b["serviceOrderItemId"] = item);
        var start = new StartGate(20);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await start.WaitAsync();
            (await api.Source().PostJsonAsync("/fallout-cases", late)).EnsureSuccessStatusCode();
        })));

        var count = await Sql.ScalarAsync<int>(api.ConnectionString, "SELECT occurrence_count FROM fallout_cases WHERE service_order_item_id = @i", ("i", item));
        Assert.Equal(2, count);
    }
}
