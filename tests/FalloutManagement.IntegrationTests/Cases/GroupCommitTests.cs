using System.Net;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Cases;

/// <summary>
/// The service with a group commit that waits 300 ms for more saves, so that intakes sent together are written in one
/// group here as they are under load, where the next group gathers while one is written.
/// </summary>
public sealed class LingeringGroupCommitFixture : ApiFixture
{
    public override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"{GroupCommitOptions.Section}:LingerMilliseconds"] = "300",
    };
}

/// <summary>
/// Group commit: the new cases of concurrent intakes are written together, one transaction for several, and every
/// guarantee of a single intake holds for each: its own rows, its own sealed chain, dedup under races, its own outcome.
/// </summary>
public sealed class GroupCommitTests(LingeringGroupCommitFixture api) : IClassFixture<LingeringGroupCommitFixture>
{
    private DirectInserts Inserts => api.App.Services.GetRequiredService<DirectInserts>();

    [Fact]
    public async Task Intakes_sent_together_are_written_in_one_group_and_each_is_whole()
    {
        const int Intakes = 8;
        var (groups, saves, failed) = (Inserts.Groups, Inserts.Batches, Inserts.GroupsFailed);
        var start = new StartGate(Intakes);

        var responses = await Task.WhenAll(Enumerable.Range(0, Intakes).Select(_ => Task.Run(async () =>
        {
            var body = Http.Fallout();
            await start.WaitAsync();
            return await api.Source().PostJsonAsync("/fallout-cases", body);
        })));

        var cases = new List<Guid>();
        foreach (var response in responses)
        {
            cases.Add((await response.ExpectAsync(HttpStatusCode.Created)).Id());
        }
        Assert.Equal(saves + Intakes, Inserts.Batches);
        // Sent within a few milliseconds of each other, they share fewer groups than they are (one, unless the
        // machine spreads the requests over more than the 300 ms the writer waits).
        Assert.InRange(Inserts.Groups - groups, 1, Intakes / 2);
        Assert.Equal(failed, Inserts.GroupsFailed);
        foreach (var id in cases)
        {
            Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "fallout_occurrences", "case_id = @id", ("id", id)));
            Assert.Equal(3, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id = @id", ("id", id)));
            Assert.Equal(3, await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id", ("id", id)));
            Assert.Equal(4, await Sql.CountAsync(api.ConnectionString, "sla_clocks", "case_id = @id", ("id", id)));
            var verify = await (await api.Auditor().GetAsync($"/fallout-cases/{id}/audit/verify")).ExpectAsync(HttpStatusCode.OK);
            Assert.True((bool)verify["valid"]!);
        }
        // Every case's events in the feed in the order its intake wrote them.
        foreach (var id in cases)
        {
            Assert.Equal("FalloutCaseDetected,FalloutCaseClassified,FalloutCaseStateChanged", await Sql.ScalarAsync<string>(api.ConnectionString,
                "SELECT string_agg(event_type, ',' ORDER BY position) FROM outbox_events WHERE case_id = @id", ("id", id)));
        }
    }

    [Fact]
    public async Task A_duplicate_racing_in_the_same_group_fails_the_group_and_each_save_then_meets_its_own_outcome()
    {
        const int Distinct = 6;
        var (failed, saves) = (Inserts.GroupsFailed, Inserts.Batches);
        var twice = Http.Fallout();
        var bodies = Enumerable.Range(0, Distinct).Select(_ => Http.Fallout()).Append(twice).Append(twice.DeepClone().AsObject()).ToList();
        var start = new StartGate(bodies.Count);

        var responses = await Task.WhenAll(bodies.Select(body => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await api.Source().PostJsonAsync("/fallout-cases", body);
        })));

        // The six distinct events are new cases; the event sent twice is one case, answered 201 once and 200 once.
        Assert.All(responses.Take(Distinct), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var pair = responses.Skip(Distinct).ToList();
        Assert.Single(pair, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Single(pair, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal((await pair[0].ReadObjectAsync()).Id(), (await pair[1].ReadObjectAsync()).Id());
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "fallout_cases", "source_event_id = @e", ("e", (string)twice["sourceEventId"]!)));
        foreach (var body in bodies.Take(Distinct))
        {
            Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "fallout_cases", "source_event_id = @e", ("e", (string)body["sourceEventId"]!)));
        }
        // Both copies passed the lookup before either was written, so both were in a group: the unique index refused
        // the group, and the saves were written alone (the copy's save refused alone, then answered as a duplicate).
        Assert.True(Inserts.GroupsFailed > failed, "the group with both copies failed");
        Assert.Equal(saves + Distinct + 1, Inserts.Batches);
    }

    [Fact]
    public async Task A_writer_whose_connection_is_lost_fails_its_group_the_saves_are_written_alone_and_it_reconnects()
    {
        // A first intake makes sure the writers have their connections; then PostgreSQL drops them (a failover, an
        // administrator's pg_terminate_backend).
        await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        Assert.True(await Sql.ScalarAsync<long>(api.ConnectionString,
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fallout group commit' AND datname = current_database()") >= 1);
        await Sql.ScalarAsync<long>(api.ConnectionString, """
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE application_name = 'fallout group commit' AND datname = current_database()
            """);
        var (failed, groups) = (Inserts.GroupsFailed, Inserts.Groups);

        var cases = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            cases.Add((await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created)).Id());
        }

        // A group on a dropped connection failed (one per writer that had a connection, at most two) and its save was
        // written alone; the writer then opened a new connection, and the next groups were written.
        Assert.InRange(Inserts.GroupsFailed - failed, 1, 2);
        Assert.InRange(Inserts.Groups - groups, 2, 3);
        foreach (var id in cases)
        {
            Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "fallout_cases", "id = @id", ("id", id)));
            Assert.Equal(3, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id = @id", ("id", id)));
        }
    }
}
