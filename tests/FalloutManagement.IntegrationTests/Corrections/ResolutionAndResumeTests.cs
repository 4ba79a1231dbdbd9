using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Corrections;

public sealed class ResolutionAndResumeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Olga => api.Operator("olga", CaseFlow.ActivationQueue);

    private static JsonObject Resume(Guid evidenceId) => new()
    {
        ["decision"] = "RESUME", ["resumeMode"] = "RETRY_FAILED_STEP", ["evidenceId"] = evidenceId.ToString(), ["reason"] = "fixed and verified",
    };

    private async Task<(Guid Id, string TokenId, JsonObject Resolved)> ResolvedForResumeAsync()
    {
        var (id, proofId, version) = await CaseFlow.VerifyingWithProofAsync(api, Olga);
        var resolved = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/resolve", Resume(proofId), version);
        return (id, resolved["resumeToken"]!.AsObject().Str("tokenId")!, resolved);
    }

    [Fact]
    public async Task The_token_lives_as_long_as_configured_and_is_refused_once_expired()
    {
        var (id, tokenId, resolved) = await ResolvedForResumeAsync();
        var token = resolved["resumeToken"]!.AsObject();
        var lifetime = DateTimeOffset.Parse(token.Str("expiresAt")!, System.Globalization.CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse(token.Str("issuedAt")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromMinutes(1440), lifetime);

        api.Clock.Advance(TimeSpan.FromMinutes(1441));

        await (await api.Source().PostJsonAsync($"/fallout-cases/{id}/resume", new JsonObject { ["tokenId"] = tokenId, ["orderVersion"] = 7 }))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "TOKEN_EXPIRED");
        var after = await CaseFlow.GetAsync(Olga, id);
        Assert.Equal("RESOLVED_RESUME", after.Str("status"));
        Assert.Equal("EXPIRED", after["resumeToken"]!.AsObject().Str("status"));
    }

    [Fact]
    public async Task A_supervisor_reissues_an_expired_token_and_the_new_one_redeems()
    {
        var (id, oldToken, resolved) = await ResolvedForResumeAsync();
        var reissueUrl = $"/fallout-cases/{id}/resume-token/reissue";
        // A valid token is not re-issued, and only a supervisor re-issues.
        await (await api.Supervisor().PostJsonAsync(reissueUrl, new JsonObject { ["reason"] = "lost" }, resolved.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        api.Clock.Advance(TimeSpan.FromDays(2));
        await (await Olga.PostJsonAsync(reissueUrl, new JsonObject { ["reason"] = "expired" }, resolved.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Supervisor().PostJsonAsync(reissueUrl, new JsonObject(), resolved.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        var reissued = await CaseFlow.PostAsync(api.Supervisor(), reissueUrl, new JsonObject { ["reason"] = "order system was down" }, resolved.Version());

        var newToken = reissued["resumeToken"]!.AsObject();
        Assert.NotEqual(oldToken, newToken.Str("tokenId"));
        Assert.Equal("ISSUED", newToken.Str("status"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "case_id = @id AND action = 'RESUME_TOKEN_REISSUED' AND actor = 'sam.supervisor' AND reason = 'order system was down'", ("id", id)));
        Assert.Equal(newToken.Str("tokenId"), await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT payload_json->>'resumeTokenId' FROM outbox_events WHERE case_id = @id AND event_type = 'FalloutResumeTokenReissued'", ("id", id)));
        // The order system learns the new token from the feed (it cannot read cases).
        await Events.Feed.SettledAsync(api.ConnectionString);
        var feed = await (await api.Source().GetAsync($"/events?caseId={id}&type=FalloutResumeTokenReissued")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(newToken.Str("tokenId"), (string?)feed["items"]!.AsArray().Single()!["resumeTokenId"]);
        await (await api.Source().PostJsonAsync($"/fallout-cases/{id}/resume", new JsonObject { ["tokenId"] = oldToken, ["orderVersion"] = 7 }))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "TOKEN_EXPIRED");
        await (await api.Source().PostJsonAsync($"/fallout-cases/{id}/resume",
            new JsonObject { ["tokenId"] = newToken.Str("tokenId"), ["orderVersion"] = 7 })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("CLOSED", (await CaseFlow.GetAsync(Olga, id)).Str("status"));
    }

    [Fact]
    public async Task Only_a_source_redeems_and_a_token_of_another_case_is_not_found()
    {
        var (id, tokenId, _) = await ResolvedForResumeAsync();
        var body = new JsonObject { ["tokenId"] = tokenId, ["orderVersion"] = 7 };

        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/resume", body)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{id}/resume", body)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Source().PostJsonAsync($"/fallout-cases/{Guid.NewGuid()}/resume", body)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Source().PostJsonAsync($"/fallout-cases/{id}/resume", new JsonObject { ["tokenId"] = Guid.NewGuid().ToString(), ["orderVersion"] = 7 }))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Source().PostJsonAsync($"/fallout-cases/{id}/resume", new JsonObject { ["tokenId"] = tokenId }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal("RESOLVED_RESUME", (await CaseFlow.GetAsync(Olga, id)).Str("status"));
    }

    [Fact]
    public async Task A_case_resolved_for_resume_cannot_be_closed_by_hand()
    {
        var (id, _, resolved) = await ResolvedForResumeAsync();

        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/close", new JsonObject { ["reason"] = "done" }, resolved.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task Resolution_is_refused_without_evidence_on_the_case_and_for_a_mode_that_does_not_fit()
    {
        var (id, proofId, version) = await CaseFlow.VerifyingWithProofAsync(api, Olga);

        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/resolve", Resume(Guid.NewGuid()), version))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "EVIDENCE_REQUIRED");
        var mismatch = Resume(proofId);
        mismatch["resumeMode"] = "CANCEL_ITEM";
        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/resolve", mismatch, version)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/resolve", new JsonObject { ["decision"] = "RESUME", ["reason"] = "x" }, version))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Operator("omar", CaseFlow.ActivationQueue).PostJsonAsync($"/fallout-cases/{id}/resolve", Resume(proofId), version))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        var started = await CaseFlow.InProgressAsync(api, Olga);
        await (await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/resolve", Resume(proofId), started.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task A_mandatory_task_blocks_resolution_until_completed()
    {
        var (id, proofId, version) = await CaseFlow.VerifyingWithProofAsync(api, Olga);
        var taskResponse = await Olga.PostJsonAsync($"/fallout-cases/{id}/tasks", new JsonObject
        {
            ["taskType"] = "CALL_CUSTOMER", ["instruction"] = "Confirm the new SIM works", ["mandatory"] = true,
        }, version);
        var task = await taskResponse.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("OPEN", task.Str("status"));
        Assert.Equal(CaseFlow.ActivationQueue, task.Str("queue"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = 'FalloutTaskCreated'", ("id", id)));

        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/resolve", Resume(proofId), taskResponse.ETag()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        var allowed = await (await Olga.GetAsync($"/fallout-cases/{id}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(task.Id().ToString(), (string?)allowed["resolve"]!["openMandatoryTaskIds"]!.AsArray().Single());
        Assert.False((bool)allowed["resolve"]!["satisfied"]!);

        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/tasks/{task.Id()}/complete", new JsonObject(), taskResponse.ETag()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var done = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/tasks/{task.Id()}/complete",
            new JsonObject { ["outcome"] = "customer confirmed data works" }, taskResponse.ETag());
        Assert.Equal("DONE", done["tasks"]!.AsArray().Single()!.AsObject().Str("status"));
        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/tasks/{task.Id()}/complete", new JsonObject { ["outcome"] = "again" }, done.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/tasks/{Guid.NewGuid()}/complete", new JsonObject { ["outcome"] = "x" }, done.Version()))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        var resolved = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/resolve", Resume(proofId), done.Version());
        Assert.Equal("RESOLVED_RESUME", resolved.Str("status"));
    }

    [Fact]
    public async Task Tasks_are_refused_for_bad_input_and_wrong_role()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var url = $"/fallout-cases/{started.Id()}/tasks";

        var problem = await (await Olga.PostJsonAsync(url, new JsonObject { ["taskType"] = "CALL" }, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("instruction"));
        Assert.True(problem["errors"]!.AsObject().ContainsKey("mandatory"));
        await (await api.Auditor().PostJsonAsync(url, new JsonObject { ["taskType"] = "CALL", ["instruction"] = "x", ["mandatory"] = false }, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.App.As("system-x", [Roles.Source]).PostJsonAsync(url,
                new JsonObject { ["taskType"] = "CALL", ["instruction"] = "x", ["mandatory"] = false }, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Verification_failed_returns_the_case_to_work_and_marks_the_correction()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var id = started.Id();
        var (correction, version) = await CaseFlow.ProposeAsync(Olga, id, CaseFlow.Retry(), started.Version());
        var applied = await CaseFlow.ApplyAsync(api, Olga, id, correction, version);
        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/correction-actions/{Guid.NewGuid()}/verify", null, applied.Version()))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var verifying = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/correction-actions/{correction.Id()}/verify", null, applied.Version());
        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/verification-failed", new JsonObject(), verifying.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        var failed = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/verification-failed", new JsonObject { ["reason"] = "still failing" },
            verifying.Version());

        Assert.Equal("IN_PROGRESS", failed.Str("status"));
        Assert.Equal("VERIFICATION_FAILED", failed["correctionActions"]!.AsArray().Single()!.AsObject().Str("status"));
        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/verify", null, failed.Version())).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }
}
