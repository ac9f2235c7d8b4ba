"""The speed test of check_grad_log_likelihood (course_utils/checks/timing.py): CPU time against a calibration
of the same size in the same process, fresh inputs every call, a "too slow" measured twice, the ratio kept.

The measurement through the autograder's sandbox protocol is tested here too (without a sandbox process);
tests/test_grading_speed.py grades a notebook with real sandboxes on a loaded machine.
"""

import contextlib
import math
import sys

import numpy as np
import pytest

import course_utils as cu
from course_utils import checks
from course_utils.checks import Incorrect, timing
from course_utils.checks import gradients as check_gradients

pytestmark = pytest.mark.timeout(60)

SHAPE = check_gradients.SPEED_SHAPE
_FIXED_BIG = check_gradients.problem(405, N=SHAPE[0], D=SHAPE[1], K=SHAPE[2])[1]     # the check's own large X


def vectorized(W, X, y):
    """A student's vectorized gradient, NumPy only."""
    A = X @ W
    E = np.exp(A - A.max(axis=1, keepdims=True))
    S = E / E.sum(axis=1, keepdims=True)
    S[np.arange(len(y)), y] -= 1.0
    return -(X.T @ S)


def loop(W, X, y):
    """A student's Python loop over the samples, NumPy only (about 100 times the reference at SPEED_SHAPE)."""
    G = np.zeros_like(W, dtype=float)
    for x, label in zip(X, y):
        a = x @ W
        s = np.exp(a - a.max())
        s /= s.sum()
        s[label] -= 1.0
        G -= np.outer(x, s)
    return G


_BY_BYTES, _BY_ID = {}, {}


def loop_cached_by_input(W, X, y):
    """The loop, its results kept by the bytes of the input: instant whenever the same arrays come back."""
    key = (W.tobytes(), X.tobytes(), y.tobytes())
    if key not in _BY_BYTES:
        _BY_BYTES[key] = loop(W, X, y)
    return _BY_BYTES[key].copy()


def loop_cached_by_id(W, X, y):
    key = (id(W), id(X), id(y))
    if key not in _BY_ID:
        _BY_ID[key] = loop(W, X, y)
    return _BY_ID[key].copy()


_BY_SHAPE = {}


def cached_by_shape(W, X, y):
    """Right on the first large problem (the check's), then returns that result again: fast and wrong."""
    if X.shape[0] < SHAPE[0]:
        return vectorized(W, X, y)
    if X.shape not in _BY_SHAPE:
        _BY_SHAPE[X.shape] = vectorized(W, X, y)
    return _BY_SHAPE[X.shape].copy()


# ------------------------------------------------------------------ the measurement


def test_a_loop_that_caches_its_results_by_input_is_too_slow():
    """Fresh inputs on every repeat, and in every measurement: the cache never hits (the check measures
    twice before saying too slow; the second measurement finds the first one's results cached); the ratio
    is on the Incorrect."""
    _BY_BYTES.clear()
    calls = []

    def counted(W, X, y):
        calls.append(1)
        return loop_cached_by_input(W, X, y)

    with pytest.raises(Incorrect, match=r"right values but is too slow: \d+ times slower .* the limit is "
                                        r"20x\). It looks like a Python loop over the samples") as info:
        checks.check_grad_log_likelihood(counted)
    assert info.value.speed_ratio > 2 * checks.SPEED_LIMIT
    assert len(_BY_BYTES) == len(calls) > 2 * check_gradients.SPEED_FIRST["min_repeats"]   # never a hit


def test_a_loop_that_caches_its_results_by_id_gets_no_credit():
    """Within a measurement every array stays alive, so no id comes back: too slow.  Between two
    measurements an id may come back for another problem; then the kept result is wrong, and the check
    says so."""
    with pytest.raises(Incorrect, match="too slow|not on the random problems") as info:
        checks.check_grad_log_likelihood(loop_cached_by_id)
    if "too slow" in str(info.value):
        assert info.value.speed_ratio > 2 * checks.SPEED_LIMIT


def test_fresh_problems_every_call_and_every_measurement():
    seen = []

    def record(W, X, y):
        seen.append((id(X), X.tobytes()))
        return vectorized(W, X, y)

    first = timing.speed_ratio(record, SHAPE, 1, repeats=5, budget=10.0)
    assert len({i for i, _ in seen}) == 5                     # all alive: no id comes back
    second = timing.speed_ratio(record, SHAPE, 1, repeats=5, budget=10.0)
    assert first["repeats"] == second["repeats"] == 5
    assert len({b for _, b in seen}) == 10
    assert first["seed"][0] == second["seed"][0] == 1 and first["seed"] != second["seed"]
    W, X, y = timing.inputs(SHAPE, first["seed"], 3)
    np.testing.assert_array_equal(first["outputs"][3], vectorized(W, X, y))


def test_results_on_the_timed_problems_are_verified():
    """A function fast because it returns a result kept from another problem of the same shape is caught."""
    _BY_SHAPE.clear()
    with pytest.raises(Incorrect, match="right values on the check's problems, but not on the random problems"):
        checks.check_grad_log_likelihood(cached_by_shape)


def _hook(frame, event, arg):
    pass


@contextlib.contextmanager
def _profiled():
    """Run with :func:`_hook` as the profile hook; yield ``(hooks, watched)``: ``watched`` is the vectorized
    gradient that notes in ``hooks`` the profile hook it runs under."""
    hooks = []

    def watched(W, X, y):
        hooks.append(sys.getprofile())
        return vectorized(W, X, y)

    before = sys.getprofile()
    sys.setprofile(_hook)
    try:
        yield hooks, watched
    finally:
        sys.setprofile(before)


def test_the_profile_hook_is_cleared_while_timing_and_restored():
    """A profile hook (the checks' watch of forbidden calls) slows a loop far more than whole-array code."""
    def raises(W, X, y):
        raise ValueError("no")

    with _profiled() as (hooks, watched):
        timing.speed_ratio(watched, SHAPE, 2, repeats=3)
        assert sys.getprofile() is _hook
        with pytest.raises(ValueError):
            timing.speed_ratio(raises, SHAPE, 2, repeats=3)
        assert sys.getprofile() is _hook
    assert hooks == [None, None, None]


def test_the_profile_hook_of_a_check_is_back_after_its_speed_test():
    with _profiled() as (hooks, watched):
        checks.check_grad_log_likelihood(watched)
        assert sys.getprofile() is _hook
    checked = hooks.index(None)                    # the check's problems under the hook, then the timing without
    assert checked >= 4 and hooks[:checked] == [_hook] * checked and set(hooks[checked:]) == {None}


def test_the_calibration_costs_about_what_the_reference_costs():
    """The ratio is against the calibration; SPEED_LIMIT speaks of the reference: they must cost alike
    (within about 15 % on the development machine, whatever its load; a factor 2 here)."""
    ratios = [timing.speed_ratio(cu.grad_log_likelihood, SHAPE, seed, repeats=15)["ratio"] for seed in (3, 4)]
    assert 0.5 < min(ratios) < 2.0, ratios


def test_correct_variants_are_far_below_the_limit_and_a_loop_far_above():
    from check_catalogue import grad_add_at, grad_einsum, grad_onehot_add_at, grad_per_class
    fast = {fn.__name__: check_gradients._speed_verdict(fn)["ratio"]
            for fn in (grad_einsum, grad_add_at, grad_per_class, grad_onehot_add_at, vectorized)}
    assert max(fast.values()) < checks.SPEED_LIMIT / 2, fast
    slow = check_gradients._speed_verdict(loop)["ratio"]
    assert slow > 2 * checks.SPEED_LIMIT, slow


def test_the_calibration_is_not_a_gradient():
    """The sandbox ships timing.py, readable by student code: it must not hold the answer."""
    W, X, y = timing.inputs(SHAPE, [5], 0)
    G = cu.grad_log_likelihood(W, X, y)
    C = timing.calibration(W, X, y)
    assert C.shape == G.shape
    for candidate in (C, -C, C.T if C.shape[::-1] == G.shape else C):
        assert np.max(np.abs(candidate - G)) > 1e-3 * np.max(np.abs(G))


# ------------------------------------------------------------------ the verdict


def _fake_measurements(monkeypatch, ratios):
    calls = []

    def fake(fn, shape, seed, **options):
        calls.append(options)
        ratio = ratios[len(calls) - 1]
        return {"ratio": ratio, "student_seconds": ratio * 1e-3, "calibration_seconds": 1e-3, "repeats": 4,
                "clock": "cpu", "seed": [seed, 7], "outputs": []}

    monkeypatch.setattr(timing, "speed_ratio", fake)
    return calls


def test_a_too_slow_measurement_is_measured_again_longer_and_the_smaller_ratio_counts(monkeypatch):
    calls = _fake_measurements(monkeypatch, [35.0, 4.0])
    result = checks.check_grad_log_likelihood(vectorized)
    assert result.speed_ratio == 4.0
    assert calls == [check_gradients.SPEED_FIRST, check_gradients.SPEED_CONFIRM]
    assert calls[1]["budget"] > calls[0]["budget"] and calls[1]["repeats"] > calls[0]["repeats"]


def test_too_slow_twice_is_incorrect_with_the_smaller_ratio(monkeypatch):
    calls = _fake_measurements(monkeypatch, [25.0, 31.0])
    with pytest.raises(Incorrect, match=r"too slow: 25 times slower than the reference on N = 4000, D = 3, K = 4 "
                                        r"\(25\.0 ms of CPU time against 1\.00 ms .* the limit is 20x\). It looks "
                                        r"like a Python loop over the samples") as info:
        checks.check_grad_log_likelihood(vectorized)
    assert info.value.speed_ratio == 25.0 and len(calls) == 2


def test_a_fast_first_measurement_is_final(monkeypatch):
    calls = _fake_measurements(monkeypatch, [3.0])
    assert checks.check_grad_log_likelihood(vectorized).speed_ratio == 3.0
    assert len(calls) == 1


def test_a_function_that_raises_while_timed_is_incorrect():
    def fails_on_new_problems(W, X, y):
        if X.shape[0] == SHAPE[0] and not np.array_equal(X[:3], _FIXED_BIG[:3]):     # the check's problems pass
            raise IndexError("boom")
        return vectorized(W, X, y)

    with pytest.raises(Incorrect, match="raised IndexError: boom on a random problem of the speed test"):
        checks.check_grad_log_likelihood(fails_on_new_problems)


# ------------------------------------------------------------------ through the sandbox's protocol


def _remote(fn, name="grad_log_likelihood", speed_reply=None):
    """``fn`` as the autograder's stand-in of a sandboxed function, the sandbox's side run here (as in
    tests/test_checks.py); ``speed_reply`` replaces the sandbox's answer to a speed request."""
    sandbox = pytest.importorskip("course_utils.grading.sandbox")
    from course_utils.grading import protocol, runner, tracer

    def roundtrip(message):
        return protocol.unpack(protocol.pack(message)[8:])

    class LocalSandbox(sandbox.Sandbox):
        def __init__(self):
            self.used, self.tracer, self.policy = set(), tracer.Tracer([]), sandbox.Policy()
            self.requests = []
            self.begin_question()

        def _request(self, message):
            message = roundtrip(message)
            self.requests.append(message)
            if message["op"] == "speed":
                if speed_reply is not None:
                    return roundtrip(speed_reply)
                return roundtrip(runner.run_speed({name: fn}, message, self.tracer))
            return roundtrip(runner.run_call({name: fn}, message, self.tracer))

    box = LocalSandbox()
    return box, box.function(name, ("check_grad_log_likelihood",))


def test_the_sandbox_measures_inside_and_the_check_uses_it():
    box, proxy = _remote(vectorized)
    result = checks.check_grad_log_likelihood(proxy)
    speed = [m for m in box.requests if m["op"] == "speed"]
    assert len(speed) == 1 and speed[0]["shape"] == list(SHAPE) and speed[0]["checks"] == ["check_grad_log_likelihood"]
    assert 0 < speed[0]["seconds"] <= box.policy.wall_seconds
    assert 0 < result.speed_ratio < checks.SPEED_LIMIT / 2


def test_a_caching_loop_is_too_slow_through_the_sandbox():
    box, proxy = _remote(loop_cached_by_input)
    with pytest.raises(Incorrect, match="too slow") as info:
        checks.check_grad_log_likelihood(proxy)
    assert info.value.speed_ratio > 2 * checks.SPEED_LIMIT
    assert [m["op"] for m in box.requests].count("speed") == 2       # measured again before the verdict


def test_an_error_while_timed_in_the_sandbox_is_the_student_s():
    def raises(W, X, y):
        if X.shape[0] == SHAPE[0] and not np.array_equal(X[:3], _FIXED_BIG[:3]):
            raise ZeroDivisionError("on new data")
        return vectorized(W, X, y)

    with pytest.raises(Incorrect, match="raised ZeroDivisionError: on new data on a random problem"):
        checks.check_grad_log_likelihood(_remote(raises)[1])


_GOOD = {"ratio": 1.0, "student_seconds": 2e-3, "calibration_seconds": 1e-3, "repeats": 1, "clock": "cpu",
         "seed": [1, 2], "outputs": [np.zeros((3, 4))]}


@pytest.mark.parametrize("speed", [
    None, "fast", [], {}, dict(_GOOD, student_seconds=float("nan")), dict(_GOOD, student_seconds=float("inf")),
    dict(_GOOD, student_seconds=-1.0), dict(_GOOD, student_seconds=True), dict(_GOOD, student_seconds="1"),
    dict(_GOOD, calibration_seconds=0.0), dict(_GOOD, calibration_seconds=1e-300), dict(_GOOD, repeats=0),
    dict(_GOOD, repeats=2.0), dict(_GOOD, repeats=10 ** 9), dict(_GOOD, seed="1"), dict(_GOOD, seed=[-1]),
    dict(_GOOD, seed=[1.5]), dict(_GOOD, seed=[]), dict(_GOOD, outputs=None), dict(_GOOD, outputs=[None, None]),
    dict(_GOOD, clock=None), dict(_GOOD, clock="sundial"),
], ids=repr)
def test_nonsense_from_the_sandbox_is_an_error_of_the_question(speed):
    from course_utils.grading.sandbox import SandboxFailure

    _, proxy = _remote(vectorized, speed_reply={"ok": True, "speed": speed})
    with pytest.raises(SandboxFailure) as info:
        proxy.speed_ratio(shape=SHAPE, seed=1, repeats=1)
    assert info.value.status == "error" and "speed measurement is not valid" in info.value.reason


def test_the_grader_computes_the_ratio_and_keeps_only_arrays_of_the_right_kind():
    outputs = [np.zeros((3, 4)), np.zeros((4, 3)), np.zeros((3, 4), dtype=np.float32), "x"]
    _, proxy = _remote(vectorized, speed_reply={"ok": True, "speed": dict(_GOOD, ratio=0.001, repeats=4,
                                                                           outputs=outputs)})
    got = proxy.speed_ratio(shape=SHAPE, seed=1, repeats=4)
    assert got["ratio"] == 2.0 and got["repeats"] == 4
    assert got["outputs"][0].shape == (3, 4) and got["outputs"][1:] == [None, None, None]


def test_the_grader_keeps_the_measured_ratio():
    from course_utils.grading.grader import _keep_measures

    measured = {}
    _keep_measures(measured, checks.CheckResult("c", "s", speed_ratio=3.14159))
    assert measured == {"speed_ratio": 3.142}
    slow = Incorrect("too slow")
    slow.speed_ratio = 48.0
    _keep_measures(measured, slow)
    assert measured == {"speed_ratio": 48.0}
    for nothing in (None, checks.CheckResult("c", "s"), Incorrect("wrong"), float("nan")):
        _keep_measures(measured, nothing)
    assert measured == {"speed_ratio": 48.0} and math.isfinite(measured["speed_ratio"])
