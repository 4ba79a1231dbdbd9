using System.Text.Json;
using FalloutManagement.Api.Common.Auth;

namespace FalloutManagement.UnitTests.Operations;

/// <summary>What the container image and the local stack promise (docs/operations.md, Running).</summary>
public class PackagingTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void The_repository_has_an_apache_license()
    {
        Assert.Contains("Apache License", File.ReadAllText(Path.Combine(Root, "LICENSE")), StringComparison.Ordinal);
        Assert.Contains("Version 2.0", File.ReadAllText(Path.Combine(Root, "LICENSE")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sdk_is_pinned_with_feature_roll_forward()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "global.json")));
        var sdk = json.RootElement.GetProperty("sdk");
        Assert.StartsWith("10.0.", sdk.GetProperty("version").GetString(), StringComparison.Ordinal);
        Assert.Equal("latestFeature", sdk.GetProperty("rollForward").GetString());
    }

    [Fact]
    public void The_image_has_a_health_check_a_cached_restore_and_no_development_settings()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Root, "src", "FalloutManagement.Api", "Dockerfile"));
        Assert.Contains(dockerfile, line => line.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
        var restore = Array.FindIndex(dockerfile, line => line.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        var copySources = Array.FindIndex(dockerfile, line => line.StartsWith("COPY src/ src/", StringComparison.Ordinal));
        Assert.True(restore > 0 && copySources > restore, "the restore layer must come before the sources are copied");
        Assert.Contains("**/appsettings.Development.json", File.ReadAllLines(Path.Combine(Root, ".dockerignore")));
    }

    [Fact]
    public void The_compose_stack_binds_locally_checks_health_restarts_and_uses_a_refused_key()
    {
        var compose = File.ReadAllText(Path.Combine(Root, "docker-compose.yml"));
        Assert.Contains("\"${FALLOUT_API_BIND:-127.0.0.1}:", compose, StringComparison.Ordinal);
        Assert.Equal(2, compose.Split("healthcheck:").Length - 1);
        Assert.Equal(2, compose.Split("restart: unless-stopped").Length - 1);
        Assert.Contains(AuthSetup.ComposeSigningKey, compose, StringComparison.Ordinal);
        Assert.Contains(AuthSetup.ComposeSigningKey, AuthSetup.PublishedSigningKeys);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FalloutManagement.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
