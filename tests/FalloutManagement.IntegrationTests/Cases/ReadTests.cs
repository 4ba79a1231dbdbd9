using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Cases;

public sealed class ReadTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_case_is_read_with_its_etag_and_children()
    {
        var created = await api.ReportAsync();

        var response = await api.Auditor().GetAsync($"/fallout-cases/{created.Id()}");

        var read = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.Version(), response.ETag());
        Assert.Equal(created.Id(), read.Id());
        Assert.NotNull(read["occurrences"]);
        Assert.NotNull(read["tasks"]);
        Assert.NotNull(read["correctionActions"]);
        Assert.NotNull(read["evidence"]);
        Assert.NotNull(read["sla"]);
        Assert.Null(read["resumeToken"]);
    }

    [Fact]
    public async Task An_unknown_case_is_404_problem()
    {
        await (await api.Supervisor().GetAsync($"/fallout-cases/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_malformed_id_is_a_4xx_problem_not_a_5xx()
    {
        var response = await api.Supervisor().GetAsync("/fallout-cases/not-a-uuid");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_operator_sees_only_cases_of_their_queues()
    {
        var activation = await api.ReportAsync(b => b["categoryHint"] = "ACTIVATION");
        var billing = await api.ReportAsync(b => b["categoryHint"] = "BILLING");
        var olga = api.Operator("olga", "MOBILE_ACTIVATION_L2");

        await (await olga.GetAsync($"/fallout-cases/{activation.Id()}")).ExpectAsync(HttpStatusCode.OK);
        await (await olga.GetAsync($"/fallout-cases/{billing.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var page = await (await olga.GetAsync("/fallout-cases?limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.All(page["items"]!.AsArray(), item => Assert.Equal("MOBILE_ACTIVATION_L2", (string?)item!["queue"]));
        Assert.Contains(page["items"]!.AsArray(), item => (string?)item!["id"] == activation.Id().ToString());
        var none = await (await api.Operator("nobody").GetAsync("/fallout-cases")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(none["items"]!.AsArray());
    }

    [Fact]
    public async Task The_list_pages_by_sla_due_time_without_gaps_or_repeats()
    {
        var queue = "FIXED_FIELD_SUPPORT";
        var ids = new List<Guid>();
        foreach (var severity in new[] { "LOW", "CRITICAL", "MEDIUM", "HIGH", "LOW", "CRITICAL", "MEDIUM" })
        {
            ids.Add((await api.ReportAsync(b => { b["categoryHint"] = "FIELD"; b["severityHint"] = severity; })).Id());
        }
        var seen = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var url = $"/fallout-cases?queue={queue}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await (await api.Supervisor().GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
            Assert.True(page["items"]!.AsArray().Count <= 3);
            seen.AddRange(page["items"]!.AsArray()!.Select(n => n!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Assert.Equal(ids.Order(), seen.Select(n => Guid.Parse((string)n["id"]!)).Order());
        var due = seen.Select(n => DateTimeOffset.Parse((string)n["slaDueAt"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(due.Order(), due);
        Assert.Equal("CRITICAL", (string?)seen[0]["severity"]);
    }

    [Fact]
    public async Task The_list_filters_by_status_category_severity_and_breach()
    {
        // No hint and a reason code no classification rule knows: the case stays DETECTED.
        var detected = await api.ReportAsync(b =>
        {
            b.Remove("categoryHint");
            b["reasonCode"] = "NO_RULE_KNOWS_THIS";
        });
        await api.ReportAsync(b => { b["categoryHint"] = "PARTNER"; b["severityHint"] = "LOW"; });

        var triage = await (await api.Supervisor().GetAsync("/fallout-cases?status=DETECTED&limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(triage["items"]!.AsArray(), i => (string?)i!["id"] == detected.Id().ToString());
        Assert.All(triage["items"]!.AsArray(), i => Assert.Equal("DETECTED", (string?)i!["status"]));

        var partnerLow = await (await api.Supervisor().GetAsync("/fallout-cases?category=PARTNER&severity=LOW")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotEmpty(partnerLow["items"]!.AsArray());
        Assert.All(partnerLow["items"]!.AsArray(), i => Assert.Equal("PARTNER", (string?)i!["category"]));

        var breached = await (await api.Supervisor().GetAsync("/fallout-cases?slaBreached=true")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(breached["items"]!.AsArray());
    }

    [Theory]
    [InlineData("status=SLEEPING")]
    [InlineData("category=PLUMBING")]
    [InlineData("severity=9")]
    [InlineData("limit=0")]
    [InlineData("limit=100000")]
    [InlineData("limit=abc")]
    [InlineData("cursor=not-a-cursor")]
    [InlineData("slaBreached=maybe")]
    public async Task Bad_list_parameters_are_400_problems(string query)
    {
        var response = await api.Supervisor().GetAsync($"/fallout-cases?{query}");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Allowed_actions_follow_the_state_table_and_the_caller()
    {
        var created = await api.ReportAsync();

        var forOperator = await (await api.Operator("olga", "MOBILE_ACTIVATION_L2").GetAsync($"/fallout-cases/{created.Id()}/allowed-actions"))
            .ExpectAsync(HttpStatusCode.OK);
        var allowed = forOperator["allowed"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.Contains("ASSIGN", allowed);
        // Claiming is the only command on a case the operator does not own.
        Assert.DoesNotContain("CANCEL", allowed);
        Assert.DoesNotContain("ESCALATE", allowed);
        Assert.DoesNotContain("START", allowed);
        Assert.DoesNotContain("RESOLVE", allowed);

        var forAuditor = await (await api.Auditor().GetAsync($"/fallout-cases/{created.Id()}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(forAuditor["allowed"]!.AsArray());
    }
}
