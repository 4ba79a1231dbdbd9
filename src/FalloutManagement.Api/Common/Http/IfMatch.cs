using FalloutManagement.Api.Common.Problems;
using Microsoft.Net.Http.Headers;

namespace FalloutManagement.Api.Common.Http;

/// <summary>The optimistic concurrency handshake of docs/api-guide.md: the version travels as a strong ETag.</summary>
public static class IfMatch
{
    public static string ETagFor(long version) => $"\"{version}\"";

    /// <summary>The version the caller expects: 428 when the header is missing, 400 when it is not a version.</summary>
    public static long Required(HttpContext context)
    {
        var raw = context.Request.Headers[HeaderNames.IfMatch].ToString();
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw DomainException.PreconditionRequired("This command changes the case: send If-Match with the case's ETag.");
        }
        var value = raw.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        value = value.Trim('"');
        if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            throw DomainException.Validation("If-Match", "If-Match must be the case's ETag, e.g. \"3\".");
        }
        return version;
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
}
