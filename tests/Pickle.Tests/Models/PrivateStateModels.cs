using System.Runtime.Serialization;

namespace Pickling.Tests.Models;

/// <summary>A base class with private state that raw MessagePack drops.</summary>
public class LedgerAccount
{
    private readonly string _owner;
    private decimal _balance;

    public LedgerAccount(string owner, decimal balance)
    {
        _owner = owner;
        _balance = balance;
    }

    public string Owner => _owner;

    public decimal Balance => _balance;

    public void Deposit(decimal amount) => _balance += amount;
}

/// <summary>Derived private state, a field hiding a base field's name, and excluded members.</summary>
public sealed class SavingsLedgerAccount : LedgerAccount
{
    private readonly string _owner;

    [NonSerialized]
    private int _cacheHits;

    public SavingsLedgerAccount(string owner, decimal balance, double rate, string nickname)
        : base(owner, balance)
    {
        Rate = rate;
        _owner = nickname;
    }

    public double Rate { get; private set; }

    public string Nickname => _owner;

    [PickleIgnore]
    public string Session { get; set; } = "default";

    [IgnoreDataMember]
    public int Ignored { get; set; }

    public int CacheHits
    {
        get => _cacheHits;
        set => _cacheHits = value;
    }
}

/// <summary>No parameterless constructor and a constructor that refuses to run.</summary>
public sealed class NoUsableConstructor
{
    private readonly int _value;

    public NoUsableConstructor(int value, bool allow)
    {
        if (!allow)
        {
            throw new InvalidOperationException("not allowed");
        }

        _value = value;
    }

    public int Value => _value;
}

/// <summary>A struct with private and read-only fields.</summary>
public readonly struct Measurement(double value, string unit)
{
    private readonly double _value = value;
    private readonly string _unit = unit;

    public override string ToString() => $"{_value} {_unit}";
}

/// <summary>Counts its callbacks; the cache is rebuilt after loading.</summary>
public sealed class CallbackCounter : IPickleCallbacks
{
    public int Dumped { get; set; }

    public List<int> Values { get; set; } = [];

    [PickleIgnore]
    public int Sum { get; private set; }

    [PickleIgnore]
    public bool Loaded { get; private set; }

    public void OnDumping() => Dumped++;

    public void OnLoaded()
    {
        Loaded = true;
        Sum = Values.Sum();
    }
}

/// <summary>Version 1 of a type evolving across releases.</summary>
public sealed class SettingsV1
{
    private int _volume = 3;
    private string _removed = "gone";

    public int Volume => _volume;

    public string Removed => _removed;
}

/// <summary>Version 2: one field removed, one added with an initializer.</summary>
public sealed class SettingsV2
{
    private int _volume = 1;
    private int _brightness = 7;

    public int Volume => _volume;

    public int Brightness => _brightness;
}

/// <summary>A positional record, an init-only class and an immutable class.</summary>
public sealed record PositionalPerson(string Name, int Age);

public sealed class ImmutablePoint3
{
    public ImmutablePoint3(int x, int y, int z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public int X { get; }

    public int Y { get; }

    public int Z { get; }
}

public sealed class InitOnly
{
    public string Name { get; init; } = "";

    public DateTime When { get; init; }
}
