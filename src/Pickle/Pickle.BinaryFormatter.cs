using Pickling.Internal.Nrbf;

namespace Pickling;

public static partial class Pickle
{
    /// <summary>
    /// Reads a payload written by .NET's <c>BinaryFormatter</c> (the NRBF format of <c>BinaryFormatter.Serialize</c>)
    /// from <paramref name="stream"/> as a <typeparamref name="T"/>, safely: the payload is read with
    /// System.Formats.Nrbf, never with BinaryFormatter, and the value is built as Pickle builds its own, field by
    /// field, with the types it names checked against <paramref name="options"/> as in <see cref="Load{T}"/>.
    /// </summary>
    /// <remarks>
    /// BinaryFormatter's member names map to the fields Pickle saves (<c>&lt;Name&gt;k__BackingField</c> to the
    /// auto-property's field, <c>Base+field</c> to a base class's private field); shared references and cycles are
    /// kept. Collections that BinaryFormatter saves field by field (<c>List&lt;T&gt;</c>, <c>Queue&lt;T&gt;</c>,
    /// <c>Stack&lt;T&gt;</c>, <c>SortedList&lt;K, V&gt;</c>, <c>ArrayList</c>, arrays of any rank) load as any object does;
    /// <c>Dictionary&lt;K, V&gt;</c>, <c>HashSet&lt;T&gt;</c>, <c>SortedSet&lt;T&gt;</c>,
    /// <c>SortedDictionary&lt;K, V&gt;</c>, <c>Hashtable</c> and <c>DateTimeOffset</c> are rebuilt from what they saved, with
    /// their default or ordinal comparers. Other types saved through <c>ISerializable</c> are a
    /// <see cref="PickleException"/>. Constructors and serialization callbacks do not run. The stream is left just after
    /// the payload, and neither disposed nor sought.
    /// </remarks>
    /// <typeparam name="T">The type to load the value as: the type it was saved as, or one it can be assigned to.</typeparam>
    /// <param name="stream">A readable stream positioned at the start of the payload; left open, positioned after it.</param>
    /// <param name="options">
    /// Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>: <see cref="PickleOptions.AllowedTypes"/>,
    /// <see cref="PickleOptions.AllowedAssemblies"/> and <see cref="PickleOptions.TypeAliases"/> apply as in a load,
    /// <see cref="PickleOptions.MaxDepth"/> bounds the nesting and <see cref="PickleOptions.MaxAllocation"/> the arrays.
    /// </param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="PickleException">
    /// The stream does not hold a BinaryFormatter payload, or it is damaged or truncated (the reader's error is the
    /// <see cref="Exception.InnerException"/>), or it names a type that is not allowed, not loaded or never loaded
    /// (such as <c>System.Diagnostics.Process</c>), or its value does not fit <typeparamref name="T"/>.
    /// </exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    /// <example>
    /// <code>
    /// using (var file = File.OpenRead("settings.bin"))
    /// {
    ///     Settings settings = Pickle.LoadBinaryFormatter&lt;Settings&gt;(file);
    ///     Pickle.DumpToFile(settings, "settings.pickle");
    /// }
    /// </code>
    /// </example>
    public static T LoadBinaryFormatter<T>(Stream stream, PickleOptions? options = null)
    {
        CheckReadable(stream);
        return NrbfObjectReader.Load<T>(stream, options ?? PickleOptions.Default);
    }

    /// <summary>Reads the BinaryFormatter payload at the start of the file at <paramref name="path"/> as a <typeparamref name="T"/>, as <see cref="LoadBinaryFormatter{T}"/> does.</summary>
    /// <typeparam name="T">The type to load the value as.</typeparam>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="PickleException">The file does not hold a valid BinaryFormatter payload, or its value is not allowed or does not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Reading the file is not allowed.</exception>
    /// <example>
    /// <code>
    /// var settings = Pickle.LoadBinaryFormatterFromFile&lt;Settings&gt;("settings.bin");
    /// </code>
    /// </example>
    public static T LoadBinaryFormatterFromFile<T>(string path, PickleOptions? options = null)
    {
        using var stream = OpenRead(path);
        return NrbfObjectReader.Load<T>(stream, options ?? PickleOptions.Default);
    }
}
