namespace Quiver.Arrow.Types;

/// <summary>Values match Schema.fbs so they can be written to IPC metadata unchanged.</summary>
public enum TimeUnit : short
{
    Second = 0,
    Millisecond = 1,
    Microsecond = 2,
    Nanosecond = 3,
}

/// <summary>Values match Schema.fbs.</summary>
public enum DateUnit : short
{
    Day = 0,
    Millisecond = 1,
}

/// <summary>Values match Schema.fbs.</summary>
public enum FloatPrecision : short
{
    Half = 0,
    Single = 1,
    Double = 2,
}
