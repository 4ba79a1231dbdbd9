namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// Endpoint metadata read by the OpenAPI filters (<see cref="OpenApi.OperationConventions"/>). An endpoint states what
/// it is (<c>.CaseCommand()</c>, <c>.CaseRead()</c>, <c>.Refuses(...)</c>, <c>.RequestExample(...)</c>); the filters turn
/// that into headers, problem responses and examples, so no endpoint repeats OpenAPI boilerplate. docs/api-guide.md
/// ("The OpenAPI document") lists the conventions.
/// </summary>
public static class OpenApiMetadata
{
    /// <summary>
    /// A command that changes a case: requires <c>If-Match</c> (428 <c>PRECONDITION_REQUIRED</c> when missing, 412
    /// <c>VERSION_CONFLICT</c> when stale), answers the case's new <c>ETag</c>, 404 for a case the caller cannot see and
    /// 409 <c>INVALID_TRANSITION</c> when the state forbids the command.
    /// </summary>
    public static TBuilder CaseCommand<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.VersionedCommand().Refuses(StatusCodes.Status409Conflict);

    /// <summary>
    /// A change of a versioned resource (a case, a reference data row): requires <c>If-Match</c> (428 / 412), answers
    /// the new <c>ETag</c>, 404 when absent.
    /// </summary>
    public static TBuilder VersionedCommand<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IfMatchRequired(), new AnswersETag())
            .Refuses(StatusCodes.Status404NotFound)
            .Refuses(StatusCodes.Status412PreconditionFailed)
            .Refuses(StatusCodes.Status428PreconditionRequired);

    /// <summary>A read of a versioned resource: answers its <c>ETag</c>, 404 when absent or invisible to the caller.</summary>
    public static TBuilder CaseRead<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AnswersETag()).Refuses(StatusCodes.Status404NotFound);

    /// <summary>Declares that the endpoint answers <paramref name="status"/> with a problem carrying one of <paramref name="codes"/>
    /// (none: the status's default code, e.g. 409 <c>INVALID_TRANSITION</c>). Codes add up over calls.</summary>
    public static TBuilder Refuses<TBuilder>(this TBuilder builder, int status, params string[] codes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemResponse(status, codes));

    /// <summary>The endpoint honours an <c>Idempotency-Key</c> request header: the same key again answers the first result.</summary>
    public static TBuilder AcceptsIdempotencyKey<TBuilder>(this TBuilder builder, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestHeader("Idempotency-Key", description, Required: false, MaxLength: 200));

    /// <summary>A named example of the request body (several for a body with variants, e.g. one per correction type).</summary>
    public static TBuilder RequestExample<TBuilder>(this TBuilder builder, string name, string summary, object value) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyExample(null, name, summary, value));

    /// <summary>A named example of the <paramref name="status"/> response body.</summary>
    public static TBuilder ResponseExample<TBuilder>(this TBuilder builder, int status, string name, string summary, object value) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyExample(status, name, summary, value));

    /// <summary>
    /// The <paramref name="status"/> answer is either the type the endpoint <c>.Produces</c> for it or
    /// <typeparamref name="TOther"/>: the document says <c>anyOf</c> both, with an example of each.
    /// </summary>
    public static RouteHandlerBuilder OrAnswers<TOther>(this RouteHandlerBuilder builder, int status) =>
        builder.WithMetadata(new AlternativeAnswer(status, typeof(TOther)));

    /// <summary>The query parameter <paramref name="name"/> takes the names of <typeparamref name="TEnum"/> (a string enum).</summary>
    public static RouteHandlerBuilder QueryEnum<TEnum>(this RouteHandlerBuilder builder, string name) where TEnum : struct, Enum =>
        builder.WithMetadata(new QueryValues(name, Enum.GetNames<TEnum>()));

    /// <summary>Groups the endpoints under <paramref name="tag"/> and describes the tag once for the whole document.</summary>
    public static TBuilder WithTag<TBuilder>(this TBuilder builder, string tag, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.WithTags(tag).WithMetadata(new TagDescription(tag, description));
}

/// <summary>The command requires <c>If-Match</c> with the resource's ETag.</summary>
public sealed record IfMatchRequired;

/// <summary>The 2xx answers carry the resource's version as a strong <c>ETag</c>.</summary>
public sealed record AnswersETag;

/// <summary>The <see cref="Status"/> answer may also be a <see cref="Type"/>.</summary>
public sealed record AlternativeAnswer(int Status, Type Type);

/// <summary>A problem status the endpoint can answer, with the <c>code</c>s it can carry.</summary>
public sealed record ProblemResponse(int Status, IReadOnlyList<string> Codes);

/// <summary>A request header the endpoint reads.</summary>
public sealed record RequestHeader(string Name, string Description, bool Required, int? MaxLength = null);

/// <summary>An example body: of the request when <see cref="Status"/> is null, else of that response.</summary>
public sealed record BodyExample(int? Status, string Name, string Summary, object Value);

/// <summary>The values a string query parameter takes.</summary>
public sealed record QueryValues(string Name, IReadOnlyList<string> Values);

/// <summary>The description of an OpenAPI tag.</summary>
public sealed record TagDescription(string Tag, string Description);
