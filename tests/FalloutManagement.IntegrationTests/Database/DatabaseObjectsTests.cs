using System.Text.RegularExpressions;
using FalloutManagement.IntegrationTests.Infrastructure;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Database;

/// <summary>docs/database.md lists every function and trigger the migrations create, and nothing else.</summary>
public sealed partial class DatabaseObjectsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Every_function_and_trigger_of_the_migrated_database_is_documented()
    {
        var documented = DocumentedObjects();
        var actual = await DatabaseObjectsAsync(api.ConnectionString);

        Assert.Contains(documented, o => o.StartsWith("trigger ", StringComparison.Ordinal));
        Assert.Contains(documented, o => o.StartsWith("function ", StringComparison.Ordinal));
        var undocumented = actual.Except(documented).Order(StringComparer.Ordinal).ToList();
        var gone = documented.Except(actual).Order(StringComparer.Ordinal).ToList();
        Assert.True(undocumented.Count == 0 && gone.Count == 0,
            $"docs/database.md, \"Functions and triggers\": undocumented [{string.Join(", ", undocumented)}]; " +
            $"documented but not in the database [{string.Join(", ", gone)}].");
    }

    /// <summary>The rows of the doc's table: <c>| function | `name` | ...</c> and <c>| trigger | `name` | `table` | ...</c>.</summary>
    private static HashSet<string> DocumentedObjects()
    {
        var doc = File.ReadAllText(Repository.PathOf("docs", "database.md"));
        var section = doc[doc.IndexOf("## Functions and triggers", StringComparison.Ordinal)..];
        var end = section.IndexOf("\n## ", 3, StringComparison.Ordinal);
        section = end < 0 ? section : section[..end];
        return [.. Row().Matches(section).Select(m => m.Groups["kind"].Value == "trigger"
            ? $"trigger {m.Groups["name"].Value} on {m.Groups["table"].Value}"
            : $"function {m.Groups["name"].Value}")];
    }

    private static async Task<HashSet<string>> DatabaseObjectsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT 'function ' || p.proname
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public'
            UNION ALL
            SELECT 'trigger ' || t.tgname || ' on ' || c.relname
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE NOT t.tgisinternal AND n.nspname = 'public'
            """, connection);
        var objects = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            objects.Add(reader.GetString(0));
        }
        return objects;
    }

    [GeneratedRegex(@"^\|\s*(?<kind>function|trigger)\s*\|\s*`(?<name>[a-z0-9_]+)`\s*\|\s*`?(?<table>[a-z0-9_]*)`?\s*\|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
