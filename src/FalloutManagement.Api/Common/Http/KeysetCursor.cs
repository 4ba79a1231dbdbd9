using System.Buffers.Text;
using System.Globalization;
using System.Text;
using FalloutManagement.Api.Common.Problems;

namespace FalloutManagement.Api.Common.Http;

/// <summary>An opaque keyset cursor over (timestamp, id): where the next page starts, never an offset.</summary>
public static class KeysetCursor
{
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
        throw DomainException.Validation("cursor", "cursor is not one this service issued.");
    }
}
