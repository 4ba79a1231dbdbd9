using FalloutManagement.Api.Common.Problems;

namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// The one shape of every collection: <c>{items, nextCursor}</c>. <c>nextCursor</c> is null on the last page; a
/// client follows it (<c>?cursor=</c>) until then. Pages are keyset pages (where the next one starts, never an offset).
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The page size asked for: 1 to 200, 50 by default; 400 <c>VALIDATION_FAILED</c> otherwise.</summary>
    public static int Take(int? limit) => limit switch
    {
        null => DefaultLimit,
        >= 1 and <= MaxLimit => limit.Value,
        _ => throw DomainException.Validation("limit", $"limit must be between 1 and {MaxLimit}."),
    };

    /// <summary>
    /// A page from rows read with <c>Take(take + 1)</c> in keyset order: one row more than the page says there is a
    /// next page, and the last row of the page is where it starts.
    /// </summary>
    public static Page<TOut> Of<TRow, TOut>(IReadOnlyList<TRow> rows, int take, Func<TRow, string> cursorOf, Func<TRow, TOut> map) =>
        new([.. rows.Take(take).Select(map)], rows.Count > take ? cursorOf(rows[take - 1]) : null);
}
