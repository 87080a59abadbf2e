namespace Tusk.Compare.Workloads;

/// <summary>
/// A dataset that is one table of (id, k, v) rows, k cycling over 1..100 000 and v over 0..996, for the query
/// workloads (<see cref="ParallelQueryWorkload"/>).
/// </summary>
public interface IRowsTable : IDataset
{
    /// <summary>The table's name.</summary>
    string Table { get; }

    /// <summary>Its row count, for the report ("10 M rows (quick: 1 M)").</summary>
    string Size { get; }

    /// <summary>Its row count in this mode.</summary>
    long Rows(bool quick);
}
