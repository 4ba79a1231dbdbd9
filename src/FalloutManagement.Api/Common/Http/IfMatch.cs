using System.Globalization;
using FalloutManagement.Api.Common.Problems;
using Microsoft.Net.Http.Headers;

namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// The optimistic concurrency handshake (docs/api-guide.md, Concurrency): the version travels as a strong ETag
/// <c>"&lt;version&gt;"</c>. If-Match is compared strongly (RFC 9110 §13.1.1): a weak tag (<c>W/"3"</c>), an
/// unquoted or malformed tag (<c>3</c>, <c>"3</c>), <c>*</c> or a list never matches a version, so it is a 412.
/// </summary>
public static class IfMatch
{
    public static string ETagFor(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The version the caller expects: 428 when the header is missing, 412 when it is not one strong version tag.</summary>
    public static long Required(HttpContext context)
    {
        var raw = context.Request.Headers[HeaderNames.IfMatch].ToString();
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw DomainException.PreconditionRequired("This command changes the case: send If-Match with the case's ETag.");
        }
        return StrongVersion(raw.Trim()) ?? throw DomainException.VersionConflict(
            $"If-Match {Quote(raw)} is not the case's strong ETag: send it exactly as the ETag header gave it, e.g. \"3\" (weak tags never match).");
    }

    /// <summary>Refuses a stale version with 412 before anything changes.</summary>
    public static void Check(long expected, long actual)
    {
        if (expected != actual)
        {
            throw DomainException.VersionConflict($"The case is at version {actual}, not {expected}. Read it again and retry.");
        }
    }

    public static void SetETag(HttpContext context, long version) => context.Response.Headers.ETag = ETagFor(version);

    /// <summary>
    /// Conditional read: true when <c>If-None-Match</c> names the current version (weak comparison, RFC 9110
    /// §13.1.2, so <c>W/"3"</c> matches too) or is <c>*</c>; the caller answers 304 with the ETag and no body.
    /// </summary>
    public static bool NotModified(HttpContext context, long version)
    {
        var raw = context.Request.Headers[HeaderNames.IfNoneMatch].ToString();
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }
        return raw.Split(',').Select(tag => tag.Trim()).Any(tag =>
            tag == "*" || StrongVersion(tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag) == version);
    }

    /// <summary>Answers a read with 304 Not Modified when the caller already holds this version.</summary>
    public static IResult? NotModifiedResult(HttpContext context, long version)
    {
        if (!NotModified(context, version))
        {
            return null;
        }
        SetETag(context, version);
        return Results.StatusCode(StatusCodes.Status304NotModified);
    }

    private static long? StrongVersion(string tag) =>
        tag.Length >= 3 && tag[0] == '"' && tag[^1] == '"'
        && long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;

    private static string Quote(string raw) => raw.Length > 40 ? raw[..40] + "…" : raw;
}
