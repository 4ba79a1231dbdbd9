using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Modules.Events.Hub;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Events;

/// <summary>
/// Hub registrations filtered by executor (<c>executor=code</c>, an executor's command channel) receive the events of
/// corrections dispatched to that executor and nothing else; an admin registers one for any executor, an executor system
/// for its own code only, nobody else at all.
/// </summary>
public sealed class HubExecutorFilterTests(HubFixture api) : IClassFixture<HubFixture>, IAsyncLifetime
{
    private const string Secret = "subscriber-shared-secret-0123456789";
    private CallbackListener _listener = null!;

    public async Task InitializeAsync() => _listener = await CallbackListener.StartAsync();

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    private HttpClient Olga => api.Operator("olga", CaseFlow.ActivationQueue);

    private JsonObject Registration(string path, string? query) =>
        new() { ["callback"] = _listener.Url(path), ["secret"] = Secret, ["query"] = query };

    private async Task<JsonObject> RegisterAsync(HttpClient client, string path, string? query) =>
        await (await client.PostJsonAsync("/hub", Registration(path, query))).ExpectAsync(HttpStatusCode.Created);

    /// <summary>The ids of the events of these cases whose <c>executor</c> is <paramref name="executor"/>, in feed order.</summary>
    private async Task<List<string>> EventIdsAsync(string executor, params Guid[] cases) =>
        [.. (await Sql.ScalarAsync<string>(api.ConnectionString, """
            SELECT coalesce(string_agg(id::text, ',' ORDER BY transaction_id, position), '') FROM outbox_events
             WHERE case_id = ANY(@cases) AND payload_json ->> 'executor' = @executor
            """, ("cases", cases), ("executor", executor))).Split(',', StringSplitOptions.RemoveEmptyEntries)];

    private static List<JsonObject> Bodies(IEnumerable<ReceivedCall> calls) => [.. calls.Select(c => JsonNode.Parse(c.Body)!.AsObject())];

    [Fact]
    public async Task A_registration_by_executor_receives_only_the_events_of_corrections_dispatched_to_it()
    {
        await (await api.Source("order-service").PostJsonAsync("/hub", Registration("spy", "executor=hss-adapter")))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var byExecutor = await RegisterAsync(api.Admin(), "hss", "executor=hss-adapter");
        Assert.Equal("executor=hss-adapter", byExecutor.Str("query"));
        // The activation service subscribes itself: its registration is narrowed to its own code.
        var activation = api.Executor("activation-service");
        var own = await RegisterAsync(activation, "activation", "eventType=FalloutCorrectionExecutionRequested");
        Assert.Equal("eventType=FalloutCorrectionExecutionRequested&executor=activation-service", own.Str("query"));
        await (await activation.PostJsonAsync("/hub", Registration("spy", "executor=hss-adapter"))).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await activation.PostJsonAsync("/hub", Registration("spy", "executor=activation-service,hss-adapter")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.App.As("no-code", [Api.Common.Auth.Roles.Executor]).PostJsonAsync("/hub", Registration("spy", null)))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Source().PostJsonAsync("/hub", Registration("bad", "executor="))).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Source().PostJsonAsync("/hub", Registration("bad", "executor=a&executor=b")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var listed = await (await activation.GetAsync("/hub")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(own.Str("id"), listed["items"]!.AsArray().Single()!.AsObject().Str("id"));

        // A RETRY goes to the activation service, a DATA_CORRECTION of the HSS to the HSS adapter; a manual one to nobody.
        var retried = await CaseFlow.InProgressAsync(api, Olga);
        await CaseFlow.ProposeAsync(Olga, retried.Id(), CaseFlow.Retry(), retried.Version());
        var corrected = await CaseFlow.InProgressAsync(api, Olga);
        var (_, diffed) = await CaseFlow.AttachAsync(Olga, corrected.Id(), CaseFlow.Evidence("DATA_DIFF", provesResolution: false,
            content: "apnProfile: internet -> internet-postpaid"), corrected.Version());
        var (hss, _) = await CaseFlow.ProposeAsync(Olga, corrected.Id(), CaseFlow.Proposal("DATA_CORRECTION", new JsonObject
        {
            ["field"] = "apnProfile", ["before"] = "internet", ["after"] = "internet-postpaid", ["system"] = "hss-adapter",
        }), diffed);
        Assert.Equal("REQUESTED", hss.Str("executionStatus"));
        var manual = await CaseFlow.InProgressAsync(api, Olga);
        await CaseFlow.ProposeAsync(Olga, manual.Id(), CaseFlow.Proposal("MANUAL_PROVISIONING", new JsonObject
        {
            ["targetSystem"] = "HSS", ["instruction"] = "bind IMSI to MSISDN", ["parameters"] = new JsonObject { ["imsi"] = "1", ["msisdn"] = "2" },
        }), manual.Version());

        await Feed.SettledAsync(api.ConnectionString);
        var round = await api.App.Services.GetRequiredService<HubRelay>().RelayOnceAsync();
        Assert.Equal(0, round.Failed);

        var cases = new[] { retried.Id(), corrected.Id(), manual.Id() };
        var toHss = Bodies(_listener.For("hss"));
        Assert.Equal(await EventIdsAsync("hss-adapter", cases), toHss.Select(e => e.Str("eventId")!).ToList());
        Assert.All(toHss, e => Assert.Equal(corrected.Id().ToString(), e.Str("falloutCaseId")));
        Assert.Contains(toHss, e => e.Str("eventType") == "FalloutCorrectionExecutionRequested");
        Assert.Contains(toHss, e => e.Str("eventType") == "FalloutCorrectionProposed");

        var toActivation = Bodies(_listener.For("activation")).Single();
        Assert.Equal("FalloutCorrectionExecutionRequested", toActivation.Str("eventType"));
        Assert.Equal(retried.Id().ToString(), toActivation.Str("falloutCaseId"));
        Assert.Equal("activation-service", toActivation.Str("executor"));
        Assert.Empty(_listener.For("spy"));
    }
}
