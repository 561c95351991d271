using System.Security.Cryptography;
using System.Text;

namespace Lifestream.Tests;

/// <summary>
/// Writes a tiny speaker-embedding ONNX graph with the WeSpeaker/ECAPA export interface OnnxSpeakerEmbedder expects
/// (input <c>feats</c> [1, frames, mel bins] float, output <c>embs</c> [1, dim] float), so ONNX Runtime really runs
/// it. The graph is statistics pooling plus a seeded random projection: embs = sqrt(mean_t(feats²) + ε) · W.
/// The protobuf is written directly (field numbers from onnx.proto), so no Python or onnx package is needed.
/// </summary>
internal static class TinySpeakerEmbeddingModel
{
    public const string InputName = "feats";
    public const string OutputName = "embs";

    public static (string Path, string Sha256, long SizeBytes) Write(string path, int melBins = 80, int dimension = 16, int seed = 5)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, melBins * dimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();

        var graph = new Proto()
            .Message(1, Node("Mul", [InputName, InputName], ["squared"]))
            .Message(1, Node("ReduceMean", ["squared"], ["variance"], new Proto().String(1, "axes").Varints(8, [1]).Varint(20, 7), new Proto().String(1, "keepdims").Varint(3, 0).Varint(20, 2)))
            .Message(1, Node("Add", ["variance", "epsilon"], ["floored"]))
            .Message(1, Node("Sqrt", ["floored"], ["deviation"]))
            .Message(1, Node("MatMul", ["deviation", "projection"], [OutputName]))
            .String(2, "tiny-speaker-embedding")
            .Message(5, Tensor("epsilon", [1], [1e-6f]))
            .Message(5, Tensor("projection", [melBins, dimension], weights))
            .Message(11, ValueInfo(InputName, new Proto().Varint(1, 1), new Proto().String(2, "frames"), new Proto().Varint(1, melBins)))
            .Message(12, ValueInfo(OutputName, new Proto().Varint(1, 1), new Proto().Varint(1, dimension)));
        var model = new Proto()
            .Varint(1, 8) // ir_version 8
            .String(2, "lifestream-tests")
            .Message(7, graph)
            .Message(8, new Proto().String(1, string.Empty).Varint(2, 13)); // opset 13: ReduceMean still takes axes as an attribute

        File.WriteAllBytes(path, model.ToArray());
        using var read = File.OpenRead(path);
        return (path, Convert.ToHexStringLower(SHA256.HashData(read)), new FileInfo(path).Length);
    }

    private static Proto Node(string op, string[] inputs, string[] outputs, params Proto[] attributes)
    {
        var node = new Proto();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        foreach (var output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, op + "_" + outputs[0]).String(4, op);
        foreach (var attribute in attributes)
        {
            node.Message(5, attribute);
        }

        return node;
    }

    private static Proto Tensor(string name, long[] dims, float[] values)
    {
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        return new Proto().Varints(1, dims).Varint(2, 1).String(8, name).Bytes(9, raw);
    }

    /// <summary>ValueInfoProto { name, type: TypeProto { tensor_type { elem_type FLOAT, shape { dim… } } } }.</summary>
    private static Proto ValueInfo(string name, params Proto[] dims)
    {
        var shape = new Proto();
        foreach (var dim in dims)
        {
            shape.Message(1, dim);
        }

        return new Proto().String(1, name).Message(2, new Proto().Message(1, new Proto().Varint(1, 1).Message(2, shape)));
    }

    /// <summary>The few protobuf wire forms ONNX needs: varints (wire type 0) and length-delimited fields (2).</summary>
    private sealed class Proto
    {
        private readonly List<byte> buffer = [];

        public Proto Varint(int field, long value)
        {
            Tag(field, 0);
            Raw((ulong)value);
            return this;
        }

        public Proto Varints(int field, long[] values)
        {
            foreach (var value in values)
            {
                Varint(field, value);
            }

            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto message) => Bytes(field, message.ToArray());

        public Proto Bytes(int field, byte[] value)
        {
            Tag(field, 2);
            Raw((ulong)value.Length);
            buffer.AddRange(value);
            return this;
        }

        public byte[] ToArray() => [.. buffer];

        private void Tag(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                buffer.Add((byte)(value | 0x80));
                value >>= 7;
            }

            buffer.Add((byte)value);
        }
    }
}
