using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace LargeModelsCourse.Display;

/// <summary>
/// How a cell's value looks when nothing more specific knows how to show it: plain text, and an HTML table whose
/// columns are the value's properties — for a collection, a row per item with its index — as Polyglot Notebooks drew
/// them. Written for the course rather than taken from .NET Interactive's formatter, whose last release is a 2023 beta
/// of a deprecated project: this is the one part of it the course used. Values nest to <see cref="MaxDepth"/> levels and
/// collections show their first <see cref="MaxItems"/> items; every text is HTML-escaped.
/// </summary>
public static class ObjectFormatter
{
    /// <summary>Rows shown of a collection before "… N more".</summary>
    public const int MaxItems = 20;

    /// <summary>Levels of nesting shown before a value is summarised by its type.</summary>
    public const int MaxDepth = 3;

    /// <summary>The value as plain text: scalars as they print, collections as <c>[ a, b ]</c>, objects as <c>Type { P = v }</c>.</summary>
    public static string PlainText(object? value) => Plain(value, 0);

    /// <summary>The value as HTML: a table for objects and collections, preformatted text for anything else.</summary>
    public static string Html(object? value)
    {
        var html = new StringBuilder();
        if (IsScalar(value)) html.Append("<div class=\"lmc-value\"><pre>").Append(Enc(Plain(value, 0))).Append("</pre></div>");
        else AppendTable(html, value!, 0);
        return html.ToString();
    }

    private static string Plain(object? value, int depth)
    {
        switch (value)
        {
            case null: return "<null>";
            case string s: return s;
            case IDictionary dictionary when depth < MaxDepth:
                return "{ " + string.Join(", ", Limited(Entries(dictionary), out var moreEntries)
                    .Select(e => $"{Plain(e.Key, depth + 1)}: {Plain(e.Value, depth + 1)}")) + More(moreEntries) + " }";
            case IEnumerable sequence when depth < MaxDepth:
                return "[ " + string.Join(", ", Limited(sequence.Cast<object?>(), out var moreItems).Select(i => Plain(i, depth + 1))) + More(moreItems) + " ]";
        }
        if (IsScalar(value) || OverridesToString(value.GetType()) || depth >= MaxDepth)
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        var members = Members(value.GetType());
        return $"{FriendlyName(value.GetType())} {{ " + string.Join(", ", members.Select(m => $"{m.Name} = {Plain(Read(m, value), depth + 1)}")) + " }";
    }

    private static void AppendTable(StringBuilder html, object value, int depth)
    {
        html.Append("<table class=\"lmc-object\">");
        if (value is IDictionary dictionary)
        {
            html.Append("<thead><tr><th><i>key</i></th><th>value</th></tr></thead><tbody>");
            var entries = Limited(Entries(dictionary), out var more);
            foreach (var entry in entries)
            {
                html.Append("<tr><td>").Append(Enc(Plain(entry.Key, depth + 1))).Append("</td><td>");
                AppendCell(html, entry.Value, depth + 1);
                html.Append("</td></tr>");
            }
            AppendMore(html, more, 2);
        }
        else if (value is IEnumerable sequence and not string)
        {
            var items = Limited(sequence.Cast<object?>(), out var more);
            var columns = items.Where(i => !IsScalar(i) && i is not IEnumerable).Select(i => i!.GetType()).Distinct()
                .SelectMany(Members).Select(m => m.Name).Distinct().ToList();
            html.Append("<thead><tr><th><i>index</i></th>");
            if (columns.Count == 0) html.Append("<th>value</th>");
            foreach (var column in columns) html.Append("<th>").Append(Enc(column)).Append("</th>");
            html.Append("</tr></thead><tbody>");
            for (var i = 0; i < items.Count; i++)
            {
                html.Append("<tr><td>").Append(i).Append("</td>");
                if (columns.Count == 0) { html.Append("<td>"); AppendCell(html, items[i], depth + 1); html.Append("</td>"); }
                else foreach (var column in columns)
                {
                    html.Append("<td>");
                    var member = items[i] is { } item ? Members(item.GetType()).FirstOrDefault(m => m.Name == column) : null;
                    if (member is not null) AppendCell(html, Read(member, items[i]!), depth + 1);
                    html.Append("</td>");
                }
                html.Append("</tr>");
            }
            AppendMore(html, more, Math.Max(columns.Count, 1) + 1);
        }
        else
        {
            var members = Members(value.GetType());
            html.Append("<thead><tr>");
            foreach (var member in members) html.Append("<th>").Append(Enc(member.Name)).Append("</th>");
            html.Append("</tr></thead><tbody><tr>");
            foreach (var member in members)
            {
                html.Append("<td>");
                AppendCell(html, Read(member, value), depth + 1);
                html.Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
    }

    private static void AppendCell(StringBuilder html, object? value, int depth)
    {
        if (IsScalar(value) || depth >= MaxDepth || (value is not IEnumerable && OverridesToString(value!.GetType()) && Members(value.GetType()).Count == 0))
            html.Append(Enc(Plain(value, MaxDepth)));
        else AppendTable(html, value!, depth);
    }

    private static void AppendMore(StringBuilder html, int more, int columns)
    {
        if (more > 0) html.Append($"<tr><td colspan=\"{columns}\"><i>… {more:N0} more</i></td></tr>");
    }

    private static List<T> Limited<T>(IEnumerable<T> items, out int more)
    {
        var list = new List<T>();
        more = 0;
        foreach (var item in items)
        {
            if (list.Count < MaxItems) list.Add(item);
            else more++;
        }
        return list;
    }

    private static IEnumerable<DictionaryEntry> Entries(IDictionary dictionary)
    {
        // The dictionary's own enumerator: a generic dictionary enumerated as IEnumerable yields KeyValuePairs.
        var entries = dictionary.GetEnumerator();
        while (entries.MoveNext()) yield return entries.Entry;
    }

    private static string More(int more) => more > 0 ? $", … {more:N0} more" : "";

    private static bool IsScalar(object? value) => value is null or string or char or bool or Enum or decimal or DateTime
        or DateTimeOffset or TimeSpan or Guid or Uri || value.GetType().IsPrimitive;

    private static bool OverridesToString(Type type) =>
        type.GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } declaring && declaring != typeof(object) && declaring != typeof(ValueType);

    private static IReadOnlyList<MemberInfo> Members(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
            .Where(p => p.Name != "EqualityContract"),
         .. type.GetFields(BindingFlags.Public | BindingFlags.Instance)];

    private static object? Read(MemberInfo member, object target)
    {
        try
        {
            return member switch
            {
                PropertyInfo p => p.GetValue(target),
                FieldInfo f => f.GetValue(target),
                _ => null,
            };
        }
        catch (TargetInvocationException e)
        {
            // A property that throws is shown as what it threw, as a debugger would, not as a failed cell.
            return $"<{e.InnerException?.GetType().Name ?? "error"}: {e.InnerException?.Message}>";
        }
    }

    private static string FriendlyName(Type type) =>
        type.Name.Contains("AnonymousType", StringComparison.Ordinal) ? "" : type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
