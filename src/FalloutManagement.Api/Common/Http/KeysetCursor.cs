using System.Buffers.Text;
using System.Globalization;
using System.Text;
using FalloutManagement.Api.Common.Problems;

namespace FalloutManagement.Api.Common.Http;

/// <summary>An opaque keyset cursor: where the next page starts, never an offset.</summary>
public static class KeysetCursor
{
    private const char Separator = '\n';

    /// <summary>A cursor over any key (a code, a number and an id, ...): its parts, each as text.</summary>
    public static string EncodeKey(params string[] parts) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join(Separator, parts)));

    /// <summary>The parts of a key cursor; 400 <c>VALIDATION_FAILED</c> when it does not have <paramref name="count"/> of them.</summary>
    public static string[] DecodeKey(string cursor, int count)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(Separator);
            if (parts.Length == count)
            {
                return parts;
            }
        }
        catch (FormatException)
        {
        }
        throw Foreign();
    }

    public static long DecodeNumber(string part) =>
        long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw Foreign();

    public static Guid DecodeId(string part) => Guid.TryParseExact(part, "N", out var id) ? id : throw Foreign();

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(Guid id) => id.ToString("N");

    public static string Encode(DateTimeOffset at, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{at.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{id:N}"));

    /// <summary>The position a cursor names; 400 <c>VALIDATION_FAILED</c> for anything this service did not issue.</summary>
    public static (DateTimeOffset At, Guid Id) Decode(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks && Guid.TryParseExact(parts[1], "N", out var id))
            {
                return (new DateTimeOffset(ticks, TimeSpan.Zero), id);
            }
        }
        catch (FormatException)
        {
        }
        throw Foreign();
    }

    private static DomainException Foreign() => DomainException.Validation("cursor", "cursor is not one this service issued.");
}
