using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Classifier.Core.Inference;

/// <summary>
/// Who owns a file, on Linux: .NET reads a file's mode but not its owner. statx(2) fills a structure whose
/// layout is the same on every architecture (unlike stat's), with the owner's user id at byte 20.
/// </summary>
internal static partial class UnixOwner
{
    private const int CurrentFolder = -100; // AT_FDCWD
    private const int NoFollow = 0x100; // AT_SYMLINK_NOFOLLOW
    private const uint WantUid = 0x8; // STATX_UID
    private const int UidOffset = 20;

    public static uint EffectiveUserId() => geteuid();

    /// <summary>True when this process's effective user owns <paramref name="path"/>; false when that cannot be told.</summary>
    public static bool IsMine(string path)
    {
        var buffer = new byte[256];
        try
        {
            return statx(CurrentFolder, path, NoFollow, WantUid, buffer) == 0
                && BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(UidOffset)) == geteuid();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not Linux with glibc 2.28+: no cache rather than an unchecked one
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint geteuid();

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);
}
