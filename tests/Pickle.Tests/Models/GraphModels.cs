namespace Pickling.Tests.Models;

public abstract class Animal
{
    public string Name { get; set; } = "";
}

[Picklable]
public sealed class Dog : Animal
{
    public bool GoodBoy { get; set; }
}

[Picklable]
public sealed class Cat : Animal
{
    private int _lives = 9;

    public int Lives => _lives;

    public void LoseLife() => _lives--;
}

/// <summary>Not marked: must be allowed through the options.</summary>
public sealed class Parrot : Animal
{
    public List<string> Words { get; set; } = [];
}

public interface IShape
{
    double Area { get; }
}

[Picklable]
public sealed record Square(double Side) : IShape
{
    public double Area => Side * Side;
}

[Picklable]
public sealed record Circle(double Radius) : IShape
{
    public double Area => Math.PI * Radius * Radius;
}

public sealed class Zoo
{
    public List<Animal> Animals { get; set; } = [];

    public Animal? Star { get; set; }

    public IShape? Shape { get; set; }

    public object? Anything { get; set; }

    public Dictionary<string, object?> Bag { get; set; } = [];

    public object?[] Items { get; set; } = [];

    public IReadOnlyList<PositionalPerson> People { get; set; } = [];
}

/// <summary>A tree node with a parent link: a cycle between parent and children.</summary>
[Picklable]
public sealed class TreeNode
{
    public string Name { get; set; } = "";

    public TreeNode? Parent { get; set; }

    public List<TreeNode> Children { get; set; } = [];
}

/// <summary>A doubly linked list node.</summary>
[Picklable]
public sealed class Link
{
    public int Value { get; set; }

    public Link? Next { get; set; }

    public Link? Previous { get; set; }
}

/// <summary>A graph vertex with arbitrary edges.</summary>
[Picklable]
public sealed class Vertex
{
    public int Id { get; set; }

    public List<Vertex> Edges { get; set; } = [];
}

/// <summary>Two members that may point at the same object.</summary>
public sealed class Pair
{
    public object? First { get; set; }

    public object? Second { get; set; }

    public List<int>? Left { get; set; }

    public List<int>? Right { get; set; }
}

/// <summary>A type that only a surrogate can pickle: no fields Pickle can write meaningfully.</summary>
public sealed class Temperature
{
    private Temperature(double kelvin) => Kelvin = kelvin;

    [PickleIgnore]
    public double Kelvin { get; }

    public static Temperature FromKelvin(double kelvin) => new(kelvin);
}

public sealed class TemperatureSurrogate : PickleSurrogate<Temperature, double>
{
    public override double ToSurrogate(Temperature value) => value.Kelvin;

    public override Temperature FromSurrogate(double surrogate) => Temperature.FromKelvin(surrogate);
}

public sealed class Thermometer
{
    public Temperature? Reading { get; set; }

    public List<Temperature> History { get; set; } = [];
}

/// <summary>A chain that its converter dumps as a pickle of its own, in the middle of its owner's dump.</summary>
public sealed class PickledChain
{
    public ChainLink? Chain { get; set; }
}

public sealed class PickledChainSurrogate : PickleSurrogate<PickledChain, byte[]>
{
    public override byte[] ToSurrogate(PickledChain value) => Pickle.DumpToBytes(value.Chain);

    public override PickledChain FromSurrogate(byte[] surrogate) => new() { Chain = Pickle.LoadFromBytes<ChainLink>(surrogate) };
}

/// <summary>One level of a deep value, the innermost holding a <see cref="PickledChain"/>.</summary>
public sealed class Nest
{
    public PickledChain? Payload { get; set; }

    public Nest? Inner { get; set; }

    public static Nest Around(PickledChain payload, int depth)
    {
        var nest = new Nest { Payload = payload };
        for (var i = 1; i < depth; i++)
        {
            nest = new Nest { Inner = nest };
        }

        return nest;
    }
}

/// <summary>A small record of the benchmark workload.</summary>
public sealed record SmallRecord(int Id, double Score, string Name, DateTime When, List<int> Tags);

/// <summary>A generic wrapper, allowed as an open generic.</summary>
public sealed class Box<T>
{
    public T? Value { get; set; }
}

/// <summary>A node that runs a full garbage collection as it is dumped, so that objects may move in the middle of a dump.</summary>
public sealed class CollectingNode : IPickleCallbacks
{
    public int Value { get; set; }

    public CollectingNode? Next { get; set; }

    public void OnDumping() => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

    public void OnLoaded()
    {
    }
}
