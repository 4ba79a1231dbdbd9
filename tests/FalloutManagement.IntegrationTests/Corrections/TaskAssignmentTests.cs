using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Corrections;

public sealed class TaskAssignmentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Olga => api.Operator("olga", CaseFlow.ActivationQueue);

    private async Task<(Guid CaseId, Guid TaskId, long Version)> CaseWithTaskAsync()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var response = await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/tasks", new JsonObject
        {
            ["taskType"] = "FIELD_VISIT", ["instruction"] = "Check the ONT serial on site", ["mandatory"] = true,
        }, started.Version());
        var task = await response.ExpectAsync(HttpStatusCode.Created);
        return (started.Id(), task.Id(), response.ETag());
    }

    [Fact]
    public async Task A_task_is_given_to_a_person_and_a_queue_with_a_reason_and_audited()
    {
        var (id, taskId, version) = await CaseWithTaskAsync();

        var assigned = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/tasks/{taskId}/assign",
            new JsonObject { ["user"] = "tono.technician", ["queue"] = "FIXED_FIELD_SUPPORT", ["reason"] = "site visit booked for Tuesday" }, version);

        var task = assigned["tasks"]!.AsArray().Single()!.AsObject();
        Assert.Equal("tono.technician", task.Str("user"));
        Assert.Equal("FIXED_FIELD_SUPPORT", task.Str("queue"));
        Assert.Equal("OPEN", task.Str("status"));
        Assert.Equal(version + 1, assigned.Version());
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "case_id = @id AND action = 'TASK_ASSIGNED' AND reason = 'site visit booked for Tuesday' AND actor = 'olga'", ("id", id)));
    }

    [Fact]
    public async Task Task_assignment_is_refused_for_bad_input_stale_versions_strangers_and_done_tasks()
    {
        var (id, taskId, version) = await CaseWithTaskAsync();
        var url = $"/fallout-cases/{id}/tasks/{taskId}/assign";
        var body = new JsonObject { ["user"] = "tono.technician", ["reason"] = "site visit" };

        var problem = await (await Olga.PostJsonAsync(url, new JsonObject { ["reason"] = "nobody named" }, version))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("user"));
        await (await Olga.PostJsonAsync(url, new JsonObject { ["user"] = "tono" }, version)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await Olga.PostJsonAsync(url, body)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        await (await Olga.PostJsonAsync(url, body, version - 1)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        await (await api.Operator("bob", CaseFlow.ActivationQueue).PostJsonAsync(url, body, version)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Operator("bob", "BILLING_RA").PostJsonAsync(url, body, version)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Auditor().PostJsonAsync(url, body, version)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/tasks/{Guid.NewGuid()}/assign", body, version)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        var done = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/tasks/{taskId}/complete", new JsonObject { ["outcome"] = "serial confirmed" }, version);
        await (await Olga.PostJsonAsync(url, body, done.Version())).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        Assert.Equal(done.Version(), await CaseFlow.VersionAsync(api.Supervisor(), id));
    }
}
