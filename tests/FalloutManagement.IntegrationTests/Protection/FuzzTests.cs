using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace FalloutManagement.IntegrationTests.Protection;

/// <summary>The fuzz run calls as fast as it can from one token: no rate limit here.</summary>
public sealed class FuzzFixture : ApiFixture
{
    public override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:Enabled"] = "false",
        // Ten thousand refusals would otherwise each log a stack trace; the test itself reports every 5xx.
        ["Serilog:MinimumLevel:Default"] = "Fatal",
    };
}

/// <summary>
/// Every write operation of the API description gets hostile bodies (NUL, lone surrogates, numbers for enums, wrong
/// types, huge values, deep nesting, broken JSON and UTF-8, odd If-Match), generated from a fixed seed by
/// <see cref="FuzzBodies"/>, from several clients at once, against real cases. Nothing may answer 5xx, and every
/// refusal must be a problem with a <c>code</c>.
/// </summary>
public sealed class FuzzTests(FuzzFixture api, ITestOutputHelper output) : IClassFixture<FuzzFixture>
{
    private const int Seed = 20261129;
    private const int Bodies = 10_240;
    private const int Clients = 8;

    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> _pools = new();
    private readonly ConcurrentDictionary<string, long> _versions = new();

    private sealed record Operation(HttpMethod Method, string Template, JsonObject? Schema);

    private sealed record Failure(string Request, int Status, string Kind, string Body, string Answer);

    [Fact]
    public async Task Ten_thousand_hostile_bodies_across_every_write_operation_get_no_5xx_and_only_problems_with_codes()
    {
        var queues = await QueuesAsync();
        var client = api.App.As("fuzz.everyone", [.. Roles.All], queues, mfa: true);
        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!.AsObject();
        var operations = WriteOperations(document);
        Assert.True(operations.Count >= 40, $"Only {operations.Count} write operations in the API description.");
        var seeding = Stopwatch.StartNew();
        await SeedAsync(client);
        output.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:F1} s.");

        var failures = new ConcurrentBag<Failure>();
        var statuses = new ConcurrentDictionary<int, int>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(worker => Task.Run(async () =>
        {
            var random = new Random(Seed + worker);
            var bodies = new FuzzBodies(document, random, name => PoolFor(name, random));
            for (var i = worker; i < Bodies; i += Clients)
            {
                var operation = operations[i % operations.Count];
                var (kind, body) = bodies.Next(operation.Schema);
                var url = Fill(operation.Template, random);
                using var request = new HttpRequestMessage(operation.Method, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                AddIfMatch(request, url, random);
                using var response = await client.SendAsync(request);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                var answer = await response.Content.ReadAsStringAsync();
                if (Check(response, answer) is { } problem)
                {
                    var sent = System.Text.Encoding.UTF8.GetString(body);
                    failures.Add(new Failure($"{operation.Method} {url}", (int)response.StatusCode, kind,
                        sent[..Math.Min(sent.Length, 400)], problem + ": " + answer[..Math.Min(answer.Length, 600)]));
                }
                await LearnAsync(client, operation, url, response, answer);
            }
        })));
        watch.Stop();

        output.WriteLine($"{Bodies} bodies over {operations.Count} write operations in {watch.Elapsed.TotalSeconds:F1} s; statuses: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        foreach (var failure in failures.Take(15))
        {
            output.WriteLine($"{failure.Status} {failure.Request} [{failure.Kind}] {failure.Body} -> {failure.Answer}");
        }
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers, e.g. {failures.FirstOrDefault()}");
        Assert.True(statuses.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value) > 100, "Almost nothing was accepted: the bodies are not reaching the handlers.");
    }

    private static string? Check(HttpResponseMessage response, string answer)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return "server error";
        }
        if (status < 400)
        {
            return null;
        }
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return "refusal without problem+json";
        }
        try
        {
            return JsonNode.Parse(answer) is JsonObject problem && problem["code"] is JsonValue code && !string.IsNullOrEmpty((string?)code)
                && (int?)problem["status"] == status
                ? null
                : "problem without code or status";
        }
        catch (System.Text.Json.JsonException)
        {
            return "unreadable problem";
        }
    }

    private static List<Operation> WriteOperations(JsonObject document)
    {
        var operations = new List<Operation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "post" or "put" or "delete")
                {
                    var schema = operation!["requestBody"]?["content"]?["application/json"]?["schema"]?.AsObject();
                    operations.Add(new Operation(new HttpMethod(method.ToUpperInvariant()), path, schema));
                }
            }
        }
        return operations;
    }

    /// <summary>Which pool a path parameter draws from, by the collection it follows.</summary>
    private static string PoolOf(string template, string parameter) => parameter switch
    {
        "caId" => "correction",
        "taskId" => "task",
        "evidenceId" => "evidence",
        "caseId" => "case",
        "eventId" => "event",
        "jobId" => "job",
        "code" => "queue",
        "user" => "member",
        _ => template.Split('/')[1] switch
        {
            "fallout-cases" => "case",
            "incidents" => "incident",
            "hub" => "hub",
            var collection => collection,
        },
    };

    private string? PoolFor(string bodyField, Random random) => bodyField switch
    {
        "correctionActionId" => Draw("correction", random),
        "evidenceId" or "supersedesEvidenceId" => Draw("evidence", random),
        "tokenId" => Draw("token", random),
        "caseId" => Draw("case", random),
        "incidentId" => Draw("incident", random),
        _ => null,
    };

    private string? Draw(string pool, Random random) =>
        random.Next(10) > 0 && _pools.TryGetValue(pool, out var bag) && bag.ToArray() is { Length: > 0 } items
            ? items[random.Next(items.Length)]
            : null;

    private void Add(string pool, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _pools.GetOrAdd(pool, _ => []).Add(value);
        }
    }

    private string Fill(string template, Random random)
    {
        var parts = template.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].StartsWith('{'))
            {
                var parameter = parts[i].Trim('{', '}');
                var value = Draw(PoolOf(template, parameter), random) ?? (parameter is "code" or "user" ? "NOPE" : Guid.NewGuid().ToString());
                parts[i] = Uri.EscapeDataString(value);
            }
        }
        var url = string.Join('/', parts);
        return template.EndsWith("/links/{caseId}", StringComparison.Ordinal) ? url + "?reason=" + Uri.EscapeDataString(random.Next(3) switch
        {
            0 => "\0",
            1 => new string('r', 3000),
            _ => "duplicate link",
        }) : url;
    }

    /// <summary>The resource whose version a command is checked against: the path up to its first id.</summary>
    private static string ResourceOf(string url)
    {
        var parts = url.Split('?')[0].Split('/');
        return parts[1] == "queues" && parts.Length > 4 && parts[3] == "members"
            ? string.Join('/', parts[..5])
            : string.Join('/', parts[..Math.Min(parts.Length, 3)]);
    }

    private void AddIfMatch(HttpRequestMessage request, string url, Random random)
    {
        var value = random.Next(20) switch
        {
            0 => null,
            1 => Pick(random, "W/\"1\"", "abc", "\"99999999999999999999\"", "\"-1\"", "*", "\"1\", \"2\""),
            _ => $"\"{_versions.GetValueOrDefault(ResourceOf(url), 1)}\"",
        };
        if (value is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", value);
        }
    }

    private static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];

    /// <summary>Keeps versions current and learns the ids of what was created, so later bodies reach real resources.</summary>
    private async Task LearnAsync(HttpClient client, Operation operation, string url, HttpResponseMessage response, string answer)
    {
        var resource = ResourceOf(url);
        if (response.Headers.ETag is { } etag && long.TryParse(etag.Tag.Trim('"'), out var version))
        {
            _versions[resource] = version;
        }
        else if (response.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            using var current = await client.GetAsync(resource);
            if (current.Headers.ETag is { } fresh && long.TryParse(fresh.Tag.Trim('"'), out var freshVersion))
            {
                _versions[resource] = freshVersion;
            }
        }
        if (response.StatusCode != HttpStatusCode.Created || operation.Method != HttpMethod.Post)
        {
            return;
        }
        try
        {
            if (JsonNode.Parse(answer) is JsonObject created && created["id"] is JsonValue id)
            {
                var collection = operation.Template.Split('/')[^1];
                Add(collection switch
                {
                    "correction-actions" => "correction",
                    "tasks" => "task",
                    "evidence" => "evidence",
                    "fallout-cases" => "case",
                    _ => PoolOf(operation.Template, "id"),
                }, (string?)id);
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }
    }

    private async Task<string[]> QueuesAsync()
    {
        var list = JsonNode.Parse(await api.Admin().GetStringAsync("/queues"))!;
        var items = list is JsonArray array ? array : list["items"]!.AsArray();
        var codes = items.Select(q => (string)q!["code"]!).ToArray();
        foreach (var code in codes)
        {
            Add("queue", code);
        }
        return codes;
    }

    /// <summary>Cases in work with a correction, a task and evidence each, and the ids of the seeded reference data.</summary>
    private async Task SeedAsync(HttpClient client)
    {
        for (var i = 0; i < 12; i++)
        {
            var started = await CaseFlow.InProgressAsync(api, client);
            var id = started.Id();
            Add("case", id.ToString());
            var version = started.Version();
            using (var task = await client.PostJsonAsync($"/fallout-cases/{id}/tasks",
                new JsonObject { ["taskType"] = "CHECK", ["instruction"] = "look", ["mandatory"] = false }, version))
            {
                if (task.StatusCode == HttpStatusCode.Created)
                {
                    Add("task", (string?)(await task.ReadObjectAsync())["id"]);
                    version = task.ETag();
                }
            }
            var (correction, afterProposal) = await CaseFlow.ProposeAsync(client, id, CaseFlow.Retry(), version);
            Add("correction", correction.Id().ToString());
            var (evidence, afterEvidence) = await CaseFlow.AttachAsync(client, id, CaseFlow.Evidence("SCREENSHOT", provesResolution: true), afterProposal);
            Add("evidence", evidence.Id().ToString());
            _versions[$"/fallout-cases/{id}"] = afterEvidence;
        }
        foreach (var (collection, pool) in new[] { ("/action-policies", "action-policies"), ("/classification-rules", "classification-rules"),
                     ("/sla-policies", "sla-policies") })
        {
            var list = JsonNode.Parse(await client.GetStringAsync(collection))!;
            foreach (var item in list is JsonArray array ? array : list["items"]!.AsArray())
            {
                Add(pool, (string?)item!["id"]);
            }
        }
        var members = JsonNode.Parse(await client.GetStringAsync($"/queues/{CaseFlow.ActivationQueue}/members"))!;
        foreach (var member in members is JsonArray array2 ? array2 : members["items"]!.AsArray())
        {
            Add("member", (string?)member!["user"]);
        }
    }
}
