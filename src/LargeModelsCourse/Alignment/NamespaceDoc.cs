namespace LargeModelsCourse.Alignment;

/// <summary>
/// Tuning a language model towards preferred answers: log-probabilities of completions and the DPO loss.
/// Taught in chapter 14 ("Alignment and multimodality").
/// </summary>
internal static class NamespaceDoc;
