using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases;

/// <summary>One correction type as the action policy sees it for this case and caller (the proposal enforces the same).</summary>
public sealed record CorrectionOption(CorrectionType Type, bool Allowed, RiskLevel RiskLevel, bool ApprovalRequired,
    IReadOnlyList<EvidenceType> RequiredEvidence, bool CustomerNotificationRequired, EscalationRule EscalationRule, string? PolicyRef,
    string? Reason, bool DependsOnPayload);

/// <summary>What <c>allowed-actions</c> asks of the action policy: every correction type, allowed or not. Implemented by Corrections.</summary>
public interface ICorrectionOptions
{
    Task<IReadOnlyList<CorrectionOption>> ForAsync(FalloutCase fallout, Caller caller, CancellationToken ct);
}
