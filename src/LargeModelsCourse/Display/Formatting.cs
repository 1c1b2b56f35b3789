using System.Net;
using System.Text;
using Plotly.NET;
using TorchSharp;

namespace LargeModelsCourse.Display;

/// <summary>
/// Turns any value into a <see cref="MimeBundle"/>: charts as Plotly JSON plus offline HTML, tensors as
/// shape, dtype and values, course types as they render themselves, everything else through
/// <see cref="ObjectFormatter"/> (the HTML tables Polyglot users know). Every bundle has
/// <c>text/plain</c> and <c>text/html</c>, so any front end shows something.
/// </summary>
public static class Formatting
{
    /// <summary>Formats <paramref name="value"/> for display.</summary>
    /// <param name="value">The value.</param>
    /// <param name="extraMimeType">A representation to make even when it is not one of the defaults.</param>
    public static MimeBundle ToMimeBundle(object? value, string? extraMimeType = null)
    {
        var bundle = value switch
        {
            null => Text("<null>"),
            MimeBundle b => b,
            IMimeRenderable r => r.ToMimeBundle(),
            GenericChart chart => PlotlyOutput.ToMimeBundle(chart),
            torch.Tensor t => TensorBundle(t),
            string s => Text(s),
            _ => new MimeBundle()
                .With(MimeBundle.PlainText, ObjectFormatter.PlainText(value))
                .With(MimeBundle.Html, ObjectFormatter.Html(value)),
        };
        // Any other representation asked for by name (display(x, "text/markdown")) is the value's text: a string
        // stays itself, so a cell can hand Markdown or SVG it wrote to the front end.
        if (extraMimeType is not null && !bundle.Has(extraMimeType))
            bundle.With(extraMimeType, ObjectFormatter.PlainText(value));
        return bundle;
    }

    /// <summary>A text-only value, shown as preformatted text in HTML front ends.</summary>
    public static MimeBundle Text(string text) => new MimeBundle()
        .With(MimeBundle.PlainText, text)
        .With(MimeBundle.Html, $"<pre>{WebUtility.HtmlEncode(text)}</pre>");

    /// <summary>A tensor as its shape, dtype and values (numpy-style, elided when large).</summary>
    public static MimeBundle TensorBundle(torch.Tensor t)
    {
        var header = $"tensor [{string.Join(", ", t.shape)}] {t.dtype} on {t.device}";
        var values = t.numel() == 0 ? "[]" : t.ToString(TensorStringStyle.Numpy);
        var text = new StringBuilder(header).Append('\n').Append(values).ToString();
        return new MimeBundle()
            .With(MimeBundle.PlainText, text)
            .With(MimeBundle.Html,
                $"<div class=\"lmc-tensor\"><div><b>{WebUtility.HtmlEncode(header)}</b></div><pre>{WebUtility.HtmlEncode(values)}</pre></div>");
    }
}
