using FalloutManagement.Api.Common.Persistence;

namespace FalloutManagement.Api.Modules.PolicyChanges;

/// <summary>
/// A kind of governed change (action policies, executors, masking rules): the owning module registers one and
/// proposes through <see cref="PolicyChangeProposals"/>; when a second admin approves, <see cref="ApplyAsync"/> makes
/// the change in the approver's unit of work (the approval, the change and their audit entries commit together).
/// </summary>
public interface IPolicyChangeKind
{
    /// <summary>The kind's name in <c>policy-changes</c>, e.g. <c>action-policy</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// Applies the approved change; returns the target as it now is (the change's <c>after</c>). Throws a
    /// DomainException when the target moved on since the proposal (its version is no longer the proposal's base).
    /// </summary>
    Task<object> ApplyAsync(ApprovedPolicyChange change, FalloutDbContext db, HttpContext http, DateTimeOffset now, CancellationToken ct);
}

/// <summary>What an approval hands to its kind: the target, the operation and the request the maker proposed.</summary>
public sealed record ApprovedPolicyChange(Guid Id, string Target, string Operation, string RequestJson, long? BaseVersion, string ProposedBy,
    string? Reason);

/// <summary>A proposal as its module drafts it: the target now (<paramref name="Before"/>) and what the maker asks for.</summary>
public sealed record PolicyChangeDraft(string Kind, string Target, string Operation, object? Before, object After, object Request,
    long? BaseVersion, string? Reason);
