// WAL writer process (walwriter.c). Wakes every wal_writer_delay; flushing WAL buffers for asynchronous
// commits arrives with the WAL.
using Tusk.Storage.Activity;

namespace Tusk.Backend.Processes;

public static class WalWriter
{
    public static int Run(ChildContext ctx) =>
        AuxProcessLoop.Run(ctx, WaitEvents.WalWriterMain, () => ctx.Settings.GetInt("wal_writer_delay"));
}
