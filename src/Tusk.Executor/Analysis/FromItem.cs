// One relation of the FROM list as the analyser sees it: its reference name, the columns it contributes (with
// the table OID and attnum of each for RowDescription) and where they start in the combined input row. A heap
// table is marked IsTable; when the statement is planned with system columns its rows carry them after its own
// columns, from SystemOffset (-1: not carried).
namespace Tusk.Executor.Analysis;

/// <summary>A FROM-list entry (a leaf: table, view, subquery, function or VALUES).</summary>
internal sealed record FromItem(string RefName, string? Schema, ResultColumn[] Columns, int Offset, bool IsTable = false,
    int SystemOffset = -1);
