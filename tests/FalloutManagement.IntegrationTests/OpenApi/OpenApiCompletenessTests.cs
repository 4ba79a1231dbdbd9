using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FalloutManagement.Api.Common.Http.OpenApi;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.OpenApi;

/// <summary>
/// The rules of the OpenAPI contract, checked on every operation of the served document. A new endpoint that breaks
/// one is named with what it lacks and how to add it (docs/api-guide.md, "The OpenAPI document").
/// </summary>
public sealed partial class OpenApiCompletenessTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>POSTs on a case that change it without If-Match, and why.</summary>
    private static readonly Dictionary<string, string> CaseCommandsWithoutIfMatch = new(StringComparer.Ordinal)
    {
        ["/fallout-cases/{id}/resume"] = "the resume token and the order version are the precondition (source systems never hold the ETag)",
        ["/fallout-cases/{id}/reveal"] = "it reads the case's classified values (audited); the case does not change",
        ["/fallout-cases/{id}/correction-actions/{caId}/execution-results"] =
            "the command id names what is answered and makes the report idempotent (executors cannot read cases)",
        ["/fallout-cases/{id}/external-updates"] = "the wait on the caller is the guard (partners cannot read cases)",
    };

    /// <summary>Request bodies whose every field is optional.</summary>
    private static readonly HashSet<string> AllOptionalBodies = new(StringComparer.Ordinal) { "AssignRequest", "GrantBreakGlassRequest" };

    [Fact]
    public async Task Every_operation_follows_the_contract_rules()
    {
        var document = await OpenApiDocument.ServedAsync(api.App);
        var problems = new List<string>();
        var tags = document["tags"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => (string?)t!["description"]);
        var operationIds = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (path, pathItem) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in pathItem!.AsObject())
            {
                var operation = node!.AsObject();
                var where = $"{method.ToUpperInvariant()} {path}";
                void Require(bool condition, string message)
                {
                    if (!condition)
                    {
                        problems.Add($"{where}: {message}");
                    }
                }

                var operationId = (string?)operation["operationId"];
                Require(!string.IsNullOrWhiteSpace(operationId) && operationIds.Add(operationId), "a unique operationId (.WithName(...))");
                Require(!string.IsNullOrWhiteSpace((string?)operation["summary"]), "a summary (.WithSummary(...))");
                Require(!string.IsNullOrWhiteSpace((string?)operation["description"]), "a description (.WithDescription(...))");
                var operationTags = operation["tags"]?.AsArray().Select(t => (string)t!).ToList() ?? [];
                Require(operationTags.Count > 0, "a tag (.WithTags / .WithTag on its group)");
                foreach (var tag in operationTags)
                {
                    Require(!string.IsNullOrWhiteSpace(tags.GetValueOrDefault(tag)), $"tag '{tag}' described once (.WithTag(name, description))");
                }

                var responses = operation["responses"]!.AsObject();
                var errors = responses.Where(r => r.Key[0] is '4' or '5').ToList();
                Require(errors.Any(r => r.Key[0] == '4'), "at least one 4xx response");
                foreach (var (status, response) in errors)
                {
                    var media = response!["content"]?["application/problem+json"];
                    Require((string?)media?["schema"]?["$ref"] == "#/components/schemas/Problem", $"{status} answered with the Problem schema");
                    Require(media?["examples"]?.AsObject().Count > 0, $"{status} with an example per code");
                }

                var secured = operation["security"] is not JsonArray { Count: 0 };
                Require(!secured || responses.ContainsKey("401"), "401 (it requires a token)");
                var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
                Require(!parameters.Any(p => (string?)p["in"] == "path") || responses.ContainsKey("404"), "404 (it has a path id)");

                if (operation["requestBody"]?["content"]?["application/json"] is { } body)
                {
                    Require(HasExample(body), "an example request body (.RequestExample(...) or a schema the example builder can fill)");
                    Require(responses.ContainsKey("400") && responses.ContainsKey("415"), "400 and 415 (it takes a JSON body)");
                    var schemaId = SchemaId(body["schema"]);
                    if (schemaId is not null && Schema(document, schemaId)?["properties"] is JsonObject { Count: > 0 })
                    {
                        Require(Schema(document, schemaId)?["required"] is JsonArray { Count: > 0 } || AllOptionalBodies.Contains(schemaId),
                            $"required fields marked in {schemaId} (NotEmpty/NotNull in its validator)");
                    }
                }
                foreach (var (status, response) in responses.Where(r => r.Key[0] == '2'))
                {
                    if (response!["content"]?["application/json"] is { } content)
                    {
                        Require(HasExample(content), $"an example {status} response");
                    }
                    if (status == "201")
                    {
                        Require(response["headers"]?["Location"] is not null, "Location on 201");
                    }
                }

                var ifMatch = parameters.FirstOrDefault(p => (string?)p["in"] == "header" && (string?)p["name"] == "If-Match");
                var changesCase = method == "post" && path.StartsWith("/fallout-cases/{id}/", StringComparison.Ordinal);
                if ((changesCase && !CaseCommandsWithoutIfMatch.ContainsKey(path)) || method == "put")
                {
                    Require(ifMatch is not null, "the If-Match header (.CaseCommand() / .VersionedCommand(), or list it in CaseCommandsWithoutIfMatch with why)");
                }
                if (ifMatch is not null)
                {
                    Require((bool?)ifMatch["required"] == true, "If-Match required");
                    Require(responses.ContainsKey("412") && responses.ContainsKey("428"), "412 and 428 (it takes If-Match)");
                    Require(responses.Where(r => r.Key[0] == '2' && r.Key != "204").All(r => r.Value!["headers"]?["ETag"] is not null), "ETag on its 2xx answers");
                }
            }
        }

        Assert.True(problems.Count == 0, "The OpenAPI document breaks its rules:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task The_document_describes_itself_problems_payloads_and_security()
    {
        var document = await OpenApiDocument.ServedAsync(api.App);

        Assert.Equal("Apache-2.0", (string?)document["info"]!["license"]!["name"]);
        Assert.NotEmpty(document["servers"]!.AsArray());
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["bearer"]!["scheme"]);
        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.All(schemas.Select(s => s.Key), name => Assert.Matches(ComponentName(), name));

        var codes = schemas["Problem"]!["properties"]!["code"]!["enum"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Equal(ProblemSchema.Codes, codes);

        // Enums travel as strings.
        foreach (var (name, schema) in schemas)
        {
            foreach (var node in Descendants(schema!).Where(n => n["enum"] is not null))
            {
                Assert.True((string?)node["type"] == "string", $"{name}: enum {node["enum"]!.ToJsonString()} is not a string enum");
            }
        }

        // The correction payload: one typed shape per correction type, named by the sibling type.
        var payload = schemas["CorrectionPayload"]!;
        Assert.Equal(Enum.GetValues<CorrectionType>().Length, payload["oneOf"]!.AsArray().Count);
        var byType = payload["x-payload-by-type"]!.AsObject();
        Assert.Equal(Enum.GetNames<CorrectionType>().Order(), byType.Select(m => m.Key).Order());
        Assert.Equal("#/components/schemas/CorrectionPayload", (string?)schemas["ProposeCorrectionRequest"]!["properties"]!["payload"]!["$ref"]);

        // One example per correction type on the propose endpoint, each of its type's shape.
        var propose = document["paths"]!["/fallout-cases/{id}/correction-actions"]!["post"]!;
        var examples = propose["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();
        Assert.Equal(Enum.GetNames<CorrectionType>().Order(), examples.Select(e => e.Key).Order());
        foreach (var (type, example) in examples)
        {
            Assert.Equal(type, (string?)example!["value"]!["type"]);
            var shape = schemas[((string)byType[type]!).Split('/')[^1]]!;
            var fields = example["value"]!["payload"]!.AsObject().Select(f => f.Key).ToHashSet();
            Assert.Superset(shape["required"]?.AsArray().Select(r => (string)r!).ToHashSet() ?? [], fields);
            Assert.Subset(shape["properties"]!.AsObject().Select(p => p.Key).ToHashSet(), fields);
        }
        Assert.Contains(propose["parameters"]!.AsArray(), p => (string?)p!["name"] == "Idempotency-Key");
    }

    private static bool HasExample(JsonNode media) => media["example"] is not null || media["examples"] is JsonObject { Count: > 0 };

    private static string? SchemaId(JsonNode? schema) => ((string?)schema?["$ref"])?.Split('/')[^1];

    private static JsonNode? Schema(JsonObject document, string id) => document["components"]!["schemas"]![id];

    private static IEnumerable<JsonObject> Descendants(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            yield return obj;
            foreach (var child in obj.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants))
            {
                yield return child;
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array.OfType<JsonNode>().SelectMany(Descendants))
            {
                yield return child;
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex ComponentName();
}
