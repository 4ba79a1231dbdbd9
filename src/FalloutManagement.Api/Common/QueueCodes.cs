namespace FalloutManagement.Api.Common;

/// <summary>
/// The one rule for a queue's code: UPPER_SNAKE_CASE (<c>A</c>–<c>Z</c>, <c>0</c>–<c>9</c>, <c>_</c>), 1 to
/// <see cref="MaxLength"/> characters. The queue catalog refuses any other code, and the case queries write only such
/// codes into their SQL as literals.
/// </summary>
public static class QueueCodes
{
    public const int MaxLength = 100;

    /// <summary>Whether <paramref name="value"/> is non-empty and UPPER_SNAKE_CASE, whatever its length.</summary>
    public static bool IsUpperSnakeCase(string value) =>
        value.Length > 0 && value.All(ch => ch is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_');

    /// <summary>Whether <paramref name="value"/> can be a queue's code.</summary>
    public static bool IsValid(string value) => value.Length <= MaxLength && IsUpperSnakeCase(value);
}
