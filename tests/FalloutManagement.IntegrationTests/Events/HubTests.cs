using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Modules.Events.Hub;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Events;

/// <summary>Retries after 1 s doubling, dead letters after 3 attempts, a 1 s request timeout, callbacks on 127.0.0.1.</summary>
public sealed class HubFixture : ApiFixture
{
    public static readonly Dictionary<string, string?> HubSettings = new()
    {
        ["Hub:MaxAttempts"] = "3",
        ["Hub:RetryBaseSeconds"] = "1",
        ["Hub:RequestTimeoutSeconds"] = "1",
        // The subscriber stand-in listens on loopback, which only an allow-list entry admits.
        ["Hub:AllowedCallbackHosts:0"] = "127.0.0.1",
    };

    public override IDictionary<string, string?> Settings => HubSettings;
}

public sealed class HubTests(HubFixture api) : IClassFixture<HubFixture>, IAsyncLifetime
{
    private const string Secret = "subscriber-shared-secret-0123456789";
    private readonly CaseFlow _flow = new(api);
    private CallbackListener _listener = null!;

    public async Task InitializeAsync()
    {
        // Every test starts with no registrations, so a relay round only works for this test's subscribers.
        await Sql.ExecuteAsync(api.ConnectionString, "DELETE FROM hub_subscriptions");
        _listener = await CallbackListener.StartAsync();
    }

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    private HubRelay Relay => api.App.Services.GetRequiredService<HubRelay>();

    /// <summary>One relay round once everything written so far has settled in the feed.</summary>
    private async Task<RelayRound> RelayOnceAsync()
    {
        await Feed.SettledAsync(api.ConnectionString);
        return await Relay.RelayOnceAsync();
    }

    private async Task<Guid> RegisterAsync(string path, string? query = null, HttpClient? client = null)
    {
        var body = new JsonObject { ["callback"] = _listener.Url(path), ["secret"] = Secret };
        if (query is not null)
        {
            body["query"] = query;
        }
        var created = await (await (client ?? api.Source()).PostJsonAsync("/hub", body)).ExpectAsync(HttpStatusCode.Created);
        return created.Id();
    }

    private static void AssertSigned(ReceivedCall call) =>
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), call.Body)), call.Signature);

    private Task<List<Guid>> EventIdsOfCaseAsync(Guid caseId) =>
        Sql.ScalarAsync<string>(api.ConnectionString,
                "SELECT coalesce(string_agg(id::text, ',' ORDER BY position), '') FROM outbox_events WHERE case_id = @id", ("id", caseId))
            .ContinueWith(t => t.Result.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList(), TaskScheduler.Default);

    private static List<Guid> ReceivedIds(IEnumerable<ReceivedCall> calls, Guid caseId) =>
        [.. calls.Select(c => JsonNode.Parse(c.Body)!.AsObject()).Where(e => e.Str("falloutCaseId") == caseId.ToString()).Select(e => Guid.Parse(e.Str("eventId")!))];

    [Fact]
    public async Task Registration_returns_201_without_the_secret_and_refuses_bad_callbacks_secrets_and_queries()
    {
        var response = await api.Source().PostJsonAsync("/hub", new JsonObject
        {
            ["callback"] = _listener.Url("registered"), ["secret"] = Secret, ["query"] = "eventType=FalloutCaseClosed,FalloutCaseAssigned",
        });
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/hub/{created.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("eventType=FalloutCaseClosed,FalloutCaseAssigned", created.Str("query"));
        Assert.Null(created["secret"]);
        var read = await (await api.Source().GetAsync($"/hub/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(read["secret"]);
        Assert.DoesNotContain(Secret, await (await api.Admin().GetAsync("/hub")).Content.ReadAsStringAsync());

        foreach (var bad in new[]
        {
            new JsonObject { ["callback"] = "ftp://example.com/x", ["secret"] = Secret },
            new JsonObject { ["callback"] = "/relative", ["secret"] = Secret },
            new JsonObject { ["callback"] = _listener.Url("x"), ["secret"] = "short" },
            new JsonObject { ["callback"] = _listener.Url("x") },
            new JsonObject { ["callback"] = _listener.Url("x"), ["secret"] = Secret, ["query"] = "eventType=Nope" },
            new JsonObject { ["callback"] = _listener.Url("x"), ["secret"] = Secret, ["query"] = "status=OPEN" },
        })
        {
            await (await api.Source().PostJsonAsync("/hub", bad)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        }
    }

    [Fact]
    public async Task A_source_sees_and_deletes_only_its_own_registrations_an_admin_sees_all()
    {
        var mine = await RegisterAsync("mine", client: api.Source("order-service"));
        var theirs = await RegisterAsync("theirs", client: api.Source("billing-service"));

        var list = await (await api.Source("order-service").GetAsync("/hub")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(mine.ToString(), list["items"]!.AsArray().Select(i => i!.AsObject().Str("id")));
        Assert.DoesNotContain(theirs.ToString(), list["items"]!.AsArray().Select(i => i!.AsObject().Str("id")));
        await (await api.Source("order-service").GetAsync($"/hub/{theirs}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Source("order-service").DeleteAsync($"/hub/{theirs}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var all = await (await api.Admin().GetAsync("/hub")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(theirs.ToString(), all["items"]!.AsArray().Select(i => i!.AsObject().Str("id")));

        await (await api.Source("order-service").DeleteAsync($"/hub/{mine}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await api.Source("order-service").GetAsync($"/hub/{mine}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Admin().DeleteAsync($"/hub/{theirs}")).ExpectAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Matching_events_reach_a_real_listener_signed_and_in_order_per_case()
    {
        await RegisterAsync("all");
        await RegisterAsync("assigned-only", "eventType=FalloutCaseAssigned");
        var (a, va, _) = await _flow.ReportAsync();
        var (b, vb, _) = await _flow.ReportAsync();
        va = await _flow.StartAsync(a, va);
        vb = await _flow.ClaimAsync(b, vb);
        await _flow.WaitAsync(a, "FIELD", va);

        var round = await RelayOnceAsync();

        var all = _listener.For("all");
        Assert.All(all, AssertSigned);
        Assert.Equal(await EventIdsOfCaseAsync(a), ReceivedIds(all, a));
        Assert.Equal(await EventIdsOfCaseAsync(b), ReceivedIds(all, b));
        Assert.All(all, c => Assert.Equal(JsonNode.Parse(c.Body)!.AsObject().Str("eventId"), c.EventId));
        var assigned = _listener.For("assigned-only");
        Assert.Equal(2, assigned.Count);
        Assert.All(assigned, c => Assert.Equal("FalloutCaseAssigned", JsonNode.Parse(c.Body)!.AsObject().Str("eventType")));
        Assert.Equal(0, round.Failed);

        var again = await RelayOnceAsync();
        Assert.Equal(0, again.Attempted);
    }

    [Fact]
    public async Task A_failing_callback_is_retried_with_back_off_then_dead_lettered_and_can_be_redelivered()
    {
        var subscription = await RegisterAsync("failing");
        _listener.Answer("failing", HttpStatusCode.InternalServerError);
        var (id, version, _) = await _flow.ReportAsync();
        version = await _flow.ClaimAsync(id, version);
        var events = await EventIdsOfCaseAsync(id);
        var first = events[0];

        await RelayOnceAsync();
        Assert.Equal([first], _listener.For("failing").Select(c => Guid.Parse(c.EventId!)));
        var nextAttempt = await NextAttemptAsync(subscription, first);
        Assert.InRange(nextAttempt - api.Clock.GetUtcNow(), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));

        // Not due yet: nothing is sent, and the later events of the case wait behind the failed one.
        await RelayOnceAsync();
        Assert.Single(_listener.For("failing"));

        api.Clock.Advance(TimeSpan.FromSeconds(1));
        await RelayOnceAsync();
        Assert.Equal(2, _listener.For("failing").Count);
        nextAttempt = await NextAttemptAsync(subscription, first);
        Assert.InRange(nextAttempt - api.Clock.GetUtcNow(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        _listener.Answer("failing", HttpStatusCode.ServiceUnavailable);
        api.Clock.Advance(TimeSpan.FromSeconds(2));
        await RelayOnceAsync();

        // The third failure dead-letters the first event; the next event of the case is then tried.
        var calls = _listener.For("failing").Select(c => (Guid.Parse(c.EventId!), c.Attempt)).ToList();
        Assert.Equal([(first, "1"), (first, "2"), (first, "3"), (events[1], "1")], calls);
        var dead = await (await api.Source().GetAsync($"/hub/{subscription}/dead-letters")).ExpectAsync(HttpStatusCode.OK);
        var letter = Assert.Single(dead["items"]!.AsArray())!.AsObject();
        Assert.Equal(first.ToString(), letter.Str("eventId"));
        Assert.Equal("FalloutCaseDetected", letter.Str("eventType"));
        Assert.Equal(3, (int)letter["attempts"]!);
        Assert.Equal(503, (int)letter["lastStatusCode"]!);

        _listener.Answer("failing", HttpStatusCode.OK);
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        await RelayOnceAsync();
        await (await api.Source().PostJsonAsync($"/hub/{subscription}/dead-letters/{first}/redeliver", null)).ExpectAsync(HttpStatusCode.Accepted);
        await RelayOnceAsync();

        var delivered = _listener.For("failing").Skip(4).Select(c => Guid.Parse(c.EventId!)).ToList();
        Assert.Equal(events.Skip(1).Append(first), delivered);
        Assert.All(_listener.For("failing"), AssertSigned);
        dead = await (await api.Source().GetAsync($"/hub/{subscription}/dead-letters")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(dead["items"]!.AsArray());
        await (await api.Source().PostJsonAsync($"/hub/{subscription}/dead-letters/{first}/redeliver", null))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await api.Source().PostJsonAsync($"/hub/{subscription}/dead-letters/{Guid.NewGuid()}/redeliver", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    private Task<DateTimeOffset> NextAttemptAsync(Guid subscription, Guid eventId) =>
        Sql.ScalarAsync<DateTime>(api.ConnectionString, "SELECT next_attempt_at FROM hub_deliveries WHERE subscription_id = @s AND event_id = @e",
            ("s", subscription), ("e", eventId)).ContinueWith(t => new DateTimeOffset(t.Result.ToUniversalTime(), TimeSpan.Zero), TaskScheduler.Default);

    [Fact]
    public async Task A_hanging_callback_times_out_without_holding_up_other_subscribers()
    {
        var hanging = await RegisterAsync("hanging");
        _listener.Hang("hanging");
        await RegisterAsync("healthy");
        var (id, _, _) = await _flow.ReportAsync();

        var round = await RelayOnceAsync();

        Assert.Equal(await EventIdsOfCaseAsync(id), ReceivedIds(_listener.For("healthy"), id));
        Assert.Single(_listener.For("hanging"));
        Assert.True(round.Failed >= 1);
        var error = await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT last_error FROM hub_deliveries WHERE subscription_id = @s AND attempts = 1 AND status = 'PENDING'", ("s", hanging));
        Assert.Contains("Timeout", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Two_service_instances_relaying_at_once_send_each_event_once()
    {
        await RegisterAsync("shared");
        var ids = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            var (id, version, _) = await _flow.ReportAsync();
            await _flow.StartAsync(id, version);
            return id;
        }));
        await using var second = new FalloutApp(api.ConnectionString, api.Clock, HubFixture.HubSettings);
        var relays = new[] { Relay, second.Services.GetRequiredService<HubRelay>() };

        await Feed.SettledAsync(api.ConnectionString);
        var rounds = new List<RelayRound>();
        for (var i = 0; i < 3; i++)
        {
            rounds.AddRange(await Task.WhenAll(relays.Select(r => Task.Run(() => r.RelayOnceAsync()))));
        }

        var received = _listener.For("shared");
        var expected = new List<Guid>();
        foreach (var id in ids)
        {
            var ofCase = await EventIdsOfCaseAsync(id);
            Assert.Equal(ofCase, ReceivedIds(received, id));
            expected.AddRange(ofCase);
        }
        Assert.Equal(expected.Count, received.Count);
        Assert.Equal(expected.Count, rounds.Sum(r => r.Delivered));
        Assert.Equal(expected.Count, rounds.Sum(r => r.FannedOut));
    }

    [Fact]
    public async Task Only_admins_and_sources_manage_hub_registrations()
    {
        var id = await RegisterAsync("roles");
        var body = new JsonObject { ["callback"] = _listener.Url("x"), ["secret"] = Secret };
        foreach (var client in new[] { api.Operator("olga", "MOBILE_ACTIVATION_L2"), api.Supervisor(), api.Approver(), api.Auditor() })
        {
            await (await client.PostJsonAsync("/hub", body)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
            await (await client.GetAsync("/hub")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
            await (await client.GetAsync($"/hub/{id}")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
            await (await client.DeleteAsync($"/hub/{id}")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
            await (await client.GetAsync($"/hub/{id}/dead-letters")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
            await (await client.PostJsonAsync($"/hub/{id}/dead-letters/{Guid.NewGuid()}/redeliver", null))
                .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
        var anonymous = api.App.CreateClient();
        await (await anonymous.PostJsonAsync("/hub", body)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.GetAsync("/hub")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.GetAsync($"/hub/{id}/dead-letters")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await api.Admin().GetAsync($"/hub/{id}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_executor_subscription_gets_only_its_commands_whole_and_every_other_reader_gets_the_payload_masked()
    {
        // Only an admin makes a subscription an executor's command channel; nothing is stored on a refusal.
        var body = new JsonObject { ["callback"] = _listener.Url("nope"), ["secret"] = Secret, ["query"] = "executor=activation-service" };
        await (await api.Source().PostJsonAsync("/hub", body)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "hub_subscriptions", "executor IS NOT NULL"));
        await RegisterAsync("executor", "executor=activation-service", api.Admin());
        await RegisterAsync("source", "eventType=FalloutCorrectionExecutionRequested");

        var olga = api.Operator("olga", CaseFlow.ActivationQueue);
        var started = await CaseFlow.InProgressAsync(api, olga);
        await CaseFlow.ProposeAsync(olga, started.Id(), CaseFlow.Retry(), started.Version());
        await RelayOnceAsync();

        var commands = _listener.For("executor").Select(c => JsonNode.Parse(c.Body)!.AsObject()).ToList();
        Assert.NotEmpty(commands);
        Assert.All(commands, e => Assert.Equal("activation-service", e.Str("executor")));
        var command = Assert.Single(commands, e => e.Str("eventType") == "FalloutCorrectionExecutionRequested" && e.Str("falloutCaseId") == started.Id().ToString());
        Assert.Equal("ProvisionMobileSubscriber", (string?)command["payload"]!["step"]);

        var forSource = _listener.For("source").Select(c => JsonNode.Parse(c.Body)!.AsObject())
            .Single(e => e.Str("falloutCaseId") == started.Id().ToString());
        Assert.NotEqual("ProvisionMobileSubscriber", (string?)forSource["payload"]!["step"]);
        var feed = await (await api.Supervisor().GetAsync($"/events?caseId={started.Id()}&type=FalloutCorrectionExecutionRequested"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.NotEqual("ProvisionMobileSubscriber", (string?)feed["items"]![0]!["payload"]!["step"]);
    }
}
