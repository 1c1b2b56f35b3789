using System.Globalization;
using LargeModelsCourse.Display;

namespace LargeModelsCourse.Distributed;

/// <summary>
/// A network link in the simple "α–β" cost model: sending m bytes takes α + m/B seconds, where α is the
/// latency of one message and B the bandwidth in bytes per second. Links are full duplex: a worker can
/// send and receive at the same time. Taught in chapter 10.
/// </summary>
/// <param name="Name">What the numbers describe, e.g. "100 Gb/s Ethernet".</param>
/// <param name="BytesPerSecond">Bandwidth B of one link, in bytes per second.</param>
/// <param name="LatencySeconds">Latency α of one message, in seconds.</param>
public sealed record Interconnect(string Name, double BytesPerSecond, double LatencySeconds) : IMimeRenderable
{
    /// <inheritdoc/>
    public MimeBundle ToMimeBundle() => Formatting.Text(ToString());

    /// <summary>The time to send <paramref name="bytes"/> in one message: α + m/B. Taught in chapter 10.</summary>
    public double Seconds(double bytes) => LatencySeconds + bytes / BytesPerSecond;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: B = {BytesPerSecond / 1e9:G4} GB/s, α = {LatencySeconds * 1e6:G4} µs");
}

/// <summary>What one synchronisation of the gradients costs under a scheme, for K workers and N values.</summary>
/// <param name="Scheme">"parameter server" or "ring all-reduce".</param>
/// <param name="Workers">K, the number of workers (replicas).</param>
/// <param name="BytesSentPerWorker">Bytes each worker sends.</param>
/// <param name="BytesSentByBusiest">Bytes the busiest machine sends (the server, for a parameter server).</param>
/// <param name="Seconds">Time for one synchronisation under the α–β model.</param>
public sealed record SynchronisationCost(string Scheme, int Workers, double BytesSentPerWorker, double BytesSentByBusiest, double Seconds);

/// <summary>
/// The α–β cost model of averaging gradients across K data-parallel workers, for the two schemes chapter 10
/// compares. N is the number of gradient values, b the bytes per value (4 for fp32, 2 for fp16/bf16).
/// <list type="bullet">
/// <item><b>Parameter server</b> (one server, synchronous): each worker sends its N·b bytes of gradient and receives
/// N·b bytes of new weights; the server receives K·N·b and sends K·N·b through its one link, so
/// T = 2·(α + K·N·b/B): the time grows linearly with K.</item>
/// <item><b>Ring all-reduce</b> (Patarasuk and Yuan 2009; Baidu 2017; NCCL): the vector is cut into K chunks; K−1
/// reduce-scatter steps and K−1 all-gather steps each send one chunk of N·b/K bytes to the next worker in the
/// ring, so each worker sends 2·(K−1)/K·N·b bytes and T = 2·(K−1)·(α + N·b/(K·B)): the bandwidth term approaches
/// 2·N·b/B however many workers there are, the latency term grows with K.</item>
/// </list>
/// Taught in chapter 10.
/// </summary>
public static class CommunicationCost
{
    /// <summary>One synchronous step through a single parameter server. Taught in chapter 10.</summary>
    /// <param name="values">N, the number of gradient values (the model's parameter count).</param>
    /// <param name="workers">K, the number of workers (at least 1).</param>
    /// <param name="bytesPerValue">b: 4 for fp32, 2 for fp16 or bf16.</param>
    /// <param name="link">The network link of every machine.</param>
    public static SynchronisationCost ParameterServer(double values, int workers, double bytesPerValue, Interconnect link)
    {
        Check(values, workers, bytesPerValue, link);
        var vector = values * bytesPerValue;
        // Gradients in: K messages of N·b share the server's inbound link; then weights out the same way.
        var seconds = 2 * (link.LatencySeconds + workers * vector / link.BytesPerSecond);
        return new SynchronisationCost("parameter server", workers, vector, workers * vector, seconds);
    }

    /// <summary>One ring all-reduce (reduce-scatter then all-gather). Taught in chapter 10.</summary>
    /// <param name="values">N, the number of gradient values.</param>
    /// <param name="workers">K, the number of workers in the ring (at least 1; one worker sends nothing).</param>
    /// <param name="bytesPerValue">b: 4 for fp32, 2 for fp16 or bf16.</param>
    /// <param name="link">The network link between neighbours in the ring.</param>
    public static SynchronisationCost RingAllReduce(double values, int workers, double bytesPerValue, Interconnect link)
    {
        Check(values, workers, bytesPerValue, link);
        var vector = values * bytesPerValue;
        var steps = 2.0 * (workers - 1);
        var perWorker = steps * vector / workers;
        var seconds = steps * (link.LatencySeconds + vector / workers / link.BytesPerSecond);
        return new SynchronisationCost("ring all-reduce", workers, perWorker, perWorker, seconds);
    }

    private static void Check(double values, int workers, double bytesPerValue, Interconnect link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!(values > 0) || double.IsInfinity(values))
            throw new ArgumentOutOfRangeException(nameof(values), values, "The number of gradient values N must be a positive number.");
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "There must be at least one worker.");
        if (!(bytesPerValue > 0)) throw new ArgumentOutOfRangeException(nameof(bytesPerValue), bytesPerValue, "Bytes per value must be positive (4 for fp32, 2 for fp16).");
        if (!(link.BytesPerSecond > 0)) throw new ArgumentException($"The link's bandwidth must be positive; got {link.BytesPerSecond}.", nameof(link));
        if (link.LatencySeconds < 0) throw new ArgumentException($"The link's latency cannot be negative; got {link.LatencySeconds}.", nameof(link));
    }
}
