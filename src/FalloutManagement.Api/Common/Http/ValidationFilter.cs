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
                .GroupBy(e => string.IsNullOrEmpty(e.PropertyName) ? "$" : CamelCasePath(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
        }
        return await next(context);
    }

    /// <summary><c>Context.Order.Items[0].Id</c> → <c>context.order.items[0].id</c>: the JSON names the client sent.</summary>
    private static string CamelCasePath(string path) =>
        string.Join('.', path.Split('.').Select(segment => segment.Length == 0 ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]));
}

public static class ValidationFilterExtensions
{
    public static RouteHandlerBuilder Validate<TRequest>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<TRequest>>();
}
