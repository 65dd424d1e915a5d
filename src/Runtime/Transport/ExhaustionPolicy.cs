namespace Quiver.Transport;

/// <summary>What <see cref="Publisher.Loan"/> does when the pool is at its limits and full.</summary>
public enum ExhaustionPolicy
{
    /// <summary>Wait up to <see cref="PublisherOptions.BlockTimeout"/> for a sample to be released, then throw.</summary>
    Block,

    /// <summary>Throw <see cref="SharedMemory.PoolExhaustedException"/> at once.</summary>
    Throw,

    /// <summary>Add segments past the configured limits.</summary>
    Grow,
}
