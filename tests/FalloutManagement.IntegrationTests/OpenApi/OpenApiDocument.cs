using System.Text.Json;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.OpenApi;

/// <summary>The OpenAPI document as the service serves it, and the committed copy in docs/openapi.json.</summary>
public static class OpenApiDocument
{
    public const string WriteVariable = "FALLOUT_WRITE_OPENAPI";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string CommittedPath => Path.Combine(RepositoryRoot(), "docs", "openapi.json");

    public static async Task<JsonObject> ServedAsync(FalloutApp app) =>
        JsonNode.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!.AsObject();

    /// <summary>The document's stable text: indented JSON with LF line ends and a final newline.</summary>
    public static string Text(JsonNode document) => document.ToJsonString(Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FalloutManagement.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("FalloutManagement.sln not found above " + AppContext.BaseDirectory);
    }
}
