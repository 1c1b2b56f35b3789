using LargeModelsCourse.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Data;

public sealed class BatchLoaderTests
{
    public BatchLoaderTests() => TestData.ResetNotebookCancellation();

    [Fact]
    public void An_interrupted_cell_stops_the_loop_at_the_next_batch()
    {
        var (x, y) = Data(10);
        using var loader = new BatchLoader(x, y, 2);
        using var interrupt = new CancellationTokenSource();
        LargeModelsCourse.Display.Notebook.Cancellation = interrupt.Token;
        try
        {
            var seen = 0;
            Assert.Throws<OperationCanceledException>(() =>
            {
                foreach (var _ in loader)
                    if (++seen == 2) interrupt.Cancel();
            });
            Assert.Equal(2, seen);
        }
        finally
        {
            TestData.ResetNotebookCancellation();
        }
    }

    private static (Tensor X, Tensor Y) Data(int n) => (torch.arange(n, dtype: float32).unsqueeze(1) * 10, torch.arange(n, dtype: int64));

    [Fact]
    public void One_epoch_visits_every_example_once_with_inputs_and_targets_aligned()
    {
        var (x, y) = Data(103);
        using var loader = new BatchLoader(x, y, batchSize: 10, seed: 1);
        Assert.Equal(11, loader.Count);
        var seen = new List<long>();
        var sizes = new List<long>();
        foreach (var (bx, by) in loader)
        {
            sizes.Add(by.shape[0]);
            Assert.Equal(by.to(float32).mul(10).data<float>().ToArray(), bx.squeeze(1).data<float>().ToArray());
            seen.AddRange(by.data<long>().ToArray());
        }
        Assert.Equal(Enumerable.Repeat(10L, 10).Append(3), sizes);
        Assert.Equal(Enumerable.Range(0, 103).Select(i => (long)i), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 103).Select(i => (long)i), seen); // shuffled
    }

    [Fact]
    public void The_same_seed_gives_the_same_batches_and_each_epoch_a_new_order()
    {
        var (x, y) = Data(50);
        static List<long[]> Epochs(BatchLoader loader) =>
            [.. Enumerable.Range(0, 2).Select(_ => loader.SelectMany(b => b.y.data<long>().ToArray()).ToArray())];
        using var a = new BatchLoader(x, y, 8, seed: 7);
        using var b = new BatchLoader(x, y, 8, seed: 7);
        using var c = new BatchLoader(x, y, 8, seed: 8);
        var ea = Epochs(a);
        var eb = Epochs(b);
        Assert.Equal(ea, eb);
        Assert.NotEqual(ea[0], ea[1]);
        Assert.NotEqual(ea[0], Epochs(c)[0]);
    }

    [Fact]
    public void Without_shuffling_batches_are_in_order_and_drop_last_skips_the_remainder()
    {
        var (x, y) = Data(10);
        using var loader = new BatchLoader(x, y, 4, shuffle: false, dropLast: true);
        Assert.Equal(2, loader.Count);
        Assert.Equal([[0L, 1, 2, 3], [4L, 5, 6, 7]], loader.Select(b => b.y.data<long>().ToArray()).ToList());
    }

    [Fact]
    public void A_split_gives_batches_of_its_images_and_labels()
    {
        var images = torch.rand(20, 1, 4, 4);
        var labels = torch.arange(20, dtype: int64) % 3;
        using var split = new DataSplit(images, labels);
        foreach (var (bx, by) in split.Batches(6))
        {
            Assert.Equal([6L, 1, 4, 4], bx.shape);
            Assert.Equal([6L], by.shape);
            break; // a batch is valid inside the loop body; leaving the loop frees it
        }
        Assert.Equal([7L, 7, 6], split.ClassCounts(3));
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new BatchLoader(torch.zeros(5, 2), torch.zeros(4), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(torch.zeros(5, 2), torch.zeros(5), 0));
    }
}
