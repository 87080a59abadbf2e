// Command tags of utility statements (PostgreSQL's CreateCommandTag in tcop/utility.c): the name a statement goes
// by in CommandComplete and in "... is not supported yet" for statements that parse but do not run yet.
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
        DeclareCursorStmt => "DECLARE CURSOR",
        FetchStmt f => f.IsMove ? "MOVE" : "FETCH",
        ClosePortalStmt c => c.Portalname == null ? "CLOSE CURSOR ALL" : "CLOSE CURSOR",
        _ => stmt.GetType().Name,
    };

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
        _ => "OBJECT",
    };
}
