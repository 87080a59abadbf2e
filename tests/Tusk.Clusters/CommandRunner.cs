using System.Diagnostics;
using System.Text;

namespace Tusk.Clusters;

/// <summary>What a finished command printed and returned.</summary>
public sealed record CommandResult(string Command, int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last non-empty lines of stderr (or stdout), for an error message.</summary>
    public string Tail(int lines = 3)
    {
        string text = StdErr.Trim().Length > 0 ? StdErr : StdOut;
        var tail = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .TakeLast(lines);
        return string.Join(" | ", tail);
    }

    /// <summary>Throws <see cref="CommandFailedException"/> unless the exit code is 0.</summary>
    public CommandResult EnsureSuccess() =>
        Succeeded ? this : throw new CommandFailedException($"{Command} exited with {ExitCode}: {Tail()}", this);
}

public sealed class CommandFailedException : Exception
{
    public CommandFailedException(string message, CommandResult result) : base(message) => Result = result;

    public CommandResult Result { get; }
}

/// <summary>
/// Runs a command to completion with a time limit; kills its whole process tree on timeout or cancel. Output is
/// collected; <c>onOutputLine</c>, when given, also sees each stdout line as it arrives (progress display).
/// </summary>
public static class CommandRunner
{
    /// <summary>Set to print each command to stderr before it runs.</summary>
    public static bool Echo { get; set; }

    public static async Task<CommandResult> RunAsync(
        string file,
        IEnumerable<string> args,
        TimeSpan timeout,
        CancellationToken ct,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        Action<string>? onOutputLine = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }
        string display = Display(file, psi.ArgumentList);
        if (Echo)
        {
            Console.Error.WriteLine($"  $ {display}");
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var outDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            Append(stdout, e.Data, outDone);
            if (e.Data is not null)
            {
                onOutputLine?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data, errDone);
        process.Exited += (_, _) => exited.TrySetResult();
        var sw = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await exited.Task.WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            if (ct.IsCancellationRequested)
            {
                throw;
            }
            throw new TimeoutException($"{display} did not finish within {timeout.TotalSeconds:0} s");
        }
        process.WaitForExit();
        // A daemon started by the command may hold our pipes open: do not wait for end-of-file forever.
        await Task.WhenAny(Task.WhenAll(outDone.Task, errDone.Task), Task.Delay(2000, CancellationToken.None))
            .ConfigureAwait(false);
        string o, e2;
        lock (stdout)
        {
            o = stdout.ToString();
        }
        lock (stderr)
        {
            e2 = stderr.ToString();
        }
        return new CommandResult(display, process.ExitCode, o, e2, sw.Elapsed);
    }

    static void Append(StringBuilder sb, string? line, TaskCompletionSource done)
    {
        if (line is null)
        {
            done.TrySetResult();
            return;
        }
        lock (sb)
        {
            sb.Append(line).Append('\n');
        }
    }

    static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    static string Display(string file, IEnumerable<string> args) =>
        string.Join(' ', new[] { file }.Concat(args).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
}
