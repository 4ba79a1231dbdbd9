using System.Text.RegularExpressions;

namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// The times a route or query parameter takes: ISO 8601 only, a date (<c>2026-11-02</c>) or a date and
/// time with seconds optional, up to seven fraction digits and a zone (<c>Z</c> or <c>±hh:mm</c>), e.g.
/// <c>2026-11-02T09:00:00Z</c> or <c>2026-11-02T16:00:00.5+07:00</c>. A time without a zone is refused: it would be
/// read in the server's zone.
/// </summary>
public static partial class IsoTime
{
    public const string Message =
        "Must be an ISO 8601 date (2026-11-02) or date and time with a zone (2026-11-02T09:00:00Z, 2026-11-02T16:00:00+07:00).";

    public static bool IsValid(string value) =>
        Format().IsMatch(value)
        && DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out _);

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]{1,7})?)?(?:Z|[+-][0-9]{2}:[0-9]{2}))?\\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Format();
}
