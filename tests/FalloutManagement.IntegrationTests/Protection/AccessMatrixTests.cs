using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Protection;

/// <summary>Hundreds of deliberate 401s from one address: the failed-authentication budget is raised for this class.</summary>
public sealed class AccessMatrixFixture : ApiFixture
{
    public override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:FailedAuthenticationPermitLimit"] = "100000",
    };
}

/// <summary>
/// The roles × operations table of docs/security.md, checked for every operation the API description lists and every
/// role: no token and a well-signed token without <c>sub</c> are 401; a role outside the operation's row is 403 from
/// the role check; a role in it gets past the role check (whatever the operation then says about the made-up ids).
/// An operation missing from the table fails the test, so a new endpoint cannot ship without a decision.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixFixture api) : IClassFixture<AccessMatrixFixture>
{
    private const string Source = Roles.Source;
    private const string Operator = Roles.Operator;
    private const string Supervisor = Roles.Supervisor;
    private const string Approver = Roles.Approver;
    private const string Admin = Roles.Admin;
    private const string Auditor = Roles.Auditor;
    private const string Executor = Roles.Executor;
    private const string Partner = Roles.Partner;

    // The rows of docs/security.md's "Roles × actions" table.
    private static readonly string[] Intake = [Source];
    private static readonly string[] CaseReaders = [Operator, Supervisor, Approver, Auditor];
    private static readonly string[] CaseWorkers = [Operator, Supervisor];
    private static readonly string[] Checkers = [Approver];
    private static readonly string[] Supervisors = [Supervisor];
    private static readonly string[] AuditReaders = [Supervisor, Auditor];
    private static readonly string[] Auditors = [Auditor];
    private static readonly string[] EventReaders = [Source, Supervisor, Auditor, Admin];
    private static readonly string[] HubManagers = [Source, Admin, Executor];
    private static readonly string[] Staff = [Operator, Supervisor, Approver, Admin, Auditor];
    private static readonly string[] Admins = [Admin];
    private static readonly string[] AnalyticsReaders = [Supervisor, Auditor];
    private static readonly string[] BreakGlassReviewers = [Supervisor, Auditor, Admin];
    private static readonly string[] PolicyReaders = [Admin, Auditor];
    private static readonly string[] Executors = [Executor];
    private static readonly string[] Participants = [Partner, Executor];

    /// <summary>Operation (method and path as the API description writes it) → the roles that pass its role check.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Table = new Dictionary<string, string[]>
    {
        ["POST /fallout-cases"] = Intake,
        ["POST /fallout-cases/{id}/resume"] = Intake,

        ["GET /fallout-cases"] = CaseReaders,
        ["GET /fallout-cases/{id}"] = CaseReaders,
        ["GET /fallout-cases/{id}/allowed-actions"] = CaseReaders,
        ["GET /fallout-cases/{id}/timeline"] = CaseReaders,
        ["GET /fallout-cases/{id}/evidence"] = CaseReaders,
        ["GET /fallout-cases/{id}/evidence/{evidenceId}"] = CaseReaders,
        ["GET /fallout-cases/{id}/evidence/{evidenceId}/content"] = CaseReaders,
        ["GET /fallout-cases/{id}/correction-actions"] = CaseReaders,
        ["GET /fallout-cases/{id}/correction-actions/{caId}"] = CaseReaders,

        ["POST /fallout-cases/{id}/classify"] = CaseWorkers,
        ["POST /fallout-cases/{id}/assign"] = CaseWorkers,
        ["POST /fallout-cases/{id}/start"] = CaseWorkers,
        ["POST /fallout-cases/{id}/wait"] = CaseWorkers,
        ["POST /fallout-cases/{id}/continue"] = CaseWorkers,
        ["POST /fallout-cases/{id}/escalate"] = CaseWorkers,
        ["POST /fallout-cases/{id}/cancel"] = CaseWorkers,
        ["POST /fallout-cases/{id}/close"] = CaseWorkers,
        ["POST /fallout-cases/{id}/resolve"] = CaseWorkers,
        ["POST /fallout-cases/{id}/tasks"] = CaseWorkers,
        ["POST /fallout-cases/{id}/tasks/{taskId}/assign"] = CaseWorkers,
        ["POST /fallout-cases/{id}/tasks/{taskId}/complete"] = CaseWorkers,
        ["POST /fallout-cases/{id}/correction-actions"] = CaseWorkers,
        ["POST /fallout-cases/{id}/correction-actions/{caId}/apply"] = CaseWorkers,
        ["POST /fallout-cases/{id}/verify"] = CaseWorkers,
        ["POST /fallout-cases/{id}/correction-actions/{caId}/verify"] = CaseWorkers,
        ["POST /fallout-cases/{id}/verification-failed"] = CaseWorkers,
        ["POST /fallout-cases/{id}/correction-actions/{caId}/verification-failed"] = CaseWorkers,
        ["POST /fallout-cases/{id}/evidence"] = CaseWorkers,
        ["POST /fallout-cases/{id}/reservations"] = CaseWorkers,
        ["POST /queues/{code}/next"] = CaseWorkers,

        ["POST /fallout-cases/{id}/approve"] = Checkers,

        ["POST /fallout-cases/{id}/correction-actions/{caId}/execution-results"] = Executors,
        ["POST /fallout-cases/{id}/external-updates"] = Participants,

        ["POST /fallout-cases/{id}/resume-token/reissue"] = Supervisors,
        ["POST /fallout-cases/{id}/relink"] = Supervisors,
        ["POST /incidents"] = Supervisors,
        ["POST /incidents/{id}/links"] = Supervisors,
        ["DELETE /incidents/{id}/links/{caseId}"] = Supervisors,
        ["POST /incidents/{id}/resolve"] = Supervisors,
        ["POST /incidents/{id}/recovery"] = Supervisors,
        ["GET /incidents"] = CaseReaders,
        ["GET /incidents/{id}"] = CaseReaders,
        ["GET /incidents/{id}/recovery/{jobId}"] = CaseReaders,

        ["GET /fallout-cases/{id}/audit"] = AuditReaders,
        ["GET /fallout-cases/{id}/audit/verify"] = AuditReaders,
        ["GET /audit"] = Auditors,

        ["GET /events"] = EventReaders,
        ["POST /hub"] = HubManagers,
        ["GET /hub"] = HubManagers,
        ["GET /hub/{id}"] = HubManagers,
        ["DELETE /hub/{id}"] = HubManagers,
        ["GET /hub/{id}/dead-letters"] = HubManagers,
        ["POST /hub/{id}/dead-letters/{eventId}/redeliver"] = HubManagers,

        ["GET /queues"] = Staff,
        ["GET /queues/{code}"] = Staff,
        ["GET /queues/{code}/members"] = Staff,
        ["GET /classification-rules"] = Staff,
        ["GET /classification-rules/{id}"] = Staff,
        ["GET /sla-policies"] = Staff,
        ["GET /sla-policies/{id}"] = Staff,
        ["GET /action-policies"] = Staff,
        ["GET /action-policies/{id}"] = Staff,
        ["GET /executors"] = Staff,
        ["GET /executors/{code}"] = Staff,
        ["POST /queues"] = Admins,
        ["PUT /queues/{code}"] = Admins,
        ["POST /queues/{code}/deactivate"] = Admins,
        ["POST /queues/{code}/members"] = Admins,
        ["PUT /queues/{code}/members/{user}"] = Admins,
        ["POST /queues/{code}/members/{user}/deactivate"] = Admins,
        ["POST /classification-rules"] = Admins,
        ["PUT /classification-rules/{id}"] = Admins,
        ["POST /classification-rules/{id}/deactivate"] = Admins,
        ["POST /sla-policies"] = Admins,
        ["PUT /sla-policies/{id}"] = Admins,
        ["POST /sla-policies/{id}/deactivate"] = Admins,
        ["POST /action-policies"] = Admins,
        ["PUT /action-policies/{id}"] = Admins,
        ["POST /action-policies/{id}/deactivate"] = Admins,
        ["POST /executors"] = Admins,
        ["PUT /executors/{code}"] = Admins,

        ["GET /analytics/summary"] = AnalyticsReaders,
        ["GET /analytics/summary.csv"] = AnalyticsReaders,
        ["GET /analytics/repeat-fallout"] = AnalyticsReaders,
        ["GET /analytics/trends"] = AnalyticsReaders,

        ["POST /fallout-cases/{id}/reveal"] = CaseReaders,
        ["POST /break-glass"] = Staff,
        ["POST /break-glass/{id}/grant"] = Staff,
        ["POST /break-glass/{id}/end"] = Staff,
        ["GET /break-glass/{id}"] = Staff,
        ["GET /break-glass"] = BreakGlassReviewers,
        ["GET /masking-rules"] = PolicyReaders,
        ["PUT /masking-rules"] = Admins,
        ["GET /policy-changes"] = PolicyReaders,
        ["GET /policy-changes/{id}"] = PolicyReaders,
        ["POST /policy-changes/{id}/approve"] = Admins,
        ["POST /policy-changes/{id}/reject"] = Admins,
    };

    /// <summary>What the role check answers; business refusals (ownership, queues) carry other details.</summary>
    private const string RoleRefusal = "Your roles do not allow this operation.";

    [Fact]
    public async Task Every_operation_of_the_api_description_is_in_the_table_and_the_table_has_no_stale_rows()
    {
        var operations = await OperationsAsync();

        Assert.Empty(operations.Except(Table.Keys));
        Assert.Empty(Table.Keys.Except(operations));
    }

    [Fact]
    public async Task Every_operation_answers_every_role_as_the_table_says()
    {
        var operations = await OperationsAsync();
        var mismatches = new List<string>();
        var callers = new List<(string Name, HttpClient Client, string? Role)>
        {
            ("no token", api.App.CreateClient(), null),
            ("token without sub", WithToken(TokenWithoutSub()), null),
        };
        callers.AddRange(Roles.All.Select(role => ($"{role}", api.App.As($"matrix.{role}", [role], ["MOBILE_ACTIVATION_L2"], mfa: true), (string?)role)));

        await Parallel.ForEachAsync(operations, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (operation, _) =>
        {
            foreach (var (name, client, role) in callers)
            {
                using var response = await client.SendAsync(RequestFor(operation));
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                var roleRefused = status == 403 && body.Contains(RoleRefusal, StringComparison.Ordinal);
                var expected = role is null ? "401" : Table[operation].Contains(role) ? "past the role check" : "403 from the role check";
                var ok = role is null ? status == 401 : Table[operation].Contains(role) ? status != 401 && !roleRefused : roleRefused;
                if (!ok || status >= 500)
                {
                    lock (mismatches)
                    {
                        mismatches.Add($"{operation} as {name}: expected {expected}, got {status} {body[..Math.Min(body.Length, 200)]}");
                    }
                }
            }
        });

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    private async Task<List<string>> OperationsAsync()
    {
        var document = JsonNode.Parse(await api.App.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        return [.. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))];
    }

    private static HttpRequestMessage RequestFor(string operation)
    {
        var (method, template) = (operation.Split(' ')[0], operation.Split(' ')[1]);
        var url = string.Join('/', template.Split('/').Select(part => part.StartsWith('{')
            ? part is "{code}" or "{user}" ? "NO_SUCH_THING" : Guid.NewGuid().ToString()
            : part));
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        }
        return request;
    }

    private HttpClient WithToken(string token)
    {
        var client = api.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string TokenWithoutSub() => new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(
        new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = TestTokens.Issuer,
            Audience = TestTokens.Audience,
            Claims = new Dictionary<string, object> { ["role"] = Roles.All.ToArray(), ["queues"] = new[] { "MOBILE_ACTIVATION_L2" } },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(TestTokens.SigningKey)),
                Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
}
