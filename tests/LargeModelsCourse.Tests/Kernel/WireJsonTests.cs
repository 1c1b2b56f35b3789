using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Plots;
using LargeModelsCourse.Runner.Kernel.Protocol;

namespace LargeModelsCourse.Tests.Kernel;

/// <summary>
/// The kernel writes message frames with long strings in segments (so escaping plotly.js borrows no 64 MB buffer that
/// the pool keeps): the bytes must be exactly those the serializer writes in one piece, for the chart that carries
/// plotly.js and for strings whose escapes and surrogate pairs fall on a segment's edge.
/// </summary>
public sealed class WireJsonTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Strings() => new()
    {
        // A surrogate pair across the first segment's edge (4,096 characters), then one on the second's.
        new string('a', 4095) + "\ud83d\ude00" + new string('b', 4094) + "\ud83d\ude00tail",
        // Escapes on and around the edges, control characters, quotes, backslashes, non-ASCII text.
        new string('"', 4097) + "\\\n\t\u0001é漢字" + string.Concat(Enumerable.Repeat("<script>\"x\"</script>\r\n", 900)),
        // Exactly one segment long, and one character longer.
        new string('\\', 4096),
        new string('z', 4096) + "\"",
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public void Long_strings_are_written_as_the_serializer_writes_them(string text)
    {
        var content = new JsonObject { ["text"] = text, ["nested"] = new JsonArray(text, 1, 2.5, null, true, new JsonObject { ["again"] = text }) };

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(content, Relaxed), WireJson.Serialize(content));
        Assert.Equal(text, JsonNode.Parse(WireJson.Serialize(content))!["nested"]![5]!["again"]!.GetValue<string>());
    }

    [Fact]
    public void The_chart_that_carries_plotly_js_goes_out_byte_for_byte_and_comes_back_whole()
    {
        var xs = Enumerable.Range(0, 200).Select(i => i / 10.0).ToArray();
        var figure = PlotlyOutput.FigureJson(Plot.Curve(xs, xs.Select(Math.Sin), "sine"));
        var bundle = new MimeBundle().With(MimeBundle.PlotlyJson, figure).With(MimeBundle.Html, PlotlyOutput.Html(figure, includeLibrary: true));
        var message = JupyterMessage.Create("display_data", "session", new JsonObject { ["data"] = bundle.ToJson(), ["metadata"] = new JsonObject() });
        var signer = new MessageSigner("key");

        var frames = message.Encode(signer);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(message.Content, Relaxed), frames[^1]);
        var decoded = JupyterMessage.Decode(frames, signer, out var problem);
        Assert.True(decoded is not null, problem);
        var html = decoded.Content["data"]![MimeBundle.Html]!.GetValue<string>();
        Assert.True(html.Length > 3_000_000, $"the chart's HTML has {html.Length} characters: it should carry plotly.js");
        Assert.Equal(bundle.ToJson()[MimeBundle.Html]!.GetValue<string>(), html);
    }
}
