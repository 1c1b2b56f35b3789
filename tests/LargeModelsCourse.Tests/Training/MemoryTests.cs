using LargeModelsCourse.Tests.Support;
using LargeModelsCourse.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Training;

[Collection(SerialCollection.Name)]
public class MemoryTests
{
    [Fact]
    public void Live_tensors_stay_flat_however_many_steps_run()
    {
        var (x, y) = TrainingFixtures.Blobs(100, seed: 1);
        var (testX, testY) = TrainingFixtures.Blobs(30, seed: 2);
        var model = TrainingFixtures.Mlp(0);
        var trainer = new Trainer(model, optim.Adam(model.parameters(), lr: 0.01), nn.CrossEntropyLoss());
        var quiet = new TrainingOptions { Progress = TrainingProgress.None };
        var statistics = DisposeScopeManager.Statistics;

        // One epoch first: Adam creates its moment buffers on the first step, and they live on.
        trainer.Fit(x, y, testX, testY, epochs: 1, batchSize: 10, options: quiet);
        trainer.Evaluate(testX, testY);

        // This thread's count of tensors created and not yet disposed. A tensor left to the garbage
        // collector stays in it even after its finalizer runs, so it sees leaks the GC would hide.
        var liveBefore = statistics.ThreadTotalLiveCount;
        var createdBefore = statistics.CreatedInScopeCount;
        trainer.Fit(x, y, testX, testY, epochs: 10, batchSize: 10, options: quiet); // 300 steps
        trainer.Evaluate(testX, testY);
        var liveAfter = statistics.ThreadTotalLiveCount;

        Assert.Equal(11, trainer.History.Count);
        Assert.True(statistics.CreatedInScopeCount - createdBefore > 300 * 5, "the steps should have made (and freed) many tensors");
        Assert.Equal(liveBefore, liveAfter);

        // And the process-wide count of native tensors, once finalizers of earlier tests have run.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var totalBefore = torch.Tensor.TotalCount;
        trainer.Fit(x, y, epochs: 3, batchSize: 10, options: quiet);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(totalBefore, torch.Tensor.TotalCount);
    }
}
