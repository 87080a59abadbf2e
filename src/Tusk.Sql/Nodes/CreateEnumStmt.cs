// CREATE TYPE name AS ENUM ('a', 'b', ...).
namespace Tusk.Sql.Nodes;

/// <summary>CREATE TYPE ... AS ENUM.</summary>
public sealed class CreateEnumStmt : Node
{
    public List<string> TypeName { get; init; } = [];
    public List<string> Vals { get; init; } = [];
}
