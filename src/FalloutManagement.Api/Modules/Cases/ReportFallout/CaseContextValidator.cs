using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Cases.ReportFallout;

/// <summary>The shape of an intake's <c>context</c>: bounded strings and lists, order edges between known items, a known correction type.</summary>
internal sealed class CaseContextValidator : AbstractValidator<CaseContext>
{
    public const int MaxItems = 50;
    public const int MaxEdgesPerItem = 20;
    public const int MaxResources = 20;
    private const int ShortText = 100;
    private const int LongText = 2000;

    public CaseContextValidator()
    {
        RuleFor(c => c.Customer!.Name).MaximumLength(200).When(c => c.Customer is not null);
        RuleFor(c => c.Customer!.Segment).MaximumLength(ShortText).When(c => c.Customer is not null);
        RuleFor(c => c.Customer!.ContactChannel).MaximumLength(ShortText).When(c => c.Customer is not null);

        RuleFor(c => c.Order!.ServiceOrderId).MaximumLength(ShortText).When(c => c.Order is not null);
        RuleFor(c => c.Order!.ProductOrderId).MaximumLength(ShortText).When(c => c.Order is not null);
        RuleFor(c => c.Order!.Items!.Count).LessThanOrEqualTo(MaxItems).OverridePropertyName("Order.Items")
            .WithMessage($"order.items may hold at most {MaxItems} items.").When(c => c.Order?.Items is not null);
        RuleForEach(c => c.Order!.Items).ChildRules(item =>
        {
            item.RuleFor(i => i.Id).NotEmpty().MaximumLength(ShortText);
            item.RuleFor(i => i.Product).MaximumLength(200);
            item.RuleFor(i => i.Action).MaximumLength(ShortText);
            item.RuleFor(i => i.State).MaximumLength(ShortText);
            item.RuleFor(i => i.DependsOn!.Count).LessThanOrEqualTo(MaxEdgesPerItem).OverridePropertyName("DependsOn")
                .When(i => i.DependsOn is not null);
            item.RuleForEach(i => i.DependsOn).NotEmpty().MaximumLength(ShortText);
        }).When(c => c.Order?.Items is not null);
        RuleFor(c => c.Order!.Items).Must(EdgesJoinKnownItems)
            .WithMessage("order.items: every dependsOn names another item of the list, and item ids are unique.")
            .When(c => c.Order?.Items is { Count: <= MaxItems });

        RuleFor(c => c.FailedStep!.Key).MaximumLength(200).When(c => c.FailedStep is not null);
        RuleFor(c => c.FailedStep!.System).MaximumLength(ShortText).When(c => c.FailedStep is not null);
        RuleFor(c => c.FailedStep!.Description).MaximumLength(LongText).When(c => c.FailedStep is not null);

        RuleFor(c => c.Service!.ServiceId).MaximumLength(ShortText).When(c => c.Service is not null);
        RuleFor(c => c.Service!.ServiceType).MaximumLength(ShortText).When(c => c.Service is not null);
        RuleFor(c => c.Service!.State).MaximumLength(ShortText).When(c => c.Service is not null);

        RuleFor(c => c.Resources!.Count).LessThanOrEqualTo(MaxResources).OverridePropertyName("Resources")
            .When(c => c.Resources is not null);
        RuleForEach(c => c.Resources).ChildRules(resource =>
        {
            resource.RuleFor(r => r.ResourceId).NotEmpty().MaximumLength(ShortText);
            resource.RuleFor(r => r.ResourceType).MaximumLength(ShortText);
            resource.RuleFor(r => r.Value).MaximumLength(200);
            resource.RuleFor(r => r.InventoryState).MaximumLength(ShortText);
            resource.RuleFor(r => r.AssignedTo).MaximumLength(ShortText);
        });

        RuleFor(c => c.ActivationAttempts!.Count).LessThanOrEqualTo(CaseContext.MaxStoredAttempts).OverridePropertyName("ActivationAttempts")
            .When(c => c.ActivationAttempts is not null);
        RuleForEach(c => c.ActivationAttempts).ChildRules(attempt =>
        {
            attempt.RuleFor(a => a.Command).NotEmpty().MaximumLength(500);
            attempt.RuleFor(a => a.At).NotNull();
            attempt.RuleFor(a => a.VendorResponse).MaximumLength(LongText);
            attempt.RuleFor(a => a.RawError).MaximumLength(LongText);
            attempt.RuleFor(a => a.NormalizedError).MaximumLength(ShortText);
        });

        RuleFor(c => c.SuggestedCorrection!.Type).IsEnumName(typeof(CorrectionType), caseSensitive: true)
            .WithMessage($"suggestedCorrection.type must be one of {string.Join(", ", Enum.GetNames<CorrectionType>())}.")
            .When(c => c.SuggestedCorrection is not null);
        RuleFor(c => c.SuggestedCorrection!.Summary).MaximumLength(LongText).When(c => c.SuggestedCorrection is not null);
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
