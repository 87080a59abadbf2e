// Starts worker processes of this program on a test segment and waits for them all (used by the test projects).
using System.Diagnostics;
using System.Globalization;

namespace Tusk.LockHammer;

public static class Workers
{
    /// <summary>
    /// Runs <paramref name="count"/> workers, <c>LockHammer SEGMENT ARGS... COUNT</c>, from the caller's output
    /// directory; throws if one does not finish in time or exits with an error (killing the rest).
    /// </summary>
    public static void Run(string segment, int count, IReadOnlyList<string> args, TimeSpan timeout, Func<string>? dump = null)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Tusk.LockHammer.dll");
        var procs = new List<Process>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true };
                psi.ArgumentList.Add(dll);
                psi.ArgumentList.Add(segment);
                foreach (var a in args)
                    psi.ArgumentList.Add(a);
                psi.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
                procs.Add(Process.Start(psi)!);
            }
            var errors = procs.Select(p => p.StandardError.ReadToEndAsync()).ToList();
            for (int i = 0; i < procs.Count; i++)
            {
                if (!procs[i].WaitForExit(timeout))
                    throw new TimeoutException("a worker made no progress (deadlock or lost wake-up): " + dump?.Invoke());
                if (procs[i].ExitCode != 0)
                    throw new InvalidOperationException($"worker exited with {procs[i].ExitCode}: {errors[i].Result}");
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
