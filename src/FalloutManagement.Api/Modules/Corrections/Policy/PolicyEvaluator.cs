using System.Globalization;
using System.Text.Json;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Corrections.Policy;

/// <summary>The facts about a case and a caller that policies match on.</summary>
internal sealed record PolicyContext(
    FalloutCategory? Category,
    Severity Severity,
    CaseStatus Status,
    string? ServiceType,
    string? CustomerSegment,
    string Queue,
    IReadOnlySet<string> Roles,
    IReadOnlyDictionary<CorrectionType, int> PreviousCorrections,
    string? ReasonCode = null)
{
    /// <summary>The case's facts; the service type comes from the intake's <c>attributes.serviceType</c>.</summary>
    public static PolicyContext For(FalloutCase fallout, Caller caller) => new(
        fallout.Category, fallout.Severity, fallout.Status, ServiceTypeOf(fallout.AttributesJson), fallout.CustomerSegment, fallout.Queue,
        caller.Roles, fallout.Corrections.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.Count()), fallout.ReasonCode);

    private static string? ServiceTypeOf(string? attributesJson)
    {
        if (attributesJson is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(attributesJson);
        return document.RootElement.ValueKind == JsonValueKind.Object
               && document.RootElement.TryGetProperty("serviceType", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }
}

/// <summary>The evaluation of one correction type for one case and caller: what the command will enforce and the console shows.</summary>
internal sealed record PolicyDecision(
    CorrectionType Type,
    bool Allowed,
    RiskLevel RiskLevel,
    bool ApprovalRequired,
    IReadOnlyList<EvidenceType> RequiredEvidence,
    bool CustomerNotificationRequired,
    EscalationRule EscalationRule,
    Guid? PolicyId,
    string? PolicyRef,
    string? Reason,
    bool DependsOnPayload)
{
    public CorrectionDecision ToCorrectionDecision() =>
        new(RiskLevel, ApprovalRequired, RequiredEvidence, PolicyRef, CustomerNotificationRequired, EscalationRule.ToString());
}

/// <summary>
/// Evaluates the action policy. Of the active policies whose every condition holds, the one with the highest
/// priority decides; on equal priority the more specific (more conditions set), then the name. No matching policy
/// means the type is not allowed. FORCE_COMPLETE always comes out needing approval and evidence, whatever the data says.
/// </summary>
internal sealed class PolicyEvaluator(FalloutDbContext db, ReferenceDataCache cache)
{
    public Task<List<ActionPolicy>> ActivePoliciesAsync(CancellationToken ct) =>
        cache.GetAsync("action-policies", token => db.Set<ActionPolicy>().AsNoTracking().Where(p => p.Active).ToListAsync(token), ct);

    /// <summary>Decides a concrete proposal, payload included.</summary>
    public static PolicyDecision Decide(IEnumerable<ActionPolicy> policies, PolicyContext context, CorrectionType type, JsonElement payload) =>
        Decide(policies, context, type, (JsonElement?)payload);

    /// <summary>
    /// Decides a type before its payload is known (allowed-actions): policies that look into the payload are left out
    /// and <see cref="PolicyDecision.DependsOnPayload"/> says whether one of them could still change the answer.
    /// </summary>
    public static PolicyDecision Preview(IEnumerable<ActionPolicy> policies, PolicyContext context, CorrectionType type) =>
        Decide(policies, context, type, null);

    /// <summary>Refuses a type the policy does not allow (403 <c>POLICY_DENIED</c>).</summary>
    public static void EnsureAllowed(PolicyDecision decision)
    {
        if (!decision.Allowed)
        {
            throw new DomainException(StatusCodes.Status403Forbidden, ProblemCodes.PolicyDenied, "Policy denied", decision.Reason
                ?? $"The action policy does not allow {decision.Type} here.");
        }
    }

    private static PolicyDecision Decide(IEnumerable<ActionPolicy> policies, PolicyContext context, CorrectionType type, JsonElement? payload)
    {
        var candidates = policies.Where(p => p.Active && MatchesCase(p.Match, context, type)).ToList();
        var applicable = candidates.Where(p => payload is { } known ? MatchesPayload(p.Match, known) : !p.Match.UsesPayload).ToList();
        var winner = Best(applicable.Where(p => p.Match.MinRiskLevel is null));
        var dependsOnPayload = payload is null && candidates.Any(p => p.Match.UsesPayload);
        if (winner is null)
        {
            return new PolicyDecision(type, false, RiskLevel.HIGH, true, [], false, EscalationRule.NONE, null, null,
                $"No action policy allows {type} for this case.", dependsOnPayload);
        }
        var outcome = winner.Outcome;
        var decision = new PolicyDecision(type, outcome.Allowed, outcome.RiskLevel, outcome.ApprovalRequired, outcome.RequiredEvidence,
            outcome.CustomerNotificationRequired, outcome.EscalationRule, winner.Id, winner.Reference,
            outcome.Allowed ? null : $"The action policy '{winner.Name}' does not allow {type} for this case.", dependsOnPayload);
        var overlay = Best(applicable.Where(p => p.Match.MinRiskLevel is { } level && decision.RiskLevel >= level));
        if (overlay is not null)
        {
            decision = Tighten(decision, overlay);
        }
        return type == CorrectionType.FORCE_COMPLETE && decision.Allowed ? ForceCompleteFloor(decision) : decision;
    }

    private static ActionPolicy? Best(IEnumerable<ActionPolicy> policies) => policies
        .OrderByDescending(p => p.Priority).ThenByDescending(p => p.Match.Specificity)
        .ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id)
        .FirstOrDefault();

    /// <summary>An overlay (a policy matching a risk level) only adds to the decision it applies to, never loosens it.</summary>
    private static PolicyDecision Tighten(PolicyDecision decision, ActionPolicy overlay)
    {
        var o = overlay.Outcome;
        return decision with
        {
            Allowed = decision.Allowed && o.Allowed,
            RiskLevel = o.RiskLevel > decision.RiskLevel ? o.RiskLevel : decision.RiskLevel,
            ApprovalRequired = decision.ApprovalRequired || o.ApprovalRequired,
            RequiredEvidence = [.. decision.RequiredEvidence.Union(o.RequiredEvidence)],
            CustomerNotificationRequired = decision.CustomerNotificationRequired || o.CustomerNotificationRequired,
            EscalationRule = o.EscalationRule != EscalationRule.NONE ? o.EscalationRule : decision.EscalationRule,
            PolicyRef = $"{decision.PolicyRef}+{overlay.Reference}",
            Reason = decision.Allowed && !o.Allowed ? $"The action policy '{overlay.Name}' does not allow {decision.Type} at this risk." : decision.Reason,
        };
    }

    /// <summary>FORCE_COMPLETE is never low-risk, never without a checker, never without evidence (seed 32.2).</summary>
    private static PolicyDecision ForceCompleteFloor(PolicyDecision decision) => decision with
    {
        ApprovalRequired = true,
        RiskLevel = decision.RiskLevel < RiskLevel.HIGH ? RiskLevel.HIGH : decision.RiskLevel,
        RequiredEvidence = decision.RequiredEvidence.Count > 0 ? decision.RequiredEvidence : [EvidenceType.READ_BACK_SNAPSHOT],
    };

    private static bool MatchesCase(PolicyMatch m, PolicyContext c, CorrectionType type) =>
        (m.CorrectionType is null || m.CorrectionType == type)
        && (m.Category is null || m.Category == c.Category)
        && (m.Severity is null || m.Severity == c.Severity)
        && (m.CaseStatus is null || m.CaseStatus == c.Status)
        && (m.ServiceType is null || string.Equals(m.ServiceType, c.ServiceType, StringComparison.OrdinalIgnoreCase))
        && (m.CustomerSegment is null || string.Equals(m.CustomerSegment, c.CustomerSegment, StringComparison.OrdinalIgnoreCase))
        && (m.Queue is null || m.Queue == c.Queue)
        && (m.OperatorRole is null || c.Roles.Contains(m.OperatorRole))
        && (m.MinPreviousCorrections is null || c.PreviousCorrections.GetValueOrDefault(type) >= m.MinPreviousCorrections)
        && (m.ReasonCodes is not { Count: > 0 } codes || codes.Contains(c.ReasonCode ?? "", StringComparer.Ordinal));

    private static bool MatchesPayload(PolicyMatch m, JsonElement payload)
    {
        if (m.PayloadField is { } field)
        {
            var value = At(payload, field) is { } v ? Scalar(v) : null;
            if (value is null || !(m.PayloadValues ?? []).Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        if (m.Currencies is { Count: > 0 } currencies)
        {
            var currency = At(payload, "currency") is { ValueKind: JsonValueKind.String } c ? c.GetString() : null;
            if (currency is null || !currencies.Contains(currency, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        if (m.MinAmount is { } min)
        {
            return payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("amount", out var amount)
                && amount.ValueKind == JsonValueKind.Number && amount.TryGetDecimal(out var value) && value >= min;
        }
        return true;
    }

    /// <summary>The value at a field or dotted path (<c>parameters.operation</c>) of an object payload.</summary>
    private static JsonElement? At(JsonElement payload, string path)
    {
        var current = payload;
        foreach (var name in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }
        return current;
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetDecimal(out var number) ? number.ToString(CultureInfo.InvariantCulture) : value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
