using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FalloutManagement.Api.Common.Persistence;

/// <summary>Hand-written SQL on the unit of work's own connection (inside its transaction, if one is open).</summary>
public static class OwnConnection
{
    /// <summary>
    /// Runs <paramref name="work"/> on the context's connection: EF Core opens it if it is closed and, afterwards,
    /// gives it back as it found it (open inside a transaction or an outer open, closed otherwise).
    /// </summary>
    public static async Task<T> RunOnConnectionAsync<T>(this DbContext db, Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await work((NpgsqlConnection)db.Database.GetDbConnection());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
