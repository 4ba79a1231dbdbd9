using System.Text.Json;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections.Policy;

namespace FalloutManagement.UnitTests.Corrections;

public sealed class PolicyEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static PolicyContext Context(FalloutCategory category = FalloutCategory.ACTIVATION, string? segment = null, string queue = "MOBILE_ACTIVATION_L2",
        string role = Roles.Operator, int previous = 0, CorrectionType previousType = CorrectionType.RETRY) =>
        new(category, Severity.HIGH, CaseStatus.IN_PROGRESS, "MOBILE_POSTPAID", segment, queue, new HashSet<string> { role },
            new Dictionary<CorrectionType, int> { [previousType] = previous });

    private static ActionPolicy Policy(string name, int priority, PolicyMatch match, bool allowed = true, RiskLevel risk = RiskLevel.MEDIUM,
        bool approval = false, params EvidenceType[] evidence) =>
        ActionPolicy.Create(Guid.CreateVersion7(Now), name, null, priority, match, new PolicyOutcome(allowed, risk, approval, evidence), "adm", Now);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void Without_a_matching_policy_a_type_is_not_allowed()
    {
        var decision = PolicyEvaluator.Decide([Policy("retry", 0, new(CorrectionType: CorrectionType.RETRY))], Context(),
            CorrectionType.CANCELLATION, Json("{}"));

        Assert.False(decision.Allowed);
        Assert.Null(decision.PolicyRef);
        Assert.Throws<DomainException>(() => PolicyEvaluator.EnsureAllowed(decision));
    }

    [Fact]
    public void The_highest_priority_wins_over_a_more_specific_lower_one()
    {
        var specific = Policy("specific", 10, new(CorrectionType: CorrectionType.RETRY, Queue: "MOBILE_ACTIVATION_L2", Category: FalloutCategory.ACTIVATION),
            risk: RiskLevel.LOW);
        var broad = Policy("broad", 20, new(), risk: RiskLevel.HIGH, approval: true);

        var decision = PolicyEvaluator.Decide([specific, broad], Context(), CorrectionType.RETRY, Json("{}"));

        Assert.Equal("broad@v1", decision.PolicyRef);
        Assert.Equal(RiskLevel.HIGH, decision.RiskLevel);
    }

    [Fact]
    public void On_equal_priority_the_more_specific_policy_wins_then_the_name()
    {
        var broad = Policy("a-broad", 10, new(CorrectionType: CorrectionType.RETRY));
        var specific = Policy("z-specific", 10, new(CorrectionType: CorrectionType.RETRY, Queue: "MOBILE_ACTIVATION_L2"), risk: RiskLevel.LOW);
        var twin = Policy("y-twin", 10, new(CorrectionType: CorrectionType.RETRY, Category: FalloutCategory.ACTIVATION), risk: RiskLevel.HIGH);

        var decision = PolicyEvaluator.Decide([broad, specific, twin], Context(), CorrectionType.RETRY, Json("{}"));

        Assert.Equal("y-twin@v1", decision.PolicyRef);
    }

    [Fact]
    public void Every_condition_must_hold()
    {
        var enterprise = Policy("enterprise", 100, new(CorrectionType: CorrectionType.MANUAL_PROVISIONING, CustomerSegment: "ENTERPRISE"),
            risk: RiskLevel.HIGH, approval: true);
        var fallback = Policy("default", 0, new(CorrectionType: CorrectionType.MANUAL_PROVISIONING));
        var payload = Json("""{"targetSystem": "HSS", "instruction": "x", "parameters": {"a": 1}}""");

        Assert.Equal("enterprise@v1", PolicyEvaluator.Decide([enterprise, fallback], Context(segment: "enterprise"), CorrectionType.MANUAL_PROVISIONING, payload).PolicyRef);
        Assert.Equal("default@v1", PolicyEvaluator.Decide([enterprise, fallback], Context(segment: "CONSUMER"), CorrectionType.MANUAL_PROVISIONING, payload).PolicyRef);
        Assert.Equal("default@v1", PolicyEvaluator.Decide([enterprise, fallback], Context(), CorrectionType.MANUAL_PROVISIONING, payload).PolicyRef);
    }

    [Fact]
    public void Role_service_type_and_previous_corrections_of_the_same_type_are_matched()
    {
        var supervisorsOnly = Policy("supervisors", 50, new(CorrectionType: CorrectionType.CANCELLATION, OperatorRole: Roles.Supervisor));
        var postpaid = Policy("postpaid", 40, new(CorrectionType: CorrectionType.CANCELLATION, ServiceType: "mobile_postpaid"));
        var repeated = Policy("repeated", 60, new(CorrectionType: CorrectionType.CANCELLATION, MinPreviousCorrections: 2), approval: true);

        Assert.Equal("supervisors@v1", PolicyEvaluator.Preview([supervisorsOnly, postpaid, repeated], Context(role: Roles.Supervisor), CorrectionType.CANCELLATION).PolicyRef);
        Assert.Equal("postpaid@v1", PolicyEvaluator.Preview([supervisorsOnly, postpaid, repeated], Context(), CorrectionType.CANCELLATION).PolicyRef);
        Assert.Equal("postpaid@v1", PolicyEvaluator.Preview([supervisorsOnly, postpaid, repeated],
            Context(previous: 5, previousType: CorrectionType.RETRY), CorrectionType.CANCELLATION).PolicyRef);
        Assert.Equal("repeated@v1", PolicyEvaluator.Preview([supervisorsOnly, postpaid, repeated],
            Context(previous: 2, previousType: CorrectionType.CANCELLATION), CorrectionType.CANCELLATION).PolicyRef);
    }

    [Fact]
    public void Payload_conditions_decide_a_proposal_and_only_flag_a_preview()
    {
        var release = Policy("release", 100, new(CorrectionType: CorrectionType.RESOURCE_REALLOCATION, PayloadField: "oldResourceDisposition",
            PayloadValues: ["RELEASE"]), risk: RiskLevel.HIGH, approval: true);
        var fallback = Policy("default", 0, new(CorrectionType: CorrectionType.RESOURCE_REALLOCATION));

        var released = PolicyEvaluator.Decide([release, fallback], Context(), CorrectionType.RESOURCE_REALLOCATION,
            Json("""{"oldResourceId": "a", "newResourceId": "b", "oldResourceDisposition": "RELEASE"}"""));
        var quarantined = PolicyEvaluator.Decide([release, fallback], Context(), CorrectionType.RESOURCE_REALLOCATION,
            Json("""{"oldResourceId": "a", "newResourceId": "b", "oldResourceDisposition": "QUARANTINE"}"""));
        var preview = PolicyEvaluator.Preview([release, fallback], Context(), CorrectionType.RESOURCE_REALLOCATION);

        Assert.Equal("release@v1", released.PolicyRef);
        Assert.Equal("default@v1", quarantined.PolicyRef);
        Assert.Equal("default@v1", preview.PolicyRef);
        Assert.True(preview.DependsOnPayload);
        Assert.False(released.DependsOnPayload);
    }

    [Fact]
    public void An_amount_threshold_matches_at_and_above_it()
    {
        var large = Policy("large", 100, new(CorrectionType: CorrectionType.COMPENSATION, PayloadField: "kind", PayloadValues: ["REFUND"],
            MinAmount: 1000), risk: RiskLevel.HIGH, approval: true);
        var fallback = Policy("default", 0, new(CorrectionType: CorrectionType.COMPENSATION));

        Assert.Equal("large@v1", PolicyEvaluator.Decide([large, fallback], Context(), CorrectionType.COMPENSATION,
            Json("""{"kind": "REFUND", "amount": 1000, "currency": "IDR"}""")).PolicyRef);
        Assert.Equal("default@v1", PolicyEvaluator.Decide([large, fallback], Context(), CorrectionType.COMPENSATION,
            Json("""{"kind": "REFUND", "amount": 999.99, "currency": "IDR"}""")).PolicyRef);
        Assert.Equal("default@v1", PolicyEvaluator.Decide([large, fallback], Context(), CorrectionType.COMPENSATION,
            Json("""{"kind": "WAIVE_FEE", "amount": 5000, "currency": "IDR"}""")).PolicyRef);
    }

    [Fact]
    public void A_deactivated_policy_never_matches()
    {
        var denial = Policy("deny", 100, new(CorrectionType: CorrectionType.RETRY), allowed: false);
        denial.Deactivate("adm", Now);
        var fallback = Policy("default", 0, new(CorrectionType: CorrectionType.RETRY));

        Assert.True(PolicyEvaluator.Decide([denial, fallback], Context(), CorrectionType.RETRY, Json("{}")).Allowed);
    }

    [Fact]
    public void Force_complete_always_needs_approval_evidence_and_at_least_high_risk()
    {
        var lenient = Policy("lenient", 100, new(), risk: RiskLevel.LOW);

        var decision = PolicyEvaluator.Decide([lenient], Context(), CorrectionType.FORCE_COMPLETE, Json("""{"step": "s", "justification": "j"}"""));

        Assert.True(decision.Allowed);
        Assert.True(decision.ApprovalRequired);
        Assert.Equal(RiskLevel.HIGH, decision.RiskLevel);
        Assert.Equal([EvidenceType.READ_BACK_SNAPSHOT], decision.RequiredEvidence);
        Assert.Equal(RiskLevel.LOW, PolicyEvaluator.Decide([lenient], Context(), CorrectionType.RETRY, Json("{}")).RiskLevel);
    }

    [Fact]
    public void A_policy_for_force_complete_cannot_drop_approval_or_evidence()
    {
        Assert.Throws<ValidationProblemException>(() => Policy("no-approval", 0, new(CorrectionType: CorrectionType.FORCE_COMPLETE),
            true, RiskLevel.HIGH, false, EvidenceType.READ_BACK_SNAPSHOT));
        Assert.Throws<ValidationProblemException>(() => Policy("no-evidence", 0, new(CorrectionType: CorrectionType.FORCE_COMPLETE),
            risk: RiskLevel.HIGH, approval: true));
        // Denying it outright is always possible.
        Assert.False(Policy("deny", 0, new(CorrectionType: CorrectionType.FORCE_COMPLETE), allowed: false).Allowed);
    }

    [Fact]
    public void Updating_raises_the_version_that_names_the_policy()
    {
        var policy = Policy("retry", 0, new(CorrectionType: CorrectionType.RETRY));

        policy.Update("retry", "now medium", 0, new(CorrectionType: CorrectionType.RETRY), new PolicyOutcome(true, RiskLevel.MEDIUM, false, []), "adm", Now);

        Assert.Equal("retry@v2", policy.Reference);
        policy.Deactivate("adm", Now);
        Assert.Throws<DomainException>(() => policy.Deactivate("adm", Now));
        Assert.Throws<DomainException>(() => policy.Update("retry", null, 0, new(), new PolicyOutcome(true, RiskLevel.LOW, false, []), "adm", Now));
    }
}
