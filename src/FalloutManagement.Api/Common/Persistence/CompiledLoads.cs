namespace FalloutManagement.Api.Common.Persistence;

/// <summary>Runs compiled tracking queries for what they leave behind.</summary>
public static class CompiledLoads
{
    /// <summary>
    /// Reads every row of a compiled tracking query (<c>EF.CompileAsyncQuery</c>) and keeps none: the rows end up
    /// tracked, and fix-up puts them into their parents' collections, as EF Core's <c>LoadAsync</c> does for a query.
    /// </summary>
    public static async Task LoadAllAsync<T>(this IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        await foreach (var _ in rows.WithCancellation(ct))
        {
        }
    }
}
