// ALTER TABLE (tablecmds.c AlterTable, in PostgreSQL's three phases): the relation is looked up (IF EXISTS: a
// NOTICE when missing) and every subcommand, in written order, checks its arguments and changes the catalogs at
// once (HeapCatalog.Alter), recording in an AlterWork what the data needs; phase 3 (AlterTableCommands.Rewrite.cs)
// then either rewrites the table into a new relfilenode once (ADD COLUMN with a DEFAULT, ALTER COLUMN TYPE) or
// scans it to verify new NOT NULL and CHECK constraints. Any error aborts the statement and with it every catalog
// change and the new file. DROP COLUMN rewrites nothing: the column is marked dropped and old rows keep its bytes.
// RENAME and SET SCHEMA are separate statements (AlterTableCommands.Rename.cs).
// Entry points: AlterTableCommands.Alter, Rename, SetSchema.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Analysis;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;
using Tusk.Executor.Nodes;
using Tusk.Sql.Nodes;
using Tusk.Sql.Parser;

namespace Tusk.Executor.Commands;

public static partial class AlterTableCommands
{

    /// <summary>What phase 3 must do with the table's rows, gathered from the subcommands.</summary>
    sealed class AlterWork(Relation original)
    {
        /// <summary>The relation as the statement found it (its file and row format are what the rows are in).</summary>
        public Relation Original { get; } = original;

        public bool Rewrite { get; set; }

        /// <summary>New values of columns whose type changed (attnum → expression over Original's live columns).</summary>
        public Dictionary<int, BoundExpr> Conversions { get; } = [];

        /// <summary>Columns that were made NOT NULL (or added NOT NULL): existing rows must have values.</summary>
        public HashSet<int> NewNotNull { get; } = [];

        /// <summary>CHECK constraints added with validation: existing rows must pass.</summary>
        public List<string> NewChecks { get; } = [];
    }

    public static string Alter(AlterTableStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var rel = OpenRelation(s.Relation, s.ObjType, s.MissingOk, ctx);
        string tag = "ALTER " + ObjectWord(s.ObjType);
        if (rel == null)
            return tag;
        if (rel.Kind == RelKind.Table)
            ctx.CheckTableNotInUse(rel, "ALTER TABLE");
        var work = new AlterWork(rel);
        foreach (var cmd in s.Cmds)
        {
            CheckKind(cmd, rel);
            switch (cmd.Subtype)
            {
                case AlterTableType.AddColumn:
                    AddColumn(rel, (ColumnDef)cmd.Def!, cmd.MissingOk, work, ctx);
                    break;
                case AlterTableType.DropColumn:
                    DropColumn(rel, cmd, ctx);
                    break;
                case AlterTableType.ColumnDefault:
                    SetDefault(rel, cmd, ctx);
                    break;
                case AlterTableType.SetNotNull:
                {
                    var col = Column(rel, cmd.Name!);
                    if (!col.NotNull)
                    {
                        HeapCatalog.SetColumnNotNull(ctx.Catalog, rel, col.AttNum, true);
                        work.NewNotNull.Add(col.AttNum);
                    }
                    break;
                }
                case AlterTableType.DropNotNull:
                {
                    var col = Column(rel, cmd.Name!);
                    if (col.NotNull)
                        HeapCatalog.SetColumnNotNull(ctx.Catalog, rel, col.AttNum, false);
                    break;
                }
                case AlterTableType.AlterColumnType:
                    AlterColumnType(rel, (ColumnDef)cmd.Def!, work, ctx);
                    break;
                case AlterTableType.AddConstraint:
                    AddConstraint(rel, (Constraint)cmd.Def!, work, ctx);
                    break;
                case AlterTableType.DropConstraint:
                    if (!HeapCatalog.DropConstraint(ctx.Catalog, rel, cmd.Name!))
                    {
                        string msg = $"constraint \"{cmd.Name}\" of relation \"{rel.Name}\" does not exist";
                        if (!cmd.MissingOk)
                            Throw.Error(SqlState.UndefinedObject, msg);
                        ctx.Notice(SqlState.SuccessfulCompletion, msg + ", skipping");
                    }
                    break;
                case AlterTableType.ChangeOwner:
                    ChangeOwner(rel, cmd.NewOwner!, ctx);
                    break;
                case AlterTableType.SetRelOptions:
                    // Checked as CREATE TABLE ... WITH checks them; like there, nothing uses them yet.
                    foreach (var opt in cmd.Options)
                        TableCommands.CheckStorageOption(opt);
                    break;
                default:
                    foreach (var opt in cmd.Options.Where(o => o.Defname != "fillfactor"))
                        Throw.Error(SqlState.InvalidParameterValue, $"unrecognized parameter \"{opt.Defname}\"");
                    break;
            }
            // The next subcommand sees this one's catalog changes (the cache was cleared by them).
            rel = ctx.Catalog.GetRelation(rel.Oid)!;
        }
        Finish(work, ctx);
        return tag;
    }

    /// <summary>
    /// The relation an ALTER names: 42P01 when missing (IF EXISTS: a NOTICE and null), 42809 when ALTER VIEW /
    /// SEQUENCE names another kind, 42501 for a system catalog.
    /// </summary>
    static Relation? OpenRelation(RangeVar rv, ObjectType type, bool missingOk, ISessionContext ctx)
    {
        var rel = ctx.FindTable(rv.Schema, rv.Name);
        if (rel == null)
        {
            string msg = $"relation \"{TableCommands.QualifiedName(rv.Schema, rv.Name)}\" does not exist";
            if (!missingOk)
                Throw.Error(SqlState.UndefinedTable, msg);
            ctx.Notice(SqlState.SuccessfulCompletion, msg + ", skipping");
            return null;
        }
        if (type == ObjectType.View && rel.Kind != RelKind.View)
            Throw.Error(SqlState.WrongObjectType, $"\"{rv.Name}\" is not a view");
        if (type == ObjectType.Sequence && rel.Kind != RelKind.Sequence)
            Throw.Error(SqlState.WrongObjectType, $"\"{rv.Name}\" is not a sequence");
        TableCommands.CheckNotSystem(rel);
        return rel;
    }

    /// <summary>ATSimplePermissions: column and constraint subcommands need a table.</summary>
    static void CheckKind(AlterTableCmd cmd, Relation rel)
    {
        if (rel.Kind == RelKind.Table || cmd.Subtype is AlterTableType.ChangeOwner or AlterTableType.SetRelOptions
                or AlterTableType.ResetRelOptions)
            return;
        string action = cmd.Subtype switch
        {
            AlterTableType.AddColumn => "ADD COLUMN",
            AlterTableType.DropColumn => "DROP COLUMN",
            AlterTableType.ColumnDefault => "ALTER COLUMN ... SET DEFAULT",
            AlterTableType.SetNotNull => "ALTER COLUMN ... SET NOT NULL",
            AlterTableType.DropNotNull => "ALTER COLUMN ... DROP NOT NULL",
            AlterTableType.AlterColumnType => "ALTER COLUMN ... SET DATA TYPE",
            AlterTableType.AddConstraint => "ADD CONSTRAINT",
            _ => "DROP CONSTRAINT",
        };
        string kinds = rel.Kind switch
        {
            RelKind.Sequence => "sequences",
            RelKind.View => "views",
            RelKind.Index => "indexes",
            RelKind.MatView => "materialized views",
            _ => "this relation kind",
        };
        Throw.Error(SqlState.WrongObjectType, $"ALTER action {action} cannot be performed on relation \"{rel.Name}\"",
            detail: $"This operation is not supported for {kinds}.");
    }

    /// <summary>A live column by name, or 42703 "column "x" of relation "t" does not exist".</summary>
    static RelColumn Column(Relation rel, string name)
    {
        int i = rel.ColumnIndex(name);
        return i >= 0 ? rel.Columns[i] : Throw.Error<RelColumn>(SqlState.UndefinedColumn,
            $"column \"{name}\" of relation \"{rel.Name}\" does not exist");
    }

    static void CheckNewColumnName(Relation rel, string name)
    {
        TableView.CheckNotSystemColumn(name);
        if (rel.ColumnIndex(name) >= 0)
            Throw.Error(SqlState.DuplicateColumn, $"column \"{name}\" of relation \"{rel.Name}\" already exists");
    }

    // ---- columns -------------------------------------------------------------------------------------------------

    static void AddColumn(Relation rel, ColumnDef cd, bool ifNotExists, AlterWork work, ISessionContext ctx)
    {
        if (ifNotExists && rel.ColumnIndex(cd.ColName) >= 0)
        {
            ctx.Notice(SqlState.DuplicateColumn,
                $"column \"{cd.ColName}\" of relation \"{rel.Name}\" already exists, skipping");
            return;
        }
        CheckNewColumnName(rel, cd.ColName);
        if (rel.Columns.Length >= Tusk.Access.Common.TupleDesc.MaxAttributes)
            Throw.Error(SqlState.TooManyColumns, $"tables can have at most {Tusk.Access.Common.TupleDesc.MaxAttributes} columns");
        var checks = rel.Checks.ToList();
        int existing = checks.Count;
        var sequences = new TableSequences(rel.Name, rel.NamespaceOid, ctx);
        var spec = TableCommands.Column(cd, rel.Name, [], checks, sequences);
        if (spec.Default != null && rel.Columns.Any(c => !c.IsDropped && ExprText.References(spec.Default, c.Name)))
            Throw.Error(SqlState.FeatureNotSupported, "cannot use column reference in DEFAULT expression");
        int attnum = HeapCatalog.AddColumn(ctx.Catalog, rel, spec);
        sequences.Create(rel.Oid, attnum);     // serial / identity: the sequence the default names
        if (spec.Default != null)
        {
            var e = BindDefault(rel, spec.Default, spec, ctx);
            if (!(e.Kind == BoundKind.Const && e.Value.IsNull))
                work.Rewrite = true;
        }
        if (spec.NotNull)
            work.NewNotNull.Add(attnum);
        var withColumn = ctx.Catalog.GetRelation(rel.Oid)!;
        foreach (var check in checks.Skip(existing))
            AddCheck(withColumn, check, validate: true, work, ctx);
    }

    /// <summary>
    /// Binds a default as INSERT will (42804 when its type cannot be assigned to the column's; a constant is
    /// converted now, so a bad literal fails the ALTER); it may not use the table's columns.
    /// </summary>
    static BoundExpr BindDefault(Relation rel, string text, ColumnSpec col, ISessionContext ctx)
    {
        if (rel.Columns.Any(c => !c.IsDropped && ExprText.References(text, c.Name)))
            Throw.Error(SqlState.FeatureNotSupported, "cannot use column reference in DEFAULT expression");
        return StoredText(() =>
            new Analyzer(ctx, []).BindAssignment(RawParser.ParseExpression(text), col.Type, col.TypMod, col.Name));
    }

    /// <summary>
    /// Runs a binding of stored expression text (a default, a CHECK): positions in its errors count from the start
    /// of that text, not of the statement, so they are left out.
    /// </summary>
    static BoundExpr StoredText(Func<BoundExpr> bind)
    {
        try
        {
            return bind();
        }
        catch (PgException e) when (e.Position != 0)
        {
            throw new PgException(e.SqlState, e.Message, e.Severity) { Detail = e.Detail, Hint = e.Hint, Context = e.Context };
        }
    }

    static void DropColumn(Relation rel, AlterTableCmd cmd, ISessionContext ctx)
    {
        string name = cmd.Name!;
        if (TableView.IsSystemColumn(name))
            Throw.Error(SqlState.FeatureNotSupported, $"cannot drop system column \"{name}\"");
        int i = rel.ColumnIndex(name);
        if (i < 0)
        {
            string msg = $"column \"{name}\" of relation \"{rel.Name}\" does not exist";
            if (!cmd.MissingOk)
                Throw.Error(SqlState.UndefinedColumn, msg);
            ctx.Notice(SqlState.SuccessfulCompletion, msg + ", skipping");
            return;
        }
        // CHECK constraints that use the column go with it (their dependency on it is automatic).
        foreach (var check in rel.Checks)
            if (ExprText.References(check.Expr, name))
                HeapCatalog.DropConstraint(ctx.Catalog, rel, check.Name);
        HeapCatalog.DropColumn(ctx.Catalog, rel, rel.Columns[i].AttNum);
    }

    static void SetDefault(Relation rel, AlterTableCmd cmd, ISessionContext ctx)
    {
        var col = Column(rel, cmd.Name!);
        if (cmd.Def != null)
            BindDefault(rel, cmd.DefText!, new ColumnSpec(col.Name, col.Type, col.TypMod, col.NotNull, null), ctx);
        HeapCatalog.SetColumnDefault(ctx.Catalog, rel, col.AttNum, cmd.Def != null ? cmd.DefText : null);
        if (cmd.Def != null)
            TableSequences.RecordDefaultDependencies(ctx, rel.Oid, col.AttNum);
    }

    static void AlterColumnType(Relation rel, ColumnDef cd, AlterWork work, ISessionContext ctx)
    {
        var col = Column(rel, cd.ColName);
        if (work.Original.ColumnIndex(col.Name) < 0)
            Throw.Error(SqlState.FeatureNotSupported,
                $"cannot alter type of column \"{col.Name}\" added in the same ALTER TABLE");
        uint type = TypeNames.Resolve(cd.TypeName);
        int typmod = Analyzer.Typmod(cd.TypeName, type);
        if (!TypeStorage.TryGet(type, out _))
            Throw.Error(SqlState.FeatureNotSupported,
                $"columns of type {TypeNames.Display(type)} are not supported yet", position: cd.TypeName.Location + 1);
        var a = new Analyzer(ctx, []);
        a.AddRelation(work.Original.Name, null, new TableView(work.Original, ctx));
        BoundExpr source;
        if (cd.RawDefault is { } usingExpr)
        {
            source = a.Bind(usingExpr);
            if (source.Type != TypeOid.Unknown && !Casts.CanAssign(source.Type, type))
                Throw.Error(SqlState.DatatypeMismatch,
                    $"result of USING clause for column \"{col.Name}\" cannot be cast automatically to type {TypeNames.Display(type)}",
                    hint: "You might need to add an explicit cast.");
        }
        else
        {
            source = a.Bind(new ColumnRef { Fields = [col.Name], Location = cd.Location });
            if (!Casts.CanAssign(source.Type, type))
                Throw.Error(SqlState.DatatypeMismatch,
                    $"column \"{col.Name}\" cannot be cast automatically to type {TypeNames.Display(type)}",
                    hint: $"You might need to specify \"USING {FunctionCatalog.QuoteIdent(col.Name)}::{TypeNames.DisplayWithTypmod(type, typmod)}\".");
        }
        if (col.Default != null)
        {
            // The default as stored is of the old column type (PostgreSQL keeps it coerced to it).
            var d = StoredText(() => new Analyzer(ctx, []).BindAssignment(RawParser.ParseExpression(col.Default), col.Type,
                col.TypMod, col.Name));
            if (!Casts.CanAssign(d.Type, type))
                Throw.Error(SqlState.DatatypeMismatch,
                    $"default for column \"{col.Name}\" cannot be cast automatically to type {TypeNames.Display(type)}");
        }
        work.Conversions[col.AttNum] = a.Coerce(source, type, typmod, false, cd.Location, assignment: true);
        work.Rewrite = true;
        HeapCatalog.SetColumnType(ctx.Catalog, rel, col.AttNum, type, typmod);
    }


    // ---- constraints ---------------------------------------------------------------------------------------------

    static void AddConstraint(Relation rel, Constraint c, AlterWork work, ISessionContext ctx)
    {
        if (c.ConType != ConstrType.Check)
            TableCommands.Unsupported(c);
        string name = c.Conname ?? ChooseCheckName(rel, c.RawExprText!, ctx);
        if (c.Conname != null && HeapCatalog.ConstraintOid(ctx.Catalog, rel.Oid, name) != 0)
            Throw.Error(SqlState.DuplicateObject, $"constraint \"{name}\" for relation \"{rel.Name}\" already exists");
        AddCheck(rel, new CheckSpec(name, c.RawExprText!), !c.SkipValidation, work, ctx);
    }

    /// <summary>Binds the expression now (errors belong to the ALTER), records it, and queues its validation.</summary>
    static void AddCheck(Relation rel, CheckSpec check, bool validate, AlterWork work, ISessionContext ctx)
    {
        BindCheck(rel, check.Expr, ctx);
        HeapCatalog.AddCheckConstraint(ctx.Catalog, rel, check, validate);
        if (validate)
            work.NewChecks.Add(check.Name);
    }

    static BoundExpr BindCheck(Relation rel, string expr, ISessionContext ctx)
    {
        var a = new Analyzer(ctx, []);
        a.AddRelation(rel.Name, null, new TableView(rel, ctx));
        return StoredText(() => a.BindCondition(RawParser.ParseExpression(expr), "check constraints"));
    }

    /// <summary>
    /// ChooseConstraintName as AddRelationNewConstraints uses it: table_column_check when the expression uses one
    /// column, table_check otherwise, with a number added until no constraint of the schema has the name.
    /// </summary>
    static string ChooseCheckName(Relation rel, string expr, ISessionContext ctx)
    {
        var used = rel.Columns.Where(c => !c.IsDropped && ExprText.References(expr, c.Name)).ToList();
        string baseName = used.Count == 1 ? $"{rel.Name}_{used[0].Name}_check" : $"{rel.Name}_check";
        string name = baseName;
        for (int n = 1; HeapCatalog.ConstraintNameUsed(ctx.Catalog, rel.NamespaceOid, name); n++)
            name = baseName + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return name;
    }

    // ---- owner ---------------------------------------------------------------------------------------------------

    static void ChangeOwner(Relation rel, RoleSpec spec, ISessionContext ctx)
    {
        uint owner = spec.RoleType == RoleSpecType.CString
            ? SharedCatalog.FindRole(spec.RoleName!, ctx.Catalog.Snapshot)?.Oid
              ?? Throw.Error<uint>(SqlState.UndefinedObject, $"role \"{spec.RoleName}\" does not exist")
            : spec.RoleType == RoleSpecType.Public
                ? Throw.Error<uint>(SqlState.UndefinedObject, "role \"public\" does not exist")
                : ctx.UserOid;
        uint current = HeapCatalog.RelationOwner(ctx.Catalog, rel.Oid);
        if (current == owner)
            return;
        if (!ctx.IsSuperuser && (current != ctx.UserOid || owner != ctx.UserOid))
            Throw.Error(SqlState.InsufficientPrivilege, $"must be owner of {Noun(rel.Kind)} {rel.Name}");
        HeapCatalog.SetRelationOwner(ctx.Catalog, rel, owner);
    }

    static string Noun(char kind) => kind switch
    {
        RelKind.View => "view",
        RelKind.Sequence => "sequence",
        RelKind.Index => "index",
        _ => "table",
    };

    static string ObjectWord(ObjectType t) => t switch
    {
        ObjectType.View => "VIEW",
        ObjectType.Sequence => "SEQUENCE",
        ObjectType.Index => "INDEX",
        _ => "TABLE",
    };
}
