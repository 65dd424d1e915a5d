using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Quiver.Transport.Bench;

/// <summary>
/// gRPC (Grpc.Net.Client and Grpc.AspNetCore on Kestrel) over a Unix domain socket, HTTP/2 without
/// TLS, messages as raw <c>bytes</c> (a pass-through marshaller, no protobuf), message size limits
/// (gRPC's and Kestrel's request body limit) lifted and everything else at its defaults. Each message's first 8 bytes are the sender's
/// Stopwatch timestamp.
/// Unary: this process calls <c>Send</c> on a server in the child, which records each arrival; the
/// reply is the acknowledgement. Server streaming: this process serves <c>Stream</c> and the child
/// reads it; for latency the child acknowledges every message with a unary <c>Ack</c> before the
/// next is written, for throughput the messages go back to back.
/// </summary>
internal static class GrpcPeer
{
    private const string Service = "quiver.bench.Peer";
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);
    private static readonly Method<byte[], byte[]> SendMethod = new(MethodType.Unary, Service, "Send", Bytes, Bytes);
    private static readonly Method<byte[], byte[]> DoneMethod = new(MethodType.Unary, Service, "Done", Bytes, Bytes);
    private static readonly Method<byte[], byte[]> StreamMethod = new(MethodType.ServerStreaming, Service, "Stream", Bytes, Bytes);
    private static readonly Method<byte[], byte[]> AckMethod = new(MethodType.Unary, Service, "Ack", Bytes, Bytes);
    private static readonly byte[] Empty = [];

    public static (double P50, double P99) UnaryLatency(string directory, int size, int messages) =>
        Unary(directory, size, messages + BenchSubscriber.WarmUpSamples, "latency");

    public static double UnaryThroughput(string directory, int messages) => Unary(directory, 64, messages, "throughput").First;

    public static (double P50, double P99) StreamLatency(string directory, int size, int messages) =>
        Streamed(directory, size, messages + BenchSubscriber.WarmUpSamples, "latency");

    public static double StreamThroughput(string directory, int messages) => Streamed(directory, 64, messages, "throughput").First;

    private static (double First, double Second) Unary(string directory, int size, int calls, string mode)
    {
        string path = SocketPath(directory);
        using var child = Child.Start("grpc-server", path, mode);
        using var channel = Connect(path);
        var invoker = channel.CreateCallInvoker();
        var payload = Payload(size);
        for (int i = 0; i < calls; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
            invoker.AsyncUnaryCall(SendMethod, null, default, payload).ResponseAsync.GetAwaiter().GetResult();
        }
        invoker.AsyncUnaryCall(DoneMethod, null, default, Empty).ResponseAsync.GetAwaiter().GetResult();
        return child.Result();
    }

    private static (double First, double Second) Streamed(string directory, int size, int messages, string mode)
    {
        string path = SocketPath(directory);
        var peer = new PeerService { Plan = new StreamPlan(messages, size, Paced: mode == "latency") };
        var server = Serve(path, peer);
        try
        {
            using var child = Child.Start("grpc-stream-client", path, mode);
            return child.Result();
        }
        finally
        {
            server.StopAsync().GetAwaiter().GetResult();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            File.Delete(path);
        }
    }

    /// <summary>The child's server for the unary runs: prints READY, then RESULT once told the run is done.</summary>
    public static int ServeUnary(string path, string mode)
    {
        var peer = new PeerService { Recorder = new BenchSubscriber.Recorder(mode == "latency") };
        var server = Serve(path, peer);
        Console.WriteLine("READY");
        Console.Out.Flush();
        peer.Done.Task.GetAwaiter().GetResult();
        server.StopAsync().GetAwaiter().GetResult();
        peer.Recorder.PrintResult();
        return 0;
    }

    /// <summary>The child's client for the streaming runs: reads every message, acknowledging each when measuring latency.</summary>
    public static int ReadStream(string path, string mode)
    {
        bool latency = mode == "latency";
        var recorder = new BenchSubscriber.Recorder(latency);
        using var channel = Connect(path);
        var invoker = channel.CreateCallInvoker();
        using var call = invoker.AsyncServerStreamingCall(StreamMethod, null, default, Empty);
        var messages = call.ResponseStream;
        while (messages.MoveNext(CancellationToken.None).GetAwaiter().GetResult())
        {
            long now = Stopwatch.GetTimestamp();
            recorder.Record(BinaryPrimitives.ReadInt64LittleEndian(messages.Current), now);
            if (latency)
                invoker.AsyncUnaryCall(AckMethod, null, default, Empty).ResponseAsync.GetAwaiter().GetResult();
        }
        recorder.PrintResult();
        return 0;
    }

    private static string SocketPath(string directory)
    {
        string path = Path.Combine(directory, "grpc.sock");
        File.Delete(path);
        return path;
    }

    private static byte[] Payload(int size)
    {
        var payload = new byte[Math.Max(size, sizeof(long))];
        Random.Shared.NextBytes(payload);
        return payload;
    }

    private static GrpcChannel Connect(string path) => GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
    {
        MaxReceiveMessageSize = null,
        MaxSendMessageSize = null,
        HttpHandler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellation) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        },
    });

    private static WebApplication Serve(string path, PeerService peer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenUnixSocket(path, listen => listen.Protocols = HttpProtocols.Http2);
            // Kestrel's own 30 MB request limit would refuse the 64 MiB unary call.
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = null;
            options.MaxSendMessageSize = null;
            // A failing handler says why in the caller's RpcException.
            options.EnableDetailedErrors = true;
        });
        builder.Services.AddSingleton(peer);
        builder.Services.AddSingleton<IServiceMethodProvider<PeerService>, PeerMethods>();
        var app = builder.Build();
        app.MapGrpcService<PeerService>();
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }

    private sealed record StreamPlan(int Messages, int Size, bool Paced);

    /// <summary>Both ends' handlers; each run uses the ones of its role.</summary>
    private sealed class PeerService
    {
        private readonly SemaphoreSlim _acks = new(0);

        public BenchSubscriber.Recorder? Recorder { get; init; }
        public StreamPlan? Plan { get; init; }
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<byte[]> Receive(byte[] message)
        {
            Recorder!.Record(BinaryPrimitives.ReadInt64LittleEndian(message), Stopwatch.GetTimestamp());
            return Task.FromResult(Empty);
        }

        public Task<byte[]> Finish()
        {
            Done.TrySetResult();
            return Task.FromResult(Empty);
        }

        public async Task StreamTo(IServerStreamWriter<byte[]> writer)
        {
            var plan = Plan!;
            var payload = Payload(plan.Size);
            for (int i = 0; i < plan.Messages; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
                await writer.WriteAsync(payload);
                if (plan.Paced)
                    await _acks.WaitAsync();
            }
        }

        public Task<byte[]> Acknowledge()
        {
            _acks.Release();
            return Task.FromResult(Empty);
        }
    }

    private sealed class PeerMethods : IServiceMethodProvider<PeerService>
    {
        public void OnServiceMethodDiscovery(ServiceMethodProviderContext<PeerService> context)
        {
            context.AddUnaryMethod(SendMethod, [], (service, request, _) => service.Receive(request));
            context.AddUnaryMethod(DoneMethod, [], (service, _, _) => service.Finish());
            context.AddServerStreamingMethod(StreamMethod, [], (service, _, writer, _) => service.StreamTo(writer));
            context.AddUnaryMethod(AckMethod, [], (service, _, _) => service.Acknowledge());
        }
    }
}
