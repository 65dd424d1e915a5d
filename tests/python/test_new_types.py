"""Decimals, maps and dictionary-encoded strings in generated modules (tests/Quiver.Messages.Tests/schemas/ledger.quiver):
values as Python gives them, samples through the transport, and a round trip through C#'s reader and writer."""

from __future__ import annotations

import decimal

import pytest

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed")

import quiver  # noqa: E402
from csharp_relay import through_csharp_relay  # noqa: E402


@pytest.fixture(scope="module")
def ledger(generated_test_schemas):
    import ledger as module
    return module


def _entry(ledger):
    return ledger.Entry(
        price=decimal.Decimal("12345678901234.56"), maybe_price=decimal.Decimal("-0.0000000001"),
        huge=decimal.Decimal("-1234567890123456789012345678901234567890123456789012345.67891"), maybe_huge=None,
        label="person", maybe_label=None, labels=["car", "person", "car"],
        attributes={"hardware_id": "cam0", "status": ""}, counts={1: 10, -2: None},
        quotes={"buy": ledger.Quote(amount=decimal.Decimal("1.50"), currency="EUR")},
        by_unit={ledger.Unit.Kilogram: [decimal.Decimal("0.01")], ledger.Unit.Count: []},
        prices=[None, decimal.Decimal("3.25")], nested={"a": {"x": True}, "b": {}})


def _check(entry, ledger):
    assert entry.price == decimal.Decimal("12345678901234.56") and isinstance(entry.price, decimal.Decimal)
    assert entry.maybe_price == decimal.Decimal("-1E-10")
    assert entry.huge == decimal.Decimal("-1234567890123456789012345678901234567890123456789012345.67891")
    assert entry.maybe_huge is None and entry.maybe_label is None
    assert entry.label == "person" and isinstance(entry.label, str)
    assert entry.labels.to_pylist() == ["car", "person", "car"]
    assert entry.attributes == {"hardware_id": "cam0", "status": ""}
    assert entry.counts == {1: 10, -2: None}
    buy = entry.quotes["buy"]
    assert (buy.amount, buy.currency) == (decimal.Decimal("1.50"), "EUR")
    assert entry.by_unit[ledger.Unit.Kilogram].to_pylist() == [decimal.Decimal("0.01")]
    assert entry.nested == {"a": {"x": True}, "b": {}}


def test_the_schema_has_the_arrow_types_the_docs_name(ledger):
    schema = ledger.Entry.SCHEMA
    assert schema.field("price").type == pa.decimal128(18, 2)
    assert schema.field("huge").type == pa.decimal256(60, 5)
    assert schema.field("label").type == pa.dictionary(pa.int32(), pa.utf8())
    attributes = schema.field("attributes").type
    assert pa.types.is_map(attributes) and not attributes.key_field.nullable and not attributes.item_field.nullable
    assert schema.field("counts").type.item_field.nullable


def test_a_received_row_reads_as_python_values(ledger):
    batch = _entry(ledger).to_arrow()
    batch.validate(full=True)
    _check(ledger.Entry.from_arrow(batch), ledger)


def test_a_decimal_with_more_digits_than_its_scale_is_refused(ledger):
    message = _entry(ledger)
    message._values["price"] = decimal.Decimal("0.001")
    with pytest.raises(pa.ArrowInvalid):
        message.to_arrow()


def test_samples_carry_their_dictionaries_python_to_python(topic, ledger):
    with quiver.publish(topic, ledger.Entry) as publisher, quiver.subscribe(topic, ledger.Entry) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        publisher.send(_entry(ledger))
        _check(subscriber.receive(10), ledger)


def test_new_types_round_trip_python_to_csharp_and_back(topic, ledger, children):
    """C# reads the sample's dictionary batches and record batch with Quiver's reader, writes them again with its writer."""
    message = _entry(ledger)
    with through_csharp_relay(topic, ledger.Entry, children) as (send, _):
        received = send(message)
        assert received.to_arrow().equals(message.to_arrow())
        _check(received, ledger)


def test_loan_message_refuses_a_schema_with_dictionaries(topic, ledger):
    with quiver.publish(topic, ledger.Entry) as publisher:
        with pytest.raises(ValueError, match="dictionary-encoded fields"):
            publisher.loan_message(price=1)
