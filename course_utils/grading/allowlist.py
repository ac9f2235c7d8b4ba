"""What a sandbox may see of the machine: an allow-list of paths, all mounted read-only.

* the interpreter binary, the shared libraries it maps from its own
  installation (``libpython``) and the standard library's folder, whose
  ``site-packages`` (the one place in it for third-party packages) the
  sandbox sees empty: nothing else of that installation;
* the dynamic loader named in the interpreter's ELF header, with the
  symbolic links that lead to it, and the folders of the system's shared
  libraries the grader itself has mapped (``/usr/lib/x86_64-linux-gnu`` on
  Debian and Ubuntu);
* the distributions students may use (default :data:`DEFAULT_PACKAGES`
  and everything they require), each top-level package or module of each
  one (not their ``.dist-info`` metadata), mounted under the sandbox's own
  ``/course-grade/site/N/`` rather than where they are (a virtual
  environment under ``/tmp`` would otherwise hide behind the sandbox's
  private ``/tmp``).

Every path is one bind mount, and bubblewrap's cost grows with the square
of their number (about 0.15 s for 270 of them), so folders are bound whole
where they hold nothing else.

Everything else of the machine (home folders, ``/etc``, the project, the
tests, the submissions, other students, the gradebook) is absent.
"""

import csv
import os
import re
import struct
import sys
import sysconfig
from importlib import metadata

#: What a notebook may import while graded, besides the standard library (IPython runs the notebook).
DEFAULT_PACKAGES = ("numpy", "scipy", "matplotlib", "ipython", "ipywidgets")


class AllowListError(Exception):
    """The interpreter or a package cannot be described as a list of paths."""


def _elf_interpreter(path):
    """The PT_INTERP path (the dynamic loader) of a 64-bit little-endian ELF file, or None."""
    with open(path, "rb") as fh:
        head = fh.read(64)
        if head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
            raise AllowListError(f"{path} is not a 64-bit little-endian ELF executable")
        phoff, = struct.unpack_from("<Q", head, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
        for i in range(phnum):
            fh.seek(phoff + i * phentsize)
            p_type, _, p_offset, _, _, p_filesz = struct.unpack("<IIQQQQ", fh.read(40))
            if p_type == 3:
                fh.seek(p_offset)
                return fh.read(p_filesz).rstrip(b"\0").decode()
    return None


def symlink_chain(path):
    """``(symlinks, target)``: the links met while resolving ``path`` (``[(link, points_to)]``), and the real file."""
    links, seen = [], 0
    parts = [p for p in path.split("/") if p]
    current = "/"
    while parts:
        candidate = os.path.join(current, parts.pop(0))
        if os.path.islink(candidate):
            seen += 1
            if seen > 40:
                raise AllowListError(f"too many symbolic links resolving {path}")
            target = os.readlink(candidate)
            links.append((candidate, target))
            parts = [p for p in target.split("/") if p] + parts
            current = "/" if target.startswith("/") else current
        else:
            current = candidate
    return links, current


def _mapped_files():
    files = set()
    with open("/proc/self/maps") as fh:
        for line in fh:
            fields = line.split(None, 5)
            if len(fields) == 6 and fields[5].startswith("/"):
                files.add(fields[5].strip())
    return {f for f in files if os.path.isfile(f)}


def _within(path, roots):
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def interpreter():
    """``(executable, binds, symlinks, emptied)``: the real interpreter, what it needs to start, and the
    folders inside those that the sandbox sees empty (the standard library's third-party folders)."""
    executable = os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)
    stdlib = os.path.realpath(sysconfig.get_path("stdlib", vars={"base": sys.base_prefix,
                                                                 "installed_base": sys.base_prefix}))
    binds = {executable, stdlib}
    emptied = [os.path.join(stdlib, d) for d in ("site-packages", "dist-packages")
               if os.path.isdir(os.path.join(stdlib, d))]
    site_dirs = package_dirs()
    libraries = set()
    for f in _mapped_files():
        real = os.path.realpath(f)
        if real == executable or _within(real, site_dirs) or _within(real, [stdlib]):
            continue
        if os.path.basename(real).startswith("libpython"):
            binds.add(real)                       # the interpreter's own library: the file alone
        else:
            libraries.add(os.path.dirname(real))  # a system library folder
    links = []
    loader = _elf_interpreter(executable)
    if loader:
        chain, target = symlink_chain(loader)
        links += chain
        libraries.add(os.path.dirname(target))
    binds |= libraries
    folders = [d for d in binds if os.path.isdir(d)]
    binds = {b for b in binds if not any(b != d and _within(b, [d]) for d in folders)}   # no bind inside another
    return executable, sorted(binds), links, emptied


def package_dirs():
    """The site folders the grader's distributions live in (where the sandbox's allowed ones are found)."""
    return sorted({os.path.realpath(str(d.locate_file(""))) for d in metadata.distributions()})


def _requirements(dist):
    from packaging.requirements import Requirement

    for text in dist.requires or ():
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate({"extra": ""}):
            yield req.name


def _normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def distributions(names=DEFAULT_PACKAGES):
    """The installed distributions ``names`` and every one they require (those installed), by name."""
    found, todo = {}, list(names)
    while todo:
        name = _normalize(todo.pop())
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            if name in map(_normalize, names):
                raise AllowListError(f"package {name!r} is allowed for students but not installed") from None
            continue                       # an optional or platform-specific requirement
        found[name] = dist
        todo.extend(_requirements(dist))
    return found


def _top_level_names(dist):
    """First path components of a distribution's files.  Read straight from RECORD (the paths are its first
    column), which is many times quicker than building a PackagePath for each of thousands of files."""
    record = dist.read_text("RECORD")
    if record is None:
        return {str(p).split("/")[0] for p in (dist.files or ())}
    return {row[0].split("/", 1)[0] for row in csv.reader(record.splitlines()) if row}


def package_entries(dists):
    """``(entries, site_dirs)``: ``(site folder, top-level name)`` of every top-level file or folder of the
    distributions, and their site folders."""
    binds, sites = set(), set()
    for name, dist in sorted(dists.items()):
        site = os.path.realpath(str(dist.locate_file("")))
        tops = _top_level_names(dist)
        tops = {t for t in tops if t and not t.startswith("..") and t != "__pycache__"
                and not t.endswith((".pth", ".dist-info", ".egg-info"))}
        if not tops:
            raise AllowListError(f"distribution {name!r} lists no files (no RECORD): cannot allow it")
        for top in tops:
            if os.path.exists(os.path.join(site, top)):
                binds.add((site, top))
        sites.add(site)
    return sorted(binds), sorted(sites)
