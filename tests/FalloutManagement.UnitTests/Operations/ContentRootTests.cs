using FalloutManagement.Api.Common;

namespace FalloutManagement.UnitTests.Operations;

public sealed class ContentRootTests : IDisposable
{
    private readonly string _working = Directory.CreateTempSubdirectory("fallout-cwd-").FullName;
    private readonly string _service = Directory.CreateTempSubdirectory("fallout-bin-").FullName;

    public ContentRootTests() => File.WriteAllText(Path.Combine(_service, "appsettings.json"), "{}");

    public void Dispose()
    {
        Directory.Delete(_working, true);
        Directory.Delete(_service, true);
    }

    [Fact]
    public void Started_from_a_folder_without_settings_the_service_takes_its_own_folder() =>
        Assert.Equal(_service, ContentRoot.Fallback([], _working, _service));

    [Fact]
    public void Started_from_a_folder_with_settings_the_working_directory_stays_the_content_root()
    {
        File.WriteAllText(Path.Combine(_working, "appsettings.json"), "{}");
        Assert.Null(ContentRoot.Fallback([], _working, _service));
    }

    [Fact]
    public void A_content_root_given_on_the_command_line_wins() =>
        Assert.Null(ContentRoot.Fallback(["--contentRoot", "/srv/fallout"], _working, _service));

    [Fact]
    public void Without_settings_anywhere_nothing_changes() =>
        Assert.Null(ContentRoot.Fallback([], _working, _working));
}
