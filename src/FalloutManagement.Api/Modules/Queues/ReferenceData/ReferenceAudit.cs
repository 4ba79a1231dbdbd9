using System.Text.Json;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Audit;

namespace FalloutManagement.Api.Modules.Queues.ReferenceData;

/// <summary>
/// Every change of reference data is an audit entry without a case (the reference-data chain), added to the same
/// unit of work as the change so both commit together.
/// </summary>
internal static class ReferenceAudit
{
    public static void Record(FalloutDbContext db, HttpContext http, string action, object? before, object? after, DateTimeOffset now)
    {
        var correlationId = http.Response.Headers[CorrelationId.Header].ToString();
        db.AuditEntries.Add(new AuditEntry(Guid.CreateVersion7(now), null, null, http.Caller().Id, action, null,
            before is null ? null : JsonSerializer.Serialize(before, JsonDefaults.Options),
            after is null ? null : JsonSerializer.Serialize(after, JsonDefaults.Options),
            string.IsNullOrEmpty(correlationId) ? http.TraceIdentifier : correlationId, now));
    }

    /// <summary>428 without If-Match, 412 when it is not the row's version; then the version moves on.</summary>
    public static long CheckVersion(HttpContext http, long current)
    {
        IfMatch.Check(IfMatch.Required(http), current);
        return current + 1;
    }

    public static T ParseEnum<T>(string value) where T : struct, Enum => Enum.Parse<T>(value, ignoreCase: false);

    public static DomainException Invalid(string field, string message) => DomainException.Validation(field, message);
}
