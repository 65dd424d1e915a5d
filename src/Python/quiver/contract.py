"""What a topic carries: message type name, fingerprint and the Arrow IPC schema message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Contract:
    """The handshake's description of a topic. Raw-bytes users build one directly; for a
    generated message class use ``Contract.of(MessageClass)`` (needs pyarrow for the schema)."""

    message_type: str
    fingerprint: int
    schema: bytes = b""

    @staticmethod
    def of(message_class: type) -> "Contract":
        from .arrow import schema_message
        return Contract(message_class.MESSAGE, int(message_class.FINGERPRINT, 16), schema_message(message_class))
