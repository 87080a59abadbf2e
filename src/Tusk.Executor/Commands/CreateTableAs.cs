// CREATE TABLE name [(column names)] AS query [WITH [NO] DATA] (createas.c): plans the query, creates a table
// whose columns are the query's result columns (names from the list when given; unknown becomes text), makes
// it visible to the rest of the statement, and fills it with INSERT ... SELECT. The tag is "SELECT n".
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Analysis;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class CreateTableAs
{
    public static string Execute(CreateTableAsStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        if (s.Query is not SelectStmt query)
            return Throw.Error<string>(SqlState.FeatureNotSupported, "CREATE TABLE AS EXECUTE is not supported yet",
                position: s.Query.Location + 1);
        var cat = ctx.Catalog;
        var rv = s.Into.Rel;
        uint ns = rv.Schema != null ? cat.GetNamespace(rv.Schema, rv.Location + 1) : cat.CreationNamespace(rv.Location + 1);
        if (cat.LookupRelation(ns, rv.Name) != 0)
        {
            if (s.IfNotExists)
            {
                ctx.Notice(SqlState.DuplicateTable, $"relation \"{rv.Name}\" already exists, skipping");
                return "CREATE TABLE AS";
            }
            Throw.Error(SqlState.DuplicateTable, $"relation \"{rv.Name}\" already exists");
        }
        var plan = Planner.PlanSelect(query, [], ctx);
        var cols = plan.Columns;
        if (s.Into.ColNames.Count > cols.Length)
            Throw.Error(SqlState.SyntaxError, "too many column names were specified");
        var specs = new List<ColumnSpec>();
        for (int i = 0; i < cols.Length; i++)
        {
            string name = i < s.Into.ColNames.Count ? s.Into.ColNames[i] : cols[i].Name;
            if (specs.Any(c => c.Name == name))
                Throw.Error(SqlState.DuplicateColumn, $"column \"{name}\" specified more than once");
            uint type = cols[i].TypeOid == TypeOid.Unknown ? TypeOid.Text : cols[i].TypeOid;
            if (!TypeStorage.TryGet(type, out _))
                Throw.Error(SqlState.FeatureNotSupported,
                    $"columns of type {Functions.TypeNames.Display(type)} are not supported yet");
            specs.Add(new ColumnSpec(name, type, cols[i].TypeMod, false, null));
        }
        HeapCatalog.Create(cat, ns, rv.Name, RelKind.Table, specs, []);
        ctx.Xact.CommandCounterIncrement();
        if (s.Into.SkipData)
            return "CREATE TABLE AS";
        var target = new RangeVar { Schema = cat.NamespaceName(ns), Name = rv.Name, Location = rv.Location };
        var insert = InsertAnalysis.Plan(new InsertStmt { Relation = target, SelectStmt = query }, [], ctx);
        foreach (var _ in insert.Execute([], ctx))
        {
        }
        string tag = insert.CommandTag(0);
        return "SELECT " + tag[(tag.LastIndexOf(' ') + 1)..];
    }
}
