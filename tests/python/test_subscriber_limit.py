"""``max_subscribers``: who is refused, what the others notice, and when a slot frees up (as in C#,
SubscriberLimitTests)."""

from __future__ import annotations

import re
from contextlib import ExitStack

import pytest

import quiver
from conftest import CHILD_TIMEOUT, RAW, csharp_peer
from quiver import TopicUnavailableError

LIMIT = 2
# A generous bound so a broken publisher fails the test instead of hanging it; never a synchronisation.
WAIT = 10


def _receive_one(publisher, payload: bytes, *subscribers) -> list[bytes]:
    """Sends ``payload`` and returns what each subscriber received."""
    publisher.send_bytes(payload)
    received = []
    for subscriber in subscribers:
        with subscriber.receive(WAIT) as lease:
            received.append(bytes(lease.memory))
    return received


def test_the_subscriber_over_the_limit_is_refused_the_others_keep_receiving_and_a_freed_slot_admits_a_new_one(topic):
    logged: list[tuple[str, str]] = []
    with ExitStack() as stack:
        publisher = stack.enter_context(quiver.publish(topic, RAW, max_subscribers=LIMIT, log=lambda level, message: logged.append((level, message))))
        first = stack.enter_context(quiver.subscribe(topic, RAW))
        second = stack.enter_context(quiver.subscribe(topic, RAW))
        assert publisher.wait_for_subscribers(LIMIT, WAIT)

        with pytest.raises(TopicUnavailableError, match=re.escape(f"Topic '{topic}' already has its maximum of {LIMIT} subscribers.")):
            quiver.subscribe(topic, RAW)
        # The publisher logs before it sends the refusal, so the line is there once subscribe raised.
        refusals = [message for level, message in logged if level == "warning" and "refused pid" in message]
        assert len(refusals) == 1 and f"maximum of {LIMIT} subscribers" in refusals[0]
        assert publisher.subscriber_count == LIMIT

        assert _receive_one(publisher, b"1", first, second) == [b"1", b"1"]

        first.close()
        assert publisher.wait_for(lambda stats: stats.subscribers == LIMIT - 1, WAIT)
        third = stack.enter_context(quiver.subscribe(topic, RAW))
        assert publisher.wait_for_subscribers(LIMIT, WAIT)
        assert _receive_one(publisher, b"2", second, third) == [b"2", b"2"]


def test_one_subscriber_is_a_valid_limit(topic):
    with quiver.publish(topic, RAW, max_subscribers=1) as publisher, quiver.subscribe(topic, RAW) as only:
        assert publisher.wait_for_subscribers(1, WAIT)
        with pytest.raises(TopicUnavailableError, match="maximum of 1 subscribers"):
            quiver.subscribe(topic, RAW)
        assert _receive_one(publisher, b"x", only) == [b"x"]


def test_a_csharp_subscriber_over_the_limit_of_a_python_publisher_is_refused_with_the_same_text(topic, children):
    with quiver.publish(topic, RAW, max_subscribers=1) as publisher, quiver.subscribe(topic, RAW) as only:
        assert publisher.wait_for_subscribers(1, WAIT)
        child = children(csharp_peer("subscribe", topic, "auto"))
        # Subscriber.Connect throws before the peer prints READY; the exception ends the process.
        assert child.process.wait(timeout=CHILD_TIMEOUT) != 0
        stderr = child.process.stderr.read()
        assert "TopicUnavailableException" in stderr
        assert f"Topic '{topic}' already has its maximum of 1 subscribers." in stderr
        assert _receive_one(publisher, b"y", only) == [b"y"]


@pytest.mark.parametrize("value", [0, -1, 2.5, "8", True, None])
def test_bad_limits_are_refused(topic, value):
    with pytest.raises(ValueError, match="max_subscribers is a whole number, at least 1"):
        quiver.publish(topic, RAW, max_subscribers=value)
