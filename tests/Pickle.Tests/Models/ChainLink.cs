namespace Pickling.Tests.Models;

/// <summary>A singly linked list node: long chains and cycles (<c>link.Next = link</c>).</summary>
public sealed class ChainLink
{
    public int Value { get; set; }

    public ChainLink? Next { get; set; }

    /// <summary>Builds a chain of <paramref name="length"/> links without recursion.</summary>
    public static ChainLink Chain(int length)
    {
        var head = new ChainLink { Value = 0 };
        var last = head;
        for (var i = 1; i < length; i++)
        {
            last.Next = new ChainLink { Value = i };
            last = last.Next;
        }

        return head;
    }
}
