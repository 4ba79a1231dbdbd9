using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FalloutManagement.Api.Modules.Corrections.ProposeCorrection;

/// <summary>
/// The OpenAPI shape of a correction's <c>payload</c>: schema <c>CorrectionPayload</c>, a <c>oneOf</c> of the eight
/// typed payloads that <see cref="CorrectionPayloads"/> checks, selected by the sibling <c>type</c>. OpenAPI's
/// discriminator can only name a property inside the payload, so the mapping from <c>type</c> to shape is stated in the
/// schema's description and in its <c>x-payload-by-type</c> extension; every shape refuses unknown fields
/// (<c>additionalProperties: false</c>) and has its own required fields, so a payload matches exactly one shape.
/// </summary>
internal sealed class CorrectionPayloadSchemas : ISchemaFilter
{
    public const string SchemaId = "CorrectionPayload";

    private static readonly (CorrectionType Type, string Id, string Description)[] Shapes =
    [
        (CorrectionType.RETRY, "RetryPayload", "Retry the failed step (or a named one), at once or not before a time."),
        (CorrectionType.DATA_CORRECTION, "DataCorrectionPayload", "Correct one field: its value before and after (any JSON values; they must differ)."),
        (CorrectionType.RESOURCE_REALLOCATION, "ResourceReallocationPayload", "Replace a resource and say what becomes of the old one."),
        (CorrectionType.MANUAL_PROVISIONING, "ManualProvisioningPayload", "A person provisions by hand: target system, instruction and the exact parameters."),
        (CorrectionType.ORDER_AMENDMENT, "OrderAmendmentPayload", "Amend the order: the kind of change and its details."),
        (CorrectionType.CANCELLATION, "CancellationPayload", "Cancel the item or the whole order."),
        (CorrectionType.COMPENSATION, "CompensationPayload", "Compensate the customer; amount and currency for a refund or credit adjustment."),
        (CorrectionType.FORCE_COMPLETE, "ForceCompletePayload", "Mark a step done without running it, with a justification."),
    ];

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if ((context.Type != typeof(ProposeCorrectionRequest) && context.Type != typeof(CorrectionDto))
            || schema is not OpenApiSchema { Properties: { } properties } target || !properties.ContainsKey("payload"))
        {
            return;
        }
        EnsureIn(context.SchemaRepository);
        properties["payload"] = new OpenApiSchemaReference(SchemaId);
        if (context.Type == typeof(ProposeCorrectionRequest))
        {
            target.Required ??= new SortedSet<string>(StringComparer.Ordinal);
            target.Required.Add("payload");
        }
    }

    private static void EnsureIn(SchemaRepository repository)
    {
        if (repository.Schemas.ContainsKey(SchemaId))
        {
            return;
        }
        foreach (var (_, id, description) in Shapes)
        {
            var shape = Shape(id);
            shape.Description = description;
            repository.AddDefinition(id, shape);
        }
        var mapping = new JsonObject();
        foreach (var (type, id, _) in Shapes)
        {
            mapping[type.ToString()] = $"#/components/schemas/{id}";
        }
        repository.AddDefinition(SchemaId, new OpenApiSchema
        {
            Description = "The correction's typed payload. Its shape is chosen by the sibling `type` of the request (or correction): "
                + string.Join(", ", Shapes.Select(s => $"`{s.Type}` → `{s.Id}`"))
                + ". A payload of another shape, an unknown field or a missing required field is refused with 400 "
                + "`VALIDATION_FAILED` and errors named `payload.<field>`. The mapping is also in `x-payload-by-type`.",
            OneOf = Shapes.Select(s => (IOpenApiSchema)new OpenApiSchemaReference(s.Id)).ToList(),
            Extensions = new Dictionary<string, IOpenApiExtension> { ["x-payload-by-type"] = new JsonNodeExtension(mapping) },
        });
    }

    private static OpenApiSchema Shape(string id) => id switch
    {
        "RetryPayload" => Object([],
            ("step", Text(CorrectionPayloads.TextLength, "The step to retry; default: the failed step.")),
            ("notBefore", new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "date-time", Description = "Not before this time (ISO 8601)." })),
        "DataCorrectionPayload" => Object(["field", "before", "after"],
            ("field", Text(CorrectionPayloads.TextLength, "The corrected field, e.g. imsi.")),
            ("before", new OpenApiSchema { Description = "The value before (any JSON value)." }),
            ("after", new OpenApiSchema { Description = "The value after (any JSON value, different from before)." })),
        "ResourceReallocationPayload" => Object(["oldResourceId", "newResourceId", "oldResourceDisposition"],
            ("oldResourceId", Text(100, "The resource given up.")),
            ("newResourceId", Text(100, "The resource taken instead; differs from the old one.")),
            ("oldResourceDisposition", Choice(CorrectionPayloads.Dispositions, "What becomes of the old resource."))),
        "ManualProvisioningPayload" => Object(["targetSystem", "instruction", "parameters"],
            ("targetSystem", Text(CorrectionPayloads.TextLength, "The system provisioned by hand.")),
            ("instruction", Text(CorrectionPayloads.LongTextLength, "What the person does.")),
            ("parameters", Details("The exact parameters, a non-empty object."))),
        "OrderAmendmentPayload" => Object(["change", "details"],
            ("change", Choice(CorrectionPayloads.AmendmentChanges, "The kind of amendment.")),
            ("details", Details("The amendment's details, a non-empty object."))),
        "CancellationPayload" => Object(["scope", "releaseResources", "notifyCustomer"],
            ("scope", Choice(CorrectionPayloads.CancellationScopes, "Cancel the item or the whole order.")),
            ("releaseResources", new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Release the reserved resources." }),
            ("notifyCustomer", new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Tell the customer." })),
        "CompensationPayload" => Object(["kind"],
            ("kind", Choice(CorrectionPayloads.CompensationKinds, "The kind of compensation.")),
            ("amount", new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.Null, ExclusiveMinimum = "0", Description = "Positive; required for REFUND and CREDIT_ADJUSTMENT." }),
            ("currency", new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Pattern = "^[A-Z]{3}$", Description = "ISO 4217 code; required with an amount." })),
        "ForceCompletePayload" => Object(["step", "justification"],
            ("step", Text(CorrectionPayloads.TextLength, "The step marked done.")),
            ("justification", Text(CorrectionPayloads.LongTextLength, "Why it may be marked done without running it."))),
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown payload shape."),
    };

    private static OpenApiSchema Object(string[] required, params (string Name, OpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Required = required.Length == 0 ? null : new SortedSet<string>(required, StringComparer.Ordinal),
        Properties = properties.ToDictionary(p => p.Name, p => (IOpenApiSchema)p.Schema, StringComparer.Ordinal),
        AdditionalPropertiesAllowed = false,
    };

    private static OpenApiSchema Text(int maxLength, string description) =>
        new() { Type = JsonSchemaType.String, MinLength = 1, MaxLength = maxLength, Description = description };

    private static OpenApiSchema Choice(IReadOnlyList<string> values, string description) =>
        new() { Type = JsonSchemaType.String, Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(), Description = description };

    private static OpenApiSchema Details(string description) =>
        new() { Type = JsonSchemaType.Object, MinProperties = 1, Description = description, AdditionalProperties = new OpenApiSchema() };
}

/// <summary>One request example per correction type, for the OpenAPI document of the propose endpoint.</summary>
internal static class CorrectionExamples
{
    public static RouteHandlerBuilder WithCorrectionExamples(this RouteHandlerBuilder builder)
    {
        foreach (var (type, payload, reason) in All)
        {
            builder.RequestExample(type.ToString(), $"A {type} correction", new { type, payload, reason });
        }
        return builder;
    }

    private static readonly (CorrectionType Type, object Payload, string Reason)[] All =
    [
        (CorrectionType.RETRY, new { step = "ProvisionMobileSubscriber", notBefore = "2026-11-29T11:00:00Z" }, "The HLR is back; retry the provisioning."),
        (CorrectionType.DATA_CORRECTION, new { field = "imsi", before = "510101234567890", after = "510109876543210" }, "The order carries the IMSI of the old SIM."),
        (CorrectionType.RESOURCE_REALLOCATION, new { oldResourceId = "msisdn-6281100001", newResourceId = "msisdn-6281100002", oldResourceDisposition = "QUARANTINE" },
            "The number is still bound to another subscriber."),
        (CorrectionType.MANUAL_PROVISIONING, new { targetSystem = "HSS", instruction = "Create the subscriber profile by hand.", parameters = new { msisdn = "6281100002", profile = "POSTPAID_5G" } },
            "The provisioning adapter cannot create this profile."),
        (CorrectionType.ORDER_AMENDMENT, new { change = "DOWNGRADE_PLAN", details = new { fromPlan = "FIBER_1G", toPlan = "FIBER_300M" } }, "No 1G port left at the customer's site."),
        (CorrectionType.CANCELLATION, new { scope = "ITEM", releaseResources = true, notifyCustomer = true }, "The customer withdrew the add-on."),
        (CorrectionType.COMPENSATION, new { kind = "CREDIT_ADJUSTMENT", amount = 50000, currency = "IDR" }, "Activation was two days late."),
        (CorrectionType.FORCE_COMPLETE, new { step = "ProvisionMobileSubscriber", justification = "Read-back shows the subscriber provisioned correctly." },
            "The step succeeded but its answer was lost."),
    ];
}
