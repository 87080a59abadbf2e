// Starting children (launch_backend.c, EXEC_BACKEND style): .NET has no fork(), so each child is a fresh
// exec of the tusk executable with its role on the command line:
//   tusk --child=<role> -D <datadir> --shmem <segment> --ctl-fd <n> --pm-pid <pid> [-c name=value ...] <padding>
// The control socket is a SOCK_SEQPACKET pair: the child's end is the only descriptor it inherits
// (close-on-exec is cleared on it just for this spawn; children are only ever spawned from the postmaster's
// main thread, one at a time). Connections reach pool backends as SCM_RIGHTS messages on it, and its EOF
// tells either side the other is gone.
using System.Diagnostics;
using Tusk.Common.Utils;
using Tusk.Storage.Port;

namespace Tusk.Postmaster;

/// <summary>Spawns child processes with their control socket.</summary>
public sealed class ChildLauncher(string dataDir, string shmemPath, IReadOnlyList<string> overrides,
    Action<ChildProcess, int> onExit)
{
    static readonly string Padding = new(' ', 96);

    public string ShmemPath { get; set; } = shmemPath;

    public static string ExecutablePath => Environment.ProcessPath ?? throw new InvalidOperationException(
        "cannot find the tusk executable");

    public ChildProcess Spawn(BackendType type)
    {
        var (pmEnd, childEnd) = Libc.SocketPair(Libc.SockSeqPacket);
        try
        {
            Libc.SetCloseOnExec(childEnd, false);
            var psi = new ProcessStartInfo(ExecutablePath) { UseShellExecute = false };
            psi.ArgumentList.Add("--child=" + BackendTypeNames.ChildArg(type));
            psi.ArgumentList.Add("-D");
            psi.ArgumentList.Add(dataDir);
            psi.ArgumentList.Add("--shmem");
            psi.ArgumentList.Add(ShmemPath);
            psi.ArgumentList.Add("--ctl-fd");
            psi.ArgumentList.Add(childEnd.ToString(System.Globalization.CultureInfo.InvariantCulture));
            psi.ArgumentList.Add("--pm-pid");
            psi.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var o in overrides)
            {
                psi.ArgumentList.Add("-c");
                psi.ArgumentList.Add(o);
            }
            psi.ArgumentList.Add(Padding);
            // A small gen0 budget keeps each child's private memory small (hex without 0x: 256 KiB).
            if (Environment.GetEnvironmentVariable("DOTNET_GCgen0size") == null)
                psi.Environment["DOTNET_GCgen0size"] = "40000";
            var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
            ChildProcess? child = null;
            process.Exited += (_, _) =>
            {
                int code;
                try
                {
                    code = process.ExitCode;
                }
                catch (InvalidOperationException)
                {
                    code = -1;
                }
                // The handler can run before Spawn returns; spin until the entry exists.
                while (Volatile.Read(ref child) == null)
                    Thread.Sleep(1);
                onExit(child!, code);
            };
            process.Start();
            Volatile.Write(ref child, new ChildProcess
            {
                Process = process,
                Pid = process.Id,
                Type = type,
                ControlFd = pmEnd,
                State = ChildState.Starting,
                StartedAt = Environment.TickCount64,
            });
            pmEnd = -1;
            return child!;
        }
        finally
        {
            Libc.Close(childEnd);
            if (pmEnd >= 0)
                Libc.Close(pmEnd);
        }
    }
}
