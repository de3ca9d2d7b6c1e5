namespace Pickling.Tests.Support;

/// <summary>
/// One way of dumping a value and loading it back through Pickle's public API. The differential tests run the same
/// value through every one of them: all must give the same value, or the same error.
/// </summary>
public abstract class EntryPoint(string name)
{
    /// <summary>The largest value, in bytes, that the slow entry points (an await per byte) are run with.</summary>
    public const int SlowLimit = 256 * 1024;

    private static readonly string Folder = Directory.CreateTempSubdirectory("pickle-entry-points-").FullName;

    /// <summary>Every entry point: bytes, memory streams, files, streams that return one byte per read, streams that cannot seek; sync and async.</summary>
    public static readonly EntryPoint[] All =
    [
        new Bytes(),
        new Streams("MemoryStream", bytes => new MemoryStream(bytes, writable: false), useAsync: false),
        new Streams("MemoryStream async", bytes => new MemoryStream(bytes, writable: false), useAsync: true),
        new Files(useAsync: false),
        new Files(useAsync: true),
        new Streams("file stream", OpenFile, useAsync: false),
        new Streams("file stream async", OpenFile, useAsync: true),
        new Streams("seekable, one byte per read", bytes => new ChoppyStream(bytes, 1), useAsync: false),
        new Streams("seekable, one byte per read, async", bytes => new ChoppyStream(bytes, 1), useAsync: true, slow: true),
        new Streams("seekable, odd reads", bytes => new ChoppyStream(bytes, 7, 65_536, 1_000_003), useAsync: true),
        new Streams("not seekable, one byte per read", bytes => new TrickleStream(new MemoryStream(bytes)), useAsync: false),
        new Streams("not seekable, one byte per read, async", bytes => new TrickleStream(new MemoryStream(bytes)), useAsync: true, slow: true),
        new Streams("not seekable", bytes => new TrickleStream(new MemoryStream(bytes), 100_000), useAsync: false),
        new Streams("not seekable, async", bytes => new TrickleStream(new MemoryStream(bytes), 100_000), useAsync: true),
    ];

    public string Name { get; } = name;

    /// <summary>Whether the entry point takes an await per byte, so that it only runs with values of at most <see cref="SlowLimit"/> bytes.</summary>
    public virtual bool IsSlow => false;

    /// <summary>Dumps <paramref name="value"/> and loads it back as a <typeparamref name="T"/>.</summary>
    public abstract T RoundTrip<T>(T value, PickleOptions? options);

    /// <summary>Loads the one frame <paramref name="frame"/> holds as a <typeparamref name="T"/>.</summary>
    public abstract T Load<T>(byte[] frame, PickleOptions? options);

    public override string ToString() => Name;

    private static string NewPath() => Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".pickle");

    private static Stream OpenFile(byte[] bytes)
    {
        var path = NewPath();
        File.WriteAllBytes(path, bytes);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.DeleteOnClose);
    }

    private sealed class Bytes() : EntryPoint("bytes")
    {
        public override T RoundTrip<T>(T value, PickleOptions? options) => Load<T>(Pickle.DumpToBytes(value, options), options);

        public override T Load<T>(byte[] frame, PickleOptions? options) => Pickle.LoadFromBytes<T>(frame, options);
    }

    private sealed class Files(bool useAsync) : EntryPoint(useAsync ? "file async" : "file")
    {
        public override T RoundTrip<T>(T value, PickleOptions? options)
        {
            var path = NewPath();
            try
            {
                if (!useAsync)
                {
                    Pickle.DumpToFile(value, path, options);
                    return Pickle.LoadFromFile<T>(path, options);
                }

                Pickle.DumpToFileAsync(value, path, options).GetAwaiter().GetResult();
                return Pickle.LoadFromFileAsync<T>(path, options).AsTask().GetAwaiter().GetResult();
            }
            finally
            {
                File.Delete(path);
            }
        }

        public override T Load<T>(byte[] frame, PickleOptions? options)
        {
            var path = NewPath();
            File.WriteAllBytes(path, frame);
            try
            {
                return useAsync ? Pickle.LoadFromFileAsync<T>(path, options).AsTask().GetAwaiter().GetResult() : Pickle.LoadFromFile<T>(path, options);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    private sealed class Streams(string name, Func<byte[], Stream> open, bool useAsync, bool slow = false) : EntryPoint(name)
    {
        public override bool IsSlow => slow;

        public override T RoundTrip<T>(T value, PickleOptions? options)
        {
            using var written = new MemoryStream();
            if (useAsync)
            {
                Pickle.DumpAsync(value, written, options).GetAwaiter().GetResult();
            }
            else
            {
                Pickle.Dump(value, written, options);
            }

            return Load<T>(written.ToArray(), options);
        }

        public override T Load<T>(byte[] frame, PickleOptions? options)
        {
            using var stream = open(frame);
            return useAsync ? Pickle.LoadAsync<T>(stream, options).AsTask().GetAwaiter().GetResult() : Pickle.Load<T>(stream, options);
        }
    }
}
