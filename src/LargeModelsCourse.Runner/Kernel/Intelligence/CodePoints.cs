namespace LargeModelsCourse.Runner.Kernel.Intelligence;

/// <summary>
/// Cursor positions in Jupyter messages count Unicode code points (protocol 5.2 and later), while .NET
/// strings index UTF-16 units; they differ after any character outside the Basic Multilingual Plane (emoji).
/// </summary>
public static class CodePoints
{
    /// <summary>The number of code points in <paramref name="text"/>.</summary>
    public static int Count(string text) => FromUtf16(text, text.Length);

    /// <summary>The UTF-16 index of code point <paramref name="codePoint"/> (clamped to the text).</summary>
    public static int ToUtf16(string text, int codePoint)
    {
        var index = 0;
        for (var n = 0; n < codePoint && index < text.Length; n++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        return index;
    }

    /// <summary>The code-point position of UTF-16 index <paramref name="index"/>.</summary>
    public static int FromUtf16(string text, int index)
    {
        var count = 0;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            count++;
        }
        return count;
    }
}
