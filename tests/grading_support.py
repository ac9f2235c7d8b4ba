"""Shared by the autograder tests: a fixture homework, a class of honest, unusual and hostile notebooks,
and an ordinary user to run the grader as (created when the tests run as root, removed afterwards).

The class is graded twice, once as root (tests/test_grading_cli.py) and once as
that ordinary user with a virtual environment in their home
(tests/test_grading_user.py): every submission must get the same verdict.
"""

import json
import os
import pathlib
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURE_TESTS = pathlib.Path(__file__).resolve().parent / "grading_fixture"
HOMEWORK = "fixture_hw"
SECRET = "fixture-hidden-secret-6b1d"
MARKER = "course-grade-test-marker-4f2a"
LIMITS = ["--wall-seconds", "1", "--notebook-seconds", "3", "--memory-mb", "512"]

HEADER = ("import numpy as np\nfrom course_utils import one_hot\n"
          "from course_utils.checks import check_log_likelihood, check_softmax")
SOFTMAX = ("def softmax(a, axis=-1):\n    a = np.asarray(a, dtype=np.float64)\n"
           "    e = np.exp(a - a.max(axis=axis, keepdims=True))\n    return e / e.sum(axis=axis, keepdims=True)\n")
LOG_LIKELIHOOD = ("def log_likelihood(W, X, y):\n    A = X @ W\n    m = A.max(axis=1, keepdims=True)\n"
                  "    logp = A - m - np.log(np.exp(A - m).sum(axis=1, keepdims=True))\n"
                  "    return float((one_hot(y, W.shape[1]) * logp).sum())\n")


def notebook(*sources):
    """A notebook (JSON text) whose code cells are ``sources``, with a markdown title first."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Fixture homework")]
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    return nbformat.writes(nb)


def honest(softmax=SOFTMAX, log_likelihood=LOG_LIKELIHOOD, extra=()):
    """The worked fixture homework, with either function's cell replaced and extra cells at the end."""
    return notebook(HEADER, softmax, "check_softmax(softmax)", log_likelihood,
                    "check_log_likelihood(log_likelihood)", *extra)


BOTH = {"softmax": {"correct"}, "log_likelihood": {"correct"}}

#: Correct work written in ways a grader that does not run the notebook would miss.
HONEST = {
    "tiny_constant": honest(softmax="TINY = np.finfo(float).tiny\n" + SOFTMAX.replace(
        "return e / e.sum(axis=axis, keepdims=True)", "return e / np.maximum(e.sum(axis=axis, keepdims=True), TINY)")),
    "aliased_exp": honest(softmax="_exp = np.exp\nshifted = lambda z, axis: z - z.max(axis=axis, keepdims=True)\n"
                                  "def softmax(a, axis=-1):\n    e = _exp(shifted(np.asarray(a, dtype=float), axis))\n"
                                  "    return e / e.sum(axis=axis, keepdims=True)\n"),
    "alias_assignment": honest(softmax=SOFTMAX.replace("def softmax", "def stable_softmax")
                               + "softmax = stable_softmax\n"),
    "list_built_by_a_call": honest(log_likelihood="CLASSES = list(range(10))\nAXIS = dict(axis=1, keepdims=True)\n"
                                   + LOG_LIKELIHOOD.replace("keepdims=True)\n    logp", "keepdims=True)\n"
                                                            "    assert len(CLASSES) == 10\n    logp")
                                   .replace("A.max(axis=1, keepdims=True)", "A.max(**AXIS)")),
    "magics_and_shell_lines": honest(extra=["%matplotlib inline\n!echo hello\nfiles = !ls\n%time _ = 1 + 1",
                                            "%%capture\nprint('captured')", "display(softmax(np.zeros(3)))"]),
    "a_cell_raises": honest(extra=["1 / 0", "x = undefined_name"]),
    "plots": honest(extra=["import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.savefig('/tmp/p.png')\n"
                           "plt.show()"]),
    "kills_everything_it_can": honest(softmax="import os, signal\nfor pid in (-1, 1, os.getppid()):\n    try:\n"
                                              "        os.kill(pid, signal.SIGKILL)\n    except OSError:\n"
                                              "        pass\n" + SOFTMAX),
    "leaves_files_in_shared_folders": honest(softmax="for d in ('/tmp', '/var/tmp', '/dev/shm'):\n    try:\n"
                                                     f"        open(d + '/{MARKER}', 'w').write('x')\n"
                                                     "    except OSError:\n        pass\n" + SOFTMAX),
}

LOOP = "def softmax(a, axis=-1):\n    while True:\n        pass\n"
# The loops below sleep (the student's code never returns, at little cost to the machine running the tests);
# infinite_loop is the busy one.
ALARM_PROOF = ("import signal, time\ndef softmax(a, axis=-1):\n    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
               "    while True:\n        time.sleep(0.01)\n")
READ = "def softmax(a, axis=-1):\n    raise RuntimeError('LEAKED ' + open({path!r}).read()[:300])\n"

# The grader's socket, found by a notebook as any file descriptor is (the frames below are sent on it).
GRADER_SOCKET = ("import os, signal, socket, struct, time\ndef _grader_socket():\n"
                 "    for fd in sorted(int(n) for n in os.listdir('/proc/self/fd')):\n        try:\n"
                 "            if os.readlink('/proc/self/fd/%d' % fd).startswith('socket:'):\n"
                 "                return socket.socket(fileno=os.dup(fd))\n        except OSError:\n"
                 "            pass\n")
#: A frame header, then a byte every 0.3 s, the alarm ignored: without a deadline on the whole frame, 300 s.
TRICKLE = (GRADER_SOCKET + "def softmax(a, axis=-1):\n    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
           "    s = _grader_socket()\n    s.sendall(struct.pack('!Q', 1000))\n    while True:\n"
           "        s.sendall(b'x')\n        time.sleep(0.3)\n")
#: A 24 MB JSON head of empty lists: parsed, about 600 MB of Python objects in the grader.
JUNK_JSON = (GRADER_SOCKET + "def softmax(a, axis=-1):\n    s = _grader_socket()\n"
             "    head = b'[' + b'[],' * (8 * 10**6) + b'[]]'\n    body = struct.pack('!QQ', 0, len(head)) + head\n"
             "    s.sendall(struct.pack('!Q', len(body)) + body)\n    time.sleep(60)\n")
#: One 8 MB array named 100 times in a reply: copied once per name, 800 MB in the grader.
JUNK_ARRAYS = (GRADER_SOCKET + "def softmax(a, axis=-1):\n    s = _grader_socket()\n"
               "    ref = b'{{\"__array__\": 0, \"dtype\": \"uint8\", \"shape\": [8000000]}}'\n"
               "    head = (b'{{\"__dict__\": {{\"ok\": true, \"value\": {{\"__seq__\": \"list\", \"items\": ['\n"
               "            + b','.join([ref] * 100) + b']}}}}}}')\n"
               "    body = struct.pack('!QQ', 1, len(head)) + head + struct.pack('!Q', 8 * 10**6) + bytes(8 * 10**6)\n"
               "    s.sendall(struct.pack('!Q', len(body)) + body)\n    time.sleep(60)\n")

#: name: (softmax cell, allowed statuses of softmax); log_likelihood stays correct in every one.
ATTACKS = {
    "trickles_a_frame": (TRICKLE, {"timeout"}),
    "sends_a_junk_head": (JUNK_JSON, {"error", "timeout"}),      # timeout: its 1 s ran out while making junk
    "names_one_array_many_times": (JUNK_ARRAYS, {"error", "timeout"}),
    "infinite_loop": (LOOP, {"timeout"}),
    "ignores_the_alarm": (ALARM_PROOF, {"timeout"}),
    "swallows_the_alarm": ("import time\ndef softmax(a, axis=-1):\n    while True:\n        try:\n"
                           "            while True:\n                time.sleep(0.01)\n"
                           "        except BaseException:\n            pass\n", {"timeout"}),
    "alloc_50gb": ("def softmax(a, axis=-1):\n    x = np.ones(50 * 10**9 // 8)\n    return x[:1]\n",
                   {"incorrect", "error"}),
    "forks_holding_memory": ("import os, time\ndef softmax(a, axis=-1):\n    for _ in range(6):\n"
                             "        if os.fork() == 0:\n            x = np.ones(300 * 10**6 // 8)\n"
                             "            time.sleep(60)\n    time.sleep(60)\n", {"timeout", "error"}),
    "fork_bomb": ("import os, time\ndef softmax(a, axis=-1):\n    for _ in range(200):\n        try:\n"
                  "            os.fork()\n        except OSError:\n            pass\n    time.sleep(60)\n",
                  {"timeout", "error"}),
    "os_exit": ("import os\ndef softmax(a, axis=-1):\n    os._exit(0)\n", {"error"}),
    "sys_exit": ("import sys\ndef softmax(a, axis=-1):\n    sys.exit(0)\n", {"incorrect"}),
    "kills_from_the_function": ("import os, signal\ndef softmax(a, axis=-1):\n    for pid in (os.getppid(), 1, -1):\n"
                                "        try:\n            os.kill(pid, signal.SIGKILL)\n        except OSError:\n"
                                "            pass\n", {"error", "incorrect"}),
    "monkeypatches_the_checks": ("import builtins\nimport course_utils.checks as c\ndef softmax(a, axis=-1):\n"
                                 "    c.check_softmax = lambda fn: None\n    builtins.AssertionError = Exception\n"
                                 "    return np.zeros_like(a)\n", {"incorrect"}),
    "prints_success": ("def softmax(a, axis=-1):\n    print('check_softmax: correct (max relative error 0)')\n"
                       "    print('All tests passed')\n    return a\n", {"incorrect"}),
    "writes_a_record": ("import json, pathlib\ndef softmax(a, axis=-1):\n"
                        "    p = pathlib.Path({out!r}) / 'records' / 'writes_a_record' / 'fixture_hw.json'\n"
                        "    p.parent.mkdir(parents=True, exist_ok=True)\n"
                        "    p.write_text(json.dumps({{'score': 100}}))\n    return a\n", {"incorrect"}),
    "reads_the_hidden_tests": (READ.format(path="{tests}/fixture_hw.py"), {"incorrect"}),
    "reads_another_submission": (READ.format(path="{subs}/honest/fixture_hw.ipynb"), {"incorrect"}),
    "reads_the_solutions": (READ.format(path=str(ROOT / "solutions" / "hw1_softmax_likelihood.ipynb")), {"incorrect"}),
    "reads_etc_passwd": (READ.format(path="/etc/passwd"), {"incorrect"}),
    "reads_a_private_file": (READ.format(path="{private}"), {"incorrect"}),
    "network": ("import socket\ndef softmax(a, axis=-1):\n"
                "    socket.create_connection(('127.0.0.1', {port}), timeout=1).sendall(b'exfiltrated')\n"
                "    return a\n", {"incorrect"}),
    "floods_output": ("import sys\ndef softmax(a, axis=-1):\n    for _ in range(2000):\n        print('x' * 10000)\n"
                      "        sys.stderr.write('y' * 10000)\n    return a\n", {"incorrect"}),
    "huge_exception_message": ("def softmax(a, axis=-1):\n    raise ValueError('z' * 10**7)\n", {"incorrect"}),
    "starts_a_daemon": ("import os, time\ndef softmax(a, axis=-1):\n    if os.fork() == 0:\n        os.setsid()\n"
                        "        if os.fork() == 0:\n            while True:\n                time.sleep(0.05)\n"
                        "        os._exit(0)\n    return a\n", {"incorrect"}),
    "renamed_function": ("def my_softmax(a, axis=-1):\n    e = np.exp(a - a.max(axis=axis, keepdims=True))\n"
                         "    return e / e.sum(axis=axis, keepdims=True)\n", {"error"}),
    "imports_the_reference": ("from course_utils import softmax\n", {"forbidden import"}),
    "wraps_the_reference": ("import course_utils\ndef softmax(a, axis=-1):\n    return course_utils.softmax(a, axis)\n",
                            {"forbidden import"}),
    "wraps_scipy": ("from scipy.special import softmax as sp_softmax\ndef softmax(a, axis=-1):\n"
                    "    return sp_softmax(a, axis=axis)\n", {"forbidden import"}),
    # The forbidden function does not exist in the sandbox: none of these finds it (the review's attacks and more)
    "takes_scipy_from_the_closure": ("import scipy.special\n_real = next((c.cell_contents for c in "
                                     "(scipy.special.softmax.__closure__ or ()) if callable(c.cell_contents)), "
                                     "scipy.special.softmax)\ndef softmax(a, axis=-1):\n    return _real(a, axis=axis)\n",
                                     {"forbidden import"}),
    "unwraps_scipy": ("import inspect, scipy.special\n_real = inspect.unwrap(scipy.special.softmax)\n"
                      "def softmax(a, axis=-1):\n    return _real(a, axis=axis)\n", {"forbidden import"}),
    "finds_scipy_with_gc": ("import gc, scipy.special\ndef softmax(a, axis=-1):\n"
                            "    found = [o for o in gc.get_objects() if callable(o) and getattr(o, '__name__', '') "
                            "== 'softmax' and getattr(o, '__module__', '').startswith('scipy')]\n"
                            "    return found[-1](a, axis=axis)\n", {"incorrect", "error"}),
    "resets_the_tracer": ("import sys, scipy.special\ndef softmax(a, axis=-1):\n"
                          "    tracer = sys.modules['course_grade_sandbox.tracer']._ACTIVE\n    try:\n"
                          "        return scipy.special.softmax(a, axis=axis)\n    finally:\n"
                          "        tracer.used = set()\n", {"incorrect", "error"}),
    "reloads_scipy": ("import importlib, sys, scipy.special\n"
                      "sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != 'Tracer']\n"
                      "try:\n    _m = importlib.reload(sys.modules['scipy.special._logsumexp'])\nexcept ImportError:\n"
                      "    _m = sys.modules['scipy.special._logsumexp']\n"
                      "def softmax(a, axis=-1):\n    return _m.softmax(a, axis=axis)\n", {"forbidden import"}),
    "loads_scipy_under_another_name": ("import importlib.util, scipy.special\ndef softmax(a, axis=-1):\n"
                                       "    path = scipy.special._logsumexp.__file__\n"
                                       "    spec = importlib.util.spec_from_file_location('mine', path)\n"
                                       "    module = importlib.util.module_from_spec(spec)\n"
                                       "    spec.loader.exec_module(module)\n    return module.softmax(a, axis=axis)\n",
                                       {"incorrect", "error"}),
    "imports_scipy_by_name": ("import importlib\ndef softmax(a, axis=-1):\n"
                              "    return importlib.import_module('scipy.' + 'special').softmax(a, axis=axis)\n",
                              {"forbidden import"}),
}


#: What students write around their work in Jupyter: each, around the worked fixture homework, must get full marks.
#: ``name: (lines put first in the import cell, cells added after the checks)``.
IDIOMS = {
    "matplotlib_inline_and_config": ("%matplotlib inline\n%config InlineBackend.figure_format = 'retina'", ()),
    "matplotlib_widget": ("%matplotlib widget", ()),
    "pylab": ("%pylab inline", ("plot([1, 2, 3]); show()",)),
    "autoreload": ("%load_ext autoreload\n%autoreload 2", ()),
    "timing": ("", ("%%time\nfor _ in range(3):\n    softmax(np.zeros(5))", "%timeit -r 2 softmax(np.zeros(5))",
                    "t = %timeit -o -q -n 5 -r 2 softmax(np.zeros(5))")),
    "plots_and_show": ("import matplotlib.pyplot as plt\nplt.rcParams['figure.figsize'] = (8, 5)",
                       ("fig, ax = plt.subplots()\nax.plot(softmax(np.linspace(-3, 3, 7)))\nplt.show()",)),
    "display": ("from IPython.display import Markdown, display",
                ("display(Markdown('**softmax**'), softmax(np.zeros(3)))", "softmax(np.zeros(3))")),
    "interact": ("from ipywidgets import interact, FloatSlider",
                 ("interact(lambda t: softmax(np.array([t, 0.0])), t=FloatSlider(min=-5.0, max=5.0, value=1.0))",)),
    "input_left_in": ("", ("name = input('Your name: ')\nprint('Hello', name)",)),
    "pip_install": ("!pip install numpy scipy\n%pip install matplotlib", ()),
    "setup_lines_and_help": ("import sys, warnings\nsys.path.append('..')\nwarnings.filterwarnings('ignore')", (
        "np.set_printoptions(precision=3, suppress=True)\nnp.random.seed(0)\n%precision 3", "np.exp?",
        "help(softmax)")),
}


def idiom_notebook(name):
    """The worked fixture homework with the idiom ``name`` of :data:`IDIOMS` where students put it."""
    first, after = IDIOMS[name]
    header = f"{first}\n{HEADER}" if first and not first.startswith("import") else HEADER + (f"\n{first}" if first else "")
    return notebook(header, SOFTMAX, "check_softmax(softmax)", LOG_LIKELIHOOD, "check_log_likelihood(log_likelihood)",
                    *after)


STUB = "def softmax(a, axis=-1):\n    raise NotImplementedError()\n"
OLD_BUGGY = "# my first try, kept for reference\ndef softmax(a, axis=-1):\n    return np.exp(a) / np.exp(a).sum()\n"
#: Where the check stands decides what is graded: ``name: (notebook, expected statuses)``.
STANDS = {
    "redefined_after_check": (honest(extra=[OLD_BUGGY]), {"softmax": "correct", "log_likelihood": "correct"}),
    "stub_checked_real_later": (notebook(HEADER, STUB, "check_softmax(softmax)", LOG_LIKELIHOOD,
                                         "check_log_likelihood(log_likelihood)", SOFTMAX),
                                {"softmax": "not attempted", "log_likelihood": "correct"}),
    "checks_never_called": (notebook(HEADER, SOFTMAX, LOG_LIKELIHOOD), {"softmax": "correct",
                                                                        "log_likelihood": "correct"}),
    "checked_under_another_name": (notebook(HEADER, SOFTMAX.replace("def softmax", "def my_softmax"),
                                            "check_softmax(my_softmax)", LOG_LIKELIHOOD,
                                            "check_log_likelihood(log_likelihood)"),
                                   {"softmax": "correct", "log_likelihood": "correct"}),
}


def grade_idioms(python, folder, run=subprocess.run, **kwargs):
    """Write IDIOMS and STANDS as a class under ``folder``, with a copy of the fixture tests (the account grading
    may not reach this checkout); grade it with ``python``'s course-grade (default limits, two workers) through
    ``run``; return ``(out, what run returned)``."""
    subs, out, tests = folder / "submissions", folder / "out", folder / "tests"
    shutil.copytree(FIXTURE_TESTS, tests, ignore=shutil.ignore_patterns("__pycache__"))
    notebooks = {name: idiom_notebook(name) for name in IDIOMS} | {n: nb for n, (nb, _) in STANDS.items()}
    for name, text in notebooks.items():
        (subs / name).mkdir(parents=True)
        (subs / name / f"{HOMEWORK}.ipynb").write_text(text)
    argv = [str(python), "-m", "course_utils.grading.cli", "grade", str(subs), "--tests", str(tests),
            "--out", str(out), "--workers", "2"]
    return out, run(argv, **kwargs)


def build_class(folder, port, private="/nonexistent", only=None):
    """Write the class (or the students named in ``only``) into ``folder/submissions``; return
    ``(submissions, out, tests)``."""
    subs, out, tests = folder / "submissions", folder / "out", folder / "tests"
    shutil.copytree(FIXTURE_TESTS, tests)
    fmt = {"out": str(out), "tests": str(tests), "subs": str(subs), "port": port, "private": str(private)}
    students = {name: honest(softmax=code.format(**fmt)) for name, (code, _) in ATTACKS.items()}
    students.update(HONEST)
    students["honest"] = honest()
    students["blank"] = honest(softmax="def softmax(a, axis=-1):\n    raise NotImplementedError\n",
                               log_likelihood="def log_likelihood(W, X, y):\n    raise NotImplementedError\n")
    students["hangs_at_top_level"] = honest(softmax=SOFTMAX + "import time\nwhile True:\n    time.sleep(0.01)\n")
    if only is not None:
        unknown = set(only) - set(students) - set(UNREADABLE) - set(ODD_NAMES)
        assert not unknown, f"no such students: {sorted(unknown)}"
    subs.mkdir(parents=True)
    for name, text in students.items():
        if only is None or name in only:
            (subs / name).mkdir()
            (subs / name / f"{HOMEWORK}.ipynb").write_text(text)
    for name, problem in UNREADABLE.items():
        if only is None or name in only:
            problem(subs, name)
    for name, (make, _) in ODD_NAMES.items():
        if only is None or name in only:
            make(subs, name)
    return subs, out, tests


def _write(name, data):
    def make(subs, student):
        (subs / student).mkdir()
        path = subs / student / f"{HOMEWORK}.ipynb"
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data)
    return make


def _make_folder(subs, student):
    (subs / student / f"{HOMEWORK}.ipynb").mkdir(parents=True)


def _make_link(subs, student):
    (subs / student).mkdir()
    (subs / student / f"{HOMEWORK}.ipynb").symlink_to(subs / "honest" / f"{HOMEWORK}.ipynb")


def _make_fifo(subs, student):
    (subs / student).mkdir()
    os.mkfifo(subs / student / f"{HOMEWORK}.ipynb")


def _make_huge(subs, student):
    (subs / student).mkdir()
    with open(subs / student / f"{HOMEWORK}.ipynb", "wb") as fh:
        fh.truncate(21 * 1024 * 1024)


def _make_linked_folder(subs, student):
    (subs / student).symlink_to(subs / "honest")


def _make_nested(subs, student):
    (subs / student / "homework").mkdir(parents=True)
    (subs / student / "homework" / f"{HOMEWORK}.ipynb").write_text(honest())


#: student: how their submission is broken; the reasons are in UNREADABLE_REASONS.
UNREADABLE = {
    "truncated": _write("truncated", honest()[:200]),
    "old_format": _write("old_format", json.dumps({"nbformat": 3, "worksheets": []})),
    "empty": _write("empty", b""),
    "binary": _write("binary", b"\x89PNG\r\n\x1a\n\0\0\0" + bytes(range(256))),
    "deeply_nested": _write("deeply_nested", "[" * 200000 + "]" * 200000),
    "not_a_notebook": _write("not_a_notebook", json.dumps({"cells": 3})),
    "folder": _make_folder,
    "link": _make_link,
    "fifo": _make_fifo,
    "huge": _make_huge,
    "linked_folder": _make_linked_folder,
    "nested": _make_nested,
}
def _named(notebook):
    def make(subs, student):
        (subs / student).mkdir()
        (subs / student / notebook).write_text(honest())
    return make


#: student folder: (how its notebook is made, what its row's error says; None: graded, full marks).  Names a
#: file system allows and a grader must survive: each gets its row, and none stops the class.
ODD_NAMES = {
    "_x": (_named("_helper.ipynb"), "no tests for homework '_helper'"),     # the tests folder's _helper.py
    "dots": (_named("..x.ipynb"), "no tests for homework '..x'"),
    "hidden_file": (_named(f".{HOMEWORK}.ipynb"), f"no tests for homework '.{HOMEWORK}'"),
    "-rf": (_named("-rf --help.ipynb"), "no tests for homework '-rf --help'"),
    "\u00fc" * 127: (_named("y" * 249 + ".ipynb"), "no tests for homework 'yyyy"),     # 254 and 255 bytes
    '=HYPERLINK("x.example")\nnew line <b>': (_named(f"{HOMEWORK}.ipynb"), None),
}
UNREADABLE_REASONS = {
    "truncated": "not valid JSON", "old_format": "version must be 4; got 3", "empty": "empty file",
    "binary": "binary data", "deeply_nested": "nested too deeply", "not_a_notebook": "no list of cells",
    "folder": "is a folder", "link": "symbolic link", "fifo": "not a regular file", "huge": "more than the limit",
    "linked_folder": "folder is a symbolic link", "nested": "no notebook directly in the student's folder",
}


def sandbox_unavailable():
    """Why bubblewrap sandboxes cannot run here (a string), or None when they can."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "the autograder tests need bubblewrap (apt-get install bubblewrap)"
    user = [] if os.geteuid() == 0 else ["--unshare-user"]
    proc = subprocess.run([bwrap, "--unshare-pid", "--unshare-net", *user, "--ro-bind", "/", "/", "true"],
                          capture_output=True, text=True, timeout=30)
    if proc.returncode != 0:
        return f"bubblewrap cannot make a sandbox here ({proc.stderr.strip()}): see the README, 'Grading a class'"
    return None


def record(out, student, homework=HOMEWORK):
    return json.loads((pathlib.Path(out) / "records" / student / f"{homework}.json").read_text())


def statuses(out, student):
    return {q["function"]: q["status"] for q in record(out, student)["questions"]}


class Listener:
    """A TCP server on 127.0.0.1 that records whether anyone connected (no sandbox may)."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.server.settimeout(0.2)
        self.port, self.hits, self._stop = self.server.getsockname()[1], [], threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
                self.hits.append(conn.recv(100))
                conn.close()
            except OSError:
                pass

    def close(self):
        self._stop.set()
        self._thread.join()
        self.server.close()


#: Three processes, each touching 200 MB in 10 MB steps (0.4 s) and holding it 3 s: 600 MB at once, against a
#: sandbox limit of 256 MB (the review found three processes of 1 GiB each holding 3.36 GB under
#: ``--memory-mb 256`` when an ordinary user graded; scaled down to keep the test fast and the machine safe).
THREE_HOGS = ("import os, time\nimport numpy as np\nkids = []\nfor _ in range(3):\n    pid = os.fork()\n"
              "    if pid == 0:\n        x = np.empty(200 * 2**20, dtype=np.uint8)\n"
              "        for i in range(0, x.size, 10 * 2**20):\n            x[i:i + 10 * 2**20] = 1\n"
              "            time.sleep(0.02)\n        time.sleep(3)\n        os._exit(0)\n    kids.append(pid)\n"
              "for pid in kids:\n    os.waitpid(pid, 0)\n")


class PeakMemory:
    """The most memory the sandboxes under process ``pid`` held at once, read every 10 ms until :meth:`stop`.

    The proportional set sizes (PSS) of every descendant of ``pid`` running the sandbox's code (bubblewrap and
    the runner, forks included), summed: found through the parent pids in /proc/*/stat, not as the grader's
    own watch finds them (course_utils/grading/memwatch.py).
    """

    def __init__(self, pid):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _sandbox_processes(self):
        children = {}
        for proc in pathlib.Path("/proc").iterdir():
            try:
                if proc.name.isdigit():
                    parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    children.setdefault(parent, []).append(proc.name)
            except (OSError, IndexError, ValueError):
                pass
        found, todo = [], [str(self.pid)]
        while todo:
            pid = todo.pop()
            todo += children.get(int(pid), [])
            try:
                if b"course_grade_sandbox" in pathlib.Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.append(pid)
            except OSError:
                pass
        return found

    def _poll(self):
        while not self._stop.wait(0.01):
            total = 0
            for pid in self._sandbox_processes():
                try:
                    rollup = pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text()
                    total += int(next(l for l in rollup.splitlines() if l.startswith("Pss:")).split()[1]) << 10
                except (OSError, StopIteration, ValueError):
                    pass
            self.peak = max(self.peak, total)

    def stop(self):
        """The peak, in bytes."""
        self._stop.set()
        self._thread.join()
        return self.peak


def grade_argv(python, subs, tests, out, *extra):
    return [str(python), "-m", "course_utils.grading.cli", "grade", str(subs), "--tests", str(tests),
            "--out", str(out), "--workers", "2", *LIMITS, *extra]


# ---------------------------------------------------------------- an ordinary user

GRADER_PACKAGES = ("numpy", "scipy", "matplotlib", "ipython", "ipywidgets", "packaging", "markdown-it-py",
                   "mdit-py-plugins", "latex2mathml", "nh3")


def _link_or_copy(source, target):
    """A hard link to a package file (readable by all, as pip installs it; no 380 MB copy), or a copy where
    linking fails (another filesystem)."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)
    return target


def _place(source, target, copy_file=shutil.copy2, ignore=None):
    """``source`` (a file, or a folder copied whole) at ``target``, each file put there by ``copy_file``."""
    if source.is_dir():
        shutil.copytree(source, target, copy_function=copy_file, ignore=ignore)
    else:
        copy_file(source, target)


class OrdinaryUser:
    """A new account with a virtual environment in its home holding this project and what the grader needs.

    The packages are hard links to (or, on another filesystem, copies of) the running environment's files
    (no network), left owned by root and readable by all; the
    interpreter is this one if the account may run it, else the system's
    ``python3.X`` of the same version.
    """

    def __init__(self):
        self.name = "cgtest" + secrets.token_hex(3)
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", self.name], check=True)
        entry = pwd.getpwnam(self.name)
        self.uid, self.gid, self.home = entry.pw_uid, entry.pw_gid, pathlib.Path(entry.pw_dir)
        self.venv = self.home / "venv"

    def env(self):
        return {"HOME": str(self.home), "PATH": f"{self.venv}/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
                "USER": self.name}

    def run(self, argv, **kwargs):
        kwargs.setdefault("env", self.env())
        kwargs.setdefault("cwd", self.home)
        return subprocess.run(argv, user=self.uid, group=self.gid, extra_groups=[], **kwargs)

    def popen(self, argv, **kwargs):
        kwargs.setdefault("env", self.env())
        kwargs.setdefault("cwd", self.home)
        return subprocess.Popen(argv, user=self.uid, group=self.gid, extra_groups=[], **kwargs)

    def interpreter(self):
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        own = os.path.realpath(getattr(sys, "_base_executable", sys.executable))
        for candidate in (own, f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
            try:
                if self.run([candidate, "-c", "import venv"], capture_output=True).returncode == 0:
                    return candidate
            except OSError:           # not there, or not for this account
                pass
        return None

    def install(self):
        """``~/venv`` with the grader's packages and this project (a copy in ``~/course``); its python."""
        python = self.interpreter()
        self.run([python, "-m", "venv", "--without-pip", str(self.venv)], check=True, capture_output=True)
        site = pathlib.Path(self.run([str(self.venv / "bin" / "python"), "-c",
                                     "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                    capture_output=True, text=True, check=True).stdout.strip())
        from course_utils.grading import allowlist

        for name, dist in allowlist.distributions(GRADER_PACKAGES).items():   # with their .dist-info metadata
            source = pathlib.Path(str(dist.locate_file("")))
            tops = {str(p).split("/")[0] for p in dist.files or ()} - {"__pycache__"}
            for top in sorted(t for t in tops if not t.startswith("..") and (source / t).exists()):
                if not (site / top).exists():
                    _place(source / top, site / top, _link_or_copy)
        project = self.home / "course"
        for part in ("course_utils", "pyproject.toml", "README.md"):
            _place(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        (site / "course.pth").write_text(str(project) + "\n")
        for folder, dirs, files in os.walk(self.home):
            os.chown(folder, self.uid, self.gid)
            for name in files:
                path = os.path.join(folder, name)
                if os.lstat(path).st_nlink == 1:      # not a link to a file of this environment: that stays root's
                    os.chown(path, self.uid, self.gid, follow_symlinks=False)
        return self.venv / "bin" / "python"

    def close(self):
        subprocess.run(["pkill", "-KILL", "-u", self.name], capture_output=True)
        subprocess.run(["userdel", "--remove", self.name], capture_output=True)


def processes_of(uid):
    """Live (not zombie) processes owned by ``uid``."""
    found = []
    for proc in pathlib.Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if proc.stat().st_uid == uid and (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                    found.append(int(proc.name))
            except (OSError, IndexError):
                pass
    return found


def leftovers(grader_pid):
    """What a grader started as process ``grader_pid`` left: processes in its cgroups or naming its private
    folder (bubblewrap, in its environment), and its private folders in the temporary folder."""
    tag = f"course-grade-{grader_pid}-"
    found = []
    for proc in pathlib.Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and (tag in (proc / "cgroup").read_text()
                                        or tag.encode() in (proc / "cmdline").read_bytes()
                                        or tag.encode() in (proc / "environ").read_bytes()):
                found.append(f"process {proc.name}")
        except OSError:
            pass
    found += [f"folder {n}" for n in os.listdir(tempfile.gettempdir()) if n.startswith(tag)]
    return found
