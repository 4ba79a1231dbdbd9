using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace FalloutManagement.Api.Common;

/// <summary>
/// Durations on the wire are ISO 8601 (<c>PT59M59S</c>, <c>P1DT2H</c>, <c>-PT5M</c> when overdue), in whole seconds,
/// everywhere: never .NET's <c>00:59:59.3076339</c> (docs/api-guide.md, Conventions).
/// </summary>
public sealed class Iso8601DurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        try
        {
            return XmlConvert.ToTimeSpan(text ?? "");
        }
        catch (FormatException)
        {
            throw new JsonException($"'{text}' is not an ISO 8601 duration such as PT30M.");
        }
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    /// <summary>The duration truncated to whole seconds, as ISO 8601.</summary>
    public static string Format(TimeSpan value) =>
        XmlConvert.ToString(TimeSpan.FromSeconds(Math.Truncate(value.TotalSeconds)));
}
