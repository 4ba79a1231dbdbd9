namespace FalloutManagement.Api.Common;

/// <summary>Where the service finds its settings when it is not started from its own folder.</summary>
public static class ContentRoot
{
    private const string Settings = "appsettings.json";

    /// <summary>
    /// The folder of the service's own files when the working directory holds no <c>appsettings.json</c> and it does;
    /// null (ASP.NET Core's default, the working directory) otherwise, or when a content root is given
    /// (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c> or <c>DOTNET_CONTENTROOT</c>).
    /// </summary>
    public static string? Fallback(string[] args, string? workingDirectory = null, string? baseDirectory = null)
    {
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT")))
        {
            return null;
        }
        workingDirectory ??= Directory.GetCurrentDirectory();
        baseDirectory ??= AppContext.BaseDirectory;
        return !File.Exists(Path.Combine(workingDirectory, Settings)) && File.Exists(Path.Combine(baseDirectory, Settings))
            ? baseDirectory
            : null;
    }
}
