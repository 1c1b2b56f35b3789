using LargeModelsCourse.Training;

namespace LargeModelsCourse.Responsible;

/// <summary>
/// A binary classifier's behaviour on one group of people, read off that group's confusion matrix
/// (row = true class, column = predicted class, class 1 = the favourable outcome). Taught in chapter 12.
/// </summary>
/// <param name="Group">The group's name.</param>
/// <param name="Confusion">The group's 2×2 confusion matrix.</param>
public sealed record GroupRates(string Group, ConfusionMatrix Confusion)
{
    /// <summary>Members of the group.</summary>
    public long Count => Confusion.Total;

    /// <summary>P(y = 1 | group): how often the favourable outcome is true in the data.</summary>
    public double BaseRate => Ratio(Confusion[1, 0] + Confusion[1, 1], Count);

    /// <summary>P(ŷ = 1 | group): how often the model grants the favourable outcome (the selection rate).</summary>
    public double SelectionRate => Ratio(Confusion[0, 1] + Confusion[1, 1], Count);

    /// <summary>P(ŷ = 1 | y = 1, group): the true-positive rate, the share of deserving members the model selects.</summary>
    public double TruePositiveRate => Ratio(Confusion[1, 1], Confusion[1, 0] + Confusion[1, 1]);

    /// <summary>P(ŷ = 1 | y = 0, group): the false-positive rate.</summary>
    public double FalsePositiveRate => Ratio(Confusion[0, 1], Confusion[0, 0] + Confusion[0, 1]);

    /// <summary>The share of the group classified correctly.</summary>
    public double Accuracy => Confusion.Accuracy;

    private static double Ratio(long part, long whole) => whole == 0 ? double.NaN : (double)part / whole;
}

/// <summary>
/// Group fairness metrics of a binary classifier (see Barocas, Hardt and Narayanan, <i>Fairness and Machine Learning</i>,
/// fairmlbook.org, ch. 3): <b>demographic parity</b> asks that every group is selected at the same rate; <b>equal
/// opportunity</b> (Hardt, Price and Srebro 2016, arXiv:1610.02413) asks that every group's deserving members are
/// selected at the same rate. Both are differences of rates, so they lie in [−1, 1], and 0 means parity. When the
/// groups' base rates differ, no classifier better than chance can satisfy every such criterion at once
/// (Kleinberg, Mullainathan and Raghavan 2016; Chouldechova 2017). Taught in chapter 12.
/// </summary>
public static class GroupFairness
{
    /// <summary>Each group's confusion matrix and rates, groups in order of first appearance. Taught in chapter 12.</summary>
    /// <param name="labels">True outcomes, 0 or 1.</param>
    /// <param name="predictions">Predicted outcomes, 0 or 1.</param>
    /// <param name="groups">Each person's group.</param>
    public static IReadOnlyList<GroupRates> ByGroup(IReadOnlyList<long> labels, IReadOnlyList<long> predictions, IReadOnlyList<string> groups)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(groups);
        if (labels.Count != predictions.Count || labels.Count != groups.Count)
            throw new ArgumentException($"Give one label, prediction and group per person: {labels.Count} labels, {predictions.Count} predictions, {groups.Count} groups.");
        var bad = Enumerable.Range(0, labels.Count).FirstOrDefault(i => labels[i] is not (0 or 1) || predictions[i] is not (0 or 1), -1);
        if (bad >= 0)
            throw new ArgumentException($"Outcomes must be 0 or 1; person {bad} has label {labels[bad]} and prediction {predictions[bad]}.");
        return groups.Distinct().Select(g =>
        {
            var members = Enumerable.Range(0, groups.Count).Where(i => groups[i] == g).ToArray();
            return new GroupRates(g, ConfusionMatrix.From(members.Select(i => labels[i]).ToArray(), members.Select(i => predictions[i]).ToArray(), 2, ["0", "1"]));
        }).ToList();
    }

    /// <summary>Demographic parity difference: P(ŷ = 1 | a) − P(ŷ = 1 | b). Taught in chapter 12.</summary>
    public static double DemographicParityDifference(GroupRates a, GroupRates b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.SelectionRate - b.SelectionRate;
    }

    /// <summary>Equal opportunity difference: P(ŷ = 1 | y = 1, a) − P(ŷ = 1 | y = 1, b). Taught in chapter 12.</summary>
    public static double EqualOpportunityDifference(GroupRates a, GroupRates b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.TruePositiveRate - b.TruePositiveRate;
    }
}
