namespace LargeModelsCourse.Translation;

/// <summary>The words of an exercise card around the exercise's own title, hint and requirement, per language.</summary>
/// <param name="Exercise">"Exercise" before the title.</param>
/// <param name="Correct">The verdict when the answer passes.</param>
/// <param name="NotYet">The verdict when it does not yet.</param>
/// <param name="YourAnswerIs">Before the student's answer.</param>
/// <param name="Must">Before a change-and-observe requirement: "must" in "(must converge within 100 steps)".</param>
/// <param name="Hint">Before the hint.</param>
/// <param name="StuckRun">"Stuck? Run" before the call that shows the solution.</param>
/// <param name="ForASolution">After that call.</param>
/// <param name="Solution">The folded solution's summary.</param>
/// <param name="Checked">After it when the solution passed the check.</param>
/// <param name="CheckedAgainst">Before the independent computation.</param>
/// <param name="SolutionNotChecked">Before why the solution could not be checked.</param>
/// <param name="Stop">The full stop that ends a sentence.</param>
public sealed record ExerciseLabels(string Exercise, string Correct, string NotYet, string YourAnswerIs, string Must, string Hint,
    string StuckRun, string ForASolution, string Solution, string Checked, string CheckedAgainst, string SolutionNotChecked, string Stop)
{
    /// <summary>The English card.</summary>
    public static ExerciseLabels English { get; } = new("Exercise", "✅ correct", "⏳ not yet", "your answer is", "must", "Hint:",
        "Stuck? Run", "for a worked solution.", "Solution", "(checked)", "Checked against", "Solution not checked:", ".");

    /// <summary>The Simplified Chinese card.</summary>
    public static ExerciseLabels ChineseSimplified { get; } = new("练习", "✅ 正确", "⏳ 还不对", "你的答案是", "要求", "提示：",
        "卡住了？运行", "查看参考解答。", "参考解答", "（已验证）", "对照计算", "解答未验证：", "。");

    /// <summary>The labels of <paramref name="language"/> (English for a language without its own).</summary>
    public static ExerciseLabels For(string language) =>
        language == CourseLanguage.ChineseSimplified ? ChineseSimplified : English;
}
