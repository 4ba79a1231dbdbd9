using System.Text.RegularExpressions;

namespace FalloutManagement.Api.Modules.Evidence;

/// <summary>
/// What an evidence <c>mediaType</c> may be: a media type as a <c>Content-Type</c> header carries it, ASCII only —
/// <c>type/subtype</c> in RFC 6838 restricted-name characters, then optional <c>; name=value</c> parameters (RFC 9110:
/// a token name, a token or quoted-string value). The download serves the stored value as its <c>Content-Type</c>, so
/// anything else (a line break, a space-only or non-ASCII value, a bare word) would make that header impossible.
/// </summary>
internal static partial class EvidenceMediaTypes
{
    public const string Fallback = "application/octet-stream";

    public const string Message = "mediaType is a media type such as text/plain or image/png; charset=utf-8 (ASCII, RFC 6838 names, RFC 9110 parameters).";

    public static bool IsValid(string value) => Format().IsMatch(value);

    /// <summary>The <c>Content-Type</c> to serve stored content with: the stored value when it is one, else <see cref="Fallback"/>.</summary>
    public static string ServedAs(string? stored) => stored is not null && IsValid(stored) ? stored : Fallback;

    [GeneratedRegex("""
        ^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(?:[ \t]*;[ \t]*[!#$%&'*+.^_`|~0-9A-Za-z-]+=(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+|"(?:[\t \x21\x23-\x5B\x5D-\x7E]|\\[\t \x21-\x7E])*"))*\z
        """, RegexOptions.CultureInvariant)]
    private static partial Regex Format();
}
