// The shared region the lock tests hammer: a spinlock with a plain counter it protects, and an LWLock with
// two counters that writers keep equal and readers check.
using System.Runtime.InteropServices;
using Tusk.Storage.Lmgr;

namespace Tusk.LockHammer;

[StructLayout(LayoutKind.Sequential)]
public struct HammerRegion
{
    public int Spin;
    public int Started;
    public long SpinCounter;
    public LWLock Lock;
    public long A;
    public long B;
    public int ExclusiveInside;
    public int SharedInside;
    public long Violations;
    public long SharedReads;
    public long MaxConcurrentReaders;
    /// <summary>Buffer hammer: increments done, and pages found with a bad header under a shared lock.</summary>
    public long Increments;
    public long BadPages;

    public const string Name = "Hammer";
}
