"""What really protected a sandbox: its own view from inside, compared with the grader's, in words.

The runner measures the sandbox from inside before any student code runs
(:func:`course_utils.grading.lockdown.inside_view`); :func:`active` turns
that into the list printed in the gradebook's first line and every record,
and :func:`missing` names what a sandbox must have but lacked, so that the
grader refuses to start rather than grade without it.
"""

import os

from . import memlimit
from .syscall_filter import SUMMARY

NAMESPACES = ("pid", "net", "ipc", "mnt", "uts", "cgroup", "user")
REQUIRED_NAMESPACES = ("pid", "net", "ipc", "mnt")
NO_ISOLATION = "NONE: graded without isolation (--no-isolation); student code ran with the grader's rights"
_UNITS = {"RLIMIT_AS": (20, " MB"), "RLIMIT_FSIZE": (20, " MB"), "RLIMIT_CPU": (0, " s")}


def _own_filters():
    with open("/proc/self/status") as fh:
        return next((int(line.split()[1]) for line in fh if line.startswith("Seccomp_filters:")), None)


def _filtered(walls, inside):
    """The sandbox ran under one more seccomp filter than the grader, and every probe got the filter's answer."""
    seccomp, refused, own = inside.get("seccomp", {}), inside.get("refused", {}), _own_filters()
    more = own is None or seccomp.get("filters") == str(own + 1)      # Seccomp_filters: Linux 5.9 and later
    return (seccomp.get("mode") == "2" and more and bool(walls.probes)
            and all(refused.get(label) == answer for label, _, _, answer in walls.probes))


def _facts(walls, inside):
    namespaces = inside.get("namespaces", {})
    caps = inside.get("capabilities", {})
    return {
        "seccomp": _filtered(walls, inside),
        "namespaces": [ns for ns in NAMESPACES
                       if namespaces.get(ns) and namespaces[ns] != os.readlink(f"/proc/self/ns/{ns}")],
        "no capabilities": bool(caps) and all(v == "0" * 16 for v in caps.values()) and inside.get("no_new_privs"),
        "unprivileged uid": walls.root and inside.get("uid") == walls.uid,
        "allow-list": set(inside.get("root", ["?"])) <= walls.expected_root(),
        "private tmp": set(inside.get("tmp", {}).values()) == {"empty"},
        "loopback only": inside.get("interfaces") == ["lo"],
    }


def active(walls, inside):
    """The protections a sandbox had, in words, from what it saw of itself (``inside``)."""
    if not walls.isolate:
        return [NO_ISOLATION]
    facts = _facts(walls, inside)
    found = [walls.version, "new namespaces: " + ", ".join(facts["namespaces"])]
    if facts["no capabilities"]:
        found.append("no capabilities, no_new_privs")
    if facts["seccomp"]:
        unknown = f" (unknown to it, so allowed: {', '.join(walls.unfiltered)})" if walls.unfiltered else ""
        found.append(f"seccomp filter (libseccomp {walls.libseccomp}) refusing {SUMMARY}{unknown}")
    if facts["unprivileged uid"]:
        found.append(f"unprivileged uid {walls.uid} (no account)")
    if facts["allow-list"]:
        found.append("filesystem: read-only allow-list (interpreter, standard library, system libraries, "
                     f"{len(walls.package_binds)} package entries), nothing else")
    if facts["private tmp"]:
        found.append("private empty /tmp, /var/tmp, /dev/shm")
    if facts["loopback only"]:
        found.append("network: loopback only")
    found.append(memlimit.protection(walls))
    wanted = walls.rlimits()
    limits = [f"{name[7:].lower()} {value >> _UNITS.get(name, (0, ''))[0]}{_UNITS.get(name, (0, ''))[1]}"
              for name, value in sorted(inside.get("rlimits", {}).items()) if name in wanted]
    found.append("rlimits: " + ", ".join(limits))
    return found


def missing(walls, inside):
    """What a sandbox must have and did not (empty when it had everything)."""
    if not walls.isolate:
        return []
    facts = _facts(walls, inside)
    lacking = [f"a new {ns} namespace" for ns in REQUIRED_NAMESPACES if ns not in facts["namespaces"]]
    names = {"no capabilities": "no capabilities and no_new_privs",
             "seccomp": "the seccomp filter (Seccomp: 2 and its probes refused from inside)",
             "allow-list": "the allow-list filesystem",
             "private tmp": "private empty temporary folders", "loopback only": "a network with loopback only"}
    lacking += [text for key, text in names.items() if not facts[key]]
    if walls.root and not facts["unprivileged uid"]:
        lacking.append(f"the unprivileged uid {walls.uid}")
    return lacking
