using System.Globalization;

namespace Tusk.Compare.Workloads;

/// <summary>
/// <c>bench_where (id int, payload text)</c> with 1 000 rows and no index, made with one multi-row INSERT, then
/// VACUUM ANALYZE and a CHECKPOINT: the table of <see cref="SelectWhereWorkload"/>.
/// </summary>
public sealed class WhereDataset : IDataset
{
    public const int RowCount = 1000;

    public string Name => "bench_where";

    public string Description =>
        $"CREATE TABLE bench_where (id int, payload text); INSERT of {RowCount:N0} rows (id 1..{RowCount}, payload "
        + "'row N'), no index; VACUUM ANALYZE; CHECKPOINT";

    public Task PrepareAsync(WorkloadContext context, CancellationToken ct)
    {
        var values = string.Join(", ", Enumerable.Range(1, RowCount)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"({i}, 'row {i}')")));
        return Sql.ExecuteAsync(
            context,
            [
                "CREATE TABLE bench_where (id int, payload text)",
                "INSERT INTO bench_where (id, payload) VALUES " + values,
                "VACUUM ANALYZE bench_where",
                "CHECKPOINT",
            ],
            ct);
    }
}
