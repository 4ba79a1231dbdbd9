namespace FalloutManagement.Api.Common;

/// <summary>
/// Parses an enum from its exact name. <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> also takes numbers
/// ("7"), which may not even be defined, and comma-joined names; text from a client may be neither.
/// </summary>
public static class EnumNames
{
    public static bool TryParse<T>(string? value, out T parsed) where T : struct, Enum
    {
        parsed = default;
        return value is not null && Enum.GetNames<T>().Contains(value, StringComparer.Ordinal) && Enum.TryParse(value, out parsed);
    }
}
