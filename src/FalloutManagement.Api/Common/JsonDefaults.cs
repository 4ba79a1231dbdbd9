using System.Text.Json;
using System.Text.Json.Serialization;

namespace FalloutManagement.Api.Common;

/// <summary>The wire format of docs/api-guide.md: camelCase, enums as their contract strings.</summary>
public static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter());
        }
        if (!options.Converters.OfType<UtcTimestampConverter>().Any())
        {
            options.Converters.Add(new UtcTimestampConverter());
        }
        return options;
    }
}
