// COPY t [(cols)] FROM/TO {STDIN | STDOUT | 'file' | PROGRAM 'cmd'} [WITH] (options) [WHERE ...], or
// COPY (query) TO .... Old-style options (BINARY, CSV, HEADER, DELIMITER [AS] 'x', NULL [AS] 'x', QUOTE,
// ESCAPE, FORCE QUOTE, FORCE NOT NULL) are turned into the same DefElems as the parenthesised form.
namespace Tusk.Sql.Nodes;

/// <summary>COPY.</summary>
public sealed class CopyStmt : Node
{
    public RangeVar? Relation { get; init; }
    public Node? Query { get; init; }
    public List<string> Attlist { get; init; } = [];
    public bool IsFrom { get; init; }
    public bool IsProgram { get; init; }

    /// <summary>File name or program; null for STDIN / STDOUT.</summary>
    public string? Filename { get; init; }

    public List<DefElem> Options { get; init; } = [];
    public Node? WhereClause { get; init; }
}
