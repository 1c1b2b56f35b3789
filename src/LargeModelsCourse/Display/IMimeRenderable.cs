namespace LargeModelsCourse.Display;

/// <summary>A course type that knows how to show itself (exercise results, progress boards, tables).</summary>
public interface IMimeRenderable
{
    /// <summary>The representations of this value; always includes <c>text/plain</c>.</summary>
    MimeBundle ToMimeBundle();
}
