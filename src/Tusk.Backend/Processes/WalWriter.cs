// WAL writer process (walwriter.c). Wakes every wal_writer_delay and writes and flushes completed WAL pages
// and asynchronous commits (XLogBackgroundFlush), so backends rarely have to write WAL themselves.
using Tusk.Storage.Activity;
using Tusk.Storage.Transam;

namespace Tusk.Backend.Processes;

public static class WalWriter
{
    public static int Run(ChildContext ctx) =>
        AuxProcessLoop.Run(ctx, WaitEvents.WalWriterMain, () => ctx.Settings.GetInt("wal_writer_delay"),
            static () => XLog.BackgroundFlush());
}
