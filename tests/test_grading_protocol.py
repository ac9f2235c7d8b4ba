"""The grader-sandbox wire format: round trips, and junk that must be refused, never executed."""

import json
import struct

import numpy as np
import pytest

from course_utils.grading.protocol import MAX_FRAME, Opaque, ProtocolError, pack, unpack


def roundtrip(message):
    frame = pack(message)
    (size,) = struct.unpack("!Q", frame[:8])
    assert size == len(frame) - 8
    return unpack(frame[8:])


def test_arrays_scalars_and_containers_round_trip():
    rng = np.random.default_rng(0)
    msg = {"a": rng.normal(size=(3, 4)), "i": np.arange(5), "b": np.array([True, False]),
           "f": 0.1, "n": None, "s": "text", "t": (1, 2.5), "l": [np.float32(1.5), 3], "d": {"k": -np.inf}}
    out = roundtrip(msg)
    np.testing.assert_array_equal(out["a"], msg["a"])
    assert out["a"].dtype == np.float64 and out["i"].dtype == msg["i"].dtype and out["b"].dtype == bool
    assert out["f"] == 0.1 and out["n"] is None and out["s"] == "text"
    assert out["t"] == (1, 2.5) and isinstance(out["t"], tuple)
    assert out["l"] == [1.5, 3] and out["d"] == {"k": -np.inf}


def test_non_data_objects_travel_as_opaque_descriptions():
    out = roundtrip({"v": object(), "fn": print, "o": np.array(["x"], dtype=object)})
    assert isinstance(out["v"], Opaque) and "object" in repr(out["v"])
    assert isinstance(out["o"], Opaque) and "dtype object" in repr(out["o"])


def frame_body(head, blobs=()):
    """A frame body whose JSON head is ``head`` (bytes kept as they are, objects wrapped like pack does)."""
    head = head if isinstance(head, bytes) else json.dumps({"__dict__": head} if isinstance(head, dict) else head).encode()
    parts = [struct.pack("!Q", len(blobs)), struct.pack("!Q", len(head)), head]
    for b in blobs:
        parts += [struct.pack("!Q", len(b)), b]
    return b"".join(parts)


@pytest.mark.parametrize("body, message", [
    (b"\x00" * 3, "truncated frame"),
    (frame_body({"x": {"__array__": 0, "dtype": "float64", "shape": [2]}}, [b"\x00" * 8]), "does not match its shape"),
    (frame_body({"x": {"__array__": 3, "dtype": "float64", "shape": [1]}}, [b"\x00" * 8]), "bad array reference"),
    (frame_body({"x": {"__array__": 0, "dtype": "object", "shape": [1]}}, [b"\x00" * 8]), "bad array reference"),
    (frame_body({"x": {"__pickle__": "gASVAAAA"}}), "unknown object"),
    (frame_body(b'{"__dict__": {"x": {"__array__": 0, "dtype": "float64", "shape": [-1]}}}', [b""]), "bad array shape"),
    (frame_body([1, 2]), "unexpected JSON value of type list"),
    (frame_body(b'{"__seq__": "list", "items": []}'), "a message must be a dict"),
    (frame_body({"x": 1}) + b"extra", "trailing bytes"),
    (frame_body(b"[" * 100000), "malformed frame"),
])
def test_junk_is_a_protocol_error(body, message):
    with pytest.raises(ProtocolError, match=message):
        unpack(body)


def test_oversized_frame_refused_before_reading():
    import socket

    a, b = socket.socketpair()
    from course_utils.grading.protocol import read_frame

    a.sendall(struct.pack("!Q", MAX_FRAME + 1))
    with pytest.raises(ProtocolError, match="exceeds the limit"):
        read_frame(b)
    a.close()
    b.close()
