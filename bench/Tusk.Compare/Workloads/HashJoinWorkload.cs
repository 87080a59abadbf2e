namespace Tusk.Compare.Workloads;

/// <summary>
/// Join: every row of bench_rows (10 M, --quick: 1 M) to its key among the 100 000 rows of bench_keys, with an
/// aggregate on top so the result is one row; max_parallel_workers_per_gather 0 (hash-join-p0) or 2
/// (hash-join-p2). PostgreSQL builds a hash table on bench_keys (one batch, about 5 MB) and probes it with
/// bench_rows; with 2 workers each process builds its own copy and scans a part of bench_rows.
/// </summary>
public sealed class HashJoinWorkload(int workers, RowsDataset dataset) : ParallelQueryWorkload(workers, dataset)
{
    protected override string Family => "hash-join";

    protected override string Query =>
        "SELECT count(*), sum(r.v), sum(k.w) FROM bench_rows AS r JOIN bench_keys AS k ON k.id = r.k";

    protected override string? Check(IReadOnlyList<object[]> rows, long tableRows)
    {
        long joined = rows.Count == 1 ? Integer(rows[0][0]) : -1;
        return joined == tableRows ? null : $"{rows.Count} rows, count {joined}, expected one row with count {tableRows}";
    }
}
