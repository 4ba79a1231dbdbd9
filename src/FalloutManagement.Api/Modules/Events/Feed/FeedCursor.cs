using System.Buffers.Text;
using System.Globalization;
using System.Text;
using FalloutManagement.Api.Common.Problems;

namespace FalloutManagement.Api.Modules.Events.Feed;

/// <summary>A place in the feed: the writing transaction's id (xid8) and the outbox position within it.</summary>
internal readonly record struct FeedCursor(ulong TransactionId, long Position)
{
    public static readonly FeedCursor Start = new(0, 0);

    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{TransactionId}:{Position}")));

    public static FeedCursor Parse(string? cursor, string field = "after")
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return Start;
        }
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            if (parts.Length == 2
                && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var tx) && tx <= long.MaxValue
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                return new FeedCursor(tx, position);
            }
        }
        catch (FormatException)
        {
        }
        throw DomainException.Validation(field, $"{field} is not a cursor this service issued.");
    }
}
