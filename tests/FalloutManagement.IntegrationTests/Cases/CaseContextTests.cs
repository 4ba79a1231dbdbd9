using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Cases;

public sealed class CaseContextTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_context_reported_at_intake_is_returned_on_the_case_but_not_in_list_pages()
    {
        var body = Http.Fallout(b => b["context"] = SampleContext.DuplicateSubscriber());

        var created = await (await api.Source().PostJsonAsync("/fallout-cases", body)).ExpectAsync(HttpStatusCode.Created);
        var read = await (await api.Supervisor().GetAsync($"/fallout-cases/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);

        var context = read["context"]!.AsObject();
        Assert.Equal("PT Contoh Makmur", (string?)context["customer"]!["name"]);
        Assert.Equal(4, context["order"]!["items"]!.AsArray().Count);
        Assert.Equal("soi-sub", (string?)context["order"]!["items"]![2]!["dependsOn"]![0]);
        Assert.Equal("ERR 3001: subscriber exists with a different IMSI", (string?)context["activationAttempts"]![0]!["rawError"]);
        Assert.Equal("DATA_CORRECTION", (string?)context["suggestedCorrection"]!["type"]);
        Assert.True(JsonNode.DeepEquals(created["context"], read["context"]));

        var page = await (await api.Supervisor().GetAsync($"/fallout-cases?queue={created.Str("queue")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(page["items"]!.AsArray(), i => (string?)i!["id"] == created.Id().ToString() && i["context"] is null);
    }

    [Fact]
    public async Task Identifiers_in_the_context_are_masked_for_readers_whose_policy_does_not_allow_them()
    {
        var body = Http.Fallout(b => b["context"] = SampleContext.DuplicateSubscriber());
        var created = await (await api.Source().PostJsonAsync("/fallout-cases", body)).ExpectAsync(HttpStatusCode.Created);

        var context = (await CaseFlow.GetAsync(api.Auditor(), created.Id()))["context"]!;
        var text = context.ToJsonString();
        foreach (var secret in new[] { "PT Contoh Makmur", "628111000222", "510100000000", "ERR 3001" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
        Assert.Equal("MSISDN", (string?)context["resources"]![0]!["resourceType"]);
        Assert.Equal("DUPLICATE_SUBSCRIBER_MISMATCH", (string?)context["activationAttempts"]![0]!["normalizedError"]);
        Assert.Equal("628111000222", (string?)(await CaseFlow.GetAsync(api.Supervisor(), created.Id()))["context"]!["resources"]![0]!["value"]);
    }

    [Fact]
    public async Task A_later_occurrence_appends_its_activation_attempts_without_changing_the_version()
    {
        var first = Http.Fallout(b => b["context"] = SampleContext.DuplicateSubscriber());
        var created = await (await api.Source().PostJsonAsync("/fallout-cases", first)).ExpectAsync(HttpStatusCode.Created);
        var again = Http.Fallout(b =>
        {
            b["serviceOrderItemId"] = (string?)first["serviceOrderItemId"];
            b["context"] = new JsonObject { ["activationAttempts"] = new JsonArray(SampleContext.Attempt("2026-11-02T09:05:00Z", "ERR 3002")) };
        });

        var answer = await (await api.Source().PostJsonAsync("/fallout-cases", again)).ExpectAsync(HttpStatusCode.OK);

        // The reporting source gets its case as merged, as staff read it.
        Assert.Equal(created.Id(), answer.Id());
        Assert.Equal(["NACK ERR 3001", "NACK ERR 3002"], answer["context"]!["activationAttempts"]!.AsArray().Select(a => (string?)a!["vendorResponse"]));
        var joined = await CaseFlow.GetAsync(api.Supervisor(), created.Id());
        Assert.Equal(created.Version(), joined.Version());
        var attempts = joined["context"]!["activationAttempts"]!.AsArray();
        Assert.Equal(["NACK ERR 3001", "NACK ERR 3002"], attempts.Select(a => (string?)a!["vendorResponse"]));
        Assert.Equal("PT Contoh Makmur", (string?)joined["context"]!["customer"]!["name"]);
    }

    [Fact]
    public async Task The_case_keeps_only_the_latest_attempts()
    {
        var first = Http.Fallout();
        var created = await (await api.Source().PostJsonAsync("/fallout-cases", first)).ExpectAsync(HttpStatusCode.Created);
        for (var batch = 0; batch < 3; batch++)
        {
            var attempts = new JsonArray([.. Enumerable.Range(0, 10).Select(i => (JsonNode)SampleContext.Attempt("2026-11-02T09:05:00Z", $"E{batch * 10 + i}"))]);
            await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout(b =>
            {
                b["serviceOrderItemId"] = (string?)first["serviceOrderItemId"];
                b["context"] = new JsonObject { ["activationAttempts"] = attempts };
            }))).ExpectAsync(HttpStatusCode.OK);
        }
        var joined = await CaseFlow.GetAsync(api.Supervisor(), created.Id());

        var kept = joined["context"]!["activationAttempts"]!.AsArray().Select(a => (string?)a!["vendorResponse"]).ToList();
        Assert.Equal(Enumerable.Range(10, 20).Select(i => $"NACK E{i}"), kept);
    }

    public static TheoryData<string, Action<JsonObject>> BadContexts => new()
    {
        { "context.order.items", c => c["order"]!["items"]![1]!["dependsOn"] = new JsonArray("soi-missing") },
        { "context.order.items", c => c["order"]!["items"]![1]!["id"] = "soi-sim" },
        { "context.order.items[0].id", c => c["order"]!["items"]![0]!["id"] = "" },
        { "context.suggestedCorrection.type", c => c["suggestedCorrection"]!["type"] = "SQL_PATCH" },
        { "context.activationAttempts[0].command", c => c["activationAttempts"]![0]!["command"] = null },
        { "context.customer.name", c => c["customer"]!["name"] = new string('n', 201) },
        { "context.resources", c => c["resources"] = new JsonArray([.. Enumerable.Range(0, 21).Select(i => (JsonNode)new JsonObject { ["resourceId"] = $"r{i}" })]) },
        { "context", _ => { } },
    };

    [Theory]
    [MemberData(nameof(BadContexts))]
    public async Task A_context_of_the_wrong_shape_is_a_field_error_and_creates_nothing(string field, Action<JsonObject> spoil)
    {
        var context = SampleContext.DuplicateSubscriber();
        spoil(context);
        if (field == "context")
        {
            // 20 attempts of 1.7 KiB each: within every per-field limit, over the 32 KiB of the whole.
            context["activationAttempts"] = new JsonArray([.. Enumerable.Range(0, 20).Select(_ => (JsonNode)new JsonObject
            {
                ["command"] = new string('c', 500), ["at"] = "2026-11-02T09:00:00Z", ["vendorResponse"] = new string('v', 600),
                ["rawError"] = new string('r', 600),
            })]);
        }
        var body = Http.Fallout(b => b["context"] = context);

        var problem = await (await api.Source().PostJsonAsync("/fallout-cases", body)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "fallout_cases", "source_event_id = @e", ("e", (string)body["sourceEventId"]!)));
    }

    [Fact]
    public async Task Supervisors_filter_the_escalated_cases()
    {
        var created = await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        var supervisor = api.Supervisor();
        var claimed = await supervisor.PostJsonAsync($"/fallout-cases/{created.Id()}/assign", new JsonObject(), created.Version());
        var escalated = await (await supervisor.PostJsonAsync($"/fallout-cases/{created.Id()}/escalate",
            new JsonObject { ["reason"] = "customer complaint" }, claimed.ETag())).ExpectAsync(HttpStatusCode.OK);
        Assert.True((int)escalated["escalationLevel"]! > 0);

        var onlyEscalated = await (await supervisor.GetAsync("/fallout-cases?escalated=true&limit=200")).ExpectAsync(HttpStatusCode.OK);
        var notEscalated = await (await supervisor.GetAsync("/fallout-cases?escalated=false&limit=200")).ExpectAsync(HttpStatusCode.OK);

        Assert.Contains(onlyEscalated["items"]!.AsArray(), i => (string?)i!["id"] == created.Id().ToString());
        Assert.All(onlyEscalated["items"]!.AsArray(), i => Assert.True((int)i!["escalationLevel"]! > 0));
        Assert.DoesNotContain(notEscalated["items"]!.AsArray(), i => (string?)i!["id"] == created.Id().ToString());
    }
}
