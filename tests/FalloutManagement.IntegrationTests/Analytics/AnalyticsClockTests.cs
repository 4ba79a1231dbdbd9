using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Analytics;

/// <summary>
/// The summary finds a period's SLA clocks by their start time (ix_sla_clocks_started_analytics), which is sound only
/// because every clock starts when its case is created. These cases come in through the service, so its planner writes
/// the clocks.
/// </summary>
public sealed class AnalyticsClockTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Clocks_start_when_their_case_is_created_and_the_summary_counts_them_per_period_and_queue()
    {
        var first = (await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created)).Id();
        api.Clock.Advance(TimeSpan.FromHours(2));
        var second = (await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout(b => { b["categoryHint"] = "BILLING"; b["reasonCode"] = "CHARGING_PROFILE_MISSING"; })))
            .ExpectAsync(HttpStatusCode.Created)).Id();
        api.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "sla_clocks k",
            "NOT EXISTS (SELECT 1 FROM fallout_cases c WHERE c.id = k.case_id AND c.created_at = k.started_at)"));
        var clocksPerCase = await Sql.CountAsync(api.ConnectionString, "sla_clocks", "case_id = @id", ("id", first));
        Assert.True(clocksPerCase >= 4, $"expected the four policy clocks, found {clocksPerCase}");
        var firstQueue = await Sql.ScalarAsync<string>(api.ConnectionString, "SELECT queue FROM fallout_cases WHERE id = @id", ("id", first));
        var secondQueue = await Sql.ScalarAsync<string>(api.ConnectionString, "SELECT queue FROM fallout_cases WHERE id = @id", ("id", second));
        Assert.NotEqual(firstQueue, secondQueue);

        var now = api.Clock.GetUtcNow();
        static string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));
        static int Clocks(JsonNode summary) => summary["slaBreach"]!.AsArray().Sum(b => (int)b!["clocks"]!);

        var both = await (await api.Supervisor().GetAsync($"/analytics/summary?from={At(now.AddHours(-3))}&to={At(now)}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, (int)both["casesCreated"]!);
        Assert.Equal(await Sql.CountAsync(api.ConnectionString, "sla_clocks", "case_id IN (@a, @b)", ("a", first), ("b", second)), Clocks(both));

        // The period starts after the first case was created: only the second case's clocks.
        var later = await (await api.Supervisor().GetAsync($"/analytics/summary?from={At(now.AddHours(-1))}&to={At(now)}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)later["casesCreated"]!);
        Assert.Equal(await Sql.CountAsync(api.ConnectionString, "sla_clocks", "case_id = @id", ("id", second)), Clocks(later));

        // A queue narrows the clocks to that queue's cases.
        var byQueue = await (await api.Supervisor().GetAsync($"/analytics/summary?from={At(now.AddHours(-3))}&to={At(now)}&queue={firstQueue}"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)byQueue["casesCreated"]!);
        Assert.Equal(clocksPerCase, Clocks(byQueue));
    }
}
