// Background writer process (bgwriter.c). Every bgwriter_delay it writes dirty buffers just ahead of the clock
// hand (BufMgr.SyncLru: as many as the recent allocation rate x bgwriter_lru_multiplier says will be needed, at most
// bgwriter_lru_maxpages), so backends looking for a victim seldom have to write one themselves. With nothing to do
// (no allocations, a full lap cleaned ahead) it hibernates for 50 x bgwriter_delay until the next allocation sets
// its latch. A failed write is logged and retried a second later, as PostgreSQL's bgwriter does.
using Tusk.Common.Elog;
using Tusk.Common.Errors;
using Tusk.Storage.Activity;
using Tusk.Storage.Buffer;
using Tusk.Storage.Lmgr;

namespace Tusk.Backend.Processes;

public static class BgWriter
{
    /// <summary>How much longer than bgwriter_delay the writer sleeps when idle (PostgreSQL's HIBERNATE_FACTOR).</summary>
    const int HibernateFactor = 50;

    public static int Run(ChildContext ctx)
    {
        var state = new LruSyncState();
        int napMs = 0;
        return AuxProcessLoop.Run(ctx, WaitEvents.BgWriterMain, () => napMs,
            round: () =>
            {
                int delay = ctx.Settings.GetInt("bgwriter_delay");
                napMs = delay;
                Freelist.NotifyBgWriter(-1);
                try
                {
                    var r = BufMgr.SyncLru(state, ctx.Settings.GetInt("bgwriter_lru_maxpages"),
                        ctx.Settings.GetReal("bgwriter_lru_multiplier"), delay);
                    if (r.Idle)
                    {
                        // Registered after the loop reset the latch: an allocation from now on wakes us.
                        Freelist.NotifyBgWriter(ProcGlobal.MyProcNumber);
                        napMs = delay * HibernateFactor;
                    }
                }
                catch (PgException e) when (e.Severity < Severity.Fatal)
                {
                    Log.Report(e);
                    LWLocks.ReleaseAll();
                    BufMgr.ReleaseAllPins();
                    napMs = Math.Max(delay, 1000);
                }
            });
    }
}
