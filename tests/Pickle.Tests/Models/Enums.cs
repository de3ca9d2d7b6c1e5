namespace Pickling.Tests.Models;

public enum Color
{
    Red,
    Green,
    Blue,
}

[Flags]
public enum Permissions
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
    All = Read | Write | Execute,
}

public enum Huge : ulong
{
    Small = 1,
    Largest = ulong.MaxValue,
}
