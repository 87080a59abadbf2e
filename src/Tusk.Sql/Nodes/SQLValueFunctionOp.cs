// The SQL-standard niladic functions.
namespace Tusk.Sql.Nodes;

/// <summary>Which <see cref="SQLValueFunction"/>.</summary>
public enum SQLValueFunctionOp
{
    CurrentDate,
    CurrentTime,
    CurrentTimestamp,
    LocalTime,
    LocalTimestamp,
    CurrentRole,
    CurrentUser,
    User,
    SessionUser,
    CurrentCatalog,
    CurrentSchema,
}
