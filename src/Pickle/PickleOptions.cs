using System.Reflection;
using Pickling.Internal;

namespace Pickling;

/// <summary>
/// Settings for dumping and loading. Immutable: change a copy with <c>with</c>, as in
/// <c>PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() }</c>. One instance may be
/// shared by any number of threads.
/// </summary>
public sealed record PickleOptions
{
    /// <summary>The largest payload a frame may declare by default: 4 GiB.</summary>
    public const long DefaultMaxPayloadSize = 4L * 1024 * 1024 * 1024;

    /// <summary>The deepest nesting of values accepted by default.</summary>
    public const int DefaultMaxDepth = 500;

    private readonly IPickleSerializer _serializer = MessagePackPickleSerializer.Default;
    private readonly long _maxPayloadSize = DefaultMaxPayloadSize;
    private readonly long? _maxAllocation;
    private readonly int _maxDepth = DefaultMaxDepth;
    private readonly byte[]? _signingKey;
    private readonly PickleCompression? _compression;
    private readonly IReadOnlyCollection<Type> _allowedTypes = [];
    private readonly IReadOnlyCollection<Assembly> _allowedAssemblies = [];
    private readonly IReadOnlyList<PickleConverter> _converters = [];
    private readonly IReadOnlyDictionary<string, Type> _typeAliases = System.Collections.ObjectModel.ReadOnlyDictionary<string, Type>.Empty;

    /// <summary>The options used when none are given: MessagePack, default limits.</summary>
    public static PickleOptions Default { get; } = new();

    /// <summary>
    /// The serializer that writes and reads payloads. <see cref="MessagePackPickleSerializer"/> by default.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IPickleSerializer Serializer
    {
        get => _serializer;
        init => _serializer = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// The largest payload, in bytes, that a frame may declare when loading; a larger one is a
    /// <see cref="PickleException"/> before anything is allocated. <see cref="DefaultMaxPayloadSize"/> (4 GiB) by
    /// default. Lower it when loading from sources you do not trust.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public long MaxPayloadSize
    {
        get => _maxPayloadSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxPayloadSize = value;
        }
    }

    /// <summary>
    /// The most bytes one load may allocate for what a frame declares rather than holds: its payload decompressed,
    /// and arrays and collections sized by the element counts in the payload, at the size of their element type.
    /// <see langword="null"/> (the default) allows 64 bytes per byte the frame stores, plus 16 MiB, so that a small
    /// file cannot make a large allocation; beyond, a load is a <see cref="PickleException"/> before the allocation.
    /// Set it to load a trusted compressed file that expands more than 64 times (a large array of zeros), or a
    /// collection of many nulls of a large struct: <c>MaxAllocation = 8L &lt;&lt; 30</c>. Dumps ignore it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public long? MaxAllocation
    {
        get => _maxAllocation;
        init
        {
            if (value is { } bytes)
            {
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes, nameof(value));
            }

            _maxAllocation = value;
        }
    }

    /// <summary>The allocation budget a load has started, passed on to its serializer; <see langword="null"/> in every options a caller makes.</summary>
    internal AllocationBudget? Budget { get; init; }

    /// <summary>
    /// The deepest nesting of objects and collections that a dump or load accepts (<see cref="DefaultMaxDepth"/>
    /// by default); deeper values are a <see cref="PickleException"/> rather than a stack overflow.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 1 and 10,000.</exception>
    public int MaxDepth
    {
        get => _maxDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 10_000);
            _maxDepth = value;
        }
    }

    /// <summary>
    /// A secret key for tamper protection, or <see langword="null"/> (the default) for none. With a key, every dump
    /// is signed with HMAC-SHA256, and every load requires a frame signed with this same key: an unsigned frame, a
    /// frame signed with another key, and an altered frame are each a <see cref="PickleException"/>. Without a key,
    /// signed frames still load (their checksum is checked, their signature is not).
    /// </summary>
    /// <remarks>Use at least 32 random bytes, kept secret, for example from <c>RandomNumberGenerator.GetBytes(32)</c>. The key is copied.</remarks>
    /// <exception cref="ArgumentException">The key is shorter than 16 bytes.</exception>
    public byte[]? SigningKey
    {
        get => _signingKey?.ToArray();
        init
        {
            if (value is { Length: < 16 })
            {
                throw new ArgumentException("A signing key must be at least 16 bytes long; use 32 random bytes.", nameof(value));
            }

            _signingKey = value?.ToArray();
        }
    }

    /// <summary>The signing key without a defensive copy, for the frame writer and reader.</summary>
    internal ReadOnlySpan<byte> SigningKeySpan => _signingKey;

    internal bool HasSigningKey => _signingKey is not null;

    /// <summary>
    /// How dumps compress their payload, or <see langword="null"/> (the default) to choose by the file name:
    /// <c>Pickle.DumpToFile</c> compresses files named <c>*.lz4</c> with <see cref="PickleCompression.Lz4"/> and
    /// <c>*.zst</c> with <see cref="PickleCompression.Zstd"/>, and stores everything else uncompressed, as it does
    /// every dump to a stream or to bytes. Loading reads the codec from the frame and ignores this setting.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="PickleCompression"/>.</exception>
    public PickleCompression? Compression
    {
        get => _compression;
        init
        {
            if (value is { } codec && !Enum.IsDefined(codec))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Use PickleCompression.None, Lz4 or Zstd.");
            }

            _compression = value;
        }
    }

    /// <summary>
    /// Whether to keep object identity, as Python's pickle does: with <see langword="true"/> (the default), every object
    /// is written once and later references to it as a back-reference, so objects shared in the dumped graph are shared
    /// after loading and cycles (a node pointing back to its parent, a list containing itself) round-trip. Objects
    /// are numbered in the order they are written, so an object referred to once costs no byte. With
    /// <see langword="false"/>, for tree-shaped data, the dump skips the lookup each object costs; a shared object is
    /// then written, and loads, once per reference, and a cycle cannot be dumped. Loading needs no option: a pickle
    /// written either way loads with any options.
    /// </summary>
    public bool PreserveReferences { get; init; } = true;

    /// <summary>
    /// Types a pickle may name where a value's declared type is <see cref="object"/>, abstract, an interface or a
    /// base class (in addition to the built-in safe set: primitives, strings, the BCL value types and collections
    /// of allowed types, and types marked <see cref="PicklableAttribute"/>). An open generic type such as
    /// <c>typeof(Box&lt;&gt;)</c> allows all its instantiations over allowed types. Known dangerous types
    /// (<c>System.Diagnostics.Process</c>, delegates, <see cref="Type"/> and others) are refused even if listed.
    /// Empty by default.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IReadOnlyCollection<Type> AllowedTypes
    {
        get => _allowedTypes;
        init => _allowedTypes = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Assemblies all of whose types a pickle may name, as with <see cref="AllowedTypes"/>; typically your own
    /// model assembly: <c>AllowedAssemblies = [typeof(MyModel).Assembly]</c>. Known dangerous types stay refused.
    /// Empty by default.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IReadOnlyCollection<Assembly> AllowedAssemblies
    {
        get => _allowedAssemblies;
        init => _allowedAssemblies = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Custom converters (surrogates) for types that Pickle should not dump field by field, such as types you do
    /// not own; see <see cref="PickleSurrogate{T, TSurrogate}"/> and <see cref="PickleConverter.FromFormatter{T}"/>.
    /// Used by the MessagePack serializer; give the same converters when loading. Empty by default.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IReadOnlyList<PickleConverter> Converters
    {
        get => _converters;
        init => _converters = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Type names as pickles hold them, mapped to the types to load in their place: for a type that was renamed or
    /// moved and that you cannot mark with <see cref="PickleFormerNameAttribute"/>. A key is a full type name,
    /// with or without its assembly's simple name (<c>"Shop.Widget"</c> matches it from any assembly,
    /// <c>"Shop.Widget, Shop"</c> from that one only, and wins over it); it stands for that type wherever a pickle
    /// names it, inside generic types and arrays too, and before any type that still has the name. The mapped type
    /// must still be allowed (see <see cref="AllowedTypes"/>). Used by the MessagePack serializer; empty by default.
    /// </summary>
    /// <example><c>PickleOptions.Default with { TypeAliases = new Dictionary&lt;string, Type&gt; { ["Shop.Widget, Shop"] = typeof(Gadget) } }</c></example>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>, or maps a name to <see langword="null"/>.</exception>
    public IReadOnlyDictionary<string, Type> TypeAliases
    {
        get => _typeAliases;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (var alias in value)
            {
                ArgumentNullException.ThrowIfNull(alias.Value, nameof(value));
            }

            _typeAliases = value;
        }
    }
}
