using LargeModelsCourse.Display;

namespace LargeModelsCourse.Tests.Display;

/// <summary>The fallback look of a cell's value: plain text and the HTML tables Polyglot users know.</summary>
public class ObjectFormatterTests
{
    private sealed record Point(double X, double Y);

    private sealed class Run
    {
        public string Name { get; init; } = "";
        public Point? Best { get; init; }
        public List<int> Epochs { get; init; } = [];
    }

    [Fact]
    public void A_record_prints_as_itself_and_draws_a_table_of_its_properties()
    {
        var point = new Point(1, 2.5);
        Assert.Equal("Point { X = 1, Y = 2.5 }", ObjectFormatter.PlainText(point));
        Assert.Equal("<table class=\"lmc-object\"><thead><tr><th>X</th><th>Y</th></tr></thead><tbody><tr><td>1</td><td>2.5</td></tr></tbody></table>",
            ObjectFormatter.Html(point));
    }

    [Fact]
    public void An_anonymous_type_shows_its_members()
    {
        var value = new { loss = 0.25, epoch = 3 };
        Assert.Equal("{ loss = 0.25, epoch = 3 }", ObjectFormatter.PlainText(value));
        var html = ObjectFormatter.Html(value);
        Assert.Contains("<th>loss</th><th>epoch</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>0.25</td><td>3</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_collection_has_a_row_per_item_with_its_index_and_is_cut_after_twenty()
    {
        Assert.Equal("[ 1, 2, 3 ]", ObjectFormatter.PlainText(new[] { 1, 2, 3 }));
        var html = ObjectFormatter.Html(Enumerable.Range(100, 25).ToList());
        Assert.Contains("<th><i>index</i></th><th>value</th>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>0</td><td>100</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>19</td><td>119</td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>120</td>", html, StringComparison.Ordinal);
        Assert.Contains("… 5 more", html, StringComparison.Ordinal);
        Assert.EndsWith(", … 5 more ]", ObjectFormatter.PlainText(Enumerable.Range(0, 25)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_collection_of_objects_has_a_column_per_property()
    {
        var html = ObjectFormatter.Html(new[] { new Point(1, 2), new Point(3, 4) });
        Assert.Contains("<th><i>index</i></th><th>X</th><th>Y</th>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>1</td><td>3</td><td>4</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_values_nest_and_nulls_say_null()
    {
        var run = new Run { Name = "adam", Best = new Point(0.5, 0.25), Epochs = [1, 2] };
        Assert.Equal("Run { Name = adam, Best = Point { X = 0.5, Y = 0.25 }, Epochs = [ 1, 2 ] }", ObjectFormatter.PlainText(run));
        var html = ObjectFormatter.Html(run);
        Assert.Equal(3, html.Split("<table", StringSplitOptions.None).Length - 1); // the run, its point, its epochs
        Assert.Contains("&lt;null&gt;", ObjectFormatter.Html(new Run { Name = "sgd" }), StringComparison.Ordinal);
        Assert.Equal("<null>", ObjectFormatter.PlainText(null));
        Assert.Equal("<div class=\"lmc-value\"><pre>&lt;null&gt;</pre></div>", ObjectFormatter.Html(null));
    }

    [Fact]
    public void Text_is_escaped_everywhere()
    {
        var html = ObjectFormatter.Html(new { name = "<script>alert(1)</script>", list = new[] { "a & b" } });
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("a &amp; b", html, StringComparison.Ordinal);
        Assert.Equal("<div class=\"lmc-value\"><pre>1 &lt; 2</pre></div>", ObjectFormatter.Html("1 < 2"));
    }

    [Fact]
    public void Dictionaries_show_keys_and_values_and_numbers_use_the_invariant_culture()
    {
        var scores = new Dictionary<string, double> { ["sgd"] = 0.5, ["adam"] = 0.75 };
        Assert.Equal("{ sgd: 0.5, adam: 0.75 }", ObjectFormatter.PlainText(scores));
        Assert.Contains("<th><i>key</i></th><th>value</th>", ObjectFormatter.Html(scores), StringComparison.Ordinal);
        Assert.Contains("<tr><td>adam</td><td>0.75</td></tr>", ObjectFormatter.Html(scores), StringComparison.Ordinal);
    }
}
