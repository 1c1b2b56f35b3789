using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Kernel;
using LargeModelsCourse.Runner.Kernel.Intelligence;
using Xunit;

namespace LargeModelsCourse.Tests.Kernel;

/// <summary>Completion, inspection and is_complete on a real script session, in process (no sockets).</summary>
public sealed class CodeIntelligenceTests
{
    private static async Task<ScriptSession> SessionAsync(params string[] cells)
    {
        var session = new ScriptSession(Path.GetTempPath(), BundledPackages.Shipped, "intelligence");
        for (var i = 0; i < cells.Length; i++)
        {
            var outcome = await session.ExecuteAsync(cells[i], i + 1);
            Assert.True(outcome.Succeeded, outcome.Error?.Describe());
        }
        return session;
    }

    private static List<string> Complete(ScriptSession session, string code) =>
        CodeCompletion.Complete(session, code, code.Length).Matches.Select(m => m.Text).ToList();

    [Fact]
    public async Task CompletesFunctionsAndTypesFromEarlierCells()
    {
        var session = await SessionAsync(
            "double Relu(double v) => Math.Max(0, v);",
            "record Neuron(double Weight, double Bias) { public double Fire(double x) => Weight * x + Bias; }\nvar neuron = new Neuron(2, 1);");
        Assert.Contains("Relu", Complete(session, "Re"));
        Assert.Contains("Neuron", Complete(session, "var other = new Neu"));
        Assert.Equal(["Fire"], Complete(session, "neuron.Fi"));
        Assert.Contains("Weight", Complete(session, "neuron?."));
    }

    [Fact]
    public async Task CompletesPackagesTheCellItselfReferences()
    {
        var session = await SessionAsync();
        var matches = Complete(session, "#r \"nuget: MathNet.Numerics, 5.0.0\"\nMathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense");
        Assert.Contains("Dense", matches);
        Assert.Contains("DenseIdentity", matches);
    }

    [Fact]
    public async Task CompletesNamespacesAndKeywords()
    {
        var session = await SessionAsync();
        Assert.Contains("Generic", Complete(session, "System.Collections.Gen"));
        Assert.Contains("foreach", Complete(session, "forea"));
    }

    [Fact]
    public async Task OffersNothingInsideCommentsAndStrings()
    {
        var session = await SessionAsync("var learningRate = 0.1;");
        Assert.Empty(Complete(session, "// learn"));
        Assert.Empty(Complete(session, "var s = \"learn"));
    }

    [Fact]
    public async Task InspectsOverloadsAndSourceDocumentation()
    {
        var session = await SessionAsync("/// <summary>Squares <paramref name=\"v\"/>, as chapter 01 does.</summary>\ndouble Square(double v) => v * v;");
        var square = SymbolInspector.Inspect(session, "Square(3)", 2, detailLevel: 0);
        Assert.Equal("double Square(double v)\n\nSquares v, as chapter 01 does.", square);
        var max = SymbolInspector.Inspect(session, "Math.Max(", 9, detailLevel: 0);
        Assert.NotNull(max);
        Assert.Contains("static int Math.Max(int val1, int val2)", max, StringComparison.Ordinal);
        Assert.Contains("static double Math.Max(double val1, double val2)", max, StringComparison.Ordinal);
        Assert.Null(SymbolInspector.Inspect(session, "   ", 1, detailLevel: 0));
    }

    [Fact]
    public void CursorPositionsCountCodePoints()
    {
        const string code = "var 🙂 = \"x\"; Math.Sq";
        Assert.Equal(code.Length - 1, CodePoints.Count(code));
        Assert.Equal(code.Length, CodePoints.ToUtf16(code, CodePoints.Count(code)));
        Assert.Equal(6, CodePoints.ToUtf16(code, 5));
        Assert.Equal(5, CodePoints.FromUtf16(code, 6));
    }

    [Fact]
    public void IsCompleteUsesScriptSyntax()
    {
        Assert.Equal("complete", JupyterKernel.IsComplete("#r \"nuget: MathNet.Numerics, 5.0.0\"\nvar x = 1;\nx")["status"]!.GetValue<string>());
        Assert.Equal("incomplete", JupyterKernel.IsComplete("var xs = new[] {\n    1,")["status"]!.GetValue<string>());
        Assert.Equal("complete", JupyterKernel.IsComplete("")["status"]!.GetValue<string>());
    }

    [Fact]
    public void PolyglotMagicsAreHonoured()
    {
        var (code, error) = KernelCellSource.ForExecution("#!csharp\nvar x = 1;");
        Assert.Null(error);
        Assert.Equal("        \nvar x = 1;", code);
        (_, error) = KernelCellSource.ForExecution("#!fsharp\nlet x = 1");
        Assert.NotNull(error);
        Assert.Equal(1, error.Line);
        Assert.Contains("C# only", error.Message, StringComparison.Ordinal);
    }
}
