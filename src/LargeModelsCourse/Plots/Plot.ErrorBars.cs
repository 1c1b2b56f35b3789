using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.TraceObjects;
using FSharpChart = Plotly.NET.Chart;

namespace LargeModelsCourse.Plots;

public static partial class Plot
{
    /// <summary>
    /// Adds symmetric vertical error bars (e.g. ±1 standard deviation over seeds) to every trace of <paramref name="chart"/>,
    /// one bar per point in order. Used where a chapter repeats an experiment over seeds (chapter 13).
    /// </summary>
    public static GenericChart WithErrorBars(GenericChart chart, IEnumerable<double> spread)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(spread);
        var error = Error.init<double, double>(   // visible, type, symmetric, array, arrayminus, then options left unset
            FSharpOption<bool>.Some(true),
            FSharpOption<StyleParam.ErrorType>.Some(StyleParam.ErrorType.Data),
            FSharpOption<bool>.Some(true),
            FSharpOption<IEnumerable<double>>.Some(spread.ToArray()),
            FSharpOption<IEnumerable<double>>.None,
            FSharpOption<EncodedTypedArray>.None,
            FSharpOption<EncodedTypedArray>.None,
            FSharpOption<double>.None,
            FSharpOption<double>.None,
            FSharpOption<int>.None,
            FSharpOption<int>.None,
            FSharpOption<bool>.None,
            FSharpOption<Color>.None,
            FSharpOption<double>.None,
            FSharpOption<double>.None);
        return FSharpChart.withYError(error).Invoke(chart);
    }
}
