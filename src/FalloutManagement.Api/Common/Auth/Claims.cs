namespace FalloutManagement.Api.Common.Auth;

/// <summary>The token claims of docs/api-guide.md, read without any renaming.</summary>
public static class FalloutClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Queues = "queues";
    public const string AuthenticationMethods = "amr";
    public const string MultiFactor = "mfa";

    /// <summary>A source system that orchestrates orders carries <c>orchestrates: true</c> (CONTRACT §9).</summary>
    public const string Orchestrates = "orchestrates";
}
