// Sequences (commands/sequence.c): CREATE / ALTER / DROP SEQUENCE, the functions nextval, currval, setval and
// lastval, and what tables need of them (serial and identity columns: TableSequences; TRUNCATE ... RESTART
// IDENTITY). A sequence is a relation of kind 'S' with a pg_class row, its parameters in pg_sequence and one row in
// its own file (Tusk.Access/Sequence/SequencePage: values change in place under the buffer lock, WAL-logged ahead).
// Transactional: CREATE, DROP and ALTER (an ALTER that changes how values are generated writes the row into a new
// file, as TRUNCATE does); not transactional: nextval and setval. Per-session state (currval, lastval, values
// fetched ahead for CACHE > 1) is ISessionContext.Sequences. See Commands/README.md.
// Entry points: Create, Alter, CheckDrop (DROP SEQUENCE is TableCommands.Drop), NextVal, CurrVal, SetVal, LastVal,
// RestartOwned, IdentityDefault.
using Tusk.Access.Sequence;
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Analysis;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class SequenceCommands
{
    static readonly ColumnSpec[] Columns =
    [
        new("last_value", TypeOid.Int8, -1, true, null), new("log_cnt", TypeOid.Int8, -1, true, null),
        new("is_called", TypeOid.Bool, -1, true, null),
    ];

    // ---- CREATE / ALTER / DROP SEQUENCE -------------------------------------------------------------------------

    public static string Create(CreateSeqStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var rv = s.Sequence;
        if (rv.Persistence != 'p')
            Throw.Error(SqlState.FeatureNotSupported,
                $"{(rv.Persistence == 't' ? "temporary" : "unlogged")} sequences are not supported yet",
                position: rv.Location + 1);
        var cat = ctx.Catalog;
        uint ns = rv.Schema != null ? cat.GetNamespace(rv.Schema, rv.Location + 1) : cat.CreationNamespace(rv.Location + 1);
        if (s.IfNotExists && cat.LookupRelation(ns, rv.Name) != 0)
        {
            ctx.Notice(SqlState.DuplicateTable, $"relation \"{rv.Name}\" already exists, skipping");
            return "CREATE SEQUENCE";
        }
        var options = SequenceOptions.Parse(s.Options, forIdentity: false);
        var (form, data) = options.Apply(isInit: true, forIdentity: false, default, default);
        if (cat.LookupRelation(ns, rv.Name) != 0)
            Throw.Error(SqlState.DuplicateTable, $"relation \"{rv.Name}\" already exists");
        uint oid = Define(ctx, ns, rv.Name, form, data);
        if (options.OwnedBy != null)
            SetOwnedBy(ctx, cat.GetRelation(oid)!, options.OwnedBy);
        return "CREATE SEQUENCE";
    }

    /// <summary>DefineSequence: the relation, its first page and its pg_sequence row; returns its OID.</summary>
    internal static uint Define(ISessionContext ctx, uint ns, string name, SequenceForm form, SequenceData data)
    {
        var cat = ctx.Catalog;
        uint oid = HeapCatalog.Create(cat, ns, name, RelKind.Sequence, Columns);
        SequencePage.Fill(cat.GetRelation(oid)!.Locator, data, ctx.Xact);
        CatalogIO.Insert(SystemCatalogs.PgSequence, cat.DatabaseOid, cat, form.ToRow(oid));
        return oid;
    }

    public static string Alter(AlterSeqStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var rv = s.Sequence;
        var cat = ctx.Catalog;
        uint oid = cat.RelnameGetRelid(rv.Schema, rv.Name);
        var rel = oid == 0 ? null : cat.GetRelation(oid);
        if (rel == null)
        {
            if (!s.MissingOk)
                Throw.Error(SqlState.UndefinedTable, $"relation \"{TableCommands.QualifiedName(rv.Schema, rv.Name)}\" does not exist");
            ctx.Notice(SqlState.SuccessfulCompletion, $"relation \"{rv.Name}\" does not exist, skipping");
            return "ALTER SEQUENCE";
        }
        if (rel.Kind != RelKind.Sequence)
            Throw.Error(SqlState.WrongObjectType, $"\"{rel.Name}\" is not a sequence");
        var entry = Open(rel.Oid, ctx).Entry;
        var options = SequenceOptions.Parse(s.Options, forIdentity: false);
        var (form, data) = options.Apply(isInit: false, forIdentity: false, entry.Form, SequencePage.Read(rel.Locator));
        if (options.NeedRewrite)
            Rewrite(ctx, rel, data);
        entry.Cached = entry.Last; // values fetched ahead follow the old parameters
        if (options.OwnedBy != null)
            SetOwnedBy(ctx, rel, options.OwnedBy);
        var c = SystemCatalogs.PgSequence;
        var row = cat.Scan(c, r => V.AsOid(r[0]) == oid).Single();
        CatalogIO.Update(c, cat.DatabaseOid, cat, row.Tid, form.ToRow(oid));
        return "ALTER SEQUENCE";
    }

    /// <summary>
    /// Gives the sequence a new file holding <paramref name="data"/> (transactional: the old file stays until
    /// commit and comes back on abort).
    /// </summary>
    static void Rewrite(ISessionContext ctx, Relation rel, SequenceData data)
    {
        HeapCatalog.SetNewRelfilenode(ctx.Catalog, rel);
        SequencePage.Fill(ctx.Catalog.GetRelation(rel.Oid)!.Locator, data with { LogCnt = 0 }, ctx.Xact);
    }

    /// <summary>ResetSequence for each sequence owned by <paramref name="table"/>'s columns (TRUNCATE ... RESTART IDENTITY).</summary>
    public static void RestartOwned(Relation table, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(ctx);
        foreach (var owned in Dependency.OwnedSequences(ctx.Catalog, table.Oid))
        {
            var (entry, rel) = Open(owned.Sequence, ctx);
            Rewrite(ctx, rel, new SequenceData(entry.Form.Start, 0, false));
            entry.Cached = entry.Last;
        }
    }

    /// <summary>
    /// What DROP SEQUENCE checks once TableCommands.Drop has found the sequences: an identity column's sequence
    /// goes only with its column; column defaults naming a sequence stop the drop, or are dropped first under CASCADE.
    /// </summary>
    internal static void CheckDrop(List<Relation> drops, DropBehavior behavior, ISessionContext ctx)
    {
        var cat = ctx.Catalog;
        foreach (var rel in drops)
        {
            if (Dependency.Owner(cat, rel.Oid) is { Type: Dependency.Internal } owner)
            {
                string col = ColumnName(cat, owner.Table, owner.Column);
                string table = cat.GetRelation(owner.Table)?.Name ?? owner.Table.ToString();
                Throw.Error(SqlState.DependentObjectsStillExist,
                    $"cannot drop sequence {rel.Name} because column {col} of table {table} requires it",
                    hint: $"You can drop column {col} of table {table} instead.");
            }
        }
        var dependents = new List<(string Text, uint Table, int Column)>();
        foreach (var rel in drops)
        {
            foreach (var (table, column) in Dependency.DefaultsUsing(cat, rel.Oid))
            {
                string text = $"default value for column {ColumnName(cat, table, column)} of table " +
                              $"{cat.GetRelation(table)?.Name ?? table.ToString()}";
                dependents.Add(($"{text} depends on sequence {rel.Name}", table, column));
            }
        }
        if (dependents.Count > 0 && behavior != DropBehavior.Cascade)
            Throw.Error(SqlState.DependentObjectsStillExist, DropMessages.CannotDrop(drops.Count, $"sequence {drops[0].Name}"),
                detail: string.Join("\n", dependents.Select(d => d.Text)),
                hint: "Use DROP ... CASCADE to drop the dependent objects too.");
        if (dependents.Count > 0)
        {
            ctx.Notice(SqlState.SuccessfulCompletion, dependents.Count == 1
                ? "drop cascades to " + dependents[0].Text[..dependents[0].Text.IndexOf(" depends on ", StringComparison.Ordinal)]
                : $"drop cascades to {dependents.Count} other objects");
            foreach (var d in dependents)
                HeapCatalog.SetColumnDefault(cat, cat.GetRelation(d.Table)!, d.Column, null);
        }
    }

    /// <summary>
    /// OWNED BY table.column | NONE (process_owned_by): the table must be a table or view in the sequence's schema;
    /// an identity column's sequence keeps its owner.
    /// </summary>
    static void SetOwnedBy(ISessionContext ctx, Relation seq, List<string> names)
    {
        var cat = ctx.Catalog;
        if (names.Count == 1)
        {
            if (names[0] != "none")
                Throw.Error(SqlState.SyntaxError, "invalid OWNED BY option",
                    hint: "Specify OWNED BY table.column or OWNED BY NONE.");
        }
        uint table = 0;
        int column = 0;
        if (names.Count > 1)
        {
            string name = names[^2];
            string? schema = names.Count > 2 ? names[^3] : null;
            uint oid = cat.RelnameGetRelid(schema, name);
            var rel = oid == 0 ? null : cat.GetRelation(oid);
            if (rel == null)
                Throw.Error(SqlState.UndefinedTable, $"relation \"{TableCommands.QualifiedName(schema, name)}\" does not exist");
            if (rel.Kind is not (RelKind.Table or RelKind.View))
                Throw.Error(SqlState.WrongObjectType, $"sequence cannot be owned by relation \"{rel.Name}\"",
                    detail: rel.Kind == RelKind.Sequence ? "This operation is not supported for sequences." : null);
            if (rel.NamespaceOid != seq.NamespaceOid)
                Throw.Error(SqlState.ObjectNotInPrerequisiteState,
                    "sequence must be in same schema as table it is linked to");
            int i = rel.ColumnIndex(names[^1]);
            if (i < 0)
                Throw.Error(SqlState.UndefinedColumn, $"column \"{names[^1]}\" of relation \"{rel.Name}\" does not exist");
            table = rel.Oid;
            column = rel.Columns[i].AttNum;
        }
        if (Dependency.Owner(cat, seq.Oid) is { Type: Dependency.Internal } owner)
            Throw.Error(SqlState.FeatureNotSupported, "cannot change ownership of identity sequence",
                detail: $"Sequence \"{seq.Name}\" is linked to table \"{cat.GetRelation(owner.Table)?.Name}\".");
        Dependency.SetOwner(cat, seq.Oid, table, column, Dependency.Auto);
    }

    // ---- nextval, currval, setval, lastval ---------------------------------------------------------------------

    /// <summary>nextval: from the session's values fetched ahead, else from the sequence's page.</summary>
    public static long NextVal(uint relid, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var (entry, rel) = Open(relid, ctx);
        PreventIfReadOnly(rel, "nextval()", ctx);
        if (entry.Last != entry.Cached)
        {
            entry.Last += entry.Increment;
            ctx.Sequences.LastUsed = entry;
            return entry.Last;
        }
        var f = entry.Form;
        var fetch = SequencePage.Next(rel.Locator, f.Limits, rel.Name, ctx.Xact);
        entry.Increment = f.Increment;
        entry.Last = fetch.Result;
        entry.Cached = fetch.Last;
        entry.LastValid = true;
        ctx.Sequences.LastUsed = entry;
        return fetch.Result;
    }

    /// <summary>currval: what nextval last returned in this session (55000 before the first).</summary>
    public static long CurrVal(uint relid, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var (entry, rel) = Open(relid, ctx);
        if (!entry.LastValid)
            Throw.Error(SqlState.ObjectNotInPrerequisiteState,
                $"currval of sequence \"{rel.Name}\" is not yet defined in this session");
        return entry.Last;
    }

    /// <summary>lastval: what nextval last returned in this session, whichever sequence it was.</summary>
    public static long LastVal(ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var last = ctx.Sequences.LastUsed;
        if (last == null || ctx.Catalog.GetRelation(last.RelId) == null)
            Throw.Error(SqlState.ObjectNotInPrerequisiteState, "lastval is not yet defined in this session");
        return last.Last;
    }

    /// <summary>
    /// setval: the sequence's row becomes (value, isCalled): the next nextval returns value + increment, or value
    /// itself when not called. Values this session fetched ahead are forgotten.
    /// </summary>
    public static void SetVal(uint relid, long value, bool isCalled, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var (entry, rel) = Open(relid, ctx);
        PreventIfReadOnly(rel, "setval()", ctx);
        var f = entry.Form;
        if (value < f.Min || value > f.Max)
            Throw.Error(SqlState.NumericValueOutOfRange,
                $"setval: value {value} is out of bounds for sequence \"{rel.Name}\" ({f.Min}..{f.Max})");
        if (isCalled)
        {
            entry.Last = value;
            entry.LastValid = true;
        }
        entry.Cached = entry.Last;
        SequencePage.Set(rel.Locator, value, isCalled, ctx.Xact);
    }

    /// <summary>
    /// init_sequence: the session's entry for a sequence, its parameters read again when the catalog cache has a
    /// new descriptor, and its fetched-ahead values dropped when the sequence has a new file.
    /// </summary>
    /// <summary>A read-only transaction advances only its own temporary sequences (25006).</summary>
    static void PreventIfReadOnly(Relation rel, string function, ISessionContext ctx)
    {
        if (rel.Persistence != 't')
            ctx.Xact.PreventCommandIfReadOnly(function);
    }

    static (SequenceCache.Entry Entry, Relation Rel) Open(uint relid, ISessionContext ctx)
    {
        var rel = ctx.Catalog.GetRelation(relid)
            ?? Throw.Error<Relation>(SqlState.InternalError, $"could not open relation with OID {relid}");
        if (rel.Kind != RelKind.Sequence)
            Throw.Error(SqlState.WrongObjectType, $"\"{rel.Name}\" is not a sequence");
        var entry = ctx.Sequences.Get(relid);
        if (!ReferenceEquals(entry.Rel, rel))
        {
            entry.Form = ReadForm(ctx.Catalog, relid);
            entry.Rel = rel;
        }
        if (entry.FileNode != rel.Locator.RelNumber)
        {
            entry.FileNode = rel.Locator.RelNumber;
            entry.Cached = entry.Last;
        }
        return (entry, rel);
    }

    static SequenceForm ReadForm(CatalogSession cat, uint relid)
    {
        var rows = cat.Scan(SystemCatalogs.PgSequence, r => V.AsOid(r[0]) == relid);
        return rows.Count == 1 ? SequenceForm.FromRow(rows[0].Values)
            : Throw.Error<SequenceForm>(SqlState.InternalError, $"cache lookup failed for sequence {relid}");
    }

    // ---- identity columns --------------------------------------------------------------------------------------

    /// <summary>
    /// The default of an identity column (PostgreSQL's NextValueExpr): nextval of the sequence the column owns,
    /// as the column's type. Null when the column has no identity sequence.
    /// </summary>
    internal static BoundExpr? IdentityDefault(Relation rel, RelColumn col, ISessionContext ctx)
    {
        var owned = Dependency.OwnedSequences(ctx.Catalog, rel.Oid)
            .FirstOrDefault(o => o.Column == col.AttNum && o.Type == Dependency.Internal);
        if (owned.Sequence == 0)
            return null;
        var nextval = FunctionCatalog.FindFunction("nextval")![0];
        var call = BoundExpr.Call(nextval.Fn, TypeOid.Int8,
            [BoundExpr.Const(Datum.FromRegclass(owned.Sequence, null))]);
        return new Analyzer(ctx, []).CoerceAssignment(call, col.Type, col.TypMod, col.Name, -1);
    }

    static string ColumnName(CatalogSession cat, uint table, int attnum) =>
        cat.GetRelation(table)?.Columns[attnum - 1].Name ?? attnum.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
