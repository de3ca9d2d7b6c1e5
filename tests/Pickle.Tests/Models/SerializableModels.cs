#pragma warning disable SYSLIB0050, SYSLIB0051 // The models define their state the way BinaryFormatter's users did.
using System.Runtime.Serialization;

namespace Pickling.Tests.Models;

/// <summary>A type whose state is what its GetObjectData says, under names of its own, and which checks it as it loads.</summary>
public sealed class SerializablePoint : ISerializable
{
    public SerializablePoint(int x, int y, string? label = null)
    {
        X = x;
        Y = y;
        Label = label;
        Cache = "from the constructor";
    }

    private SerializablePoint(SerializationInfo info, StreamingContext context)
    {
        X = info.GetInt32("x-coordinate");
        Y = info.GetInt32("y-coordinate");
        Label = info.GetString("label");
        if (X < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(info), "x-coordinate is negative");
        }

        Cache = "from the entries";
    }

    public int X { get; }

    public int Y { get; }

    public string? Label { get; }

    /// <summary>Not among the entries: what each constructor sets tells which ran.</summary>
    public string Cache { get; }

    public void GetObjectData(SerializationInfo info, StreamingContext context)
    {
        info.AddValue("x-coordinate", X);
        info.AddValue("y-coordinate", Y);
        info.AddValue("label", Label);
    }
}

/// <summary>Entries of the names <see cref="SerializablePoint"/> reads, holding what its constructor cannot take: a hostile twin.</summary>
public sealed class PointEntriesTwin(object? x, object? y, bool withY = true) : ISerializable
{
    private PointEntriesTwin(SerializationInfo info, StreamingContext context)
        : this(info.GetValue("x-coordinate", typeof(object)), null)
    {
    }

    public void GetObjectData(SerializationInfo info, StreamingContext context)
    {
        info.AddValue("x-coordinate", x);
        if (withY)
        {
            info.AddValue("y-coordinate", y);
        }

        info.AddValue("label", "twin");
    }
}

/// <summary>A type with as many entries as it is told to have.</summary>
public sealed class ManyEntries(int count) : ISerializable
{
    private ManyEntries(SerializationInfo info, StreamingContext context)
        : this(info.MemberCount)
    {
    }

    public int Count { get; } = count;

    public void GetObjectData(SerializationInfo info, StreamingContext context)
    {
        for (var i = 0; i < Count; i++)
        {
            info.AddValue("e" + i, null);
        }
    }
}

/// <summary>An ISerializable class with no constructor to load its entries through.</summary>
public sealed class SerializableWithoutConstructor : ISerializable
{
    public int Value { get; set; }

    public void GetObjectData(SerializationInfo info, StreamingContext context) => info.AddValue("Value", Value);
}

/// <summary>An ISerializable struct.</summary>
public readonly struct SerializableMoney : ISerializable
{
    public SerializableMoney(decimal amount, string currency)
    {
        Amount = amount;
        Currency = currency;
    }

    private SerializableMoney(SerializationInfo info, StreamingContext context)
    {
        Amount = info.GetDecimal("amount");
        Currency = info.GetString("currency")!;
    }

    public decimal Amount { get; }

    public string Currency { get; }

    public void GetObjectData(SerializationInfo info, StreamingContext context)
    {
        info.AddValue("amount", Amount);
        info.AddValue("currency", Currency);
    }
}

/// <summary>An abstract base for members declared abstract.</summary>
public abstract class SerializableShape
{
    public abstract double Area { get; }
}

/// <summary>An ISerializable class behind an abstract declared type, whose entries hold shared objects and objects of any type.</summary>
public sealed class SerializableCircle : SerializableShape, ISerializable
{
    public SerializableCircle(double radius, object? tag, List<string>? names)
    {
        Radius = radius;
        Tag = tag;
        Names = names;
    }

    private SerializableCircle(SerializationInfo info, StreamingContext context)
    {
        Radius = info.GetDouble("r");
        Tag = info.GetValue("tag", typeof(object));
        Names = (List<string>?)info.GetValue("names", typeof(List<string>));
    }

    public double Radius { get; }

    public object? Tag { get; }

    public List<string>? Names { get; }

    public override double Area => Math.PI * Radius * Radius;

    public void GetObjectData(SerializationInfo info, StreamingContext context)
    {
        info.AddValue("r", Radius);
        info.AddValue("tag", Tag);
        info.AddValue("names", Names);
    }
}

/// <summary>Holds values declared as object and as an abstract type.</summary>
public sealed class SerializableHolder
{
    public object? Anything { get; set; }

    public SerializableShape? Shape { get; set; }

    public List<object?> Items { get; set; } = [];
}

/// <summary>One of a few named settings, each a singleton: it serializes as a <see cref="SettingsReference"/>, which loads as the singleton.</summary>
public sealed class NamedSettings : ISerializable
{
    public static readonly NamedSettings Fast = new("fast");
    public static readonly NamedSettings Safe = new("safe");

    private NamedSettings(string name) => Name = name;

    public string Name { get; }

    public void GetObjectData(SerializationInfo info, StreamingContext context)
    {
        info.SetType(typeof(SettingsReference));
        info.AddValue("name", Name);
    }
}

/// <summary>What a <see cref="NamedSettings"/> is saved as: loads as the singleton of its name.</summary>
public sealed class SettingsReference : ISerializable, IObjectReference
{
    private readonly string _name;

    private SettingsReference(SerializationInfo info, StreamingContext context) => _name = info.GetString("name")!;

    public object GetRealObject(StreamingContext context) => _name switch
    {
        "fast" => NamedSettings.Fast,
        "safe" => NamedSettings.Safe,
        _ => throw new SerializationException($"There are no settings named '{_name}'."),
    };

    public void GetObjectData(SerializationInfo info, StreamingContext context) => throw new NotSupportedException();
}

/// <summary>A type that says it serializes as a type of its choosing, by name.</summary>
public sealed class NamesItsType(string fullTypeName, string assemblyName) : ISerializable
{
    public void GetObjectData(SerializationInfo info, StreamingContext context)
    {
        info.FullTypeName = fullTypeName;
        info.AssemblyName = assemblyName;
        info.AddValue("name", "fast");
    }
}

/// <summary>A colour saved field by field that loads as the canonical instance of its name (IObjectReference without ISerializable).</summary>
public sealed class CanonicalColour : IObjectReference
{
    public static readonly CanonicalColour Red = new() { Name = "red" };
    public static readonly CanonicalColour Green = new() { Name = "green" };

    public string Name { get; init; } = "";

    public object GetRealObject(StreamingContext context) => Name == "red" ? Red : Name == "green" ? Green : this;
}

/// <summary>A holder whose GetRealObject gives an object that is not of its declared type.</summary>
public sealed class WrongRealObject : IObjectReference
{
    public int Value { get; set; }

    public object GetRealObject(StreamingContext context) => "not a holder";
}

/// <summary>A holder whose GetRealObject gives another holder, always.</summary>
public sealed class EndlessReference : IObjectReference
{
    public int Depth { get; set; }

    public object GetRealObject(StreamingContext context) => new EndlessReference { Depth = Depth + 1 };
}

/// <summary>A node whose reference to itself passes through an IObjectReference.</summary>
public sealed class SelfReferringColour : IObjectReference
{
    public static readonly SelfReferringColour Canonical = new();

    public object? Self { get; set; }

    public object GetRealObject(StreamingContext context) => Canonical;
}
