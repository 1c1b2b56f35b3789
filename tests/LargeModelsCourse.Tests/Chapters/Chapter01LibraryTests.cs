using LargeModelsCourse.Display;
using LargeModelsCourse.Maths;
using LargeModelsCourse.Scaling;
using Xunit;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>The library pieces chapter 01 teaches: parameter counts, the scaling law, compute and memory, tables.</summary>
public sealed class Chapter01LibraryTests
{
    [Theory]
    [InlineData(768, 12, 124_439_808)]      // GPT-2 small
    [InlineData(1024, 24, 354_823_168)]     // medium
    [InlineData(1280, 36, 774_030_080)]     // large
    [InlineData(1600, 48, 1_557_611_200)]   // XL
    public void Gpt2_family_counts(long width, long layers, long expected) =>
        Assert.Equal(expected, ParameterCount.GptDecoder(50257, 1024, width, layers));

    [Fact]
    public void Bert_base_and_blocks()
    {
        Assert.Equal(109_482_240, ParameterCount.BertEncoder(30522, 512, 2, 768, 12));
        Assert.Equal(109_482_240 - (768 * 768 + 768), ParameterCount.BertEncoder(30522, 512, 2, 768, 12, pooler: false));
        Assert.Equal(12L * 768 * 768 + 13 * 768, ParameterCount.Block(768, 4 * 768));
        Assert.Equal(ParameterCount.GptDecoder(10, 4, 8, 1) + 10 * 8, ParameterCount.GptDecoder(10, 4, 8, 1, tiedHead: false));
    }

    [Fact]
    public void Bad_sizes_are_refused_with_a_clear_message()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ParameterCount.GptDecoder(50257, 1024, 0, 12));
        Assert.Contains("width must be a positive size", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingCompute.Flops(-1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalingLaw.Hoffmann2022.ComputeOptimal(double.NaN));
    }

    [Theory]
    [InlineData(1e19)]
    [InlineData(1e23)]
    [InlineData(1e26)]
    public void Closed_form_optimum_uses_the_whole_budget_and_is_a_minimum(double budget)
    {
        foreach (var law in new[] { ScalingLaw.Hoffmann2022, ScalingLaw.Besiroglu2024 })
        {
            var (n, d) = law.ComputeOptimal(budget);
            Assert.Equal(1, 6 * n * d / budget, 9);
            var best = law.Loss(n, d);
            foreach (var factor in new[] { 0.98, 1.02 })
                Assert.True(law.Loss(n * factor, budget / (6 * n * factor)) > best, $"{law.Name}: moving N by {factor} must raise the loss");
        }
    }

    [Fact]
    public void Memory_recipes()
    {
        Assert.Equal([16.0, 16, 10, 4, 2, 1], MemoryRecipe.All.Select(r => r.BytesPerParameter).ToArray());
        Assert.Equal(112, MemoryRecipe.Fp32Adam.Gigabytes(7e9), 9);
        Assert.Equal(6e21, TrainingCompute.Flops(1e9, 1e12), 0);
    }

    private sealed record Row(string Name, long Count, double Share);

    [Fact]
    public void Table_formats_rows_of_records()
    {
        var table = Table.From(new[] { new Row("a", 1234567, 0.5), new Row("bb", 8, 0.25) });
        Assert.Equal(2, table.RowCount);
        Assert.Equal("1,234,567", table[0, 1]);
        var lines = table.ToString().Split('\n');
        Assert.Equal("Name      Count  Share", lines[0]);
        Assert.Equal("bb            8   0.25", lines[3]);
        Assert.Contains("<td style=\"text-align:right\">1,234,567</td>", table.ToMimeBundle()[MimeBundle.Html]!.GetValue<string>());
        var e = Assert.Throws<ArgumentException>(() => new Table(["x", "y"], [new object[] { 1 }]));
        Assert.Contains("Row 0 has 1 cells but the table has 2 columns", e.Message);
    }
}
