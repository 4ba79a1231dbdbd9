using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FalloutManagement.IntegrationTests.Protection;

/// <summary>Text PostgreSQL cannot hold, enums given as numbers and odd tokens are 4xx problems naming the field, and change nothing.</summary>
public sealed class InputHardeningTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Nul = "\\u0000";
    private const string LoneHigh = "\\ud800";
    private const string LoneLow = "\\udc00";

    private static async Task<JsonObject> ExpectFieldAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field), $"Expected an error for {field}: {problem.ToJsonString()}");
        return problem;
    }

    /// <summary>The intake body with one value replaced by raw JSON text (escapes a serializer would refuse to write).</summary>
    private static string IntakeWith(string field, string rawValue)
    {
        var body = Http.Fallout(b => b[field] = "@@VALUE@@").ToJsonString();
        return body.Replace("\"@@VALUE@@\"", rawValue, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("message", "\"a" + Nul + "b\"", "message")]
    [InlineData("reasonCode", "\"X" + LoneHigh + "\"", "reasonCode")]
    [InlineData("customerId", "\"" + LoneLow + "x\"", "customerId")]
    [InlineData("attributes", "{\"serviceType\":\"mobile\",\"tags\":[\"ok\",\"b" + Nul + "\"]}", "attributes.tags[1]")]
    [InlineData("attributes", "{\"nested\":{\"deep\":\"" + LoneHigh + "\"}}", "attributes.nested.deep")]
    [InlineData("attributes", "{\"k" + Nul + "\":1}", "attributes.k?")]
    public async Task Intake_refuses_nul_and_lone_surrogates_in_any_string_naming_the_field(string field, string raw, string named)
    {
        var before = await Sql.CountAsync(api.ConnectionString, "fallout_cases");

        var response = await api.Source().PostRawAsync("/fallout-cases", IntakeWith(field, raw));

        await ExpectFieldAsync(response, named);
        Assert.Equal(before, await Sql.CountAsync(api.ConnectionString, "fallout_cases"));
    }

    /// <summary>
    /// A code checked by a pattern ends where the value ends: .NET's <c>$</c> also matches before a final newline, so
    /// <c>"IDR\n"</c> passed as a currency and failed in the database (a 500), and a reason code or a queue code was
    /// stored with the newline. The patterns end in <c>\z</c>.
    /// </summary>
    [Theory]
    [InlineData("reasonCode", "\"DUPLICATE_SUBSCRIBER_MISMATCH\\n\"", "reasonCode")]
    [InlineData("revenueAtRisk", "{\"amount\":10,\"currency\":\"IDR\\n\"}", "revenueAtRisk.currency")]
    public async Task A_code_with_a_trailing_newline_is_400_naming_it(string field, string raw, string named)
    {
        var before = await Sql.CountAsync(api.ConnectionString, "fallout_cases");

        var response = await api.Source().PostRawAsync("/fallout-cases", IntakeWith(field, raw));

        await ExpectFieldAsync(response, named);
        Assert.Equal(before, await Sql.CountAsync(api.ConnectionString, "fallout_cases"));
    }

    [Fact]
    public async Task A_queue_code_with_a_trailing_newline_is_400()
    {
        var queue = new JsonObject
        {
            ["code"] = "NEWLINE_QUEUE\n", ["name"] = "n", ["category"] = "ACTIVATION", ["skill"] = "s",
            ["assignmentStrategy"] = "MANUAL_PULL",
            ["calendar"] = new JsonObject { ["timeZone"] = "UTC", ["alwaysOpen"] = true },
        };
        await ExpectFieldAsync(await api.Admin().PostJsonAsync("/queues", queue), "code");
        Assert.Equal(0L, await Sql.CountAsync(api.ConnectionString, "queues", "code LIKE 'NEWLINE_QUEUE%'"));
    }

    [Fact]
    public async Task Broken_utf8_in_a_body_is_400()
    {
        var text = Encoding.UTF8.GetBytes(IntakeWith("message", "\"@@BYTES@@\""));
        var marker = Encoding.UTF8.GetBytes("@@BYTES@@");
        var at = text.AsSpan().IndexOf(marker);
        byte[] body = [.. text[..at], 0xED, 0xA0, 0x80, 0xFF, .. text[(at + marker.Length)..]];
        var request = new HttpRequestMessage(HttpMethod.Post, "/fallout-cases") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        await ExpectFieldAsync(await api.Source().SendAsync(request), "message");
    }

    [Fact]
    public async Task A_json_body_in_another_charset_is_415()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/fallout-cases")
        {
            Content = new StringContent(Http.Fallout().ToJsonString(), Encoding.Unicode, "application/json"),
        };

        await (await api.Source().SendAsync(request)).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task Json_typed_fields_of_commands_are_checked_too()
    {
        var worker = api.Operator("olga.operator", CaseFlow.ActivationQueue);
        var started = await CaseFlow.InProgressAsync(api, worker);
        var id = started.Id();
        var proposal = """{"type":"DATA_CORRECTION","payload":{"field":"imsi","before":"1","after":"2@@"},"reason":"typo"}""";

        var payload = await worker.SendAsync(WithIfMatch($"/fallout-cases/{id}/correction-actions", proposal.Replace("@@", LoneHigh), started.Version()));
        await ExpectFieldAsync(payload, "payload.after");

        var (correction, version) = await CaseFlow.ProposeAsync(worker, id, CaseFlow.Retry(), started.Version());
        var apply = """{"result":{"vendorRequestId":"r@NUL@1","lines":[{"a":"@LOW@"}]}}""".Replace("@NUL@", Nul).Replace("@LOW@", LoneLow);
        var applied = await worker.SendAsync(WithIfMatch($"/fallout-cases/{id}/correction-actions/{correction.Id()}/apply", apply, version));
        await ExpectFieldAsync(applied, "result.vendorRequestId");

        var reason = await worker.SendAsync(WithIfMatch($"/fallout-cases/{id}/escalate", $$"""{"reason":"x{{Nul}}"}""", version));
        await ExpectFieldAsync(reason, "reason");
        Assert.Equal(version, await CaseFlow.VersionAsync(worker, id));
    }

    [Theory]
    [InlineData("/fallout-cases?queue=%00", "queue")]
    [InlineData("/fallout-cases?assignedUser=a%00b", "assignedUser")]
    [InlineData("/audit?actor=%00", "actor")]
    [InlineData("/analytics/summary?queue=%00", "queue")]
    [InlineData("/incidents?status=%00", "status")]
    public async Task Nul_in_a_query_value_is_400_naming_it(string url, string field)
    {
        // NUL in a path never reaches the service: the server refuses to decode such a path (400).
        var client = api.App.As("everyone", [.. Roles.All], [CaseFlow.ActivationQueue]);

        await ExpectFieldAsync(await client.GetAsync(url), field);
    }

    [Theory]
    [InlineData("/analytics/summary?to=0001-01-01T00:00:00Z", "to")]
    [InlineData("/analytics/trends?to=0001-01-01", "to")]
    [InlineData("/analytics/summary.csv?from=9999-12-31T23:59:59Z&to=9999-12-31T23:59:59.9999999Z", "from")]
    [InlineData("/analytics/repeat-fallout?from=9999-12-31T23:59:59%2B05:00&to=9999-12-31T23:59:59Z", "from")]
    [InlineData("/analytics/summary?from=1969-12-31T23:59:59Z&to=1970-01-02T00:00:00Z", "from")]
    public async Task Analytics_periods_at_the_ends_of_the_calendar_are_400_naming_the_bound(string url, string field)
    {
        // Were 500s: the default 30 days before "to" underflowed, a day's rounding past "from" overflowed.
        await ExpectFieldAsync(await api.Supervisor("calendar.supervisor").GetAsync(url), field);
    }

    [Fact]
    public async Task Analytics_periods_at_the_bounds_are_answered()
    {
        var supervisor = api.Supervisor("calendar.supervisor");
        await (await supervisor.GetAsync("/analytics/summary?from=1970-01-01T00:00:00Z&to=1970-01-31T00:00:00Z")).ExpectAsync(HttpStatusCode.OK);
        await (await supervisor.GetAsync("/analytics/trends?from=8999-12-01T00:00:00Z&to=9000-01-01T00:00:00Z")).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("-1")]
    [InlineData("\"7\"")]
    [InlineData("\"retry\"")]
    [InlineData("\"RETRY, FORCE_COMPLETE\"")]
    [InlineData("\"FORCE\"")]
    public async Task Enums_are_their_names_only(string raw)
    {
        var worker = api.Operator("eve.operator", CaseFlow.ActivationQueue);
        var started = await CaseFlow.InProgressAsync(api, worker);
        var body = $$"""{"type":{{raw}},"payload":{"step":"s","justification":"j"},"reason":"r"}""";

        var response = await worker.SendAsync(WithIfMatch($"/fallout-cases/{started.Id()}/correction-actions", body, started.Version()));

        await ExpectFieldAsync(response, "type");
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "correction_actions", "case_id = @id", ("id", started.Id())));
    }

    [Fact]
    public async Task Enum_numbers_are_refused_in_evidence_decisions_and_queries()
    {
        var worker = api.Operator("ed.operator", CaseFlow.ActivationQueue);
        var started = await CaseFlow.InProgressAsync(api, worker);
        var evidence = CaseFlow.Evidence("SCREENSHOT", provesResolution: false);
        evidence["evidenceType"] = -1;
        await ExpectFieldAsync(await worker.PostJsonAsync($"/fallout-cases/{started.Id()}/evidence", evidence, started.Version()), "evidenceType");

        var decide = new JsonObject { ["correctionActionId"] = Guid.NewGuid(), ["decision"] = 2, ["reason"] = "r" };
        await ExpectFieldAsync(await api.Approver().PostJsonAsync($"/fallout-cases/{started.Id()}/approve", decide, started.Version()), "decision");

        await ExpectFieldAsync(await api.Admin().GetAsync("/action-policies?correctionType=7"), "correctionType");
        await ExpectFieldAsync(await api.Supervisor().GetAsync("/fallout-cases?status=1"), "status");
    }

    [Theory]
    [InlineData("orderVersion", "1e400", "orderVersion")]
    [InlineData("orderVersion", "99999999999999999999999", "orderVersion")]
    [InlineData("occurredAt", "\"99999-01-01T00:00:00Z\"", "occurredAt")]
    [InlineData("revenueAtRisk", "{\"amount\":1e300,\"currency\":\"IDR\"}", "revenueAtRisk.amount")]
    public async Task Huge_numbers_and_dates_are_400(string field, string raw, string named)
    {
        var response = await api.Source().PostRawAsync("/fallout-cases", IntakeWith(field, raw));

        await ExpectFieldAsync(response, named);
    }

    [Fact]
    public async Task A_huge_amount_in_a_compensation_payload_is_400()
    {
        var worker = api.Operator("hugo.operator", CaseFlow.ActivationQueue);
        var started = await CaseFlow.InProgressAsync(api, worker);
        var body = """{"type":"COMPENSATION","payload":{"kind":"REFUND","amount":1e300,"currency":"IDR"},"reason":"r"}""";

        var response = await worker.SendAsync(WithIfMatch($"/fallout-cases/{started.Id()}/correction-actions", body, started.Version()));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task A_well_signed_token_without_sub_is_401()
    {
        var claims = new Dictionary<string, object> { ["role"] = new[] { Roles.Source, Roles.Supervisor } };
        var token = Sign(claims);
        var client = api.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        await (await client.PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await client.GetAsync("/fallout-cases")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"a\\u0000b\"")]
    [InlineData("\"x\\ud800\"")]
    [InlineData("\"a\\nb\"")]
    [InlineData("[\"a\",\"b\"]")]
    public async Task A_token_whose_sub_cannot_be_an_actor_is_401(string rawSub)
    {
        var token = SignRaw($$"""{"sub":{{rawSub}},"role":["{{Roles.Source}}"],"iss":"{{TestTokens.Issuer}}","aud":"{{TestTokens.Audience}}","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""");
        var client = api.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        await (await client.PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task A_queue_member_with_a_non_ascii_name_is_created_with_an_encoded_location()
    {
        var admin = api.Admin();
        var body = new JsonObject { ["user"] = "Ásgeir Þór 李", ["capacity"] = 3 };

        var response = await admin.PostJsonAsync($"/queues/{CaseFlow.ActivationQueue}/members", body);

        await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/queues/{CaseFlow.ActivationQueue}/members/%C3%81sgeir%20%C3%9E%C3%B3r%20%E6%9D%8E", response.Headers.Location!.OriginalString);
        var members = JsonNode.Parse(await (await admin.GetAsync($"/queues/{CaseFlow.ActivationQueue}/members")).Content.ReadAsStringAsync())!["items"]!.AsArray();
        Assert.Contains(members, m => (string?)m!["user"] == "Ásgeir Þór 李");
    }

    private static HttpRequestMessage WithIfMatch(string url, string json, long version)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return request;
    }

    /// <summary>A token over exactly this payload text (escapes an encoder would not write), signed with the test key.</summary>
    private static string SignRaw(string payload)
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var unsigned = Encode(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""")) + "." + Encode(Encoding.UTF8.GetBytes(payload));
        var signature = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestTokens.SigningKey), Encoding.ASCII.GetBytes(unsigned));
        return unsigned + "." + Encode(signature);
    }

    private static string Sign(Dictionary<string, object> claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = TestTokens.Issuer,
        Audience = TestTokens.Audience,
        Claims = claims,
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestTokens.SigningKey)), SecurityAlgorithms.HmacSha256),
    });
}
