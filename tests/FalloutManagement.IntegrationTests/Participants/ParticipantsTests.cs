using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Modules.Queues.Sla;
using FalloutManagement.IntegrationTests.Incidents;
using FalloutManagement.IntegrationTests.Infrastructure;
using FalloutManagement.IntegrationTests.Queues;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Participants;

/// <summary>External participants end waits on them; the time sweep wakes waits, expires reservations and decision tokens.</summary>
public sealed class ParticipantsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string FieldQueue = "FIXED_FIELD_SUPPORT";

    private HttpClient Olga => api.Operator("olga", CaseFlow.ActivationQueue);

    private CaseTimeSweeper TimeSweeper => api.App.Services.GetRequiredService<CaseTimeSweeper>();

    private Task<long> EventsAsync(Guid id, string type) =>
        Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = @type", ("id", id), ("type", type));

    private Task<string> PayloadAsync(Guid id, string type) =>
        Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT payload_json::text FROM outbox_events WHERE case_id = @id AND event_type = @type ORDER BY occurred_at DESC, id DESC LIMIT 1", ("id", id), ("type", type));

    private static string At(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static JsonObject Wait(string waitingFor, string? party, DateTimeOffset? until) => new()
    {
        ["waitingFor"] = waitingFor, ["reason"] = $"waiting for {waitingFor}", ["party"] = party, ["until"] = until is { } u ? At(u) : null,
    };

    private static JsonObject Update(string waitingFor, string outcome, string? updateId = null, bool withEvidence = false) => new()
    {
        ["updateId"] = updateId,
        ["waitingFor"] = waitingFor,
        ["outcome"] = outcome,
        ["detail"] = $"{outcome} reported by the participant",
        ["evidence"] = withEvidence
            ? new JsonObject { ["evidenceType"] = "FIELD_TECHNICIAN_REPORT", ["storageRef"] = $"s3://partner/{Guid.NewGuid():N}", ["customerVisible"] = false }
            : null,
    };

    private async Task<JsonObject> WaitingAsync(string waitingFor, string? party, DateTimeOffset? until = null)
    {
        var started = await api.InProgressCaseAsync();
        return await CaseFlow.PostAsync(Olga, $"/fallout-cases/{started.Id()}/wait", Wait(waitingFor, party, until), started.Version());
    }

    [Fact]
    public async Task A_partner_cannot_touch_a_case_not_waiting_on_it_and_its_update_ends_the_wait()
    {
        var waiting = await WaitingAsync("PARTNER", "PARTNER-A");
        var id = waiting.Id();
        Assert.Equal("PARTNER-A", waiting.Str("waitingParty"));
        var url = $"/fallout-cases/{id}/external-updates";

        await (await api.Partner("PARTNER-B").PostJsonAsync(url, Update("PARTNER", "COMPLETED"))).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Executor("PARTNER-B").PostJsonAsync(url, Update("PARTNER", "COMPLETED")))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.App.As("no-code", [Api.Common.Auth.Roles.Partner]).PostJsonAsync(url, Update("PARTNER", "COMPLETED")))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await Olga.PostJsonAsync(url, Update("PARTNER", "COMPLETED"))).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Partner("PARTNER-A").PostJsonAsync(url, Update("CUSTOMER", "COMPLETED")))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await api.Partner("PARTNER-A").PostJsonAsync(url, Update("PARTNER", "SOMETHING")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Partner("PARTNER-A").PostJsonAsync(url, Update("PARTNER", "COMPLETED", updateId: new string('u', 101))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Partner("PARTNER-A").PostJsonAsync($"/fallout-cases/{Guid.NewGuid()}/external-updates", Update("PARTNER", "COMPLETED")))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(waiting.Version(), await CaseFlow.VersionAsync(Olga, id));
        Assert.Equal(0, await EventsAsync(id, "FalloutCaseExternalUpdateReceived"));

        var update = await (await api.Partner("PARTNER-A").PostJsonAsync(url, Update("PARTNER", "COMPLETED", "upd-1", withEvidence: true)))
            .ExpectAsync(HttpStatusCode.OK);
        var after = await CaseFlow.GetAsync(Olga, id);
        Assert.Equal("IN_PROGRESS", after.Str("status"));
        Assert.Null(after.Str("waitingParty"));
        var evidence = after["evidence"]!.AsArray().Single()!.AsObject();
        Assert.Equal("partner-gateway", evidence.Str("capturedBy"));
        Assert.Equal(update.Str("evidenceId"), evidence.Str("id"));
        // The partner's evidence is classified like all evidence content: an approver sees where it lies, an auditor does not.
        static string? StorageRef(JsonObject read) => read["evidence"]!.AsArray().Single()!.AsObject().Str("storageRef");
        Assert.StartsWith("s3://partner/", StorageRef(await CaseFlow.GetAsync(api.Approver(), id)));
        Assert.DoesNotContain("s3://partner/", StorageRef(await CaseFlow.GetAsync(api.Auditor(), id)));
        Assert.Equal(1, await EventsAsync(id, "FalloutCaseExternalUpdateReceived"));
        Assert.Contains("\"party\": \"PARTNER-A\"", await PayloadAsync(id, "FalloutCaseExternalUpdateReceived"));

        // The same updateId again answers the first update and changes nothing; a second update finds no wait on the party.
        var replay = await (await api.Partner("PARTNER-A").PostJsonAsync(url, Update("PARTNER", "COMPLETED", "upd-1", withEvidence: true)))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(update.Str("id"), replay.Str("id"));
        await (await api.Partner("PARTNER-A").PostJsonAsync(url, Update("PARTNER", "COMPLETED"))).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(after.Version(), await CaseFlow.VersionAsync(Olga, id));
        Assert.Equal(1, await EventsAsync(id, "FalloutCaseExternalUpdateReceived"));
    }

    [Fact]
    public async Task An_executor_ends_a_wait_on_its_own_code()
    {
        var waiting = await WaitingAsync("VENDOR", "HSS_ADAPTER");
        await (await api.Executor("HSS_ADAPTER").PostJsonAsync($"/fallout-cases/{waiting.Id()}/external-updates",
            Update("VENDOR", "INFORMATION_PROVIDED"))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("IN_PROGRESS", (await CaseFlow.GetAsync(Olga, waiting.Id())).Str("status"));
    }

    [Fact]
    public async Task A_wait_expires_and_the_case_wakes_once()
    {
        var now = api.Clock.GetUtcNow();
        var waiting = await WaitingAsync("CUSTOMER", null, now.AddHours(1));
        var id = waiting.Id();

        await TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow());
        Assert.Equal("WAITING_CUSTOMER", (await CaseFlow.GetAsync(Olga, id)).Str("status"));

        api.Clock.Advance(TimeSpan.FromHours(2));
        await Task.WhenAll(TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow()), TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow()));

        var woken = await CaseFlow.GetAsync(Olga, id);
        Assert.Equal("IN_PROGRESS", woken.Str("status"));
        Assert.Null(woken.Str("waitingUntil"));
        Assert.Equal(1, await EventsAsync(id, "FalloutCaseWaitExpired"));
        Assert.DoesNotContain(woken["slaClocks"]!.AsArray(), k => (string?)k!["state"] == "PAUSED");
    }

    [Fact]
    public async Task A_wait_on_an_incident_with_until_wakes_by_itself_unless_an_incident_is_linked()
    {
        var now = api.Clock.GetUtcNow();
        var waiting = await WaitingAsync("INCIDENT", null, now.AddMinutes(5));
        Assert.Equal("WAITING_INCIDENT", waiting.Str("status"));
        Assert.NotNull(waiting.Str("waitingUntil"));
        var linkedLater = await WaitingAsync("INCIDENT", null, now.AddMinutes(5));
        var incident = await api.OpenIncidentAsync();
        await api.LinkAsync(incident.Id(), linkedLater);
        Assert.Null((await CaseFlow.GetAsync(api.Supervisor(), linkedLater.Id())).Str("waitingUntil"));

        api.Clock.Advance(TimeSpan.FromMinutes(10));
        await TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow());

        var woken = await CaseFlow.GetAsync(Olga, waiting.Id());
        Assert.Equal("IN_PROGRESS", woken.Str("status"));
        Assert.Null(woken.Str("waitingUntil"));
        Assert.Equal(1, await EventsAsync(waiting.Id(), "FalloutCaseWaitExpired"));
        // The linked case waits for its incident's recovery, not the clock.
        Assert.Equal("WAITING_INCIDENT", (await CaseFlow.GetAsync(api.Supervisor(), linkedLater.Id())).Str("status"));
        Assert.Equal(0, await EventsAsync(linkedLater.Id(), "FalloutCaseWaitExpired"));
    }

    [Fact]
    public async Task The_same_update_sent_at_once_answers_the_first_update_to_all_and_different_updates_find_the_wait_ended()
    {
        for (var round = 0; round < 3; round++)
        {
            var waiting = await WaitingAsync("PARTNER", "PARTNER-RACE");
            var url = $"/fallout-cases/{waiting.Id()}/external-updates";
            var partner = api.Partner("PARTNER-RACE");
            var updateId = Http.Unique("upd");
            var gate = new StartGate(10);
            var same = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
            {
                await gate.WaitAsync();
                return await partner.PostJsonAsync(url, Update("PARTNER", "COMPLETED", updateId));
            })));
            var ids = new HashSet<string?>();
            foreach (var answer in same)
            {
                ids.Add((await answer.ExpectAsync(HttpStatusCode.OK)).Str("id"));
            }
            Assert.Single(ids);
            Assert.Equal(1, await EventsAsync(waiting.Id(), "FalloutCaseExternalUpdateReceived"));

            var other = await WaitingAsync("PARTNER", "PARTNER-RACE");
            var otherUrl = $"/fallout-cases/{other.Id()}/external-updates";
            var otherGate = new StartGate(10);
            var different = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
            {
                await otherGate.WaitAsync();
                return await partner.PostJsonAsync(otherUrl, Update("PARTNER", "COMPLETED", Http.Unique($"upd-{i}")));
            })));
            Assert.Equal(1, different.Count(a => a.StatusCode == HttpStatusCode.OK));
            foreach (var loser in different.Where(a => a.StatusCode != HttpStatusCode.OK))
            {
                await loser.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
            }
            Assert.Equal(1, await EventsAsync(other.Id(), "FalloutCaseExternalUpdateReceived"));
        }
    }

    [Fact]
    public async Task Failed_appointments_reported_at_once_on_cases_of_one_item_are_counted_exactly()
    {
        var fiona = api.Operator("fiona", FieldQueue);
        var fieldWorkforce = api.Partner("FIELD_WORKFORCE", "field-workforce");
        for (var round = 0; round < 3; round++)
        {
            var item = Http.Unique("soi-race");
            var cases = new List<JsonObject>();
            for (var i = 0; i < 3; i++)
            {
                var started = await CaseFlow.InProgressAsync(api, fiona, b =>
                {
                    b["sourceSystem"] = "field-service";
                    b["categoryHint"] = "FIELD";
                    b["reasonCode"] = "CUSTOMER_NO_ACCESS";
                    b["severityHint"] = null;
                    b["serviceOrderItemId"] = item;
                    b["failedStepKey"] = $"InstallOnt-{i}";
                });
                cases.Add(await CaseFlow.PostAsync(fiona, $"/fallout-cases/{started.Id()}/wait",
                    Wait("FIELD", "FIELD_WORKFORCE", api.Clock.GetUtcNow().AddDays(2)), started.Version()));
            }
            var gate = new StartGate(cases.Count);

            var answers = await Task.WhenAll(cases.Select(c => Task.Run(async () =>
            {
                await gate.WaitAsync();
                return await fieldWorkforce.PostJsonAsync($"/fallout-cases/{c.Id()}/external-updates", Update("FIELD", "NO_ACCESS", Http.Unique("visit")));
            })));

            foreach (var answer in answers)
            {
                await answer.ExpectAsync(HttpStatusCode.OK);
            }
            var counts = new List<int>();
            foreach (var c in cases)
            {
                counts.Add(await Sql.ScalarAsync<int>(api.ConnectionString, "SELECT (payload_json::jsonb->>'failedAppointments')::int FROM outbox_events"
                    + " WHERE case_id = @id AND event_type = 'FalloutCaseExternalUpdateReceived'", ("id", c.Id())));
            }
            Assert.Equal([1, 2, 3], counts.Order());
            var decisions = 0;
            foreach (var c in cases)
            {
                decisions += (await CaseFlow.GetAsync(fiona, c.Id()))["tasks"]!.AsArray().Count(t => t!.AsObject().Str("taskType") == "CUSTOMER_CARE_DECISION");
            }
            Assert.Equal(1, decisions);
        }
    }

    [Fact]
    public async Task A_reservation_TTL_raises_its_release_or_quarantine_request()
    {
        var started = await api.InProgressCaseAsync();
        var id = started.Id();
        var expiresAt = api.Clock.GetUtcNow().AddMinutes(30);
        var reservation = new JsonObject { ["resourceId"] = "MSISDN-628111", ["kind"] = "MSISDN", ["expiresAt"] = At(expiresAt), ["onExpiry"] = "QUARANTINE" };
        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/reservations", new JsonObject { ["resourceId"] = "x", ["kind"] = "PORT",
            ["expiresAt"] = At(api.Clock.GetUtcNow().AddMinutes(-1)) }, started.Version())).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var held = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/reservations", reservation, started.Version());
        Assert.Equal("HELD", held["reservations"]!.AsArray().Single()!["status"]!.GetValue<string>());
        Assert.Equal(1, await EventsAsync(id, "FalloutResourceReservationHeld"));

        await TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow());
        Assert.Equal(0, await EventsAsync(id, "FalloutResourceReservationExpired"));
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        await TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow());
        await TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow());

        Assert.Equal(1, await EventsAsync(id, "FalloutResourceReservationExpired"));
        var payload = await PayloadAsync(id, "FalloutResourceReservationExpired");
        Assert.Contains("\"action\": \"QUARANTINE\"", payload);
        Assert.Contains("\"resourceId\": \"MSISDN-628111\"", payload);
        Assert.Equal("EXPIRED", (await CaseFlow.GetAsync(Olga, id))["reservations"]!.AsArray().Single()!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("CANCEL", "CANCEL_ITEM", "RESOLVED_CANCEL")]
    [InlineData("COMPENSATE", "COMPENSATE_AND_CLOSE", "RESOLVED_COMPENSATE")]
    public async Task A_cancel_or_compensate_decision_closes_only_when_order_management_redeems_its_token(string decision, string mode, string status)
    {
        var (id, proofId, version) = await CaseFlow.VerifyingWithProofAsync(api, Olga);
        var resolved = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/resolve", new JsonObject
        {
            ["decision"] = decision, ["evidenceId"] = proofId.ToString(), ["reason"] = "the customer decided",
        }, version);
        Assert.Equal(status, resolved.Str("status"));
        var token = resolved["resumeToken"]!.AsObject();
        Assert.Equal(mode, token.Str("mode"));

        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/close", new JsonObject { ["reason"] = "done" }, resolved.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        Assert.Equal(status, (await CaseFlow.GetAsync(Olga, id)).Str("status"));

        // A decision token follows the token rules: another source that does not orchestrate orders cannot redeem it.
        await (await api.Source("billing-service").PostJsonAsync($"/fallout-cases/{id}/resume",
            new JsonObject { ["tokenId"] = token.Str("tokenId"), ["orderVersion"] = 7 })).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(status, (await CaseFlow.GetAsync(Olga, id)).Str("status"));

        var redeemed = await (await api.Orchestrator().PostJsonAsync($"/fallout-cases/{id}/resume",
            new JsonObject { ["tokenId"] = token.Str("tokenId"), ["orderVersion"] = 7 })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(mode, redeemed.Str("mode"));
        Assert.Equal("CLOSED", (await CaseFlow.GetAsync(Olga, id)).Str("status"));
    }

    [Fact]
    public async Task An_expired_token_emits_its_event_once_goes_to_the_supervisors_and_can_be_reissued()
    {
        var (id, proofId, version) = await CaseFlow.VerifyingWithProofAsync(api, Olga);
        var resolved = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/resolve", new JsonObject
        {
            ["decision"] = "CANCEL", ["evidenceId"] = proofId.ToString(), ["reason"] = "the customer cancelled",
        }, version);

        api.Clock.Advance(TimeSpan.FromMinutes(1441));
        await Task.WhenAll(TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow()), TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow()));

        Assert.Equal(1, await EventsAsync(id, "FalloutResumeTokenExpired"));
        Assert.Contains("\"resumeMode\": \"CANCEL_ITEM\"", await PayloadAsync(id, "FalloutResumeTokenExpired"));
        var expired = await api.GetCaseAsync(id);
        Assert.Equal("RESOLVED_CANCEL", expired.Str("status"));
        Assert.Equal(resolved["escalationLevel"]!.GetValue<int>() + 1, expired["escalationLevel"]!.GetValue<int>());
        Assert.Equal("EXPIRED", expired["resumeToken"]!.AsObject().Str("status"));

        var reissued = await CaseFlow.PostAsync(api.Supervisor(), $"/fallout-cases/{id}/resume-token/reissue",
            new JsonObject { ["reason"] = "order management was down" }, expired.Version());
        Assert.Equal("ISSUED", reissued["resumeToken"]!.AsObject().Str("status"));
        await TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow());
        Assert.Equal(1, await EventsAsync(id, "FalloutResumeTokenExpired"));
    }

    /// <summary>
    /// Seed exercise 3, FTTH no-access: the field workforce finds nobody home, the appointment is rescheduled (the customer is
    /// notified), the SLA runs on the field queue's calendar, the ONT port is held with a TTL, and after N failed appointments of
    /// the service order item (across its cases) customer care decides, here to cancel, which closes when order management confirms.
    /// </summary>
    [Fact]
    public async Task Exercise_3_FTTH_no_access_reschedule_notify_sla_reservation_ttl_and_cancellation_after_N_failed_appointments()
    {
        var item = Http.Unique("soi-ftth");
        var fiona = api.Operator("fiona", FieldQueue);
        var fieldWorkforce = api.Partner("FIELD_WORKFORCE", "field-workforce");
        void Ftth(JsonObject b)
        {
            b["sourceSystem"] = "field-service";
            b["categoryHint"] = "FIELD";
            b["reasonCode"] = "CUSTOMER_NO_ACCESS";
            b["severityHint"] = null;
            b["serviceOrderItemId"] = item;
            b["failedStepKey"] = "InstallOnt";
            b["message"] = "Technician on site, customer not at home";
        }

        async Task<JsonObject> NoAccessAsync(JsonObject inProgress, string updateId)
        {
            var id = inProgress.Id();
            var rescheduled = await CaseFlow.PostAsync(fiona, $"/fallout-cases/{id}/wait",
                Wait("FIELD", "FIELD_WORKFORCE", api.Clock.GetUtcNow().AddDays(2)), inProgress.Version());
            Assert.Equal("WAITING_FIELD", rescheduled.Str("status"));
            await (await fieldWorkforce.PostJsonAsync($"/fallout-cases/{id}/external-updates", Update("FIELD", "NO_ACCESS", updateId, withEvidence: true)))
                .ExpectAsync(HttpStatusCode.OK);
            return await CaseFlow.GetAsync(fiona, id);
        }

        // The first case of the item: one failed appointment, then the case is cancelled (the order was re-planned).
        var first = await CaseFlow.InProgressAsync(api, fiona, Ftth);
        Assert.Equal(FieldQueue, first.Str("queue"));
        var afterFirst = await NoAccessAsync(first, Http.Unique("visit"));
        await CaseFlow.PostAsync(fiona, $"/fallout-cases/{first.Id()}/cancel", new JsonObject { ["reason"] = "order re-planned" }, afterFirst.Version());

        // The second case of the same item.
        var second = await CaseFlow.InProgressAsync(api, fiona, Ftth);
        var id = second.Id();
        // SLA on the field queue's calendar (07:00-19:00 Asia/Jakarta, Monday to Saturday): the resolve-by time is working time.
        var resolveBy = DateTimeOffset.Parse(second.Clock("TIME_TO_RESOLVE").Str("dueAt")!, CultureInfo.InvariantCulture);
        var local = TimeZoneInfo.ConvertTime(resolveBy, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta"));
        Assert.InRange(local.TimeOfDay, TimeSpan.FromHours(7), TimeSpan.FromHours(19));
        Assert.NotEqual(DayOfWeek.Sunday, local.DayOfWeek);

        // The ONT port is held for the case for 48 hours.
        var held = await CaseFlow.PostAsync(fiona, $"/fallout-cases/{id}/reservations", new JsonObject
        {
            ["resourceId"] = "OLT-7/PON-3/PORT-12", ["kind"] = "PON_PORT", ["expiresAt"] = At(api.Clock.GetUtcNow().AddHours(48)),
        }, second.Version());

        var afterSecond = await NoAccessAsync(held, Http.Unique("visit"));
        Assert.Empty(afterSecond["tasks"]!.AsArray());
        var afterThird = await NoAccessAsync(afterSecond, Http.Unique("visit"));
        // Rescheduling told the customer each time (WAITING_FIELD: APPOINTMENT_CHANGED).
        Assert.Equal(2, await EventsAsync(id, "CustomerNotificationRequested"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events",
            "case_id = @id AND event_type = 'FalloutCaseExternalUpdateReceived' AND (payload_json->>'failedAppointments')::int = 3", ("id", id)));

        // Three failed appointments of the item: customer care must decide; the decision task is mandatory.
        var task = afterThird["tasks"]!.AsArray().Single()!.AsObject();
        Assert.Equal("CUSTOMER_CARE_DECISION", task.Str("taskType"));
        Assert.True(task["mandatory"]!.GetValue<bool>());

        // The port's TTL passes while customer care decides: the inventory is asked to release it.
        api.Clock.Advance(TimeSpan.FromHours(49));
        await TimeSweeper.SweepOnceAsync(api.Clock.GetUtcNow());
        Assert.Contains("\"action\": \"RELEASE\"", await PayloadAsync(id, "FalloutResourceReservationExpired"));

        // The cancellation is prepared; resolving is refused while the customer-care decision is open.
        var version = await CaseFlow.VersionAsync(fiona, id);
        var (cancellation, proposed) = await CaseFlow.ProposeAsync(fiona, id,
            CaseFlow.Proposal("CANCELLATION", new JsonObject { ["scope"] = "ITEM", ["releaseResources"] = true, ["notifyCustomer"] = true }, "no access three times"),
            version);
        // Order management executes the cancellation it was sent and reports it.
        var applied = await CaseFlow.ApplyAsync(api, fiona, id, cancellation, proposed);
        var verifying = await CaseFlow.PostAsync(fiona, $"/fallout-cases/{id}/verify", null, applied.Version());
        var (proof, withProof) = await CaseFlow.AttachAsync(fiona, id, CaseFlow.Evidence("CUSTOMER_CONFIRMATION", provesResolution: true),
            verifying.Version());
        var resolve = new JsonObject { ["decision"] = "CANCEL", ["evidenceId"] = proof.Str("id"), ["reason"] = "the customer cancels" };
        await (await fiona.PostJsonAsync($"/fallout-cases/{id}/resolve", resolve, withProof)).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");

        var decided = await CaseFlow.PostAsync(fiona, $"/fallout-cases/{id}/tasks/{task.Str("id")}/complete",
            new JsonObject { ["outcome"] = "customer care called: the customer cancels the installation" }, withProof);
        var resolved = await CaseFlow.PostAsync(fiona, $"/fallout-cases/{id}/resolve", resolve, decided.Version());
        Assert.Equal("RESOLVED_CANCEL", resolved.Str("status"));
        var token = resolved["resumeToken"]!.AsObject();

        // Only order management redeeming the CANCEL_ITEM token closes the case.
        await (await fiona.PostJsonAsync($"/fallout-cases/{id}/close", new JsonObject { ["reason"] = "done" }, resolved.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        var order = await (await api.Orchestrator().PostJsonAsync($"/fallout-cases/{id}/resume",
            new JsonObject { ["tokenId"] = token.Str("tokenId"), ["orderVersion"] = 7 })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("CANCEL_ITEM", order.Str("mode"));
        Assert.Equal(item, order.Str("serviceOrderItemId"));
        Assert.Equal("CLOSED", (await CaseFlow.GetAsync(fiona, id)).Str("status"));
    }
}
