namespace FalloutManagement.Api.Common.Persistence;

/// <summary>
/// The hand-written SQL under <c>db/sql/</c> (functions, triggers, hand-tuned indexes, seeds), embedded in the assembly
/// so a migration runs exactly the versioned file. docs/database.md lists every function and trigger they create.
/// </summary>
public static class SqlScripts
{
    /// <summary>The resource name prefix; the csproj embeds <c>db/sql/*.sql</c> under it.</summary>
    public const string Prefix = "db/sql/";

    /// <summary>The text of <c>db/sql/<paramref name="fileName"/></c>.</summary>
    public static string Read(string fileName)
    {
        using var stream = typeof(SqlScripts).Assembly.GetManifestResourceStream(Prefix + fileName)
            ?? throw new InvalidOperationException($"db/sql/{fileName} is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The names of the embedded files, in file name (version) order.</summary>
    public static IReadOnlyList<string> FileNames() =>
        [.. typeof(SqlScripts).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..])
            .Order(StringComparer.Ordinal)];
}
