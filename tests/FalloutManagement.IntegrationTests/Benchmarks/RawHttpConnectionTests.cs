using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Benchmarks;
using FalloutManagement.IntegrationTests.Infrastructure;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Benchmarks;

/// <summary>
/// The benchmark app's load generator (<see cref="RawHttpConnection"/>) against the real service on a real Kestrel
/// port: what it counts must be what the service answered, or its figures mean nothing.
/// </summary>
public sealed class RawHttpConnectionTests(KestrelHost host) : IClassFixture<KestrelHost>
{
    [Fact]
    public async Task A_new_event_is_201_and_its_replay_on_the_same_connection_200_with_one_case_written()
    {
        // The 201 carries a Content-Length (the masking step buffers the answer); the refusal below is chunked.
        using var connection = Connection(TestTokens.Mint("bench-source", [Roles.Source]));
        var body = Body("bench-source", "evt-raw-1");

        var first = connection.Post(body, keepErrorBody: true);
        var again = connection.Post(body, keepErrorBody: true);

        Assert.Equal((201, null), first);
        Assert.Equal((200, null), again);
        await using var data = NpgsqlDataSource.Create(host.ConnectionString);
        await using var count = data.CreateCommand("SELECT count(*) FROM fallout_cases WHERE source_event_id = 'evt-raw-1'");
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public void A_refusal_is_counted_with_its_problem_body_read_whole()
    {
        // A token for another system: 403, a problem+json body the service sends chunked.
        using var connection = Connection(TestTokens.Mint("someone-else", [Roles.Source]));

        var (status, text) = connection.Post(Body("bench-source", "evt-raw-2"), keepErrorBody: true);
        var next = connection.Post(Body("bench-source", "evt-raw-3"), keepErrorBody: false);

        Assert.Equal(403, status);
        Assert.NotNull(text);
        Assert.StartsWith("{", text);
        Assert.EndsWith("}", text);
        Assert.Contains("\"code\":\"FORBIDDEN\"", text);
        // The connection is still usable after a chunked answer: the next answer is read from where this one ended.
        Assert.Equal((403, null), next);
    }

    [Fact]
    public void No_server_is_a_transport_error_not_a_status()
    {
        using var connection = new RawHttpConnection(new Uri("http://127.0.0.1:9"), "/fallout-cases", "application/json", "token",
            TimeSpan.FromSeconds(5));

        var (status, text) = connection.Post(Body("bench-source", "evt-raw-4"), keepErrorBody: true);

        Assert.Equal(-1, status);
        Assert.Contains("Socket", text);
    }

    private RawHttpConnection Connection(string token) =>
        new(host.BaseAddress, "/fallout-cases", "application/json", token, TimeSpan.FromSeconds(30));

    private static byte[] Body(string sourceSystem, string eventId) => System.Text.Encoding.UTF8.GetBytes($$"""
        {"sourceSystem":"{{sourceSystem}}","sourceEventId":"{{eventId}}","correlationId":"corr-{{eventId}}","customerId":"cust-1","serviceOrderId":"so-{{eventId}}","serviceOrderItemId":"soi-{{eventId}}","resourceId":"res-1","categoryHint":"ACTIVATION","severityHint":"HIGH","reasonCode":"DUPLICATE_SUBSCRIBER_MISMATCH","message":"Subscriber exists with same MSISDN but different IMSI","failedStepKey":"ProvisionMobileSubscriber","resumePoint":"after command ProvisionMobileSubscriber","orderVersion":7,"occurredAt":"2026-11-27T01:00:00Z"}
        """);
}
