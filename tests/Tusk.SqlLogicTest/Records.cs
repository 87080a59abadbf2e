namespace Tusk.SqlLogicTest;

/// <summary>How the rows of a query are ordered before they are compared.</summary>
public enum SortMode
{
    /// <summary>Rows compared in the order the server returned them.</summary>
    NoSort,

    /// <summary>Rows sorted by their rendered values, column by column (ordinal).</summary>
    RowSort,

    /// <summary>All values sorted individually (ordinal), ignoring row boundaries.</summary>
    ValueSort,
}

/// <summary>A <c>skipif ENGINE</c> (<see cref="OnlyIf"/> false) or <c>onlyif ENGINE</c> line before a record.</summary>
public sealed record Condition(bool OnlyIf, string Engine);

/// <summary>One record of a .test file.</summary>
public abstract record SltRecord
{
    /// <summary>1-based line of the record's header line.</summary>
    public int Line { get; init; }

    public IReadOnlyList<Condition> Conditions { get; init; } = [];
}

/// <summary><c>statement ok</c> or <c>statement error [expected]</c>.</summary>
public sealed record StatementRecord : SltRecord
{
    public required string Sql { get; init; }

    /// <summary>Connection name, or null for the default connection.</summary>
    public string? Connection { get; init; }

    public bool ExpectError { get; init; }

    /// <summary>SQLSTATE or message substring the error must match; null or empty: any error.</summary>
    public string? ExpectedError { get; init; }
}

/// <summary><c>query TYPES [sortmode] [label]</c> with its expected result.</summary>
public sealed record QueryRecord : SltRecord
{
    public required string Sql { get; init; }

    public string? Connection { get; init; }

    /// <summary>One character per column: I, R or T.</summary>
    public required string Types { get; init; }

    public SortMode Sort { get; init; }

    public string? Label { get; init; }

    /// <summary>The lines after <c>----</c> (trimmed), unless the result is given as a hash.</summary>
    public IReadOnlyList<string> ExpectedLines { get; init; } = [];

    /// <summary>For <c>N values hashing to MD5</c>: N.</summary>
    public int? HashValueCount { get; init; }

    /// <summary>For <c>N values hashing to MD5</c>: the lower-case MD5.</summary>
    public string? Hash { get; init; }
}

/// <summary><c>hash-threshold N</c>.</summary>
public sealed record HashThresholdRecord(int Threshold) : SltRecord;

/// <summary><c>halt</c>: stop reading the file.</summary>
public sealed record HaltRecord : SltRecord;

/// <summary>A directive this runner does not know; running it fails, so nothing is silently ignored.</summary>
public sealed record UnsupportedRecord(string Text) : SltRecord;
