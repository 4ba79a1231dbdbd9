using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Queues;

/// <summary>Small helpers for the routing and SLA tests.</summary>
internal static class RoutingHttp
{
    public static async Task<string> GetStringAsyncOk(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {text}");
        return text;
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, JsonNode? body, long? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (ifMatch is { } version)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        }
        return client.SendAsync(request);
    }

    public static JsonObject With(this JsonObject body, string name, JsonNode? value)
    {
        body[name] = value;
        return body;
    }

    /// <summary>Reports a fallout without a category hint (the rules decide from the reason code) unless <paramref name="change"/> sets one.</summary>
    public static async Task<JsonObject> ReportAsync(this ApiFixture api, Action<JsonObject>? change = null) =>
        await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout(b =>
        {
            b.Remove("categoryHint");
            change?.Invoke(b);
        }))).ExpectAsync(HttpStatusCode.Created);

    public static JsonObject Clock(this JsonObject fallout, string kind) =>
        fallout["slaClocks"]!.AsArray().Single(k => (string?)k!["kind"] == kind)!.AsObject();
}
