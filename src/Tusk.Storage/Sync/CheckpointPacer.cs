// Spread checkpoints (checkpointer.c CheckpointWriteDelay and IsCheckpointOnSchedule): a checkpoint that is not
// Immediate spreads its buffer writes over checkpoint_completion_target x checkpoint_timeout, so its I/O does not
// swamp the server. After each buffer the write phase compares the fraction of buffers done with the fraction of
// that time gone; while ahead it naps 100 ms, absorbing fsync requests meanwhile. It stops napping for good as
// soon as hurrying is asked for (an Immediate request is waiting, or shutdown). Entry point: AfterBuffer (the
// callback of BufMgr.FlushAllBuffers, passed by Checkpoint.Run).
using System.Diagnostics;

namespace Tusk.Storage.Sync;

/// <summary>Paces one checkpoint's write phase.</summary>
public sealed class CheckpointPacer
{
    /// <summary>One nap while ahead of schedule (PostgreSQL sleeps 100 ms too).</summary>
    public const int NapMs = 100;

    /// <summary>At full speed, fsync requests are still absorbed every this many buffers so the queue does not
    /// fill.</summary>
    const int BuffersPerAbsorb = 1000;

    readonly bool _spread;
    readonly double _targetSeconds;
    readonly Func<bool> _hurry;
    readonly Action<int> _nap;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    int _sinceAbsorb;

    /// <param name="flags">The checkpoint's flags: Immediate (or Shutdown) means full speed from the start.</param>
    /// <param name="targetSeconds">checkpoint_completion_target x checkpoint_timeout.</param>
    /// <param name="hurry">Whether to finish at full speed from now on (checked after each buffer).</param>
    /// <param name="nap">Sleeps the given milliseconds (the checkpointer: on its latch, which a new request sets).</param>
    public CheckpointPacer(CheckpointFlags flags, double targetSeconds, Func<bool> hurry, Action<int> nap)
    {
        _spread = (flags & (CheckpointFlags.Immediate | CheckpointFlags.Shutdown)) == 0 && targetSeconds > 0;
        _targetSeconds = targetSeconds;
        _hurry = hurry;
        _nap = nap;
    }

    /// <summary>How many naps the write phase took (0 at full speed).</summary>
    public int Naps { get; private set; }

    /// <summary>A spread checkpoint was told to finish at full speed.</summary>
    public bool Hurried { get; private set; }

    /// <summary>Called after each buffer of the write phase with the fraction of buffers done.</summary>
    public void AfterBuffer(double progress)
    {
        if (_spread && !Hurried && _hurry())
        {
            Hurried = true;
        }
        if (_spread && !Hurried && OnSchedule(progress))
        {
            Absorb();
            Naps++;
            _nap(NapMs);
        }
        else if (++_sinceAbsorb >= BuffersPerAbsorb)
        {
            Absorb();
        }
    }

    /// <summary>Ahead of (or on) schedule: the share of buffers written is at least the share of time used.</summary>
    bool OnSchedule(double progress) => progress * _targetSeconds >= _clock.Elapsed.TotalSeconds;

    void Absorb()
    {
        _sinceAbsorb = 0;
        SyncQueue.Absorb(Smgr.Smgr.AddPendingSync);
    }
}
