using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FalloutManagement.Api.Common.Http.OpenApi;

/// <summary>
/// Builds an example value from a schema, for bodies whose endpoint declares none: the first enum value, the first
/// <c>oneOf</c> variant, fixed ids and times, and the contract's sample values for well-known field names (so/soi ids,
/// queues, users). The value is valid against the schema (the lint checks it).
/// </summary>
public sealed class ExampleBuilder(SchemaRepository repository)
{
    private const int MaxDepth = 24;

    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["reason"] = "Subscriber data checked against the HLR; the IMSI in the order is stale.",
        ["queue"] = "MOBILE_ACTIVATION_L2",
        ["toQueue"] = "MOBILE_ACTIVATION_L2",
        ["queueCode"] = "MOBILE_ACTIVATION_L2",
        ["user"] = "olga.operator",
        ["userId"] = "olga.operator",
        ["assignedUser"] = "olga.operator",
        ["actor"] = "olga.operator",
        ["proposedBy"] = "olga.operator",
        ["approvedBy"] = "ana.approver",
        ["capturedBy"] = "olga.operator",
        ["appliedBy"] = "olga.operator",
        ["sourceSystem"] = "activation-service",
        ["source"] = "activation-service",
        ["sourceEventId"] = "evt-123",
        ["correlationId"] = "corr-456",
        ["customerId"] = "cust-1",
        ["serviceOrderId"] = "so-1",
        ["serviceOrderItemId"] = "soi-1",
        ["productOrderId"] = "po-1",
        ["impactedServiceId"] = "svc-1",
        ["resourceId"] = "res-1",
        ["reasonCode"] = "DUPLICATE_SUBSCRIBER_MISMATCH",
        ["message"] = "Subscriber exists with same MSISDN but different IMSI",
        ["failedStepKey"] = "ProvisionMobileSubscriber",
        ["step"] = "ProvisionMobileSubscriber",
        ["resumePoint"] = "after command ProvisionMobileSubscriber",
        ["currency"] = "EUR",
        ["callback"] = "https://orders.example.net/fallout-events",
        ["secret"] = "a-long-random-shared-secret-for-hmac",
        ["title"] = "HLR timeouts in region west",
        ["name"] = "Mobile activation level 2",
        ["skill"] = "mobile core provisioning",
        ["instruction"] = "Re-provision the subscriber with the IMSI from the SIM inventory.",
        ["outcome"] = "Subscriber re-provisioned; read-back matches.",
        ["storageRef"] = "s3://fallout-evidence/2026/11/so-1.png",
        ["checksum"] = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        // Base64 of "test", whose SHA-256 is the checksum above: an example with both is accepted as it stands.
        ["content"] = "dGVzdA==",
        ["mediaType"] = "text/plain",
        ["taskType"] = "CALL_CUSTOMER",
        ["description"] = "Activations in region west time out at the HLR since 10:00.",
        ["affectedTargetSystem"] = "HLR",
        ["scope"] = "queue:MOBILE_ACTIVATION_L2",
        ["query"] = "eventType=FalloutCaseDetected,FalloutCaseClosed",
        ["eventType"] = "FalloutCaseDetected",
        ["nextCursor"] = "eyJrIjoxMjN9",
        ["cursor"] = "eyJrIjoxMjN9",
        ["accessToken"] = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvbGdhIn0.c2lnbmF0dXJl",
        // Values the service checks against its own lists: an example it would refuse is no example.
        ["timeZone"] = "Asia/Jakarta",
        ["pauseWhile"] = "WAITING_CUSTOMER",
        ["operatorRole"] = "fallout.operator",
    };

    public JsonNode? For(IOpenApiSchema schema) => Build(schema, null, 0, []);

    private JsonNode? Build(IOpenApiSchema schema, string? name, int depth, HashSet<string> path)
    {
        if (schema is OpenApiSchemaReference reference)
        {
            var id = reference.Reference.Id;
            if (id is null || !repository.Schemas.TryGetValue(id, out var target) || depth > MaxDepth || !path.Add(id))
            {
                return null;
            }
            var value = Build(target, name, depth + 1, path);
            path.Remove(id);
            return value;
        }
        if (schema.Examples is { Count: > 0 } examples && examples[0] is { } example)
        {
            return example.DeepClone();
        }
        if (schema.Enum is { Count: > 0 } values && values.FirstOrDefault(v => v is not null) is { } first)
        {
            return first.DeepClone();
        }
        if (schema.OneOf is { Count: > 0 } oneOf)
        {
            return Build(oneOf[0], name, depth + 1, path);
        }
        if (schema.AllOf is { Count: > 0 } allOf)
        {
            var merged = new JsonObject();
            foreach (var part in allOf)
            {
                if (Build(part, name, depth + 1, path) is JsonObject partValue)
                {
                    foreach (var (key, value) in partValue)
                    {
                        merged[key] = value?.DeepClone();
                    }
                }
            }
            return merged;
        }
        var type = schema.Type ?? 0;
        if (type.HasFlag(JsonSchemaType.Array))
        {
            var item = schema.Items is null ? null : Build(schema.Items, Singular(name), depth + 1, path);
            return item is null ? new JsonArray() : new JsonArray(item);
        }
        if (type.HasFlag(JsonSchemaType.Object) || schema.Properties is { Count: > 0 })
        {
            var result = new JsonObject();
            foreach (var (property, propertySchema) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                result[property] = Build(propertySchema, property, depth + 1, path);
            }
            if (result.Count == 0 && schema.AdditionalProperties is { } values2 && Build(values2, name, depth + 1, path) is { } entry)
            {
                result["key"] = entry;
            }
            return result;
        }
        if (type.HasFlag(JsonSchemaType.String))
        {
            return JsonValue.Create(Text(schema, name));
        }
        if (type.HasFlag(JsonSchemaType.Integer))
        {
            return JsonValue.Create(Bound(schema, 1m));
        }
        if (type.HasFlag(JsonSchemaType.Number))
        {
            return JsonValue.Create(Bound(schema, 12.5m));
        }
        if (type.HasFlag(JsonSchemaType.Boolean))
        {
            return JsonValue.Create(true);
        }
        return null;
    }

    private static string? Singular(string? name) => name is { Length: > 1 } && name.EndsWith('s') ? name[..^1] : name;

    private static decimal Bound(IOpenApiSchema schema, decimal value)
    {
        if (decimal.TryParse(schema.Minimum, NumberStyles.Float, CultureInfo.InvariantCulture, out var min) && value < min)
        {
            value = min;
        }
        if (decimal.TryParse(schema.Maximum, NumberStyles.Float, CultureInfo.InvariantCulture, out var max) && value > max)
        {
            value = max;
        }
        return value;
    }

    private static string Text(IOpenApiSchema schema, string? name)
    {
        var text = schema.Format switch
        {
            "uuid" => "0196f1de-7c1a-7d4e-9a10-3f2b8c4d5e6f",
            "date-time" => "2026-11-29T10:15:00Z",
            "date" => "2026-11-29",
            "duration" => "PT59M59S",
            "date-span" => "00:59:59",
            "uri" => "https://orders.example.net/fallout-events",
            "byte" => "aGVsbG8gZXZpZGVuY2U=",
            _ => name is not null && Samples.TryGetValue(name, out var sample) ? sample : $"{name ?? "text"}-1",
        };
        if (schema.MaxLength is { } maxLength && text.Length > maxLength)
        {
            text = text[..maxLength];
        }
        if (schema.MinLength is { } minLength && text.Length < minLength)
        {
            text = text.PadRight(minLength, 'x');
        }
        return text;
    }
}
