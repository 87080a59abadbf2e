// Kinds of A_Expr (PG's A_Expr_Kind).
namespace Tusk.Sql.Nodes;

/// <summary>Kind of <see cref="A_Expr"/>.</summary>
public enum A_ExprKind
{
    /// <summary>Binary or prefix operator (Lexpr null for prefix).</summary>
    Op,
    /// <summary>x IS DISTINCT FROM y (Name "=").</summary>
    Distinct,
    /// <summary>x IS NOT DISTINCT FROM y (Name "=").</summary>
    NotDistinct,
    /// <summary>x IN (list) (Name "=") or NOT IN (Name "&lt;&gt;"); RightList holds the list.</summary>
    In,
    /// <summary>LIKE (Name "~~") or NOT LIKE ("!~~"); an ESCAPE makes Rexpr like_escape(pattern, escape).</summary>
    Like,
    /// <summary>ILIKE ("~~*") or NOT ILIKE ("!~~*").</summary>
    ILike,
    /// <summary>SIMILAR TO ("~") or NOT SIMILAR TO ("!~").</summary>
    Similar,
    /// <summary>BETWEEN; RightList holds [low, high].</summary>
    Between,
    NotBetween,
    BetweenSymmetric,
    NotBetweenSymmetric,
    /// <summary>x op ANY (array) / SOME (array); Name is the operator (LIKE ANY is "~~").</summary>
    OpAny,
    /// <summary>x op ALL (array).</summary>
    OpAll,
}
