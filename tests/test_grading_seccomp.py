"""The sandbox's seccomp filter: the rules libseccomp builds, the kernel applying them, a sandbox trying every
refused call as a student's code could (as whoever runs the tests; tests/test_grading_user.py does the same as an
ordinary user), the keyring no longer shared between sandboxes, and the grader refusing to start without it."""

import json
import random
import subprocess
import sys

import pytest

import sandbox_probes
from course_utils.grading import cli, lockdown, syscall_filter
from course_utils.grading.protections import active, missing
from grading_support import FIXTURE_TESTS, HOMEWORK, honest

pytestmark = [pytest.mark.skipif(sys.platform != "linux", reason="seccomp is Linux's"), pytest.mark.timeout(60)]
sandboxed = pytest.mark.usefixtures("sandbox_available")

#: Loads the BPF program argv[1] the way bubblewrap does, then reports what personality and clone answer.
KERNEL_CHECK = r"""
import ctypes, errno, json, os, sys, threading
libc = ctypes.CDLL(None, use_errno=True)
class Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]
code = open(sys.argv[1], "rb").read()
assert libc.prctl(38, 1, 0, 0, 0) == 0                                      # PR_SET_NO_NEW_PRIVS
assert libc.prctl(22, 2, ctypes.byref(Program(len(code) // 8, code)), 0, 0) == 0, ctypes.get_errno()  # the filter
def answer(rc):
    return "allowed" if rc != -1 else errno.errorcode[ctypes.get_errno()]
clone, personas, flags = json.loads(sys.argv[2])
out = {}
for value in personas:
    out[hex(value)] = answer(libc.personality(ctypes.c_ulong(value)))
    libc.personality(ctypes.c_ulong(0))
for name, flag in flags.items():      # with CLONE_THREAD but not CLONE_SIGHAND: EINVAL if the filter let it through
    out[name] = answer(libc.syscall(ctypes.c_long(clone), ctypes.c_long(flag | 0x10000), *[ctypes.c_long(0)] * 4))
pid = os.fork()
if pid == 0:
    os._exit(3)
box = []
thread = threading.Thread(target=box.append, args=(5,))
thread.start()
thread.join()
out["fork, thread"] = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), box]
print(json.dumps(out))
"""


def test_the_rules_refuse_what_they_must_and_read_clones_flags_where_the_machine_puts_them():
    found = {rule.syscall for rule in syscall_filter.rules("x86_64")}
    wanted = {"unshare", "setns", "clone", "clone3", "add_key", "keyctl", "request_key", "ptrace", "process_vm_readv",
              "process_vm_writev", "perf_event_open", "bpf", "userfaultfd", "io_uring_setup", "io_uring_enter",
              "io_uring_register", "mount", "umount2", "pivot_root", "move_mount", "open_tree", "fsopen",
              "fsconfig", "fsmount", "fspick", "mount_setattr", "kexec_load", "kexec_file_load", "init_module",
              "finit_module", "delete_module", "personality", "ioctl"}
    assert wanted <= found, wanted - found
    for machine, position in (("x86_64", 0), ("aarch64", 0), ("s390x", 1)):
        clones = [r for r in syscall_filter.rules(machine) if r.syscall == "clone"]
        assert {r.conditions for r in clones} == {((position, syscall_filter.MASKED_EQ, flag, flag),)
                                                  for flag in syscall_filter.CLONE_NEW.values()}, machine
    assert [r.error for r in syscall_filter.rules() if r.syscall == "clone3"] == [38]      # ENOSYS


def test_libseccomp_builds_every_rule_for_this_machine():
    text = syscall_filter.text()
    assert "# default action\n  action ALLOW;" in text
    assert "# invalid architecture action\naction ERRNO(1);" in text     # i386 (int 0x80) and x32 calls refused
    for rule in syscall_filter.rules():
        nr = syscall_filter.number(rule.syscall)
        if nr is not None:
            assert f'# filter for syscall "{rule.syscall}" ({nr})' in text, rule.syscall
    assert "if ($syscall == 435)\n    action ERRNO(38);" in text                     # clone3
    assert "if ($a1.lo32 & 0xffffffff == 21522)" in text                            # ioctl's TIOCSTI, 32 bits
    assert "if ($a0.lo32 & 0x10000000 == 268435456)" in text                        # clone's CLONE_NEWUSER
    assert syscall_filter.version().startswith("2.")


def test_the_kernel_refuses_personality_changes_and_new_namespaces_but_not_fork_or_threads(tmp_path):
    path = tmp_path / "filter.bpf"
    assert syscall_filter.write(path) == []              # libseccomp knows every call named
    assert (path.stat().st_mode & 0o777, path.stat().st_size % 8) == (0o600, 0)
    allowed = [0, 0xFFFFFFFF]
    refused = [1, 8, 0x40000, 0x0800000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 1 << 32, (1 << 32) | 8, 2 ** 64 - 1]
    refused += random.Random(17).sample(range(1, 2 ** 32 - 1), 40)
    proc = subprocess.run([sys.executable, "-I", "-c", KERNEL_CHECK, str(path),
                           json.dumps([syscall_filter.number("clone"), allowed + refused, syscall_filter.CLONE_NEW])],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert {hex(v): out[hex(v)] for v in allowed} == {"0x0": "allowed", "0xffffffff": "allowed"}
    assert {out[hex(v)] for v in refused} == {"EPERM"}
    assert {out[name] for name in syscall_filter.CLONE_NEW} == {"EPERM"}
    assert out["fork, thread"] == [3, [5]]


def _own_seccomp_mode():
    return lockdown._status().get("Seccomp", "0").strip()


@pytest.mark.skipif(_own_seccomp_mode() != "0", reason="the tests themselves run under a seccomp filter")
def test_the_sandboxs_probes_fail_without_the_filter_too_with_another_error():
    """So a probe changes nothing, even where the filter is missing, and its answer tells whether it is there."""
    found = lockdown._probe(syscall_filter.probes())
    assert set(syscall_filter.PROBES) <= set(found)
    assert "allowed" not in found.values(), found
    assert [label for label, _, _, answer in syscall_filter.probes() if found[label] == answer] == []


def test_writing_the_filter_never_replaces_a_file(tmp_path):
    (tmp_path / "filter.bpf").write_text("")
    with pytest.raises(FileExistsError, match="filter.bpf"):
        syscall_filter.write(tmp_path / "filter.bpf")


@pytest.fixture(scope="module")
def walls():
    walls = sandbox_probes.new_walls()
    yield walls
    walls.close()


@pytest.fixture(scope="module")
def probed(sandbox_available, walls):
    return sandbox_probes.probe(walls)


@sandboxed
def test_a_notebook_cannot_make_new_namespaces_reach_the_keyring_trace_mount_or_change_personality(probed):
    assert len(probed["attempts"]) >= 28
    sandbox_probes.check_refused(probed)


@sandboxed
def test_the_sandbox_reports_its_filter_and_the_grader_requires_it(probed, walls):
    inside = probed["inside"]
    assert inside["seccomp"]["mode"] == "2"
    assert inside["refused"] == {label: answer for label, _, _, answer in walls.probes}
    assert missing(walls, inside) == []
    assert any(p.startswith("seccomp filter (libseccomp 2.") and "the kernel keyring" in p
               for p in active(walls, inside))
    without = dict(inside, seccomp={"mode": "0", "filters": "0"})
    assert "the seccomp filter (Seccomp: 2 and its probes refused from inside)" in missing(walls, without)
    assert not any(p.startswith("seccomp") for p in active(walls, without))
    let_through = dict(inside, refused=dict(inside["refused"], unshare="EINVAL"))
    assert "the seccomp filter (Seccomp: 2 and its probes refused from inside)" in missing(walls, let_through)


@sandboxed
def test_a_sandbox_needs_the_filters_descriptor(walls):
    with pytest.raises(ValueError, match=r"a sandbox needs the seccomp filter's and the bundle's descriptors "
                                         r"\(ints from Walls.open_filter and launch.memfd\); got None and None"):
        walls.command("plain", 3)
    argv = walls.command("plain", 3, 4, 5)
    assert argv[argv.index("--seccomp") + 1] == "4"


@sandboxed
def test_the_grader_refuses_to_start_without_the_filter(tmp_path, monkeypatch, capsys):
    (tmp_path / "subs" / "ann").mkdir(parents=True)
    (tmp_path / "subs" / "ann" / f"{HOMEWORK}.ipynb").write_text(honest())
    monkeypatch.setattr(syscall_filter, "rules", lambda machine=None: [])      # a filter that refuses nothing
    code = cli.main(["grade", str(tmp_path / "subs"), "--tests", str(FIXTURE_TESTS), "--out", str(tmp_path / "out"),
                     "--workers", "1"])
    assert code == 2
    assert ("cannot grade: the sandbox lacks the seccomp filter (Seccomp: 2 and its probes refused from inside)"
            in capsys.readouterr().err)
    assert not (tmp_path / "out" / "gradebook.csv").exists()
