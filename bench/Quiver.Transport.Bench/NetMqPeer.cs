using System.Buffers.Binary;
using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;

namespace Quiver.Transport.Bench;

/// <summary>
/// NetMQ 4 (ZeroMQ in C#) between two processes: a PAIR socket pair over tcp://127.0.0.1. Its
/// ipc:// transport is not a Unix socket but TCP on a loopback port derived from the address's
/// string hash, which .NET randomises per process, so two processes would not find each other;
/// TCP on loopback is what NetMQ offers on Linux. Each message is one frame whose first 8 bytes are
/// the sender's Stopwatch timestamp. Latency: the receiver answers every frame with one byte, so
/// the next one starts on an idle line (as the socket copy does); throughput: frames back to back.
/// </summary>
internal static class NetMqPeer
{
    public static (double P50, double P99) Latency(int size, int messages) => Run(size, messages, latency: true);

    public static double Throughput(int messages) => Run(64, messages, latency: false).First;

    private static (double First, double Second) Run(int size, int messages, bool latency)
    {
        try
        {
            using var socket = new PairSocket();
            int port = socket.BindRandomPort("tcp://127.0.0.1");
            using var child = Child.Start("netmq-receiver", port.ToString(), latency ? "latency" : "throughput");
            var frame = new byte[Math.Max(size, sizeof(long))];
            Random.Shared.NextBytes(frame);
            int total = messages + (latency ? BenchSubscriber.WarmUpSamples : 0);
            for (int i = 0; i < total; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(frame, Stopwatch.GetTimestamp());
                socket.SendFrame(frame);
                if (latency)
                    socket.ReceiveFrameBytes();
            }
            // An empty frame ends the run.
            socket.SendFrameEmpty();
            return child.Result();
        }
        finally
        {
            NetMQConfig.Cleanup(block: false);
        }
    }

    public static int Receive(string port, string mode)
    {
        bool latency = mode == "latency";
        var recorder = new BenchSubscriber.Recorder(latency);
        using (var socket = new PairSocket())
        {
            socket.Connect($"tcp://127.0.0.1:{port}");
            byte[] ack = [1];
            while (true)
            {
                byte[] frame = socket.ReceiveFrameBytes();
                long now = Stopwatch.GetTimestamp();
                if (frame.Length == 0)
                    break;
                recorder.Record(BinaryPrimitives.ReadInt64LittleEndian(frame), now);
                if (latency)
                    socket.SendFrame(ack);
            }
        }
        NetMQConfig.Cleanup(block: false);
        recorder.PrintResult();
        return 0;
    }
}
