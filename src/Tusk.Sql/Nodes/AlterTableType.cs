// Subcommands of ALTER TABLE (PG's AlterTableType, the forms the grammar accepts).
namespace Tusk.Sql.Nodes;

/// <summary>ALTER TABLE subcommand.</summary>
public enum AlterTableType
{
    /// <summary>ADD [COLUMN] [IF NOT EXISTS] def; Def is a ColumnDef.</summary>
    AddColumn,
    /// <summary>DROP [COLUMN] [IF EXISTS] name.</summary>
    DropColumn,
    /// <summary>ALTER [COLUMN] c SET DEFAULT e (Def) or DROP DEFAULT (Def null).</summary>
    ColumnDefault,
    DropNotNull,
    SetNotNull,
    /// <summary>ALTER [COLUMN] c [SET DATA] TYPE t [COLLATE x] [USING e]; Def is a ColumnDef.</summary>
    AlterColumnType,
    /// <summary>ADD table_constraint; Def is a Constraint.</summary>
    AddConstraint,
    DropConstraint,
    /// <summary>SET (options); Def is null and Options holds the DefElems.</summary>
    SetRelOptions,
    ResetRelOptions,
    /// <summary>OWNER TO role.</summary>
    ChangeOwner,
}
