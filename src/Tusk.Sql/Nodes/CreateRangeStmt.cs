// CREATE TYPE name AS RANGE (subtype = t [, subtype_opclass = c] [, collation = c] [, canonical = f]
// [, subtype_diff = f] [, multirange_type_name = n]). Params are DefElems whose Arg is a TypeName (type, function
// or collation names written as names), an A_Const, or null.
namespace Tusk.Sql.Nodes;

/// <summary>CREATE TYPE ... AS RANGE.</summary>
public sealed class CreateRangeStmt : Node
{
    public List<string> TypeName { get; init; } = [];
    public List<DefElem> Params { get; init; } = [];
}
