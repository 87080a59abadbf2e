using System.Runtime.InteropServices;

namespace Tusk.Clusters;

/// <summary>
/// Turns Ctrl-C (SIGINT), SIGTERM and SIGHUP into a cancelled token, so a harness command stops its clusters and
/// removes its directories in order instead of dying with them running. A second Ctrl-C exits at once; the next
/// run's <see cref="ClusterLauncher.SweepStale"/> removes what that leaves.
/// </summary>
public sealed class Interruption : IDisposable
{
    readonly CancellationTokenSource _cts = new();
    readonly PosixSignalRegistration _term;
    readonly PosixSignalRegistration _hup;
    readonly string _what;

    /// <param name="what">Named in the message printed at the first Ctrl-C, e.g. "stopping servers".</param>
    public Interruption(string what = "stopping servers and cleaning up")
    {
        _what = what;
        Console.CancelKeyPress += OnCancelKeyPress;
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>
    /// Call first in Main: a command started from a background job inherits SIGINT and SIGQUIT ignored, and the
    /// runtime then never reports them, so an interrupt (kill -INT, as tests and ./test send it) would be lost.
    /// Must run before anything initialises the runtime's signal handling.
    /// </summary>
    public static void RestoreDefaultSignals()
    {
        signal(2, 0); // SIGINT → SIG_DFL
        signal(3, 0); // SIGQUIT → SIG_DFL
    }

#pragma warning disable SYSLIB1054 // a harness tool, not AOT-compiled: plain DllImport keeps this project free of unsafe code
    [DllImport("libc")]
    static extern nint signal(int signo, nint handler);
#pragma warning restore SYSLIB1054

    public bool Interrupted => _cts.IsCancellationRequested;

    void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (!_cts.IsCancellationRequested)
        {
            e.Cancel = true;
            Console.Error.WriteLine($"interrupted: {_what} (Ctrl-C again to exit at once)");
            Cancel();
        }
    }

    void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Cancel();
    }

    /// <summary>
    /// Cancels the token. Cancel runs the registered callbacks on this (signal) thread and rethrows what they threw
    /// (say, killing a process that has just exited): unhandled there it would abort the process (exit 134)
    /// instead of letting the command stop its clusters, so it is reported and dropped.
    /// </summary>
    void Cancel()
    {
        try
        {
            _cts.Cancel();
        }
        catch (AggregateException e)
        {
            Console.Error.WriteLine($"interrupted: a cancellation callback failed: {e.InnerException?.Message}");
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _term.Dispose();
        _hup.Dispose();
        _cts.Dispose();
    }
}
