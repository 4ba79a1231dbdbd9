using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Security;

/// <summary>
/// Input found by probing from outside that was a 500, stored something unusable, or was read loosely: each is now a
/// 400 <c>VALIDATION_FAILED</c> naming the field (or accepted as its standard says) and changes nothing.
/// </summary>
public sealed class ExactInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Everyone => api.App.As("everyone", [.. Roles.All], [CaseFlow.ActivationQueue]);

    private static async Task<JsonObject> ExpectFieldAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field), $"Expected an error for {field}: {problem.ToJsonString()}");
        return problem;
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static TheoryData<string> ForeignCursors()
    {
        var id = Guid.NewGuid();
        return new TheoryData<string>
        {
            "/queues?cursor=AA",
            "/queues?cursor=abc",
            $"/queues?cursor={Base64Url("activation queue")}",
            $"/queues/{CaseFlow.ActivationQueue}/members?cursor=AA",
            $"/queues/{CaseFlow.ActivationQueue}/members?cursor={Base64Url("a\tb")}",
            $"/sla-policies?cursor={Base64Url($"\0\n{id:N}")}",
            $"/sla-policies?cursor={Base64Url($"ACTIVATION\n{id:N}".ToUpperInvariant())}",
            $"/classification-rules?cursor={Base64Url($"+5\n{id:N}")}",
            $"/action-policies?cursor={Base64Url($"05\n{id:N}")}",
            $"/audit?cursor={Base64Url("007")}",
            $"/incidents?cursor={Base64Url($"0{DateTimeOffset.UtcNow.UtcTicks}:{id:N}")}",
        };
    }

    [Theory]
    [MemberData(nameof(ForeignCursors))]
    public async Task A_cursor_the_service_did_not_issue_is_400_naming_the_cursor(string url) =>
        await ExpectFieldAsync(await Everyone.GetAsync(url), "cursor");

    [Theory]
    [InlineData("text/plain\r\nX-A: 1")]
    [InlineData("text/plain\n")]
    [InlineData("é/é")]
    [InlineData("P1Y")]
    [InlineData("   ")]
    [InlineData("text/plain; charset")]
    [InlineData("text /plain")]
    public async Task An_evidence_media_type_no_header_can_carry_is_400(string mediaType)
    {
        var worker = api.Operator("mia.operator", CaseFlow.ActivationQueue);
        var started = await CaseFlow.InProgressAsync(api, worker);
        var evidence = CaseFlow.Evidence("SCREENSHOT", provesResolution: false, content: "hello");
        evidence["mediaType"] = mediaType;

        await ExpectFieldAsync(await worker.PostJsonAsync($"/fallout-cases/{started.Id()}/evidence", evidence, started.Version()), "mediaType");
        Assert.Equal(started.Version(), await CaseFlow.VersionAsync(worker, started.Id()));
    }

    [Fact]
    public async Task Evidence_content_is_served_with_its_media_type_or_as_bytes_when_the_stored_one_cannot_be_a_header()
    {
        var worker = api.Operator("mia.operator", CaseFlow.ActivationQueue);
        var started = await CaseFlow.InProgressAsync(api, worker);
        var evidence = CaseFlow.Evidence("SCREENSHOT", provesResolution: false, content: "hello");
        evidence["mediaType"] = "text/plain; charset=\"utf-8\"";
        var (item, _) = await CaseFlow.AttachAsync(worker, started.Id(), evidence, started.Version());
        var url = $"/fallout-cases/{started.Id()}/evidence/{item.Id()}/content";

        var served = await worker.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("text/plain", served.Content.Headers.ContentType!.MediaType);

        // A value stored before media types were checked: evidence is append-only, so only the database's owner can put it there.
        await Sql.ExecuteAsync(api.ConnectionString,
            "SET session_replication_role = replica; UPDATE evidence_contents SET media_type = @type WHERE evidence_id = @id; SET session_replication_role = origin;",
            ("type", "text/plain\r\nX-A: 1"), ("id", item.Id()));
        var fallback = await worker.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, fallback.StatusCode);
        Assert.Equal("application/octet-stream", fallback.Content.Headers.ContentType!.MediaType);
        Assert.Equal("hello", await fallback.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("policies", "[null]", "policies.{viewer}[0]")]
    [InlineData("policies", "null", "policies.{viewer}")]
    [InlineData("classes", "null", "classes.{class}")]
    [InlineData("classes", "{\"names\":null}", "classes.{class}")]
    [InlineData("classes", "{\"names\":[\"x\",null]}", "classes.{class}")]
    public async Task A_null_in_masking_rules_is_400_naming_where(string part, string raw, string named)
    {
        var admin = api.Admin();
        var current = await admin.GetAsync("/masking-rules");
        var document = await current.ExpectAsync(HttpStatusCode.OK);
        var viewer = document["policies"]!.AsObject().First().Key;
        var @class = document["classes"]!.AsObject().First().Key;
        var key = part == "policies" ? viewer : @class;
        document[part]![key] = "@@VALUE@@";
        document["reason"] = "nulls";
        var request = new HttpRequestMessage(HttpMethod.Put, "/masking-rules")
        {
            Content = new StringContent(document.ToJsonString().Replace("\"@@VALUE@@\"", raw, StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        var before = await Sql.CountAsync(api.ConnectionString, "policy_changes");

        var problem = await (await admin.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        var field = named.Replace("{viewer}", viewer, StringComparison.Ordinal).Replace("{class}", @class, StringComparison.Ordinal);
        Assert.Contains(problem["errors"]!.AsObject(), e => e.Key.StartsWith(field, StringComparison.Ordinal));
        Assert.Equal(before, await Sql.CountAsync(api.ConnectionString, "policy_changes"));
    }

    [Theory]
    [InlineData("order", "{\"items\":[null]}", "context.order.items[0]")]
    [InlineData("order", "{\"items\":[{\"id\":\"a\"},null]}", "context.order.items[1]")]
    [InlineData("resources", "[null]", "context.resources[0]")]
    [InlineData("activationAttempts", "[null]", "context.activationAttempts[0]")]
    public async Task A_null_element_of_a_context_list_is_400_naming_it(string part, string raw, string named)
    {
        var body = Http.Fallout(b => b["context"] = new JsonObject { [part] = "@@VALUE@@" }).ToJsonString()
            .Replace("\"@@VALUE@@\"", raw, StringComparison.Ordinal);
        var before = await Sql.CountAsync(api.ConnectionString, "fallout_cases");

        await ExpectFieldAsync(await api.Source().PostRawAsync("/fallout-cases", body), named);
        Assert.Equal(before, await Sql.CountAsync(api.ConnectionString, "fallout_cases"));
    }

    [Theory]
    [InlineData("/fallout-cases?limit=abc", "limit")]
    [InlineData("/fallout-cases?slaBreached=yes", "slaBreached")]
    [InlineData("/fallout-cases?incidentId=abc", "incidentId")]
    [InlineData("/queues?limit=1.5", "limit")]
    public async Task A_query_value_of_the_wrong_type_is_400_naming_it_in_plain_words(string url, string field)
    {
        var problem = await ExpectFieldAsync(await Everyone.GetAsync(url), field);

        Assert.Equal("Validation failed", problem.Str("title"));
        Assert.DoesNotContain("Nullable", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to bind", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("orderVersion", "\"orderVersion\":\"7\"", "orderVersion", "wrong type")]
    [InlineData("orderVersion", "\"OrderVersion\":7", "OrderVersion", "no such field")]
    [InlineData(null, "\"message\":\"again\"", "message", "more than once")]
    [InlineData(null, "\"failedStepKeys\":\"x\"", "failedStepKeys", "no such field")]
    public async Task An_intake_body_is_read_exactly(string? without, string extra, string named, string said)
    {
        var body = Http.Fallout(b => b.Remove(without ?? "")).ToJsonString();
        body = body[..^1] + "," + extra + "}";
        var before = await Sql.CountAsync(api.ConnectionString, "fallout_cases");

        var problem = await ExpectFieldAsync(await api.Source().PostRawAsync("/fallout-cases", body), named);
        Assert.Contains(said, (string)problem["errors"]![named]![0]!, StringComparison.Ordinal);
        Assert.Equal(before, await Sql.CountAsync(api.ConnectionString, "fallout_cases"));
    }

    [Fact]
    public async Task An_unknown_field_of_a_command_is_400_and_changes_nothing()
    {
        var worker = api.Operator("uma.operator", CaseFlow.ActivationQueue);
        var started = await CaseFlow.InProgressAsync(api, worker);

        await ExpectFieldAsync(await worker.PostJsonAsync($"/fallout-cases/{started.Id()}/escalate",
            new JsonObject { ["reason"] = "r", ["urgent"] = true }, started.Version()), "urgent");
        Assert.Equal(started.Version(), await CaseFlow.VersionAsync(worker, started.Id()));
    }

    [Fact]
    public async Task The_context_of_an_intake_stays_open_to_fields_it_does_not_know()
    {
        var body = Http.Fallout(b => b["context"] = new JsonObject
        {
            ["customer"] = new JsonObject { ["name"] = "PT Contoh", ["loyaltyTier"] = "GOLD" },
            ["somethingNew"] = new JsonObject { ["a"] = 1 },
        });

        await (await api.Source().PostJsonAsync("/fallout-cases", body)).ExpectAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("/analytics/summary?from=1.5", "from")]
    [InlineData("/analytics/summary.csv?from=1.5", "from")]
    [InlineData("/analytics/trends?to=5", "to")]
    [InlineData("/analytics/repeat-fallout?from=1.5", "from")]
    [InlineData("/audit?from=1,2", "from")]
    [InlineData("/audit?to=2026-11-02T09:00:00", "to")]
    [InlineData("/analytics/summary?from=11/02/2026", "from")]
    public async Task A_time_filter_is_iso_8601_only(string url, string field) =>
        await ExpectFieldAsync(await Everyone.GetAsync(url), field);

    [Theory]
    [InlineData("/analytics/summary?from=2026-10-01&to=2026-11-01")]
    [InlineData("/analytics/summary?from=2026-10-01T00:00:00Z&to=2026-11-01T07:00:00%2B07:00")]
    [InlineData("/audit?from=2026-10-01T00:00:00.1234567Z")]
    public async Task Iso_8601_time_filters_are_answered(string url) =>
        await (await Everyone.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);

    [Theory]
    [InlineData("application/json;charset=\"utf-8\"")]
    [InlineData("application/json; charset=\"UTF-8\"")]
    [InlineData("application/json; charset=Utf-8")]
    public async Task A_utf8_charset_is_accepted_quoted_or_not_in_any_case(string contentType)
    {
        var content = IntakeBody(contentType);

        await (await api.Source().PostAsync("/fallout-cases", content)).ExpectAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("application/json;charset=")]
    [InlineData("application/json; charset=\"\"")]
    [InlineData("application/json; charset=utf-8; charset=utf-16")]
    [InlineData("application/json; charset=latin1")]
    public async Task An_empty_doubled_or_other_charset_is_415_and_nothing_is_stored(string contentType)
    {
        var before = await Sql.CountAsync(api.ConnectionString, "fallout_cases");
        var content = IntakeBody(contentType);

        var problem = await (await api.Source().PostAsync("/fallout-cases", content))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        Assert.Equal("Unsupported Media Type", problem.Str("title"));
        Assert.Equal(before, await Sql.CountAsync(api.ConnectionString, "fallout_cases"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a\tb")]
    public async Task A_queue_member_whose_id_cannot_be_a_path_segment_is_400(string user)
    {
        var before = await Sql.CountAsync(api.ConnectionString, "queue_members");

        await ExpectFieldAsync(await api.Admin().PostJsonAsync($"/queues/{CaseFlow.ActivationQueue}/members",
            new JsonObject { ["user"] = user, ["capacity"] = 3 }), "user");
        Assert.Equal(before, await Sql.CountAsync(api.ConnectionString, "queue_members"));
    }

    [Fact]
    public async Task A_queue_member_is_found_at_its_location()
    {
        var admin = api.Admin();
        var created = await admin.PostJsonAsync($"/queues/{CaseFlow.ActivationQueue}/members", new JsonObject { ["user"] = "o'neil %2F?#", ["capacity"] = 2 });
        await created.ExpectAsync(HttpStatusCode.Created);

        var read = await (await admin.GetAsync($"/queues/{CaseFlow.ActivationQueue}/members?limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(read["items"]!.AsArray(), m => (string?)m!["user"] == "o'neil %2F?#");
        var request = new HttpRequestMessage(HttpMethod.Post, created.Headers.Location!.OriginalString + "/deactivate");
        request.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.Tag);
        await (await admin.SendAsync(request)).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>A valid intake sent with <paramref name="contentType"/> exactly as written (no client-side checks).</summary>
    private static ByteArrayContent IntakeBody(string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Http.Fallout().ToJsonString()));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}
