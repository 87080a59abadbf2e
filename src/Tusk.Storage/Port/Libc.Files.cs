// File durability calls for the storage manager (and later the WAL): fsync and fdatasync on a handle.
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Tusk.Common.Errors;

namespace Tusk.Storage.Port;

public static unsafe partial class Libc
{
    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int fsync_(nint fd);

    /// <summary>fsync(2); throws 58030 naming <paramref name="path"/> on failure (PostgreSQL PANICs there).</summary>
    public static void Fsync(SafeFileHandle handle, string path)
    {
        bool added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (fsync_(handle.DangerousGetHandle()) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new PgException(SqlState.IoError, $"could not fsync file \"{path}\": {Marshal.GetPInvokeErrorMessage(errno)}");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
