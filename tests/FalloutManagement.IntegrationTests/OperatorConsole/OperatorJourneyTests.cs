using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;
using OpenQA.Selenium;

namespace FalloutManagement.IntegrationTests.OperatorConsole;

/// <summary>
/// The console in a real browser against the real host and PostgreSQL: an operator pulls, proposes a FORCE_COMPLETE it
/// cannot approve, an approver steps up and approves it in the inbox, the operator attaches evidence, applies,
/// verifies and resolves, and the resume token shows. At every state the buttons equal allowed-actions.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class OperatorJourneyTests(ConsoleHost host)
{
    private const string Queue = "MOBILE_ACTIVATION_L2";
    private const string OperatorSub = "olivia.operator";
    private readonly ConsolePage page = new(host);

    [Fact]
    public async Task An_operator_works_a_force_complete_through_approval_to_a_resume_token()
    {
        var (target, otherQueueCase) = await SeedAsync();
        var olivia = host.As(OperatorSub, [Roles.Operator], [Queue]);
        var ana = host.As("ana.approver", [Roles.Approver], mfa: true);
        var anaWithoutMfa = host.As("ana.approver", [Roles.Approver]);

        // The work list of the operator's queue, then pull-next hands over the one unassigned case.
        page.SignIn(OperatorSub, Roles.Operator, Queue);
        page.Wait("[data-testid=work-list] tbody tr[data-case]");
        page.WaitUntil(() => page.Text("[data-testid=work-list]").Contains("DUPLICATE_SUBSCRIBER_MISMATCH", StringComparison.Ordinal), "the work list");
        Assert.Empty(host.Browser.FindElements(By.CssSelector($"[data-queue=FULFILLMENT_DATA_FIX]")));
        page.Screenshot("work-list");
        page.Click("[data-testid=pull-next]");
        page.WaitUntil(() => host.Browser.Url.EndsWith($"#/case/{target}", StringComparison.Ordinal), "the pulled case");
        await page.AssertButtonsMatchAllowedAsync(olivia, target, "ASSIGNED");

        // Context and SLA are on screen.
        Assert.Contains("left", page.Text("[data-testid=sla]"), StringComparison.Ordinal);
        Assert.Equal(OperatorSub, page.Text("[data-testid=owner]"));
        Assert.Equal(4, host.Browser.FindElements(By.CssSelector("#context svg g.node")).Count);
        Assert.Single(host.Browser.FindElements(By.CssSelector("#context svg g.node.failed")));
        Assert.Contains("ERR 3001: subscriber exists with a different IMSI", page.Text("[data-testid=attempts]"), StringComparison.Ordinal);
        Assert.Contains("PT Contoh Makmur", page.Text(".case-head"), StringComparison.Ordinal);

        page.Act("START");
        await page.AssertButtonsMatchAllowedAsync(olivia, target, "IN_PROGRESS");

        // FORCE_COMPLETE: approval and evidence requirements show before submitting.
        page.Click("[data-action=PROPOSE_CORRECTION]");
        page.Select("[data-testid=correction-type]", "FORCE_COMPLETE");
        page.WaitUntil(() => page.Text("[data-testid=requirements]").Contains("required", StringComparison.Ordinal), "approval requirement");
        Assert.Contains("Approval: required", page.Text("[data-testid=requirements]"), StringComparison.Ordinal);
        Assert.Contains("Evidence:", page.Text("[data-testid=requirements]"), StringComparison.Ordinal);
        page.Fill("form[data-form=PROPOSE_CORRECTION] textarea[name=justification]", "HSS read-back shows the subscriber active with the ordered IMSI.");
        page.Fill("form[data-form=PROPOSE_CORRECTION] textarea[name=reason]", "Provisioned by hand after the vendor fix.");
        page.Click("[data-submit=PROPOSE_CORRECTION]");
        await page.AssertButtonsMatchAllowedAsync(olivia, target, "APPROVAL_REQUIRED");
        Assert.Empty(host.Browser.FindElements(By.CssSelector("[data-action=APPROVE_CORRECTION]")));
        page.Screenshot("case-workspace", fullPage: true);

        // The approver: without MFA the inbox offers only Reject and asks for step-up; after it, Approve shows and works.
        page.SignIn("ana.approver", Roles.Approver);
        page.Open("#/approvals");
        var card = $"article[data-case='{target}']";
        page.Wait($"{card} [data-testid=step-up]");
        Assert.Equal(OperatorSub, page.Text($"{card} [data-testid=maker]").Split(',')[0]);
        await AssertInboxButtonsAsync(anaWithoutMfa, card, target, ["REJECT_CORRECTION"]);
        page.Screenshot("approvals-inbox");
        page.Click($"{card} [data-testid=step-up]");
        page.WaitUntil(() => page.Text("#who").Contains("MFA", StringComparison.Ordinal), "MFA sign-in");
        page.Wait($"{card} [data-action=APPROVE_CORRECTION]");
        await AssertInboxButtonsAsync(ana, card, target, ["APPROVE_CORRECTION", "REJECT_CORRECTION"]);
        page.Fill($"{card} textarea[name=reason]", "Read-back attached; the step is done.");
        page.Click($"{card} [data-action=APPROVE_CORRECTION]");
        page.WaitUntil(() => host.Browser.FindElements(By.CssSelector(card)).Count == 0, "the approved card to leave the inbox");

        // The operator finishes: evidence, apply, verify, resolve; the token shows.
        page.SignIn(OperatorSub, Roles.Operator, Queue);
        page.Open($"#/case/{target}");
        await page.AssertButtonsMatchAllowedAsync(olivia, target, "CORRECTION_PROPOSED");
        page.Act("ATTACH_EVIDENCE", () =>
        {
            page.Select("form[data-form=ATTACH_EVIDENCE] select[name=evidenceType]", "READ_BACK_SNAPSHOT");
            page.Fill("form[data-form=ATTACH_EVIDENCE] textarea[name=content]", "HSS: msisdn=628111000222 imsi=510100000000123 state=ACTIVE");
            page.Click("#ev-proves");
        });
        page.WaitUntil(() => page.Text("[data-testid=evidence]").Contains("Read back snapshot", StringComparison.Ordinal), "the read-back");
        await page.AssertButtonsMatchAllowedAsync(olivia, target, "CORRECTION_PROPOSED");
        page.Act("ATTACH_EVIDENCE", () =>
        {
            page.Select("form[data-form=ATTACH_EVIDENCE] select[name=evidenceType]", "SYNTHETIC_TEST_RESULT");
            page.Fill("form[data-form=ATTACH_EVIDENCE] textarea[name=content]", "Test call and data session from the new SIM: OK");
        });
        page.WaitUntil(() => page.Text("[data-testid=evidence]").Contains("Synthetic test result", StringComparison.Ordinal), "the test result");
        await page.AssertButtonsMatchAllowedAsync(olivia, target, "CORRECTION_PROPOSED");

        await ExecuteForceCompleteAsync(target);
        await page.AssertButtonsMatchAllowedAsync(olivia, target, "CORRECTION_APPLIED");

        page.Act("VERIFY");
        await page.AssertButtonsMatchAllowedAsync(olivia, target, "VERIFYING");

        page.Act("RESOLVE", () =>
        {
            page.Select("form[data-form=RESOLVE] select[name=decision]", "RESUME");
            page.Select("form[data-form=RESOLVE] select[name=resumeMode]", "SKIP_STEP_ALREADY_DONE");
            page.Fill("form[data-form=RESOLVE] textarea[name=reason]", "Subscriber active; the order may skip the step.");
        });
        await page.AssertButtonsMatchAllowedAsync(olivia, target, "RESOLVED_RESUME");
        page.WaitUntil(() => page.Text("[data-testid=resume-token]").Contains("ISSUED", StringComparison.Ordinal), "the resume token");
        var resolved = await (await olivia.GetAsync($"/fallout-cases/{target}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains((string)resolved["resumeToken"]!["tokenId"]!, page.Text("[data-testid=resume-token]"), StringComparison.Ordinal);
        page.Screenshot("case-resolved", fullPage: true);

        // A case of another queue is not reachable: the page says not found, as the API does.
        page.Open($"#/case/{otherQueueCase}");
        page.WaitUntil(() => page.Text("main .problem").Contains("not found", StringComparison.OrdinalIgnoreCase), "not found");
        Assert.Empty(host.Browser.FindElements(By.CssSelector("[data-testid=actions]")));
        await (await olivia.GetAsync($"/fallout-cases/{otherQueueCase}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    /// <summary>
    /// The approved FORCE_COMPLETE, its evidence on the case, went to order management, its owning system: the workspace
    /// shows it waiting on the executor and offers no apply; order management reports SUCCEEDED and the case moves on.
    /// </summary>
    private async Task ExecuteForceCompleteAsync(Guid target)
    {
        page.WaitUntil(() => page.Text("[data-testid=execution]").Contains("REQUESTED", StringComparison.Ordinal), "the correction sent to its executor");
        Assert.Contains("order-management", page.Text("[data-testid=execution]"), StringComparison.Ordinal);
        Assert.Empty(host.Browser.FindElements(By.CssSelector("[data-action=APPLY_CORRECTION]")));
        var fallout = await (await host.Supervisor().GetAsync($"/fallout-cases/{target}")).ExpectAsync(HttpStatusCode.OK);
        var correction = fallout["correctionActions"]!.AsArray().Last()!.AsObject();
        await (await host.Executor("order-management").PostJsonAsync(
            $"/fallout-cases/{target}/correction-actions/{correction.Str("id")}/execution-results", CaseFlow.Result(correction, "SUCCEEDED")))
            .ExpectAsync(HttpStatusCode.OK);
        page.Reload();
    }

    /// <summary>The inbox card's buttons are the approval commands allowed-actions gives the same person (and those are <paramref name="expected"/>).</summary>
    private async Task AssertInboxButtonsAsync(HttpClient approver, string card, Guid caseId, string[] expected)
    {
        var allowed = await (await approver.GetAsync($"/fallout-cases/{caseId}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);
        var decisions = allowed["allowed"]!.AsArray().Select(a => (string)a!).Intersect(["APPROVE_CORRECTION", "REJECT_CORRECTION"]).Order().ToList();
        var shown = host.Browser.FindElements(By.CssSelector($"{card} button[data-action]")).Select(b => b.GetDomAttribute("data-action")!).Order().ToList();
        Assert.Equal(expected, decisions);
        Assert.Equal(decisions, shown);
    }

    /// <summary>
    /// The operator's queue holds one unassigned case with full context (the one pull-next hands out) and a few cases
    /// others own, two of them at risk and breached; another queue holds a case the operator must not reach.
    /// </summary>
    private async Task<(Guid Target, Guid OtherQueue)> SeedAsync()
    {
        var source = host.Source();
        var supervisor = host.Supervisor();
        var decoys = new (string Reason, string Severity, int AgeMinutes, int DueInMinutes, string Owner)[]
        {
            ("IMSI_MISMATCH", "CRITICAL", 300, -20, "dina.operator"),
            ("HLR_TIMEOUT", "HIGH", 200, 30, "rudi.operator"),
            ("PROFILE_NOT_FOUND", "MEDIUM", 40, 600, "rudi.operator"),
        };
        foreach (var d in decoys)
        {
            var created = await (await source.PostJsonAsync("/fallout-cases", Http.Fallout(b =>
            {
                b["reasonCode"] = d.Reason;
                b["severityHint"] = d.Severity;
                b["message"] = $"{d.Reason.Replace('_', ' ').ToLowerInvariant()} on activation";
            }))).ExpectAsync(HttpStatusCode.Created);
            await (await supervisor.PostJsonAsync($"/fallout-cases/{created.Id()}/assign", new JsonObject { ["user"] = d.Owner, ["reason"] = "balancing" },
                created.Version())).ExpectAsync(HttpStatusCode.OK);
            await Sql.ExecuteAsync(host.ConnectionString,
                "UPDATE fallout_cases SET created_at = now() - make_interval(mins => @age), sla_due_at = now() + make_interval(mins => @due) WHERE id = @id",
                ("age", d.AgeMinutes), ("due", d.DueInMinutes), ("id", created.Id()));
        }
        var target = await (await source.PostJsonAsync("/fallout-cases", Http.Fallout(b =>
        {
            b["serviceOrderId"] = "so-1";
            b["serviceOrderItemId"] = "soi-sub";
            b["customerSegment"] = "ENTERPRISE";
            b["revenueAtRisk"] = new JsonObject { ["amount"] = 1_250_000, ["currency"] = "IDR" };
            b["context"] = SampleContext.DuplicateSubscriber();
        }))).ExpectAsync(HttpStatusCode.Created);
        var other = await (await source.PostJsonAsync("/fallout-cases", Http.Fallout(b =>
        {
            b["categoryHint"] = "DATA";
            b["reasonCode"] = "CATALOG_MAPPING_MISSING";
        }))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(Queue, target.Str("queue"));
        Assert.NotEqual(Queue, other.Str("queue"));
        return (target.Id(), other.Id());
    }
}

[CollectionDefinition(nameof(ConsoleCollection))]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleHost>;
