using System.CommandLine;
using Pickling.Internal;

namespace Pickling.Cli;

/// <summary>
/// <c>--max-allocation BYTES</c>, for the commands that decompress and read payloads: the library's own limit
/// (<see cref="PickleOptions.MaxAllocation"/>) on what one frame may make the tool allocate for what it declares, raised
/// to show or convert a trusted file that compresses more than the default allows.
/// </summary>
internal static class AllocationOption
{
    public const string Name = "--max-allocation";

    public static Option<long?> Create() => new(Name)
    {
        Description = "The most bytes a frame may declare decompressed, or for its arrays (PickleOptions.MaxAllocation): by default 64 times " +
            "the bytes the frame stores, plus 16 MiB. Raise it for a trusted file that compresses more than that, e.g. 8GiB.",
        HelpName = "BYTES",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (ByteSize.TryParse(text, out var bytes))
            {
                return bytes;
            }

            result.AddError($"{Name} '{text}' is not a size: give {ByteSize.Examples}.");
            return null;
        },
    };

    /// <summary>The options the tool reads with, with <paramref name="maxAllocation"/> as their limit if given.</summary>
    public static PickleOptions Apply(PickleOptions options, long? maxAllocation) =>
        maxAllocation is { } bytes ? options with { MaxAllocation = bytes } : options;

    /// <summary>Whether <paramref name="e"/> is the library's error for a frame that needs more than the limit allows.</summary>
    public static bool IsExceeded(Exception e) => AllocationBudget.IsExceeded(e);

    /// <summary>The library's message for the limit hit at <paramref name="where"/>, and how to raise it with this tool.</summary>
    public static CliException Exceeded(string where, Exception e) => new(
        $"{where}: {e.Message} To show or convert it with pickle, pass {Name} with the bytes to allow, such as {Name} 8GiB.", ExitCodes.Damaged, e);
}
