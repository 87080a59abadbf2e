// CREATE TABLE name [(columns)] AS query [WITH [NO] DATA] (createas.c): the new table takes the query's result
// columns (names, types and type modifiers; a column list renames the first ones), then, unless WITH NO DATA, is
// filled as INSERT INTO name SELECT ... would fill it, in the same statement. The query is a SELECT, or the
// SELECT of a prepared statement (CREATE TABLE AS EXECUTE, which the backend resolves) with its parameter values.
// TEMP and ON COMMIT work as for CREATE TABLE (TempTables). The rows go into the new table itself, named by its
// schema: a temporary table of the same name cannot take them.
// Entry point: CreateTableAs.Execute; the tag is "SELECT n", or "CREATE TABLE AS" without data.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class CreateTableAs
{
    public static string Execute(CreateTableAsStmt s, SelectStmt query, uint[] paramTypes, Datum[] parameters,
        ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var rv = s.Into.Rel;
        var shape = Planner.PlanSelect(query, paramTypes, ctx).Columns;
        if (s.Into.ColNames.Count > shape.Length)
            Throw.Error(SqlState.SyntaxError, "too many column names were specified");
        if (TableCommands.CreationNamespace(rv, s.Into.OnCommit, s.IfNotExists, ctx) is not { } target)
            return "CREATE TABLE AS";
        var (ns, persistence) = target;
        var columns = new List<ColumnSpec>();
        for (int i = 0; i < shape.Length; i++)
        {
            string name = i < s.Into.ColNames.Count ? s.Into.ColNames[i] : shape[i].Name;
            if (columns.Any(c => c.Name == name))
                Throw.Error(SqlState.DuplicateColumn, $"column \"{name}\" specified more than once");
            Nodes.TableView.CheckNotSystemColumn(name);
            if (!TypeStorage.TryGet(shape[i].TypeOid, out _))
                Throw.Error(SqlState.FeatureNotSupported,
                    $"columns of type {TypeNames.Display(shape[i].TypeOid)} are not supported yet");
            columns.Add(new ColumnSpec(name, shape[i].TypeOid, shape[i].TypeMod, false, null));
        }
        uint relid = HeapCatalog.Create(ctx.Catalog, ns, rv.Name, RelKind.Table, columns, [], persistence);
        TempTables.AfterCreate(s.Into.OnCommit, relid, ctx);
        if (s.Into.SkipData)
            return "CREATE TABLE AS";
        var insert = new InsertStmt
        {
            Relation = new RangeVar { Schema = ctx.Catalog.NamespaceName(ns), Name = rv.Name, Location = rv.Location },
            SelectStmt = query, Location = s.Location,
        };
        var plan = Planner.Plan(insert, paramTypes, ctx)!;
        foreach (var _ in plan.Execute(parameters, ctx))
        {
        }
        // The INSERT's tag is "INSERT 0 n"; CREATE TABLE AS reports the same n as "SELECT n".
        string tag = plan.CommandTag(0);
        return "SELECT " + tag[(tag.LastIndexOf(' ') + 1)..];
    }
}
