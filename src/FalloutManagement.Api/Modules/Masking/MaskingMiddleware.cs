using System.Text.Json;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Observability;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;

namespace FalloutManagement.Api.Modules.Masking;

/// <summary>Marks an endpoint whose answer is deliberately unmasked (the reveal).</summary>
internal sealed class UnmaskedResponse;


/// <summary>
/// Masks every JSON answer for its reader, whatever endpoint wrote it: case, lists, audit, timeline, corrections,
/// evidence, the event feed, incidents. The answer is buffered, and when it holds anything classified (or a token id)
/// it is masked per case (see <see cref="Masker"/>) and written again. Readers who see every class unmasked are
/// passed through untouched.
/// </summary>
internal sealed class MaskingMiddleware(RequestDelegate next)
{
    /// <summary>Endpoints that serve evidence content: refused unless the caller sees that class unmasked for the case.</summary>
    private static readonly HashSet<string> EvidenceContentEndpoints = new(StringComparer.Ordinal) { "GetEvidenceContent" };

    /// <summary>Endpoints that serve events: masked even for a reader who sees every class (execution payloads go to executors only).</summary>
    private static readonly HashSet<string> EventEndpoints = new(StringComparer.Ordinal) { "GetEvents" };

    public async Task InvokeAsync(HttpContext http, MaskingRules masking, FalloutDbContext db)
    {
        // Plumbing (the metrics scrape, health) holds no case data and must not need the database (its masking rules).
        if (http.User.Identity?.IsAuthenticated != true || http.User.FindFirst(FalloutClaims.Subject) is null
            || Telemetry.IsPlumbing(http.Request.Path)
            || http.GetEndpoint() is not { } endpoint || endpoint.Metadata.GetMetadata<UnmaskedResponse>() is not null)
        {
            await next(http);
            return;
        }
        var ct = http.RequestAborted;
        var (rules, _) = await masking.CurrentAsync(ct);
        var viewer = Viewer.From(http.Caller());
        var routeCase = RouteCase(http);
        if (endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is { } name && EvidenceContentEndpoints.Contains(name)
            && routeCase is { } contentCase)
        {
            var facts = await CaseFactsReader.ReadAsync(db, [contentCase], ct);
            if (facts.TryGetValue(contentCase, out var f) && !viewer.ViewOf(rules, f).Unmasked.Contains(MaskingRuleSet.EvidenceContent))
            {
                throw DomainException.Forbidden("Evidence content is classified for you; reveal it (POST /fallout-cases/{id}/reveal) if your role may.");
            }
            await next(http);
            return;
        }
        var endpointName = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        if (viewer.SeesAll(rules) && (endpointName is null || !EventEndpoints.Contains(endpointName)))
        {
            await next(http);
            return;
        }

        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        buffer.Position = 0;
        if (http.Response.StatusCode is >= 200 and < 300 && IsJson(http.Response.ContentType) && buffer.Length > 0)
        {
            if (SeesWholeCase(rules, viewer, CaseFacts.AnswerOf(http), routeCase, buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
            {
                http.Response.ContentLength = buffer.Length;
                await buffer.CopyToAsync(original, ct);
                return;
            }
            var root = JsonNode.Parse(buffer);
            await CaseFactsReader.MaskAsync(db, rules, viewer, root, routeCase, ct);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(root, JsonDefaults.Options);
            http.Response.ContentLength = bytes.Length;
            await original.WriteAsync(bytes, ct);
            return;
        }
        if (buffer.Length > 0)
        {
            await buffer.CopyToAsync(original, ct);
        }
    }

    /// <summary>
    /// Whether the answer is one case (<see cref="CaseFacts.AnswerOf"/>, the route's case if the route names one) that
    /// masking would leave as it is for this viewer: the viewer sees the case's token ids, and every class it does not
    /// see unmasked is absent from the written answer (<see cref="MayHold"/>). Then the answer goes out as written,
    /// without being parsed and written again — the case's owner reading or working it (pull-next, every command), its
    /// reporter reading the intake's 201 (a new case has no evidence, so no <c>storageRef</c>, the one class a reporter
    /// does not see by default), a reveal-all elevation. Everything in a case representation belongs to that case, so
    /// its view is the view of the whole answer; a case id inside its free-form <c>attributes</c> or <c>context</c> does
    /// not make that content another case's.
    /// </summary>
    internal static bool SeesWholeCase(MaskingRuleSet rules, Viewer viewer, CaseFacts? answer, Guid? routeCase, ReadOnlySpan<byte> written)
    {
        if (answer is null || (routeCase is { } route && route != answer.Id))
        {
            return false;
        }
        var view = viewer.ViewOf(rules, answer);
        if (!view.TokensVisible)
        {
            return false;
        }
        if (rules.Classes.All(c => view.Unmasked.Contains(c.Key) || c.Value.Names.Count == 0))
        {
            return true;
        }
        // Some class is hidden from this viewer: the answer must not hold it. Bytes beyond ASCII or a \u escape could
        // spell a name the byte search does not see (a correction's field is matched ignoring case, and ſ is S): such
        // an answer takes the full pass.
        if (written.ContainsAnyExceptInRange((byte)0, (byte)0x7F) || written.IndexOf("\\u"u8) >= 0)
        {
            return false;
        }
        foreach (var (name, dataClass) in rules.Classes)
        {
            if (!view.Unmasked.Contains(name))
            {
                foreach (var property in dataClass.Names)
                {
                    if (MayHold(written, property))
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /// <summary>
    /// Whether written JSON in ASCII without <c>\u</c> escapes may hold a property of this name, or a correction's
    /// <c>field</c> naming it: its last segment (<c>customer.id</c>: <c>id</c>) right before a quote, as a property
    /// name or a string value ends, ASCII case ignored (a correction's field is matched so). Conservative: a false yes
    /// only costs the full masking pass. A name of other characters than ASCII letters, digits, <c>_</c> and <c>-</c>
    /// counts as held.
    /// </summary>
    internal static bool MayHold(ReadOnlySpan<byte> written, string name)
    {
        var leaf = name.AsSpan(name.LastIndexOf('.') + 1);
        if (leaf.IsEmpty || leaf.ContainsAnyExcept(NameCharacters))
        {
            return true;
        }
        for (var at = written.IndexOf((byte)'"'); at >= 0; at = NextQuote(written, at))
        {
            if (at >= leaf.Length && System.Text.Ascii.EqualsIgnoreCase(written.Slice(at - leaf.Length, leaf.Length), leaf))
            {
                return true;
            }
        }
        return false;
    }

    private static int NextQuote(ReadOnlySpan<byte> written, int at)
    {
        var next = written[(at + 1)..].IndexOf((byte)'"');
        return next < 0 ? -1 : at + 1 + next;
    }

    private static readonly System.Buffers.SearchValues<char> NameCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The case of a <c>/fallout-cases/{id}/...</c> route: everything in its answer belongs to it.</summary>
    private static Guid? RouteCase(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/fallout-cases") && http.GetRouteValue("id") is { } value
        && Guid.TryParse(value.ToString(), out var id) ? id : null;
}
