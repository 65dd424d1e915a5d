"""The in-place layout of a typed sample (quiver/stream_layout.py) and sending a region of a loan;
no pyarrow: the stream bytes are Arrow C++ 21's golden streams, decoded by the C# test peer."""

from __future__ import annotations

import pytest

import quiver
from conftest import RAW, csharp_peer
from ipc_peek import RECORD_BATCH, SCHEMA, record_batch_shape, split_stream
from quiver.stream_layout import END_OF_STREAM, place_stream
from test_golden_relay import _golden



@pytest.mark.parametrize(("schema_length", "batch_length", "expected"), [
    # (padding, batch start, loan length): padding = 64 - schema length mod 64 unless that is 0.
    (200, 1000, (56, 256, 256 + 1000 + 8)),
    (64, 8, (0, 64, 64 + 8 + 8)),
    (8, 24, (56, 64, 64 + 24 + 8)),
    (136, 72, (56, 192, 192 + 72 + 8)),
])
def test_the_record_batch_message_starts_64_byte_aligned(schema_length, batch_length, expected):
    placement = place_stream(schema_length, batch_length)
    assert (placement.stream_start, placement.batch_start, placement.loan_length) == expected
    assert placement.batch_start % 64 == 0 and placement.batch_length == batch_length
    assert placement.stream_length == schema_length + batch_length + 8


def test_empty_messages_are_refused():
    with pytest.raises(ValueError):
        place_stream(0, 8)


def test_a_region_of_a_loan_is_the_sample(topic):
    with quiver.publish(topic, RAW) as publisher, quiver.subscribe(topic, RAW) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        loan = publisher.loan(200)
        loan.memory[:] = bytes(i % 251 for i in range(200))
        publisher.send(loan, 10, 64)
        with subscriber.receive(10) as lease:
            assert bytes(lease.memory) == bytes(range(64, 74))
            assert lease.address % 64 == 0
        loan = publisher.loan(100)
        loan.memory[:] = bytes(range(100))
        publisher.send(loan, offset=90)
        with subscriber.receive(10) as lease:
            assert bytes(lease.memory) == bytes(range(90, 100))


@pytest.mark.parametrize(("offset", "length"), [(-1, 1), (101, None), (50, 51), (0, 101), (10, -1)])
def test_regions_outside_the_loan_are_refused(topic, offset, length):
    with quiver.publish(topic, RAW) as publisher:
        loan = publisher.loan(100)
        with pytest.raises(ValueError, match="loan"):
            publisher.send(loan, length, offset)
        loan.close()
        assert publisher.stats().loaned == 0


@pytest.mark.parametrize("name", ["generated_primitive.stream", "generated_nested.stream"])
def test_a_whole_stream_written_into_the_loan_sends_its_record_batch(topic, children, name):
    """What a typed send does with pyarrow's stream writer, done with Arrow C++'s bytes: the stream
    (schema, batch, end-of-stream) goes into the loan at the placement, the frame points at the
    batch, and the C# peer decodes it with Quiver's own Arrow reader."""
    messages = split_stream(_golden(name))
    assert messages[0][0] == SCHEMA and messages[1][0] == RECORD_BATCH
    schema, batch = messages[0][1], messages[1][1]
    placement = place_stream(len(schema), len(batch))
    contract = quiver.Contract("golden.Batch", 0x0123456789ABCDEF, schema)
    back = topic + "-back"
    with quiver.publish(topic, contract) as publisher:
        relay = children(csharp_peer("relay", topic, back, contract.message_type, f"{contract.fingerprint:016x}"))
        relay.expect("READY")
        with quiver.subscribe(back, contract, wait_for_publisher=30) as subscriber:
            relay.say("WAIT 1")
            relay.expect("SUBSCRIBED")
            assert publisher.wait_for_subscribers(1, 30)
            loan = publisher.loan(placement.loan_length)
            loan.memory[placement.stream_start:] = schema + batch + END_OF_STREAM
            sequence = publisher.send(loan, placement.batch_length, placement.batch_start)
            assert relay.expect("RELAYED") == f"RELAYED {sequence}"
            with subscriber.receive(30) as relayed:
                assert record_batch_shape(bytes(relayed.memory)) == record_batch_shape(batch)


def test_a_message_loan_sends_its_batch_region_on_a_normal_exit_and_returns_it_on_an_error(topic):
    """MessageLoan's own logic (views, send, give back) over a raw loan; pyarrow only computes the regions."""
    np = pytest.importorskip("numpy", reason="numpy is not installed")
    from quiver.message_loan import MessageLoan
    with quiver.publish(topic, RAW) as publisher, quiver.subscribe(topic, RAW) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        loan = publisher.loan(256)
        with MessageLoan(publisher, loan, 64, 100, {"data": loan.numpy(np.uint8, 80, 16)}) as message:
            message.data[:] = np.arange(16, dtype=np.uint8)
            with pytest.raises(AttributeError, match="payload fields: data"):
                message.width
        with subscriber.receive(10) as lease:
            assert lease.length == 100 and bytes(lease.memory[16:32]) == bytes(range(16))
        loan = publisher.loan(256)
        with pytest.raises(RuntimeError):
            with MessageLoan(publisher, loan, 64, 100, {}):
                raise RuntimeError("the camera failed")
        assert publisher.stats().loaned == 0 and publisher.stats().sent == 1
