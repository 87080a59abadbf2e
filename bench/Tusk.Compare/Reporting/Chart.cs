namespace Tusk.Compare.Reporting;

/// <summary>Draws the ratio chart (PNG).</summary>
public static class Chart
{
    public static void Draw(RunReport report, string file)
    {
        ArgumentNullException.ThrowIfNull(report);
        throw new NotSupportedException("chart not drawn yet: " + Path.GetFileName(file));
    }
}
