using System.Buffers;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Checks the shape of a MessagePack payload in one pass, without recursion and before any formatter runs:
/// exactly one value, every array and map holding as many values as its header declares, nothing nested deeper
/// than the depth limit. After this check a declared length can never make a formatter allocate for values that
/// are not there, so allocation stays proportional to the payload's real size. A type header's two-element wrapper
/// (<c>[ext 80, contents]</c>) does not count as a level: the depth limit counts values, as the dump's limit does.
/// </summary>
internal static class PayloadShape
{
    public static void Check(ReadOnlySequence<byte> payload, int maxDepth)
    {
        var reader = new MessagePackReader(payload);
        var pending = ArrayPool<long>.Shared.Rent(2 * maxDepth + 2);
        var isWrapper = ArrayPool<bool>.Shared.Rent(2 * maxDepth + 2);
        try
        {
            var depth = 0;
            var wrappers = 0;
            pending[0] = 1;
            while (true)
            {
                while (pending[depth] == 0 && depth > 0)
                {
                    if (isWrapper[depth--])
                    {
                        wrappers--;
                    }
                }

                if (pending[depth] == 0)
                {
                    break;
                }

                pending[depth]--;
                if (reader.End)
                {
                    throw new PickleException(
                        $"The payload ends in the middle of a value (after {reader.Consumed:N0} bytes, {pending[depth] + 1:N0} more values were declared). " +
                        "The file is damaged or was written by a faulty serializer; restore it from a good copy.");
                }

                long count;
                switch (reader.NextMessagePackType)
                {
                    case MessagePackType.Array:
                        count = reader.ReadArrayHeader();
                        break;
                    case MessagePackType.Map:
                        count = reader.ReadMapHeader() * 2L;
                        break;
                    case MessagePackType.Unknown:
                        throw new PickleException(
                            $"The payload holds the byte 0x{reader.NextCode:X2} at offset {reader.Consumed:N0}, which MessagePack never uses. " +
                            "The file is damaged or was not written by Pickle.");
                    default:
                        reader.Skip();
                        continue;
                }

                var wrapper = count == 2 && StartsWithTypeHeader(reader);
                if (!wrapper && depth - wrappers == maxDepth)
                {
                    throw new PickleException(
                        $"The payload nests arrays and objects more than {maxDepth:N0} deep, the limit of PickleOptions.MaxDepth. " +
                        "The file is damaged or hostile; if you trust it and its values really are this deep, load it with a larger MaxDepth.");
                }

                pending[++depth] = count;
                isWrapper[depth] = wrapper;
                wrappers += wrapper ? 1 : 0;
            }

            if (!reader.End)
            {
                throw new PickleException(
                    $"The payload holds {reader.Sequence.Length - reader.Consumed:N0} more bytes after its value. The file is damaged or was written by a faulty serializer.");
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(pending);
            ArrayPool<bool>.Shared.Return(isWrapper);
        }
    }

    private static bool StartsWithTypeHeader(MessagePackReader reader) =>
        reader.NextMessagePackType == MessagePackType.Extension
        && reader.CreatePeekReader().ReadExtensionFormatHeader().TypeCode == ObjectHeaders.HeaderCode;
}
