using System.Globalization;
using System.Text.Json;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Corrections.ProposeCorrection;

/// <summary>
/// The payload shape of each correction type (docs/corrections.md, schema CorrectionPayload in docs/openapi.json). A payload is checked field by field: missing,
/// mistyped and unknown fields are refused with errors named <c>payload.&lt;field&gt;</c>. There is no generic patch.
/// </summary>
internal static class CorrectionPayloads
{
    public const int TextLength = 200;
    public const int LongTextLength = 4000;

    public static readonly IReadOnlyList<string> Dispositions = ["RELEASE", "QUARANTINE"];
    public static readonly IReadOnlyList<string> AmendmentChanges = ["DOWNGRADE_PLAN", "REMOVE_ADDON", "CHANGE_INSTALLATION_DATE", "CHANGE_ADDRESS", "SPLIT_ORDER"];
    public static readonly IReadOnlyList<string> CancellationScopes = ["ITEM", "ORDER"];
    public static readonly IReadOnlyList<string> CompensationKinds = ["CREDIT_ADJUSTMENT", "WAIVE_FEE", "DISABLE_FEATURE", "REFUND", "REVOKE_ENTITLEMENT", "QUARANTINE_RESOURCE"];

    /// <summary>Field errors of <paramref name="payload"/> for <paramref name="type"/>; empty when it is valid.</summary>
    public static Dictionary<string, List<string>> Validate(CorrectionType type, JsonElement payload)
    {
        var check = new Checker(payload);
        if (payload.ValueKind != JsonValueKind.Object)
        {
            check.Fail("payload", "The payload must be a JSON object.");
            return check.Errors;
        }
        switch (type)
        {
            case CorrectionType.RETRY:
                check.Only("step", "notBefore");
                check.Text("step", required: false);
                check.Time("notBefore");
                break;
            case CorrectionType.DATA_CORRECTION:
                check.Only("field", "before", "after", "system");
                check.Text("field", required: true);
                check.Text("system", required: false);
                check.Present("before");
                check.Present("after");
                if (payload.TryGetProperty("before", out var before) && payload.TryGetProperty("after", out var after)
                    && JsonElement.DeepEquals(before, after))
                {
                    check.Fail("payload.after", "after must differ from before.");
                }
                break;
            case CorrectionType.RESOURCE_REALLOCATION:
                check.Only("oldResourceId", "newResourceId", "oldResourceDisposition", "resourceClass");
                check.Text("oldResourceId", required: true, max: 100);
                // What the resource is (e.g. PREMIUM_MSISDN), as resource inventory names it: policies match on it.
                check.Text("resourceClass", required: false, max: 40);
                check.Text("newResourceId", required: true, max: 100);
                check.OneOf("oldResourceDisposition", Dispositions);
                if (check.String("oldResourceId") is { } oldId && oldId == check.String("newResourceId"))
                {
                    check.Fail("payload.newResourceId", "The new resource must differ from the old one.");
                }
                break;
            case CorrectionType.MANUAL_PROVISIONING:
                check.Only("targetSystem", "instruction", "parameters");
                check.Text("targetSystem", required: true);
                check.Text("instruction", required: true, max: LongTextLength);
                check.NonEmptyObject("parameters");
                break;
            case CorrectionType.ORDER_AMENDMENT:
                check.Only("change", "details");
                check.OneOf("change", AmendmentChanges);
                check.NonEmptyObject("details");
                break;
            case CorrectionType.CANCELLATION:
                check.Only("scope", "releaseResources", "notifyCustomer");
                check.OneOf("scope", CancellationScopes);
                check.Boolean("releaseResources");
                check.Boolean("notifyCustomer");
                break;
            case CorrectionType.COMPENSATION:
                check.Only("kind", "amount", "currency");
                check.OneOf("kind", CompensationKinds);
                check.Money(requiredFor: check.String("kind") is "REFUND" or "CREDIT_ADJUSTMENT");
                break;
            case CorrectionType.FORCE_COMPLETE:
                check.Only("step", "justification");
                check.Text("step", required: true);
                check.Text("justification", required: true, max: LongTextLength);
                break;
            default:
                check.Fail("type", $"Unknown correction type {type}.");
                break;
        }
        return check.Errors;
    }

    private sealed class Checker(JsonElement payload)
    {
        public Dictionary<string, List<string>> Errors { get; } = [];

        public void Fail(string field, string message)
        {
            if (!Errors.TryGetValue(field, out var list))
            {
                Errors[field] = list = [];
            }
            list.Add(message);
        }

        public void Only(params string[] allowed)
        {
            foreach (var property in payload.EnumerateObject().Where(p => !allowed.Contains(p.Name, StringComparer.Ordinal)))
            {
                Fail($"payload.{property.Name}", $"Unknown field; this correction type takes {string.Join(", ", allowed)}.");
            }
        }

        public string? String(string name) =>
            payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public void Present(string name)
        {
            if (!payload.TryGetProperty(name, out _))
            {
                Fail($"payload.{name}", "Required.");
            }
        }

        public void Text(string name, bool required, int max = TextLength)
        {
            if (!payload.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Fail($"payload.{name}", "Required.");
                }
                return;
            }
            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                Fail($"payload.{name}", "Must be a non-empty string.");
            }
            else if (value.GetString()!.Length > max)
            {
                Fail($"payload.{name}", $"At most {max} characters.");
            }
        }

        public void OneOf(string name, IReadOnlyList<string> values)
        {
            var value = String(name);
            if (value is null || !values.Contains(value, StringComparer.Ordinal))
            {
                Fail($"payload.{name}", $"Required, one of {string.Join(", ", values)}.");
            }
        }

        public void Boolean(string name)
        {
            if (!payload.TryGetProperty(name, out var value) || value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Fail($"payload.{name}", "Required, true or false.");
            }
        }

        public void Time(string name)
        {
            if (payload.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                && (value.ValueKind != JsonValueKind.String
                    || !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)))
            {
                Fail($"payload.{name}", "Must be an ISO-8601 time.");
            }
        }

        public void NonEmptyObject(string name)
        {
            if (!payload.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Object || !value.EnumerateObject().Any())
            {
                Fail($"payload.{name}", "Required, a non-empty object.");
            }
        }

        public void Money(bool requiredFor)
        {
            var hasAmount = payload.TryGetProperty("amount", out var amount) && amount.ValueKind != JsonValueKind.Null;
            if (!hasAmount)
            {
                if (requiredFor)
                {
                    Fail("payload.amount", "Required for a refund or credit adjustment.");
                }
            }
            else if (amount.ValueKind != JsonValueKind.Number || !amount.TryGetDecimal(out var value) || value <= 0)
            {
                Fail("payload.amount", "Must be a positive number.");
            }
            var currency = String("currency");
            if (payload.TryGetProperty("currency", out var raw) && raw.ValueKind != JsonValueKind.Null
                && (currency is null || currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
            {
                Fail("payload.currency", "Must be an ISO 4217 code such as IDR.");
            }
            else if (hasAmount && currency is null)
            {
                Fail("payload.currency", "Required with an amount.");
            }
        }
    }
}
