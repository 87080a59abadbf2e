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
    public static void Run(string segment, int count, IReadOnlyList<string> args, TimeSpan timeout, Func<string>? dump = null) =>
        Start(segment, count, args).Wait(timeout, dump);

    /// <summary>Starts the workers; the caller must <see cref="Running.Wait"/> for them.</summary>
    public static Running Start(string segment, int count, IReadOnlyList<string> args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Tusk.LockHammer.dll");
        var running = new Running();
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
                var p = Process.Start(psi)!;
                running.Procs.Add(p);
                running.Errors.Add(p.StandardError.ReadToEndAsync());
            }
        }
        catch
        {
            running.Kill();
            throw;
        }
        return running;
    }

    public sealed class Running
    {
        internal readonly List<Process> Procs = [];
        internal readonly List<Task<string>> Errors = [];

        /// <summary>Waits for every worker; throws on a time-out or an error exit. Kills what is left either way.</summary>
        public void Wait(TimeSpan timeout, Func<string>? dump = null)
        {
            try
            {
                for (int i = 0; i < Procs.Count; i++)
                {
                    if (!Procs[i].WaitForExit(timeout))
                        throw new TimeoutException("a worker made no progress (deadlock or lost wake-up): " + dump?.Invoke());
                    if (Procs[i].ExitCode != 0)
                        throw new InvalidOperationException($"worker exited with {Procs[i].ExitCode}: {Errors[i].Result}");
                }
            }
            finally
            {
                Kill();
            }
        }

        /// <summary>kill -9 of one worker (it must still be running: an early exit is an error).</summary>
        public void KillOne(int index)
        {
            var p = Procs[index];
            if (p.HasExited)
            {
                throw new InvalidOperationException($"worker exited early with {p.ExitCode}: {Errors[index].Result}");
            }
            p.Kill();
            p.WaitForExit();
        }

        public int Count => Procs.Count;

        /// <summary>kill -9 of every worker still running; throws if one had exited on its own.</summary>
        public void KillAll()
        {
            string? early = null;
            for (int i = 0; i < Procs.Count; i++)
            {
                if (Procs[i].HasExited && Procs[i].ExitCode != 137 && Procs[i].ExitCode != -1)
                {
                    early ??= $"worker exited early with {Procs[i].ExitCode}: {Errors[i].Result}";
                }
            }
            Kill();
            if (early != null)
            {
                throw new InvalidOperationException(early);
            }
        }

        internal void Kill()
        {
            foreach (var p in Procs)
            {
                if (!p.HasExited)
                {
                    p.Kill();
                    p.WaitForExit();
                }
                p.Dispose();
            }
            Procs.Clear();
        }
    }
}
