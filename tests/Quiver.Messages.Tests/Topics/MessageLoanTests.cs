using Vision;

namespace Quiver.Messages.Tests.Topics;

/// <summary><see cref="MessageLoan{T}"/> is a struct: its default value holds no sample and says so.</summary>
public class MessageLoanTests
{
    [Fact]
    public void A_default_loan_holds_no_sample_and_disposing_it_does_nothing()
    {
        var loan = default(MessageLoan<Image>);

        Assert.Throws<InvalidOperationException>(() => loan.Sample);
        Assert.Throws<InvalidOperationException>(() => loan.Body);
        loan.Dispose();
    }
}
