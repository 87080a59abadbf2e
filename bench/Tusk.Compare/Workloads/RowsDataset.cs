using System.Globalization;

namespace Tusk.Compare.Workloads;

/// <summary>
/// The tables of the group-by and hash-join workloads, made with SQL in the cluster's own database:
/// <c>bench_rows</c> with 10 M rows (--quick: 1 M) of (id, k, v), k cycling over 1..100 000 and v over 0..996,
/// and <c>bench_keys</c> with 100 000 rows (id, w); then VACUUM ANALYZE (statistics and the visibility map, so
/// that the planner can choose parallel plans and no query sets hint bits) and a CHECKPOINT.
/// </summary>
public sealed class RowsDataset : IRowsTable
{
    public string Table => "bench_rows";

    public string Size => $"{FullRows / 1_000_000} M rows (quick: {QuickRows / 1_000_000} M)";

    long IRowsTable.Rows(bool quick) => Rows(quick);

    public const long FullRows = 10_000_000;

    public const long QuickRows = 1_000_000;

    /// <summary>Rows of bench_keys, and the distinct values of bench_rows.k.</summary>
    public const long Keys = 100_000;

    public static long Rows(bool quick) => quick ? QuickRows : FullRows;

    public string Name => "bench_rows";

    public string Description =>
        $"CREATE TABLE bench_rows AS SELECT g AS id, g % {Keys} + 1 AS k, g % 997 AS v FROM generate_series(1, N) "
        + $"(N = {FullRows:N0}, quick: {QuickRows:N0}); bench_keys: {Keys:N0} rows (id, w = id % 100); VACUUM ANALYZE; CHECKPOINT";

    public Task PrepareAsync(WorkloadContext context, CancellationToken ct)
    {
        string rows = Rows(context.Quick).ToString(CultureInfo.InvariantCulture);
        string keys = Keys.ToString(CultureInfo.InvariantCulture);
        return Sql.ExecuteAsync(
            context,
            [
                $"CREATE TABLE bench_keys AS SELECT g AS id, g % 100 AS w FROM generate_series(1, {keys}) AS g",
                $"CREATE TABLE bench_rows AS SELECT g AS id, g % {keys} + 1 AS k, g % 997 AS v "
                    + $"FROM generate_series(1, {rows}) AS g",
                "VACUUM ANALYZE bench_keys",
                "VACUUM ANALYZE bench_rows",
                "CHECKPOINT",
            ],
            ct);
    }
}
