using System.Buffers.Text;
using System.Globalization;
using System.Text;
using FalloutManagement.Api.Common.Problems;

namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// An opaque keyset cursor: where the next page starts, never an offset. It decodes only to what this service issues:
/// strict UTF-8, the expected number of parts, no control characters, and each part in its key's own format (checked
/// by the <c>Decode*</c> methods); anything else is 400 <c>VALIDATION_FAILED</c> naming <c>cursor</c>, never a query.
/// </summary>
public static class KeysetCursor
{
    private const char Separator = '\n';

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A cursor over any key (a code, a number and an id, ...): its parts, each as text.</summary>
    public static string EncodeKey(params string[] parts) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join(Separator, parts)));

    /// <summary>
    /// The parts of a key cursor; 400 <c>VALIDATION_FAILED</c> when it does not have <paramref name="count"/> of them or a
    /// part holds a control character. Each part is then read by <see cref="DecodeNumber"/>, <see cref="DecodeId"/> or
    /// <see cref="DecodeText"/>.
    /// </summary>
    public static string[] DecodeKey(string cursor, int count)
    {
        var parts = Plain(cursor).Split(Separator);
        return parts.Length == count && parts.All(p => !p.Any(char.IsControl)) ? parts : throw Foreign();
    }

    /// <summary>A number part, exactly as <see cref="Text(long)"/> wrote it.</summary>
    public static long DecodeNumber(string part) =>
        long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && Text(value) == part ? value : throw Foreign();

    /// <summary>An id part, exactly as <see cref="Text(Guid)"/> wrote it.</summary>
    public static Guid DecodeId(string part) => Guid.TryParseExact(part, "N", out var id) && Text(id) == part ? id : throw Foreign();

    /// <summary>A text part (a code, a user id) that is what its key can hold: <paramref name="isValid"/> is the key's own rule.</summary>
    public static string DecodeText(string part, Func<string, bool> isValid) => isValid(part) ? part : throw Foreign();

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(Guid id) => id.ToString("N");

    public static string Encode(DateTimeOffset at, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{at.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{id:N}"));

    /// <summary>The position a cursor names; 400 <c>VALIDATION_FAILED</c> for anything this service did not issue.</summary>
    public static (DateTimeOffset At, Guid Id) Decode(string cursor)
    {
        var parts = Plain(cursor).Split(':');
        if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks && Text(ticks) == parts[0] && Guid.TryParseExact(parts[1], "N", out var id)
            && Text(id) == parts[1])
        {
            return (new DateTimeOffset(ticks, TimeSpan.Zero), id);
        }
        throw Foreign();
    }

    private static string Plain(string cursor)
    {
        try
        {
            return StrictUtf8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw Foreign();
        }
    }

    private static DomainException Foreign() => DomainException.Validation("cursor", "cursor is not one this service issued.");
}
