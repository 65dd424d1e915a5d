using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

public class TopicNameTests
{
    [Theory]
    [InlineData("camera/front", "camera+front.sock")]
    [InlineData("a", "a.sock")]
    [InlineData("robot_1/lidar-top/v1.2", "robot_1+lidar-top+v1.2.sock")]
    public void Valid_topics_map_to_one_file_name_and_back(string topic, string file)
    {
        Assert.Equal(file, TopicName.ToFileName(topic));
        Assert.Equal(topic, TopicName.FromFileName(file));
    }

    [Theory]
    [InlineData("camera.txt")]
    [InlineData("+camera.sock")]
    [InlineData("a++b.sock")]
    [InlineData(".sock")]
    public void Other_file_names_are_not_topics(string file) => Assert.Null(TopicName.FromFileName(file));

    [Theory]
    [InlineData("")]
    [InlineData("/abs")]
    [InlineData("trailing/")]
    [InlineData("a//b")]
    [InlineData("../etc")]
    [InlineData("a/./b")]
    [InlineData("a+b")]
    [InlineData("space here")]
    [InlineData("nul\0")]
    [InlineData("ünïcode")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public void Invalid_topics_are_refused(string topic) => Assert.Throws<ArgumentException>(() => TopicName.Validate(topic));
}
