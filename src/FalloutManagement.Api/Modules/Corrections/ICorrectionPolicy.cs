using System.Text.Json;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections.Executors;
using FalloutManagement.Api.Modules.Corrections.Policy;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Modules.Corrections;

/// <summary>
/// Decides a correction's risk, approval, required evidence and executor for a case. The server decides, never the
/// client; callers outside the correction endpoints (bulk recovery) get their decision here too, executor included, so
/// their corrections reach the owning system as a proposal by hand does.
/// </summary>
public interface ICorrectionPolicy
{
    /// <summary>
    /// The decision with its executor; throws 403 <c>POLICY_DENIED</c> for a type the policy does not allow, 429
    /// <c>RATE_LIMITED</c> past the retry limit and 409 <c>NO_EXECUTOR</c> when the type's owning system does not execute it.
    /// </summary>
    Task<CorrectionDecision> DecideAsync(FalloutCase fallout, CorrectionType type, string payloadJson, Caller caller, CancellationToken ct);
}

/// <summary>The action policy as data, with the same checks the propose endpoint makes; <c>allowed-actions</c> previews it.</summary>
internal sealed class ActionPolicyCorrectionPolicy(PolicyEvaluator evaluator, IOptions<CorrectionOptions> options,
    IOptions<EscalationRuleOptions> escalation, FalloutDbContext db, TimeProvider clock, ExecutorDirectory executors)
    : ICorrectionPolicy, ICorrectionOptions
{
    public async Task<IReadOnlyList<CorrectionOption>> ForAsync(FalloutCase fallout, Caller caller, CancellationToken ct) =>
        CorrectionTypeOptions(await evaluator.ActivePoliciesAsync(ct), caller, fallout,
            await RetryBudget.UsageAsync(db, options.Value, caller, clock.GetUtcNow(), ct));

    /// <summary>Every correction type as a proposal would be decided now, payload aside.</summary>
    public static IReadOnlyList<CorrectionOption> CorrectionTypeOptions(IReadOnlyList<ActionPolicy> policies, Caller caller, FalloutCase fallout,
        RetryUsage retries)
    {
        var context = PolicyContext.For(fallout, caller);
        return Enum.GetValues<CorrectionType>().Select(type =>
        {
            var d = PolicyEvaluator.Preview(policies, context, type);
            var rateLimited = d.Allowed && type == CorrectionType.RETRY ? RetryBudget.Refusal(fallout, retries) : null;
            return new CorrectionOption(type, d.Allowed && rateLimited is null, d.RiskLevel, d.ApprovalRequired, d.RequiredEvidence,
                d.CustomerNotificationRequired, d.EscalationRule, d.PolicyRef, rateLimited ?? d.Reason, d.DependsOnPayload);
        }).ToList();
    }

    public async Task<CorrectionDecision> DecideAsync(FalloutCase fallout, CorrectionType type, string payloadJson, Caller caller, CancellationToken ct)
    {
        var policies = await evaluator.ActivePoliciesAsync(ct);
        var usage = await RetryBudget.UsageAsync(db, options.Value, caller, clock.GetUtcNow(), ct);
        using var payload = JsonDocument.Parse(payloadJson);
        var decision = Decide(policies, fallout, caller, type, payload.RootElement, usage, escalation.Value);
        return decision with { Executor = await executors.ChooseAsync(type, payload.RootElement, ct) };
    }

    /// <summary>
    /// The one decision every proposal gets: the policy's answer (403 when it forbids), then the retry limit (429), with the
    /// review queue of the policy's escalation rule.
    /// </summary>
    public static CorrectionDecision Decide(IEnumerable<ActionPolicy> policies, FalloutCase fallout, Caller caller, CorrectionType type,
        JsonElement payload, RetryUsage retries, EscalationRuleOptions escalation)
    {
        var decision = PolicyEvaluator.Decide(policies, PolicyContext.For(fallout, caller), type, payload);
        PolicyEvaluator.EnsureAllowed(decision);
        if (type == CorrectionType.RETRY)
        {
            RetryBudget.Ensure(fallout, retries);
        }
        return decision.ToCorrectionDecision() with { EscalationQueue = escalation.QueueFor(decision.EscalationRule) };
    }
}
