"""Tests of course_utils.checks: every catalogued mistake gets its own diagnosis, every correct
variant passes, stubs are "not attempted", and no misbehaving function can crash a check.

The implementations under test live in tests/check_catalogue.py.
"""

import inspect
import re
import time

import numpy as np
import pytest
from check_catalogue import BUGGY, CORRECT

import course_utils as cu
from course_utils import checks
from course_utils.checks import diagnose as _checks_diagnose, training as _checks_training
from course_utils.checks import Incorrect, NotAttempted

#: Every check and the course_utils reference it compares with.
REFERENCES = {
    "check_softmax": cu.softmax,
    "check_log_likelihood": cu.log_likelihood,
    "check_softmax_jacobian": cu.softmax_jacobian,
    "check_grad_log_likelihood_loop": cu.grad_log_likelihood_loop,
    "check_grad_log_likelihood": cu.grad_log_likelihood,
    "check_grad_log_likelihood_sample": cu.grad_log_likelihood_sample,
    "check_numerical_gradient": cu.numerical_gradient,
    "check_relative_error": cu.relative_error,
    "check_train_sgd": cu.train_sgd,
}
#: The name of the exercise each check is about.
EXERCISE = {name: name[len("check_"):] for name in REFERENCES}

#: Fragments of solution code that a diagnosis must never contain: it describes mistakes in words. It may
#: name what a student must know to fix them (keepdims, np.maximum, np.random.default_rng(seed) as the
#: exercise prescribes) and quote the mistake itself (s @ s.T of a 1-D vector), never an expression
#: that computes the answer.
CODE_FRAGMENTS = ["X.T @", "X[b]", "(Y - S)", "(e - s)", "exp(", "log(", ".sum(", ".max(", "einsum", "outer(",
                  "lambda", "def ", "one_hot(", "arange", "[:, None]", "[..., None]"]


def _id(entry):
    name, fn = entry[0], entry[1]
    return f"{name[len('check_'):]}-{fn.__name__}"


def assert_no_code(message):
    """The message holds no fragment of solution code."""
    found = [frag for frag in CODE_FRAGMENTS if frag in message]
    assert not found, f"diagnosis contains code {found}: {message}"


# ------------------------------------------------------------------ the two exception classes


def test_exception_classes_are_assertion_errors():
    """Autograders count AssertionError as a failed test: both classes must be subclasses."""
    assert issubclass(NotAttempted, AssertionError)
    assert issubclass(Incorrect, AssertionError)
    assert not issubclass(NotAttempted, Incorrect) and not issubclass(Incorrect, NotAttempted)
    assert NotAttempted.__module__ == Incorrect.__module__ == "course_utils.checks"


def test_public_api_is_complete():
    """Every check the homework uses is exported, with the reference train_sgd signature."""
    for name in REFERENCES:
        assert name in checks.__all__ and callable(getattr(checks, name))
    params = list(inspect.signature(cu.train_sgd).parameters)
    assert params == ["X", "y", "num_classes", "lr", "epochs", "batch_size", "seed"]


# ------------------------------------------------------------------ the catalogue of mistakes


@pytest.mark.parametrize("entry", BUGGY, ids=[_id(e) for e in BUGGY])
def test_mistake_gets_its_specific_diagnosis(entry, capsys):
    """Each catalogued mistake raises Incorrect with ITS diagnosis, in words, and prints nothing."""
    name, fn, pattern = entry
    with pytest.raises(Incorrect) as info:
        getattr(checks, name)(fn)
    message = str(info.value)
    assert re.search(pattern, message, flags=re.S), f"pattern {pattern!r} not in: {message}"
    assert message.startswith(EXERCISE[name]) or f" {EXERCISE[name]}" in message
    assert_no_code(message)
    assert "correct (" not in capsys.readouterr().out


def test_catalogue_covers_every_check_several_times():
    """At least 8 catalogued mistakes and 4 correct variants for every check."""
    for name in REFERENCES:
        n_bad = sum(entry[0] == name for entry in BUGGY)
        n_good = sum(entry[0] == name for entry in CORRECT)
        assert n_bad >= 8 and n_good >= 4, (name, n_bad, n_good)


def test_diagnoses_are_distinct():
    """The regexes pin different diagnoses: no two mistakes of one check share a pattern by accident,
    except the ones listed (two routes to the same overflow, the same labels bug, ...)."""
    shared_ok = {"Numerical overflow", "modifies its input", "float32 numbers", "right values but",
                 "labels are off by one", "accuracy too low"}
    seen = {}
    for name, fn, pattern in BUGGY:
        key = (name, pattern)
        if key in seen and not any(s in pattern for s in shared_ok):
            pytest.fail(f"{fn.__name__} and {seen[key]} expect the same diagnosis {pattern!r}")
        seen[key] = fn.__name__


# ------------------------------------------------------------------ correct implementations


@pytest.mark.parametrize("entry", CORRECT, ids=[_id(e) for e in CORRECT])
def test_correct_variant_passes_and_prints_one_line(entry, capsys):
    """Loops, einsum, scipy, np.add.at ... all pass, printing one line with the measured error."""
    name, fn = entry
    result = getattr(checks, name)(fn)
    out = capsys.readouterr().out
    assert out == f"{result}\n"
    assert out.startswith(f"{name}: correct (") and out.count("\n") == 1
    assert isinstance(result, checks.CheckResult) and result.check == name


@pytest.mark.parametrize("name", list(REFERENCES))
def test_reference_passes_with_tiny_error_and_quickly(name, capsys):
    """The course_utils implementations pass their own checks, each in well under a second."""
    getattr(checks, name)(REFERENCES[name])             # warm-up (data loading, imports)
    t0 = time.perf_counter()
    result = getattr(checks, name)(REFERENCES[name])
    seconds = time.perf_counter() - t0
    assert seconds < 1.0, f"{name} took {seconds:.2f} s (target 0.5 s)"
    if result.max_error is not None:
        assert result.max_error < 1e-12
        assert re.search(r"max relative error \d\.\de[-+]\d\d over \d+ test cases", str(result))
    assert "correct" in capsys.readouterr().out


def test_softmax_summary_line_format(capsys):
    """The printed line: name, 'correct', the error and the number of cases."""
    checks.check_softmax(cu.softmax)
    out = capsys.readouterr().out
    assert re.fullmatch(r"check_softmax: correct \(max relative error \d\.\de[-+]\d\d over 9 test cases\)\n", out)


def test_grad_result_holds_the_speed_ratio_but_the_line_does_not(capsys):
    """The speed ratio is measured and returned, but not printed: the line is the same every run."""
    result = checks.check_grad_log_likelihood(cu.grad_log_likelihood)
    assert 0 < result.speed_ratio < checks.SPEED_LIMIT
    assert capsys.readouterr().out == "check_grad_log_likelihood: correct (max relative error 0.0e+00 over 5 test cases)\n"


def test_checks_ignore_and_keep_the_global_random_state():
    """Inputs come from seeded generators: the global state neither matters nor changes."""
    for name, ref in REFERENCES.items():
        results = []
        for seed in (1, 2):
            np.random.seed(seed)
            before = np.random.get_state()[1].copy()
            results.append(getattr(checks, name)(ref))
            assert np.array_equal(np.random.get_state()[1], before), name
        assert results[0].max_error == results[1].max_error, name
        assert results[0].n_cases == results[1].n_cases, name


# ------------------------------------------------------------------ not attempted


@pytest.mark.parametrize("name", list(REFERENCES))
def test_stub_is_not_attempted(name):
    """The homework stub `raise NotImplementedError` gives NotAttempted with the friendly message."""
    def stub(*args, **kwargs):
        raise NotImplementedError()
    stub.__name__ = EXERCISE[name]
    with pytest.raises(NotAttempted) as info:
        getattr(checks, name)(stub)
    assert str(info.value) == (f"{EXERCISE[name]} is not attempted yet: replace "
                               f"`raise NotImplementedError` with your code")
    assert info.value.__cause__ is None


def test_stub_inside_a_helper_is_named():
    """A function calling a helper that is still a stub: NotAttempted says which helper."""
    def helper(a):
        raise NotImplementedError

    def softmax(a, axis=-1):
        return helper(a)

    with pytest.raises(NotAttempted, match=r"comes from `helper`, which it calls"):
        checks.check_softmax(softmax)


# ------------------------------------------------------------------ misbehaving functions


def _raises(exc_type, text):
    def fn(*args, **kwargs):
        raise exc_type(text)
    return fn


def _returns(value):
    def fn(*args, **kwargs):
        return value
    return fn


def _nan_like_reference(ref):
    def fn(*args, **kwargs):
        return np.full(np.shape(ref(*args, **kwargs)), np.nan)
    return fn


def _list_one_too_short(ref):
    def fn(*args, **kwargs):
        return list(np.ravel(ref(*args, **kwargs)))[:-1]
    return fn


def _misbehaviours():
    cases = []
    for name, ref in REFERENCES.items():
        nan_pattern = r"diverged \(NaN" if name == "check_train_sgd" else r"returned nan"
        cases += [
            (name, _raises(TypeError, "unsupported operand type(s)"), r"raised TypeError: unsupported operand"),
            (name, _raises(IndexError, "index 5 is out of bounds"), r"raised IndexError: index 5 is out of bounds -- on "),
            (name, _raises(ZeroDivisionError, "division by zero"), r"raised ZeroDivisionError"),
            (name, _returns(None), r"returned None on .*forget the `return` statement"),
            (name, _list_one_too_short(ref), r"returned an array of shape \(\d*,\)"),
            (name, _nan_like_reference(ref), nan_pattern),
            (name, _returns("0.5"), r"returned a str .*not (a single real number|an array of real numbers of shape)"),
            (name, _returns({"W": 1}), r"returned a dict"),
            (name, _returns((np.zeros(2), np.zeros(3))), r"returned a tuple of 2 items"),
            (name, _returns(np.array([1j])), r"complex numbers"),
            (name, _returns(np.array([True])), r"booleans"),
        ]
    return cases


MISBEHAVIOURS = _misbehaviours()


@pytest.mark.parametrize("entry", MISBEHAVIOURS,
                         ids=[f"{e[0][len('check_'):]}-{i % 11}" for i, e in enumerate(MISBEHAVIOURS)])
def test_misbehaving_function_gets_a_diagnosis_never_a_crash(entry):
    """Raising, returning None, a short list, NaN, a string ...: Incorrect with a diagnosis, nothing else."""
    name, fn, pattern = entry
    with pytest.raises(Incorrect) as info:
        getattr(checks, name)(fn)
    assert re.search(pattern, str(info.value)), str(info.value)
    assert_no_code(str(info.value))


def test_student_exception_is_chained_for_its_traceback():
    """The student's own exception is the cause of the Incorrect: the notebook shows where it failed."""
    def softmax(a, axis=-1):
        return a[5]
    with pytest.raises(Incorrect, match=r"raised IndexError: index 5 is out of bounds") as info:
        checks.check_softmax(softmax)
    assert isinstance(info.value.__cause__, IndexError)


def test_wrong_signature_gets_a_signature_hint():
    """A missing parameter is a TypeError about arguments: the hint quotes the required signature."""
    def numerical_gradient(f, W):
        return cu.numerical_gradient(f, W)
    with pytest.raises(Incorrect, match=r"exactly the signature numerical_gradient\(f, W, h=1e-5\)"):
        checks.check_numerical_gradient(numerical_gradient)


def test_not_a_function():
    """Passing the result instead of the function is explained, not crashed on."""
    with pytest.raises(Incorrect, match=r"expects the function softmax itself, got a ndarray"):
        checks.check_softmax(np.zeros(3))


def test_unexpected_failure_inside_a_check_becomes_incorrect(monkeypatch):
    """The safety net: even a failure of the comparison machinery is reported as Incorrect."""
    def broken(*args, **kwargs):
        raise RuntimeError("comparison exploded")
    monkeypatch.setattr(_checks_diagnose, "max_relative_error", broken)
    with pytest.raises(Incorrect, match=r"could not judge the result of softmax: .*RuntimeError"):
        checks.check_softmax(cu.softmax)


def test_size_one_array_counts_as_a_number(capsys):
    """log_likelihood returning a 1-element array instead of a float is accepted."""
    checks.check_log_likelihood(lambda W, X, y: np.array([cu.log_likelihood(W, X, y)]))
    assert "correct" in capsys.readouterr().out


def test_numerical_gradient_round_off_in_W_is_tolerated_but_not_more(capsys):
    """Perturb-and-restore by arithmetic may leave 1-ulp changes in W (accepted); 1e-9 is not."""
    def restores_badly(f, W, h=1e-5):
        g = cu.numerical_gradient(f, W, h)
        W *= 1 + 1e-9
        return g
    with pytest.raises(Incorrect, match=r"modifies its input `W`.*restore each entry"):
        checks.check_numerical_gradient(restores_badly)

    def restores_to_round_off(f, W, h=1e-5):
        g = cu.numerical_gradient(f, W, h)
        W *= 1 + 2e-16
        return g
    checks.check_numerical_gradient(restores_to_round_off)
    assert "correct" in capsys.readouterr().out


# ------------------------------------------------------------------ speed and time budgets


def test_speed_check_can_be_turned_off(capsys):
    """speed=False accepts the right values of a loop (for very slow machines)."""
    checks.check_grad_log_likelihood(cu.grad_log_likelihood_loop, speed=False)
    out = capsys.readouterr().out
    assert "correct" in out
    assert checks.check_grad_log_likelihood(cu.grad_log_likelihood, speed=False).speed_ratio is None


def test_vectorized_variants_are_far_below_the_speed_limit():
    """Calibration: einsum / np.add.at / per-class versions run well under SPEED_LIMIT times the
    reference, a per-sample loop well above, so the limit sits in a wide gap."""
    from check_catalogue import grad_add_at, grad_einsum, grad_loop_vectorized_softmax
    from course_utils.checks.core import problem
    from course_utils.checks.gradients import SPEED_SHAPE, _speed_ratio
    N, D, K = SPEED_SHAPE
    W, X, y = problem(1, N=N, D=D, K=K)
    fast = max(_speed_ratio(fn, W, X, y)[0] for fn in (grad_einsum, grad_add_at))
    slow = _speed_ratio(grad_loop_vectorized_softmax, W, X, y)[0]
    assert fast < checks.SPEED_LIMIT / 2 < 2 * checks.SPEED_LIMIT < slow, (fast, slow)


def test_train_sgd_time_budget(monkeypatch):
    """A run longer than TIME_BUDGET seconds is too slow (budget lowered to 0 for the test)."""
    monkeypatch.setattr(_checks_training, "TIME_BUDGET", 0.0)
    with pytest.raises(Incorrect, match=r"train_sgd is too slow: one run took .* \(budget 0 s\)"):
        checks.check_train_sgd(cu.train_sgd)


def test_train_sgd_accuracy_is_measured_on_the_test_split(capsys):
    """The reported accuracy is the reference's test accuracy on the documented digits split."""
    X, y = cu.load_digits()
    X_tr, X_te, y_tr, y_te = cu.train_test_split(X, y, test_fraction=0.25, seed=0)
    X_tr, X_te = cu.standardize(X_tr, X_te)
    W = cu.sgd(cu.add_bias(X_tr), y_tr, 10, lr=0.1, epochs=10, batch_size=32, seed=0)[0]
    expected = cu.accuracy(W, cu.add_bias(X_te), y_te)
    checks.check_train_sgd(cu.train_sgd)
    assert f"test accuracy {expected:.4f}" in capsys.readouterr().out
    assert expected >= checks.MIN_ACCURACY + 0.01      # the default settings leave a margin


def test_train_sgd_settings_are_passed_through():
    """check_train_sgd calls fn with the documented signature and its lr/epochs/batch_size."""
    calls = []

    def train_sgd(X, y, num_classes, lr, epochs, batch_size, seed):
        calls.append((X.shape, y.shape, num_classes, lr, epochs, batch_size, seed))
        return cu.train_sgd(X, y, num_classes, lr, epochs, batch_size, seed)

    checks.check_train_sgd(train_sgd, lr=0.5, epochs=3, batch_size=16)
    small = [((23, 4), (23,), 3) + settings for settings in
             [(0.0, 2, 5, 7), (0.5, 1, 23, 7), (0.5, 1, 5, 7), (0.5, 3, 5, 7), (0.5, 3, 5, 8)]]
    assert calls == small + [((1347, 65), (1347,), 10, 0.5, 3, 16, 0)]


# ------------------------------------------------------------------ through the autograder's sandbox calls


def _through_sandbox_protocol(fn, name):
    """``fn`` called the way the autograder calls a student's function in its sandbox: arguments and
    results serialized by its wire protocol, exceptions rebuilt by type name, mutations copied back;
    only the separate process is left out (``Sandbox._request`` runs the call here)."""
    sandbox = pytest.importorskip("course_utils.grading.sandbox")
    from course_utils.grading import protocol, runner, tracer

    def roundtrip(message):
        return protocol.unpack(protocol.pack(message)[8:])

    class LocalSandbox(sandbox.Sandbox):
        def __init__(self):            # no process, no socket
            self.used, self.tracer, self.policy = set(), tracer.Tracer([]), sandbox.Policy()
            self.begin_question()

        def _request(self, message):
            return roundtrip(runner.run_call({name: fn}, roundtrip(message), self.tracer))

    return LocalSandbox().function(name)


@pytest.mark.parametrize("name", list(REFERENCES))
def test_references_pass_through_the_sandbox_protocol(name, capsys):
    """Every check works on a function called through the autograder's protocol (numerical_gradient
    included: its f travels by name as a TestFunction)."""
    result = getattr(checks, name)(_through_sandbox_protocol(REFERENCES[name], EXERCISE[name]))
    assert "correct" in capsys.readouterr().out
    if name == "check_grad_log_likelihood":
        assert result.speed_ratio < checks.SPEED_LIMIT / 2


@pytest.mark.parametrize("entry", [e for e in BUGGY if e[1].__name__ in {
    "softmax_no_shift", "softmax_inplace", "ll_labels_plus_one_unwrapped", "jac_no_batch",
    "grad_loop_over_samples", "ng_forward", "ng_leaves_W_changed", "ng_only_2d", "re_no_floor",
    "sgd_ignores_seed"}], ids=_id)
def test_mistakes_get_the_same_diagnosis_through_the_sandbox_protocol(entry):
    """Raised exceptions, in-place changes, NaN and slowness are diagnosed the same way remotely."""
    name, fn, pattern = entry
    with pytest.raises(Incorrect, match=re.compile(pattern, re.S)):
        getattr(checks, name)(_through_sandbox_protocol(fn, EXERCISE[name]))


def test_stub_is_not_attempted_through_the_sandbox_protocol():
    """The rebuilt NotImplementedError still means "not attempted", without naming grader internals."""
    def softmax(a, axis=-1):
        raise NotImplementedError()
    with pytest.raises(NotAttempted) as info:
        checks.check_softmax(_through_sandbox_protocol(softmax, "softmax"))
    assert str(info.value) == ("softmax is not attempted yet: replace `raise NotImplementedError` "
                               "with your code")
