using System.Text.RegularExpressions;
using LargeModelsCourse.Runner.Execution;

namespace LargeModelsCourse.Tests.Runner;

/// <summary>
/// The rewrite that makes a cell's loops stoppable: every kind of loop gets exactly one check at the top of its body,
/// nested loops and loops in local functions and lambdas included, and no line of the cell moves (a compile error or
/// stack trace names the line the student sees).
/// </summary>
public class CellRewriterTests
{
    private const string CheckCall = "global::LargeModelsCourse.Display.Notebook.ThrowIfCancelled();";

    private static int Checks(string code) => Regex.Matches(code, Regex.Escape(CheckCall)).Count;

    [Theory]
    [InlineData("while (true) { x++; }")]
    [InlineData("do { x++; } while (x < 10);")]
    [InlineData("for (var i = 0; i < 3; i++) { x++; }")]
    [InlineData("foreach (var v in new[] { 1, 2 }) { x += v; }")]
    [InlineData("foreach (var (a, b) in new[] { (1, 2) }) { x += a + b; }")]
    public void Every_kind_of_loop_gets_one_check_first_in_its_body(string loop)
    {
        var rewritten = CellRewriter.AddInterruptChecks("var x = 0;\n" + loop);
        Assert.Equal(1, Checks(rewritten));
        // The check opens the loop's body: it comes right after a brace and right before the body's first statement.
        Assert.Matches(@"\{\s*" + Regex.Escape(CheckCall) + @"\s*x\b", rewritten);
    }

    [Fact]
    public void Nested_loops_and_loops_in_functions_and_lambdas_each_get_a_check()
    {
        const string code = """
            int Sum(int n) { var s = 0; for (var i = 0; i < n; i++) { foreach (var c in "ab") s += c; } return s; }
            Func<int, int> spin = n => { while (n > 0) n--; return n; };
            do { } while (false);
            """;
        Assert.Equal(4, Checks(CellRewriter.AddInterruptChecks(code)));
    }

    [Fact]
    public void A_single_statement_body_becomes_a_block_on_the_same_lines()
    {
        const string code = "var n = 0;\nwhile (n < 5)\n    n++;\nvar after = n;";
        var rewritten = CellRewriter.AddInterruptChecks(code);
        var lines = rewritten.Split('\n');
        Assert.Equal(code.Split('\n').Length, lines.Length);
        Assert.Contains(CheckCall, lines[2], StringComparison.Ordinal);
        Assert.Contains("n++;", lines[2], StringComparison.Ordinal);
        Assert.Equal("var after = n;", lines[3]);
    }

    [Fact]
    public void A_cell_without_loops_is_returned_unchanged_character_for_character()
    {
        const string code = "// a comment\r\nvar x = 1;   \nConsole.WriteLine(x);";
        Assert.Same(code, CellRewriter.AddInterruptChecks(code));
    }
}
