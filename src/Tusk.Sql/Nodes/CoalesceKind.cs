// Functions with special syntax that take a list of same-typed values.
namespace Tusk.Sql.Nodes;

/// <summary>Kind of <see cref="CoalesceExpr"/>.</summary>
public enum CoalesceKind
{
    Coalesce,
    NullIf,
    Greatest,
    Least,
}
