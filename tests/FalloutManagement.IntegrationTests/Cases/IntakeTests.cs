using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Cases;

public sealed class IntakeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_new_event_creates_a_classified_queued_case_with_location_and_etag()
    {
        var body = Http.Fallout();
        var response = await api.Source().PostJsonAsync("/fallout-cases", body);

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/fallout-cases/{created.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal(created.Version(), response.ETag());
        Assert.Equal(7, created.Id().Version);
        Assert.Equal("QUEUED", created.Str("status"));
        Assert.Equal("ACTIVATION", created.Str("category"));
        Assert.Equal("HIGH", created.Str("severity"));
        Assert.Equal("MOBILE_ACTIVATION_L2", created.Str("queue"));
        Assert.Equal(1, (int)created["occurrenceCount"]!);
        Assert.Equal((string?)body["serviceOrderItemId"], created.Str("serviceOrderItemId"));
        Assert.Equal(7, (long)created["orderVersion"]!);
        Assert.Single(created["occurrences"]!.AsArray());
    }

    [Fact]
    public async Task When_no_rule_matches_the_case_stays_detected_in_triage()
    {
        var response = await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout(b =>
        {
            b.Remove("categoryHint");
            b["reasonCode"] = "SOMETHING_NO_RULE_KNOWS";
        }));

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("DETECTED", created.Str("status"));
        Assert.Equal("FALLOUT_TRIAGE", created.Str("queue"));
        Assert.Null(created.Str("category"));
    }

    [Fact]
    public async Task A_replayed_event_returns_the_existing_case_and_changes_nothing()
    {
        var body = Http.Fallout();
        var first = await (await api.Source().PostJsonAsync("/fallout-cases", body)).ExpectAsync(HttpStatusCode.Created);

        var replay = await api.Source().PostJsonAsync("/fallout-cases", body);

        // The reporter's retry gets what its first call got: the case, with its version as ETag.
        var again = await replay.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first.Id(), again.Id());
        Assert.Equal(first.Version(), replay.ETag());
        Assert.Equal(first.Version(), again.Version());
        Assert.Equal(1, (int)again["occurrenceCount"]!);
        foreach (var field in new[] { "queue", "category", "severity", "sourceSystem", "sourceEventId", "correlationId", "customerId", "slaDueAt" })
        {
            Assert.True(JsonNode.DeepEquals(first[field], again[field]), $"{field}: {first[field]?.ToJsonString()} against {again[field]?.ToJsonString()}");
        }
        Assert.Single(again["occurrences"]!.AsArray());
        Assert.Equal(first.Version(), (await api.GetCaseAsync(first.Id())).Version());
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "fallout_occurrences", "case_id = @id", ("id", first.Id())));
    }

    [Fact]
    public async Task The_reporter_of_an_open_case_gets_the_case_when_another_event_of_its_step_joins_it()
    {
        var body = Http.Fallout();
        var first = await (await api.Source().PostJsonAsync("/fallout-cases", body)).ExpectAsync(HttpStatusCode.Created);
        var second = Http.Fallout(b => b["serviceOrderItemId"] = (string?)body["serviceOrderItemId"]);

        var response = await api.Source().PostJsonAsync("/fallout-cases", second);

        var joined = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first.Id(), joined.Id());
        Assert.Equal(first.Version(), response.ETag());
        Assert.Equal(2, (int)joined["occurrenceCount"]!);
        Assert.Equal(new[] { (string?)body["sourceEventId"], (string?)second["sourceEventId"] }.Order(),
            joined["occurrences"]!.AsArray().Select(o => (string?)o!["sourceEventId"]).Order());
        Assert.Equal(first.Str("queue"), joined.Str("queue"));
    }

    [Fact]
    public async Task Another_event_on_the_same_open_step_is_appended_as_an_occurrence()
    {
        var body = Http.Fallout();
        var first = await (await api.Source().PostJsonAsync("/fallout-cases", body)).ExpectAsync(HttpStatusCode.Created);
        var second = Http.Fallout(b =>
        {
            b["serviceOrderItemId"] = (string?)body["serviceOrderItemId"];
            b["sourceSystem"] = "order-service";
        });

        var response = await api.Source("order-service").PostJsonAsync("/fallout-cases", second);

        // Another source system reported the case: this one gets the source view, with the case's version as ETag.
        var joined = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first.Id(), joined.Id());
        Assert.Equal(2, (int)joined["occurrenceCount"]!);
        Assert.Equal(first.Version(), response.ETag());
        Assert.Equal(first.Version(), joined.Version());
        Assert.Null(joined["queue"]);
        var read = await api.GetCaseAsync(first.Id());
        Assert.Equal(first.Version(), read.Version());
        Assert.Equal(2, read["occurrences"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_different_reason_on_the_same_step_is_a_different_case()
    {
        var body = Http.Fallout();
        var first = await (await api.Source().PostJsonAsync("/fallout-cases", body)).ExpectAsync(HttpStatusCode.Created);
        var other = Http.Fallout(b =>
        {
            b["serviceOrderItemId"] = (string?)body["serviceOrderItemId"];
            b["reasonCode"] = "ACTIVATION_TIMEOUT";
        });

        var second = await (await api.Source().PostJsonAsync("/fallout-cases", other)).ExpectAsync(HttpStatusCode.Created);

        Assert.NotEqual(first.Id(), second.Id());
    }

    [Fact]
    public async Task A_closed_or_cancelled_case_step_may_open_a_new_case()
    {
        var body = Http.Fallout();
        var first = await (await api.Source().PostJsonAsync("/fallout-cases", body)).ExpectAsync(HttpStatusCode.Created);
        await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{first.Id()}/cancel", new JsonObject { ["reason"] = "duplicate of an older case" }, first.Version()))
            .ExpectAsync(HttpStatusCode.OK);
        var again = Http.Fallout(b => b["serviceOrderItemId"] = (string?)body["serviceOrderItemId"]);

        var second = await (await api.Source().PostJsonAsync("/fallout-cases", again)).ExpectAsync(HttpStatusCode.Created);

        Assert.NotEqual(first.Id(), second.Id());
        Assert.Equal("QUEUED", second.Str("status"));
    }

    [Fact]
    public async Task Optional_fields_are_kept()
    {
        var body = Http.Fallout(b =>
        {
            b["productOrderId"] = "po-9";
            b["impactedServiceId"] = "svc-3";
            b["customerSegment"] = "ENTERPRISE";
            b["occurredAt"] = "2026-11-02T08:59:00Z";
            b["promisedAt"] = "2026-11-05T17:00:00+07:00";
            b["attributes"] = new JsonObject { ["msisdn"] = "62811000000", ["imsi"] = "510100000000001" };
            b["revenueAtRisk"] = new JsonObject { ["amount"] = 150000.50, ["currency"] = "IDR" };
        });

        var created = await (await api.Source().PostJsonAsync("/fallout-cases", body)).ExpectAsync(HttpStatusCode.Created);
        var read = await (await api.Supervisor().GetAsync($"/fallout-cases/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("po-9", read.Str("productOrderId"));
        Assert.Equal("svc-3", read.Str("impactedServiceId"));
        Assert.Equal("ENTERPRISE", read.Str("customerSegment"));
        Assert.Equal("62811000000", (string?)read["attributes"]!["msisdn"]);
        Assert.Equal(150000.50m, (decimal)read["revenueAtRisk"]!["amount"]!);
        Assert.Equal("IDR", (string?)read["revenueAtRisk"]!["currency"]);
        Assert.Equal(DateTimeOffset.Parse("2026-11-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(read.Str("promisedAt")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_intake_writes_outbox_events_and_chained_audit_entries_in_its_transaction()
    {
        var created = await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        var id = created.Id();

        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = 'FalloutCaseDetected'", ("id", id)));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = 'FalloutCaseClassified'", ("id", id)));
        Assert.Equal(3, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id = @id", ("id", id)));
        Assert.Equal("activation-service", await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT actor FROM audit_entries WHERE case_id = @id AND chain_seq = 1", ("id", id)));
        // Each entry names the hash of the one before it.
        Assert.Equal(2, await Sql.CountAsync(api.ConnectionString,
            "audit_entries a JOIN audit_entries p ON p.case_id = a.case_id AND p.chain_seq = a.chain_seq - 1",
            "a.case_id = @id AND a.previous_hash = p.hash", ("id", id)));
        var payload = await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT payload_json::text FROM outbox_events WHERE case_id = @id AND event_type = 'FalloutCaseDetected'", ("id", id));
        var detected = JsonNode.Parse(payload)!.AsObject();
        Assert.Equal(id.ToString(), (string?)detected["falloutCaseId"]);
        Assert.Equal(created.Str("serviceOrderItemId"), (string?)detected["serviceOrderItemId"]);
        Assert.Equal(created.Str("correlationId"), (string?)detected["correlationId"]);
        Assert.NotNull(detected["eventId"]);
        Assert.NotNull(detected["occurredAt"]);
    }
}
