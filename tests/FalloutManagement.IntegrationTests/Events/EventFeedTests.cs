using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Events;

public sealed class EventFeedTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly CaseFlow _flow = new(api);

    private async Task<JsonObject> PageAsync(HttpClient client, string query) =>
        await (await client.GetAsync($"/events?{query}")).ExpectAsync(HttpStatusCode.OK);

    /// <summary>Follows the feed from <paramref name="cursor"/> until a page comes back empty.</summary>
    private async Task<(List<JsonObject> Items, string Cursor)> DrainAsync(string? cursor, string filter = "", bool settle = true)
    {
        if (settle)
        {
            await Feed.SettledAsync(api.ConnectionString);
        }
        var client = api.Auditor();
        var items = new List<JsonObject>();
        while (true)
        {
            var page = await PageAsync(client, $"limit=7{filter}" + (cursor is null ? "" : $"&after={cursor}"));
            var batch = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            cursor = (string)page["nextCursor"]!;
            if (batch.Count == 0)
            {
                return (items, cursor);
            }
            items.AddRange(batch);
        }
    }

    [Fact]
    public async Task A_case_s_events_come_in_order_with_the_common_fields_and_filters_select_them()
    {
        var (id, version, body) = await _flow.ReportAsync();
        version = await _flow.StartAsync(id, version);
        await _flow.WaitAsync(id, "PARTNER", version);

        var (items, _) = await DrainAsync(null, $"&caseId={id}");

        Assert.Equal(["FalloutCaseDetected", "FalloutCaseClassified", "FalloutCaseStateChanged", "FalloutCaseAssigned",
            "FalloutCaseStateChanged", "FalloutCaseStateChanged"], items.Select(i => i.Str("eventType")));
        Assert.All(items, e =>
        {
            Assert.Equal(id.ToString(), e.Str("falloutCaseId"));
            Assert.Equal(body.Str("serviceOrderId"), e.Str("serviceOrderId"));
            Assert.Equal(body.Str("serviceOrderItemId"), e.Str("serviceOrderItemId"));
            Assert.Equal(body.Str("correlationId"), e.Str("correlationId"));
            Assert.Equal(e.Str("occurredAt"), e.Str("eventTime"));
            Assert.Equal("FalloutManagement", e.Str("domain"));
            Assert.Equal(e.Str("eventType"), e.Str("title"));
            Assert.True(Guid.TryParse(e.Str("eventId"), out _));
        });
        Assert.Equal("WAITING_PARTNER", items[^1].Str("toStatus"));

        var (assigned, _) = await DrainAsync(null, $"&caseId={id}&type=FalloutCaseAssigned,FalloutCaseDetected");
        Assert.Equal(["FalloutCaseDetected", "FalloutCaseAssigned"], assigned.Select(i => i.Str("eventType")));
    }

    [Fact]
    public async Task The_cursor_continues_where_the_last_page_ended_and_stays_put_when_nothing_is_new()
    {
        var (_, cursor) = await DrainAsync(null);
        var (id, _, _) = await _flow.ReportAsync();

        var (items, next) = await DrainAsync(cursor);
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal(id.ToString(), i.Str("falloutCaseId")));

        var again = await PageAsync(api.Auditor(), $"after={next}");
        Assert.Empty(again["items"]!.AsArray());
        Assert.Equal(next, (string)again["nextCursor"]!);
    }

    [Fact]
    public async Task An_event_committed_while_an_older_transaction_is_open_is_held_back_until_that_one_ends()
    {
        var (_, cursor) = await DrainAsync(null);
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var older = await connection.BeginTransactionAsync();
        var olderEventId = Guid.CreateVersion7();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO outbox_events (id, event_type, case_id, occurred_at, payload_json)
            VALUES (@id, 'FalloutCaseStateChanged', NULL, now(), jsonb_build_object('eventId', @id::text, 'eventType', 'FalloutCaseStateChanged'))
            """, connection, older))
        {
            insert.Parameters.AddWithValue("id", olderEventId);
            await insert.ExecuteNonQueryAsync();
        }

        // A later transaction commits first: a bigserial reader would hand out its position and skip the older row.
        var (newer, _, _) = await _flow.ReportAsync();
        var (whileOpen, heldAt) = await DrainAsync(cursor, settle: false);
        Assert.Empty(whileOpen);
        Assert.Equal(cursor, heldAt);

        await older.CommitAsync();
        var (after, _) = await DrainAsync(cursor);
        Assert.Equal(olderEventId.ToString(), after[0].Str("eventId"));
        Assert.Equal(3, after.Count(i => i.Str("falloutCaseId") == newer.ToString()));
    }

    [Fact]
    public async Task A_reader_following_the_cursor_during_many_concurrent_writers_sees_every_event_once_in_case_order()
    {
        var (_, start) = await DrainAsync(null);
        var writersDone = new TaskCompletionSource();
        var seen = new ConcurrentQueue<JsonObject>();
        var reader = Task.Run(async () =>
        {
            var client = api.Source();
            var cursor = start;
            // Keeps reading while writers run; once they are done and the feed has settled, reads until a page is empty.
            for (var round = 0; round < 5000; round++)
            {
                var settled = false;
                if (writersDone.Task.IsCompleted)
                {
                    await Feed.SettledAsync(api.ConnectionString);
                    settled = true;
                }
                var page = await PageAsync(client, $"limit=25&after={cursor}");
                var items = page["items"]!.AsArray();
                foreach (var item in items)
                {
                    seen.Enqueue(item!.AsObject());
                }
                cursor = (string)page["nextCursor"]!;
                if (items.Count == 0)
                {
                    if (settled)
                    {
                        return;
                    }
                    await Task.Delay(10);
                }
            }
        });

        var writers = Enumerable.Range(0, 24).Select(async n =>
        {
            var (id, version, _) = await _flow.ReportAsync();
            if (n % 2 == 0)
            {
                version = await _flow.StartAsync(id, version);
                version = await _flow.WaitAsync(id, "PARTNER", version);
                await _flow.ContinueAsync(id, version);
            }
            return id;
        }).ToList();
        var ids = await Task.WhenAll(writers);
        writersDone.SetResult();
        await reader;

        var all = seen.ToList();
        var eventIds = all.Select(e => e.Str("eventId")!).ToList();
        Assert.Equal(eventIds.Count, eventIds.Distinct().Count());
        var expected = await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = ANY(@ids)", ("ids", ids));
        Assert.Equal(expected, all.Count(e => ids.Contains(Guid.Parse(e.Str("falloutCaseId")!))));
        foreach (var id in ids)
        {
            var ofCase = all.Where(e => e.Str("falloutCaseId") == id.ToString()).ToList();
            Assert.Equal("FalloutCaseDetected", ofCase[0].Str("eventType"));
            var positions = new List<long>();
            foreach (var e in ofCase)
            {
                positions.Add(await Sql.ScalarAsync<long>(api.ConnectionString, "SELECT position FROM outbox_events WHERE id = @id",
                    ("id", Guid.Parse(e.Str("eventId")!))));
            }
            Assert.Equal(positions.Order(), positions);
        }
    }

    [Fact]
    public async Task Bad_cursor_limit_or_type_is_a_validation_problem()
    {
        await (await api.Auditor().GetAsync("/events?after=not-a-cursor")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Auditor().GetAsync("/events?limit=0")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Auditor().GetAsync("/events?limit=5000")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Auditor().GetAsync("/events?type=NoSuchEvent")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Sources_supervisors_auditors_and_admins_read_the_feed_operators_and_approvers_do_not()
    {
        foreach (var client in new[] { api.Source(), api.Supervisor(), api.Auditor(), api.Admin() })
        {
            await (await client.GetAsync("/events?limit=1")).ExpectAsync(HttpStatusCode.OK);
        }
        foreach (var client in new[] { api.Operator("olga", "MOBILE_ACTIVATION_L2"), api.Approver() })
        {
            await (await client.GetAsync("/events")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
        await (await api.App.CreateClient().GetAsync("/events")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
