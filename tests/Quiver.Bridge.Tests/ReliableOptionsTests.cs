namespace Quiver.Bridge.Tests;

/// <summary>The in-flight bound of a reliable importer against the chunks of its largest message.</summary>
public sealed class ReliableOptionsTests
{
    private static BridgeOptions Options(bool importing, int maxChunkBytes, long maxMessageBytes, int importInFlight) => new()
    {
        Export = importing ? [] : ["some/topic"],
        Import = importing ? ["some/topic"] : [],
        MaxChunkBytes = maxChunkBytes,
        MaxMessageBytes = maxMessageBytes,
        Reliable = new ReliableOptions { ImportInFlight = importInFlight },
    };

    [Fact]
    public void An_importer_whose_bound_cannot_hold_its_largest_message_is_refused_with_the_numbers()
    {
        // 64 MiB in chunks of 16384 bytes, 48 of them the header: ceil(67108864 / 16336) = 4109 chunks.
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => Options(importing: true, 16384, 64L << 20, 256).Validate());
        Assert.Equal("ImportInFlight", refused.ParamName);
        Assert.Contains("(4109 for 67108864 bytes in chunks of 16384)", refused.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Options(importing: true, 16384, 64L << 20, 4109).Validate());
        Options(importing: true, 16384, 64L << 20, 4110).Validate();
        // 1 MiB in the same chunks is 65 of them.
        Options(importing: true, 16384, 1L << 20, 256).Validate();
    }

    [Fact]
    public void An_exporter_acknowledges_nothing_and_is_not_held_to_the_importers_bound()
    {
        Options(importing: false, 16384, 64L << 20, 256).Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => Options(importing: false, 16384, 64L << 20, 1).Validate());
    }
}
