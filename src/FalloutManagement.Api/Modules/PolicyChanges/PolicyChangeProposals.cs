using System.Text.Json;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Audit;

namespace FalloutManagement.Api.Modules.PolicyChanges;

/// <summary>How a module turns an admin's write into a proposal: stored, audited, answered 202 with the change.</summary>
public static class PolicyChangeProposals
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Deactivate = "DEACTIVATE";

    /// <summary>Records the proposal (and its audit entry) and answers 202 Accepted with it; nothing else changes.</summary>
    public static async Task<IResult> ProposeAsync(FalloutDbContext db, HttpContext http, PolicyChangeDraft draft, DateTimeOffset now)
    {
        var change = new PolicyChange(Guid.CreateVersion7(now), draft, Json(draft.Before), Json(draft.After), Json(draft.Request),
            http.Caller().Id, now);
        db.Add(change);
        var response = PolicyChangeResponse.From(change);
        ReferenceAudit.Record(db, http, "POLICY_CHANGE_PROPOSED", draft.Reason, null, response, now);
        await db.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Accepted($"/policy-changes/{change.Id}", response);
    }

    /// <summary>Reads a proposal's request back in the kind's own type.</summary>
    public static T Request<T>(ApprovedPolicyChange change) =>
        JsonSerializer.Deserialize<T>(change.RequestJson, JsonDefaults.Options)
        ?? throw new InvalidOperationException($"Policy change {change.Id} has no request.");

    internal static string Json(object? value) =>
        value is null ? "null" : JsonSerializer.Serialize(value, value.GetType(), JsonDefaults.Options);
}
