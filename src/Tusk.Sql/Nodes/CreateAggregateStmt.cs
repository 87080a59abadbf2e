// CREATE [OR REPLACE] AGGREGATE name (argument types) (definition), or the old form
// CREATE AGGREGATE name (sfunc = f, basetype = t, stype = t, ...). Args is null for the old form and empty for
// (*); the definition's DefElems carry a TypeName (function and type names), an A_Const, or null.
namespace Tusk.Sql.Nodes;

/// <summary>CREATE AGGREGATE (PG's DefineStmt of kind OBJECT_AGGREGATE).</summary>
public sealed class CreateAggregateStmt : Node
{
    public List<string> Name { get; init; } = [];
    public List<FunctionParameter>? Args { get; init; }
    public List<DefElem> Definition { get; init; } = [];
    public bool Replace { get; init; }
}
