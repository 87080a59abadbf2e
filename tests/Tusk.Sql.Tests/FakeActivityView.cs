// A three-row pg_stat_activity stand-in for tests (pid, usename, state, query, backend_start).
using Tusk.Common.Types;
using Tusk.Executor;

namespace Tusk.Sql.Tests;

public sealed class FakeActivityView : ISystemView
{
    public string Name => "pg_stat_activity";

    public ResultColumn[] Columns { get; } =
    [
        new("pid", TypeOid.Int4, TableOid: 12222, ColumnNumber: 1),
        new("usename", TypeOid.Name, TableOid: 12222, ColumnNumber: 2),
        new("state", TypeOid.Text, TableOid: 12222, ColumnNumber: 3),
        new("query", TypeOid.Text, TableOid: 12222, ColumnNumber: 4),
    ];

    public IEnumerable<Datum[]> Scan()
    {
        yield return [Datum.FromInt4(300), Datum.FromText("bob", TypeOid.Name), Datum.FromText("idle"),
            Datum.FromText("select 1")];
        yield return [Datum.FromInt4(100), Datum.FromText("alice", TypeOid.Name), Datum.FromText("active"),
            Datum.FromText("select * from pg_stat_activity")];
        yield return [Datum.FromInt4(200), Datum.FromText("carol", TypeOid.Name), Datum.Null(TypeOid.Text),
            Datum.FromText("")];
    }
}
