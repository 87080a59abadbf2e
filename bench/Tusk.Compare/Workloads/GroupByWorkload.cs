namespace Tusk.Compare.Workloads;

/// <summary>
/// Aggregation: 1 000 groups over every row of bench_rows (10 M, --quick: 1 M), with
/// max_parallel_workers_per_gather 0 (group-by-p0) or 2 (group-by-p2: PostgreSQL plans a Partial HashAggregate
/// under Gather Merge).
/// </summary>
public sealed class GroupByWorkload(int workers, RowsDataset dataset) : ParallelQueryWorkload(workers, dataset)
{
    const int GroupCount = 1000;

    protected override string Family => "group-by";

    protected override string Query => $"SELECT k % {GroupCount} AS g, count(*), sum(v) FROM bench_rows GROUP BY 1";

    protected override string? Check(IReadOnlyList<object[]> rows, long tableRows)
    {
        long counted = rows.Sum(r => Integer(r[1]));
        return rows.Count == GroupCount && counted == tableRows
            ? null
            : $"{rows.Count} groups counting {counted} rows, expected {GroupCount} groups counting {tableRows}";
    }
}
