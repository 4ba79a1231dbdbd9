using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FalloutManagement.Api.Common.Http.OpenApi;

/// <summary>
/// Completes every operation from what the endpoint is, so no endpoint repeats OpenAPI boilerplate:
/// <list type="bullet">
/// <item>problem responses (schema <c>Problem</c>, its <c>code</c>s listed and one example per code): 400 for a body,
/// query or header input, 401/403 behind authorization, 404 for a path with ids, 415 for a JSON body, 429 under a rate
/// limit, plus what the endpoint declares with <c>.Refuses(...)</c> / <c>.CaseCommand()</c>;</item>
/// <item>headers: <c>If-Match</c> on case commands, <c>Idempotency-Key</c> where accepted, <c>ETag</c> on versioned
/// answers, <c>Location</c> on every 201, <c>Retry-After</c> on 429;</item>
/// <item>examples: the endpoint's declared ones, else one built from the schema (<see cref="ExampleBuilder"/>);</item>
/// <item><c>security: []</c> on anonymous endpoints.</item>
/// </list>
/// </summary>
public sealed class OperationConventions : IOperationFilter
{
    public const string ProblemSchemaId = "Problem";
    private const string ProblemMediaType = "application/problem+json";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var repository = context.SchemaRepository;
        var examples = new SharedExamples(context.Document, new ExampleBuilder(repository));
        operation.Parameters ??= [];
        operation.Responses ??= [];

        foreach (var header in RequestHeaders(metadata))
        {
            if (operation.Parameters.Any(p => string.Equals(p.Name, header.Name, StringComparison.OrdinalIgnoreCase) && p.In == ParameterLocation.Header))
            {
                continue;
            }
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Required = header.Required,
                Description = header.Description,
                Schema = header.Name == "If-Match"
                    ? new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^(W/)?\"[0-9]+\"$" }
                    : new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = header.MaxLength },
                Example = header.Name == "If-Match" ? JsonValue.Create("\"3\"") : JsonValue.Create("5c1f0c9e-proposal-1"),
            });
        }

        foreach (var values in metadata.OfType<QueryValues>())
        {
            if (operation.Parameters.FirstOrDefault(p => p.Name == values.Name && p.In == ParameterLocation.Query) is OpenApiParameter { Schema: OpenApiSchema schema })
            {
                schema.Enum = values.Values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
            }
        }

        foreach (var alternative in metadata.OfType<AlternativeAnswer>())
        {
            if (operation.Responses.TryGetValue(alternative.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var answer)
                && answer.Content?.Values.OfType<OpenApiMediaType>().FirstOrDefault() is { Schema: { } produced } media)
            {
                // anyOf, not oneOf: one shape may hold every field the other requires.
                media.Schema = new OpenApiSchema { AnyOf = [produced, context.SchemaGenerator.GenerateSchema(alternative.Type, repository)] };
            }
        }

        var answersETag = metadata.OfType<AnswersETag>().Any();
        foreach (var (status, response) in operation.Responses.Where(r => r.Key.StartsWith('2')).Select(r => (r.Key, r.Value)).ToList())
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (answersETag)
            {
                concrete.Headers.TryAdd("ETag", StringHeader("The resource's version as a strong entity tag, e.g. \"4\"; send it back as If-Match."));
            }
            if (status == "201")
            {
                concrete.Headers.TryAdd("Location", StringHeader("The address of the created resource."));
            }
            if (concrete.Headers.Count == 0)
            {
                concrete.Headers = null;
            }
            AddExamples(concrete.Content, metadata.OfType<BodyExample>().Where(e => e.Status == int.Parse(status, System.Globalization.CultureInfo.InvariantCulture)), examples);
        }

        if (operation.RequestBody is OpenApiRequestBody body)
        {
            AddExamples(body.Content, metadata.OfType<BodyExample>().Where(e => e.Status is null), examples);
        }

        foreach (var (status, codes) in ProblemStatuses(operation, context.ApiDescription, metadata))
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ProblemResponseFor(status, codes, repository, examples);
        }

        if (IsAnonymous(metadata))
        {
            operation.Security = [];
        }
    }

    private static IEnumerable<RequestHeader> RequestHeaders(IList<object> metadata)
    {
        if (metadata.OfType<IfMatchRequired>().Any())
        {
            yield return new RequestHeader("If-Match",
                "The resource's current ETag (e.g. \"3\"). Missing: 428 PRECONDITION_REQUIRED; stale: 412 VERSION_CONFLICT.", Required: true);
        }
        foreach (var header in metadata.OfType<RequestHeader>())
        {
            yield return header;
        }
    }

    private static OpenApiHeader StringHeader(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };

    private static void AddExamples(IDictionary<string, IOpenApiMediaType>? content, IEnumerable<BodyExample> declared, SharedExamples shared)
    {
        if (content is null)
        {
            return;
        }
        foreach (var (mediaType, entry) in content)
        {
            if (entry is not OpenApiMediaType media || !mediaType.Contains("json", StringComparison.Ordinal) || media.Schema is null || media.Example is not null || media.Examples is { Count: > 0 })
            {
                continue;
            }
            var list = declared.ToList();
            if (list.Count == 0)
            {
                shared.AddTo(media);
                continue;
            }
            media.Examples = list.ToDictionary(e => e.Name, e => (IOpenApiExample)new OpenApiExample
            {
                Summary = e.Summary,
                Value = System.Text.Json.JsonSerializer.SerializeToNode(e.Value, JsonDefaults.Options),
            });
        }
    }

    /// <summary>Every problem status the operation can answer, with its codes (declared ones first, else the status's default).</summary>
    private static SortedDictionary<int, SortedSet<string>> ProblemStatuses(OpenApiOperation operation, Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription api, IList<object> metadata)
    {
        var statuses = new SortedDictionary<int, SortedSet<string>>();
        void Add(int status, IEnumerable<string> codes)
        {
            if (!statuses.TryGetValue(status, out var set))
            {
                statuses[status] = set = new SortedSet<string>(StringComparer.Ordinal);
            }
            set.UnionWith(codes);
        }

        var hasBody = operation.RequestBody is not null;
        var hasInput = hasBody || operation.Parameters!.Any(p => p.In is ParameterLocation.Query or ParameterLocation.Header);
        if (hasInput)
        {
            Add(StatusCodes.Status400BadRequest, []);
        }
        // The fallback policy requires an authenticated caller everywhere but on anonymous endpoints; roles and policies
        // on the endpoint can refuse an authenticated one.
        if (!IsAnonymous(metadata))
        {
            Add(StatusCodes.Status401Unauthorized, []);
            if (metadata.OfType<IAuthorizeData>().Any())
            {
                Add(StatusCodes.Status403Forbidden, []);
            }
        }
        if (api.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Path))
        {
            Add(StatusCodes.Status404NotFound, []);
        }
        if (hasBody)
        {
            Add(StatusCodes.Status415UnsupportedMediaType, []);
        }
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            Add(StatusCodes.Status429TooManyRequests, []);
        }
        foreach (var declared in metadata.OfType<ProblemResponse>())
        {
            Add(declared.Status, declared.Codes);
        }
        // Framework-made problems (e.g. 400 from the validation filter) sit in the operation already: take them over.
        foreach (var key in operation.Responses!.Keys.Where(k => k.StartsWith('4')).ToList())
        {
            Add(int.Parse(key, System.Globalization.CultureInfo.InvariantCulture), []);
        }
        foreach (var (status, codes) in statuses)
        {
            if (codes.Count == 0 || status == StatusCodes.Status400BadRequest)
            {
                codes.Add(ProblemWriter.CodeFor(status));
            }
        }
        return statuses;
    }

    private static OpenApiResponse ProblemResponseFor(int status, SortedSet<string> codes, SchemaRepository repository, SharedExamples shared)
    {
        ProblemSchema.EnsureIn(repository);
        var title = ReasonPhrase(status);
        return new OpenApiResponse
        {
            Description = $"{title}: a problem with code {string.Join(" or ", codes.Select(c => $"`{c}`"))}.",
            Headers = status == StatusCodes.Status429TooManyRequests
                ? new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before trying again.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
                    },
                }
                : null,
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                [ProblemMediaType] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchemaReference(ProblemSchemaId),
                    Examples = codes.ToDictionary(c => c, c => shared.Problem(status, c)),
                },
            },
        };
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"Status {status}";

    private static bool IsAnonymous(IList<object> metadata) => metadata.OfType<IAllowAnonymous>().Any();

    /// <summary>
    /// Examples kept once in <c>components/examples</c> and referenced: the built example of a component schema (named
    /// after it) and each problem example (<c>Problem-412-VERSION_CONFLICT</c>).
    /// </summary>
    private sealed class SharedExamples(OpenApiDocument document, ExampleBuilder builder)
    {
        public void AddTo(OpenApiMediaType media)
        {
            if (media.Schema is OpenApiSchemaReference { Reference.Id: { } id })
            {
                media.Examples = new Dictionary<string, IOpenApiExample> { [id] = Shared(id, () => new OpenApiExample { Value = builder.For(media.Schema) }) };
                return;
            }
            if (media.Schema is OpenApiSchema { AnyOf: { Count: > 0 } variants } && variants.All(v => v is OpenApiSchemaReference))
            {
                // One shared example per variant, named after its schema.
                media.Examples = variants.Cast<OpenApiSchemaReference>().ToDictionary(v => v.Reference.Id!,
                    v => (IOpenApiExample)Shared(v.Reference.Id!, () => new OpenApiExample { Value = builder.For(v) }));
                return;
            }
            media.Example = builder.For(media.Schema!);
        }

        public IOpenApiExample Problem(int status, string code) =>
            Shared($"Problem-{status}-{code}", () => new OpenApiExample { Summary = code, Value = ProblemSchema.Example(status, code) });

        private OpenApiExampleReference Shared(string id, Func<OpenApiExample> create)
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Examples ??= new Dictionary<string, IOpenApiExample>();
            if (!document.Components.Examples.ContainsKey(id))
            {
                document.Components.Examples[id] = create();
            }
            return new OpenApiExampleReference(id, document);
        }
    }
}
