using System.Globalization;

namespace Tusk.Compare.Workloads;

/// <summary>
/// <c>bench_copy_rows</c>: the rows of <see cref="RowsDataset"/> (id, k = id % 100 000 + 1, v = id % 997), 1 M of them
/// in both modes, made with plain statements every server here has: CREATE TABLE, then COPY FROM STDIN (text, sent
/// by the harness), VACUUM ANALYZE and a CHECKPOINT. Used by group-by-1m, whose point is the query.
/// </summary>
public sealed class CopyRowsDataset : IRowsTable
{
    public const long RowCount = 1_000_000;

    public string Name => "bench_copy_rows";

    public string Table => "bench_copy_rows";

    public string Size => $"{RowCount / 1_000_000} M rows (also with --quick)";

    public string Description =>
        $"CREATE TABLE bench_copy_rows (id int, k int, v int); COPY FROM STDIN of {RowCount:N0} rows "
        + $"(k = id % {RowsDataset.Keys} + 1, v = id % 997); VACUUM ANALYZE; CHECKPOINT";

    public long Rows(bool quick) => RowCount;

    public async Task PrepareAsync(WorkloadContext context, CancellationToken ct)
    {
        await Sql.ExecuteAsync(context, ["CREATE TABLE bench_copy_rows (id int, k int, v int)"], ct)
            .ConfigureAwait(false);
        await using (var dataSource = context.CreateDataSource())
        await using (var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false))
        await using (var writer = await conn.BeginTextImportAsync("COPY bench_copy_rows (id, k, v) FROM STDIN", ct)
            .ConfigureAwait(false))
        {
            for (long g = 1; g <= RowCount; g++)
            {
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{g}\t{g % RowsDataset.Keys + 1}\t{g % 997}\n")).ConfigureAwait(false);
            }
        }
        await Sql.ExecuteAsync(context, ["VACUUM ANALYZE bench_copy_rows", "CHECKPOINT"], ct).ConfigureAwait(false);
    }
}
