// The sequences a CREATE TABLE makes for its columns (parse_utilcmd.c transformColumnDefinition and
// generateSerialExtraStmts): a serial column (smallserial, serial, bigserial and the serial2/4/8 spellings) becomes
// smallint/integer/bigint NOT NULL DEFAULT nextval('table_column_seq'::regclass) with a sequence of that type owned
// by the column (pg_depend 'a'); an identity column gets a sequence of the column's type with the options written in
// parentheses (SEQUENCE NAME among them), owned internally (pg_depend 'i'). Names are chosen like
// ChooseRelationName: table_column_seq, else with 1, 2, ... appended. The sequences are created once the table
// (or, for ALTER TABLE ADD COLUMN, the column) exists; then every new column default naming a sequence is recorded
// as depending on it (pg_depend 'n'), so DROP SEQUENCE knows; ALTER COLUMN SET DEFAULT records its default too.
// Entry points: SerialType, Serial, Identity, Create, RecordDefaultDependencies.
using Tusk.Access.Sequence;
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Analysis;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

internal sealed class TableSequences(string table, uint ns, ISessionContext ctx)
{
    sealed record Pending(string Column, uint Namespace, string Name, SequenceForm Form, SequenceData Data, char Type);

    readonly List<Pending> _pending = [];

    /// <summary>The integer type of a serial type name, or 0 when the name is not one.</summary>
    public static uint SerialType(TypeName tn)
    {
        if (tn.Names.Count > 2 || (tn.Names.Count == 2 && tn.Names[0] != "pg_catalog"))
            return 0;
        uint type = tn.LastName switch
        {
            "smallserial" or "serial2" => TypeOid.Int2,
            "serial" or "serial4" => TypeOid.Int4,
            "bigserial" or "serial8" => TypeOid.Int8,
            _ => 0,
        };
        if (type != 0 && tn.ArrayBounds.Count > 0)
            Throw.Error(SqlState.FeatureNotSupported, "array of serial is not implemented", position: tn.Location + 1);
        return type;
    }

    /// <summary>A serial column: its sequence is planned; returns the column's DEFAULT text.</summary>
    public string Serial(string column, uint type)
    {
        var p = Plan(column, type, [], Dependency.Auto);
        string name = FunctionCatalog.QuoteIdent(p.Name);
        if (p.Namespace != CatalogOids.PublicNamespace)
            name = FunctionCatalog.QuoteIdent(ctx.Catalog.NamespaceName(p.Namespace) ?? "") + "." + name;
        return $"nextval('{name.Replace("'", "''", StringComparison.Ordinal)}'::regclass)";
    }

    /// <summary>GENERATED ... AS IDENTITY [(options)]: checks the options now and plans the sequence.</summary>
    public void Identity(string column, uint type, Constraint c) => Plan(column, type, c.Options, Dependency.Internal);

    Pending Plan(string column, uint type, List<DefElem> options, char depType)
    {
        var typeName = new TypeName { Names = ["pg_catalog", TypeNames.Internal(type)] };
        var all = new List<DefElem> { new() { Defname = "as", Arg = typeName, Location = -1 } };
        all.AddRange(options);
        var o = SequenceOptions.Parse(all, forIdentity: depType == Dependency.Internal);
        var (form, data) = o.Apply(isInit: true, forIdentity: depType == Dependency.Internal, default, default);
        uint seqNs = ns;
        string name;
        if (o.SequenceName is { } given)
        {
            name = given[^1];
            if (given.Count > 1)
                seqNs = ctx.Catalog.GetNamespace(given[^2]);
        }
        else
        {
            name = ChooseName(column);
        }
        var p = new Pending(column, seqNs, name, form, data, depType);
        _pending.Add(p);
        return p;
    }

    /// <summary>ChooseRelationName(table, column, "seq"): a name no relation of the schema has, nor one planned here.</summary>
    string ChooseName(string column)
    {
        for (int pass = 0; ; pass++)
        {
            string name = MakeObjectName(table, column, pass == 0 ? "seq" : "seq" + pass);
            if (ctx.Catalog.LookupRelation(ns, name) == 0 && !_pending.Any(p => p.Namespace == ns && p.Name == name))
                return name;
        }
    }

    /// <summary>makeObjectName: name1_name2_label cut to 63 bytes by shortening the longer of the two names.</summary>
    static string MakeObjectName(string name1, string name2, string label)
    {
        const int Max = 63;
        int overhead = label.Length + 2;
        string a = name1, b = name2;
        while (a.Length + b.Length + overhead > Max)
        {
            if (a.Length > b.Length)
                a = a[..^1];
            else
                b = b[..^1];
        }
        return $"{a}_{b}_{label}";
    }

    /// <summary>
    /// Creates the planned sequences, owned by their columns of the new table, and the dependencies of the defaults
    /// of the table (or of its new column <paramref name="attnum"/> only).
    /// </summary>
    public void Create(uint relid, int attnum = 0)
    {
        var cat = ctx.Catalog;
        var rel = cat.GetRelation(relid)!;
        foreach (var p in _pending)
        {
            if (cat.LookupRelation(p.Namespace, p.Name) != 0)
                Throw.Error(SqlState.DuplicateTable, $"relation \"{p.Name}\" already exists");
            uint seq = SequenceCommands.Define(ctx, p.Namespace, p.Name, p.Form, p.Data);
            Dependency.SetOwner(cat, seq, relid, rel.Columns[rel.ColumnIndex(p.Column)].AttNum, p.Type);
        }
        RecordDefaultDependencies(ctx, relid, attnum);
    }

    /// <summary>
    /// Records each default of the relation (or of its column <paramref name="attnum"/>) that names a sequence (a
    /// regclass constant after binding) as depending on it. Binding also checks the defaults, as PostgreSQL does
    /// when it stores them.
    /// </summary>
    public static void RecordDefaultDependencies(ISessionContext ctx, uint relid, int attnum = 0)
    {
        var cat = ctx.Catalog;
        var rel = cat.GetRelation(relid)!;
        var d = SystemCatalogs.PgAttrdef;
        foreach (var row in cat.Scan(d, r => V.AsOid(r[1]) == relid && (attnum == 0 || V.AsInt(r[2]) == attnum)))
        {
            var col = rel.Columns[V.AsInt(row.Values[2]) - 1];
            var sequences = new HashSet<uint>();
            Collect(InsertAnalysis.BindDefault(rel, col, ctx), sequences, cat);
            foreach (uint seq in sequences)
                Dependency.Record(cat, d.Oid, V.AsOid(row.Values[0]), 0, SystemCatalogs.PgClass.Oid, seq, 0,
                    Dependency.Normal);
        }
    }

    static void Collect(BoundExpr? e, HashSet<uint> sequences, CatalogSession cat)
    {
        if (e == null)
            return;
        if (e.Kind == BoundKind.Const && e.Type == TypeOid.Regclass && !e.Value.IsNull
            && cat.GetRelation((uint)e.Value.Int) is { Kind: RelKind.Sequence } seq)
            sequences.Add(seq.Oid);
        foreach (var a in e.Args)
            Collect(a, sequences, cat);
    }
}
