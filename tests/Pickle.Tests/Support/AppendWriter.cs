using System.Globalization;
using System.Text;
using Pickling.Tests.Models;

namespace Pickling.Tests.Support;

/// <summary>
/// A child process of the append crash test: <c>dotnet Pickle.Tests.dll append-writer PATH RUN</c> opens PATH with
/// OpenAppend, prints "ready", then appends ever newer <see cref="LogEvent"/>s of run RUN until it is killed, flushing
/// each and then printing "ack SEQUENCE" once its Dump has returned and the frame is in the file (or, if nobody kills
/// it, until 30 seconds have passed).
/// </summary>
/// <remarks>
/// A stream's buffer puts most of a frame in the file in one write, so a kill rarely finds a frame half written. Odd
/// runs therefore dump through a stream that hands the file 4 KB at a time, as a slow disk would, so that most of their
/// kills land in the middle of a frame; even runs dump to the stream OpenAppend returned.
/// </remarks>
public static class AppendWriter
{
    public const string Command = "append-writer";

    private const int PieceLength = 4 * 1024;

    /// <summary>How long a writer runs if nobody kills it (the test that started it has died): it stops, rather than fill the disk.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public static int Run(string path, string run)
    {
        var runNumber = int.Parse(run, CultureInfo.InvariantCulture);
        // Every method the loop runs is compiled before the first kill can land.
        Pickle.Dump(LogEvent.Create(runNumber, -2), Stream.Null);
        Pickle.Dump(LogEvent.Create(runNumber, -2), new PiecewiseStream(Stream.Null, PieceLength));
        using var log = Pickle.OpenAppend(path);
        Stream target = runNumber % 2 == 1 ? new PiecewiseStream(log, PieceLength) : log;
        // Acknowledgements go straight to standard output's stream: Console.Out costs far more than a write per line.
        using var output = Console.OpenStandardOutput();
        output.Write("ready\n"u8);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (long sequence = 0; clock.Elapsed < Lifetime; sequence++)
        {
            Pickle.Dump(LogEvent.Create(runNumber, sequence), target);
            log.Flush();
            output.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"ack {sequence}\n")));
        }

        return 1;
    }

    /// <summary>Writes to a file in pieces, each flushed to the file before the next.</summary>
    private sealed class PiecewiseStream(Stream file, int pieceLength) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            for (var start = 0; start < buffer.Length; start += pieceLength)
            {
                file.Write(buffer[start..Math.Min(buffer.Length, start + pieceLength)]);
                file.Flush();
            }
        }

        public override void Flush() => file.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
