using System.ComponentModel.DataAnnotations;
using System.Text;

namespace FalloutManagement.Api.Common.Auth;

/// <summary>Configuration section <c>Auth</c> (env <c>Auth__Issuer</c>, <c>Auth__Audience</c>, <c>Auth__SigningKey</c>).</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    [Required]
    public string Issuer { get; set; } = "";

    [Required]
    public string Audience { get; set; } = "";

    /// <summary>HS256 key as UTF-8 text, at least 32 bytes.</summary>
    [Required]
    public string SigningKey { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Encoding.UTF8.GetByteCount(SigningKey) < 32)
        {
            yield return new ValidationResult("Auth:SigningKey must be at least 32 bytes of UTF-8 text.", [nameof(SigningKey)]);
        }
    }
}
