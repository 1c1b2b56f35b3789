namespace LargeModelsCourse.Multimodal;

/// <summary>
/// Models that read more than one kind of input: the contrastive (CLIP-style) loss that puts images and captions
/// in one embedding space. Taught in chapter 14 ("Alignment and multimodality").
/// </summary>
internal static class NamespaceDoc;
