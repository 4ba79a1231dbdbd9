namespace FalloutManagement.Api.Common;

/// <summary>
/// The rule for an id that is also a URL path segment (a queue member's user id in <c>/queues/{code}/members/{user}</c>):
/// it must come back unchanged when a client follows the <c>Location</c> the service wrote. <c>.</c> and <c>..</c> are
/// removed by URL normalisation, <c>/</c> and <c>\</c> split a path, control characters and surrounding spaces do not
/// survive headers and logs; everything else is percent-encoded in a <c>Location</c> and decoded back by routing.
/// </summary>
public static class PathSegments
{
    public const string Message = "Must be usable as one URL path segment: not '.' or '..', without '/', '\\', control characters or surrounding spaces.";

    public static bool IsAddressable(string value) =>
        value.Length > 0 && value is not ("." or "..") && value.Trim() == value
        && !value.Any(ch => ch is '/' or '\\' || char.IsControl(ch));
}
