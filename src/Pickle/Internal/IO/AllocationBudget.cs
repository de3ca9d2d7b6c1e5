namespace Pickling.Internal;

/// <summary>
/// What one load may allocate for what a frame declares rather than holds (<see cref="PickleOptions.MaxAllocation"/>):
/// by default 64 bytes per byte the frame stores, plus 16 MiB. Decompression spends it on the payload it produces
/// (<see cref="PayloadCompression"/>); the serializer spends the rest on arrays and collections sized by the counts
/// in the payload. The one owner of the limit and of its error.
/// </summary>
internal sealed class AllocationBudget
{
    /// <summary>The bytes a load may allocate per byte of the frame's stored payload, by default.</summary>
    public const int BytesPerStoredByte = 64;

    /// <summary>The bytes any load may allocate, however small its frame, by default.</summary>
    public const long Allowance = 16L * 1024 * 1024;

    /// <summary>The key of <see cref="Exception.Data"/> that marks a budget's error.</summary>
    private const string ExceededKey = "Pickle.AllocationBudget.Exceeded";

    private long _limit;
    private long _storedBytes;
    private bool _fromOptions;
    private long _spent;

    private AllocationBudget(long limit, long storedBytes, bool fromOptions)
    {
        _limit = limit;
        _storedBytes = storedBytes;
        _fromOptions = fromOptions;
    }

    /// <summary>The bytes not yet spent.</summary>
    public long Left => _limit - _spent;

    /// <summary>
    /// The budget of a load whose frame stores <paramref name="storedBytes"/> payload bytes, as <paramref name="options"/>
    /// set it; the budget already started for this load if the options carry one (<see cref="PassOn"/>).
    /// </summary>
    public static AllocationBudget For(PickleOptions options, long storedBytes) =>
        options.Budget ?? new(options.MaxAllocation ?? DefaultFor(storedBytes), storedBytes, options.MaxAllocation is not null);

    /// <summary>
    /// As <see cref="For(PickleOptions, long)"/>, reusing <paramref name="reused"/>, the budget a finished load of the
    /// same caller started (made on first use), so that a load allocates nothing for its budget.
    /// </summary>
    public static AllocationBudget For(PickleOptions options, long storedBytes, ref AllocationBudget? reused)
    {
        if (options.Budget is { } passedOn)
        {
            return passedOn;
        }

        var budget = reused ??= new(0, 0, fromOptions: false);
        budget._limit = options.MaxAllocation ?? DefaultFor(storedBytes);
        budget._storedBytes = storedBytes;
        budget._fromOptions = options.MaxAllocation is not null;
        budget._spent = 0;
        return budget;
    }

    /// <summary>The default budget for a frame that stores <paramref name="storedBytes"/> payload bytes.</summary>
    public static long DefaultFor(long storedBytes) =>
        storedBytes >= (long.MaxValue - Allowance) / BytesPerStoredByte ? long.MaxValue : (storedBytes * BytesPerStoredByte) + Allowance;

    /// <summary>
    /// The options for the serializer of a payload that decompression produced: they carry this budget, what the
    /// decompression spent included, so that the serializer goes on with it rather than starting one for the payload.
    /// </summary>
    public PickleOptions PassOn(PickleOptions options) => options with { Budget = this };

    /// <summary>Spends <paramref name="bytes"/> on <paramref name="what"/>; a <see cref="PickleException"/>, before the allocation, if they are not left.</summary>
    public void Spend(long bytes, string what)
    {
        if (bytes > Left)
        {
            throw Exceeded(bytes, what);
        }

        _spent += bytes;
    }

    /// <summary>Spends <paramref name="count"/> times <paramref name="bytesEach"/> bytes, without overflow, on <paramref name="what"/>.</summary>
    public void Spend(long count, long bytesEach, string what) => Spend(Product(count, bytesEach), what);

    /// <summary>
    /// Spends <paramref name="count"/> times <paramref name="bytesEach"/> bytes, without overflow, on a
    /// <paramref name="type"/> (a whole one) or on <paramref name="count"/> <paramref name="unit"/> of one ("elements",
    /// "entries"); the type is named only in the error, so that a load that stays within its budget formats nothing.
    /// </summary>
    public void Spend(long count, long bytesEach, Type type, string? unit = null)
    {
        var bytes = Product(count, bytesEach);
        if (bytes > Left)
        {
            throw Exceeded(bytes, unit is null ? $"a {TypeNames.Of(type)}" : $"{count:N0} {unit} of a {TypeNames.Of(type)}");
        }

        _spent += bytes;
    }

    /// <summary>Whether <paramref name="e"/> is a budget's error: a load that would allocate more than its limit allows.</summary>
    public static bool IsExceeded(Exception e) => e is PickleException && e.Data.Contains(ExceededKey);

    private static long Product(long count, long bytesEach) => count > 0 && bytesEach > long.MaxValue / count ? long.MaxValue : count * bytesEach;

    private PickleException Exceeded(long bytes, string what)
    {
        var spent = _spent > 0 ? $" ({_spent:N0} of them spent already)" : string.Empty;
        var limit = _fromOptions
            ? $"the {_limit:N0} bytes that PickleOptions.MaxAllocation allows{spent}"
            : $"the {_limit:N0} bytes allowed for a frame of {_storedBytes:N0} stored bytes{spent} (64 bytes per stored byte plus 16 MiB, PickleOptions.MaxAllocation's default)";
        var error = new PickleException(
            $"Loading the pickle would allocate {(bytes == long.MaxValue ? "more bytes than a process can have" : $"{bytes:N0} bytes")} for {what}, over {limit}. " +
            "A small file that needs that much memory is a decompression bomb or was made to exhaust memory, unless it holds a large compressible " +
            "array or many nulls of a large struct. If you trust the file, load it with a larger MaxAllocation: PickleOptions.Default with { MaxAllocation = 8L << 30 }.");
        error.Data[ExceededKey] = true;
        return error;
    }
}
