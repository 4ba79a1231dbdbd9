using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Corrections;

/// <summary>The seed's worked examples 29, 30 and 31, end to end through HTTP.</summary>
public sealed class WorkedExampleTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Example_29_duplicate_subscriber_mismatch_runs_from_intake_to_a_single_resume()
    {
        // Intake: ProvisionMobileSubscriber failed, the subscriber exists with the same MSISDN but another IMSI.
        var created = await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        var id = created.Id();
        Assert.Equal("QUEUED", created.Str("status"));
        // olga works the activation queue and also holds the approver role: that must not let her check her own work.
        var olga = api.App.As("olga", [Roles.Operator, Roles.Approver], [CaseFlow.ActivationQueue], mfa: true);
        var claimed = await CaseFlow.PostAsync(olga, $"/fallout-cases/{id}/assign", new JsonObject(), created.Version());
        var started = await CaseFlow.PostAsync(olga, $"/fallout-cases/{id}/start", null, claimed.Version());
        Assert.Equal("IN_PROGRESS", started.Str("status"));

        // Prove first whether the existing subscriber is a stale orphan (read-back), then propose the reallocation.
        var (_, version) = await CaseFlow.AttachAsync(olga, id, CaseFlow.Evidence("READ_BACK_SNAPSHOT", provesResolution: false,
            content: "HSS: MSISDN 62811000001 bound to IMSI 510010000000001, no active session for 90 days"), started.Version());
        var proposal = CaseFlow.Proposal("RESOURCE_REALLOCATION", new JsonObject
        {
            ["oldResourceId"] = "imsi-510010000000001",
            ["newResourceId"] = "imsi-510010000000002",
            ["oldResourceDisposition"] = "RELEASE",
        }, "existing subscriber is a stale orphan; inventory says the new IMSI is the right one");
        var (correction, proposedVersion) = await CaseFlow.ProposeAsync(olga, id, proposal, version);
        var caId = correction.Id();
        Assert.Equal("HIGH", correction.Str("riskLevel"));
        Assert.True((bool)correction["approvalRequired"]!);
        Assert.Equal("PENDING_APPROVAL", correction.Str("status"));
        Assert.Equal("olga", correction.Str("proposedBy"));
        Assert.Equal(proposedVersion, (long)correction["basedOnVersion"]!);
        Assert.StartsWith("resource-reallocation-release@v", correction.Str("policyRef"));
        Assert.Equal("APPROVAL_REQUIRED", (await CaseFlow.GetAsync(olga, id)).Str("status"));

        // Applying before approval is refused.
        await (await olga.PostJsonAsync($"/fallout-cases/{id}/correction-actions/{caId}/apply",
            new JsonObject { ["result"] = "done" }, proposedVersion)).ExpectProblemAsync(HttpStatusCode.Conflict, "APPROVAL_REQUIRED");

        var approve = new JsonObject { ["correctionActionId"] = caId.ToString(), ["decision"] = "APPROVE", ["reason"] = "read-back proves the orphan" };
        // The maker cannot be the checker.
        await (await olga.PostJsonAsync($"/fallout-cases/{id}/approve", approve, proposedVersion))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "SEGREGATION_OF_DUTIES");
        // A checker without step-up cannot approve a HIGH risk correction.
        await (await api.Approver("ana.approver", mfa: false).PostJsonAsync($"/fallout-cases/{id}/approve", approve, proposedVersion))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "STEP_UP_REQUIRED");
        // An operator is not a checker at all.
        await (await api.Operator("omar", CaseFlow.ActivationQueue).PostJsonAsync($"/fallout-cases/{id}/approve", approve, proposedVersion))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(proposedVersion, await CaseFlow.VersionAsync(olga, id));

        var approved = await CaseFlow.PostAsync(api.Approver("ana.approver", mfa: true), $"/fallout-cases/{id}/approve", approve, proposedVersion);
        Assert.Equal("CORRECTION_PROPOSED", approved.Str("status"));
        var approvedCorrection = approved["correctionActions"]!.AsArray().Single()!.AsObject();
        Assert.Equal("READY", approvedCorrection.Str("status"));
        Assert.Equal("ana.approver", approvedCorrection.Str("approvedBy"));

        // Inventory reports the reallocation done; the operator verifies.
        Assert.Equal("REQUESTED", approvedCorrection.Str("executionStatus"));
        Assert.Equal("resource-inventory", approvedCorrection.Str("executor"));
        await (await olga.PostJsonAsync($"/fallout-cases/{id}/correction-actions/{caId}/apply",
                new JsonObject { ["result"] = "done" }, approved.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "EXECUTED_BY_OWNING_SYSTEM");
        var applied = await CaseFlow.ApplyAsync(api, olga, id, approvedCorrection, approved.Version());
        Assert.Equal("CORRECTION_APPLIED", applied.Str("status"));
        var verifying = await CaseFlow.PostAsync(olga, $"/fallout-cases/{id}/verify", null, applied.Version());
        Assert.Equal("VERIFYING", verifying.Str("status"));

        // The read-back does not prove the resolution: resolving on it is refused.
        var readBackId = verifying["evidence"]!.AsArray().Single()!.AsObject().Id();
        var resolve = new JsonObject
        {
            ["decision"] = "RESUME", ["resumeMode"] = "RETRY_FAILED_STEP", ["evidenceId"] = readBackId.ToString(), ["reason"] = "subscriber fixed",
        };
        await (await olga.PostJsonAsync($"/fallout-cases/{id}/resolve", resolve, verifying.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "EVIDENCE_REQUIRED");

        var (proof, afterProof) = await CaseFlow.AttachAsync(olga, id, CaseFlow.Evidence("READ_BACK_SNAPSHOT", provesResolution: true,
            content: "HSS: MSISDN 62811000001 bound to IMSI 510010000000002"), verifying.Version());
        resolve["evidenceId"] = proof.Id().ToString();
        var resolved = await CaseFlow.PostAsync(olga, $"/fallout-cases/{id}/resolve", resolve, afterProof);
        Assert.Equal("RESOLVED_RESUME", resolved.Str("status"));
        var token = resolved["resumeToken"]!.AsObject();
        Assert.Equal("ISSUED", token.Str("status"));
        Assert.Equal(7, (long)token["expectedOrderVersion"]!);
        Assert.Equal(proof.Id().ToString(), token.Str("evidenceId"));
        var tokenId = token.Str("tokenId")!;

        // The order moved on meanwhile: the token is refused at another order version.
        await (await api.Source().PostJsonAsync($"/fallout-cases/{id}/resume", new JsonObject { ["tokenId"] = tokenId, ["orderVersion"] = 8 }))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "ORDER_VERSION_MISMATCH");

        // Twenty racing redemptions on two service instances, by the reporting system and the order's orchestrator: exactly one wins.
        await using var second = new FalloutApp(api.ConnectionString, api.Clock);
        var redeem = new JsonObject { ["tokenId"] = tokenId, ["orderVersion"] = 7 };
        var orchestrates = new Dictionary<string, object> { ["orchestrates"] = true };
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? api.Source() : second.As("order-management", [Roles.Source], extraClaims: orchestrates))
                .PostJsonAsync($"/fallout-cases/{id}/resume", redeem)));
        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(winners);
        foreach (var loser in responses.Except(winners))
        {
            await loser.ExpectProblemAsync(HttpStatusCode.Conflict, "TOKEN_USED");
        }
        var instruction = await winners[0].ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.Str("serviceOrderItemId"), instruction.Str("serviceOrderItemId"));
        Assert.Equal("ProvisionMobileSubscriber", instruction.Str("failedStepKey"));
        Assert.Equal("RETRY_FAILED_STEP", instruction.Str("mode"));
        Assert.Equal(proof.Id().ToString(), instruction.Str("evidenceId"));
        Assert.Equal(caId.ToString(), (string?)instruction["correctionActionIds"]!.AsArray().Single());

        var closed = await CaseFlow.GetAsync(olga, id);
        Assert.Equal("CLOSED", closed.Str("status"));
        Assert.Equal("REDEEMED", closed["resumeToken"]!.AsObject().Str("status"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id = @id AND action = 'RESUME_TOKEN_REDEEMED'", ("id", id)));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = 'FalloutCaseClosed'", ("id", id)));

        // A closed case takes no further command.
        await (await olga.PostJsonAsync($"/fallout-cases/{id}/correction-actions", CaseFlow.Retry(), closed.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await olga.PostJsonAsync($"/fallout-cases/{id}/evidence", CaseFlow.Evidence("DOCUMENT", false), closed.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{id}/resume-token/reissue", new JsonObject { ["reason"] = "again" }, closed.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        Assert.Equal(closed.Version(), await CaseFlow.VersionAsync(olga, id));
    }

    [Fact]
    public async Task Example_29_the_proposal_event_carries_type_risk_and_the_payload_digest_never_the_payload()
    {
        var olga = api.Operator("olga2", CaseFlow.ActivationQueue);
        var started = await CaseFlow.InProgressAsync(api, olga);
        var id = started.Id();
        await CaseFlow.ProposeAsync(olga, id, CaseFlow.Proposal("RESOURCE_REALLOCATION", new JsonObject
        {
            ["oldResourceId"] = "imsi-1", ["newResourceId"] = "imsi-2", ["oldResourceDisposition"] = "QUARANTINE",
        }), started.Version());

        var payload = await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT payload_json::text FROM outbox_events WHERE case_id = @id AND event_type = 'FalloutCorrectionProposed'", ("id", id));
        var body = JsonNode.Parse(payload)!.AsObject();
        Assert.Equal("RESOURCE_REALLOCATION", body.Str("type"));
        Assert.Equal("resource-inventory", body.Str("executor"));
        Assert.Equal("the cause is understood", body.Str("reason"));
        Assert.Null(body["payload"]);
        // sha256 of the canonical payload: keys sorted, no whitespace.
        var canonical = """{"newResourceId":"imsi-2","oldResourceDisposition":"QUARANTINE","oldResourceId":"imsi-1"}""";
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical))),
            body.Str("payloadDigest"));
        Assert.Equal("MEDIUM", body.Str("riskLevel"));
    }

    [Fact]
    public async Task Example_30_field_no_access_waits_on_the_customer_then_reschedules_by_order_amendment()
    {
        var fiona = api.Operator("fiona", "FIXED_FIELD_SUPPORT");
        var started = await CaseFlow.InProgressAsync(api, fiona, b =>
        {
            b["sourceSystem"] = "field-service";
            b["categoryHint"] = "FIELD";
            b["severityHint"] = "MEDIUM";
            b["reasonCode"] = "FIELD_NO_ACCESS";
            b["message"] = "Technician on site, customer unreachable; ONT not installed";
            b["failedStepKey"] = "InstallOnt";
            b["orderVersion"] = 3;
        });
        var id = started.Id();
        Assert.Equal("FIXED_FIELD_SUPPORT", started.Str("queue"));
        var (_, version) = await CaseFlow.AttachAsync(fiona, id, CaseFlow.Evidence("FIELD_TECHNICIAN_REPORT", false), started.Version());
        var waiting = await CaseFlow.PostAsync(fiona, $"/fallout-cases/{id}/wait",
            new JsonObject { ["waitingFor"] = "CUSTOMER", ["reason"] = "customer asked to call back for a new appointment" }, version);
        Assert.Equal("WAITING_CUSTOMER", waiting.Str("status"));

        // The console sees the amendment allowed without approval, but needing the customer's confirmation and a notification.
        var allowed = await (await fiona.GetAsync($"/fallout-cases/{id}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);
        var amendment = allowed["correctionTypes"]!.AsArray().Single(o => (string?)o!["type"] == "ORDER_AMENDMENT")!.AsObject();
        Assert.True((bool)amendment["allowed"]!);
        Assert.False((bool)amendment["approvalRequired"]!);
        Assert.True((bool)amendment["customerNotificationRequired"]!);
        Assert.Equal("CUSTOMER_CONFIRMATION", (string?)amendment["requiredEvidence"]!.AsArray().Single());
        Assert.DoesNotContain("PROPOSE_CORRECTION", allowed["allowed"]!.AsArray().Select(a => (string?)a));

        var resumed = await CaseFlow.PostAsync(fiona, $"/fallout-cases/{id}/continue", null, waiting.Version());
        var reschedule = CaseFlow.Proposal("ORDER_AMENDMENT", new JsonObject
        {
            ["change"] = "CHANGE_INSTALLATION_DATE",
            ["details"] = new JsonObject { ["installationDate"] = "2026-11-05", ["slot"] = "09:00-12:00" },
        }, "customer agreed a new appointment");
        var (correction, proposed) = await CaseFlow.ProposeAsync(fiona, id, reschedule, resumed.Version());
        Assert.Equal("READY", correction.Str("status"));

        // The policy's required evidence comes before the order system is asked to reschedule.
        Assert.Equal("NOT_DISPATCHED", correction.Str("executionStatus"));
        var (_, confirmed) = await CaseFlow.AttachAsync(fiona, id, CaseFlow.Evidence("CUSTOMER_CONFIRMATION", false), proposed);
        Assert.Equal("REQUESTED", (await CaseFlow.CorrectionAsync(api, id, correction.Id())).Str("executionStatus"));
        var applied = await CaseFlow.ApplyAsync(api, fiona, id, correction, confirmed);
        var verifying = await CaseFlow.PostAsync(fiona, $"/fallout-cases/{id}/verify", null, applied.Version());
        var (proof, proved) = await CaseFlow.AttachAsync(fiona, id, CaseFlow.Evidence("CUSTOMER_CONFIRMATION", true), verifying.Version());
        var resolved = await CaseFlow.PostAsync(fiona, $"/fallout-cases/{id}/resolve", new JsonObject
        {
            ["decision"] = "RESUME", ["resumeMode"] = "REPLAN_FROM_STEP", ["evidenceId"] = proof.Id().ToString(), ["reason"] = "rescheduled",
        }, proved);
        Assert.Equal("REPLAN_FROM_STEP", resolved["resumeToken"]!.AsObject().Str("mode"));
        Assert.Equal(3, (long)resolved["resumeToken"]!["expectedOrderVersion"]!);
    }

    [Fact]
    public async Task Example_30_a_third_amendment_needs_customer_care_and_a_checker()
    {
        var fiona = api.Operator("fiona2", "FIXED_FIELD_SUPPORT");
        var started = await CaseFlow.InProgressAsync(api, fiona, b => b["categoryHint"] = "FIELD");
        var id = started.Id();
        var version = started.Version();
        var (_, withConfirmation) = await CaseFlow.AttachAsync(fiona, id, CaseFlow.Evidence("CUSTOMER_CONFIRMATION", false), version);
        version = withConfirmation;
        var reschedule = CaseFlow.Proposal("ORDER_AMENDMENT", new JsonObject
        {
            ["change"] = "CHANGE_INSTALLATION_DATE", ["details"] = new JsonObject { ["installationDate"] = "2026-11-05" },
        });
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var (correction, proposed) = await CaseFlow.ProposeAsync(fiona, id, reschedule, version);
            Assert.False((bool)correction["approvalRequired"]!);
            var applied = await CaseFlow.ApplyAsync(api, fiona, id, correction, proposed);
            var verifying = await CaseFlow.PostAsync(fiona, $"/fallout-cases/{id}/verify", null, applied.Version());
            var failed = await CaseFlow.PostAsync(fiona, $"/fallout-cases/{id}/verification-failed",
                new JsonObject { ["reason"] = "no access again" }, verifying.Version());
            Assert.Equal("IN_PROGRESS", failed.Str("status"));
            version = failed.Version();
        }

        var (third, _) = await CaseFlow.ProposeAsync(fiona, id, reschedule, version);

        Assert.True((bool)third["approvalRequired"]!);
        Assert.Equal("HIGH", third.Str("riskLevel"));
        Assert.StartsWith("order-amendment-repeated@v", third.Str("policyRef"));
    }

    [Fact]
    public async Task Example_31_charging_missing_blocks_force_complete_and_compensates_by_disabling_the_feature()
    {
        var bella = api.Operator("bella", "BILLING_RA");
        var started = await CaseFlow.InProgressAsync(api, bella, b =>
        {
            b["sourceSystem"] = "charging-service";
            b["categoryHint"] = "BILLING";
            b["severityHint"] = "CRITICAL";
            b["reasonCode"] = "CHARGING_PROFILE_MISSING";
            b["message"] = "Data access active, charging bucket creation failed";
            b["failedStepKey"] = "CreateChargingBucket";
        });
        var id = started.Id();

        var allowed = await (await bella.GetAsync($"/fallout-cases/{id}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);
        var force = allowed["correctionTypes"]!.AsArray().Single(o => (string?)o!["type"] == "FORCE_COMPLETE")!.AsObject();
        Assert.False((bool)force["allowed"]!);
        Assert.Equal("REVENUE_ASSURANCE_REVIEW", force.Str("escalationRule"));

        // Force-completing activation while charging control is missing is refused by policy.
        await (await bella.PostJsonAsync($"/fallout-cases/{id}/correction-actions", CaseFlow.Proposal("FORCE_COMPLETE", new JsonObject
        {
            ["step"] = "CreateChargingBucket", ["justification"] = "customer is waiting",
        }), started.Version())).ExpectProblemAsync(HttpStatusCode.Forbidden, "POLICY_DENIED");

        // A large credit adjustment needs a checker.
        var compensation = allowed["correctionTypes"]!.AsArray().Single(o => (string?)o!["type"] == "COMPENSATION")!.AsObject();
        Assert.True((bool)compensation["dependsOnPayload"]!);

        // Block the service until charging is ready: allowed without approval, the customer is told.
        var (disable, proposed) = await CaseFlow.ProposeAsync(bella, id, CaseFlow.Proposal("COMPENSATION",
            new JsonObject { ["kind"] = "DISABLE_FEATURE" }, "suspend data until the charging bucket exists"), started.Version());
        Assert.Equal("READY", disable.Str("status"));
        Assert.Equal("MEDIUM", disable.Str("riskLevel"));
        var notify = await Sql.ScalarAsync<bool>(api.ConnectionString,
            "SELECT (payload_json->>'customerNotificationRequired')::boolean FROM outbox_events WHERE case_id = @id AND event_type = 'FalloutCorrectionProposed'",
            ("id", id));
        Assert.True(notify);
        var applied = await CaseFlow.ApplyAsync(api, bella, id, disable, proposed);
        var verifying = await CaseFlow.PostAsync(bella, $"/fallout-cases/{id}/verify", null, applied.Version());
        var (proof, proved) = await CaseFlow.AttachAsync(bella, id, CaseFlow.Evidence("SYSTEM_AUDIT_LOG", true), verifying.Version());
        var resolved = await CaseFlow.PostAsync(bella, $"/fallout-cases/{id}/resolve", new JsonObject
        {
            ["decision"] = "COMPENSATE", ["evidenceId"] = proof.Id().ToString(), ["reason"] = "data blocked until charging repaired",
        }, proved);
        Assert.Equal("RESOLVED_COMPENSATE", resolved.Str("status"));
        // The compensation needs the order's confirmation: not closed by hand, closed when order management redeems its token.
        var token = resolved["resumeToken"]!.AsObject();
        Assert.Equal("COMPENSATE_AND_CLOSE", token.Str("mode"));
        await (await bella.PostJsonAsync($"/fallout-cases/{id}/close", new JsonObject { ["reason"] = "compensated" }, resolved.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await api.Orchestrator().PostJsonAsync($"/fallout-cases/{id}/resume",
            new JsonObject { ["tokenId"] = token.Str("tokenId"), ["orderVersion"] = resolved["orderVersion"]?.GetValue<long>() ?? 0 }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("CLOSED", (await CaseFlow.GetAsync(api.Supervisor(), id)).Str("status"));
    }

    [Fact]
    public async Task Example_31_a_large_credit_adjustment_needs_approval_and_a_small_one_does_not()
    {
        var bella = api.Operator("bella2", "BILLING_RA");
        var started = await CaseFlow.InProgressAsync(api, bella, b => b["categoryHint"] = "BILLING");
        var large = CaseFlow.Proposal("COMPENSATION", new JsonObject { ["kind"] = "CREDIT_ADJUSTMENT", ["amount"] = 2_500_000, ["currency"] = "IDR" });

        var (correction, _) = await CaseFlow.ProposeAsync(bella, started.Id(), large, started.Version());

        Assert.Equal("HIGH", correction.Str("riskLevel"));
        Assert.True((bool)correction["approvalRequired"]!);

        var other = await CaseFlow.InProgressAsync(api, bella, b => b["categoryHint"] = "BILLING");
        var small = CaseFlow.Proposal("COMPENSATION", new JsonObject { ["kind"] = "CREDIT_ADJUSTMENT", ["amount"] = 25_000, ["currency"] = "IDR" });
        var (smallCorrection, _) = await CaseFlow.ProposeAsync(bella, other.Id(), small, other.Version());
        Assert.Equal("MEDIUM", smallCorrection.Str("riskLevel"));
        Assert.False((bool)smallCorrection["approvalRequired"]!);
    }
}
