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


def assert_said_once(message):
    """No sentence (hint or not) appears twice in the message."""
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+", message) if s.strip()]
    repeated = sorted({s for s in sentences if sentences.count(s) > 1})
    assert not repeated, f"said twice {repeated}: {message}"


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
    assert_said_once(message)
    assert "correct (" not in capsys.readouterr().out


def test_said_once_finds_a_repeated_sentence():
    """The property above can fail: a hint given twice is found."""
    assert_said_once("softmax raised ValueError: x. Hint: keep the axis. Hint: check the shapes.")
    with pytest.raises(AssertionError, match=r"said twice \['Hint: keep the axis\.'\]"):
        assert_said_once("softmax raised ValueError: x. Hint: keep the axis. Hint: keep the axis.")


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
    t0 = time.thread_time()          # the check's own work: not the time it waits for a core on a busy machine
    result = getattr(checks, name)(REFERENCES[name])
    seconds = time.thread_time() - t0
    assert seconds < 1.0, f"{name} took {seconds:.2f} s (target 0.5 s)"
    if result.max_error is not None:
        assert result.max_error < 1e-12
        assert re.search(r"max relative error \d\.\de[-+]\d\d over \d+ test cases", str(result))
    assert "correct" in capsys.readouterr().out


def test_softmax_summary_line_format(capsys):
    """The printed line: name, 'correct', the error and the number of cases."""
    checks.check_softmax(cu.softmax)
    out = capsys.readouterr().out
    assert re.fullmatch(r"check_softmax: correct \(max relative error \d\.\de[-+]\d\d over 12 test cases\)\n", out)


def test_grad_result_holds_the_speed_ratio_but_the_line_does_not(capsys):
    """The speed ratio is measured and returned, but not printed: the line is the same every run."""
    result = checks.check_grad_log_likelihood(cu.grad_log_likelihood)
    assert 0 < result.speed_ratio < checks.SPEED_LIMIT
    assert capsys.readouterr().out == "check_grad_log_likelihood: correct (max relative error 0.0e+00 over 8 test cases)\n"


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


def _array_one_too_short(ref):
    def fn(*args, **kwargs):
        return np.ravel(ref(*args, **kwargs))[:-1]
    return fn


def _as_list(ref):
    def fn(*args, **kwargs):
        value = np.asarray(ref(*args, **kwargs))
        return value.tolist() if value.ndim else [value.item()]
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
            (name, _array_one_too_short(ref), r"returned an array of shape \(\d*,\)"),
            (name, _nan_like_reference(ref), nan_pattern),
            (name, _returns("0.5"), r"returned a str .*not (a single real number|a NumPy array of real numbers of "
                                    r"shape)"),
            (name, _returns({"W": 1}), r"returned a dict"),
            (name, _returns((np.zeros(2), np.zeros(3))), r"returned a tuple of 2 items"),
            (name, _returns(np.array([1j])), r"complex numbers"),
            (name, _returns(np.array([True])), r"booleans"),
            (name, _as_list(ref), r"returned a Python list(, not a NumPy array| of 1 item, not a single number)"),
        ]
    return cases


MISBEHAVIOURS = _misbehaviours()


@pytest.mark.parametrize("entry", MISBEHAVIOURS,
                         ids=[f"{e[0][len('check_'):]}-{i % 12}" for i, e in enumerate(MISBEHAVIOURS)])
def test_misbehaving_function_gets_a_diagnosis_never_a_crash(entry):
    """Raising, returning None, a short list, NaN, a string ...: Incorrect with a diagnosis, nothing else."""
    name, fn, pattern = entry
    with pytest.raises(Incorrect) as info:
        getattr(checks, name)(fn)
    assert re.search(pattern, str(info.value)), str(info.value)
    assert_no_code(str(info.value))
    assert_said_once(str(info.value))


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


@pytest.mark.parametrize("name, remote", [
    ("ng_both_moves_down", r"Every entry is 0.*moved the same way for both points \(\+h twice, or -h twice\)"),
    ("ng_half_steps", r"half the right value.*or by 2h with the entry moved by only h/2 each way"),
    ("ng_moves_back_before_second_call", r"whether it is a copy moved back or a second name for W"),
    ("ng_in_place_reset_at_end", r"one array moved for all entries \(a copy of W made before the loop, or W itself\)"),
    ("ng_uses_notebook_function", r"whatever f is \(tried f doubled\): it uses neither its `h` nor its `f` argument"),
])
def test_numerical_gradient_without_the_log_of_f_stays_truthful(name, remote):
    """In the grader's sandbox f runs in another process and its calls are not logged here: the diagnoses read off
    the result alone name every cause the result allows, never one the log would have ruled out."""
    import check_catalogue
    fn = getattr(check_catalogue, name)
    with pytest.raises(Incorrect) as local:
        checks.check_numerical_gradient(fn)
    with pytest.raises(Incorrect, match=re.compile(remote, re.S)) as far:
        checks.check_numerical_gradient(_through_sandbox_protocol(fn, "numerical_gradient"))
    assert str(local.value) != str(far.value)


def test_numerical_gradient_log_is_read_once_and_only_in_process():
    """The recording f keeps the calls of the graded call (later calls, for diagnoses, are not read) and records
    nothing about a call in the sandbox."""
    from course_utils.checks.numgrad_probe import Probe
    W = np.array([[0.5, -1.0], [1.5, 0.7]])
    probe = Probe("cubic", W.shape, scale=1.0)
    probe.caller, probe.origin = W.copy(), (W, 1e-3)
    cu.numerical_gradient(probe, probe.caller, h=1e-3)
    ev = probe.evaluations()
    assert len(ev.calls) == 8 and ev.central() is not None and not any(c[3] for c in ev.calls)
    probe(W)
    assert probe.evaluations() is ev and len(ev.calls) == 8
    far = Probe("cubic", W.shape, scale=1.0)
    far.caller, far.origin = W.copy(), (W, 1e-3)
    _through_sandbox_protocol(cu.numerical_gradient, "numerical_gradient")(far, far.caller, h=1e-3)
    assert far.log == [] and far.evaluations().calls == []


# ------------------------------------------------------------------ speed and time budgets


def test_speed_check_can_be_turned_off(capsys):
    """speed=False accepts the right values of a loop (for very slow machines)."""
    checks.check_grad_log_likelihood(cu.grad_log_likelihood_loop, speed=False)
    out = capsys.readouterr().out
    assert "correct" in out
    assert checks.check_grad_log_likelihood(cu.grad_log_likelihood, speed=False).speed_ratio is None


def test_vectorized_variants_are_far_below_the_speed_limit():
    """Calibration: einsum / np.add.at / per-class versions run well under SPEED_LIMIT times the
    calibration (about 2-3x), even the lightest per-sample loop well above (about 40x), so the limit sits in a
    wide gap."""
    from check_catalogue import grad_add_at, grad_einsum, grad_loop_vectorized_softmax
    from course_utils.checks.core import problem
    from course_utils.checks.gradients import SPEED_SHAPE, _speed_ratio
    N, D, K = SPEED_SHAPE
    W, X, y = problem(1, N=N, D=D, K=K)
    fast = max(_speed_ratio(fn, W, X, y)[0] for fn in (grad_einsum, grad_add_at))
    slow = _speed_ratio(grad_loop_vectorized_softmax, W, X, y)[0]
    assert fast < checks.SPEED_LIMIT / 2 < 1.5 * checks.SPEED_LIMIT < slow, (fast, slow)


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
    small = [((23, 4), (23,), K) + settings for K, settings in
             [(3, (0.0, 2, 5, 7)), (3, (0.5, 1, 23, 7)), (3, (0.5, 1, 5, 7)), (3, (0.5, 3, 5, 7)), (4, (0.5, 3, 10, 0))]]
    separable = [((10, 3), (10,), 2, 0.5, 3, 4, 3)]
    assert calls == small + separable + [((1347, 65), (1347,), 10, 0.5, 3, 16, 0)]


def test_train_sgd_watched_steps_are_claimed_only_when_proven():
    """The steps watched in a call explain the weights, or nothing is said: a trainer that makes X a plain array
    is not watched, one whose step is no multiple of the prescribed one (labels of other samples) gets no batch
    diagnosis, a pass over all of X that leaves W as it is (a loss) is no step, and a function in the grader's
    sandbox is not watched at all."""
    from check_catalogue import sgd_half_overlap, sgd_sample_steps_with_loss
    from course_utils.checks.core import problem
    from course_utils.checks.sgd_batches import batches_message
    from course_utils.checks.sgd_trace import trace
    X, y = problem(901, N=23, D=4, K=3)[1:]
    one = dict(lr=0.5, epochs=1, batch_size=5, seed=7)

    def plain_copy(X, y, num_classes, lr, epochs, batch_size, seed):
        return sgd_half_overlap(np.asarray(X), y, num_classes, lr, epochs, batch_size, seed)

    def labels_in_stored_order(X, y, num_classes, lr, epochs, batch_size, seed):
        order, W = np.random.default_rng(seed).permutation(len(y)), np.zeros((X.shape[1], num_classes))
        for s in range(0, len(y), batch_size):
            Xb, yb = X[order[s:s + batch_size]], y[s:s + batch_size]
            W += lr * Xb.T @ (cu.one_hot(yb, num_classes) - cu.softmax(Xb @ W)) / len(yb)
        return W
    watched = trace(plain_copy, X, y, 3, one)
    assert watched.steps == [] and batches_message(watched, X, y, 3, one) is None
    watched = trace(labels_in_stored_order, X, y, 3, one)
    assert len(watched.steps) == 5 and batches_message(watched, X, y, 3, one) is None
    watched = trace(sgd_sample_steps_with_loss, X, y, 3, one)
    assert [len(s.rows) for s in watched.steps] == [1] * 23
    assert "one sample at a time" in batches_message(watched, X, y, 3, one)
    assert trace(_through_sandbox_protocol(sgd_half_overlap, "train_sgd"), X, y, 3, one) is None


@pytest.mark.parametrize("name", ["sgd_while_epochs", "sgd_mean_of_outer_products", "sgd_centres_X"])
def test_train_sgd_diagnoses_read_off_the_weights_hold_in_the_sandbox(name):
    """The diagnoses found from the weights alone (not by watching the steps) are the same through the grader."""
    import check_catalogue
    fn = getattr(check_catalogue, name)
    pattern = next(p for n, f, p in BUGGY if f is fn)
    with pytest.raises(Incorrect, match=re.compile(pattern, re.S)):
        checks.check_train_sgd(_through_sandbox_protocol(fn, "train_sgd"))


@pytest.mark.parametrize("name", ["sgd_plus_equals_typo", "sgd_scatter_through_permutation",
                                  "sgd_unused_first_permutation", "sgd_labels_reshaped", "sgd_softmax_over_batch",
                                  "sgd_permutes_labels_as_indices", "sgd_sample_term_assigned", "sgd_float_order",
                                  "sgd_half_overlap", "sgd_sample_steps_with_loss"])
def test_train_sgd_replaced_steps_orders_and_single_steps_hold_in_the_sandbox(name):
    """Steps that replace W, orders made wrongly from the permutation, what one full-batch step uses in place of
    Y - S, overlapping batches and a step per sample are read off the weights (or the exception), so the
    diagnoses are the same through the grader."""
    import check_catalogue
    fn = getattr(check_catalogue, name)
    pattern = next(p for n, f, p in BUGGY if f is fn)
    with pytest.raises(Incorrect, match=re.compile(pattern, re.S)):
        checks.check_train_sgd(_through_sandbox_protocol(fn, "train_sgd"))


@pytest.mark.parametrize("name", ["sgd_step_after_batch_loop", "sgd_step_into_new_name"])
def test_train_sgd_last_step_kept_unwatched_gets_both_causes(name):
    """Only the last batch's step in W: watching tells whether the other batches were multiplied at all (the
    catalogue); in the grader's sandbox both causes are given, and no sample is said to be unused."""
    import check_catalogue
    fn = getattr(check_catalogue, name)
    with pytest.raises(Incorrect) as info:
        checks.check_train_sgd(_through_sandbox_protocol(fn, "train_sgd"))
    assert re.search(r"one step, on the epoch's last batch, from W = 0: the steps on the other batches never reach "
                     r"it\. Either the step is outside the loop over the batches .* or every batch's step is computed "
                     r"from a W that never changes", str(info.value)), str(info.value)
    assert "never used" not in str(info.value)


def test_train_sgd_unused_samples_are_claimed_only_when_never_multiplied():
    """A call whose steps before the last leave W as it is multiplies every row: its watched steps hold only the
    last batch, but no sample is said to be unused; and a step that replaces W is named as such."""
    from check_catalogue import sgd_plus_equals_typo, sgd_step_into_new_name
    from course_utils.checks.core import problem
    from course_utils.checks.sgd_batches import batches_message
    from course_utils.checks.sgd_trace import trace
    X, y = problem(901, N=23, D=4, K=3)[1:]
    one = dict(lr=0.5, epochs=1, batch_size=5, seed=7)
    watched = trace(sgd_step_into_new_name, X, y, 3, one)
    assert [len(s.rows) for s in watched.steps] == [3] and watched.seen == set(range(23))
    assert batches_message(watched, X, y, 3, one) is None
    assert "REPLACES W" in batches_message(trace(sgd_plus_equals_typo, X, y, 3, one), X, y, 3, one)


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
            serve = runner.run_speed if message.get("op") == "speed" else runner.run_call
            return roundtrip(serve({name: fn}, roundtrip(message), self.tracer))

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
    "sgd_ignores_seed", "softmax_tolist", "softmax_longdouble", "softmax_clip_500", "softmax_python_max",
    "jac_list_for_batch", "ll_list", "ll_longdouble", "ll_global_K", "loop_global_K", "loop_K_from_labels",
    "grad_K_from_labels", "grad_helper_without_return", "sample_global_K", "sample_K_from_label",
    "sgd_shuffles_caller_arrays", "sgd_permutation_once", "jac_identity_of_five", "ll_label_then_sample",
    "ll_no_shift_on_true_logit", "loop_fixed_fifty_samples", "ng_default_one_thousandth", "ng_machine_epsilon_step",
    "re_map_over_pairs", "sgd_mean_over_dataset", "sgd_geometric_decay", "sgd_iris_N", "sgd_skips_first_batch",
    "sgd_digits_K"}], ids=_id)
def test_mistakes_get_the_same_diagnosis_through_the_sandbox_protocol(entry):
    """Raised exceptions, in-place changes, NaN, slowness, return types, clipping (found by probing the function
    again), sizes not taken from the arguments (found by calling it on other sizes) and the diagnoses that call
    the function again (other W, other h, a tiny lr, fewer epochs) are the same remotely."""
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


# ------------------------------------------------------------------ return types, judged one way


LONG_DOUBLE = np.dtype(np.longdouble).itemsize > 8
needs_long_double = pytest.mark.skipif(not LONG_DOUBLE, reason="long double is float64 on this platform")


class Tagged(np.ndarray):
    """A subclass of ndarray, as some libraries return."""


class Result:
    """An object of the student's own class."""


def _ll_value(make):
    def log_likelihood(W, X, y):
        return make(cu.log_likelihood(W, X, y))
    return log_likelihood


def _softmax_value(make):
    def softmax(a, axis=-1):
        return make(cu.softmax(a, axis=axis))
    return softmax


ON_VECTOR = r"on a 1-D vector of 5 logits"
ON_SMALL = r"on a small problem: N = 7 samples"
RETURN_TYPES = [
    ("check_softmax", _softmax_value(list), r"^softmax returned a Python list, not a NumPy array, " + ON_VECTOR
     + r".*\(did you call \.tolist\(\)\? return the array itself\)$"),
    ("check_softmax", _softmax_value(tuple), r"^softmax returned a tuple of 5 items " + ON_VECTOR),
    ("check_softmax", _softmax_value(lambda s: s.astype(np.float16)), r"^softmax returns float16 numbers \(" + ON_VECTOR
     + r".*half precision keeps only about 3 significant digits"),
    ("check_softmax", _softmax_value(lambda s: s.astype(np.float32)), r"^softmax returns float32 numbers"),
    ("check_softmax", _softmax_value(lambda s: Result()), r"^softmax returned a Result " + ON_VECTOR
     + r".*, not a NumPy array of real numbers of shape \(5,\)$"),
    ("check_log_likelihood", _ll_value(lambda v: [v]), r"^log_likelihood returned a Python list of 1 item, not a "
                                                       r"single number, " + ON_SMALL),
    ("check_log_likelihood", _ll_value(lambda v: (v,)), r"^log_likelihood returned a tuple of 1 items " + ON_SMALL
     + r".*not a single real number"),
    ("check_log_likelihood", _ll_value(np.float32), r"^log_likelihood returns float32 numbers \(" + ON_SMALL),
    ("check_log_likelihood", _ll_value(lambda v: Result()), r"^log_likelihood returned a Result " + ON_SMALL),
    ("check_softmax_jacobian", lambda s: list(cu.softmax_jacobian(s)), r"^softmax_jacobian returned a Python list "
                                                                      r"of 4 rows, not a NumPy array, on one "
                                                                      r"probability vector.*ONE array of shape "
                                                                      r"\(K, K\) = \(4, 4\)"),
]
if LONG_DOUBLE:
    RETURN_TYPES += [
        ("check_softmax", _softmax_value(lambda s: s.astype(np.longdouble)),
         r"^softmax returns float(96|128) \(long double\) numbers \(" + ON_VECTOR + r".*return float64\.$"),
        ("check_log_likelihood", _ll_value(np.longdouble),
         r"^log_likelihood returns float(96|128) \(long double\) numbers \(" + ON_SMALL + r".*return float64\.$"),
    ]


@pytest.mark.parametrize("name, fn, pattern", RETURN_TYPES, ids=lambda v: getattr(v, "__qualname__", None))
def test_return_types_are_judged_one_way(name, fn, pattern):
    """An array-valued result is a NumPy array, a scalar one a number; lists, tuples, other objects and
    float16/float32/long double numbers get a message that says what was returned, in words."""
    with pytest.raises(Incorrect, match=pattern):
        getattr(checks, name)(fn)


@pytest.mark.parametrize("name, fn", [
    ("check_softmax", _softmax_value(lambda s: s.view(Tagged))),
    ("check_softmax", _softmax_value(lambda s: np.asarray(s.tolist()))),
    ("check_log_likelihood", _ll_value(np.float64)),
    ("check_log_likelihood", _ll_value(float)),
    ("check_log_likelihood", _ll_value(np.array)),
    ("check_log_likelihood", _ll_value(lambda v: np.array([v]))),
], ids=lambda v: getattr(v, "__qualname__", None))
def test_arrays_numbers_and_their_subclasses_are_accepted(name, fn, capsys):
    """An ndarray subclass, an array made from a list, a Python float, a NumPy float, a 0-d or a 1-element array."""
    getattr(checks, name)(fn)
    assert "correct" in capsys.readouterr().out


SANDBOX_VALUES = [
    ("softmax", lambda a, axis=-1: [0.2] * 5),
    ("softmax", lambda a, axis=-1: (0.2,) * 5),
    ("softmax", lambda a, axis=-1: cu.softmax(a, axis=axis).astype(np.float16)),
    ("softmax", lambda a, axis=-1: Result()),
    ("log_likelihood", lambda W, X, y: [cu.log_likelihood(W, X, y)]),
    ("log_likelihood", lambda W, X, y: np.float16(cu.log_likelihood(W, X, y))),
    ("softmax_jacobian", lambda s: list(cu.softmax_jacobian(s))),
]
if LONG_DOUBLE:
    SANDBOX_VALUES += [
        ("softmax", lambda a, axis=-1: cu.softmax(a, axis=axis).astype(np.longdouble)),
        ("log_likelihood", lambda W, X, y: np.longdouble(cu.log_likelihood(W, X, y))),
    ]


@pytest.mark.parametrize("name, fn", SANDBOX_VALUES)
def test_return_types_get_the_same_message_through_the_sandbox_protocol(name, fn):
    """A value that cannot travel from the sandbox (long double, float16, an object) arrives as an opaque
    stand-in: the message is word for word the one the notebook gives, and never names the stand-in."""
    check = getattr(checks, f"check_{name}")
    with pytest.raises(Incorrect) as here:
        check(fn)
    with pytest.raises(Incorrect) as there:
        check(_through_sandbox_protocol(fn, name))
    assert str(there.value) == str(here.value)
    assert "Opaque" not in str(there.value) and "object" not in str(there.value)


def test_opaque_values_get_the_message_of_the_original():
    """The grader's stand-in (type_name, dtype), a stand-in of an older grader (description only), and any
    object with those attributes are judged as the value they replace."""
    from course_utils.checks.returns import return_message
    from course_utils.grading.protocol import Opaque

    class StandIn:
        def __init__(self, type_name, dtype):
            self.type_name, self.dtype = type_name, dtype

    def message(value, shape=(3,)):
        return return_message(value, "softmax", "on a vector", shape)

    pairs = [(np.ones(3, dtype=np.float16), "ndarray", "float16"), (Result(), "Result", None),
             (np.ones(3, dtype=object), "ndarray", "object"), (np.array(["a", "b", "c"]), "ndarray", "str96")]
    if LONG_DOUBLE:
        pairs += [(np.ones(3, dtype=np.longdouble), "ndarray", np.dtype(np.longdouble).name),
                  (np.longdouble(2.0), "longdouble", np.dtype(np.longdouble).name)]
    for original, type_name, dtype in pairs:
        expected = message(original)
        assert expected is not None and "Opaque" not in expected and "StandIn" not in expected
        assert message(Opaque("whatever", type_name, dtype)) == expected, original
        assert message(StandIn(type_name, dtype)) == expected, original
    assert message(Opaque("Result object")) == message(Result()) == message(Opaque("anything", "Result"))
    assert message(Opaque("array of dtype float16")) == message(np.ones(3, dtype=np.float16))
    assert re.search(r"returned an? \w+ on", message(Opaque("anything"))) and "Opaque" not in message(Opaque("x"))


# ------------------------------------------------------------------ NumPy's errors, translated


def _raising(body):
    """A softmax that runs ``body(a)`` (which raises a genuine NumPy or Python error)."""
    def softmax(a, axis=-1):
        return body(np.asarray(a))
    return softmax


def _no_return(a):
    np.exp(a)


NUMPY_ERRORS = [
    (lambda a: a if a > 0 else -a, r"truth value of an array.*Hint: an array was used where Python needs one True or "
                                   r"False: in an `if`.*np\.where or a boolean mask.*\.any\(\) or \.all\(\)"),
    (lambda a: np.exp(a, -1), r"return arrays must be of ArrayType.*Hint: an elementwise NumPy function got one "
                              r"positional argument too many, which it takes as the array to write its result into: "
                              r"np\.exp and np\.log take one array.*An axis belongs to reductions such as np\.sum"),
    (lambda a: np.maximum(a, a, 1e-8), r"return arrays must be of ArrayType.*np\.maximum and np\.minimum two"),
    (lambda a: np.ones((7, 3)) / np.ones(7), r"Hint: NumPy lines up shapes from the right: \(7, 3\) and \(7,\) put "
                                             r"3 against 7 on the last axis, and sizes that meet must be equal or 1\. "
                                             r"Hint: a maximum or a sum over the class axis loses that axis unless "
                                             r"you pass keepdims=True"),
    (lambda a: np.exp(a, 1, 2), r"exp\(\) takes from 1 to 2 positional arguments.*Hint: an elementwise NumPy "
                                r"function got one positional argument too many"),
    (lambda a: np.ones((7, 3)) @ np.ones((4, 2)), r"Hint: a matrix product A @ B needs as many columns in A as rows "
                                                  r"in B \(entries, for a 1-D factor\): here A has 3 and B has 4\. "
                                                  r"Check the order of the factors"),
    (lambda a: np.dot(np.ones((7, 3)), np.ones((4, 2))), r"Hint: a matrix product A @ B of shapes \(7, 3\) and "
                                                         r"\(4, 2\) needs .*here A has 3 and B has 4"),
    (lambda a: list(a)[np.array([1, 2])], r"only integer scalar arrays.*Hint: an array was given where NumPy "
                                          r"expects one integer.*np\.maximum"),
    (lambda a: a[0, 1], r"too many indices.*Hint: an array with 1 axis was indexed with 2 indices"),
    (lambda a: np.eye(3)[:, np.array([0, 3])], r"index 3 is out of bounds for axis 1 with size 3.*Hint: axis 1 of "
                                               r"the indexed array has size 3, so its indices run from 0 to 2"),
    (lambda a: np.array([a, a[:2]], dtype=float), r"setting an array element with a sequence.*Hint: a sequence of "
                                                  r"numbers was stored where one number belongs"),
    (lambda a: _no_return(a) / 2, r"unsupported operand type\(s\) for /: 'NoneType' and 'int'.*Hint: one of the "
                                  r"values is None: a function it calls \(a helper of yours\?\) has no `return`"),
    (lambda a: np.zeros(range(len(a) / 1)), r"'float' object cannot be interpreted as an integer.*Hint: a float was "
                                            r"given where an integer is needed"),
    (lambda a: list(a) - 1, r"unsupported operand type\(s\) for -: 'list' and 'int'.*Hint: Python lists do no "
                            r"arithmetic on their numbers"),
]


@pytest.mark.parametrize("body, pattern", NUMPY_ERRORS, ids=[str(i) for i in range(len(NUMPY_ERRORS))])
def test_numpy_errors_are_translated(body, pattern):
    """Each NumPy error a student's code raises gets a sentence that says what to check, with its sizes,
    each hint once (the message quotes the student's own error, code and all)."""
    with pytest.raises(Incorrect, match=re.compile(r"^softmax raised \w+Error: .*" + pattern, re.S)) as info:
        checks.check_softmax(_raising(body))
    assert_said_once(str(info.value))


def test_a_per_row_quantity_is_explained_unless_the_check_explains_keepdims():
    """Broadcasting (N, K) with (N,): the shapes lined up from the right, and the (N, 1) shape a per-row
    quantity needs, unless the check's own hint already says keepdims (softmax's does)."""
    from course_utils.checks.numpy_errors import numpy_hints
    error = ValueError("operands could not be broadcast together with shapes (7,3) (7,) ")
    assert numpy_hints(error) == [
        "NumPy lines up shapes from the right: (7, 3) and (7,) put 3 against 7 on the last axis, and sizes that "
        "meet must be equal or 1",
        "a quantity with one number per row, of shape (7,), must have shape (7, 1) to act on every row of an array "
        "of shape (7, 3): keep the reduced axis (keepdims=True) or add an axis of length 1"]
    assert len(numpy_hints(error, keepdims_known=True)) == 1
    with pytest.raises(Incorrect) as info:
        checks.check_softmax(_raising(lambda a: np.ones((7, 3)) / np.ones(7)))
    assert "one number per row" not in str(info.value) and str(info.value).count("keepdims") == 1


def test_hints_that_do_not_apply_are_left_out():
    """The keepdims advice only for a per-row quantity, the outer product only for the sizes D and K of a
    dot product, the signature only for a call of the wrong arity, the translation only for known messages."""
    with pytest.raises(Incorrect) as info:
        checks.check_softmax(_raising(lambda a: np.ones((2, 3)) + np.ones((4, 3))))
    assert "put 3 against" not in str(info.value) and "one number per row" not in str(info.value)
    assert "put 2 against 4 on axis 0" in str(info.value)
    with pytest.raises(Incorrect) as info:
        checks.check_softmax(_raising(lambda a: np.exp(a, 1, 2)))
    assert "signature" not in str(info.value)
    with pytest.raises(Incorrect, match=r"got an unexpected keyword argument 'axis'.*Hint: check that your "
                                        r"function has exactly the signature softmax\(a, axis=-1\)\."):
        checks.check_softmax(lambda a: cu.softmax(a))
    from check_catalogue import sample_global_K, sample_transpose_product
    with pytest.raises(Incorrect, match=r"fixed K") as info:
        checks.check_grad_log_likelihood_sample(sample_global_K)
    assert "outer product" not in str(info.value)
    with pytest.raises(Incorrect, match=r"x\.T @ v is a dot product, not an outer product"):
        checks.check_grad_log_likelihood_sample(sample_transpose_product)
    with pytest.raises(Incorrect) as info:
        checks.check_softmax(_raising(lambda a: a.nonexistent))
    assert "Hint" not in str(info.value)


# ------------------------------------------------------------------ finite but wrong, sizes not taken from arguments


@pytest.mark.parametrize("lower, upper, where", [(-500, 500, "at ±500"), (None, 709, "from above at 709"),
                                                 (-100, 600, "at -100 and 600"), (-700.25, 700.25, "at ±700.25")])
def test_a_clipping_softmax_is_told_where_it_clips(lower, upper, where):
    """The bounds come from probing the function, whatever they are; a finite result never hears of inf / inf."""
    def softmax(a, axis=-1):
        e = np.exp(np.clip(a, lower, upper))
        return e / e.sum(axis=axis, keepdims=True)
    with pytest.raises(Incorrect, match=re.escape(f"you seem to clip the logits {where} (the result")) as info:
        checks.check_softmax(softmax)
    assert "inf / inf" not in str(info.value) and "overflow to inf" not in str(info.value)


def test_a_fixed_size_is_blamed_only_with_evidence():
    """The evidence of a fixed K: a size of an earlier case where this case's size belongs (an exception's
    sizes, or an axis of the result); without it, nothing is said."""
    from course_utils.checks.dimensions import exception_evidence, shape_evidence
    earlier = [{"N": 7, "D": 4, "K": 3}]
    now = {"N": 9, "D": 4, "K": 4}
    assert "fixed K" in exception_evidence(now, earlier, "shapes (3,) (4,)")
    assert exception_evidence(now, earlier, "index 7 is out of bounds for axis 0 with size 9") is None
    assert exception_evidence(now, earlier, "shapes (5,) (4,)") is None
    assert "fixed K" in shape_evidence(now, earlier, (4, 3), (4, 4))
    assert shape_evidence(now, earlier, (5, 4), (4, 4)) is None
    assert shape_evidence(now, earlier, (4, 3, 1), (4, 4)) is None
    assert exception_evidence({"N": 7, "D": 4, "K": 3}, earlier, "shapes (3,) (4,)") is None


def test_sizes_read_in_symbols_only_when_they_hold_at_other_sizes():
    """A broadcast of (3,) against (4,) where 3 is the number of samples of a class (K = 3 too) is not read as K:
    called again with other sizes the shapes change otherwise.  A reading that holds at the other sizes stays."""
    def grad_class_counts(W, X, y):
        G = np.zeros_like(W)
        S = cu.softmax(X @ W)
        for k in range(W.shape[1]):
            G[:, k] = np.sum(X[y == k], axis=-1) - X.T @ S[:, k]
        return G
    with pytest.raises(Incorrect, match=r"broadcast together with shapes \(3,\) \(4,\)") as info:
        checks.check_grad_log_likelihood(grad_class_counts)
    assert "(K,)" not in str(info.value) and "one per class" not in str(info.value)
    from check_catalogue import loop_adds_into_row
    with pytest.raises(Incorrect, match=r"the shapes are \(K,\) and \(D,\)"):
        checks.check_grad_log_likelihood_loop(loop_adds_into_row)


def test_each_samples_term_is_read_alone():
    """The residual read from calls on one sample: any combination of the features, in words, on both cases."""
    from course_utils.checks.grad_residual import formula, residual_message
    from course_utils.checks.core import Spec, problem
    W, X, y = problem(7, N=3, D=4, K=3)
    spec = Spec("g", "g(W, X, y)", ("W", "X", "y"))
    one = lambda W, x, label: (W, x[None, :], np.array([label]))    # noqa: E731

    def twice_sigma(W, X, y):
        return X.T @ (cu.one_hot(y, W.shape[1]) - 2 * cu.softmax(X @ W))
    message = residual_message(twice_sigma, spec, W, X, y, one)
    assert "r = 1 - 2 sigma_k in the case k = y_j" in message and "r = -2 sigma_k in the case k != y_j" in message
    from course_utils.checks.grad_residual import ALONE_RIGHT
    assert residual_message(lambda W, X, y: cu.grad_log_likelihood(W, X, y), spec, W, X, y, one) == ALONE_RIGHT
    assert residual_message(lambda W, X, y: np.ones_like(W), spec, W, X, y, one) is None    # not x r^T
    assert formula({"1": 2.0, "u_k": -1.0}) == "2 - e^(a_k - m)"
