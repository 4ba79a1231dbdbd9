using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Events.Feed;
using FalloutManagement.Api.Modules.Events.Hub;

namespace FalloutManagement.UnitTests.Events;

public sealed class HubRulesTests
{
    [Fact]
    public void A_query_names_known_event_types_and_a_case()
    {
        var caseId = Guid.NewGuid();

        var query = HubQuery.Parse($"eventType=FalloutCaseClosed, FalloutCaseAssigned&caseId={caseId}");

        Assert.Equal(["FalloutCaseClosed", "FalloutCaseAssigned"], query.EventTypes);
        Assert.Equal(caseId, query.CaseId);
        Assert.Equal($"eventType=FalloutCaseClosed,FalloutCaseAssigned&caseId={caseId}", query.Text);
        Assert.Same(HubQuery.Everything, HubQuery.Parse("  "));
    }

    [Fact]
    public void A_query_names_one_executor_and_an_executor_registration_is_narrowed_to_its_own()
    {
        var query = HubQuery.Parse("executor=hss-adapter&eventType=FalloutCorrectionExecutionRequested");

        Assert.Equal("hss-adapter", query.Executor);
        Assert.Equal("eventType=FalloutCorrectionExecutionRequested&executor=hss-adapter", query.Text);
        var own = HubQuery.Parse("eventType=FalloutCorrectionExecutionRequested").WithExecutor("activation-service");
        Assert.Equal("eventType=FalloutCorrectionExecutionRequested&executor=activation-service", own.Text);
        Assert.Equal("executor=activation-service", HubQuery.Everything.WithExecutor("activation-service").Text);
    }

    [Theory]
    [InlineData("executor=")]
    [InlineData("executor=a&executor=b")]
    [InlineData("executor=hss-adapter,billing")]
    [InlineData("executor=HSS_ADAPTER")]
    [InlineData("eventType=Unknown")]
    [InlineData("eventType=")]
    [InlineData("caseId=not-a-guid")]
    [InlineData("status=OPEN")]
    [InlineData("eventType=FalloutCaseClosed&eventType=FalloutCaseAssigned")]
    public void Anything_else_in_a_query_is_refused(string query) =>
        Assert.IsType<ValidationProblemException>(Assert.ThrowsAny<DomainException>(() => HubQuery.Parse(query)));

    [Fact]
    public void Back_off_doubles_per_failure_with_jitter_and_a_cap()
    {
        var options = new HubOptions { RetryBaseSeconds = 5, RetryMaxSeconds = 60 };

        Assert.Equal(TimeSpan.FromSeconds(2.5), options.BackOff(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(5), options.BackOff(1, 1));
        Assert.Equal(TimeSpan.FromSeconds(10), options.BackOff(2, 1));
        Assert.Equal(TimeSpan.FromSeconds(20), options.BackOff(3, 1));
        Assert.Equal(TimeSpan.FromSeconds(60), options.BackOff(30, 1));
    }

    [Fact]
    public void The_signature_is_the_lowercase_hex_hmac_sha256_of_the_body() =>
        // RFC 4231 test case 2.
        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            HubSignature.Sign("Jefe", "what do ya want for nothing?"u8.ToArray()));

    [Fact]
    public void A_feed_cursor_round_trips_and_a_foreign_one_is_refused()
    {
        var cursor = new FeedCursor(123456789, 42);

        Assert.Equal(cursor, FeedCursor.Parse(cursor.ToString()));
        Assert.Equal(FeedCursor.Start, FeedCursor.Parse(null));
        Assert.ThrowsAny<DomainException>(() => FeedCursor.Parse("bm90LWEtY3Vyc29y"));
    }

    [Fact]
    public void Ids_made_in_one_millisecond_still_rise_in_order()
    {
        var ids = new SequentialIds();
        var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

        var made = Enumerable.Range(0, 200).Select(_ => ids.Next(at)).ToList();

        Assert.Equal(made.Order(), made);
        Assert.Equal(made.Count, made.Distinct().Count());
        Assert.All(made, id => Assert.Equal(7, id.Version));
    }
}
