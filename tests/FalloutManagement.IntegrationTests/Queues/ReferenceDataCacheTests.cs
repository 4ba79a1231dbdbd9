using System.Net;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Queues;

/// <summary>An instance keeps reference data for a while, and forgets it the moment it saves a change of its own.</summary>
public sealed class ReferenceDataCacheFixture : ApiFixture
{
    public override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ReferenceData:CacheSeconds"] = "300" };
}

public sealed class ReferenceDataCacheTests(ReferenceDataCacheFixture api) : IClassFixture<ReferenceDataCacheFixture>
{
    private async Task<string?> QueueOfNewCaseAsync(string reasonCode) =>
        (await (await api.Source("inventory-service").PostJsonAsync("/fallout-cases", Http.Fallout(b =>
        {
            b.Remove("categoryHint");
            b["sourceSystem"] = "inventory-service";
            b["reasonCode"] = reasonCode;
        }))).ExpectAsync(HttpStatusCode.Created)).Str("queue");

    [Fact]
    public async Task A_rule_written_behind_the_instance_waits_for_the_cache_but_an_admin_change_through_it_counts_at_once()
    {
        Assert.Equal("RESOURCE_CONTROL", await QueueOfNewCaseAsync("STATIC_IP_CONFLICT"));
        var ruleId = await Sql.ScalarAsync<Guid>(api.ConnectionString,
            "SELECT id FROM classification_rules WHERE reason_code = 'STATIC_IP_CONFLICT' AND active");

        // Changed in the database by hand: this instance answers from its copy for now.
        await Sql.ExecuteAsync(api.ConnectionString, "UPDATE classification_rules SET queue = 'FRAUD_REVIEW' WHERE id = @id", ("id", ruleId));
        Assert.Equal("RESOURCE_CONTROL", await QueueOfNewCaseAsync("STATIC_IP_CONFLICT"));

        // Changed through the API of this instance: seen by the very next intake.
        var version = await Sql.ScalarAsync<long>(api.ConnectionString, "SELECT version FROM classification_rules WHERE id = @id", ("id", ruleId));
        await (await api.Admin().PostJsonAsync($"/classification-rules/{ruleId}/deactivate", null, version)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("FALLOUT_TRIAGE", await QueueOfNewCaseAsync("STATIC_IP_CONFLICT"));
    }
}
