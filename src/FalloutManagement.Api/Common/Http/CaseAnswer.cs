namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// Set by an endpoint whose answer is one case representation (<c>CaseStore.OkAsync</c>: the case read, every case
/// command, pull-next): the case's facts that masking decides a reader's view by — owner, reporter, queue — as they are
/// after the command. With them the masking step knows, without parsing the answer, whether the reader sees all of it.
/// </summary>
public sealed record CaseAnswer(Guid Id, string? AssignedUser, string SourceSystem, string Queue)
{
    public static void Set(HttpContext http, CaseAnswer answer) => http.Features.Set(answer);

    public static CaseAnswer? Of(HttpContext http) => http.Features.Get<CaseAnswer>();
}
