using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;
using OpenQA.Selenium;

namespace FalloutManagement.IntegrationTests.OperatorConsole;

/// <summary>
/// What probing the console as its users would found (2026-12-07), held in a real browser: identifiers that look like
/// numbers keep every digit in a data correction, large text evidence goes up, bidirectional controls in data cannot
/// reorder the console's own text, and task commands are offered only with a task to act on.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ConsoleHardeningTests(ConsoleHost host)
{
    private const string Queue = "MOBILE_ACTIVATION_L2";
    private const string OperatorSub = "oscar.operator";
    private readonly ConsolePage page = new(host);

    [Fact]
    public async Task An_operator_keeps_identifier_digits_uploads_large_text_and_sees_data_bidi_controls_as_marks()
    {
        var oscar = host.As(OperatorSub, [Roles.Operator], [Queue]);
        var id = await OpenInProgressAsync(oscar, b =>
        {
            b["customerSegment"] = "ENTERPRISE";
            b["context"] = new JsonObject { ["customer"] = new JsonObject { ["name"] = "PT Contoh \u202Eedirrevo", ["segment"] = "ENTERPRISE" } };
        });

        // The override shows as a mark, and the console's "(ENTERPRISE)" after it reads as written.
        var head = page.Text(".case-head");
        Assert.Contains("\u27E6U+202E\u27E7", head, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', head);
        Assert.Contains("(ENTERPRISE)", head, StringComparison.Ordinal);

        // No open task: no task buttons, and the rest equals allowed-actions.
        Assert.Empty(host.Browser.FindElements(By.CssSelector("[data-action=ASSIGN_TASK], [data-action=COMPLETE_TASK]")));
        await page.AssertButtonsMatchAllowedAsync(oscar, id, "IN_PROGRESS");

        // 300 KB of text evidence: the base64 step no longer overflows the call stack.
        page.Click("[data-action=ATTACH_EVIDENCE]");
        page.Wait("form[data-form=ATTACH_EVIDENCE]");
        ((IJavaScriptExecutor)host.Browser).ExecuteScript(
            "document.querySelector('form[data-form=ATTACH_EVIDENCE] textarea[name=content]').value = 'read-back line\\n'.repeat(20000);");
        page.Click("[data-submit=ATTACH_EVIDENCE]");
        page.WaitUntil(() => page.Text("[data-testid=evidence]").Contains("300000 bytes", StringComparison.Ordinal), "the large evidence");
        var evidence = Assert.Single((await CaseFlow.GetAsync(oscar, id))["evidence"]!.AsArray());
        Assert.Equal(300_000, (long)evidence!["contentLength"]!);

        // An ICCID typed into a data correction goes out as the text typed, not as a rounded number.
        page.Click("[data-action=PROPOSE_CORRECTION]");
        page.Select("[data-testid=correction-type]", "DATA_CORRECTION");
        page.Fill("form[data-form=PROPOSE_CORRECTION] input[name=field]", "iccid");
        page.Fill("form[data-form=PROPOSE_CORRECTION] input[name=before]", "89621000000000001234");
        page.Fill("form[data-form=PROPOSE_CORRECTION] input[name=after]", "89621000000000005678");
        page.Fill("form[data-form=PROPOSE_CORRECTION] textarea[name=reason]", "The SIM was swapped in the shop; the HSS still holds the old card.");
        Assert.Contains("default policy", page.Text("[data-testid=policy-note]"), StringComparison.Ordinal);
        page.Click("[data-submit=PROPOSE_CORRECTION]");
        page.WaitUntil(() => page.Text("#evidence").Contains("89621000000000005678", StringComparison.Ordinal), "the proposed correction");
        var correction = Assert.Single((await CaseFlow.GetAsync(oscar, id))["correctionActions"]!.AsArray());
        Assert.Equal("89621000000000001234", (string?)correction!["payload"]!["before"]);
        Assert.Equal("89621000000000005678", (string?)correction["payload"]!["after"]);
        Assert.DoesNotContain("SEVERE", page.BrowserLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_adds_assigns_and_completes_a_task_and_sees_it_on_the_case()
    {
        await OpenInProgressAsync(host.As(OperatorSub, [Roles.Operator], [Queue]));

        page.Act("CREATE_TASK", () =>
        {
            page.Fill("form[data-form=CREATE_TASK] input[name=taskType]", "FIELD_VISIT");
            page.Fill("form[data-form=CREATE_TASK] textarea[name=instruction]", "Check the ONT at the customer's premises.");
        });
        page.WaitUntil(() => page.Text("[data-testid=tasks]").Contains("FIELD_VISIT", StringComparison.Ordinal), "the task on the case");
        // Assigning a task needs a reason (the service's rule); the form asks for it.
        page.Act("ASSIGN_TASK", () =>
        {
            page.Fill("form[data-form=ASSIGN_TASK] input[name=user]", "fiona.field");
            page.Fill("form[data-form=ASSIGN_TASK] input[name=reason]", "Fiona covers the area today.");
        });
        page.WaitUntil(() => page.Text("[data-testid=tasks]").Contains("fiona.field", StringComparison.Ordinal), "the assigned task");
        page.Act("COMPLETE_TASK", () => page.Fill("form[data-form=COMPLETE_TASK] input[name=outcome]", "ONT replaced; light is green."));
        page.WaitUntil(() => page.Text("[data-testid=tasks]").Contains("ONT replaced", StringComparison.Ordinal), "the completed task");
        Assert.Empty(host.Browser.FindElements(By.CssSelector("[data-action=ASSIGN_TASK], [data-action=COMPLETE_TASK]")));
    }

    [Fact]
    public async Task A_supervisor_links_a_case_to_an_open_incident_picked_by_its_title()
    {
        var sam = host.Supervisor();
        var incident = await (await sam.PostJsonAsync("/incidents", Incidents.IncidentHelpers.Incident(b => b["title"] = "Charging gateway outage")))
            .ExpectAsync(HttpStatusCode.Created);
        var fallout = await (await host.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);

        page.SignIn("sam.supervisor", Roles.Supervisor);
        page.Open($"#/case/{fallout.Id()}");
        page.WaitForStatus("QUEUED");
        page.Click("[data-action=LINK_INCIDENT]");
        // The form offers the open incidents by title; the value is the incident's id.
        page.WaitUntil(() => host.Browser.FindElements(By.CssSelector($"[data-testid=open-incidents] option[value='{incident.Id()}']")).Count == 1,
            "the open incident among the choices");
        Assert.Contains("Charging gateway outage", host.Browser.FindElement(By.CssSelector($"[data-testid=open-incidents] option[value='{incident.Id()}']"))
            .GetDomProperty("textContent"), StringComparison.Ordinal);
        page.Fill("form[data-form=LINK_INCIDENT] input[name=incidentId]", incident.Id().ToString());
        page.Fill("form[data-form=LINK_INCIDENT] textarea[name=reason]", "Failed while the charging gateway was down.");
        page.Click("[data-submit=LINK_INCIDENT]");

        page.WaitUntil(() => (string?)CaseFlow.GetAsync(sam, fallout.Id()).GetAwaiter().GetResult()["incidentId"] == incident.Id().ToString(), "the link");

        // Recovery runs only once the incident is resolved: the page resolves it, then offers the dry run.
        page.Open("#/incidents");
        page.WaitUntil(() => page.Fresh(() => host.Browser.FindElements(By.CssSelector(".incident-list button")).Any(b => b.Text == "Charging gateway outage")),
            "the incident in the list");
        page.Fresh(() => host.Browser.FindElements(By.CssSelector(".incident-list button")).First(b => b.Text == "Charging gateway outage").Click());
        page.Wait("[data-testid=recovery-waits]");
        page.Fill("form[data-form=resolve-incident] textarea[name=rootCause]", "A full disk on the charging gateway.");
        page.Click("[data-submit=resolve-incident]");
        page.WaitUntil(() => host.Browser.FindElements(By.CssSelector("main button")).Any(b => b.Text == "Dry run"), "the dry run offered");
        Assert.Equal("RESOLVED", (string?)(await (await sam.GetAsync($"/incidents/{incident.Id()}")).ExpectAsync(HttpStatusCode.OK))["status"]);
    }

    /// <summary>A case the operator claimed and started, open in the workspace as the operator.</summary>
    [Fact]
    public async Task A_case_whose_stored_context_lists_hold_nulls_still_shows_its_context()
    {
        // The intake refuses null list elements now; a case stored before that may hold them. Its page still renders
        // (the console skipped nothing and threw on the first null before).
        var oscar = host.As(OperatorSub, [Roles.Operator], [Queue]);
        var created = await (await host.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        var id = created.Id();
        await Sql.ExecuteAsync(host.ConnectionString, """
            UPDATE fallout_cases SET context = '{"order":{"items":[null,{"id":"soi-ctx","action":"add"}]},
              "resources":[null,{"resourceId":"res-ctx-7","resourceType":"MSISDN"}],"activationAttempts":[null]}'::jsonb
             WHERE id = @id
            """, ("id", id));
        var claimed = await (await oscar.PostJsonAsync($"/fallout-cases/{id}/assign", new JsonObject(), created.Version())).ExpectAsync(HttpStatusCode.OK);
        await (await oscar.PostJsonAsync($"/fallout-cases/{id}/start", null, claimed.Version())).ExpectAsync(HttpStatusCode.OK);
        page.SignIn(OperatorSub, Roles.Operator, Queue);
        page.Open($"#/case/{id}");
        page.WaitForStatus("IN_PROGRESS");

        page.WaitUntil(() => page.Text("#context").Contains("res-ctx-7", StringComparison.Ordinal), "the stored resource");
        Assert.Contains("No attempts reported.", page.Text("#context"), StringComparison.Ordinal);
        Assert.Contains("soi-ctx", page.Text("#context"), StringComparison.Ordinal);
        Assert.DoesNotContain("SEVERE", page.BrowserLog(), StringComparison.Ordinal);
    }

    private async Task<Guid> OpenInProgressAsync(HttpClient worker, Action<JsonObject>? change = null)
    {
        var created = await (await host.Source().PostJsonAsync("/fallout-cases", Http.Fallout(change))).ExpectAsync(HttpStatusCode.Created);
        var id = created.Id();
        var claimed = await (await worker.PostJsonAsync($"/fallout-cases/{id}/assign", new JsonObject(), created.Version())).ExpectAsync(HttpStatusCode.OK);
        await (await worker.PostJsonAsync($"/fallout-cases/{id}/start", null, claimed.Version())).ExpectAsync(HttpStatusCode.OK);
        page.SignIn(OperatorSub, Roles.Operator, Queue);
        page.Open($"#/case/{id}");
        page.WaitForStatus("IN_PROGRESS");
        return id;
    }
}
