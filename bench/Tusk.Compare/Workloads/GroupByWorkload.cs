namespace Tusk.Compare.Workloads;

/// <summary>
/// Aggregation: 1 000 groups over every row of a rows table, with max_parallel_workers_per_gather 0 (FAMILY-p0) or
/// 2 (FAMILY-p2: PostgreSQL plans a Partial HashAggregate under Gather Merge). Over bench_rows (10 M, --quick: 1 M)
/// the family is group-by; over bench_copy_rows (1 M, loaded with COPY, so that a server without CREATE TABLE AS
/// gets as far as the query) it is group-by-1m.
/// </summary>
public sealed class GroupByWorkload(int workers, IRowsTable dataset, string family = "group-by")
    : ParallelQueryWorkload(workers, dataset)
{
    const int GroupCount = 1000;

    protected override string Family => family;

    protected override string Query =>
        $"SELECT k % {GroupCount} AS g, count(*), sum(v) FROM {RowsTable.Table} GROUP BY 1";

    protected override string? Check(IReadOnlyList<object[]> rows, long tableRows)
    {
        long counted = rows.Sum(r => Integer(r[1]));
        return rows.Count == GroupCount && counted == tableRows
            ? null
            : $"{rows.Count} groups counting {counted} rows, expected {GroupCount} groups counting {tableRows}";
    }
}
