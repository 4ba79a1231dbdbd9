using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;
using OpenQA.Selenium;

namespace FalloutManagement.IntegrationTests.OperatorConsole;

/// <summary>
/// A supervisor in the console: every queue and the escalations, analytics as charts, an incident with its linked
/// cases and a recovery dry run, and what the workspace does when the case changed underneath (412) or the service
/// refuses a command (the problem's title and detail).
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class SupervisorConsoleTests(ConsoleHost host)
{
    private readonly ConsolePage page = new(host);

    [Fact]
    public async Task A_supervisor_sees_every_queue_the_charts_and_an_incident_with_a_recovery_dry_run()
    {
        await SeedHistoryAsync();
        var incident = await SeedIncidentAsync();

        page.SignIn("sam.supervisor", Roles.Supervisor);
        page.Wait("[data-testid=work-list]");
        Assert.NotEmpty(host.Browser.FindElements(By.CssSelector("[data-queue=FULFILLMENT_DATA_FIX]")));
        Assert.NotEmpty(host.Browser.FindElements(By.CssSelector("[data-queue=__escalations]")));

        page.Open("#/analytics");
        page.WaitUntil(() => host.Browser.FindElement(By.Id("main")).GetDomAttribute("data-charts-ready") == "6", "six charts");
        Assert.Equal(6, host.Browser.FindElements(By.CssSelector(".chart-box canvas")).Count(c => c.Size.Height > 100));
        page.Screenshot("analytics", fullPage: true);

        page.Open("#/incidents");
        page.WaitUntil(() => page.Text("main").Contains("Linked cases", StringComparison.Ordinal), "the incident");
        Assert.Equal(3, host.Browser.FindElements(By.CssSelector("main table.mini tbody tr")).Count);
        page.Fresh(() => host.Browser.FindElements(By.CssSelector("main button")).First(b => b.Text == "Dry run").Click());
        page.WaitUntil(() => page.Text("main").Contains("Dry run COMPLETED", StringComparison.Ordinal), "the dry run");
        Assert.True(page.Fresh(() => host.Browser.FindElements(By.CssSelector("main button")).First(b => b.Text == "Run recovery").Enabled));
        Assert.Equal(0, await Sql.CountAsync(host.ConnectionString, "recovery_jobs", "incident_id = @id", ("id", incident)));
    }

    [Fact]
    public async Task A_stale_command_shows_what_changed_and_a_refusal_shows_the_problem()
    {
        var supervisor = host.Supervisor();
        var created = await (await host.Source().PostJsonAsync("/fallout-cases", Http.Fallout(b => b["context"] = SampleContext.DuplicateSubscriber())))
            .ExpectAsync(HttpStatusCode.Created);
        var id = created.Id();
        var claimed = await supervisor.PostJsonAsync($"/fallout-cases/{id}/assign", new JsonObject(), created.Version());
        await (await supervisor.PostJsonAsync($"/fallout-cases/{id}/start", null, claimed.ETag())).ExpectAsync(HttpStatusCode.OK);

        page.SignIn("sam.supervisor", Roles.Supervisor);
        page.Open($"#/case/{id}");
        await page.AssertButtonsMatchAllowedAsync(supervisor, id, "IN_PROGRESS");

        // Someone else escalates the case while the page shows version 5.
        var current = await supervisor.GetAsync($"/fallout-cases/{id}");
        await (await supervisor.PostJsonAsync($"/fallout-cases/{id}/escalate", new JsonObject { ["reason"] = "customer called twice" }, current.ETag()))
            .ExpectAsync(HttpStatusCode.OK);

        ProposeDataCorrection("imsi", "510100000000456", "510100000000123");
        page.Wait("[data-testid=version-conflict]");
        Assert.Contains("escalationLevel: 0 → 1", page.Text("[data-testid=version-conflict]"), StringComparison.Ordinal);
        page.WaitUntil(() => page.Text(".case-title").Contains("Escalated", StringComparison.Ordinal), "the reloaded case");
        await page.AssertButtonsMatchAllowedAsync(supervisor, id, "IN_PROGRESS");

        // The service refuses a correction whose after equals its before: the page shows the problem, nothing changes.
        ProposeDataCorrection("imsi", "510100000000123", "510100000000123");
        page.WaitUntil(() => page.Text(".form-problem").Contains("Validation failed", StringComparison.Ordinal), "the problem");
        Assert.Contains("payload.after", page.Text(".form-problem"), StringComparison.Ordinal);
        Assert.Contains("after must differ from before", page.Text(".form-problem"), StringComparison.Ordinal);
        var after = await (await supervisor.GetAsync($"/fallout-cases/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("IN_PROGRESS", after.Str("status"));
        Assert.Empty(after["correctionActions"]!.AsArray());
    }

    private void ProposeDataCorrection(string field, string before, string after) =>
        page.Act("PROPOSE_CORRECTION", () =>
        {
            page.Select("[data-testid=correction-type]", "DATA_CORRECTION");
            page.Fill("form[data-form=PROPOSE_CORRECTION] input[name=field]", field);
            page.Fill("form[data-form=PROPOSE_CORRECTION] input[name=before]", before);
            page.Fill("form[data-form=PROPOSE_CORRECTION] input[name=after]", after);
            page.Fill("form[data-form=PROPOSE_CORRECTION] textarea[name=reason]", "Align the IMSI with the HSS");
        });

    /// <summary>Two weeks of fallout across categories (creation times moved back), so the charts have a history.</summary>
    private async Task SeedHistoryAsync()
    {
        var source = host.Source();
        string[] categories = ["ACTIVATION", "DATA", "RESOURCE", "FIELD", "BILLING"];
        for (var i = 0; i < 30; i++)
        {
            var category = categories[i % categories.Length];
            var created = await (await source.PostJsonAsync("/fallout-cases", Http.Fallout(b =>
            {
                b["categoryHint"] = category;
                b["severityHint"] = new[] { "LOW", "MEDIUM", "HIGH", "MEDIUM", "CRITICAL" }[i % 5];
                b["reasonCode"] = $"{category}_FAILURE_{i % 3}";
                b["resourceId"] = $"res-{i % 4}";
            }))).ExpectAsync(HttpStatusCode.Created);
            await Sql.ExecuteAsync(host.ConnectionString, "UPDATE fallout_cases SET created_at = now() - make_interval(days => @days, hours => @hours) WHERE id = @id",
                ("days", i % 12), ("hours", i % 5), ("id", created.Id()));
            if (i % 3 == 0)
            {
                // Every third case ran past its clocks.
                await Sql.ExecuteAsync(host.ConnectionString,
                    "UPDATE sla_clocks SET due_at = now() - interval '1 hour' WHERE case_id = @id AND met_at IS NULL AND kind <> @kind",
                    ("id", created.Id()), ("kind", i % 2 == 0 ? "TIME_TO_RESOLVE" : "NONE"));
            }
        }
    }

    /// <summary>An HSS outage: an incident whose auto-link rule catches three reports, then resolved so recovery may run.</summary>
    private async Task<Guid> SeedIncidentAsync()
    {
        var supervisor = host.Supervisor();
        var incident = await (await supervisor.PostJsonAsync("/incidents", new JsonObject
        {
            ["title"] = "HSS cluster 2 unreachable",
            ["description"] = "Provisioning to HSS cluster 2 times out since 08:40.",
            ["affectedTargetSystem"] = "HSS",
            ["startedAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
            ["autoLinkRule"] = new JsonObject { ["reasonCode"] = "HSS_UNREACHABLE" },
        })).ExpectAsync(HttpStatusCode.Created);
        for (var i = 0; i < 3; i++)
        {
            await (await host.Source().PostJsonAsync("/fallout-cases", Http.Fallout(b => b["reasonCode"] = "HSS_UNREACHABLE"))).ExpectAsync(HttpStatusCode.Created);
        }
        await (await supervisor.PostJsonAsync($"/incidents/{incident.Id()}/resolve", new JsonObject { ["rootCause"] = "Expired certificate on the HSS front end" }))
            .ExpectAsync(HttpStatusCode.OK);
        return incident.Id();
    }
}
