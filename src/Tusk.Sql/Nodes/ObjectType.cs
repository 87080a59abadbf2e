// Kinds of database objects named by DROP, COMMENT, RENAME, GRANT (PG's ObjectType, the subset the grammar
// accepts today).
namespace Tusk.Sql.Nodes;

/// <summary>Object kind.</summary>
public enum ObjectType
{
    Table,
    View,
    MatView,
    Sequence,
    Index,
    ForeignTable,
    Schema,
    Database,
    Type,
    Domain,
    Function,
    Aggregate,
    Operator,
    Rule,
    Procedure,
    Column,
    Constraint,
    Extension,
    Role,
}
