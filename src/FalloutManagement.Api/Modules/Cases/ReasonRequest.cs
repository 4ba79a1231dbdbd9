using FluentValidation;

namespace FalloutManagement.Api.Modules.Cases;

/// <summary>The body of every command that needs only a reason (cancel, verification failed, reissue, deactivate).</summary>
public sealed record ReasonRequest(string? Reason);

internal sealed class ReasonRequestValidator : AbstractValidator<ReasonRequest>
{
    public ReasonRequestValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
}
