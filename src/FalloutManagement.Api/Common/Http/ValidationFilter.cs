using FalloutManagement.Api.Common.Problems;
using FluentValidation;

namespace FalloutManagement.Api.Common.Http;

/// <summary>Runs the FluentValidation validator of the endpoint's request body before the handler.</summary>
public sealed class ValidationFilter<TRequest>(IValidator<TRequest> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
        if (request is null)
        {
            throw new ValidationProblemException(new Dictionary<string, string[]> { ["$"] = ["A JSON request body is required."] });
        }
        var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
        if (!result.IsValid)
        {
            throw new ValidationProblemException(result.Errors
                .GroupBy(e => string.IsNullOrEmpty(e.PropertyName) ? "$" : char.ToLowerInvariant(e.PropertyName[0]) + e.PropertyName[1..])
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
        }
        return await next(context);
    }
}

public static class ValidationFilterExtensions
{
    public static RouteHandlerBuilder Validate<TRequest>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<TRequest>>();
}
