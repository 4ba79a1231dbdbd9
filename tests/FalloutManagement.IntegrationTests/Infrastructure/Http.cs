using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>Small helpers to call the API the way a client does.</summary>
public static class Http
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A valid intake body; <paramref name="change"/> edits it.</summary>
    public static JsonObject Fallout(Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["sourceSystem"] = "activation-service",
            ["sourceEventId"] = Unique("evt"),
            ["correlationId"] = Unique("corr"),
            ["customerId"] = "cust-1",
            ["serviceOrderId"] = Unique("so"),
            ["serviceOrderItemId"] = Unique("soi"),
            ["resourceId"] = "res-1",
            ["categoryHint"] = "ACTIVATION",
            ["reasonCode"] = "DUPLICATE_SUBSCRIBER_MISMATCH",
            ["message"] = "Subscriber exists with same MSISDN but different IMSI",
            ["severityHint"] = "HIGH",
            ["failedStepKey"] = "ProvisionMobileSubscriber",
            ["resumePoint"] = "after command ProvisionMobileSubscriber",
            ["orderVersion"] = 7,
        };
        change?.Invoke(body);
        return body;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, JsonNode? body, long? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (ifMatch is { } version)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        }
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };
        return client.SendAsync(request);
    }

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException($"Not a JSON object: {text}");
    }

    /// <summary>Asserts the status and returns the body, with the body in the failure message.</summary>
    public static async Task<JsonObject> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        return string.IsNullOrEmpty(text) ? [] : JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Asserts an RFC 9457 problem with this status and contract code.</summary>
    public static async Task<JsonObject> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        return problem;
    }

    public static long ETag(this HttpResponseMessage response) =>
        long.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);

    public static Guid Id(this JsonObject body) => Guid.Parse((string)body["id"]!);

    public static long Version(this JsonObject body) => (long)body["version"]!;

    public static string? Str(this JsonObject body, string name) => (string?)body[name];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
