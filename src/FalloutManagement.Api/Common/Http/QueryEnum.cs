using FalloutManagement.Api.Common.Problems;

namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// Enum filters in query strings: a member's name in any case (<c>status=queued</c> is <c>QUEUED</c>); a number or an
/// unknown name is 400 <c>VALIDATION_FAILED</c> naming the allowed values.
/// </summary>
public static class QueryEnum
{
    public static T? Parse<T>(string field, string? value) where T : struct, Enum
    {
        if (value is null)
        {
            return null;
        }
        var name = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null
            ? Enum.Parse<T>(name)
            : throw DomainException.Validation(field, $"{field} must be one of {string.Join(", ", Enum.GetNames<T>())}.");
    }
}
