using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Operations;

/// <summary>
/// One HTTP behaviour everywhere (docs/api-guide.md, Conventions): framework errors in the problem shape with their
/// code, the Bearer challenge on 401, strong If-Match, conditional reads.
/// </summary>
public sealed class HttpConventionsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<JsonObject> ReportAsync() =>
        await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);

    private static async Task ExpectFrameworkProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await response.ExpectProblemAsync(status, code);
        Assert.Matches("^[0-9a-f]{32}$", (string?)problem["traceId"]);
        Assert.StartsWith("https://fallout-management.dev/problems/", (string?)problem["type"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
        Assert.False(string.IsNullOrEmpty((string?)problem["instance"]));
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem() =>
        await ExpectFrameworkProblemAsync(await api.Supervisor().GetAsync("/no-such-thing"), HttpStatusCode.NotFound, "NOT_FOUND");

    [Fact]
    public async Task A_wrong_method_is_a_405_problem() =>
        await ExpectFrameworkProblemAsync(await api.Supervisor().DeleteAsync("/fallout-cases"), HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem() =>
        await ExpectFrameworkProblemAsync(await api.Source().PostRawAsync("/fallout-cases", "sourceSystem=x", "text/plain"),
            HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");

    [Fact]
    public async Task Unreadable_json_is_a_400_problem() =>
        await ExpectFrameworkProblemAsync(await api.Source().PostRawAsync("/fallout-cases", "{\"orderVersion\": \"seven\"}"),
            HttpStatusCode.BadRequest, "VALIDATION_FAILED");

    [Fact]
    public async Task A_401_challenges_for_a_bearer_token()
    {
        var anonymous = await api.App.CreateClient().GetAsync("/fallout-cases");
        var forged = api.App.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Mint("x", ["fallout.source"], signingKey: "not-the-key-but-long-enough-0123456789abcdef"));

        var refused = await forged.GetAsync("/fallout-cases");

        await ExpectFrameworkProblemAsync(anonymous, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        await ExpectFrameworkProblemAsync(refused, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("W/\"{0}\"")]
    [InlineData("{0}")]
    [InlineData("\"{0}")]
    [InlineData("{0}\"")]
    [InlineData("\"abc\"")]
    [InlineData("*")]
    [InlineData("\"{0}\", \"{0}\"")]
    public async Task If_match_is_compared_strongly_and_anything_but_the_strong_tag_is_412(string header)
    {
        var created = await ReportAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/fallout-cases/{created.Id()}/start");
        request.Headers.TryAddWithoutValidation("If-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, header, created.Version()));

        await (await api.Supervisor().SendAsync(request)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");

        Assert.Equal(created.Version(), await Sql.ScalarAsync<long>(api.ConnectionString, "SELECT version FROM fallout_cases WHERE id = @id", ("id", created.Id())));
    }

    [Fact]
    public async Task A_case_read_with_the_current_etag_is_304_and_with_an_old_one_200()
    {
        var created = await ReportAsync();
        var supervisor = api.Supervisor();
        var first = await supervisor.GetAsync($"/fallout-cases/{created.Id()}");
        var etag = first.Headers.ETag!.Tag;

        var same = new HttpRequestMessage(HttpMethod.Get, $"/fallout-cases/{created.Id()}");
        same.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var notModified = await supervisor.SendAsync(same);
        var old = new HttpRequestMessage(HttpMethod.Get, $"/fallout-cases/{created.Id()}");
        old.Headers.TryAddWithoutValidation("If-None-Match", $"\"{created.Version() - 1}\"");
        var modified = await supervisor.SendAsync(old);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag!.Tag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(created.Id(), (await modified.ExpectAsync(HttpStatusCode.OK)).Id());
    }

    [Fact]
    public async Task Durations_are_iso_8601_and_a_cancelled_case_has_no_sla()
    {
        var created = await ReportAsync();
        var supervisor = api.Supervisor();

        var open = await (await supervisor.GetAsync($"/fallout-cases/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);
        var cancelled = await (await supervisor.PostJsonAsync($"/fallout-cases/{created.Id()}/cancel", new JsonObject { ["reason"] = "duplicate order" },
            open.Version())).ExpectAsync(HttpStatusCode.OK);
        var read = await (await supervisor.GetAsync($"/fallout-cases/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Matches(@"^-?P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$", (string?)open["sla"]!["remaining"]);
        Assert.All(open["slaClocks"]!.AsArray(), clock => Assert.Matches("^-?P", (string?)clock!["remaining"]));
        Assert.Equal("CANCELLED", cancelled.Str("status"));
        Assert.Null(read["sla"]);
        Assert.Null(read["slaDueAt"]);
    }

    [Theory]
    [InlineData("/queues")]
    [InlineData("/classification-rules")]
    [InlineData("/sla-policies")]
    [InlineData("/action-policies")]
    [InlineData("/incidents")]
    [InlineData("/hub")]
    [InlineData("/queues/MOBILE_ACTIVATION_L2/members")]
    [InlineData("/fallout-cases")]
    public async Task Every_collection_is_items_and_next_cursor_in_keyset_pages(string path)
    {
        await ReportAsync();
        await ReportAsync();
        var admin = api.App.As("adm.admin", ["fallout.admin", "fallout.supervisor"]);
        var whole = await (await admin.GetAsync($"{path}?limit=200")).ExpectAsync(HttpStatusCode.OK);

        var walked = await WalkAsync(admin, path, 2);

        Assert.True(whole.ContainsKey("nextCursor"), "the envelope has no nextCursor");
        Assert.Null(whole["nextCursor"]);
        Assert.Equal(Ids(whole["items"]!.AsArray()), walked);
    }

    [Fact]
    public async Task The_case_audit_and_evidence_lists_are_pages_too()
    {
        var created = await ReportAsync();
        var auditor = api.App.As("aud.auditor", ["fallout.auditor"]);
        var whole = await (await auditor.GetAsync($"/fallout-cases/{created.Id()}/audit?limit=200")).ExpectAsync(HttpStatusCode.OK);

        Assert.True(whole["items"]!.AsArray().Count >= 2);
        Assert.Equal(Ids(whole["items"]!.AsArray()), await WalkAsync(auditor, $"/fallout-cases/{created.Id()}/audit", 1));
        var evidence = await (await api.Supervisor().GetAsync($"/fallout-cases/{created.Id()}/evidence")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(evidence["items"]!.AsArray());
        Assert.Null(evidence["nextCursor"]);
    }

    [Theory]
    [InlineData("/fallout-cases?status=queued", HttpStatusCode.OK)]
    [InlineData("/fallout-cases?status=Queued&severity=high&category=activation", HttpStatusCode.OK)]
    [InlineData("/fallout-cases?status=3", HttpStatusCode.BadRequest)]
    [InlineData("/fallout-cases?severity=URGENT", HttpStatusCode.BadRequest)]
    [InlineData("/incidents?status=open", HttpStatusCode.OK)]
    [InlineData("/incidents?status=1", HttpStatusCode.BadRequest)]
    [InlineData("/action-policies?correctionType=retry", HttpStatusCode.OK)]
    [InlineData("/action-policies?correctionType=REBOOT", HttpStatusCode.BadRequest)]
    public async Task Enum_filters_take_names_in_any_case_and_refuse_the_rest_naming_the_allowed_values(string url, HttpStatusCode status)
    {
        var response = await api.App.As("sam", ["fallout.supervisor", "fallout.admin"]).GetAsync(url);

        if (status == HttpStatusCode.OK)
        {
            await response.ExpectAsync(HttpStatusCode.OK);
            return;
        }
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var message = (string?)problem["errors"]!.AsObject().Single().Value!.AsArray()[0];
        Assert.Contains("must be one of", message, StringComparison.Ordinal);
    }

    private static List<string> Ids(JsonArray items) =>
        [.. items.Select(i => (string?)i!["id"] ?? (string?)i["code"] ?? (string?)i["userId"] ?? i.ToJsonString())];

    private static async Task<List<string>> WalkAsync(HttpClient client, string path, int limit)
    {
        var seen = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 200; page++)
        {
            var url = $"{path}?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var body = await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
            var items = body["items"]!.AsArray();
            Assert.True(items.Count <= limit);
            seen.AddRange(Ids(items));
            cursor = (string?)body["nextCursor"];
            if (cursor is null)
            {
                return seen;
            }
        }
        throw new InvalidOperationException($"{path} did not end within 200 pages");
    }
}
