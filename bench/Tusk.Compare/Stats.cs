namespace Tusk.Compare;

/// <summary>Order statistics over repetitions (means are avoided on a noisy shared machine).</summary>
public static class Stats
{
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
