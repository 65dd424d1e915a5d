"""The bytes every test sample carries (same rule as tests/Quiver.Transport.TestPeer/SamplePattern.cs)."""


def pattern(sequence: int, length: int) -> bytes:
    return bytes((sequence * 31 + i * 7 + 1) & 0xFF for i in range(length))
