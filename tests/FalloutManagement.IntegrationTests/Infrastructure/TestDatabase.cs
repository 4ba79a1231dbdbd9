using FalloutManagement.Api.Common.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh database per test class, cloned from a template that is migrated once per process, so every class
/// starts empty and runs the real schema, triggers and indexes.
/// </summary>
public static class TestDatabase
{
    private const string TemplateName = "fallout_template";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _templateReady;

    public static async Task<string> CreateAsync()
    {
        var server = await TestPostgres.GetServerConnectionStringAsync();
        await Gate.WaitAsync();
        try
        {
            if (!_templateReady)
            {
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {TemplateName} WITH (FORCE)");
                await ExecuteAsync(server, $"CREATE DATABASE {TemplateName}");
                await using (var db = DesignTimeDbContextFactory.Create(For(server, TemplateName)))
                {
                    await db.Database.MigrateAsync();
                }
                NpgsqlConnection.ClearAllPools();
                _templateReady = true;
            }
            var name = $"fallout_{Guid.NewGuid():N}";
            await ExecuteAsync(server, $"CREATE DATABASE {name} TEMPLATE {TemplateName}");
            return For(server, name);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Drops a class's database at its end (its connections are ended with it).</summary>
    public static async Task DropAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        var server = await TestPostgres.GetServerConnectionStringAsync();
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }

    /// <summary>A generous connect timeout: on a loaded two-core machine the server may be slow to accept.</summary>
    public static string For(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 60, Timeout = 60 }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
