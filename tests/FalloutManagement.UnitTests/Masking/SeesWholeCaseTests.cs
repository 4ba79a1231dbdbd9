using System.Text;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Masking;
using Microsoft.Extensions.Configuration;

namespace FalloutManagement.UnitTests.Masking;

/// <summary>
/// When a case answer may go out as written (<see cref="MaskingMiddleware.SeesWholeCase"/>): the viewer sees the case's
/// token ids and no class hidden from it is in the answer. Checked against the service's default rules, where a
/// reporter sees every class but where evidence lies (<c>storageRef</c>).
/// </summary>
public sealed class SeesWholeCaseTests
{
    private static readonly MaskingRuleSet Defaults = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build()
        .GetSection(MaskingOptions.Section).Get<MaskingOptions>()!.ToRules();

    private static readonly Guid CaseId = Guid.Parse("0193a5c0-0000-7000-8000-000000000001");
    private static readonly CaseFacts Case = new(CaseId, AssignedUser: null, SourceSystem: "activation-service", Queue: "MOBILE_ACTIVATION_L2");
    private static readonly Viewer Reporter = new("activation-service", new HashSet<string> { Roles.Source }, false, []);

    private const string NewCase = """
        {"id":"0193a5c0-0000-7000-8000-000000000001","status":"QUEUED","customerId":"cust-1","attributes":{"msisdn":"6281100000077"},
         "context":{"resources":[{"resourceType":"MSISDN","value":"6281100000077"}]},"evidence":[],"correctionActions":[],"resumeToken":null}
        """;

    private static bool Sees(Viewer viewer, string answer, Guid? routeCase = null) =>
        MaskingMiddleware.SeesWholeCase(Defaults, viewer, Case, routeCase, Encoding.UTF8.GetBytes(answer));

    [Fact]
    public void The_reporter_sees_the_whole_of_a_new_case_it_reported()
    {
        Assert.DoesNotContain(MaskingRuleSet.EvidenceContent, Reporter.ViewOf(Defaults, Case).Unmasked);
        Assert.True(Sees(Reporter, NewCase));
    }

    [Theory]
    [InlineData("""{"id":"0193a5c0-0000-7000-8000-000000000001","evidence":[{"storageRef":"s3://evidence/1"}]}""")]
    [InlineData("""{"id":"0193a5c0-0000-7000-8000-000000000001","attributes":{"StorageRef":"x"}}""")]
    [InlineData("""{"id":"0193a5c0-0000-7000-8000-000000000001","payload":{"field":"evidence.STORAGEREF","before":"a","after":"b"}}""")]
    [InlineData("""{"id":"0193a5c0-0000-7000-8000-000000000001","attributes":{"note":"Jalan Ṡudirman"}}""")]
    [InlineData("""{"id":"0193a5c0-0000-7000-8000-000000000001","payload":{"field":"storage\u0052ef","before":"a","after":"b"}}""")]
    public void An_answer_that_may_hold_a_class_hidden_from_the_reader_takes_the_full_masking_pass(string answer) =>
        Assert.False(Sees(Reporter, answer));

    [Fact]
    public void The_case_owner_sees_evidence_locations_too()
    {
        var owner = new Viewer("olivia.operator", new HashSet<string> { Roles.Operator }, false, []);
        var owned = Case with { AssignedUser = "olivia.operator" };

        Assert.True(MaskingMiddleware.SeesWholeCase(Defaults, owner, owned, CaseId,
            Encoding.UTF8.GetBytes("""{"evidence":[{"storageRef":"s3://evidence/1"}],"note":"Jalan Ṡudirman"}""")));
    }

    [Fact]
    public void Another_source_another_route_or_no_case_answer_is_masked_in_full()
    {
        var other = new Viewer("billing-service", new HashSet<string> { Roles.Source }, false, []);

        Assert.False(Sees(other, NewCase));
        Assert.False(Sees(Reporter, NewCase, routeCase: Guid.NewGuid()));
        Assert.False(MaskingMiddleware.SeesWholeCase(Defaults, Reporter, null, null, Encoding.UTF8.GetBytes(NewCase)));
    }

    [Theory]
    [InlineData("storageRef", """{"storageRef":1}""", true)]
    [InlineData("storageRef", """{"storage":"Ref"}""", false)]
    [InlineData("customer.id", """{"customer":{"id":"c"}}""", true)]
    [InlineData("customer.id", """{"customerId":"c"}""", true)] // conservative: "customerId" ends in "id"
    [InlineData("customer.id", """{"customer":{"name":"c"}}""", false)]
    [InlineData("odd name", """{"x":1}""", true)]
    public void A_name_may_be_held_when_its_last_segment_ends_a_string(string name, string json, bool held) =>
        Assert.Equal(held, MaskingMiddleware.MayHold(Encoding.UTF8.GetBytes(json), name));
}
