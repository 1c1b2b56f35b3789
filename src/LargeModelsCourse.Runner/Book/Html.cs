using System.Net;
using System.Text.RegularExpressions;

namespace LargeModelsCourse.Runner.Book;

/// <summary>Small HTML helpers the book's renderers share.</summary>
internal static partial class Html
{
    /// <summary>Text as HTML: every <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and quote escaped, so it can never become markup.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A value safe inside a double-quoted attribute.</summary>
    public static string Attribute(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>
    /// A page's file name as a relative link: percent-escaped, so <c>#</c>, <c>?</c>, <c>%</c> and spaces in a
    /// notebook's name stay part of the name rather than starting a fragment or query.
    /// </summary>
    public static string PageUrl(string fileName) => Uri.EscapeDataString(fileName);

    /// <summary>A token safe as a CSS class or id fragment: lower-case letters, digits and dashes.</summary>
    public static string Token(string text)
    {
        var token = NotToken().Replace(text.ToLowerInvariant(), "-").Trim('-');
        return token.Length == 0 ? "x" : token;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotToken();
}
