// Sequence functions of PG 15 (commands/sequence.c, utils/adt/ruleutils.c pg_get_serial_sequence): nextval,
// currval, setval (2 and 3 arguments), lastval, pg_get_serial_sequence. A sequence argument is regclass: a literal
// names the sequence at analysis (Analyzer.CoerceRegclass), text converts when called. The work and the session
// state are Commands/SequenceCommands. Entry point: RegisterSequences, called from the FunctionCatalog constructor.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Commands;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    static void RegisterSequences()
    {
        const uint Reg = TypeOid.Regclass;
        const uint I8 = TypeOid.Int8;
        const uint Txt = TypeOid.Text;

        Fn("nextval", [Reg], I8, static (a, c) => Datum.FromInt8(SequenceCommands.NextVal((uint)a[0].Int, c.Session)));
        Fn("currval", [Reg], I8, static (a, c) => Datum.FromInt8(SequenceCommands.CurrVal((uint)a[0].Int, c.Session)));
        Fn("lastval", [], I8, static (_, c) => Datum.FromInt8(SequenceCommands.LastVal(c.Session)));
        Fn("setval", [Reg, I8], I8, static (a, c) =>
        {
            SequenceCommands.SetVal((uint)a[0].Int, a[1].Int, true, c.Session);
            return a[1];
        });
        Fn("setval", [Reg, I8, TypeOid.Bool], I8, static (a, c) =>
        {
            SequenceCommands.SetVal((uint)a[0].Int, a[1].Int, a[2].Bool, c.Session);
            return a[1];
        });
        Fn("pg_get_serial_sequence", [Txt, Txt], Txt, static (a, c) => SerialSequence(a[0].Text, a[1].Text, c.Session));
    }

    /// <summary>
    /// pg_get_serial_sequence(table, column): the schema-qualified name of the sequence a serial or identity column
    /// owns, or NULL. The table name is parsed as SQL (case folded); the column name is taken as written.
    /// </summary>
    static Datum SerialSequence(string table, string column, ISessionContext ctx)
    {
        var cat = ctx.Catalog;
        var rel = cat.GetRelation((uint)RegClass.In(table, ctx).Int)!;
        int i = rel.ColumnIndex(column);
        if (i < 0)
            Throw.Error(SqlState.UndefinedColumn, $"column \"{column}\" of relation \"{rel.Name}\" does not exist");
        var owned = Dependency.OwnedSequences(cat, rel.Oid).FirstOrDefault(o => o.Column == rel.Columns[i].AttNum);
        if (owned.Sequence == 0 || cat.GetRelation(owned.Sequence) is not { } seq)
            return Datum.Null(TypeOid.Text);
        return Datum.FromText(QuoteIdent(cat.NamespaceName(seq.NamespaceOid) ?? "") + "." + QuoteIdent(seq.Name));
    }
}
