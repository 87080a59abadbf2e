// Keyword classes of PostgreSQL's grammar (kwlist.h): they decide where a keyword may be used as a name.
namespace Tusk.Sql.Parser;

/// <summary>How reserved a keyword is.</summary>
public enum KeywordCategory
{
    /// <summary>Usable as any name (ColId, function name, label).</summary>
    Unreserved,
    /// <summary>Usable as a column or table name, not as a function or type name.</summary>
    ColumnName,
    /// <summary>Usable as a function or type name, not as a column name.</summary>
    TypeFuncName,
    /// <summary>Only usable as a column label after AS.</summary>
    Reserved,
}
