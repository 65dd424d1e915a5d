namespace Quiver.Generator.Model;

/// <summary>The unit of a timestamp or duration, written s, ms, us or ns in schemas.</summary>
public enum TimeUnit
{
    Second,
    Millisecond,
    Microsecond,
    Nanosecond,
}
