// Literal classes of A_Const.
namespace Tusk.Sql.Nodes;

/// <summary>Kind of <see cref="A_Const"/> value.</summary>
public enum ConstKind
{
    /// <summary>Integer literal that fits int4.</summary>
    Integer,
    /// <summary>Any other numeric literal (decimal point, exponent or too large for int4); Text as written.</summary>
    Float,
    String,
    Bool,
    Null,
    /// <summary>B'...' (Text "b0101") or X'...' (Text "x1F"), PG's BCONST form.</summary>
    BitString,
}
