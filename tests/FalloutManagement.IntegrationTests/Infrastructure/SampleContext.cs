using System.Text.Json.Nodes;

namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>The seed's duplicate-subscriber example as an intake <c>context</c>: what an operator needs on screen.</summary>
public static class SampleContext
{
    public static JsonObject DuplicateSubscriber(string serviceOrderId = "so-1") => new()
    {
        ["customer"] = new JsonObject { ["name"] = "PT Contoh Makmur", ["segment"] = "ENTERPRISE", ["contactChannel"] = "EMAIL" },
        ["order"] = new JsonObject
        {
            ["serviceOrderId"] = serviceOrderId,
            ["productOrderId"] = "po-1",
            ["items"] = new JsonArray(
                Item("soi-sim", "SIM card", "ADD", "COMPLETED"),
                Item("soi-sub", "Mobile subscriber", "ADD", "FAILED", "soi-sim"),
                Item("soi-data", "Data bundle 50 GB", "ADD", "PENDING", "soi-sub"),
                Item("soi-voice", "Voice plan", "ADD", "PENDING", "soi-sub")),
        },
        ["failedStep"] = new JsonObject
        {
            ["key"] = "ProvisionMobileSubscriber", ["system"] = "HLR/HSS", ["description"] = "Create the subscriber profile in the HSS",
        },
        ["service"] = new JsonObject { ["serviceId"] = "svc-mobile-1", ["serviceType"] = "MOBILE_POSTPAID", ["state"] = "DESIGNED" },
        ["resources"] = new JsonArray(
            new JsonObject { ["resourceId"] = "res-msisdn", ["resourceType"] = "MSISDN", ["value"] = "628111000222", ["inventoryState"] = "RESERVED", ["assignedTo"] = "svc-mobile-1" },
            new JsonObject { ["resourceId"] = "res-imsi", ["resourceType"] = "IMSI", ["value"] = "510100000000123", ["inventoryState"] = "IN_USE", ["assignedTo"] = "svc-other-9" }),
        ["activationAttempts"] = new JsonArray(Attempt("2026-11-02T08:55:00Z", "ERR 3001")),
        ["suggestedCorrection"] = new JsonObject
        {
            ["type"] = "DATA_CORRECTION", ["summary"] = "Align the IMSI on the order with the one the HSS holds, then retry.",
        },
    };

    public static JsonObject Attempt(string at, string code) => new()
    {
        ["command"] = "CreateSubscriber msisdn=628111000222 imsi=510100000000456",
        ["at"] = at,
        ["vendorResponse"] = $"NACK {code}",
        ["rawError"] = $"{code}: subscriber exists with a different IMSI",
        ["normalizedError"] = "DUPLICATE_SUBSCRIBER_MISMATCH",
    };

    private static JsonObject Item(string id, string product, string action, string state, params string[] dependsOn) => new()
    {
        ["id"] = id, ["product"] = product, ["action"] = action, ["state"] = state,
        ["dependsOn"] = new JsonArray([.. dependsOn.Select(d => (JsonNode)d)]),
    };
}
