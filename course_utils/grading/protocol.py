"""The wire format between the grader and a sandbox: framed JSON plus raw arrays.

Nothing here unpickles: arrays travel as dtype, shape and raw bytes of a
fixed list of numeric dtypes, everything else as JSON.  A frame longer than
``MAX_FRAME`` bytes, or one that does not parse, is a protocol error, so a
sandbox that writes junk cannot make the grader run code.  Nor can it make
the grader's memory grow much beyond the frame it sent: the frame is read
into one buffer and its arrays are views of it (each used once); its JSON
head is at most ``MAX_HEAD`` bytes and ``MAX_ITEMS`` values, so that the
Python objects it parses into stay within a few tens of MB.  And a frame must
arrive whole before the reader's deadline, however slowly its bytes come.
"""

import json
import math
import socket
import struct
import time

import numpy as np

MAX_FRAME = 64 << 20      # a question's test problems are small: their replies are kilobytes, a speed test's < 1 MB
MAX_HEAD = 4 << 20        # the JSON part (cell errors, names, notes: capped texts)
MAX_ITEMS = 200_000       # JSON values in the head, bounded by counting its separators before parsing
MAX_DIMS = 32
_HEADER = struct.Struct("!Q")
_DTYPES = {"float64", "float32", "int64", "int32", "int16", "int8", "uint8", "bool", "complex128"}


class ProtocolError(Exception):
    """The other side sent something that is not a valid frame."""


def encode(obj, blobs):
    """Turn ``obj`` into JSON-able data, appending array bytes to ``blobs``."""
    if isinstance(obj, np.ndarray):
        if obj.dtype.name not in _DTYPES:
            return {"__repr__": f"array of dtype {obj.dtype}", "type": "ndarray", "dtype": obj.dtype.name}
        arr = np.ascontiguousarray(obj)
        blobs.append(arr.tobytes())
        return {"__array__": len(blobs) - 1, "dtype": arr.dtype.name, "shape": list(arr.shape)}
    if isinstance(obj, np.generic):
        if obj.dtype.name in ("float64", "int64", "bool"):
            return encode(obj.item(), blobs)
        if obj.dtype.name in _DTYPES:                   # np.float32(...): its precision must show, as in Jupyter
            return encode(np.asarray(obj), blobs)
        return {"__repr__": repr(obj)[:200], "type": type(obj).__name__, "dtype": obj.dtype.name}
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, float):
        return {"__float__": repr(obj)}
    if isinstance(obj, (list, tuple)):
        return {"__seq__": type(obj).__name__, "items": [encode(o, blobs) for o in obj]}
    if isinstance(obj, dict) and all(isinstance(k, str) for k in obj):
        return {"__dict__": {k: encode(v, blobs) for k, v in obj.items()}}
    return {"__repr__": f"{type(obj).__name__} object", "type": type(obj).__name__}


def decode(data, blobs, used=None):
    """Inverse of :func:`encode`; objects that could not travel come back as :class:`Opaque`.

    ``blobs`` are buffers (bytes or memoryviews); each may back one array only (``used``: the indices taken),
    so that a head naming one large array many times cannot multiply it.
    """
    used = set() if used is None else used
    if isinstance(data, dict):
        if "__array__" in data:
            dtype, shape = data.get("dtype"), data.get("shape")
            index = data["__array__"]
            if dtype not in _DTYPES or type(index) is not int or not 0 <= index < len(blobs) or index in used:
                raise ProtocolError("bad array reference")
            if not isinstance(shape, list) or len(shape) > MAX_DIMS \
                    or not all(type(n) is int and n >= 0 for n in shape):
                raise ProtocolError("bad array shape")
            used.add(index)
            raw = blobs[index]
            if len(raw) != math.prod(shape) * np.dtype(dtype).itemsize:
                raise ProtocolError("array size does not match its shape")
            return np.frombuffer(raw, dtype=dtype).reshape(shape)      # a view of the frame's buffer: no copy
        if "__float__" in data:
            if not isinstance(data["__float__"], str):
                raise ProtocolError("bad float")
            return float(data["__float__"])
        if "__seq__" in data:
            if not isinstance(data.get("items", []), list):
                raise ProtocolError("bad sequence")
            items = [decode(o, blobs, used) for o in data.get("items", [])]
            return tuple(items) if data["__seq__"] == "tuple" else items
        if "__dict__" in data:
            if not isinstance(data["__dict__"], dict):
                raise ProtocolError("bad dict")
            return {str(k): decode(v, blobs, used) for k, v in data["__dict__"].items()}
        if "__repr__" in data:
            dtype = data.get("dtype")
            return Opaque(str(data["__repr__"])[:200], str(data.get("type", "object"))[:100],
                          str(dtype)[:40] if dtype is not None else None)
        raise ProtocolError("unknown object")
    if data is None or isinstance(data, (bool, int, str)):
        return data
    raise ProtocolError(f"unexpected JSON value of type {type(data).__name__}")


class Opaque:
    """A value the sandbox returned that is not data (a function, a custom object, an array of long doubles...).

    ``type_name`` is its Python type's name and ``dtype`` its NumPy dtype's name (None for other objects), so
    that a check says of it what it says of the same value in the notebook.
    """

    def __init__(self, description, type_name="object", dtype=None):
        self.description, self.type_name, self.dtype = description, type_name, dtype

    def __repr__(self):
        return f"<{self.description}>"


def pack(message):
    """Serialize a message (a dict) to one frame of bytes."""
    blobs = []
    head = json.dumps(encode(message, blobs)).encode()
    parts = [_HEADER.pack(len(blobs)), _HEADER.pack(len(head)), head]
    for blob in blobs:
        parts += [_HEADER.pack(len(blob)), blob]
    body = b"".join(parts)
    return _HEADER.pack(len(body)) + body


def unpack(body):
    """Parse one frame body (without its length prefix) back into a message.

    Its arrays are views of ``body``: a ``bytearray`` (as :func:`read_frame` reads) gives writable arrays, as
    the sandbox's own were; read-only bytes are copied once into one.
    """
    if not isinstance(body, bytearray):
        body = bytearray(body)
    try:
        view, pos = memoryview(body), 0

        def take(n):
            nonlocal pos
            if pos + n > len(view):
                raise ProtocolError("truncated frame")
            chunk = view[pos:pos + n]
            pos += n
            return chunk

        (n_blobs,) = _HEADER.unpack(take(8))
        (n_head,) = _HEADER.unpack(take(8))
        if n_head > MAX_HEAD:
            raise ProtocolError(f"a head of {n_head} bytes exceeds the limit of {MAX_HEAD}")
        raw_head = bytes(take(n_head))
        items = raw_head.count(b",") + raw_head.count(b"[") + raw_head.count(b"{") + raw_head.count(b":")
        if items > MAX_ITEMS:
            raise ProtocolError(f"a head of up to {items} values exceeds the limit of {MAX_ITEMS}")
        head = json.loads(raw_head)
        if n_blobs > 10_000:
            raise ProtocolError("too many arrays")
        blobs = [take(_HEADER.unpack(take(8))[0]) for _ in range(n_blobs)]
        if pos != len(view):
            raise ProtocolError("trailing bytes")
        message = decode(head, blobs)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError, struct.error,
            OverflowError, MemoryError) as exc:
        raise ProtocolError(f"malformed frame: {type(exc).__name__}") from None
    if not isinstance(message, dict):
        raise ProtocolError("a message must be a dict")
    return message


class FrameTimeout(ProtocolError):
    """The whole frame did not arrive before the reader's deadline."""


def read_frame(sock, limit=MAX_FRAME, deadline=None):
    """Read one frame from a blocking socket; ``None`` at end of stream.

    ``deadline`` (a ``time.monotonic()`` value, None: wait as long as it takes) bounds the whole frame, not each
    ``recv``: a sender that trickles a byte at a time is cut off at the deadline with :class:`FrameTimeout`.
    """
    prefix = _recv_exact(sock, 8, deadline)
    if prefix is None:
        return None
    (size,) = _HEADER.unpack(prefix)
    if size > limit:
        raise ProtocolError(f"frame of {size} bytes exceeds the limit of {limit}")
    body = _recv_exact(sock, size, deadline)
    if body is None:
        raise ProtocolError("connection closed mid-frame")
    return unpack(body)


def _recv_exact(sock, n, deadline=None):
    """``n`` bytes in one preallocated buffer (no chunks joined: the frame is held once), or None at once at the end."""
    buffer = bytearray(n)
    view, got = memoryview(buffer), 0
    try:
        while got < n:
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise FrameTimeout(f"the frame was not complete at the deadline ({got} of {n} bytes)")
                sock.settimeout(remaining)
            try:
                count = sock.recv_into(view[got:], min(n - got, 1 << 20))
            except socket.timeout:
                raise FrameTimeout(f"the frame was not complete at the deadline ({got} of {n} bytes)") from None
            if not count:
                if got == 0:
                    return None
                raise ProtocolError("connection closed mid-frame")
            got += count
    finally:
        view.release()
    return buffer
