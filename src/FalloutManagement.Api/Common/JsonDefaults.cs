using System.Text.Json;
using System.Text.Json.Serialization;

namespace FalloutManagement.Api.Common;

/// <summary>The wire format of docs/api-guide.md: camelCase, enums as their contract strings (and only those), durations ISO 8601.</summary>
public static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        if (!options.Converters.OfType<StrictEnumConverter>().Any())
        {
            // The first converter that can convert a type wins: the strict one reads and writes every enum.
            options.Converters.Insert(0, new StrictEnumConverter());
        }
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        }
        if (!options.Converters.OfType<UtcTimestampConverter>().Any())
        {
            options.Converters.Add(new UtcTimestampConverter());
        }
        if (!options.Converters.OfType<Iso8601DurationConverter>().Any())
        {
            options.Converters.Add(new Iso8601DurationConverter());
        }
        return options;
    }

    /// <summary>
    /// The HTTP binder's options (request bodies in, responses out): <see cref="Configure"/>, and request bodies read
    /// exactly — numbers only as JSON numbers, property names in their exact case, each property once, and no property
    /// the request does not define (a type marked <see cref="JsonUnmappedMemberHandling.Skip"/>, such as an intake's
    /// <c>context</c>, stays open by its own choice; dictionaries and <see cref="JsonElement"/> fields are open JSON).
    /// These settings change only reading: responses are written as before.
    /// </summary>
    public static JsonSerializerOptions ConfigureHttp(JsonSerializerOptions options)
    {
        Configure(options);
        options.NumberHandling = JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        options.AllowDuplicateProperties = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        return options;
    }
}
