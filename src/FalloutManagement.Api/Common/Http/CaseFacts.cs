namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// What masking decides a reader's view of a case by: its id, owner, reporter and queue. An endpoint whose answer is one
/// case representation (<c>CaseStore.AnswerWith</c>: the case read, every case command, pull-next; the intake's 201)
/// hands over that case's facts as they are after the command (<see cref="SetAnswer"/>); with them the masking step
/// knows, without parsing the answer, whether masking would change it for the reader.
/// </summary>
public sealed record CaseFacts(Guid Id, string? AssignedUser, string SourceSystem, string Queue)
{
    public static void SetAnswer(HttpContext http, CaseFacts answer) => http.Features.Set(answer);

    public static CaseFacts? AnswerOf(HttpContext http) => http.Features.Get<CaseFacts>();
}
