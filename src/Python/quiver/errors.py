"""The exceptions of the Quiver runtime."""


class ProtocolError(ValueError):
    """A peer broke the topic protocol (docs/protocol.md, "Violations"); its connection is closed."""


class TopicUnavailableError(ConnectionError):
    """No live publisher, a refused handshake, another user's publisher, or a topic already published."""


class FingerprintMismatchError(TopicUnavailableError):
    """The publisher's message type is not the one the subscriber expects (both are named)."""


class PoolExhaustedError(RuntimeError):
    """The publisher's sample pool is at its limits and subscribers still hold every sample."""
