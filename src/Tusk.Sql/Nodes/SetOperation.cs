// Set operations of a SelectStmt (PG's SetOperation).
namespace Tusk.Sql.Nodes;

public enum SetOperation
{
    None,
    Union,
    Intersect,
    Except,
}
