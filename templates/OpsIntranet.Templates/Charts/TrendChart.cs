using System.Globalization;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Scorecards;
using ScottPlot;

namespace OpsIntranet.Templates.Charts;

/// <summary>A chart ready to place in a document: an encoded caption and SVG markup.</summary>
public sealed record TrendChartModel(string Caption, string Svg);

/// <summary>
/// Draws a metric's monthly trend with ScottPlot: the values as a line, each month's point in its
/// status colour and shape, and the fiscal-year target as a dashed line. The shape carries the status
/// too (circle meets target, diamond within tolerance, cross off target), so a greyscale printout
/// still reads; <see cref="Shared.ChartLegend"/> says so in words. Only numbers and month names go into
/// the SVG; the metric's name is the caption, written by Razor, so no user text reaches the SVG.
/// </summary>
public static class TrendChart
{
    private static readonly Color Green = Color.FromHex("#1e7b34");
    private static readonly Color Amber = Color.FromHex("#d99a00");
    private static readonly Color Red = Color.FromHex("#b3261e");
    private static readonly Color Line = Color.FromHex("#1d4e89");
    private static readonly Color Neutral = Color.FromHex("#5f6b7a");

    public static TrendChartModel Build(MetricTrend trend, int width = 640, int height = 220)
    {
        var caption = $"{trend.Metric.Name} ({MetricFormatting.UnitLabel(trend.Metric.UnitOfMeasure)})";
        return new TrendChartModel(caption, Svg(trend, width, height));
    }

    /// <summary>The marker of a month's status; the legend draws the same shapes.</summary>
    public static MarkerShape Shape(MetricStatus status) => status switch
    {
        MetricStatus.Green => MarkerShape.FilledCircle,
        MetricStatus.Amber => MarkerShape.FilledDiamond,
        MetricStatus.Red => MarkerShape.Eks,
        _ => MarkerShape.OpenCircle,
    };

    public static string Svg(MetricTrend trend, int width, int height)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var points = trend.Points;
        var present = points.Select((p, i) => (p, i)).Where(x => x.p.Value is not null).ToList();

        if (present.Count > 0)
        {
            var line = plot.Add.ScatterLine(present.Select(x => (double)x.i).ToArray(), present.Select(x => (double)x.p.Value!.Value).ToArray());
            line.Color = Line;
            line.LineWidth = 1.5f;
            foreach (var (p, i) in present)
            {
                var marker = plot.Add.Marker(i, (double)p.Value!.Value);
                marker.Color = p.Status switch { MetricStatus.Green => Green, MetricStatus.Amber => Amber, MetricStatus.Red => Red, _ => Neutral };
                marker.Shape = Shape(p.Status);
                // A cross is drawn with strokes only: larger and thicker to weigh as much as the filled shapes.
                marker.Size = p.Status == MetricStatus.Red ? 9 : 7;
                marker.LineWidth = 2;
            }
        }

        var targets = points.Select((p, i) => (p, i)).Where(x => x.p.Target is not null).ToList();
        if (targets.Count > 0 && trend.Metric.Direction != MetricDirection.Informational)
        {
            // Targets change only at fiscal-year boundaries, so draw them as steps.
            var target = plot.Add.ScatterLine(targets.Select(x => (double)x.i).ToArray(), targets.Select(x => (double)x.p.Target!.Value).ToArray());
            target.ConnectStyle = ConnectStyle.StepHorizontal;
            target.Color = Neutral;
            target.LineWidth = 1.2f;
            target.LinePattern = LinePattern.Dashed;
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        // Every third month keeps the axis readable at 24 months; a narrow chart labels every sixth.
        var every = width < 450 ? 6 : 3;
        for (var i = 0; i < points.Count; i++)
        {
            var month = points[i].Month;
            if ((points.Count - 1 - i) % every == 0)
                ticks.AddMajor(i, month.ToString("MMM yy", CultureInfo.InvariantCulture));
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(-0.5, Math.Max(points.Count - 0.5, 0.5));
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Grid.MajorLineColor = Color.FromHex("#e6e9ee");
        if (present.Count == 0) plot.Axes.SetLimitsY(0, 1);
        // A viewBox lets the chart scale to its container on a page and in print.
        var svg = plot.GetSvgXml(width, height);
        var open = svg.IndexOf("<svg", StringComparison.Ordinal);
        return open < 0 ? svg : svg.Insert(open + 4, $" viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"xMidYMid meet\"");
    }
}
