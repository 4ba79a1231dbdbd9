using System.Text.Json;

namespace FalloutManagement.Api.Modules.Cases.Domain;

/// <summary>
/// Who carries out each correction type by default. The fallout service decides and audits; the owning system
/// performs the change when it receives <c>FalloutCorrectionExecutionRequested</c> and reports the result (seed
/// section 20). The executors themselves (codes, types, result deadlines) are data: <c>/executors</c>.
/// </summary>
public static class CorrectionCatalog
{
    public const string ActivationService = "activation-service";
    public const string HssAdapter = "hss-adapter";
    public const string ResourceInventory = "resource-inventory";
    public const string Billing = "billing";
    public const string OrderManagement = "order-management";
    public const string PartnerGateway = "partner-gateway";
    public const string FieldWorkforce = "field-workforce";
    public const string Crm = "crm";

    /// <summary>
    /// The default executor of a type; null for <c>MANUAL_PROVISIONING</c>, which a person carries out. A
    /// <c>DATA_CORRECTION</c> goes to the system holding the data: the payload's optional <c>system</c> names it
    /// (e.g. <c>hss-adapter</c> for a subscriber profile), else the CRM.
    /// </summary>
    public static string? DefaultExecutor(CorrectionType type, JsonElement payload) => type switch
    {
        CorrectionType.RETRY => ActivationService,
        CorrectionType.DATA_CORRECTION => payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("system", out var system)
            && system.ValueKind == JsonValueKind.String ? system.GetString() : Crm,
        CorrectionType.RESOURCE_REALLOCATION => ResourceInventory,
        CorrectionType.ORDER_AMENDMENT or CorrectionType.CANCELLATION or CorrectionType.FORCE_COMPLETE => OrderManagement,
        CorrectionType.COMPENSATION => Billing,
        _ => null,
    };

    /// <summary>
    /// <c>sha256:&lt;hex&gt;</c> of the canonical payload (object keys sorted by ordinal, no insignificant whitespace):
    /// <c>FalloutCorrectionProposed</c> carries this instead of the payload, so a consumer can match it to the
    /// payload of <c>FalloutCorrectionExecutionRequested</c> without being able to act before the policy allows it.
    /// </summary>
    public static string PayloadDigest(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, document.RootElement);
        }
        return "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>The stored JSON as a value an event can carry as an object rather than as a string.</summary>
    public static JsonElement PayloadOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
