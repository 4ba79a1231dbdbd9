using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Cases.ReportFallout;

/// <summary>
/// The shape of an intake's <c>context</c>: bounded strings and lists, order edges between known items, a known correction
/// type. One validator per part, so the API description takes each part's required fields and limits from it.
/// </summary>
internal sealed class CaseContextValidator : AbstractValidator<CaseContext>
{
    public const int MaxItems = 50;
    public const int MaxEdgesPerItem = 20;
    public const int MaxResources = 20;
    internal const int ShortText = 100;
    internal const int LongText = 2000;

    public CaseContextValidator()
    {
        RuleFor(c => c.Customer!).SetValidator(new CustomerSummaryValidator()).When(c => c.Customer is not null);
        RuleFor(c => c.Order!).SetValidator(new OrderSummaryValidator()).When(c => c.Order is not null);
        RuleFor(c => c.FailedStep!).SetValidator(new FailedStepDetailValidator()).When(c => c.FailedStep is not null);
        RuleFor(c => c.Service!).SetValidator(new ServiceDetailValidator()).When(c => c.Service is not null);
        RuleFor(c => c.Resources!.Count).LessThanOrEqualTo(MaxResources).OverridePropertyName("Resources")
            .When(c => c.Resources is not null);
        RuleForEach(c => c.Resources).NotNull().SetValidator(new ResourceDetailValidator());
        RuleFor(c => c.ActivationAttempts!.Count).LessThanOrEqualTo(CaseContext.MaxStoredAttempts).OverridePropertyName("ActivationAttempts")
            .When(c => c.ActivationAttempts is not null);
        RuleForEach(c => c.ActivationAttempts).NotNull().SetValidator(new ActivationAttemptValidator());
        RuleFor(c => c.SuggestedCorrection!).SetValidator(new SuggestedCorrectionValidator()).When(c => c.SuggestedCorrection is not null);
    }
}

internal sealed class CustomerSummaryValidator : AbstractValidator<CustomerSummary>
{
    public CustomerSummaryValidator()
    {
        RuleFor(c => c.Name).MaximumLength(200);
        RuleFor(c => c.Segment).MaximumLength(CaseContextValidator.ShortText);
        RuleFor(c => c.ContactChannel).MaximumLength(CaseContextValidator.ShortText);
    }
}

internal sealed class OrderSummaryValidator : AbstractValidator<OrderSummary>
{
    public OrderSummaryValidator()
    {
        RuleFor(o => o.ServiceOrderId).MaximumLength(CaseContextValidator.ShortText);
        RuleFor(o => o.ProductOrderId).MaximumLength(CaseContextValidator.ShortText);
        RuleFor(o => o.Items!.Count).LessThanOrEqualTo(CaseContextValidator.MaxItems).OverridePropertyName("Items")
            .WithMessage($"order.items may hold at most {CaseContextValidator.MaxItems} items.").When(o => o.Items is not null);
        RuleForEach(o => o.Items).NotNull().SetValidator(new OrderItemSummaryValidator());
        // A null item is refused above, naming it; the edges are checked between the items there are.
        RuleFor(o => o.Items).Must(EdgesJoinKnownItems)
            .WithMessage("order.items: every dependsOn names another item of the list, and item ids are unique.")
            .When(o => o.Items is { Count: <= CaseContextValidator.MaxItems } items && items.All(i => i is not null));
    }

    private static bool EdgesJoinKnownItems(IReadOnlyList<OrderItemSummary>? items)
    {
        if (items is null)
        {
            return true;
        }
        var ids = items.Select(i => i.Id).OfType<string>().ToList();
        var known = ids.ToHashSet(StringComparer.Ordinal);
        return known.Count == ids.Count
            && items.All(i => (i.DependsOn ?? []).All(d => known.Contains(d) && !string.Equals(d, i.Id, StringComparison.Ordinal)));
    }
}

internal sealed class OrderItemSummaryValidator : AbstractValidator<OrderItemSummary>
{
    public OrderItemSummaryValidator()
    {
        RuleFor(i => i.Id).NotEmpty().MaximumLength(CaseContextValidator.ShortText);
        RuleFor(i => i.Product).MaximumLength(200);
        RuleFor(i => i.Action).MaximumLength(CaseContextValidator.ShortText);
        RuleFor(i => i.State).MaximumLength(CaseContextValidator.ShortText);
        RuleFor(i => i.DependsOn!.Count).LessThanOrEqualTo(CaseContextValidator.MaxEdgesPerItem).OverridePropertyName("DependsOn")
            .When(i => i.DependsOn is not null);
        RuleForEach(i => i.DependsOn).NotEmpty().MaximumLength(CaseContextValidator.ShortText);
    }
}

internal sealed class FailedStepDetailValidator : AbstractValidator<FailedStepDetail>
{
    public FailedStepDetailValidator()
    {
        RuleFor(f => f.Key).MaximumLength(200);
        RuleFor(f => f.System).MaximumLength(CaseContextValidator.ShortText);
        RuleFor(f => f.Description).MaximumLength(CaseContextValidator.LongText);
    }
}

internal sealed class ServiceDetailValidator : AbstractValidator<ServiceDetail>
{
    public ServiceDetailValidator()
    {
        RuleFor(s => s.ServiceId).MaximumLength(CaseContextValidator.ShortText);
        RuleFor(s => s.ServiceType).MaximumLength(CaseContextValidator.ShortText);
        RuleFor(s => s.State).MaximumLength(CaseContextValidator.ShortText);
    }
}

internal sealed class ResourceDetailValidator : AbstractValidator<ResourceDetail>
{
    public ResourceDetailValidator()
    {
        RuleFor(r => r.ResourceId).NotEmpty().MaximumLength(CaseContextValidator.ShortText);
        RuleFor(r => r.ResourceType).MaximumLength(CaseContextValidator.ShortText);
        RuleFor(r => r.Value).MaximumLength(200);
        RuleFor(r => r.InventoryState).MaximumLength(CaseContextValidator.ShortText);
        RuleFor(r => r.AssignedTo).MaximumLength(CaseContextValidator.ShortText);
    }
}

internal sealed class ActivationAttemptValidator : AbstractValidator<ActivationAttempt>
{
    public ActivationAttemptValidator()
    {
        RuleFor(a => a.Command).NotEmpty().MaximumLength(500);
        RuleFor(a => a.At).NotNull();
        RuleFor(a => a.VendorResponse).MaximumLength(CaseContextValidator.LongText);
        RuleFor(a => a.RawError).MaximumLength(CaseContextValidator.LongText);
        RuleFor(a => a.NormalizedError).MaximumLength(CaseContextValidator.ShortText);
    }
}

internal sealed class SuggestedCorrectionValidator : AbstractValidator<SuggestedCorrection>
{
    public SuggestedCorrectionValidator()
    {
        RuleFor(s => s.Type).IsEnumName(typeof(CorrectionType), caseSensitive: true)
            .WithMessage($"suggestedCorrection.type must be one of {string.Join(", ", Enum.GetNames<CorrectionType>())}.");
        RuleFor(s => s.Summary).MaximumLength(CaseContextValidator.LongText);
    }
}
