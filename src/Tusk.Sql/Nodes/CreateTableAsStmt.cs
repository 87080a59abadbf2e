// CREATE [TEMP] TABLE [IF NOT EXISTS] name [(cols)] AS query [WITH [NO] DATA]; the query is a SELECT (or
// VALUES) or an ExecuteStmt (CREATE TABLE AS EXECUTE name(args)).
namespace Tusk.Sql.Nodes;

/// <summary>CREATE TABLE AS.</summary>
public sealed class CreateTableAsStmt : Node
{
    public required Node Query { get; init; }
    public required IntoClause Into { get; init; }
    public bool IfNotExists { get; init; }
}
