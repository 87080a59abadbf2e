// Starts Tusk.LockHammer worker processes on a test segment and waits for them all.
using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace Tusk.Storage.Tests;

static class HammerWorkers
{
    /// <summary>Runs <paramref name="workers"/> workers: <c>LockHammer SEGMENT ARGS... WORKERS</c>; each must exit 0.</summary>
    public static void Run(string segment, int workers, IReadOnlyList<string> args, TimeSpan timeout, Func<string>? dump = null)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Tusk.LockHammer.dll");
        var procs = new List<Process>();
        try
        {
            for (int i = 0; i < workers; i++)
            {
                var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false };
                psi.ArgumentList.Add(dll);
                psi.ArgumentList.Add(segment);
                foreach (var a in args)
                    psi.ArgumentList.Add(a);
                psi.ArgumentList.Add(workers.ToString(CultureInfo.InvariantCulture));
                procs.Add(Process.Start(psi)!);
            }
            foreach (var p in procs)
            {
                Assert.True(p.WaitForExit(timeout), "a worker made no progress (deadlock or lost wake-up): " + dump?.Invoke());
                Assert.Equal(0, p.ExitCode);
            }
        }
        finally
        {
            foreach (var p in procs)
            {
                if (!p.HasExited)
                    p.Kill();
                p.Dispose();
            }
        }
    }
}
