using System.Text.Json;

namespace FalloutManagement.Api.Modules.Cases.Domain;

/// <summary>
/// Who carries out each correction type. The fallout service decides and audits; the owning system performs the
/// change after it receives the correction's event, and reports the result with <c>apply</c> (seed section 20).
/// </summary>
public static class CorrectionCatalog
{
    public const string OrderManagement = "order-management";
    public const string ResourceInventory = "resource-inventory";
    public const string Billing = "billing";
    public const string ManualOperator = "manual-operator";

    public static string OwningSystem(CorrectionType type) => type switch
    {
        CorrectionType.RETRY or CorrectionType.DATA_CORRECTION or CorrectionType.ORDER_AMENDMENT or CorrectionType.CANCELLATION
            or CorrectionType.FORCE_COMPLETE => OrderManagement,
        CorrectionType.RESOURCE_REALLOCATION => ResourceInventory,
        CorrectionType.COMPENSATION => Billing,
        _ => ManualOperator,
    };

    /// <summary>The stored JSON as a value an event can carry as an object rather than as a string.</summary>
    public static JsonElement PayloadOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
