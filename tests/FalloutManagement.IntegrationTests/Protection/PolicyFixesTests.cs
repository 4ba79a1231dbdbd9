using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Protection;

/// <summary>The shipped action policies after the fixes, and the new match conditions (currency, reason code, risk level).</summary>
public sealed class PolicyFixesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Worker => api.Operator("pia.operator", CaseFlow.ActivationQueue);

    private async Task<JsonObject> ProposeAsync(JsonObject proposal, Action<JsonObject>? change = null)
    {
        var started = await CaseFlow.InProgressAsync(api, Worker, change);
        var (correction, _) = await CaseFlow.ProposeAsync(Worker, started.Id(), proposal, started.Version());
        return correction;
    }

    private static JsonObject Refund(decimal amount, string currency) =>
        CaseFlow.Proposal("COMPENSATION", new JsonObject { ["kind"] = "REFUND", ["amount"] = amount, ["currency"] = currency });

    [Theory]
    [InlineData(500_000, "IDR", "MEDIUM", false)]
    [InlineData(1_000_000, "IDR", "HIGH", true)]
    [InlineData(100, "USD", "MEDIUM", false)]
    [InlineData(600, "USD", "HIGH", true)]
    [InlineData(999_999, "EUR", "HIGH", true)]
    [InlineData(10, "JPY", "HIGH", true)]
    public async Task Large_refunds_are_large_in_their_own_currency(decimal amount, string currency, string risk, bool approval)
    {
        var correction = await ProposeAsync(Refund(amount, currency));

        Assert.Equal(risk, correction.Str("riskLevel"));
        Assert.Equal(approval, (bool)correction["approvalRequired"]!);
    }

    [Fact]
    public async Task Deleting_a_subscriber_profile_needs_a_checker()
    {
        var correction = await ProposeAsync(CaseFlow.Proposal("MANUAL_PROVISIONING", new JsonObject
        {
            ["targetSystem"] = "hss", ["instruction"] = "remove the duplicate profile",
            ["parameters"] = new JsonObject { ["operation"] = "DELETE_SUBSCRIBER_PROFILE", ["imsi"] = "510100000000001" },
        }));

        Assert.Equal("HIGH", correction.Str("riskLevel"));
        Assert.True((bool)correction["approvalRequired"]!);
        Assert.StartsWith("subscriber-profile-delete@", correction.Str("policyRef"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PREMIUM_MSISDN", "HIGH", true)]
    [InlineData("STANDARD_MSISDN", "MEDIUM", false)]
    public async Task Swapping_a_premium_msisdn_needs_a_checker(string resourceClass, string risk, bool approval)
    {
        var correction = await ProposeAsync(CaseFlow.Proposal("RESOURCE_REALLOCATION", new JsonObject
        {
            ["oldResourceId"] = "msisdn-62811888888", ["newResourceId"] = "msisdn-62811000001",
            ["oldResourceDisposition"] = "QUARANTINE", ["resourceClass"] = resourceClass,
        }));

        Assert.Equal(risk, correction.Str("riskLevel"));
        Assert.Equal(approval, (bool)correction["approvalRequired"]!);
    }

    private async Task CreatePolicyAsync(JsonObject match, JsonObject outcome, int priority)
    {
        var body = new JsonObject
        {
            ["name"] = Http.Unique("policy"), ["priority"] = priority, ["match"] = match, ["outcome"] = outcome, ["reason"] = "test",
        };
        await PolicyChangeFlow.ApproveAsync(api, await api.Admin().PostJsonAsync("/action-policies", body));
    }

    [Fact]
    public async Task A_policy_can_match_the_case_reason_code()
    {
        await CreatePolicyAsync(new JsonObject { ["correctionType"] = "DATA_CORRECTION", ["reasonCodes"] = new JsonArray("IMSI_SWAP_SUSPECTED") },
            new JsonObject { ["allowed"] = true, ["riskLevel"] = "CRITICAL", ["approvalRequired"] = true, ["requiredEvidence"] = new JsonArray("DATA_DIFF") },
            priority: 300);
        var correction = CaseFlow.Proposal("DATA_CORRECTION", new JsonObject { ["field"] = "tariffPlan", ["before"] = "BASIC", ["after"] = "PLUS" });

        var suspected = await ProposeAsync(correction, b => b["reasonCode"] = "IMSI_SWAP_SUSPECTED");
        var other = await ProposeAsync(correction.DeepClone().AsObject());

        Assert.Equal("CRITICAL", suspected.Str("riskLevel"));
        Assert.Equal("MEDIUM", other.Str("riskLevel"));
    }

    [Fact]
    public async Task A_policy_matching_a_risk_level_only_adds_requirements_to_that_risk()
    {
        // Overlay: whatever else decides, a HIGH correction on these cases also needs the customer's confirmation.
        await CreatePolicyAsync(new JsonObject
            {
                ["correctionType"] = "COMPENSATION", ["minRiskLevel"] = "HIGH", ["reasonCodes"] = new JsonArray("DOUBLE_CHARGE"),
            },
            new JsonObject
            {
                ["allowed"] = true, ["riskLevel"] = "LOW", ["approvalRequired"] = false,
                ["requiredEvidence"] = new JsonArray("CUSTOMER_CONFIRMATION"), ["escalationRule"] = "NOTIFY_SUPERVISOR",
            },
            priority: 1);

        var large = await ProposeAsync(Refund(9_000_000, "IDR"), b => b["reasonCode"] = "DOUBLE_CHARGE");
        var small = await ProposeAsync(Refund(1_000, "IDR"), b => b["reasonCode"] = "DOUBLE_CHARGE");

        Assert.Equal("HIGH", large.Str("riskLevel"));
        Assert.True((bool)large["approvalRequired"]!);
        Assert.Equal(["DOCUMENT", "CUSTOMER_CONFIRMATION"], large["requiredEvidence"]!.AsArray().Select(e => (string)e!));
        Assert.Contains("+", large.Str("policyRef"), StringComparison.Ordinal);
        Assert.Equal("MEDIUM", small.Str("riskLevel"));
        Assert.Empty(small["requiredEvidence"]!.AsArray());
    }
}

/// <summary>One retry per case per hour, two per operator per hour.</summary>
public sealed class RetryWindowFixture : ApiFixture
{
    public override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Corrections:MaxRetriesPerCase"] = "1",
        ["Corrections:RetryWindowHours"] = "1",
        ["Corrections:MaxRetriesPerOperator"] = "2",
        ["Corrections:OperatorRetryWindowMinutes"] = "60",
    };
}

public sealed class RetryWindowTests(RetryWindowFixture api) : IClassFixture<RetryWindowFixture>
{
    private static long RetryAfterSeconds(HttpResponseMessage response) =>
        (long)(response.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("The 429 has no Retry-After in seconds.")).TotalSeconds;

    private async Task<HttpResponseMessage> RetryAsync(HttpClient worker, Guid id) =>
        await worker.PostJsonAsync($"/fallout-cases/{id}/correction-actions", CaseFlow.Retry(), await CaseFlow.VersionAsync(worker, id));

    /// <summary>A retry that did not help: proposed, applied, verification failed, the case back IN_PROGRESS.</summary>
    private async Task FailedRetryAsync(HttpClient worker, Guid id)
    {
        var (retry, version) = await CaseFlow.ProposeAsync(worker, id, CaseFlow.Retry(), await CaseFlow.VersionAsync(worker, id));
        var applied = await CaseFlow.ApplyAsync(api, worker, id, retry, version);
        var verifying = await CaseFlow.PostAsync(worker, $"/fallout-cases/{id}/verify", null, applied.Version());
        await CaseFlow.PostAsync(worker, $"/fallout-cases/{id}/verification-failed", new JsonObject { ["reason"] = "same error" }, verifying.Version());
    }

    [Fact]
    public async Task The_per_case_retry_limit_counts_only_its_window()
    {
        var worker = api.Operator("win.operator", CaseFlow.ActivationQueue);
        var started = await CaseFlow.InProgressAsync(api, worker);

        await FailedRetryAsync(worker, started.Id());
        var refused = await RetryAsync(worker, started.Id());
        await refused.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        // Retry-After tells when the budget frees: a second earlier it is still spent, then the retry is taken.
        var wait = RetryAfterSeconds(refused);
        Assert.InRange(wait, 1, 3600);
        api.Clock.Advance(TimeSpan.FromSeconds(wait - 1));
        await (await RetryAsync(worker, started.Id())).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await RetryAsync(worker, started.Id())).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_per_operator_retry_limit_spans_cases()
    {
        var worker = api.Operator("busy.operator", CaseFlow.ActivationQueue);
        var cases = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
        {
            cases.Add(await CaseFlow.InProgressAsync(api, worker));
        }

        await (await RetryAsync(worker, cases[0].Id())).ExpectAsync(HttpStatusCode.Created);
        await (await RetryAsync(worker, cases[1].Id())).ExpectAsync(HttpStatusCode.Created);
        var refused = await RetryAsync(worker, cases[2].Id());
        var third = await refused.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.InRange(RetryAfterSeconds(refused), 1, 3600);
        Assert.Contains("across many cases", third.Str("detail"), StringComparison.Ordinal);
        var allowed = await (await worker.GetAsync($"/fallout-cases/{cases[2].Id()}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(allowed["correctionTypes"]!.AsArray(), c => (string?)c!["type"] == "RETRY" && !(bool)c["allowed"]!);

        // Another operator is not held back by this one's retries.
        var colleague = api.Operator("calm.operator", CaseFlow.ActivationQueue);
        var theirs = await CaseFlow.InProgressAsync(api, colleague);
        await (await RetryAsync(colleague, theirs.Id())).ExpectAsync(HttpStatusCode.Created);
    }
}
