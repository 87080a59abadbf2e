// pg_stat_activity (pgstatfuncs.c pg_stat_get_activity): one row per process in the backend-status array,
// with PostgreSQL 15's columns. Other users' sessions show "<insufficient privilege>" to non-superusers.
using Tusk.Common.Types;
using Tusk.Common.Utils;
using Tusk.Executor;
using Tusk.Storage.Activity;

namespace Tusk.Backend.Catalog;

/// <summary>The pg_stat_activity system view over shared memory.</summary>
public sealed class PgStatActivityView(ISessionContext session) : ISystemView
{
    static readonly ResultColumn[] Cols =
    [
        new("datid", TypeOid.Oid), new("datname", TypeOid.Name), new("pid", TypeOid.Int4),
        new("leader_pid", TypeOid.Int4), new("usesysid", TypeOid.Oid), new("usename", TypeOid.Name),
        new("application_name", TypeOid.Text), new("client_addr", TypeOid.Inet),
        new("client_hostname", TypeOid.Text), new("client_port", TypeOid.Int4),
        new("backend_start", TypeOid.TimestampTz), new("xact_start", TypeOid.TimestampTz),
        new("query_start", TypeOid.TimestampTz), new("state_change", TypeOid.TimestampTz),
        new("wait_event_type", TypeOid.Text), new("wait_event", TypeOid.Text), new("state", TypeOid.Text),
        new("backend_xid", TypeOid.Xid), new("backend_xmin", TypeOid.Xid), new("query_id", TypeOid.Int8),
        new("query", TypeOid.Text), new("backend_type", TypeOid.Text),
    ];

    public string Name => "pg_stat_activity";

    public ResultColumn[] Columns => Cols;

    public IEnumerable<Datum[]> Scan()
    {
        foreach (var s in BackendStatus.Read())
        {
            bool visible = session.IsSuperuser || s.UserOid == session.UserOid;
            bool client = s.Type == BackendType.ClientBackend;
            var row = new Datum[Cols.Length];
            row[0] = s.DatabaseName != null ? Datum.FromOid(s.DatabaseOid) : Datum.Null(TypeOid.Oid);
            row[1] = s.DatabaseName != null ? Datum.FromText(s.DatabaseName, TypeOid.Name) : Datum.Null(TypeOid.Name);
            row[2] = Datum.FromInt4(s.Pid);
            row[3] = Datum.Null(TypeOid.Int4);
            row[4] = s.UserName != null ? Datum.FromOid(s.UserOid) : Datum.Null(TypeOid.Oid);
            row[5] = s.UserName != null ? Datum.FromText(s.UserName, TypeOid.Name) : Datum.Null(TypeOid.Name);
            row[6] = Datum.FromText(s.ApplicationName);
            if (visible)
            {
                row[7] = s.ClientAddress != null ? Datum.FromInet(s.ClientAddress) : Datum.Null(TypeOid.Inet);
                row[8] = Datum.Null(TypeOid.Text);
                row[9] = client || s.ClientPort != 0 ? Datum.FromInt4(s.ClientPort) : Datum.Null(TypeOid.Int4);
                row[10] = Ts(s.BackendStart);
                row[11] = Ts(s.XactStart);
                row[12] = Ts(s.QueryStart);
                row[13] = Ts(s.StateChange);
                string? wt = WaitEvents.TypeName(s.WaitEventInfo);
                string? we = WaitEvents.EventName(s.WaitEventInfo);
                row[14] = wt != null ? Datum.FromText(wt) : Datum.Null(TypeOid.Text);
                row[15] = we != null ? Datum.FromText(we) : Datum.Null(TypeOid.Text);
                row[16] = client ? Datum.FromText(StateName(s.State)) : Datum.Null(TypeOid.Text);
                row[20] = Datum.FromText(s.Query);
            }
            else
            {
                for (int i = 7; i <= 16; i++)
                    row[i] = Datum.Null(Cols[i].TypeOid);
                row[20] = Datum.FromText("<insufficient privilege>");
            }
            row[17] = Datum.Null(TypeOid.Xid);
            row[18] = Datum.Null(TypeOid.Xid);
            row[19] = Datum.Null(TypeOid.Int8);
            row[21] = Datum.FromText(BackendTypeNames.Of(s.Type));
            yield return row;
        }
    }

    static Datum Ts(long micros) => micros != 0 ? Datum.FromTimestampTz(micros) : Datum.Null(TypeOid.TimestampTz);

    static string StateName(BackendState s) => s switch
    {
        BackendState.Idle => "idle",
        BackendState.Running => "active",
        BackendState.IdleInTransaction => "idle in transaction",
        BackendState.IdleInTransactionAborted => "idle in transaction (aborted)",
        BackendState.FastPath => "fastpath function call",
        BackendState.Disabled => "disabled",
        _ => "",
    };
}
