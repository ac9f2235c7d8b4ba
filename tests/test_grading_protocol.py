"""The grader-sandbox wire format: round trips, and junk that must be refused, never executed."""

import json
import socket
import struct
import threading
import time
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from course_utils.grading.protocol import (
    MAX_FRAME, MAX_HEAD, FrameTimeout, Opaque, ProtocolError, pack, read_frame, unpack,
)


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
    a, b = socket.socketpair()
    a.sendall(struct.pack("!Q", MAX_FRAME + 1))
    with pytest.raises(ProtocolError, match="exceeds the limit"):
        read_frame(b)
    a.close()
    b.close()


def _send_slowly(sock, data, pause):
    for i in range(len(data)):
        try:
            sock.sendall(data[i:i + 1])
        except OSError:
            return
        time.sleep(pause)


def test_a_frame_trickled_a_byte_at_a_time_is_cut_off_at_the_deadline():
    """The deadline bounds the whole frame: each byte arriving in time for its own recv does not extend it."""
    a, b = socket.socketpair()
    frame = pack({"ok": True, "value": "x" * 200})
    sender = threading.Thread(target=_send_slowly, args=(a, frame, 0.05), daemon=True)
    sender.start()
    started = time.monotonic()
    with pytest.raises(FrameTimeout, match="not complete at the deadline"):
        read_frame(b, deadline=started + 0.5)
    assert time.monotonic() - started < 1.0
    a.close()
    b.close()


def test_a_whole_frame_before_the_deadline_is_read():
    a, b = socket.socketpair()
    a.sendall(pack({"k": np.arange(3.0)}))
    np.testing.assert_array_equal(read_frame(b, deadline=time.monotonic() + 5)["k"], [0.0, 1.0, 2.0])
    a.close()
    b.close()


def _peak_reading(frame):
    """Peak memory (bytes, tracemalloc) of reading ``frame`` from a socket, and the ProtocolError or message."""
    a, b = socket.socketpair()
    sender = threading.Thread(target=a.sendall, args=(frame,), daemon=True)
    tracemalloc.start()
    try:
        sender.start()
        try:
            result = read_frame(b, deadline=time.monotonic() + 30)
        except ProtocolError as exc:
            result = exc
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        sender.join()
        a.close()
        b.close()
    return peak, result


def _frame(head, blobs=()):
    body = frame_body(head, blobs)
    return struct.pack("!Q", len(body)) + body


@pytest.mark.parametrize("name, frame, refusal", [
    ("a head of many empty lists", _frame(b"[" + b"[]," * (2 * 10**6) + b"[]]"), "exceeds the limit"),
    ("a head just under the size limit, of lists", _frame(b"[" + b"[]," * (MAX_HEAD // 3 - 2) + b"[]]"),
     "values exceeds the limit"),
    ("one array named 200 times", _frame({"v": {"__seq__": "list", "items": [
        {"__array__": 0, "dtype": "uint8", "shape": [10**6]}] * 200}},
                                         [bytes(10**6)]), "bad array reference"),
    ("an array shape that overflows int64", _frame({"v": {"__array__": 0, "dtype": "float64",
                                                          "shape": [2**32, 2**32]}}, [b""]), "does not match"),
])
def test_junk_frames_are_refused_without_swelling_memory(name, frame, refusal):
    peak, result = _peak_reading(frame)
    assert isinstance(result, ProtocolError) and refusal in str(result), (name, result)
    assert peak < 2 * len(frame) + (16 << 20), f"{name}: reading a {len(frame) >> 20} MB frame took {peak >> 20} MB"


def test_a_frame_at_the_size_limit_is_held_once():
    """The largest frame allowed, one array: the array is a view of the frame's buffer, not a copy of it."""
    n = (MAX_FRAME - 4096) // 8
    frame = _frame({"v": {"__array__": 0, "dtype": "float64", "shape": [n]}}, [bytes(8 * n)])
    peak, message = _peak_reading(frame)
    assert message["v"].shape == (n,) and message["v"].dtype == np.float64
    assert peak < 1.1 * len(frame), f"reading a {len(frame) >> 20} MB frame took {peak >> 20} MB"


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                     max_leaves=20)
_TAGGED = st.fixed_dictionaries({}, optional={
    "__array__": st.integers(-2, 3), "dtype": st.sampled_from(["float64", "int8", "object", "<U1", 7]),
    "shape": st.lists(st.integers(-1, 2**40), max_size=40) | _JSON, "__float__": st.text(max_size=8),
    "__seq__": st.sampled_from(["list", "tuple", 3]), "items": _JSON, "__dict__": _JSON, "__repr__": _JSON})


@settings(max_examples=300, deadline=None)
@given(head=st.one_of(_JSON, _TAGGED, st.dictionaries(st.text(max_size=5), _TAGGED, max_size=3)),
       blobs=st.lists(st.binary(max_size=64), max_size=3), trailing=st.binary(max_size=4))
def test_any_structured_junk_is_a_dict_or_a_protocol_error(head, blobs, trailing):
    """Whatever a sandbox puts in a frame: a message (a dict of data) or ProtocolError, never another exception."""
    head = json.dumps({"__dict__": head} if isinstance(head, dict) and "__dict__" not in head else head).encode()
    try:
        message = unpack(frame_body(head, blobs) + trailing)
    except ProtocolError:
        return
    assert isinstance(message, dict)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_are_a_dict_or_a_protocol_error(body):
    try:
        assert isinstance(unpack(body), dict)
    except ProtocolError:
        pass
