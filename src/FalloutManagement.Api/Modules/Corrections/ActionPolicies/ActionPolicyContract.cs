using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections.Policy;
using FluentValidation;
using Severity = FalloutManagement.Api.Modules.Cases.Domain.Severity;

namespace FalloutManagement.Api.Modules.Corrections.ActionPolicies;

internal sealed record PolicyMatchRequest(
    FalloutCategory? Category,
    Severity? Severity,
    CaseStatus? CaseStatus,
    string? ServiceType,
    string? CustomerSegment,
    string? Queue,
    string? OperatorRole,
    CorrectionType? CorrectionType,
    string? PayloadField,
    IReadOnlyList<string>? PayloadValues,
    decimal? MinAmount,
    int? MinPreviousCorrections,
    IReadOnlyList<string>? Currencies = null,
    IReadOnlyList<string>? ReasonCodes = null,
    RiskLevel? MinRiskLevel = null)
{
    public PolicyMatch ToMatch() => new(Category, Severity, CaseStatus, Blank(ServiceType), Blank(CustomerSegment), Blank(Queue),
        Blank(OperatorRole), CorrectionType, Blank(PayloadField), PayloadValues, MinAmount, MinPreviousCorrections, Currencies, ReasonCodes,
        MinRiskLevel);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

internal sealed record PolicyOutcomeRequest(
    bool? Allowed,
    RiskLevel? RiskLevel,
    bool? ApprovalRequired,
    IReadOnlyList<EvidenceType>? RequiredEvidence,
    bool? CustomerNotificationRequired,
    EscalationRule? EscalationRule)
{
    public PolicyOutcome ToOutcome() => new(Allowed!.Value, RiskLevel!.Value, ApprovalRequired!.Value, RequiredEvidence ?? [],
        CustomerNotificationRequired ?? false, EscalationRule ?? Cases.Domain.EscalationRule.NONE);
}

/// <summary>The body of create and update: the whole policy (an update replaces every field) and the reason for the audit.</summary>
internal sealed record ActionPolicyRequest(string? Name, string? Description, int? Priority, PolicyMatchRequest? Match,
    PolicyOutcomeRequest? Outcome, string? Reason);

internal sealed class ActionPolicyRequestValidator : AbstractValidator<ActionPolicyRequest>
{
    public ActionPolicyRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(ActionPolicy.NameLength);
        RuleFor(r => r.Description).MaximumLength(2000);
        RuleFor(r => r.Priority).NotNull().InclusiveBetween(0, 10_000);
        RuleFor(r => r.Reason).MaximumLength(2000);
        RuleFor(r => r.Match).NotNull();
        RuleFor(r => r.Outcome).NotNull();
        When(r => r.Match is not null, () =>
        {
            RuleFor(r => r.Match!.ServiceType).MaximumLength(100).OverridePropertyName("match.serviceType");
            RuleFor(r => r.Match!.CustomerSegment).MaximumLength(100).OverridePropertyName("match.customerSegment");
            RuleFor(r => r.Match!.Queue).MaximumLength(100).OverridePropertyName("match.queue");
            RuleFor(r => r.Match!.OperatorRole).Must(role => role is null || Roles.All.Contains(role))
                .WithMessage($"One of {string.Join(", ", Roles.All)}.").OverridePropertyName("match.operatorRole");
            RuleFor(r => r.Match!.PayloadField).MaximumLength(100).OverridePropertyName("match.payloadField");
            RuleFor(r => r.Match!.PayloadValues).Must(v => v is { Count: > 0 } && v.All(x => !string.IsNullOrWhiteSpace(x) && x.Length <= 200))
                .When(r => !string.IsNullOrWhiteSpace(r.Match!.PayloadField))
                .WithMessage("A payloadField needs one or more payloadValues.").OverridePropertyName("match.payloadValues");
            RuleFor(r => r.Match!.PayloadValues).Must(v => v is null || v.Count == 0)
                .When(r => string.IsNullOrWhiteSpace(r.Match!.PayloadField))
                .WithMessage("payloadValues need a payloadField.").OverridePropertyName("match.payloadValues");
            RuleFor(r => r.Match!.MinAmount).GreaterThanOrEqualTo(0).OverridePropertyName("match.minAmount");
            RuleFor(r => r.Match!.MinPreviousCorrections).GreaterThanOrEqualTo(0).OverridePropertyName("match.minPreviousCorrections");
            RuleFor(r => r.Match!.PayloadField).Matches("^[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+){0,3}\\z")
                .WithMessage("A payload field or a dotted path into the payload, e.g. parameters.operation.").OverridePropertyName("match.payloadField");
            RuleFor(r => r.Match!.Currencies).Must(c => c is null || (c.Count <= 50 && c.All(x => x is { Length: 3 } && x.All(char.IsAsciiLetter))))
                .WithMessage("ISO 4217 codes, e.g. IDR.").OverridePropertyName("match.currencies");
            RuleFor(r => r.Match!.ReasonCodes).Must(c => c is null || (c.Count <= 100 && c.All(x => !string.IsNullOrWhiteSpace(x) && x.Length <= 100)))
                .WithMessage("At most 100 reason codes of at most 100 characters.").OverridePropertyName("match.reasonCodes");
        });
        When(r => r.Outcome is not null, () =>
        {
            RuleFor(r => r.Outcome!.Allowed).NotNull().OverridePropertyName("outcome.allowed");
            RuleFor(r => r.Outcome!.RiskLevel).NotNull().OverridePropertyName("outcome.riskLevel");
            RuleFor(r => r.Outcome!.ApprovalRequired).NotNull().OverridePropertyName("outcome.approvalRequired");
        });
    }
}

internal sealed record ActionPolicyDto(Guid Id, string Name, string? Description, int Priority, bool Active, long Version, PolicyMatch Match,
    PolicyOutcome Outcome, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static ActionPolicyDto From(ActionPolicy p) => new(p.Id, p.Name, p.Description, p.Priority, p.Active, p.Version, p.Match,
        p.Outcome, p.CreatedAt, p.CreatedBy, p.UpdatedAt, p.UpdatedBy);
}
