using System.Globalization;
using OpsIntranet.Core.Storm;
using ScottPlot;

namespace OpsIntranet.Templates.Charts;

/// <summary>
/// A storm event's shifts so far: calls offered as bars (left scale) and the abandon rate as a line (right scale, %).
/// Drawn like <see cref="TrendChart"/> (ScottPlot to an SVG with a viewBox, numbers and shift labels only in the SVG).
/// </summary>
public static class ShiftCallsChart
{
    private static readonly Color Bars = Color.FromHex("#9db7d5");
    private static readonly Color Line = Color.FromHex("#b3261e");

    public static TrendChartModel Build(IReadOnlyList<SitrepShiftPoint> points, int width = 680, int height = 230)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var bars = plot.Add.Bars(points.Select(p => (double)p.CallsOffered).ToArray());
        bars.Color = Bars;
        var rated = points.Select((p, i) => (p, i)).Where(x => x.p.AbandonRate is not null).ToList();
        if (rated.Count > 0)
        {
            var line = plot.Add.Scatter(rated.Select(x => (double)x.i).ToArray(), rated.Select(x => (double)x.p.AbandonRate!.Value).ToArray());
            line.Color = Line;
            line.LineWidth = 1.5f;
            line.MarkerSize = 5;
            line.Axes.YAxis = plot.Axes.Right;
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        // Every shift when they fit; every second or third on a long event.
        var every = Math.Max(1, (int)Math.Ceiling(points.Count / 14.0));
        for (var i = 0; i < points.Count; i += every)
        {
            var local = StormTime.ToEastern(points[i].StartsAt);
            ticks.AddMajor(i, $"{points[i].Label} {local.ToString("M/d HH", CultureInfo.InvariantCulture)}h");
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(-0.6, Math.Max(points.Count - 0.4, 0.6));
        plot.Axes.Left.Label.Text = "Calls offered";
        plot.Axes.Right.Label.Text = "Abandon rate (%)";
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        plot.Axes.Right.TickLabelStyle.FontSize = 11;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
        plot.Axes.Left.Label.FontSize = 11;
        plot.Axes.Right.Label.FontSize = 11;
        plot.Axes.SetLimitsY(0, Math.Max(1, points.Max(p => p.CallsOffered)) * 1.1, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(5, rated.Count == 0 ? 5 : (double)rated.Max(x => x.p.AbandonRate!.Value)) * 1.2, plot.Axes.Right);
        plot.Grid.MajorLineColor = Color.FromHex("#e6e9ee");
        var svg = plot.GetSvgXml(width, height);
        var open = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = open < 0 ? svg : svg.Insert(open + 4, $" viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"xMidYMid meet\"");
        return new TrendChartModel("Calls offered and abandon rate per shift, the event so far", svg);
    }
}
