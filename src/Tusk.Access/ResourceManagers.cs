// Registers every resource manager's redo routine (rmgrlist.h): done once at the start of each server process,
// since any of them may run redo (the startup process does today).
using Tusk.Access.Heap;
using Tusk.Access.Sequence;
using Tusk.Access.Transam;
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;

namespace Tusk.Access;

public static class ResourceManagers
{
    public static void RegisterAll()
    {
        if (RmgrTable.IsRegistered(RmgrId.Xlog))
        {
            return;
        }
        XLogRedo.Register();
        SmgrXlog.Register();
        Xact.Register();
        HeapXlog.Register();
        SequenceXlog.Register();
    }
}
