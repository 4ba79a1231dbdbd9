using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections.Domain;

namespace FalloutManagement.Api.Modules.Corrections;

/// <summary>
/// Decides a correction's risk, approval and required evidence for a case. The server decides, never the client;
/// callers outside the correction endpoints (bulk recovery) get their decision here too.
/// </summary>
public interface ICorrectionPolicy
{
    Task<CorrectionDecision> DecideAsync(FalloutCase fallout, CorrectionType type, string payloadJson, Caller caller, CancellationToken ct);
}

/// <summary>The safe default until the action policy evaluator is wired in: a RETRY is LOW risk; anything else needs approval.</summary>
public sealed class DefaultCorrectionPolicy : ICorrectionPolicy
{
    public Task<CorrectionDecision> DecideAsync(FalloutCase fallout, CorrectionType type, string payloadJson, Caller caller, CancellationToken ct) =>
        Task.FromResult(type == CorrectionType.RETRY
            ? new CorrectionDecision(RiskLevel.LOW, false, [], "default:retry-low")
            : new CorrectionDecision(RiskLevel.HIGH, true, [], "default:approval-required"));
}
