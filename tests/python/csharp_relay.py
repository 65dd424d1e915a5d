"""Typed samples through the C# test peer: it decodes each with Quiver's reader and publishes it again,
encoded by Quiver's writer, so what comes back was written by C#."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator

import quiver
from conftest import csharp_peer


@contextmanager
def through_csharp_relay(topic: str, message_class: type, children) -> Iterator[tuple[Callable[[Any], Any], quiver.Subscriber]]:
    """Yields ``send(message)``, which publishes on ``topic`` and returns the message the relay sent
    back on ``topic + "-back"``, and the subscriber that received it."""
    back = topic + "-back"
    with quiver.publish(topic, message_class) as publisher:
        relay = children(csharp_peer("relay", topic, back, message_class.MESSAGE, message_class.FINGERPRINT))
        relay.expect("READY")
        with quiver.subscribe(back, message_class, wait_for_publisher=30) as subscriber:
            relay.say("WAIT 1")
            relay.expect("SUBSCRIBED")
            assert publisher.wait_for_subscribers(1, 30)

            def send(message: Any) -> Any:
                sequence = publisher.send(message)
                assert relay.expect("RELAYED") == f"RELAYED {sequence}"
                return subscriber.receive(30)

            yield send, subscriber
