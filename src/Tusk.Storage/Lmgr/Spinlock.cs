// Spinlocks (s_lock.c): one int in shared memory, taken with compare-exchange and released with a store.
// Held for a few instructions only: never across I/O, allocation, or another lock acquisition.
// Contention backs off from spinning to yielding to short sleeps; a lock stuck for a minute is a PANIC.
namespace Tusk.Storage.Lmgr;

/// <summary>Test-and-set lock on an int word: 0 free, 1 held.</summary>
public static unsafe class Spinlock
{
    const int SpinsBeforeYield = 100;

    public static void Acquire(int* word)
    {
        if (Interlocked.CompareExchange(ref *word, 1, 0) == 0)
            return;
        AcquireSlow(word);
    }

    static void AcquireSlow(int* word)
    {
        int spins = 0;
        int sleepMs = 0;
        long start = Environment.TickCount64;
        while (true)
        {
            if (Volatile.Read(ref *word) == 0 && Interlocked.CompareExchange(ref *word, 1, 0) == 0)
                return;
            if (++spins < SpinsBeforeYield)
            {
                Thread.SpinWait(20);
                continue;
            }
            // The holder may be descheduled on this 2-core class of machine: give it the CPU.
            if (sleepMs == 0)
                Thread.Yield();
            else
                Thread.Sleep(sleepMs);
            sleepMs = Math.Min(sleepMs + 1, 1);
            spins = 0;
            if (Environment.TickCount64 - start > 60_000)
                Environment.FailFast("stuck spinlock detected");
        }
    }

    public static void Release(int* word) => Volatile.Write(ref *word, 0);
}
