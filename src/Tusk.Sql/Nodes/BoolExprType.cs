// Boolean connectives.
namespace Tusk.Sql.Nodes;

/// <summary>AND, OR, NOT.</summary>
public enum BoolExprType
{
    And,
    Or,
    Not,
}
