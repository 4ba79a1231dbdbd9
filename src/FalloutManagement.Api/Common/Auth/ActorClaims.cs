using System.Security.Claims;
using FalloutManagement.Api.Common.Http;

namespace FalloutManagement.Api.Common.Auth;

/// <summary>
/// What a validly signed token must carry to act: a <c>sub</c> (the actor of everything the request does) that fits
/// where actors are stored, and claims with text the database can hold. Checked once, when the token is validated.
/// </summary>
public static class ActorClaims
{
    /// <summary>The longest actor id: the width of every <c>*_by</c> column.</summary>
    public const int MaxSubjectLength = 200;

    private static readonly HashSet<string> Checked =
        [FalloutClaims.Subject, FalloutClaims.Role, FalloutClaims.Queues, FalloutClaims.AuthenticationMethods];

    /// <summary>Why the token cannot act, or null when it can.</summary>
    public static string? Problem(ClaimsPrincipal principal)
    {
        var subjects = principal.FindAll(FalloutClaims.Subject).ToList();
        if (subjects.Count != 1 || string.IsNullOrWhiteSpace(subjects[0].Value))
        {
            return "The token has no single sub claim.";
        }
        if (subjects[0].Value.Length > MaxSubjectLength)
        {
            return $"The token's sub is longer than {MaxSubjectLength} characters.";
        }
        foreach (var claim in principal.Claims.Where(c => Checked.Contains(c.Type)))
        {
            if (TextSafety.Problem(claim.Value) is not null || claim.Value.Any(char.IsControl))
            {
                return $"The token's {claim.Type} claim holds characters that cannot be stored.";
            }
        }
        return null;
    }
}
