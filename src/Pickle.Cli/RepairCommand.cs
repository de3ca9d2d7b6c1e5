using System.Buffers;
using System.CommandLine;
using System.Globalization;
using Pickling.Internal;

namespace Pickling.Cli;

/// <summary>
/// <c>pickle repair FILE -o OUT</c>: copies every intact frame of FILE to OUT, byte for byte, and says which byte ranges
/// it dropped. After damage, the next frame is found by its magic bytes and a header whose CRC matches. FILE is only read.
/// </summary>
internal static class RepairCommand
{
    // The tool reads files it is asked to repair, so it accepts any declared size that the file actually holds.
    private static readonly PickleOptions ReadOptions = PickleOptions.Default with { MaxPayloadSize = long.MaxValue };

    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The damaged pickle file; it is only read." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The file to write the intact frames to (replaced only when the repair has run to the end).",
            HelpName = "OUT",
            Required = true,
        };
        var command = new Command(
            "repair",
            "Copy every intact frame of FILE to OUT, byte for byte, and print what was kept and which byte ranges were dropped. " +
            "After a damaged frame, the next frame is found by its magic bytes and a header whose checksum matches. " +
            "Exits with 0 if nothing was dropped and 1 if something was; FILE is never changed.")
        {
            file,
            output,
        };
        command.SetAction((parseResult, cancellationToken) =>
            PickleCommand.RunAsync(console, () => RepairAsync(console, parseResult.GetValue(file)!, parseResult.GetValue(output)!, cancellationToken)));
        return command;
    }

    private static async Task<int> RepairAsync(CliConsole console, string path, string outputPath, CancellationToken cancellationToken)
    {
        if (string.Equals(Path.GetFullPath(path), Path.GetFullPath(outputPath), StringComparison.Ordinal))
        {
            throw new CliException($"'{outputPath}' is the file to repair: write the intact frames to another file, which repair never changes", ExitCodes.Failed);
        }

        using var stream = PickleCommand.OpenRead(path);
        var temporary = OutputFiles.TemporaryPathFor(outputPath);
        try
        {
            RepairSummary summary;
            using (var destination = OutputFiles.Create(temporary, outputPath))
            {
                summary = await PickleCommand.WithProgressAsync(console, $"Repairing {Path.GetFileName(path)}", stream, writesToStandardOutput: true, () =>
                    CopyIntactFramesAsync(console, stream, destination, cancellationToken)).ConfigureAwait(false);
                destination.Flush(flushToDisk: true);
            }

            File.Move(temporary, outputPath, overwrite: true);
            temporary = null;
            var dropped = summary.DroppedRanges == 0
                ? "nothing dropped"
                : $"{Plural(summary.DroppedBytes, "byte")} in {Plural(summary.DroppedRanges, "range")} dropped";
            await console.Out.WriteLineAsync(
                $"{outputPath}: {Plural(summary.Frames, "intact frame")} ({Plural(summary.KeptBytes, "byte")}) copied from {path}; {dropped}").ConfigureAwait(false);
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (summary.DroppedRanges > 0)
            {
                throw new CliException(
                    string.Create(CultureInfo.InvariantCulture, $"{path}: {Plural(summary.DroppedBytes, "damaged byte")} in {Plural(summary.DroppedRanges, "range")} were left out of {outputPath}"),
                    ExitCodes.Damaged);
            }

            return ExitCodes.Success;
        }
        finally
        {
            if (temporary is not null)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Copies each intact frame from where the last one ended; after damage, drops the bytes up to the next header.</summary>
    private static async Task<RepairSummary> CopyIntactFramesAsync(CliConsole console, Stream stream, FileStream destination, CancellationToken cancellationToken)
    {
        var summary = new RepairSummary();
        var frameBuffer = FrameReader.RentFrameBuffer();
        long? droppedFrom = null;
        string? droppedBecause = null;
        try
        {
            var position = 0L;
            while (position < stream.Length)
            {
                stream.Position = position;
                var copiedFrom = destination.Position;
                try
                {
                    var header = await FrameReader.ReadHeaderAsync(stream, frameBuffer, ReadOptions.MaxPayloadSize, useAsync: true, cancellationToken).ConfigureAwait(false)
                        ?? throw PickleErrors.Truncated("in its header");
                    await FrameReader.SkipAsync(stream, frameBuffer, header, ReadOptions, destination, useAsync: true, cancellationToken).ConfigureAwait(false);
                    var rootType = await FrameScanner.PeekRootTypeAsync(stream, position, header, cancellationToken).ConfigureAwait(false);
                    if (droppedFrom is { } from)
                    {
                        await ReportDroppedAsync(console, summary, from, position, droppedBecause!).ConfigureAwait(false);
                        droppedFrom = null;
                    }

                    summary.Frames++;
                    summary.KeptBytes += header.FrameLength;
                    await console.Out.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"kept     {Range(position, header.FrameLength)}: frame {summary.Frames}, {rootType ?? header.Format}")).ConfigureAwait(false);
                    position += header.FrameLength;
                }
                catch (PickleException e)
                {
                    destination.SetLength(copiedFrom);
                    destination.Position = copiedFrom;
                    if (droppedFrom is null)
                    {
                        droppedFrom = position;
                        droppedBecause = e is PickleDamagedException { Reason: { } reason } ? reason : e.Message;
                    }

                    var next = await FrameSearch.NextHeaderAsync(stream, position + 1, useAsync: true, cancellationToken).ConfigureAwait(false);
                    position = next < 0 ? stream.Length : next;
                }
            }

            if (droppedFrom is { } last)
            {
                await ReportDroppedAsync(console, summary, last, stream.Length, droppedBecause!).ConfigureAwait(false);
            }

            return summary;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frameBuffer);
        }
    }

    private static async Task ReportDroppedAsync(CliConsole console, RepairSummary summary, long from, long to, string because)
    {
        summary.DroppedRanges++;
        summary.DroppedBytes += to - from;
        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"dropped  {Range(from, to - from)}: {PickleCommand.OneLine(because)}")).ConfigureAwait(false);
    }

    private static string Range(long from, long length) =>
        string.Create(CultureInfo.InvariantCulture, $"bytes {from:N0} to {from + length - 1:N0} ({Plural(length, "byte")})");

    private static string Plural(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}{(count == 1 ? string.Empty : "s")}");

    private sealed class RepairSummary
    {
        public int Frames { get; set; }

        public long KeptBytes { get; set; }

        public int DroppedRanges { get; set; }

        public long DroppedBytes { get; set; }
    }
}
