using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using LargeModelsCourse.Runner.Book;
using Xunit;

namespace LargeModelsCourse.Tests.Book;

/// <summary>
/// Cleaning keeps the course's own HTML whole (result cards, exercise cards with folded solutions, .NET
/// Interactive's tables and their style) and removes what could run.
/// </summary>
public sealed class UntrustedHtmlTests
{
    /// <summary>Every text/html output of the executed fixture notebooks: the course library's own HTML.</summary>
    public static TheoryData<string> CourseHtml()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(BookSite.FixtureNotebooks, "*.ipynb").Order(StringComparer.Ordinal))
        {
            var cells = JsonNode.Parse(File.ReadAllText(file))!["cells"]!.AsArray();
            foreach (var output in cells.SelectMany(c => c?["outputs"]?.AsArray() ?? []))
            {
                if (output?["data"]?["text/html"] is not { } html) continue;
                var text = html is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : html.GetValue<string>();
                // Charts' own drawing scripts are replaced by the book's chart; the rest must survive as it is.
                if (!text.Contains("<script", StringComparison.Ordinal)) data.Add(text);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CourseHtml))]
    public void The_courses_own_html_keeps_every_element_attribute_and_text(string html)
    {
        var cleaned = UntrustedHtml.ForOutputs().Clean(html);
        Assert.Equal(Inventory(html), Inventory(cleaned));
    }

    [Theory]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>")]
    [InlineData("<a href=\" JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>")]
    [InlineData("<a href=\"vbscript:msgbox(1)\">x</a>", "<a>x</a>")]
    [InlineData("<a href=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\">x</a>", "<a>x</a>")]
    [InlineData("<img src=\"x\" onerror=\"alert(1)\">", "<img src=\"x\">")]
    [InlineData("<p onclick=\"alert(1)\" class=\"c\">t</p>", "<p class=\"c\">t</p>")]
    [InlineData("<script>alert(1)</script><b>t</b>", "<b>t</b>")]
    [InlineData("<iframe src=\"https://example.com\"></iframe>t", "t")]
    [InlineData("<div style=\"background:url(javascript:alert(1))\">t</div>", "<div>t</div>")]
    [InlineData("<a href=\"03-next.html#goal\" title=\"t\">ok</a>", "<a href=\"03-next.html#goal\" title=\"t\">ok</a>")]
    [InlineData("<img src=\"data:image/png;base64,AAAA\" alt=\"a\">", "<img src=\"data:image/png;base64,AAAA\" alt=\"a\">")]
    [InlineData("<div id=\"figure-1\">t</div>", "<div>t</div>")]
    public void What_could_run_is_removed_and_what_is_safe_stays(string html, string expected) =>
        Assert.Equal(expected, UntrustedHtml.ForOutputs().Clean(html));

    [Fact]
    public void Markdown_keeps_its_ids_outputs_do_not()
    {
        Assert.Equal("<h2 id=\"goal\">Goal</h2>", UntrustedHtml.ForMarkdown().Clean("<h2 id=\"goal\">Goal</h2>"));
        Assert.Equal("<h2>Goal</h2>", UntrustedHtml.ForOutputs().Clean("<h2 id=\"goal\">Goal</h2>"));
    }

    /// <summary>A style sheet as its selectors and the properties each sets (values are re-serialized by cleaning: 0em 0px → 0).</summary>
    private static string StyleRules(string css) => string.Join(" ", System.Text.RegularExpressions.Regex.Matches(css, "([^{}]+)\\{([^}]*)\\}")
        .Select(m => string.Concat(m.Groups[1].Value.Where(c => !char.IsWhiteSpace(c))) + "{" +
                     string.Join(",", m.Groups[2].Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                         .Select(d => d.Split(':')[0].Trim()).Where(n => n.Length > 0)) + "}"));

    /// <summary>Each element with its attribute names and its own text, in document order (style sheets as their rules).</summary>
    private static List<string> Inventory(string html)
    {
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body>" + html);
        return document.Body!.Descendants<INode>().Select(node => node switch
        {
            AngleSharp.Dom.IElement e => $"<{e.LocalName} {string.Join(",", e.Attributes.Select(a => a.Name).Order(StringComparer.Ordinal))}>",
            AngleSharp.Dom.IText t when t.ParentElement?.LocalName == "style" => StyleRules(t.Data),
            AngleSharp.Dom.IText t => t.Data,
            _ => "",
        }).Where(s => s.Length > 0).ToList();
    }
}
