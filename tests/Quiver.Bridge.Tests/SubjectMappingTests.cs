namespace Quiver.Bridge.Tests;

public sealed class SubjectMappingTests
{
    private readonly SubjectMapping _subjects = new("fleet-1");

    [Theory]
    [InlineData("camera", "quiver.fleet-1.camera")]
    [InlineData("robot/camera/front", "quiver.fleet-1.robot.camera.front")]
    [InlineData("v1.2/left_eye", "quiver.fleet-1.v1_2E2.left_5Feye")]
    [InlineData("a_2E", "quiver.fleet-1.a_5F2E")]
    public void Topics_map_to_documented_subjects_and_back(string topic, string subject)
    {
        Assert.Equal(subject, _subjects.DataSubject(topic));
        Assert.Equal(topic, _subjects.TopicOf(subject));
    }

    [Fact]
    public void Topics_that_differ_only_in_dots_slashes_or_escapes_get_different_subjects()
    {
        string[] topics = ["a.b", "a/b", "a_b", "a_2Eb", "a_5Fb", "a_2E/b"];
        var subjects = topics.Select(_subjects.DataSubject).ToList();
        Assert.Equal(topics.Length, subjects.Distinct().Count());
        Assert.Equal(topics, subjects.Select(s => _subjects.TopicOf(s)));
    }

    [Fact]
    public void Announcements_travel_on_their_own_root_so_no_topic_can_collide_with_them()
    {
        Assert.Equal("quiver-schema.fleet-1.robot.camera", _subjects.AnnouncementSubject("robot/camera"));
        Assert.Null(_subjects.TopicOf("quiver-schema.fleet-1.robot.camera"));
    }

    [Theory]
    [InlineData("quiver.other.camera")]
    [InlineData("quiver.fleet-1.bad_escape")]
    [InlineData("quiver.fleet-1.a..b")]
    [InlineData("quiver.fleet-1.")]
    public void Subjects_no_topic_maps_to_are_not_topics(string subject) => Assert.Null(_subjects.TopicOf(subject));

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a*")]
    [InlineData("a>")]
    [InlineData("a b")]
    public void A_prefix_must_be_one_plain_token(string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => new SubjectMapping(prefix));
        Assert.Contains("one NATS subject token", error.Message);
    }

    [Fact]
    public void An_invalid_topic_is_refused_with_the_topic_rules()
    {
        var error = Assert.Throws<ArgumentException>(() => _subjects.DataSubject("a*b"));
        Assert.Contains("contains '*'", error.Message);
    }
}
