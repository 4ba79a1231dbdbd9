using System.Text.RegularExpressions;

namespace FalloutManagement.Api.Common;

/// <summary>
/// The one rule for an executor's code: lower-case letters, digits and dashes, starting with a letter or digit, at most
/// 60 characters. The executor registry refuses any other code, and a hub query's <c>executor=</c> takes only such a code.
/// </summary>
public static partial class ExecutorCodes
{
    public const int MaxLength = 60;

    public static bool IsValid(string value) => Format().IsMatch(value);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,59}\\z")]
    private static partial Regex Format();
}
