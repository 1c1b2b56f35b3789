namespace LargeModelsCourse.Models;

/// <summary>
/// Models the later chapters reuse: the tiny GPT built in chapter 09, a classification head on its body, LoRA
/// adapters and the checkpoint chapter 13 saves for chapter 14. Taught in chapters 09 and 13.
/// </summary>
internal static class NamespaceDoc;
