using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace LargeModelsCourse.Runner.Kernel.Intelligence;

/// <summary>A symbol's XML documentation as plain text.</summary>
public sealed record SymbolDocs(string? Summary, IReadOnlyList<(string Name, string Text)> Parameters, string? Returns, string? Remarks);

/// <summary>
/// Finds the XML documentation of a symbol the script session references. The session's metadata
/// references carry no documentation provider, so the files are found the way an IDE finds them: beside
/// the assembly (the course library, its project builds), in the .NET SDK's reference pack (the framework),
/// or in the NuGet package cache (Plotly.NET, MathNet…). Source symbols (earlier cells) carry their own.
/// </summary>
public static partial class XmlDocumentation
{
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyDictionary<string, XElement>>> Files = new(StringComparer.Ordinal);
    private static readonly Lazy<IReadOnlyList<string>> ReferencePackFiles = new(FindReferencePackFiles);
    private static readonly Lazy<IReadOnlyDictionary<string, string>> ReferencePackTypes = new(IndexReferencePackTypes);

    /// <summary>The documentation of <paramref name="symbol"/>, or null when none is found.</summary>
    public static SymbolDocs? For(ISymbol symbol, Compilation compilation) => For(symbol, compilation, depth: 0);

    private static SymbolDocs? For(ISymbol symbol, Compilation compilation, int depth)
    {
        if (depth > 4) return null;
        symbol = symbol is IMethodSymbol { ReducedFrom: { } extension } ? extension : symbol.OriginalDefinition;
        var element = FromSource(symbol) ?? FromFiles(symbol, compilation);
        if (element is null) return null;
        if (element.Element("inheritdoc") is not null && Inherited(symbol) is { } baseSymbol)
            return For(baseSymbol, compilation, depth + 1);
        var parameters = element.Elements("param")
            .Select(p => (p.Attribute("name")?.Value ?? "", Render(p)))
            .Where(p => p.Item1.Length > 0)
            .ToList();
        return new SymbolDocs(Optional(element.Element("summary")), parameters, Optional(element.Element("returns")), Optional(element.Element("remarks")));
    }

    private static XElement? FromSource(ISymbol symbol)
    {
        var xml = symbol.GetDocumentationCommentXml(expandIncludes: true);
        if (string.IsNullOrWhiteSpace(xml)) return null;
        try { return XElement.Parse(xml); }
        catch (XmlException) { return null; }
    }

    private static XElement? FromFiles(ISymbol symbol, Compilation compilation)
    {
        var id = symbol.GetDocumentationCommentId();
        var assembly = symbol.ContainingAssembly ?? (symbol as INamespaceSymbol)?.ContainingAssembly;
        if (id is null || assembly is null) return null;
        var typeId = (symbol as INamedTypeSymbol ?? symbol.ContainingType)?.OriginalDefinition.GetDocumentationCommentId();
        foreach (var file in CandidateFiles(assembly, typeId, compilation))
        {
            if (Load(file).TryGetValue(id, out var element)) return element;
        }
        return null;
    }

    private static IEnumerable<string> CandidateFiles(IAssemblySymbol assembly, string? typeId, Compilation compilation)
    {
        var name = assembly.Identity.Name;
        if (compilation.GetMetadataReference(assembly) is PortableExecutableReference { FilePath: { } path })
        {
            var beside = Path.ChangeExtension(path, ".xml");
            if (File.Exists(beside)) yield return beside;
        }
        var packs = ReferencePackFiles.Value;
        var own = packs.FirstOrDefault(f => string.Equals(Path.GetFileNameWithoutExtension(f), name, StringComparison.OrdinalIgnoreCase));
        if (own is not null) yield return own;
        foreach (var cached in NuGetCacheFiles(name)) yield return cached;
        // The runtime's types live in System.Private.CoreLib, but the reference pack documents them under
        // the reference assembly that exposes them (System.Runtime, System.Collections…): look the type up.
        if (typeId is not null && ReferencePackTypes.Value.TryGetValue(typeId, out var documenting) && documenting != own)
            yield return documenting;
    }

    /// <summary>Which reference-pack file documents each type, read once by streaming (the files total about 30 MB).</summary>
    private static IReadOnlyDictionary<string, string> IndexReferencePackTypes()
    {
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in ReferencePackFiles.Value)
        {
            try
            {
                using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
                while (reader.ReadToFollowing("member"))
                {
                    if (reader.GetAttribute("name") is { } name && name.StartsWith("T:", StringComparison.Ordinal)) index.TryAdd(name, file);
                }
            }
            catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
            {
                // An unreadable file documents nothing.
            }
        }
        return index;
    }

    private static IReadOnlyList<string> FindReferencePackFiles()
    {
        // <dotnet>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll → <dotnet>/packs/Microsoft.NETCore.App.Ref/<version>/ref/net<major>.0
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var dotnetRoot = runtimeDir is null ? null : Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var packRoot = dotnetRoot is null ? null : Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        if (packRoot is null || !Directory.Exists(packRoot)) return [];
        var major = Environment.Version.Major;
        var folder = Directory.GetDirectories(packRoot)
            .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(d => d.Version?.Major == major)
            .OrderByDescending(d => d.Version)
            .Select(d => Path.Combine(d.Dir, "ref", $"net{major}.0"))
            .FirstOrDefault(Directory.Exists);
        if (folder is null) return [];
        // System.Runtime first: most everyday types (Math, String, List's neighbours) are documented there.
        return Directory.GetFiles(folder, "*.xml")
            .OrderBy(f => Path.GetFileName(f) == "System.Runtime.xml" ? 0 : Path.GetFileName(f) == "System.Collections.xml" ? 1 : 2)
            .ThenBy(f => f, StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<string> NuGetCacheFiles(string assemblyName)
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var package = Path.Combine(root, assemblyName.ToLowerInvariant());
        if (!Directory.Exists(package)) return [];
        return Directory.GetDirectories(package)
            .OrderByDescending(d => Path.GetFileName(d), StringComparer.Ordinal)
            .SelectMany(d => Directory.Exists(Path.Combine(d, "lib")) ? Directory.GetFiles(Path.Combine(d, "lib"), assemblyName + ".xml", SearchOption.AllDirectories) : [])
            .Take(1);
    }

    // Read by hand rather than with Roslyn's XmlDocumentationProvider: that type lives in the Workspaces assemblies (which
    // the runner does not ship), and its lookup by member id is not public — Roslyn answers only through the symbols of a
    // reference created with the provider. The reference-pack mapping needs lookups by id in files whose assembly the
    // session does not reference (the framework documents System.Private.CoreLib's types under System.Runtime…).
    private static IReadOnlyDictionary<string, XElement> Load(string file) =>
        Files.GetOrAdd(file, f => new Lazy<IReadOnlyDictionary<string, XElement>>(() =>
        {
            try
            {
                var members = XDocument.Load(f).Root?.Element("members")?.Elements("member") ?? [];
                var index = new Dictionary<string, XElement>(StringComparer.Ordinal);
                foreach (var member in members)
                    if (member.Attribute("name")?.Value is { } name) index.TryAdd(name, member);
                return index;
            }
            catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
            {
                return new Dictionary<string, XElement>();
            }
        })).Value;

    private static ISymbol? Inherited(ISymbol symbol)
    {
        switch (symbol)
        {
            case IMethodSymbol { OverriddenMethod: { } overridden }: return overridden;
            case IPropertySymbol { OverriddenProperty: { } overridden }: return overridden;
            case INamedTypeSymbol type: return type.BaseType is { SpecialType: not SpecialType.System_Object } b ? b : type.Interfaces.FirstOrDefault();
        }
        var type2 = symbol.ContainingType;
        if (type2 is null) return null;
        return type2.AllInterfaces.SelectMany(i => i.GetMembers(symbol.Name))
            .FirstOrDefault(m => SymbolEqualityComparer.Default.Equals(type2.FindImplementationForInterfaceMember(m), symbol));
    }

    private static string? Optional(XElement? element) => element is null ? null : Render(element) is { Length: > 0 } text ? text : null;

    /// <summary>The text of a documentation element: references as names, code as written, paragraphs kept.</summary>
    public static string Render(XElement element)
    {
        var text = new StringBuilder();
        Append(text, element);
        var lines = text.ToString().Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        return Blank().Replace(string.Join("\n", lines), "\n\n").Trim();
    }

    private static void Append(StringBuilder text, XElement element)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText t:
                    text.Append(t.Value.Replace('\n', ' '));
                    break;
                case XElement e when e.Name.LocalName is "see" or "seealso":
                    text.Append(e.Attribute("langword")?.Value ?? (e.Attribute("cref")?.Value is { } cref ? CrefName(cref) : null)
                                ?? (e.IsEmpty ? e.Attribute("href")?.Value : e.Value));
                    break;
                case XElement e when e.Name.LocalName is "paramref" or "typeparamref":
                    text.Append(e.Attribute("name")?.Value);
                    break;
                case XElement e when e.Name.LocalName is "para" or "br":
                    text.Append("\n\n");
                    Append(text, e);
                    text.Append("\n\n");
                    break;
                case XElement e when e.Name.LocalName is "item":
                    text.Append("\n- ");
                    Append(text, e);
                    break;
                case XElement e:
                    Append(text, e);
                    break;
            }
        }
    }

    /// <summary>"M:System.Math.Sqrt(System.Double)" → "Math.Sqrt"; "T:System.Double" → "Double".</summary>
    private static string CrefName(string cref)
    {
        var name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        var paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        name = Arity().Replace(name, "");
        var parts = name.Split('.');
        var isMember = cref.Length > 2 && cref[0] is 'M' or 'P' or 'F' or 'E';
        return isMember && parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : parts[^1];
    }

    [GeneratedRegex("`+[0-9]+")]
    private static partial Regex Arity();

    [GeneratedRegex("[ \t\r]+")]
    private static partial Regex Spaces();

    [GeneratedRegex("\n{2,}")]
    private static partial Regex Blank();
}
