using LargeModelsCourse.Display;
using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Training;

/// <summary>Small real problems and models for the trainer's tests.</summary>
internal static class TrainingFixtures
{
    /// <summary>
    /// Three Gaussian blobs in the plane (synthetic, linearly separable up to a little overlap):
    /// class c is centred at a fixed point with standard deviation 0.5.
    /// </summary>
    public static (Tensor X, Tensor Y) Blobs(int perClass, int seed)
    {
        using var generator = new Generator((ulong)seed);
        var centres = torch.tensor(new float[,] { { -2f, 0f }, { 2f, 0f }, { 0f, 2.5f } });
        var y = torch.arange(3, dtype: int64).repeat_interleave(perClass);
        var x = centres.index_select(0, y) + 0.5f * torch.randn(new long[] { 3L * perClass, 2 }, generator: generator);
        return (x, y);
    }

    /// <summary>A 2-16-3 multilayer perceptron, its weights drawn after seeding TorchSharp with <paramref name="seed"/>.</summary>
    public static nn.Module<Tensor, Tensor> Mlp(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3));
    }
}

/// <summary>A display sink that records every call, to check what the trainer shows.</summary>
internal sealed class RecordingSink : IDisplaySink
{
    public List<(string Kind, string Id, MimeBundle Bundle)> Calls { get; } = [];

    /// <summary>Runs after each recorded Update (e.g. to cancel training).</summary>
    public Action<int>? OnUpdate { get; set; }

    public void Display(string displayId, MimeBundle bundle) => Calls.Add(("display", displayId, bundle));

    public void Update(string displayId, MimeBundle bundle)
    {
        Calls.Add(("update", displayId, bundle));
        OnUpdate?.Invoke(Calls.Count(c => c.Kind == "update"));
    }
}

/// <summary>Restores the notebook's sink and cancellation token after a test changes them.</summary>
internal sealed class NotebookState : IDisposable
{
    private readonly IDisplaySink sink = Notebook.Sink;
    private readonly CancellationToken cancellation = Notebook.Cancellation;

    public void Dispose()
    {
        Notebook.Sink = sink;
        Notebook.Cancellation = cancellation;
    }
}
