using System.Globalization;
using ScottPlot;

namespace Tusk.Compare.Reporting;

/// <summary>
/// Draws the ratios of a run as a PNG: one horizontal bar per metric and compared server, from 1.0 to the median
/// ratio, with a black line over the min–max of the per-repetition ratios. Green: better than the baseline,
/// red: worse (by the metric's direction), grey: the min–max range includes 1.
/// </summary>
public static class Chart
{
    const string FontName = "DejaVu Sans";

    public static void Draw(RunReport report, string file)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new List<(string Label, MetricReport Metric, RatioSummary Ratio)>();
        foreach (var w in report.Workloads)
        {
            foreach (var m in w.Metrics)
            {
                foreach (var r in m.Ratios)
                {
                    string who = m.Ratios.Count > 1 ? $" [{r.Name}]" : "";
                    rows.Add(($"{w.Name}: {m.Label} {(m.HigherIsBetter ? "↑" : "↓")}{who}", m, r));
                }
            }
        }
        if (rows.Count == 0)
        {
            throw new InvalidOperationException("nothing to compare (only one server)");
        }

        var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        double maxX = 1.2, minX = 0.8;
        for (int i = 0; i < rows.Count; i++)
        {
            var (label, metric, ratio) = rows[i];
            double y = rows.Count - 1 - i;
            ticks.Add(new Tick(y, label, isMajor: true));
            if (ratio.Ratio.Median is not double median)
            {
                var text = plot.Add.Text("fails (no ratio)", 1.0, y);
                text.LabelFontColor = Colors.Gray;
                text.LabelAlignment = Alignment.MiddleLeft;
                text.LabelFontName = FontName;
                text.OffsetX = 4;
                continue;
            }
            double min = ratio.Ratio.Min!.Value, max = ratio.Ratio.Max!.Value;
            bool better = metric.HigherIsBetter ? median >= 1 : median <= 1;
            bool unclear = min <= 1 && max >= 1;
            bars.Add(new Bar
            {
                Position = y,
                Value = median,
                ValueBase = 1.0,
                FillColor = unclear ? Color.FromHex("#b0b0b0") : better ? Color.FromHex("#4caf50") : Color.FromHex("#e57373"),
                LineColor = Colors.Black.WithAlpha(0.4),
                Size = 0.6,
            });
            var range = plot.Add.Line(min, y, max, y);
            range.LineWidth = 2;
            range.LineColor = Colors.Black;
            range.MarkerSize = 0;
            var value = plot.Add.Text(median.ToString("0.00", CultureInfo.InvariantCulture) + "×", Math.Max(max, median), y);
            value.LabelFontSize = 12;
            value.LabelAlignment = Alignment.MiddleLeft;
            value.OffsetX = 4;
            value.LabelFontName = FontName;
            maxX = Math.Max(maxX, max);
            minX = Math.Min(minX, min);
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        var one = plot.Add.VerticalLine(1.0);
        one.LineColor = Colors.Black;
        one.LinePattern = LinePattern.Dashed;
        one.LineWidth = 1;

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.SetLimitsX(Math.Min(0, minX - 0.1), maxX * 1.15 + 0.1);
        plot.Axes.SetLimitsY(-0.7, rows.Count - 0.3);
        plot.Grid.YAxisStyle.IsVisible = false;
        string baseline = report.Targets[0].Name;
        plot.Title($"bench/compare {report.Timestamp} ({report.Mode}, {report.Repetitions} reps): ratio to {baseline}");
        plot.XLabel("bar: median ratio, line: min–max over repetitions; green better, red worse, grey: range spans 1");
        plot.Font.Set(FontName);
        plot.SavePng(file, 1200, 140 + 46 * rows.Count);
    }
}
