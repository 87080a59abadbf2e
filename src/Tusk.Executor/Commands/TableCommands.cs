// CREATE TABLE and DROP TABLE (tablecmds.c DefineRelation / RemoveRelations): names resolved through
// search_path, column types through the type table, INHERITS merged by TableInheritance, column constraints
// (NULL/NOT NULL, DEFAULT, CHECK, identity) and table CHECK constraints recorded in the catalogs (HeapCatalog);
// serial and identity columns get their sequences (TableSequences). Constraints that need an index (PRIMARY KEY,
// UNIQUE) or other objects (REFERENCES) are refused with 0A000 until those exist.
// Entry points: TableCommands.Create, TableCommands.Drop.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Analysis;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class TableCommands
{
    public static string Create(CreateStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var cat = ctx.Catalog;
        var rv = s.Relation;
        if (CreationNamespace(rv, s.OnCommit, s.IfNotExists, ctx) is not { } target)
            return "CREATE TABLE";
        var (ns, persistence) = target;
        foreach (var opt in s.Options)
            CheckStorageOption(opt);

        var columns = new List<ColumnSpec>();
        var checks = new List<CheckSpec>();
        var sequences = new TableSequences(rv.Name, ns, ctx);
        foreach (var elt in s.TableElts)
        {
            switch (elt)
            {
                case ColumnDef cd:
                    columns.Add(Column(cd, rv.Name, columns, checks, sequences));
                    break;
                case Constraint c when c.ConType == ConstrType.Check:
                    checks.Add(new CheckSpec(c.Conname ?? CheckName(rv.Name, null, checks), c.RawExprText!));
                    break;
                case Constraint c:
                    Unsupported(c);
                    break;
                default:
                    Throw.Error(SqlState.FeatureNotSupported, "LIKE is not supported yet", position: elt.Location + 1);
                    break;
            }
        }
        List<Relation> parents = [];
        if (s.InhRelations.Count > 0)
            (columns, parents) = TableInheritance.Merge(s, ctx, columns, checks);
        if (columns.Count > Tusk.Access.Common.TupleDesc.MaxAttributes)
            Throw.Error(SqlState.TooManyColumns, $"tables can have at most {Tusk.Access.Common.TupleDesc.MaxAttributes} columns");
        uint relid = HeapCatalog.Create(cat, ns, rv.Name, RelKind.Table, columns, checks, persistence);
        TableInheritance.Record(cat, relid, parents);
        sequences.Create(relid);
        TempTables.AfterCreate(s.OnCommit, relid, ctx);
        return "CREATE TABLE";
    }

    /// <summary>
    /// The namespace and relpersistence of a new table named by <paramref name="rv"/> (temporary ones: TempTables);
    /// 42P07 if the name is taken, or (IF NOT EXISTS) a NOTICE and null.
    /// </summary>
    internal static (uint Namespace, char Persistence)? CreationNamespace(RangeVar rv, string? onCommit, bool ifNotExists,
        ISessionContext ctx)
    {
        var target = TempTables.CreationNamespace(rv, onCommit, ctx);
        if (ctx.Catalog.LookupRelation(target.Namespace, rv.Name) == 0)
            return target;
        if (!ifNotExists)
            Throw.Error(SqlState.DuplicateTable, $"relation \"{rv.Name}\" already exists");
        ctx.Notice(SqlState.DuplicateTable, $"relation \"{rv.Name}\" already exists, skipping");
        return null;
    }

    internal static ColumnSpec Column(ColumnDef cd, string table, List<ColumnSpec> previous, List<CheckSpec> checks,
        TableSequences sequences)
    {
        if (previous.Any(p => p.Name == cd.ColName))
            Throw.Error(SqlState.DuplicateColumn, $"column \"{cd.ColName}\" specified more than once",
                position: cd.Location + 1);
        Nodes.TableView.CheckNotSystemColumn(cd.ColName);
        uint serial = TableSequences.SerialType(cd.TypeName);
        uint type = serial != 0 ? serial : TypeNames.Resolve(cd.TypeName);
        int typmod = serial != 0 ? -1 : Analyzer.Typmod(cd.TypeName, type);
        if (!TypeStorage.TryGet(type, out _))
            Throw.Error(SqlState.FeatureNotSupported,
                $"columns of type {TypeNames.Display(type)} are not supported yet", position: cd.TypeName.Location + 1);
        bool notNull = false;
        bool sawNull = false;
        string? def = null;
        char identity = '\0';
        var constraints = cd.Constraints;
        if (serial != 0)
        {
            // Like gram.y's serial expansion: a DEFAULT and a NOT NULL after the written constraints, without positions.
            constraints = [.. constraints,
                new Constraint { ConType = ConstrType.Default, RawExprText = sequences.Serial(cd.ColName, type), Location = -1 },
                new Constraint { ConType = ConstrType.NotNull, Location = -1 }];
        }
        foreach (var c in constraints)
        {
            switch (c.ConType)
            {
                case ConstrType.NotNull:
                    if (sawNull)
                        ConflictingNull(cd, table, c);
                    notNull = true;
                    break;
                case ConstrType.Null:
                    if (notNull)
                        ConflictingNull(cd, table, c);
                    sawNull = true;
                    break;
                case ConstrType.Default:
                    if (def != null)
                        Throw.Error(SqlState.SyntaxError,
                            $"multiple default values specified for column \"{cd.ColName}\" of table \"{table}\"",
                            position: c.Location + 1);
                    if (identity != '\0')
                        BothDefaultAndIdentity(cd, table, c);
                    def = c.RawExprText;
                    break;
                case ConstrType.Identity:
                    if (identity != '\0')
                        Throw.Error(SqlState.SyntaxError,
                            $"multiple identity specifications for column \"{cd.ColName}\" of table \"{table}\"",
                            position: c.Location + 1);
                    if (def != null)
                        BothDefaultAndIdentity(cd, table, c);
                    sequences.Identity(cd.ColName, type, c);
                    identity = c.GeneratedWhen;
                    if (sawNull)
                        ConflictingNull(cd, table, c);
                    notNull = true; // implicitly NOT NULL
                    break;
                case ConstrType.Check:
                    checks.Add(new CheckSpec(c.Conname ?? CheckName(table, cd.ColName, checks), c.RawExprText!));
                    break;
                default:
                    Unsupported(c);
                    break;
            }
        }
        return new ColumnSpec(cd.ColName, type, typmod, notNull, def, identity);
    }

    static void BothDefaultAndIdentity(ColumnDef cd, string table, Constraint c) =>
        Throw.Error(SqlState.SyntaxError,
            $"both default and identity specified for column \"{cd.ColName}\" of table \"{table}\"",
            position: c.Location + 1);

    static void ConflictingNull(ColumnDef cd, string table, Constraint c) =>
        Throw.Error(SqlState.SyntaxError,
            $"conflicting NULL/NOT NULL declarations for column \"{cd.ColName}\" of table \"{table}\"",
            position: c.Location + 1);

    /// <summary>PostgreSQL's generated CHECK name: table_column_check (table_check without a column), made unique.</summary>
    static string CheckName(string table, string? column, List<CheckSpec> existing)
    {
        string baseName = column != null ? $"{table}_{column}_check" : $"{table}_check";
        string name = baseName;
        for (int n = 1; existing.Any(e => e.Name == name); n++)
            name = baseName + n;
        return name;
    }

    /// <summary>The relation <paramref name="rv"/> names, as this session may see it; 42P01 when there is none.</summary>
    internal static Relation FindRelation(RangeVar rv, ISessionContext ctx, int position = 0) =>
        ctx.FindTable(rv.Schema, rv.Name) ?? Throw.Error<Relation>(SqlState.UndefinedTable,
            $"relation \"{QualifiedName(rv.Schema, rv.Name)}\" does not exist", position: position);

    /// <summary>A relation name as written, with its schema when one was given (schema.name).</summary>
    internal static string QualifiedName(string? schema, string name) => schema != null ? schema + "." + name : name;

    /// <summary>42501 for a system catalog: DDL and DML on them are refused.</summary>
    internal static void CheckNotSystem(Relation rel)
    {
        if (rel.IsSystem)
            Throw.Error(SqlState.InsufficientPrivilege, $"permission denied: \"{rel.Name}\" is a system catalog");
    }

    internal static void Unsupported(Constraint c)
    {
        string what = c.ConType switch
        {
            ConstrType.Primary => "PRIMARY KEY constraints",
            ConstrType.Unique => "UNIQUE constraints",
            ConstrType.Foreign => "FOREIGN KEY constraints",
            ConstrType.Exclusion => "EXCLUSION constraints",
            ConstrType.Generated => "generated columns",
            _ => "this constraint",
        };
        Throw.Error(SqlState.FeatureNotSupported, $"{what} are not supported yet", position: c.Location + 1);
    }

    internal static void CheckStorageOption(DefElem opt)
    {
        if (opt.Defname != "fillfactor")
            Throw.Error(SqlState.InvalidParameterValue, $"unrecognized parameter \"{opt.Defname}\"");
        if (opt.Arg is not A_Const { Kind: ConstKind.Integer } c || !int.TryParse(c.Text, out int ff))
            Throw.Error(SqlState.InvalidParameterValue, "invalid value for integer option \"fillfactor\"");
        else if (ff < 10 || ff > 100)
            Throw.Error(SqlState.InvalidParameterValue, $"value {ff} out of bounds for option \"fillfactor\"",
                detail: "Valid values are between \"10\" and \"100\".");
    }

    /// <summary>TRUNCATE t1, t2, ...: every table must exist and be a table; each gets a new empty file.</summary>
    public static string Truncate(TruncateStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var rels = new List<Relation>();
        foreach (var rv in s.Relations)
        {
            var rel = FindRelation(rv, ctx);
            if (rel.Kind != RelKind.Table)
                Throw.Error(SqlState.WrongObjectType, $"\"{rel.Name}\" is not a table");
            CheckNotSystem(rel);
            if (!rels.Any(r => r.Oid == rel.Oid))
                rels.Add(rel);
        }
        foreach (var rel in rels)
            ctx.CheckTableNotInUse(rel, "TRUNCATE");
        foreach (var rel in rels)
        {
            HeapCatalog.SetNewRelfilenode(ctx.Catalog, rel);
            if (s.RestartSeqs)
                SequenceCommands.RestartOwned(rel, ctx);
        }
        return "TRUNCATE TABLE";
    }

    /// <summary>
    /// DROP TABLE / VIEW / SEQUENCE / INDEX: each name must exist (or IF EXISTS: a NOTICE) and be of the kind named;
    /// sequences also go through SequenceCommands.CheckDrop (what depends on them).
    /// </summary>
    public static string Drop(DropStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var cat = ctx.Catalog;
        (char kind, string noun, string tag) = s.RemoveType switch
        {
            ObjectType.Table => (RelKind.Table, "table", "DROP TABLE"),
            ObjectType.View => (RelKind.View, "view", "DROP VIEW"),
            ObjectType.Sequence => (RelKind.Sequence, "sequence", "DROP SEQUENCE"),
            ObjectType.Index => (RelKind.Index, "index", "DROP INDEX"),
            _ => Throw.Error<(char, string, string)>(SqlState.FeatureNotSupported, "DROP of this object is not supported yet"),
        };
        var drops = new List<Relation>();
        foreach (var o in s.Objects)
        {
            var names = ((NameList)o).Names;
            string name = names[^1];
            string? schema = names.Count > 1 ? names[^2] : null;
            if (DropMessages.SchemaMissing(ctx, schema, s.MissingOk))
                continue;
            uint oid = cat.RelnameGetRelid(schema, name);
            var rel = oid == 0 ? null : cat.GetRelation(oid);
            if (rel == null)
            {
                if (!s.MissingOk)
                    Throw.Error(SqlState.UndefinedTable, $"{noun} \"{name}\" does not exist");
                ctx.Notice(SqlState.SuccessfulCompletion, $"{noun} \"{name}\" does not exist, skipping");
                continue;
            }
            if (rel.Kind != kind)
                Throw.Error(SqlState.WrongObjectType, $"\"{name}\" is not {(kind == RelKind.Index ? "an" : "a")} {noun}",
                    hint: rel.Kind switch
                    {
                        RelKind.View => "Use DROP VIEW to remove a view.",
                        RelKind.Table => "Use DROP TABLE to remove a table.",
                        RelKind.Sequence => "Use DROP SEQUENCE to remove a sequence.",
                        RelKind.Index => "Use DROP INDEX to remove an index.",
                        _ => null,
                    });
            CheckNotSystem(rel);
            drops.Add(rel);
        }
        if (kind == RelKind.Sequence)
            SequenceCommands.CheckDrop(drops, s.Behavior, ctx);
        int named = drops.Count;
        drops.AddRange(TableInheritance.DropCascade(ctx, drops, s.Behavior));
        drops.InsertRange(0, ViewCommands.DropCascade(ctx, drops, named, s.Behavior));
        foreach (var rel in drops)
            if (rel.Kind == RelKind.Table)
                ctx.CheckTableNotInUse(rel, "DROP TABLE");
        foreach (var rel in drops)
            HeapCatalog.Drop(cat, rel);
        return tag;
    }
}
