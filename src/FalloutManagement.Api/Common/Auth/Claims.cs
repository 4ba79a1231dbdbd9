namespace FalloutManagement.Api.Common.Auth;

/// <summary>The token claims of docs/api-guide.md, read without any renaming.</summary>
public static class FalloutClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Queues = "queues";
    public const string AuthenticationMethods = "amr";
    public const string MultiFactor = "mfa";

    /// <summary>A source system that orchestrates orders carries <c>orchestrates: true</c>.</summary>
    public const string Orchestrates = "orchestrates";

    /// <summary>The executor code a <c>fallout.executor</c> token acts for.</summary>
    public const string Executor = "executor";

    /// <summary>The partner or field organisation code a <c>fallout.partner</c> token acts for.</summary>
    public const string Partner = "partner";
}
