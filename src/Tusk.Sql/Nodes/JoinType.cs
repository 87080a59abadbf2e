// Kinds of join (PG's JoinType as the parser sees them); CROSS JOIN is an inner join without a condition.
namespace Tusk.Sql.Nodes;

public enum JoinType
{
    Inner,
    Left,
    Right,
    Full,
}
