using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Cases;

/// <summary>Bad input of any shape is a 4xx problem and writes nothing.</summary>
public sealed class IntakeValidationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { "missing sourceSystem", """{"sourceEventId":"e","correlationId":"c","reasonCode":"R","message":"m"}""" },
        { "missing message", """{"sourceSystem":"s","sourceEventId":"e","correlationId":"c","reasonCode":"R"}""" },
        { "empty reasonCode", """{"sourceSystem":"s","sourceEventId":"e","correlationId":"c","reasonCode":"","message":"m"}""" },
        { "unknown category", """{"sourceSystem":"s","sourceEventId":"e","correlationId":"c","reasonCode":"R","message":"m","categoryHint":"PLUMBING"}""" },
        { "unknown severity", """{"sourceSystem":"s","sourceEventId":"e","correlationId":"c","reasonCode":"R","message":"m","severityHint":"urgent"}""" },
        { "id too long", $$"""{"sourceSystem":"s","sourceEventId":"e","correlationId":"c","reasonCode":"R","message":"m","serviceOrderId":"{{new string('x', 101)}}"}""" },
        { "event id too long", $$"""{"sourceSystem":"s","sourceEventId":"{{new string('e', 101)}}","correlationId":"c","reasonCode":"R","message":"m"}""" },
        { "correlation id too long", $$"""{"sourceSystem":"s","sourceEventId":"e","correlationId":"{{new string('c', 101)}}","reasonCode":"R","message":"m"}""" },
        { "orderVersion not a number", """{"sourceSystem":"s","sourceEventId":"e","correlationId":"c","reasonCode":"R","message":"m","orderVersion":"seven"}""" },
        { "negative orderVersion", """{"sourceSystem":"s","sourceEventId":"e","correlationId":"c","reasonCode":"R","message":"m","orderVersion":-1}""" },
        { "attributes not an object", """{"sourceSystem":"s","sourceEventId":"e","correlationId":"c","reasonCode":"R","message":"m","attributes":[1,2]}""" },
        { "bad currency", """{"sourceSystem":"s","sourceEventId":"e","correlationId":"c","reasonCode":"R","message":"m","revenueAtRisk":{"amount":1,"currency":"rupiah"}}""" },
        { "bad timestamp", """{"sourceSystem":"s","sourceEventId":"e","correlationId":"c","reasonCode":"R","message":"m","occurredAt":"yesterday"}""" },
        { "wrong type for string", """{"sourceSystem":42,"sourceEventId":"e","correlationId":"c","reasonCode":"R","message":"m"}""" },
        { "malformed JSON", """{"sourceSystem":"s", """ },
        { "not an object", "[1,2,3]" },
        { "null body", "null" },
        { "empty body", "" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Bad_input_is_a_400_problem_and_writes_nothing(string what, string body)
    {
        var before = await Sql.CountAsync(api.ConnectionString, "fallout_cases");

        var response = await api.Source().PostRawAsync("/fallout-cases", body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem["errors"] is JsonObject || problem["detail"] is not null, what);
        Assert.Equal(before, await Sql.CountAsync(api.ConnectionString, "fallout_cases"));
    }

    [Fact]
    public async Task Field_errors_name_the_field()
    {
        var response = await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout(b => b["categoryHint"] = "PLUMBING"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotNull(problem["errors"]!["categoryHint"]);
    }

    [Fact]
    public async Task A_huge_body_is_refused_with_413()
    {
        var response = await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout(b => b["message"] = new string('x', 200_000)));

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task A_wrong_content_type_is_a_4xx_problem()
    {
        var response = await api.Source().PostRawAsync("/fallout-cases", "sourceSystem=s", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
