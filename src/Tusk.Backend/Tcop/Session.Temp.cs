// Temporary relations at session end (namespace.c RemoveTempRelationsCallback): a session that made a pg_temp_N
// schema drops the relations in it, in a transaction of its own, as the backend exits (the schema row stays for
// the next session of the same slot). If this fails or the backend dies first, the next session of the slot that
// needs a temporary schema empties it before use (CatalogSession.GetOrCreateTempNamespace).
using Tusk.Access.Transam;
using Tusk.Common.Elog;
using Tusk.Common.Errors;

namespace Tusk.Backend.Tcop;

public sealed partial class Session
{
    void DropTempRelationsAtExit()
    {
        if (_catalog == null || _catalog.MyTempNamespace == 0)
            return;
        try
        {
            Xact.Begin(IsolationLevel.ReadCommitted);
            _catalog.AcceptInvalidations();
            _catalog.DropTempRelations();
            Xact.Commit(synchronous: true);
            _catalog.AtCommit();
        }
        catch (Exception e) when (e is PgException or IOException or InvalidOperationException)
        {
            Log.Write(Severity.Warning, "could not drop temporary relations at session end: " + e.Message);
            if (Xact.InProgress)
            {
                Xact.Abort();
                _catalog.AtAbort();
            }
        }
    }
}
