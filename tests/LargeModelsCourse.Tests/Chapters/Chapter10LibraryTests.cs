using LargeModelsCourse.Distributed;
using LargeModelsCourse.Efficiency;
using LargeModelsCourse.Maths;
using LargeModelsCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>The library pieces chapter 10 teaches: all-reduce, the cost model, float formats, pruning, int8, distillation.</summary>
public sealed class Chapter10LibraryTests
{
    private static readonly Interconnect Link = new("test link", 1e9, 1e-5);

    [Theory]
    [InlineData(2, 10)]
    [InlineData(3, 10)]   // N not divisible by K: chunks of unequal size
    [InlineData(5, 101)]
    [InlineData(8, 64)]
    public void Ring_all_reduce_gives_every_worker_the_sum(int workers, int length)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(workers);
        var vectors = Enumerable.Range(0, workers).Select(_ => torch.randn(length, dtype: float64)).ToList();
        var expected = torch.stack(vectors).sum([0L]);
        var run = SimulatedAllReduce.Ring(vectors);
        Assert.Equal(2 * (workers - 1), run.Steps);
        Assert.All(run.Results, r => Assert.True(r.allclose(expected, rtol: 1e-12, atol: 1e-12)));
        // Every worker gets the very same bits: each chunk is summed once and then copied.
        Assert.All(run.Results, r => Assert.True(r.equal(run.Results[0]).all().item<bool>()));
        // In total 2(K−1) chunk-sends per worker: 2(K−1)/K of the vector on average.
        Assert.Equal(2.0 * (workers - 1) * length * 8, run.BytesSentPerWorker.Sum(), 1e-9);
        Assert.All(run.BytesSentPerWorker, b => Assert.InRange(b, 2.0 * (workers - 1) / workers * length * 8 - 16, 2.0 * (workers - 1) / workers * length * 8 + 16));
        // The inputs are not changed.
        Assert.True(torch.stack(vectors).sum([0L]).equal(expected).all().item<bool>());
    }

    [Fact]
    public void Parameter_server_counts_the_servers_traffic()
    {
        using var scope = torch.NewDisposeScope();
        var vectors = Enumerable.Range(0, 4).Select(i => torch.full(10, (double)i, dtype: float32)).ToList();
        var run = SimulatedAllReduce.ParameterServer(vectors);
        Assert.All(run.Results, r => Assert.True(r.equal(torch.full(10, 6.0, dtype: float32)).all().item<bool>()));
        Assert.All(run.BytesSentPerWorker, b => Assert.Equal(40, b));
        Assert.Equal(160, run.BytesSentByServer);
    }

    [Fact]
    public void All_reduce_refuses_mismatched_vectors()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => SimulatedAllReduce.Ring([torch.zeros(4), torch.zeros(5)]));
        Assert.Contains("same length", e.Message);
        Assert.Throws<ArgumentException>(() => SimulatedAllReduce.Ring([torch.zeros(2, 2), torch.zeros(2, 2)]));
        Assert.Throws<ArgumentException>(() => SimulatedAllReduce.Ring([torch.zeros(2), torch.zeros(2), torch.zeros(2)]));
    }

    [Fact]
    public void Cost_model_matches_its_formulas()
    {
        var ps = CommunicationCost.ParameterServer(1e6, 8, 4, Link);
        Assert.Equal(4e6, ps.BytesSentPerWorker);
        Assert.Equal(32e6, ps.BytesSentByBusiest);
        Assert.Equal(2 * (1e-5 + 32e6 / 1e9), ps.Seconds, 1e-12);
        var ring = CommunicationCost.RingAllReduce(1e6, 8, 4, Link);
        Assert.Equal(2.0 * 7 / 8 * 4e6, ring.BytesSentPerWorker, 1e-6);
        Assert.Equal(14 * (1e-5 + 4e6 / 8 / 1e9), ring.Seconds, 1e-12);
        Assert.Equal(0, CommunicationCost.RingAllReduce(1e6, 1, 4, Link).Seconds);
        Assert.Equal(1e-5 + 1000 / 1e9, Link.Seconds(1000), 1e-15);
        Assert.Throws<ArgumentOutOfRangeException>(() => CommunicationCost.RingAllReduce(1e6, 0, 4, Link));
        Assert.Throws<ArgumentException>(() => CommunicationCost.ParameterServer(1e6, 2, 4, Link with { BytesPerSecond = 0 }));
    }

    [Fact]
    public void Float_formats_know_their_limits()
    {
        Assert.Equal(Math.Pow(2, -23), FloatFormat.Float32.Epsilon);
        Assert.Equal(Math.Pow(2, -10), FloatFormat.Float16.Epsilon);
        Assert.Equal(Math.Pow(2, -7), FloatFormat.BFloat16.Epsilon);
        Assert.Equal(65504, FloatFormat.Float16.Max);
        Assert.Equal(Math.Pow(2, -24), FloatFormat.Float16.SmallestSubnormal, 1e-20);
        Assert.Equal(Math.Pow(2, -14), FloatFormat.Float16.SmallestNormal, 1e-20);
        Assert.Equal([2048.0, double.PositiveInfinity, 0.0], FloatFormat.Float16.Round(2049, 70000, 1e-8));
        Assert.Equal(0.10009765625, FloatFormat.BFloat16.Round(0.1)[0]);
        Assert.Throws<ArgumentException>(() => FloatFormat.Of(ScalarType.Int8));
    }

    [Fact]
    public void Cast_reports_underflow_overflow_and_rounding()
    {
        using var scope = torch.NewDisposeScope();
        var values = torch.tensor(new[] { 1e-9, 1e-3, 1.0, 0.0 });
        var (underflow, overflow, error) = FloatFormat.Float16.Cast(values);
        Assert.Equal(1.0 / 3, underflow, 1e-12);   // 1e-9 of the three nonzero values
        Assert.Equal(0, overflow);
        Assert.InRange(error, 0, Math.Pow(2, -11) * 1.0001);
        var scaled = FloatFormat.Float16.Cast(values, scale: 1e5);
        Assert.Equal(0, scaled.Underflow);
        Assert.Equal(1.0 / 3, scaled.Overflow, 1e-12); // 1.0 · 1e5 > 65504
    }

    private static nn.Module<Tensor, Tensor> SmallMlp(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(("fc1", nn.Linear(6, 5)), ("relu1", nn.ReLU()), ("fc2", nn.Linear(5, 3)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Pruning_zeroes_exactly_the_smallest_weights(double sparsity)
    {
        var model = SmallMlp(1);
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var report = MagnitudePruning.Prune(model, sparsity);
        Assert.Equal(45, report.Weights);
        Assert.Equal((long)Math.Round(sparsity * 45), report.Pruned);
        Assert.Equal(report.Sparsity, MagnitudePruning.Sparsity(model), 1e-12);
        // Biases are untouched; every kept weight is at least as large as every pruned one.
        Assert.True(model.named_parameters().Single(p => p.name == "fc2.bias").parameter.equal(before["fc2.bias"]).all().item<bool>());
        var all = before.Where(kv => kv.Value.dim() == 2).SelectMany(kv =>
        {
            var after = model.named_parameters().Single(p => p.name == kv.Key).parameter.detach();
            return kv.Value.abs().flatten().data<float>().ToArray().Zip(after.flatten().data<float>().ToArray());
        }).ToArray();
        var pruned = all.Where(p => p.Second == 0).Select(p => p.First).DefaultIfEmpty(0).Max();
        var kept = all.Where(p => p.Second != 0).Select(p => p.First).DefaultIfEmpty(float.MaxValue).Min();
        Assert.True(pruned <= kept);
    }

    [Fact]
    public void Per_layer_pruning_takes_the_same_share_of_every_layer()
    {
        var model = SmallMlp(2);
        var report = MagnitudePruning.Prune(model, 0.6, PruningScope.PerLayer);
        Assert.Equal([18L, 9L], report.PerLayer.Select(l => l.Pruned));
        Assert.Throws<ArgumentOutOfRangeException>(() => MagnitudePruning.Prune(model, 1.5));
    }

    [Fact]
    public void Masked_training_keeps_pruned_weights_at_zero()
    {
        var model = SmallMlp(3);
        var pruned = MagnitudePruning.Prune(model, 0.5).Sparsity;
        var before = torch.cat(model.parameters().Select(p => p.detach().flatten()).ToArray()).clone();
        var masked = new MaskedModel(model);
        torch.manual_seed(4);
        var x = torch.randn(64, 6);
        var y = torch.randint(0, 3, [64]);
        new Trainer(masked, optim.Adam(masked.parameters(), lr: 0.05), nn.CrossEntropyLoss())
            .Fit(x, y, epochs: 3, batchSize: 8, options: new TrainingOptions { Progress = TrainingProgress.None });
        masked.ApplyMask();
        Assert.Equal(pruned, MagnitudePruning.Sparsity(model), 1e-12);
        var after = torch.cat(model.parameters().Select(p => p.detach().flatten()).ToArray());
        Assert.True((after - before).abs().max().item<float>() > 1e-3, "the surviving weights must have been trained");
    }

    [Fact]
    public void Int8_rounding_error_is_at_most_half_a_step()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        var w = torch.randn(16, 32) * torch.linspace(0.01, 3, 16).unsqueeze(1);
        foreach (var q in new[] { Int8Tensor.PerTensor(w), Int8Tensor.PerRow(w) })
        {
            Assert.Equal(ScalarType.Int8, q.Values.dtype);
            Assert.True(q.Values.abs().max().item<sbyte>() <= 127);
            var step = q.PerChannel ? q.Scales.unsqueeze(1) : q.Scales;
            Assert.True((q.Dequantize() - w).abs().le(step / 2 * 1.0001).all().item<bool>());
        }
        Assert.Equal(16 * 32 + 16 * 4, Int8Tensor.PerRow(w).Bytes);
        Assert.Equal(16 * 32 + 4, Int8Tensor.PerTensor(w).Bytes);
        // A row of zeros must not divide by zero.
        Assert.True(Int8Tensor.PerRow(torch.zeros(2, 3)).Dequantize().eq(0).all().item<bool>());
        Assert.Throws<ArgumentException>(() => Int8Tensor.PerRow(torch.zeros(3)));
        Assert.Throws<ArgumentException>(() => Int8Tensor.PerTensor(torch.zeros(3, dtype: int64)));
    }

    [Fact]
    public void Quantized_model_is_close_to_the_float_model_and_four_times_smaller()
    {
        using var scope = torch.NewDisposeScope();
        var model = SmallMlp(6);
        var x = torch.randn(20, 6);
        using var noGrad = torch.no_grad();
        var reference = model.forward(x);
        foreach (var path in new[] { Int8Path.WeightOnly, Int8Path.Integer })
        {
            var quantized = Int8Quantization.Quantize(model, path);
            Assert.True((quantized.forward(x) - reference).abs().max().item<float>() < 0.05, $"{path}");
            Assert.Equal(45 + 8 * 4 + 8 * 4, ModelSize.Bytes(quantized));
        }
        Assert.Equal(53 * 4, ModelSize.Bytes(model));
        Assert.Throws<ArgumentException>(() => Int8Quantization.Quantize(new Int8Linear(nn.Linear(2, 2), Int8Path.Integer)));
    }

    [Fact]
    public void Distillation_loss_is_zero_when_the_student_copies_the_teacher()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(7);
        var teacher = torch.randn(5, 4);
        var loss = new DistillationLoss(3);
        Assert.Equal(0, loss.forward(teacher.clone(), teacher).item<float>(), 1e-6);
        Assert.True(loss.forward(torch.randn(5, 4), teacher).item<float>() > 0);
        // T² · KL at T = 1 is the cross-entropy against the teacher's probabilities minus their entropy.
        var student = torch.randn(5, 4);
        var p = torch.nn.functional.softmax(teacher, 1);
        var expected = (p * (p.log() - torch.nn.functional.log_softmax(student, 1))).sum(1).mean().item<float>();
        Assert.Equal(expected, new DistillationLoss(1).forward(student, teacher).item<float>(), 1e-5);
        Assert.Throws<ArgumentException>(() => loss.forward(torch.randn(5, 4), torch.zeros(5, dtype: int64)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DistillationLoss(0));
    }

    [Fact]
    public void Latency_runs_warmups_then_the_timed_repeats()
    {
        var calls = 0;
        var result = Latency.Measure("count", () => calls++, repeats: 5, warmup: 2);
        Assert.Equal(7, calls);
        Assert.Equal(5, result.Repeats);
        Assert.Throws<ArgumentOutOfRangeException>(() => Latency.Measure("none", () => { }, repeats: 0));
    }

    [Fact]
    public void Latency_reports_the_median_and_the_fastest_of_the_timings()
    {
        // Unsorted on purpose: the summary must sort, and a stray slow run must not move the median.
        var odd = Latency.Summarize("odd", [5.0, 1.0, 400.0, 2.0, 3.0]);
        Assert.Equal(3.0, odd.MedianMilliseconds);
        Assert.Equal(1.0, odd.MinMilliseconds);
        Assert.Equal(5, odd.Repeats);
        var even = Latency.Summarize("even", [4.0, 1.0, 3.0, 2.0]);
        Assert.Equal((2.0 + 3.0) / 2, even.MedianMilliseconds);
        Assert.Equal(1.0, even.MinMilliseconds);
        Assert.Equal(7.5, Latency.Summarize("one", [7.5]).MedianMilliseconds);
        Assert.Throws<ArgumentException>(() => Latency.Summarize("none", []));
        Assert.Throws<ArgumentException>(() => Latency.Summarize("negative", [1.0, -1.0]));
    }
}
