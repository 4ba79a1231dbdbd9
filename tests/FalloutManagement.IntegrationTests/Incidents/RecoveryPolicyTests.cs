using System.Net;
using System.Net.Http.Headers;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FalloutManagement.IntegrationTests.Incidents;

/// <summary>
/// A policy decided by the case's service order id: "so-approval-*" needs approval, "so-deny-*" is refused by policy,
/// anything else is a LOW risk retry.
/// </summary>
public sealed class ScriptedCorrectionPolicy : ICorrectionPolicy
{
    public Task<CorrectionDecision> DecideAsync(FalloutCase fallout, CorrectionType type, string payloadJson, Caller caller, CancellationToken ct)
    {
        if (fallout.ServiceOrderId?.StartsWith("so-deny-", StringComparison.Ordinal) == true)
        {
            throw new DomainException(Microsoft.AspNetCore.Http.StatusCodes.Status403Forbidden, ProblemCodes.PolicyDenied, "Policy denied", "The policy refuses a retry here.");
        }
        var approval = fallout.ServiceOrderId?.StartsWith("so-approval-", StringComparison.Ordinal) == true;
        return Task.FromResult(new CorrectionDecision(approval ? RiskLevel.HIGH : RiskLevel.LOW, approval, [], "test:scripted"));
    }
}

public sealed class RecoveryPolicyTests(ApiFixture api) : IClassFixture<ApiFixture>, IDisposable
{
    private readonly WebApplicationFactory<Program> _scripted = api.App.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
    {
        services.RemoveAll<ICorrectionPolicy>();
        services.AddSingleton<ICorrectionPolicy, ScriptedCorrectionPolicy>();
    }));

    public void Dispose() => _scripted.Dispose();

    private HttpClient Supervisor()
    {
        var client = _scripted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Mint("sam.supervisor", [Roles.Supervisor]));
        return client;
    }

    /// <summary>Cases in the order given (the clock moves between them, so their v7 ids sort in that order).</summary>
    private async Task<(Guid IncidentId, List<Guid> Cases)> ResolvedIncidentAsync(params string[] orderPrefixes)
    {
        var reason = Http.Unique("GW_DOWN");
        var incident = await api.OpenIncidentAsync(reason);
        var cases = new List<Guid>();
        foreach (var prefix in orderPrefixes)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(1));
            var fallout = await api.ReportAsync(b =>
            {
                b["reasonCode"] = reason;
                b["serviceOrderId"] = Http.Unique(prefix);
            });
            cases.Add(fallout.Id());
        }
        await api.ResolveAsync(incident.Id());
        return (incident.Id(), cases);
    }

    [Fact]
    public async Task A_case_whose_retry_needs_approval_is_skipped_and_reported_not_bypassed()
    {
        var (incidentId, cases) = await ResolvedIncidentAsync("so-approval", "so-ok");
        var approvalVersion = (await api.GetCaseAsync(cases[0])).Version();

        var job = await (await Supervisor().RecoverAsync(incidentId, "RETRY")).ExpectAsync(HttpStatusCode.Created);

        var skipped = job.OutcomeOf(cases[0]);
        Assert.Equal("SKIPPED", skipped.Str("outcome"));
        Assert.Equal("approval required", skipped.Str("reason"));
        Assert.Equal("APPROVAL_REQUIRED", skipped.Str("problemCode"));
        Assert.Equal("DONE", job.OutcomeOf(cases[1]).Str("outcome"));
        var untouched = await api.GetCaseAsync(cases[0]);
        Assert.Equal("WAITING_INCIDENT", untouched.Str("status"));
        Assert.Equal(approvalVersion, untouched.Version());
        Assert.Empty(untouched["correctionActions"]!.AsArray());
        Assert.Equal("CORRECTION_PROPOSED", (await api.GetCaseAsync(cases[1])).Str("status"));

        var dryRun = await (await Supervisor().RecoverAsync(incidentId, "RETRY", dryRun: true)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("approval required", dryRun.OutcomeOf(cases[0]).Str("reason"));
    }

    [Fact]
    public async Task The_job_stops_itself_when_the_failure_share_passes_the_threshold()
    {
        var (incidentId, cases) = await ResolvedIncidentAsync("so-ok", "so-ok", "so-deny", "so-ok");

        var job = await (await Supervisor().RecoverAsync(incidentId, "RETRY", maxConcurrency: 1, failureThreshold: 0.3m))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("STOPPED", job.Str("status"));
        Assert.Equal(4, (int)job["total"]!);
        Assert.Equal(3, (int)job["processed"]!);
        Assert.Equal(2, (int)job["done"]!);
        Assert.Equal(1, (int)job["failed"]!);
        Assert.Contains("passed the threshold", job.Str("stopReason"), StringComparison.Ordinal);
        var failed = job.OutcomeOf(cases[2]);
        Assert.Equal("FAILED", failed.Str("outcome"));
        Assert.Equal("POLICY_DENIED", failed.Str("problemCode"));
        Assert.DoesNotContain(job["outcomes"]!.AsArray(), o => (string?)o!["caseId"] == cases[3].ToString());
        Assert.Equal("WAITING_INCIDENT", (await api.GetCaseAsync(cases[2])).Str("status"));
        Assert.Equal("WAITING_INCIDENT", (await api.GetCaseAsync(cases[3])).Str("status"));

        var read = await (await api.Supervisor().GetAsync($"/incidents/{incidentId}/recovery/{job.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("STOPPED", read.Str("status"));
        Assert.Equal(3, read["outcomes"]!.AsArray().Count);
    }

    [Fact]
    public async Task Below_the_threshold_failures_are_reported_and_the_job_completes()
    {
        var (incidentId, cases) = await ResolvedIncidentAsync("so-ok", "so-deny", "so-ok", "so-ok");

        var job = await (await Supervisor().RecoverAsync(incidentId, "RETRY", maxConcurrency: 2, failureThreshold: 0.5m))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("COMPLETED", job.Str("status"));
        Assert.Equal(3, (int)job["done"]!);
        Assert.Equal("POLICY_DENIED", job.OutcomeOf(cases[1]).Str("problemCode"));
    }
}
