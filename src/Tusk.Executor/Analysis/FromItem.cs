// One relation of the FROM list as the analyser sees it: its reference name, the columns it contributes (with
// the table OID and attnum of each for RowDescription) and where they start in the combined input row.
namespace Tusk.Executor.Analysis;

/// <summary>A FROM-list entry (a leaf: table, view, subquery, function or VALUES).</summary>
internal sealed record FromItem(string RefName, string? Schema, ResultColumn[] Columns, int Offset);
