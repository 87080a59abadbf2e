// A generic option: name [= value], as in WITH (fillfactor = 70), COPY's (FORMAT csv), EXPLAIN's (COSTS off),
// sequence options and CREATE DATABASE options. Defname is lower case; Arg is an A_Const (string, number,
// boolean), a TypeName (AS type), a NameList, or null when the option was written without a value.
namespace Tusk.Sql.Nodes;

/// <summary>A name = value option (PG's DefElem).</summary>
public sealed class DefElem : Node
{
    public required string Defname { get; init; }
    public Node? Arg { get; init; }
}
