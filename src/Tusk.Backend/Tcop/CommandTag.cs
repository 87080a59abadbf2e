// Command tags of utility statements (PostgreSQL's CreateCommandTag in tcop/utility.c): the name a statement goes
// by in CommandComplete and in "... is not supported yet" for statements that parse but do not run yet; and which
// utility statements a read-only transaction refuses (ClassifyUtilityCommandAsReadOnly).
using Tusk.Sql.Nodes;

namespace Tusk.Backend.Tcop;

/// <summary>Maps a raw statement to its PostgreSQL command tag.</summary>
internal static class CommandTag
{
    /// <summary>"CREATE TABLE", "DROP DATABASE", "INSERT", ...; the node type name for anything unknown.</summary>
    public static string For(Node stmt) => stmt switch
    {
        SelectStmt => "SELECT",
        InsertStmt => "INSERT",
        UpdateStmt => "UPDATE",
        DeleteStmt => "DELETE",
        CopyStmt => "COPY",
        CreateStmt => "CREATE TABLE",
        CreateRoleStmt => "CREATE ROLE",
        CreateTableAsStmt => "CREATE TABLE AS",
        ViewStmt => "CREATE VIEW",
        CreateSeqStmt => "CREATE SEQUENCE",
        AlterSeqStmt => "ALTER SEQUENCE",
        IndexStmt => "CREATE INDEX",
        CreateSchemaStmt => "CREATE SCHEMA",
        CreatedbStmt => "CREATE DATABASE",
        DropdbStmt => "DROP DATABASE",
        AlterDatabaseSetStmt => "ALTER DATABASE",
        CreateEnumStmt or CreateRangeStmt => "CREATE TYPE",
        AlterEnumStmt => "ALTER TYPE",
        CreateOpClassStmt => "CREATE OPERATOR CLASS",
        CreateFunctionStmt f => f.IsProcedure ? "CREATE PROCEDURE" : "CREATE FUNCTION",
        DropStmt d => "DROP " + ObjectWord(d.RemoveType),
        AlterTableStmt a => "ALTER " + ObjectWord(a.ObjType),
        AlterObjectSchemaStmt a => "ALTER " + ObjectWord(a.ObjectType),
        RenameStmt r => "ALTER " + ObjectWord(r.RenameType is ObjectType.Column or ObjectType.Constraint
            ? r.RelationType : r.RenameType),
        TruncateStmt => "TRUNCATE TABLE",
        CommentStmt => "COMMENT",
        PrepareStmt => "PREPARE",
        ExecuteStmt => "EXECUTE",
        DeallocateStmt d => d.Name == null ? "DEALLOCATE ALL" : "DEALLOCATE",
        ExplainStmt => "EXPLAIN",
        VacuumStmt v => v.IsVacuumcmd ? "VACUUM" : "ANALYZE",
        GrantStmt g => g.IsGrant ? "GRANT" : "REVOKE",
        CreateAggregateStmt => "CREATE AGGREGATE",
        DeclareCursorStmt => "DECLARE CURSOR",
        FetchStmt f => f.IsMove ? "MOVE" : "FETCH",
        ClosePortalStmt c => c.Portalname == null ? "CLOSE CURSOR ALL" : "CLOSE CURSOR",
        _ => stmt.GetType().Name,
    };

    /// <summary>
    /// ClassifyUtilityCommandAsReadOnly's COMMAND_IS_NOT_READ_ONLY: a utility statement that changes catalogs or
    /// data outright, refused in a read-only transaction before it runs (even for temporary objects, and whether or
    /// not the object exists). COPY FROM, EXECUTE and EXPLAIN ANALYZE are checked where they write instead;
    /// VACUUM, ANALYZE, CHECKPOINT, DISCARD, PREPARE, DEALLOCATE, SET and SHOW are allowed.
    /// </summary>
    public static bool IsNotReadOnly(Node stmt) => stmt is CreateStmt or CreateTableAsStmt or ViewStmt or CreateSeqStmt
        or AlterSeqStmt or IndexStmt or CreateSchemaStmt or CreatedbStmt or DropdbStmt or AlterDatabaseSetStmt
        or CreateEnumStmt or CreateRangeStmt or AlterEnumStmt or CreateOpClassStmt or CreateFunctionStmt or DropStmt
        or AlterTableStmt or AlterObjectSchemaStmt or RenameStmt or TruncateStmt or CommentStmt or GrantStmt
        or CreateRoleStmt;

    static string ObjectWord(ObjectType t) => t switch
    {
        ObjectType.Table => "TABLE",
        ObjectType.View => "VIEW",
        ObjectType.MatView => "MATERIALIZED VIEW",
        ObjectType.Sequence => "SEQUENCE",
        ObjectType.Index => "INDEX",
        ObjectType.ForeignTable => "FOREIGN TABLE",
        ObjectType.Schema => "SCHEMA",
        ObjectType.Database => "DATABASE",
        ObjectType.Type => "TYPE",
        ObjectType.Domain => "DOMAIN",
        ObjectType.Function => "FUNCTION",
        ObjectType.Procedure => "PROCEDURE",
        ObjectType.Extension => "EXTENSION",
        ObjectType.Role => "ROLE",
        ObjectType.Aggregate => "AGGREGATE",
        ObjectType.Operator => "OPERATOR",
        ObjectType.Rule => "RULE",
        _ => "OBJECT",
    };
}
