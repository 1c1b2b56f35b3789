using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace LargeModelsCourse.Display;

/// <summary>
/// A number a chapter states, shown to the student and recorded in a machine-readable form
/// (<see cref="MimeType"/>) so the course's tests can check every stated figure against its executed
/// notebook. Prose quotes these outputs; it never types a number of its own.
/// </summary>
public sealed class KeyResult : IMimeRenderable
{
    /// <summary>The MIME type tests read: <c>{ "key": …, "value": … }</c>.</summary>
    public const string MimeType = "application/vnd.largemodelscourse.result+json";

    private KeyResult(string key, JsonNode value, string text, string? note)
    {
        Key = key;
        Value = value;
        Text = text;
        Note = note;
    }

    /// <summary>The result's name, stable across runs (tests look it up).</summary>
    public string Key { get; }

    /// <summary>The value as JSON (number, string, boolean or array of numbers).</summary>
    public JsonNode Value { get; }

    /// <summary>The value as shown.</summary>
    public string Text { get; }

    /// <summary>An optional remark shown beside it (e.g. "the source text says 0.06").</summary>
    public string? Note { get; }

    /// <summary>Shows a number under a stable key.</summary>
    /// <param name="key">e.g. <c>mse</c>, <c>test_accuracy</c>.</param>
    /// <param name="value">The computed value.</param>
    /// <param name="format">.NET numeric format for display, e.g. <c>F4</c> or <c>N0</c>.</param>
    /// <param name="note">A short remark shown after the value.</param>
    public static KeyResult Show(string key, double value, string format = "G6", string? note = null)
    {
        var result = new KeyResult(key, ToJson(value), value.ToString(format, CultureInfo.InvariantCulture), note);
        Notebook.display(result);
        return result;
    }

    /// <summary>Shows a vector of numbers under a stable key.</summary>
    public static KeyResult Show(string key, IEnumerable<double> values, string format = "G6", string? note = null)
    {
        var list = values.ToList();
        var json = new JsonArray(list.Select(v => (JsonNode?)ToJson(v)).ToArray());
        var text = "[" + string.Join(", ", list.Select(v => v.ToString(format, CultureInfo.InvariantCulture))) + "]";
        var result = new KeyResult(key, json, text, note);
        Notebook.display(result);
        return result;
    }

    /// <summary>Shows a text or yes/no result under a stable key.</summary>
    public static KeyResult Show(string key, string value, string? note = null)
    {
        var result = new KeyResult(key, JsonValue.Create(value), value, note);
        Notebook.display(result);
        return result;
    }

    // JSON has no NaN or infinity: such a result (a chapter showing an overflow on purpose) is recorded as text.
    private static JsonNode ToJson(double value) => double.IsFinite(value)
        ? JsonValue.Create(value)
        : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture))!;

    /// <inheritdoc/>
    public MimeBundle ToMimeBundle()
    {
        var plain = $"{Key} = {Text}{(Note is null ? "" : $"   ({Note})")}";
        var html = $"<div class=\"lmc-result\"><code>{WebUtility.HtmlEncode(Key)}</code> = <b>{WebUtility.HtmlEncode(Text)}</b>" +
                   (Note is null ? "" : $" <span class=\"lmc-note\">({WebUtility.HtmlEncode(Note)})</span>") + "</div>";
        return new MimeBundle()
            .With(MimeBundle.PlainText, plain)
            .With(MimeBundle.Html, html)
            .With(MimeType, new JsonObject { ["key"] = Key, ["value"] = Value.DeepClone(), ["text"] = Text });
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Key} = {Text}";
}
