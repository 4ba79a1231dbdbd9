namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// What no stored or queried string may contain: NUL (PostgreSQL text and jsonb cannot hold it) and lone UTF-16
/// surrogates (no UTF-8 encoding exists for them). <see cref="InputGuard"/> applies it to every request.
/// </summary>
public static class TextSafety
{
    public const string NulMessage = "Must not contain the NUL character (\\u0000).";
    public const string SurrogateMessage = "Must not contain a lone UTF-16 surrogate.";
    public const string Utf8Message = "Must be valid UTF-8 text.";

    /// <summary>Why <paramref name="value"/> may not be accepted, or null when it may.</summary>
    public static string? Problem(ReadOnlySpan<char> value)
    {
        if (value.Contains('\0'))
        {
            return NulMessage;
        }
        var first = value.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return null;
        }
        for (var i = first; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return SurrogateMessage;
            }
        }
        return null;
    }
}
