using System.Reflection;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Problems;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FalloutManagement.Api.Common.Http.OpenApi;

/// <summary>The <c>Problem</c> schema (RFC 9457 with the stable <c>code</c>) and one example per code.</summary>
public static class ProblemSchema
{
    /// <summary>Every code of <see cref="ProblemCodes"/>: a code added there is in the document's enum at once.</summary>
    public static IReadOnlyList<string> Codes { get; } = typeof(ProblemCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToList();

    private static readonly Dictionary<string, string> Details = new(StringComparer.Ordinal)
    {
        [ProblemCodes.ValidationFailed] = "One or more fields are invalid; see errors.",
        [ProblemCodes.InvalidTransition] = "The case is CLOSED; this command is not allowed in that state.",
        [ProblemCodes.VersionConflict] = "The case is at version 5, not 4. Read it again and retry.",
        [ProblemCodes.PreconditionRequired] = "This command changes the case: send If-Match with the case's ETag.",
        [ProblemCodes.NotFound] = "No such resource, or it is not visible to the caller.",
        [ProblemCodes.Forbidden] = "The caller's roles or ownership do not allow this.",
        [ProblemCodes.Unauthorized] = "A valid bearer token is required.",
        [ProblemCodes.ApprovalRequired] = "The correction needs an approval before it can be applied.",
        [ProblemCodes.SegregationOfDuties] = "The checker must not be the maker of the correction.",
        [ProblemCodes.EvidenceRequired] = "Evidence proving the resolution is required first.",
        [ProblemCodes.TokenUsed] = "The resume token was already redeemed.",
        [ProblemCodes.TokenExpired] = "The resume token expired.",
        [ProblemCodes.OrderVersionMismatch] = "The order is at version 8; the token expects 7.",
        [ProblemCodes.PolicyDenied] = "The action policy does not allow this correction here.",
        [ProblemCodes.StepUpRequired] = "Approving a HIGH risk correction needs a token with mfa in amr.",
        [ProblemCodes.RateLimited] = "Too many requests; retry after the time in Retry-After.",
    };

    public static void EnsureIn(SchemaRepository repository)
    {
        if (repository.Schemas.ContainsKey(OperationConventions.ProblemSchemaId))
        {
            return;
        }
        repository.AddDefinition(OperationConventions.ProblemSchemaId, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem (media type application/problem+json). Clients switch on `code`, never on `title`. "
                + "`traceId` is the W3C trace id of the request, also in the service's logs. `errors` (validation only) maps each "
                + "invalid field, by its JSON path, to its messages.",
            Required = new HashSet<string>(StringComparer.Ordinal) { "status", "title", "code", "traceId" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the problem type." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short human summary of the problem type." },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599", Description = "The HTTP status." },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong with this request." },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request path." },
                ["code"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "The stable problem code.",
                    Enum = Codes.Select(c => (JsonNode)JsonValue.Create(c)).ToList(),
                },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id." },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Validation problems only: messages by field.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        });
    }

    public static JsonObject Example(int status, string code)
    {
        var example = new JsonObject
        {
            ["type"] = $"https://fallout-management.dev/problems/{code.ToLowerInvariant().Replace('_', '-')}",
            ["title"] = Title(code),
            ["status"] = status,
            ["detail"] = Details.GetValueOrDefault(code, $"Refused with {code}."),
            ["instance"] = "/fallout-cases/0196f1de-7c1a-7d4e-9a10-3f2b8c4d5e6f",
            ["code"] = code,
            ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        };
        if (status == StatusCodes.Status400BadRequest)
        {
            example["errors"] = new JsonObject { ["reason"] = new JsonArray("'Reason' must not be empty.") };
        }
        return example;
    }

    private static string Title(string code)
    {
        var words = code.ToLowerInvariant().Replace('_', ' ');
        return char.ToUpperInvariant(words[0]) + words[1..];
    }
}
