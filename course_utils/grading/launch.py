"""Starting a sandbox without naming the grader's files on any command line the sandbox can read.

Inside a sandbox, ``/proc/1/cmdline`` is bubblewrap's command line and
``/proc/self/mountinfo`` lists what is mounted.  So nothing of the grader's
own is passed there: bubblewrap reads its options (the allow-list's host
paths among them) from a memory file (``--args FD``); the runner and the
homework's stand-in ``course_utils`` travel as one zip copied into the
sandbox (``--file FD``), imported from there; and the runner's
configuration (limits, uid, ``sys.path``) is the first message on its
socket.  What the sandbox can still read are the sources of the allow-list's
own mounts (the interpreter, the standard library, the packages).
"""

import io
import json
import os
import struct
import zipfile

_EPOCH = (1980, 1, 1, 0, 0, 0)     # a zip made of the same files is the same bytes


def bundle(trees):
    """A zip of ``{top folder: {relative path: text}}``, for ``zipimport`` (``code.zip/lib`` on ``sys.path``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for top, files in sorted(trees.items()):
            for rel, text in sorted(files.items()):
                info = zipfile.ZipInfo(f"{top}/{rel}", date_time=_EPOCH)
                info.external_attr = 0o644 << 16
                archive.writestr(info, text)
    return buffer.getvalue()


def memfd(name, data):
    """A memory file holding ``data``, positioned at its start; closed on exec unless passed on purpose."""
    fd = os.memfd_create(name, os.MFD_CLOEXEC)
    try:
        os.write(fd, data)
        os.lseek(fd, 0, os.SEEK_SET)
    except OSError:
        os.close(fd)
        raise
    return fd


def _options(argv):
    """bubblewrap's options (between its path and ``--``), NUL-terminated, as ``--args`` reads them."""
    end = argv.index("--")
    return b"".join(a.encode() + b"\0" for a in argv[1:end]), [argv[0], *argv[end:]]


def start(walls, homework, sock_fd):
    """``(argv, descriptors to pass)`` starting the runner for ``homework`` with the grader's socket on
    ``sock_fd``; the caller closes the descriptors it is given once the process has started."""
    fds = []
    try:
        if not walls.isolate:
            return walls.command(homework, sock_fd), fds
        fds.append(walls.open_filter())
        fds.append(memfd("course-grade-code", walls.bundles[homework or "-"]))
        options, argv = _options(walls.command(homework, sock_fd, fds[0], fds[1]))
        fds.append(memfd("course-grade-options", options))
        return [argv[0], "--args", str(fds[2]), *argv[1:]], fds
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


def config_message(config):
    """The runner's configuration as its first message: an 8-byte length, then JSON (read by ``lockdown``)."""
    data = json.dumps(config).encode()
    return struct.pack("!Q", len(data)) + data
