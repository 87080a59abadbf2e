// Bootstrap mode (bootstrap.c, run by initdb): a one-off process-local storage stack — a private shared memory
// segment, the buffer cache and WAL over the new data directory — in which the template database's catalogs are
// written (CatalogBootstrap, then the built-in functions' and operators' pg_proc / pg_operator rows from the
// executor's table: BuiltinCatalogRows), followed by a shutdown checkpoint, so the cluster starts clean. template0
// and postgres are then copies of template1's files, as CREATE DATABASE makes them.
// The segment is removed before returning, also on failure. Entry point: BootstrapMode.Run.
using Tusk.Catalog;
using Tusk.Common.Guc;
using Tusk.Common.Utils;
using Tusk.Executor.Functions;
using Tusk.Storage.Buffer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Smgr;
using Tusk.Storage.Sync;
using Tusk.Storage.Transam;

namespace Tusk.Backend.Bootstrap;

public static class BootstrapMode
{
    /// <summary>Writes the catalogs of template1 and copies them to the other databases.</summary>
    public static void Run(string dataDir, RoleInfo superuser, IReadOnlyList<DatabaseInfo> databases)
    {
        ArgumentNullException.ThrowIfNull(databases);
        var settings = new Settings();
        settings.SetInternal("shared_buffers", "2048", GucSource.Override);
        string path = $"/dev/shm/tusk.bootstrap.{Environment.ProcessId}";
        var shm = SharedMemory.Create(path, ShmemLayout.Build(settings), Environment.ProcessId);
        try
        {
            ShmemLayout.AttachProcess(shm, dataDir, forwardSync: false);
            BufMgr.Checksums = settings.GetBool("data_checksums");
            XLog.ConfigureProcess(settings);
            Tusk.Access.ResourceManagers.RegisterAll();
            ProcGlobal.ClaimAuxSlot(BackendType.Startup);
            StartupXLog.Recover(dataDir, static _ => { });
            SharedCatalog.Bootstrap(superuser, databases);
            CatalogBootstrap.CreateTemplate(CatalogOids.Template1);
            BuiltinCatalogRows.Bootstrap(CatalogOids.Template1);
            Checkpoint.Run(CheckpointFlags.Shutdown | CheckpointFlags.Immediate);
        }
        finally
        {
            BufMgr.ReleaseAllPins();
            LWLocks.ReleaseAll();
            ProcGlobal.ReleaseMySlot();
            XLog.DetachRegion();
            Smgr.CloseAll();
            shm.Remove();
        }
        string template = Path.Combine(dataDir, "base", CatalogOids.Template1.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var db in databases.Where(d => d.Oid != CatalogOids.Template1))
        {
            string target = Path.Combine(dataDir, "base", db.Oid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(target);
            foreach (string file in Directory.GetFiles(template))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }
    }
}
