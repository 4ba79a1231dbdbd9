using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Incidents;

public sealed class IncidentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_supervisor_opens_an_incident_that_staff_read_and_the_audit_records()
    {
        var response = await api.Supervisor().PostJsonAsync("/incidents", IncidentHelpers.Incident());

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/incidents/{created.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("OPEN", created.Str("status"));
        Assert.Equal("sam.supervisor", created.Str("createdBy"));
        Assert.Null(created["autoLinkRule"]);
        foreach (var reader in new[] { api.Operator("olga", "MOBILE_ACTIVATION_L2"), api.Auditor(), api.Approver(), api.Supervisor() })
        {
            var read = await (await reader.GetAsync($"/incidents/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(0, (int)read["impact"]!["linkedCases"]!);
            var list = await (await reader.GetAsync("/incidents?status=OPEN")).ExpectAsync(HttpStatusCode.OK);
            Assert.Contains(list["items"]!.AsArray(), i => (string?)i!["id"] == created.Id().ToString());
        }
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "case_id IS NULL AND action = 'INCIDENT_OPENED' AND actor = 'sam.supervisor' AND after_json ->> 'id' = @id", ("id", created.Id().ToString())));
    }

    [Fact]
    public async Task New_fallout_matching_an_open_incidents_rule_is_linked_at_intake_and_waits_on_it()
    {
        var reason = Http.Unique("HSS_TIMEOUT");
        var incident = await api.OpenIncidentAsync(reason);

        var linked = await api.ReportAsync(b =>
        {
            b["reasonCode"] = reason;
            b["customerId"] = "cust-9";
            b["revenueAtRisk"] = new JsonObject { ["amount"] = 120.5, ["currency"] = "EUR" };
        });
        var otherReason = await api.ReportAsync(b => b["reasonCode"] = Http.Unique("OTHER"));
        var otherCategory = await api.ReportAsync(b =>
        {
            b["reasonCode"] = reason;
            b["categoryHint"] = "DATA";
        });

        Assert.Equal("WAITING_INCIDENT", linked.Str("status"));
        Assert.Equal("INCIDENT", linked.Str("waitingFor"));
        // The shipped SLA policies pause first action and resolution while a case waits on an incident.
        var clocks = (await api.GetCaseAsync(linked.Id()))["slaClocks"]!.AsArray();
        Assert.Equal("PAUSED", (string?)clocks.Single(k => (string?)k!["kind"] == "TIME_TO_RESOLVE")!["state"]);
        Assert.Equal("PAUSED", (string?)clocks.Single(k => (string?)k!["kind"] == "TIME_TO_FIRST_ACTION")!["state"]);
        Assert.Equal(incident.Id().ToString(), linked.Str("incidentId"));
        Assert.Equal("QUEUED", otherReason.Str("status"));
        Assert.Null(otherReason.Str("incidentId"));
        Assert.Null(otherCategory.Str("incidentId"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "case_id = @id AND action = 'INCIDENT_LINKED' AND actor = 'system:incident-auto-link'", ("id", linked.Id())));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events",
            "case_id = @id AND event_type = 'FalloutCaseLinkedToIncident'", ("id", linked.Id())));

        var read = await (await api.Operator("olga", "MOBILE_ACTIVATION_L2").GetAsync($"/incidents/{incident.Id()}")).ExpectAsync(HttpStatusCode.OK);
        var impact = read["impact"]!;
        Assert.Equal(1, (int)impact["linkedCases"]!);
        Assert.Equal(1, (int)impact["openCases"]!);
        Assert.Equal(1, (int)impact["casesByState"]!["WAITING_INCIDENT"]!);
        Assert.Equal(1, (int)impact["distinctCustomers"]!);
        Assert.Equal("EUR", (string?)impact["revenueAtRisk"]![0]!["currency"]);
        Assert.Equal(120.5m, (decimal)impact["revenueAtRisk"]![0]!["amount"]!);
        var listed = await (await api.Supervisor().GetAsync($"/fallout-cases?incidentId={incident.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(linked.Id().ToString(), (string?)Assert.Single(listed["items"]!.AsArray())!["id"]);
    }

    [Fact]
    public async Task A_rule_links_only_inside_its_time_window_and_only_while_the_incident_is_open()
    {
        var reason = Http.Unique("OCS_LATENCY");
        var expired = await api.OpenIncidentAsync(null, b => b["autoLinkRule"] = new JsonObject
        {
            ["reasonCode"] = reason,
            ["windowStart"] = "2026-11-01T00:00:00Z",
            ["windowEnd"] = "2026-11-01T23:59:59Z",
        });
        var afterWindow = await api.ReportAsync(b => b["reasonCode"] = reason);
        var inWindow = await api.ReportAsync(b =>
        {
            b["reasonCode"] = reason;
            b["occurredAt"] = "2026-11-01T12:00:00Z";
        });
        Assert.Null(afterWindow.Str("incidentId"));
        Assert.Equal(expired.Id().ToString(), inWindow.Str("incidentId"));

        await api.ResolveAsync(expired.Id());
        var afterResolution = await api.ReportAsync(b =>
        {
            b["reasonCode"] = reason;
            b["occurredAt"] = "2026-11-01T13:00:00Z";
        });
        Assert.Null(afterResolution.Str("incidentId"));
        Assert.Equal("QUEUED", afterResolution.Str("status"));
    }

    [Fact]
    public async Task Linking_parks_an_in_progress_case_and_unlinking_returns_it_to_its_work()
    {
        var incident = await api.OpenIncidentAsync();
        var working = await api.InProgressCaseAsync();
        var queued = await api.ReportAsync();

        var parked = await api.LinkAsync(incident.Id(), working);
        var parkedQueued = await api.LinkAsync(incident.Id(), queued);

        Assert.Equal("WAITING_INCIDENT", parked.Str("status"));
        Assert.Equal("olga", parked.Str("assignedUser"));
        Assert.Equal("WAITING_INCIDENT", parkedQueued.Str("status"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "case_id = @id AND action = 'INCIDENT_LINKED' AND actor = 'sam.supervisor' AND reason = 'same HSS outage'", ("id", working.Id())));

        var back = await (await SendDeleteAsync(api.Supervisor(), $"/incidents/{incident.Id()}/links/{working.Id()}?reason=not%20this%20outage",
            parked.Version())).ExpectAsync(HttpStatusCode.OK);
        var backQueued = await (await SendDeleteAsync(api.Supervisor(), $"/incidents/{incident.Id()}/links/{queued.Id()}", parkedQueued.Version()))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("IN_PROGRESS", back.Str("status"));
        Assert.Null(back.Str("incidentId"));
        Assert.Null(back.Str("waitingFor"));
        Assert.Equal("QUEUED", backQueued.Str("status"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "case_id = @id AND action = 'INCIDENT_UNLINKED' AND reason = 'not this outage'", ("id", working.Id())));
        Assert.Equal(0, (int)(await api.GetIncidentAsync(incident.Id()))["impact"]!["linkedCases"]!);
    }

    [Fact]
    public async Task A_case_waiting_on_something_else_is_linked_but_keeps_its_wait()
    {
        var incident = await api.OpenIncidentAsync();
        var working = await api.InProgressCaseAsync();
        var waiting = await (await api.Operator("olga", "MOBILE_ACTIVATION_L2").PostJsonAsync($"/fallout-cases/{working.Id()}/wait",
            new JsonObject { ["waitingFor"] = "CUSTOMER", ["reason"] = "customer to confirm IMSI" }, working.Version())).ExpectAsync(HttpStatusCode.OK);

        var linked = await api.LinkAsync(incident.Id(), waiting);

        Assert.Equal("WAITING_CUSTOMER", linked.Str("status"));
        Assert.Equal(incident.Id().ToString(), linked.Str("incidentId"));
    }

    [Fact]
    public async Task Link_and_unlink_refusals()
    {
        var incident = await api.OpenIncidentAsync();
        var fallout = await api.ReportAsync();
        var url = $"/incidents/{incident.Id()}/links";
        var body = new JsonObject { ["caseId"] = fallout.Id().ToString(), ["reason"] = "same outage" };

        await (await api.Supervisor().PostJsonAsync(url, body)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        await (await api.Supervisor().PostJsonAsync(url, body, fallout.Version() + 5)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        await (await api.Supervisor().PostJsonAsync(url, new JsonObject { ["caseId"] = fallout.Id().ToString() }, fallout.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Supervisor().PostJsonAsync($"/incidents/{Guid.NewGuid()}/links", body, fallout.Version()))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Supervisor().PostJsonAsync(url, new JsonObject { ["caseId"] = Guid.NewGuid().ToString(), ["reason"] = "x" }, 1))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await SendDeleteAsync(api.Supervisor(), $"{url}/{fallout.Id()}", fallout.Version())).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        var linked = await api.LinkAsync(incident.Id(), fallout);
        await (await api.Supervisor().PostJsonAsync(url, body, linked.Version())).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        var other = await api.OpenIncidentAsync();
        await (await api.Supervisor().PostJsonAsync($"/incidents/{other.Id()}/links", body, linked.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await SendDeleteAsync(api.Supervisor(), $"{url}/{fallout.Id()}", null)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");

        var cancelled = await api.ReportAsync();
        var gone = await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{cancelled.Id()}/cancel", new JsonObject { ["reason"] = "duplicate" },
            cancelled.Version())).ExpectAsync(HttpStatusCode.OK);
        await api.LinkAsync(incident.Id(), gone, HttpStatusCode.Conflict);

        await api.ResolveAsync(other.Id());
        var late = await api.ReportAsync();
        await api.LinkAsync(other.Id(), late, HttpStatusCode.Conflict);
        await (await api.Supervisor().PostJsonAsync($"/incidents/{other.Id()}/resolve", new JsonObject { ["rootCause"] = "again" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "fallout_cases", "id = @id AND incident_id IS NOT NULL", ("id", late.Id())));
    }

    [Fact]
    public async Task Resolving_records_the_root_cause_and_the_audit()
    {
        var incident = await api.OpenIncidentAsync();

        var resolved = await api.ResolveAsync(incident.Id());

        Assert.Equal("RESOLVED", resolved.Str("status"));
        Assert.Equal("HSS certificate expired; renewed", resolved.Str("rootCause"));
        Assert.Equal("sam.supervisor", resolved.Str("resolvedBy"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "case_id IS NULL AND action = 'INCIDENT_RESOLVED' AND before_json ->> 'status' = 'OPEN' AND after_json ->> 'status' = 'RESOLVED' AND after_json ->> 'id' = @id",
            ("id", incident.Id().ToString())));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"title":"t","description":"d","affectedTargetSystem":"hss"}""")]
    [InlineData("""{"title":"t","description":"d","affectedTargetSystem":"hss","startedAt":"2026-11-02T08:00:00Z","autoLinkRule":{"windowStart":"2026-11-01T00:00:00Z"}}""")]
    [InlineData("""{"title":"t","description":"d","affectedTargetSystem":"hss","startedAt":"2026-11-02T08:00:00Z","autoLinkRule":{"category":"NOPE"}}""")]
    [InlineData("""{"title":"t","description":"d","affectedTargetSystem":"hss","startedAt":"not a time"}""")]
    [InlineData("[1,2]")]
    public async Task Bad_incident_bodies_are_refused_and_store_nothing(string body)
    {
        var before = await Sql.CountAsync(api.ConnectionString, "incidents");

        var response = await api.Supervisor().PostRawAsync("/incidents", body);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(before, await Sql.CountAsync(api.ConnectionString, "incidents"));
    }

    [Fact]
    public async Task Unknown_incidents_are_not_found()
    {
        await (await api.Operator("olga").GetAsync($"/incidents/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Supervisor().PostJsonAsync($"/incidents/{Guid.NewGuid()}/resolve", new JsonObject { ["rootCause"] = "x" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Supervisor().GetAsync($"/incidents/{Guid.NewGuid()}/recovery/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "operator", "POST", "/incidents" },
        { "auditor", "POST", "/incidents" },
        { "approver", "POST", "/incidents" },
        { "source", "POST", "/incidents" },
        { "admin", "POST", "/incidents" },
        { "source", "GET", "/incidents" },
        { "admin", "GET", "/incidents" },
        { "source", "GET", "/incidents/{id}" },
        { "admin", "GET", "/incidents/{id}" },
        { "operator", "POST", "/incidents/{id}/links" },
        { "auditor", "POST", "/incidents/{id}/links" },
        { "approver", "POST", "/incidents/{id}/links" },
        { "operator", "DELETE", "/incidents/{id}/links/{id}" },
        { "auditor", "DELETE", "/incidents/{id}/links/{id}" },
        { "operator", "POST", "/incidents/{id}/resolve" },
        { "auditor", "POST", "/incidents/{id}/resolve" },
        { "approver", "POST", "/incidents/{id}/resolve" },
        { "operator", "POST", "/incidents/{id}/recovery" },
        { "auditor", "POST", "/incidents/{id}/recovery" },
        { "approver", "POST", "/incidents/{id}/recovery" },
        { "source", "GET", "/incidents/{id}/recovery/{id}" },
        { "admin", "GET", "/incidents/{id}/recovery/{id}" },
        { "operator", "GET", "/analytics/summary" },
        { "approver", "GET", "/analytics/summary" },
        { "source", "GET", "/analytics/summary" },
        { "admin", "GET", "/analytics/summary" },
        { "operator", "GET", "/analytics/summary.csv" },
        { "operator", "GET", "/analytics/repeat-fallout" },
        { "approver", "GET", "/analytics/repeat-fallout" },
        { "operator", "GET", "/analytics/trends" },
        { "source", "GET", "/analytics/trends" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Roles_without_the_right_are_refused_with_403_and_nothing_changes(string role, string method, string path)
    {
        var client = role switch
        {
            "operator" => api.Operator("olga", "MOBILE_ACTIVATION_L2"),
            "auditor" => api.Auditor(),
            "approver" => api.Approver(),
            "source" => api.Source(),
            _ => api.Admin(),
        };
        var before = await Sql.CountAsync(api.ConnectionString, "audit_entries");
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal));
        if (method == "POST")
        {
            request.Content = new StringContent("""{"title":"t","description":"d","affectedTargetSystem":"x","startedAt":"2026-11-02T08:00:00Z","caseId":"0192f0e0-0000-7000-8000-000000000000","reason":"r","rootCause":"r","action":"RETRY"}""",
                System.Text.Encoding.UTF8, "application/json");
        }
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        var response = await client.SendAsync(request);

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(before, await Sql.CountAsync(api.ConnectionString, "audit_entries"));
    }

    [Fact]
    public async Task Anonymous_callers_are_refused()
    {
        var anonymous = api.App.CreateClient();
        await (await anonymous.GetAsync("/incidents")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.GetAsync("/analytics/summary")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    private static Task<HttpResponseMessage> SendDeleteAsync(HttpClient client, string url, long? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        if (ifMatch is { } version)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        }
        return client.SendAsync(request);
    }
}
