namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// The container health check: <c>dotnet FalloutManagement.Api.dll --health-probe [url]</c> asks the running service's
/// health endpoint and exits 0 when it answers 200, 1 otherwise. The runtime image has no curl or wget, so the service
/// probes itself. The default URL is the liveness endpoint on the container port.
/// </summary>
public static class HealthProbe
{
    public const string Argument = "--health-probe";
    public const string DefaultUrl = "http://127.0.0.1:8080/health/live";

    public static bool Requested(string[] args) => args.Length > 0 && args[0] == Argument;

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"health probe {url}: {ex.Message}");
            return 1;
        }
    }
}
