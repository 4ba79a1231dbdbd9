using System.Net.Sockets;
using Npgsql;

namespace FalloutManagement.Api.Common.Problems;

/// <summary>
/// Tells a database that is away (down, restarting, refusing connections, unreachable) from a database that
/// answered with an error: the first is a 503 the client retries, the second a fault.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>Seconds a client should wait before retrying (the <c>Retry-After</c> of the 503).</summary>
    public const int RetryAfterSeconds = 5;

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return IsUnavailableState(postgres.SqlState);
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case TimeoutException:
                    return true;
                case NpgsqlException npgsql when npgsql.InnerException is null && npgsql.Message.Contains("pool", StringComparison.OrdinalIgnoreCase):
                    return true;
            }
        }
        return false;
    }

    /// <summary>Connection exceptions (class 08), shutdown and start-up (57P01-57P03), too many connections (53300).</summary>
    private static bool IsUnavailableState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections;
}
