namespace Quiver.Arrow.Ipc;

/// <summary>One IPC <c>FieldNode</c>: the length and null count of one array, in depth-first order of the schema's fields.</summary>
public readonly record struct IpcFieldNode(long Length, long NullCount);

/// <summary>One IPC <c>Buffer</c>: where a buffer lies in the message body, relative to the body's first byte.</summary>
public readonly record struct IpcBufferRegion(long Offset, long Length);
