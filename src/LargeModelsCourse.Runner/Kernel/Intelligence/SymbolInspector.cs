using System.Globalization;
using System.Text;
using LargeModelsCourse.Runner.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LargeModelsCourse.Runner.Kernel.Intelligence;

/// <summary>
/// inspect_request (Shift+Tab in JupyterLab, hover help): the signature of the symbol under the cursor
/// (every overload for a method group) and its documentation summary; with detail level 1 also the
/// parameters, return value and remarks. Variables of earlier cells show their type and, when short, value.
/// </summary>
public static class SymbolInspector
{
    private static readonly SymbolDisplayFormat Signature = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeVariance,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType
                       | SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeRef
                       | SymbolDisplayMemberOptions.IncludeModifiers,
        kindOptions: SymbolDisplayKindOptions.IncludeTypeKeyword | SymbolDisplayKindOptions.IncludeNamespaceKeyword,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName
                          | SymbolDisplayParameterOptions.IncludeDefaultValue | SymbolDisplayParameterOptions.IncludeParamsRefOut
                          | SymbolDisplayParameterOptions.IncludeExtensionThis,
        localOptions: SymbolDisplayLocalOptions.IncludeType,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers
                              | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    // Earlier cells' members live in generated "Submission#N" classes; students know them as variables.
    private static readonly SymbolDisplayFormat ScriptMember = Signature.RemoveMemberOptions(SymbolDisplayMemberOptions.IncludeContainingType);

    /// <summary>The help text for the symbol at <paramref name="position"/> (UTF-16 offset), or null when there is none.</summary>
    public static string? Inspect(ScriptSession session, string code, int position, int detailLevel)
    {
        position = Math.Clamp(position, 0, code.Length);
        var analysis = SubmissionAnalysis.Create(session, code);
        var node = NodeAt(analysis.Tree.GetRoot(), position);
        if (node is null) return null;
        var symbols = SymbolsOf(analysis.Model, node);
        if (symbols.Count == 0) return null;

        var text = new StringBuilder();
        foreach (var symbol in symbols.Take(12)) text.AppendLine(Describe(symbol, session));
        if (symbols.Count > 12) text.AppendLine($"(+{symbols.Count - 12} more overloads)");
        var docs = XmlDocumentation.For(symbols[0], analysis.Compilation);
        if (docs?.Summary is { } summary) text.AppendLine().AppendLine(summary);
        if (detailLevel > 0 && docs is not null)
        {
            foreach (var (name, doc) in docs.Parameters) text.AppendLine($"  {name}: {doc}");
            if (docs.Returns is { } returns) text.AppendLine($"Returns: {returns}");
            if (docs.Remarks is { } remarks) text.AppendLine().AppendLine(remarks);
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>The name under or just before the cursor; inside a call's parentheses, the called method.</summary>
    private static SyntaxNode? NodeAt(SyntaxNode root, int position)
    {
        foreach (var at in new[] { position, position - 1 })
        {
            if (at < 0 || at >= root.FullSpan.End) continue;
            var token = root.FindToken(at);
            if (token.Span.Contains(at) && (token.IsKind(SyntaxKind.IdentifierToken) || SyntaxFacts.IsPredefinedType(token.Kind())))
                return token.Parent;
        }
        var near = root.FindToken(Math.Max(0, position - 1));
        var call = near.Parent?.AncestorsAndSelf().OfType<InvocationExpressionSyntax>()
            .FirstOrDefault(i => i.ArgumentList.Span.Contains(Math.Max(0, position - 1)) || i.ArgumentList.Span.End == position);
        return call?.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            { } expression => expression,
            null => null,
        };
    }

    private static List<ISymbol> SymbolsOf(SemanticModel model, SyntaxNode node)
    {
        var info = model.GetSymbolInfo(node);
        if (info.Symbol is { } symbol) return [symbol];
        if (info.CandidateSymbols.Length > 0) return [.. info.CandidateSymbols];
        if (model.GetDeclaredSymbol(node) is { } declared) return [declared];
        if (model.GetTypeInfo(node).Type is { TypeKind: not TypeKind.Error } type) return [type];
        // A method group (display without parentheses) binds to no single symbol: take its overloads.
        var group = model.GetMemberGroup(node);
        return [.. group];
    }

    private static string Describe(ISymbol symbol, ScriptSession session)
    {
        if (symbol.ContainingType is { IsScriptClass: true })
        {
            if (symbol is IFieldSymbol field)
            {
                var value = session.Variables.FirstOrDefault(v => v.Name == field.Name)?.Value;
                return $"(variable) {field.Type.ToDisplayString(Signature)} {field.Name}{ShortValue(value)}";
            }
            return symbol.ToDisplayString(ScriptMember);
        }
        var text = symbol.ToDisplayString(Signature);
        return symbol switch
        {
            ILocalSymbol => $"(local) {text}",
            IParameterSymbol => $"(parameter) {text}",
            IFieldSymbol { IsConst: true } f when f.ConstantValue is not null => $"{text} = {Convert.ToString(f.ConstantValue, CultureInfo.InvariantCulture)}",
            _ => text,
        };
    }

    // Only values whose text is short and cheap to make: formatting a tensor or a chart here would run
    // the student's data through a formatter on every hover.
    private static string ShortValue(object? value) => value switch
    {
        null => "",
        string s => $" = \"{(s.Length > 80 ? s[..80] + "…" : s)}\"",
        bool or char or Enum => $" = {value}",
        IFormattable f when value.GetType().IsPrimitive || value is decimal => $" = {f.ToString(null, CultureInfo.InvariantCulture)}",
        _ => "",
    };
}
