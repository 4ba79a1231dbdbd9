using System.Net;
using FalloutManagement.IntegrationTests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace FalloutManagement.IntegrationTests.OperatorConsole;

/// <summary>What a person does in the console, in the browser: sign in, open pages, press the buttons shown.</summary>
public sealed class ConsolePage(ConsoleHost host)
{
    /// <summary>The one command the console never offers as a button: an order system redeems its resume token.</summary>
    public static readonly string[] NotOffered = ["REDEEM_RESUME_TOKEN"];

    private ChromeDriver Browser => host.Browser;

    public void Open(string hash = "")
    {
        var url = new Uri(host.BaseAddress, $"/console/{hash}");
        if (Browser.Url.StartsWith(new Uri(host.BaseAddress, "/console/").ToString(), StringComparison.Ordinal) && hash.Length > 0)
        {
            ((IJavaScriptExecutor)Browser).ExecuteScript("location.hash = arguments[0];", hash);
        }
        else
        {
            Browser.Navigate().GoToUrl(url);
        }
    }

    /// <summary>Reloads the page where it is (the workspace reads the case again).</summary>
    public void Reload() => Browser.Navigate().Refresh();

    /// <summary>Signs in through the Development user picker (it calls /dev/tokens).</summary>
    public void SignIn(string sub, string roles, string queues = "", bool mfa = false)
    {
        Browser.Navigate().GoToUrl(new Uri(host.BaseAddress, "/console/"));
        ((IJavaScriptExecutor)Browser).ExecuteScript("sessionStorage.clear();");
        Browser.Navigate().Refresh();
        new SelectElement(Wait("[data-testid=dev-person]")).SelectByValue("");
        Fill("input[name=sub]", sub);
        Fill("input[name=roles]", roles);
        Fill("input[name=queues]", queues);
        var box = Browser.FindElement(By.Id("dev-mfa"));
        if (box.Selected != mfa)
        {
            box.Click();
        }
        Browser.FindElement(By.CssSelector("[data-testid=dev-sign-in]")).Click();
        WaitUntil(() => Text("[data-testid=signed-in-as]") == sub, $"signed in as {sub}");
    }

    /// <summary>The first element matching <paramref name="css"/> once it shows; a page that re-renders meanwhile is looked at again.</summary>
    public IWebElement Wait(string css, int seconds = 15)
    {
        var wait = new WebDriverWait(Browser, TimeSpan.FromSeconds(seconds)) { PollingInterval = TimeSpan.FromMilliseconds(100) };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        return wait.Until(d =>
        {
            var found = d.FindElements(By.CssSelector(css));
            return found.Count > 0 && found[0].Displayed ? found[0] : null;
        }) ?? throw new InvalidOperationException(css);
    }

    public void WaitUntil(Func<bool> condition, string what, int seconds = 15)
    {
        try
        {
            new WebDriverWait(Browser, TimeSpan.FromSeconds(seconds)) { PollingInterval = TimeSpan.FromMilliseconds(100) }.Until(_ =>
            {
                try
                {
                    return condition();
                }
                catch (WebDriverException)
                {
                    return false;
                }
            });
        }
        catch (WebDriverTimeoutException)
        {
            Assert.Fail($"Timed out waiting for {what}. Page text:\n{Browser.FindElement(By.TagName("body")).Text}\nBrowser log:\n{BrowserLog()}");
        }
    }

    /// <summary>The text of the first element matching <paramref name="css"/> ("" when none).</summary>
    public string Text(string css) => Fresh(() => Browser.FindElements(By.CssSelector(css)).FirstOrDefault()?.Text ?? "");

    /// <summary>
    /// Finds and reads (or acts) in one go; when the page re-rendered an element between finding and using it (e.g. the
    /// approvals inbox refreshing), does it again.
    /// </summary>
    public T Fresh<T>(Func<T> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return read();
            }
            catch (StaleElementReferenceException) when (attempt < 3)
            {
                // The element was replaced by a re-render: find it again.
            }
        }
    }

    public void Fill(string css, string value) => OnFresh(css, input =>
    {
        input.Clear();
        input.SendKeys(value);
    });

    public void Click(string css) => OnFresh(css, element => element.Click());

    /// <summary>Acts on the element; when the page re-rendered it in between, finds it again (a person would just click again).</summary>
    private void OnFresh(string css, Action<IWebElement> act) => Fresh(() => act(Wait(css)));

    /// <summary><see cref="Fresh{T}"/> for an action.</summary>
    public void Fresh(Action act) => Fresh(() =>
    {
        act();
        return true;
    });

    /// <summary>Opens the action's form and submits it after <paramref name="fill"/> filled it in.</summary>
    public void Act(string action, Action? fill = null)
    {
        Click($"[data-action={action}]");
        Wait($"form[data-form={action}]");
        fill?.Invoke();
        Click($"[data-submit={action}]");
    }

    public void Select(string css, string value) => new SelectElement(Wait(css)).SelectByValue(value);

    public string CaseStatus() => Text(".case-title .badge.status");

    public void WaitForStatus(string status) => WaitUntil(() => CaseStatus() == status, $"case status {status}");

    public IReadOnlyList<string> ActionButtons() =>
        [.. Browser.FindElements(By.CssSelector("[data-testid=actions] button[data-action]")).Select(b => b.GetDomAttribute("data-action")!).Order()];

    /// <summary>
    /// The buttons the workspace shows are exactly what allowed-actions returns for the same person, less what the console
    /// never offers and the task commands while the case has no open task to act on.
    /// </summary>
    public async Task AssertButtonsMatchAllowedAsync(HttpClient person, Guid caseId, string expectedStatus)
    {
        WaitForStatus(expectedStatus);
        var allowed = await (await person.GetAsync($"/fallout-cases/{caseId}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(expectedStatus, (string?)allowed["status"]);
        var read = await (await person.GetAsync($"/fallout-cases/{caseId}")).ExpectAsync(HttpStatusCode.OK);
        var noOpenTask = !(read["tasks"]?.AsArray() ?? []).Any(t => (string?)t!["status"] == "OPEN");
        var expected = allowed["allowed"]!.AsArray().Select(a => (string)a!).Except(NotOffered)
            .Where(a => !(noOpenTask && a is "ASSIGN_TASK" or "COMPLETE_TASK")).Order().ToList();
        WaitUntil(() => ActionButtons().SequenceEqual(expected), $"buttons [{string.Join(", ", expected)}]");
        Assert.Equal(expected, ActionButtons());
    }

    /// <summary>Saves the page as docs/images/&lt;name&gt;.png when FALLOUT_SCREENSHOTS is set; <paramref name="fullPage"/> grows the window to the page's height first.</summary>
    public void Screenshot(string name, bool fullPage = false)
    {
        if (ConsoleHost.ScreenshotDirectory() is not { } dir)
        {
            return;
        }
        Directory.CreateDirectory(dir);
        var window = Browser.Manage().Window;
        var size = window.Size;
        if (fullPage)
        {
            var js = (IJavaScriptExecutor)Browser;
            var height = Convert.ToInt32(js.ExecuteScript("return document.documentElement.scrollHeight + (window.outerHeight - window.innerHeight);"),
                System.Globalization.CultureInfo.InvariantCulture);
            window.Size = new System.Drawing.Size(size.Width, Math.Min(height, 4000));
        }
        Browser.GetScreenshot().SaveAsFile(Path.Combine(dir, $"{name}.png"));
        window.Size = size;
    }

    public string BrowserLog()
    {
        try
        {
            return string.Join('\n', Browser.Manage().Logs.GetLog(LogType.Browser).Select(l => $"{l.Level}: {l.Message}"));
        }
        catch (WebDriverException)
        {
            return "(no browser log)";
        }
    }
}
