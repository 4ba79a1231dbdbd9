using FalloutManagement.Api.Common.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh database per test class, cloned from a template that is migrated once per process, so every class
/// starts empty and runs the real schema, triggers and indexes. Every database made here is dropped again: a class's
/// by its fixture (<see cref="DropAsync"/>), a single test's by <see cref="Owned"/>, the template when the process ends.
/// </summary>
public static class TestDatabase
{
    // Per process, so two test runs on one server (FALLOUT_TEST_DATABASE) do not share or drop each other's template.
    private static readonly string TemplateName = $"fallout_template_{Guid.NewGuid():N}";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _templateReady;

    /// <summary>A new database with the whole schema; the caller drops it with <see cref="DropAsync"/>.</summary>
    public static async Task<string> CreateAsync()
    {
        var server = await TestPostgres.GetServerConnectionStringAsync();
        await Gate.WaitAsync();
        try
        {
            if (!_templateReady)
            {
                await ExecuteAsync(server, $"CREATE DATABASE {TemplateName}");
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DropTemplate(server);
                await using (var db = DesignTimeDbContextFactory.Create(For(server, TemplateName)))
                {
                    await db.Database.MigrateAsync();
                }
                NpgsqlConnection.ClearAllPools();
                _templateReady = true;
            }
            return await NewAsync(server, $"TEMPLATE {TemplateName}");
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A new database with no schema at all (what a first deployment meets); the caller drops it.</summary>
    public static async Task<string> CreateEmptyAsync() => await NewAsync(await TestPostgres.GetServerConnectionStringAsync(), "");

    /// <summary>A database of one test, dropped when disposed: <c>await using var db = await TestDatabase.OwnAsync();</c>.</summary>
    public static async Task<Owned> OwnAsync(bool empty = false) => new(empty ? await CreateEmptyAsync() : await CreateAsync());

    /// <summary>Drops a database made here (its connections are ended with it).</summary>
    public static async Task DropAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        var server = await TestPostgres.GetServerConnectionStringAsync();
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }

    /// <summary>A generous connect timeout: on a loaded two-core machine the server may be slow to accept.</summary>
    public static string For(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 60, Timeout = 60 }.ConnectionString;

    public sealed class Owned(string connectionString) : IAsyncDisposable
    {
        public string ConnectionString { get; } = connectionString;

        public async ValueTask DisposeAsync() => await DropAsync(ConnectionString);
    }

    private static async Task<string> NewAsync(string server, string clause)
    {
        var name = $"fallout_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE {name} {clause}");
        return For(server, name);
    }

    private static void DropTemplate(string server)
    {
        try
        {
            ExecuteAsync(server, $"DROP DATABASE IF EXISTS {TemplateName} WITH (FORCE)").Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException error)
        {
            Console.Error.WriteLine($"TestDatabase: could not drop {TemplateName}: {error.InnerException?.Message}");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
