using System.Security.Cryptography;
using System.Text;

namespace LargeModelsCourse.Translation;

/// <summary>
/// The fingerprint a translation records of the English text it was made from: the first 12 lower-case hex digits
/// of the SHA-256 of the text's UTF-8 bytes. When the English changes, its fingerprint does, and the translation is
/// known to be stale. Taught in chapter 00 (the Chinese edition).
/// </summary>
public static class Fingerprint
{
    /// <summary>How many hex digits a fingerprint keeps.</summary>
    public const int Length = 12;

    /// <summary>The fingerprint of <paramref name="english"/>, exactly as written (no trimming, no newline changes).</summary>
    public static string Of(string english) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(english)))[..Length];
}
