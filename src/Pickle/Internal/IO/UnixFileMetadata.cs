using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Pickling.Internal;

/// <summary>
/// Gives the temporary file that <see cref="AtomicFile"/> renames over a target the target's mode and, where the process
/// may set it, its owner and group, as writing the target in place would have kept them. A new target gets the default
/// mode the umask gives. Unix only; on Linux for the owner, which .NET cannot read without the C library's statx.
/// </summary>
internal static partial class UnixFileMetadata
{
    private const UnixFileMode PermissionBits = (UnixFileMode)0x1FF;
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint OwnerAndGroup = 0x8 | 0x10; // STATX_UID | STATX_GID
    private const uint Unchanged = uint.MaxValue; // (uid_t)-1 and (gid_t)-1 leave the owner or group as it is

    /// <summary>The mode of the file at <paramref name="path"/>, or <see langword="null"/> if there is none or on Windows.</summary>
    public static UnixFileMode? ModeOf(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            return File.GetUnixFileMode(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Has the temporary file created with the target's permissions, so that while it is written it is never open to
    /// more users than the target is; without a target, with the default.
    /// </summary>
    public static void CreateWithModeOf(FileStreamOptions options, UnixFileMode? targetMode)
    {
        if (targetMode is { } mode && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode & PermissionBits;
        }
    }

    /// <summary>
    /// Gives the open temporary file the owner (where the process may) and the exact mode of <paramref name="target"/>,
    /// before anything is written to it; does nothing without a target.
    /// </summary>
    public static void CopyTo(SafeFileHandle temp, string target, UnixFileMode? targetMode)
    {
        if (targetMode is not { } mode || OperatingSystem.IsWindows())
        {
            return;
        }

        // The owner first: changing it may clear the set-user-ID and set-group-ID bits.
        if (OperatingSystem.IsLinux())
        {
            TryCopyOwner(temp, target);
        }

        if (File.GetUnixFileMode(temp) != mode)
        {
            File.SetUnixFileMode(temp, mode);
        }
    }

    private static void TryCopyOwner(SafeFileHandle temp, string target)
    {
        try
        {
            if (StatX(CurrentDirectory, target, 0, OwnerAndGroup, out var status) != 0 || (status.Mask & OwnerAndGroup) != OwnerAndGroup)
            {
                return;
            }

            // Only root may give a file away; anyone may give it one of their own groups. Otherwise the new file is ours.
            if (FChown(temp, status.Uid, status.Gid) != 0)
            {
                _ = FChown(temp, Unchanged, status.Gid);
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // A C library without statx: the new file keeps the process's owner and group.
        }
    }

    /// <summary>The start of Linux's <c>struct statx</c>, which is the same on every architecture.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct Statx
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint Links;
        public uint Uid;
        public uint Gid;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatX(int directory, string path, int flags, uint mask, out Statx status);

    [LibraryImport("libc", EntryPoint = "fchown")]
    private static partial int FChown(SafeFileHandle file, uint owner, uint group);
}
