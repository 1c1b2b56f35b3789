namespace LargeModelsCourse.Display;

/// <summary>
/// The handle <see cref="Notebook.display"/> returns, as in Polyglot Notebooks: <see cref="Update"/>
/// replaces the output in place, which is how live training progress redraws a single output.
/// </summary>
public sealed class DisplayedValue
{
    private readonly IDisplaySink sink;

    internal DisplayedValue(string displayId, IDisplaySink sink)
    {
        DisplayId = displayId;
        this.sink = sink;
    }

    /// <summary>The identifier Jupyter's update_display_data uses.</summary>
    public string DisplayId { get; }

    /// <summary>Replaces the displayed output with <paramref name="value"/>, formatted as display formats it.</summary>
    public void Update(object? value) => sink.Update(DisplayId, Formatting.ToMimeBundle(value));

    /// <inheritdoc/>
    public override string ToString() => $"display {DisplayId}";
}
