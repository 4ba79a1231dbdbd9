using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.OpenApi;

/// <summary>
/// docs/openapi.json is the document the service serves. When this fails, regenerate it with
/// <c>FALLOUT_WRITE_OPENAPI=1 dotnet test tests/FalloutManagement.IntegrationTests --filter OpenApi</c>
/// (or scripts/openapi.sh) and commit the change.
/// </summary>
public sealed class OpenApiFreshnessTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Committed_document_is_the_served_one()
    {
        var served = OpenApiDocument.Text(await OpenApiDocument.ServedAsync(api.App));
        if (Environment.GetEnvironmentVariable(OpenApiDocument.WriteVariable) == "1")
        {
            await File.WriteAllTextAsync(OpenApiDocument.CommittedPath, served);
        }
        var committed = File.Exists(OpenApiDocument.CommittedPath) ? await File.ReadAllTextAsync(OpenApiDocument.CommittedPath) : "";
        Assert.True(committed.ReplaceLineEndings("\n") == served,
            $"docs/openapi.json is stale. Regenerate it: {OpenApiDocument.WriteVariable}=1 dotnet test tests/FalloutManagement.IntegrationTests --filter OpenApi");
    }
}
