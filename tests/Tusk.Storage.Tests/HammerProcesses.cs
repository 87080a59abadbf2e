// Runs Tusk.LockHammer worker processes against a test segment and waits for all of them: each must exit 0
// within the time limit (a hang means a deadlock or a lost wake-up). Anything still running is killed.
using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace Tusk.Storage.Tests;

static class HammerProcesses
{
    /// <summary>Starts <paramref name="workers"/> workers with SEGMENT ARGS... WORKERS and waits for them.</summary>
    public static void Run(string shmPath, int workers, Func<string> dump, params string[] args) =>
        Wait(Start(shmPath, workers, args), dump);

    public static List<Process> Start(string shmPath, int workers, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Tusk.LockHammer.dll");
        var procs = new List<Process>();
        for (int i = 0; i < workers; i++)
        {
            var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false };
            psi.ArgumentList.Add(dll);
            psi.ArgumentList.Add(shmPath);
            foreach (var a in args)
                psi.ArgumentList.Add(a);
            psi.ArgumentList.Add(workers.ToString(CultureInfo.InvariantCulture));
            procs.Add(Process.Start(psi)!);
        }
        return procs;
    }

    public static void Wait(List<Process> procs, Func<string> dump)
    {
        try
        {
            foreach (var p in procs)
            {
                Assert.True(p.WaitForExit(60_000), "a worker made no progress (deadlock or lost wake-up): " + dump());
                Assert.Equal(0, p.ExitCode);
            }
        }
        finally
        {
            foreach (var p in procs)
            {
                if (!p.HasExited)
                {
                    p.Kill();
                    p.WaitForExit();
                }
                p.Dispose();
            }
        }
    }
}
