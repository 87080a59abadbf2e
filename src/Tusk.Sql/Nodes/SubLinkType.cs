// Kinds of subquery expression (PG's SubLinkType).
namespace Tusk.Sql.Nodes;

public enum SubLinkType
{
    /// <summary>EXISTS (SELECT ...).</summary>
    Exists,
    /// <summary>x op ALL (SELECT ...).</summary>
    All,
    /// <summary>x op ANY/SOME (SELECT ...), and x IN (SELECT ...).</summary>
    Any,
    /// <summary>(SELECT ...) as a scalar.</summary>
    Expr,
    /// <summary>ARRAY(SELECT ...).</summary>
    Array,
}
