using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FalloutManagement.Api.Common;

/// <summary>
/// Writes every timestamp as ISO-8601 UTC with a trailing Z and microsecond precision (what PostgreSQL keeps), so a
/// value reads the same in the response that created it and in every later read.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
