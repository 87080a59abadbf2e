// Background writer process (bgwriter.c). Wakes every bgwriter_delay; writing dirty buffers ahead of the
// clock hand arrives with the shared buffer pool.
using Tusk.Storage.Activity;

namespace Tusk.Backend.Processes;

public static class BgWriter
{
    public static int Run(ChildContext ctx) =>
        AuxProcessLoop.Run(ctx, WaitEvents.BgWriterMain, () => ctx.Settings.GetInt("bgwriter_delay"));
}
