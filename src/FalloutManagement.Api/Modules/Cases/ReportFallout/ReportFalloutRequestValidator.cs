using System.Text;
using System.Text.Json;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;
using Severity = FalloutManagement.Api.Modules.Cases.Domain.Severity;

namespace FalloutManagement.Api.Modules.Cases.ReportFallout;

internal sealed class ReportFalloutRequestValidator : AbstractValidator<ReportFalloutRequest>
{
    public const int MaxAttributesBytes = 16 * 1024;

    public ReportFalloutRequestValidator()
    {
        const int idLength = FalloutCaseConfiguration.ExternalIdLength;
        RuleFor(r => r.SourceSystem).NotEmpty().MaximumLength(idLength);
        RuleFor(r => r.SourceEventId).NotEmpty().MaximumLength(idLength);
        RuleFor(r => r.CorrelationId).NotEmpty().MaximumLength(idLength);
        RuleFor(r => r.ReasonCode).NotEmpty().MaximumLength(100).Matches("^[A-Za-z0-9_.:-]+\\z")
            .WithMessage("reasonCode is a code: letters, digits and _ . : - only.");
        RuleFor(r => r.Message).NotEmpty().MaximumLength(4000);
        RuleFor(r => r.CustomerId).MaximumLength(idLength);
        RuleFor(r => r.CustomerSegment).MaximumLength(idLength);
        RuleFor(r => r.ProductOrderId).MaximumLength(idLength);
        RuleFor(r => r.ServiceOrderId).MaximumLength(idLength);
        RuleFor(r => r.ServiceOrderItemId).MaximumLength(idLength);
        RuleFor(r => r.ImpactedServiceId).MaximumLength(idLength);
        RuleFor(r => r.ResourceId).MaximumLength(idLength);
        RuleFor(r => r.FailedStepKey).MaximumLength(200);
        RuleFor(r => r.ResumePoint).MaximumLength(500);
        RuleFor(r => r.CategoryHint).IsEnumName(typeof(FalloutCategory), caseSensitive: true)
            .WithMessage($"categoryHint must be one of {string.Join(", ", Enum.GetNames<FalloutCategory>())}.");
        RuleFor(r => r.SeverityHint).IsEnumName(typeof(Severity), caseSensitive: true)
            .WithMessage($"severityHint must be one of {string.Join(", ", Enum.GetNames<Severity>())}.");
        RuleFor(r => r.OrderVersion).GreaterThanOrEqualTo(0);
        RuleFor(r => r.Attributes).Must(a => a is null || a.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
            .WithMessage("attributes must be a JSON object.")
            .Must(a => a is null || a.Value.GetRawText().Length <= MaxAttributesBytes)
            .WithMessage($"attributes may be at most {MaxAttributesBytes} bytes.");
        RuleFor(r => r.RevenueAtRisk!.Amount).NotNull().GreaterThanOrEqualTo(0).LessThan(1_000_000_000_000m)
            .OverridePropertyName("revenueAtRisk.amount").When(r => r.RevenueAtRisk is not null);
        RuleFor(r => r.RevenueAtRisk!.Currency).NotEmpty().Matches("^[A-Za-z]{3}\\z").WithMessage("currency is an ISO 4217 code, e.g. IDR.")
            .OverridePropertyName("revenueAtRisk.currency").When(r => r.RevenueAtRisk is not null);
        RuleFor(r => r.Context!).SetValidator(new CaseContextValidator()).When(r => r.Context is not null);
        RuleFor(r => r.Context).Must(c => c is null || Encoding.UTF8.GetByteCount(c.ToJson()) <= CaseContext.MaxBytes)
            .WithMessage($"context may be at most {CaseContext.MaxBytes} bytes.");
    }
}
