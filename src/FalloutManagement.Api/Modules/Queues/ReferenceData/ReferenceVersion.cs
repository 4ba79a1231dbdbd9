using FalloutManagement.Api.Common.Http;

namespace FalloutManagement.Api.Modules.Queues.ReferenceData;

/// <summary>The optimistic concurrency of a reference data row: its own version, sent back as If-Match.</summary>
internal static class ReferenceVersion
{
    /// <summary>428 without If-Match, 412 when it is not the row's version; returns the version the change moves it to.</summary>
    public static long Check(HttpContext http, long current)
    {
        IfMatch.Check(IfMatch.Required(http), current);
        return current + 1;
    }
}
