using System.Collections.Concurrent;
using System.Net;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Operations;

/// <summary>
/// PostgreSQL stopped and started again under load (docs/operations.md, Faults): every report is answered 201/200 or
/// 503, every acknowledged case is in the database exactly once, and the service recovers without a restart.
/// </summary>
public sealed class DatabaseRestartTests
{
    private const int Clients = 16;

    [Fact]
    public async Task Sixteen_clients_report_through_a_database_restart_and_every_acknowledged_case_is_there_once()
    {
        await using var cluster = await StoppableCluster.StartAsync();
        await cluster.ExecuteAsync("CREATE DATABASE fallout");
        var database = cluster.ConnectionString("fallout");
        await using var app = new FalloutApp(database);
        _ = app.Server;
        var answers = new ConcurrentQueue<(string EventId, int Status, Guid? CaseId)>();
        using var stop = new CancellationTokenSource();

        var clients = Enumerable.Range(0, Clients).Select(i => Task.Run(async () =>
        {
            var http = app.As($"source-{i}", [Roles.Source]);
            while (!stop.IsCancellationRequested)
            {
                // A client retries the same report after a 503 until it is acknowledged.
                var body = Http.Fallout(b => b["sourceSystem"] = $"source-{i}");
                var eventId = (string)body["sourceEventId"]!;
                int status;
                do
                {
                    var response = await http.PostJsonAsync("/fallout-cases", body);
                    status = (int)response.StatusCode;
                    answers.Enqueue((eventId, status, status is 200 or 201 ? (await response.ReadObjectAsync()).Id() : null));
                    if (status == 503)
                    {
                        await Task.Delay(100);
                    }
                }
                while (status == 503 && !stop.IsCancellationRequested);
            }
        })).ToList();
        await WaitForAsync(() => answers.Count(a => a.Status == 201) >= 30);
        await cluster.StopServerAsync();
        var stoppedAt = answers.Count;
        await WaitForAsync(() => answers.Skip(stoppedAt).Count(a => a.Status == 503) >= Clients);
        await cluster.StartServerAsync();
        var restartedAt = answers.Count;
        await WaitForAsync(() => answers.Skip(restartedAt).Count(a => a.Status == 201) >= 30);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.All(answers, a => Assert.Contains(a.Status, new[] { 200, 201, 503 }));
        var acknowledged = answers.Where(a => a.CaseId is not null).GroupBy(a => a.EventId).ToList();
        Assert.All(acknowledged, g => Assert.Single(g.Select(a => a.CaseId).Distinct()));
        // The test's own idle connections to the database died with the server (57P01 on first use): dropped before
        // its checks. Only this connection string's pool: the service's (its own settings, its own pool) must recover
        // by itself, which is what this test is about.
        await using (var stale = new NpgsqlConnection(database))
        {
            NpgsqlConnection.ClearPool(stale);
        }
        var stored = await Sql.ScalarAsync<string>(database,
            "SELECT coalesce(string_agg(source_event_id || '=' || case_id, ','), '') FROM fallout_occurrences");
        var byEvent = stored.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToLookup(p => p[0], p => Guid.Parse(p[1]));
        Assert.All(acknowledged, g => Assert.Equal(g.First().CaseId, Assert.Single(byEvent[g.Key])));
        Assert.Equal(0, await Sql.ScalarAsync<long>(database,
            "SELECT count(*) FROM (SELECT source_system, source_event_id FROM fallout_occurrences GROUP BY 1, 2 HAVING count(*) > 1) d"));
        Assert.Equal(await Sql.CountAsync(database, "fallout_cases"), await Sql.CountAsync(database, "outbox_events", "event_type = 'FalloutCaseDetected'"));
        // Recovered by itself: a new report after the restart is acknowledged.
        await (await app.As("after", [Roles.Source]).PostJsonAsync("/fallout-cases", Http.Fallout(b => b["sourceSystem"] = "after")))
            .ExpectAsync(HttpStatusCode.Created);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the load did not reach the expected point within 30 s");
            await Task.Delay(50);
        }
    }
}
