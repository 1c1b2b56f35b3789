using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace LargeModelsCourse.Display;

/// <summary>
/// A small table shown as aligned plain text and as an HTML table: the per-component parameter counts of
/// chapter 01, the loss comparisons of chapter 02. Build it from rows of objects (records or anonymous types:
/// one column per public property) or from headers and cells. Numbers are formatted with the invariant culture:
/// integers with thousands separators, other numbers with six significant digits; pre-format a cell as a string
/// to choose otherwise. Taught in chapter 01.
/// </summary>
public sealed class Table : IMimeRenderable
{
    private readonly string[] headers;
    private readonly List<string[]> cells;
    private readonly bool[] numeric;

    /// <summary>A table with the given column headers and rows of cells.</summary>
    public Table(IEnumerable<string> headers, IEnumerable<IEnumerable<object?>> rows)
    {
        this.headers = headers.ToArray();
        if (this.headers.Length == 0) throw new ArgumentException("A table needs at least one column header.", nameof(headers));
        var raw = rows.Select(r => r.ToArray()).ToList();
        var bad = raw.FindIndex(r => r.Length != this.headers.Length);
        if (bad >= 0)
            throw new ArgumentException($"Row {bad} has {raw[bad].Length} cells but the table has {this.headers.Length} columns ({string.Join(", ", this.headers)}).", nameof(rows));
        cells = raw.Select(r => r.Select(Format).ToArray()).ToList();
        numeric = Enumerable.Range(0, this.headers.Length)
            .Select(c => raw.Count > 0 && raw.All(r => r[c] is null || IsNumber(r[c]!))).ToArray();
    }

    /// <summary>A table with one column per public property of <typeparamref name="T"/>, in declaration order.</summary>
    public static Table From<T>(IEnumerable<T> items)
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0).ToArray();
        return new Table(properties.Select(p => p.Name.Replace('_', ' ')),
            items.Select(item => properties.Select(p => p.GetValue(item))));
    }

    /// <summary>The number of data rows.</summary>
    public int RowCount => cells.Count;

    /// <summary>The formatted cell at <paramref name="row"/>, <paramref name="column"/>.</summary>
    public string this[int row, int column] => cells[row][column];

    /// <inheritdoc/>
    public MimeBundle ToMimeBundle() => new MimeBundle()
        .With(MimeBundle.PlainText, ToString())
        .With(MimeBundle.Html, ToHtml());

    /// <summary>The table as aligned plain text.</summary>
    public override string ToString()
    {
        var widths = Enumerable.Range(0, headers.Length)
            .Select(c => cells.Select(r => r[c].Length).Append(headers[c].Length).Max()).ToArray();
        string Line(IReadOnlyList<string> values) => string.Join("  ", values.Select((v, c) =>
            numeric[c] ? v.PadLeft(widths[c]) : v.PadRight(widths[c]))).TrimEnd();
        var text = new StringBuilder().AppendLine(Line(headers))
            .AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in cells) text.AppendLine(Line(row));
        return text.ToString().TrimEnd();
    }

    private string ToHtml()
    {
        static string Enc(string s) => WebUtility.HtmlEncode(s);
        string Align(int c) => numeric[c] ? " style=\"text-align:right\"" : "";
        var html = new StringBuilder("<table class=\"lmc-table\"><thead><tr>");
        for (var c = 0; c < headers.Length; c++) html.Append($"<th{Align(c)}>{Enc(headers[c])}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in cells)
        {
            html.Append("<tr>");
            for (var c = 0; c < row.Length; c++) html.Append($"<td{Align(c)}>{Enc(row[c])}</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static bool IsNumber(object value) => value is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal;

    private static string Format(object? value) => value switch
    {
        null => "",
        sbyte or byte or short or ushort or int or uint or long or ulong => Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
