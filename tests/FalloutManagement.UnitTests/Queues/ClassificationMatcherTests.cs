using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Domain;
using FalloutManagement.Api.Modules.Queues.Routing;

namespace FalloutManagement.UnitTests.Queues;

public sealed class ClassificationMatcherTests
{
    private static FalloutReport Report(string reason = "DUPLICATE_SUBSCRIBER_MISMATCH", FalloutCategory? hint = null, Severity? severityHint = null,
        string? segment = null, string source = "activation-service", string? step = "ProvisionMobileSubscriber") =>
        new(source, "e", "c", reason, "m", CustomerSegment: segment, CategoryHint: hint, SeverityHint: severityHint, FailedStepKey: step);

    private static ClassificationRule Rule(int priority, string? reason = null, string queue = "Q", string? source = null, FalloutCategory? hint = null,
        string? step = null, Severity severity = Severity.MEDIUM, bool active = true) => new()
    {
        Id = Guid.NewGuid(), Priority = priority, ReasonCode = reason, SourceSystem = source, CategoryHint = hint, FailedStepKey = step,
        Category = FalloutCategory.ACTIVATION, Severity = severity, Queue = queue, Active = active,
    };

    [Fact]
    public void The_lowest_priority_number_wins()
    {
        var specific = Rule(100, "DUPLICATE_SUBSCRIBER_MISMATCH", "SPECIFIC", source: "activation-service", step: "ProvisionMobileSubscriber");
        var first = Rule(10, "DUPLICATE_SUBSCRIBER_MISMATCH", "FIRST");
        Assert.Same(first, ClassificationMatcher.Match([specific, first], Report()));
    }

    [Fact]
    public void At_equal_priority_the_more_specific_rule_wins()
    {
        var reasonOnly = Rule(100, "DUPLICATE_SUBSCRIBER_MISMATCH", "REASON");
        var withSource = Rule(100, "DUPLICATE_SUBSCRIBER_MISMATCH", "SOURCE", source: "activation-service");
        Assert.Same(withSource, ClassificationMatcher.Match([reasonOnly, withSource], Report()));
    }

    [Fact]
    public void An_exact_reason_code_beats_a_pattern_at_equal_priority()
    {
        var pattern = Rule(100, "DUPLICATE_%", "PATTERN");
        var exact = Rule(100, "DUPLICATE_SUBSCRIBER_MISMATCH", "EXACT");
        Assert.Same(exact, ClassificationMatcher.Match([pattern, exact], Report()));
        Assert.Same(pattern, ClassificationMatcher.Match([pattern, exact], Report("DUPLICATE_ACCOUNT")));
    }

    [Fact]
    public void A_category_hint_keeps_rules_of_other_categories_out()
    {
        var activation = Rule(100, "DUPLICATE_SUBSCRIBER_MISMATCH", "MOBILE_ACTIVATION_L2");
        var dataFallback = Rule(1000, hint: FalloutCategory.DATA, queue: "FULFILLMENT_DATA_FIX");
        dataFallback.Category = FalloutCategory.DATA;
        Assert.Same(activation, ClassificationMatcher.Match([activation, dataFallback], Report()));
        Assert.Same(activation, ClassificationMatcher.Match([activation, dataFallback], Report(hint: FalloutCategory.ACTIVATION)));
        Assert.Same(dataFallback, ClassificationMatcher.Match([activation, dataFallback], Report(hint: FalloutCategory.DATA)));
    }

    [Theory]
    [InlineData("HLR_%", "HLR_TIMEOUT", true)]
    [InlineData("HLR_%", "HLR_", true)]
    [InlineData("HLR_%", "XHLR_TIMEOUT", false)]
    [InlineData("%_TIMEOUT", "PARTNER_API_TIMEOUT", true)]
    [InlineData("A%B%C", "AxxBxxC", true)]
    [InlineData("KYC_INCOMPLETE", "KYC_INCOMPLETE", true)]
    [InlineData("KYC_INCOMPLETE", "KYCXINCOMPLETE", false)]
    [InlineData("KYC.INCOMPLETE", "KYCXINCOMPLETE", false)]
    [InlineData("A%A", "A", false)]
    [InlineData("A%A", "AA", true)]
    [InlineData("%", "", true)]
    [InlineData("A%B%B", "AB", false)]
    [InlineData("A%B%C", "ACB", false)]
    [InlineData("%B%B%", "xBxBx", true)]
    [InlineData("%B%B%", "xBx", false)]
    public void Reason_patterns_use_percent_as_the_only_wildcard(string pattern, string reason, bool matches)
    {
        Assert.Equal(matches, ClassificationMatcher.ReasonMatches(pattern, reason));
    }

    [Fact]
    public void Every_condition_set_must_match_and_inactive_rules_never_do()
    {
        Assert.Null(ClassificationMatcher.Match([Rule(1, "DUPLICATE_SUBSCRIBER_MISMATCH", source: "billing")], Report()));
        Assert.Null(ClassificationMatcher.Match([Rule(1, "DUPLICATE_SUBSCRIBER_MISMATCH", step: "Other")], Report()));
        Assert.Null(ClassificationMatcher.Match([Rule(1, hint: FalloutCategory.DATA)], Report(hint: FalloutCategory.ACTIVATION)));
        Assert.Null(ClassificationMatcher.Match([Rule(1, "DUPLICATE_SUBSCRIBER_MISMATCH", active: false)], Report()));
        Assert.NotNull(ClassificationMatcher.Match([Rule(1, hint: FalloutCategory.ACTIVATION)], Report(hint: FalloutCategory.ACTIVATION)));
    }

    [Theory]
    [InlineData(Severity.MEDIUM, null, null, Severity.MEDIUM)]
    [InlineData(Severity.MEDIUM, Severity.HIGH, null, Severity.HIGH)]
    [InlineData(Severity.HIGH, Severity.LOW, null, Severity.HIGH)]
    [InlineData(Severity.MEDIUM, null, "ENTERPRISE", Severity.HIGH)]
    [InlineData(Severity.MEDIUM, Severity.HIGH, "enterprise", Severity.CRITICAL)]
    [InlineData(Severity.CRITICAL, null, "ENTERPRISE", Severity.CRITICAL)]
    [InlineData(Severity.LOW, null, "CONSUMER", Severity.LOW)]
    public void The_hint_may_raise_the_severity_and_enterprise_raises_it_one_step(Severity rule, Severity? hint, string? segment, Severity expected)
    {
        Assert.Equal(expected, ClassificationMatcher.SeverityFor(rule, hint, segment));
    }
}
