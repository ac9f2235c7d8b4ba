"""Every ValueError path of course_utils, each pinned to a distinctive part of its message.

The messages come from course_utils._validation ("<name> must be <expected>; got <what came>")
and from the few module-specific checks.  The probability checks of the Jacobian and the
f/h/shape checks of the gradient check are pinned in test_jacobian.py and test_gradcheck.py.
"""

import numpy as np
import pytest

from course_utils import (
    accuracy, add_bias, fit_lbfgs, grad_log_likelihood, grad_log_likelihood_loop,
    grad_log_likelihood_sample, gradient_ascent, likelihood, log_likelihood, log_softmax, logsumexp,
    loss_and_grad, make_blobs_2d, one_hot, predict, sgd, softmax, standardize, train_test_split,
)

#: The lazy functions compute with NaN/inf before explaining it; NumPy warns on the way.
lazy_warnings = pytest.mark.filterwarnings(
    "ignore:invalid value encountered:RuntimeWarning", "ignore:overflow encountered:RuntimeWarning")

MODEL_FUNCS = [likelihood, log_likelihood, grad_log_likelihood, grad_log_likelihood_loop, loss_and_grad, accuracy]
LAZY_FUNCS = [grad_log_likelihood, loss_and_grad]          # check NaN/inf only when the result is bad
EAGER_FUNCS = [likelihood, log_likelihood, grad_log_likelihood_loop, accuracy]
LOGIT_FUNCS = [logsumexp, softmax, log_softmax]
TRAINERS = [gradient_ascent, sgd, fit_lbfgs]


def ids(funcs):
    """Readable parametrize ids: the function names."""
    return [f.__name__ for f in funcs]


@pytest.fixture
def problem():
    """A valid (W, X, y): N = 4 samples, D = 3 (bias included), K = 3 classes."""
    rng = np.random.default_rng(0)
    X = add_bias(rng.standard_normal((4, 2)))
    W = rng.standard_normal((3, 3))
    y = np.array([0, 1, 2, 1])
    return W, X, y


def test_the_fixture_is_valid(problem):
    """Sanity: the unmodified problem raises nothing, so each failure below is due to its one change."""
    for f in MODEL_FUNCS:
        f(*problem)
    predict(*problem[:2])


# ---------------------------------------------------------------- X and W arrays

@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
def test_X_wrong_ndim(func, problem):
    """X must be 2-D (N, D): a single row or a 3-D stack is rejected."""
    W, X, y = problem
    with pytest.raises(ValueError, match=r"X must have ndim 2; got ndim 1 \(shape \(3,\)\)"):
        func(W, X[0], y)
    with pytest.raises(ValueError, match=r"X must have ndim 2; got ndim 3"):
        func(W, X[None], y)


@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
def test_W_wrong_ndim(func, problem):
    """W must be 2-D (D, K): a single column is rejected."""
    W, X, y = problem
    with pytest.raises(ValueError, match=r"W must have ndim 2; got ndim 1"):
        func(W[:, 0], X, y)


@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
def test_empty_arrays(func, problem):
    """No samples or no classes: empty X and empty W are rejected."""
    W, X, y = problem
    with pytest.raises(ValueError, match=r"X must not be empty; got shape \(0, 3\)"):
        func(W, X[:0], y[:0])
    with pytest.raises(ValueError, match=r"W must not be empty; got shape \(3, 0\)"):
        func(W[:, :0], X, y)


@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
def test_W_X_dimension_mismatch(func, problem):
    """X @ W must be defined: W.shape[0] == X.shape[1], bias column included."""
    W, X, y = problem
    with pytest.raises(ValueError, match=r"W must have shape \(D, K\) with D = X.shape\[1\] = 3 .*got W of shape \(2, 3\)"):
        func(W[:2], X, y)
    with pytest.raises(ValueError, match=r"with D = X.shape\[1\] = 2 "):
        func(W, X[:, :2], y)


@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
@pytest.mark.parametrize("bad, dtype", [
    (np.array([[1, 2, 3]] * 4, dtype=object), "object"),
    (np.ones((4, 3), dtype=complex), "complex128"),
    (np.full((4, 3), "1.0"), "<U3"),
    (np.ones((4, 3), dtype=bool), "bool"),
], ids=["object", "complex", "string", "bool"])
def test_non_real_X_rejected(func, problem, bad, dtype):
    """object, complex, string and bool arrays are not real numeric inputs."""
    W, _, y = problem
    with pytest.raises(ValueError, match=rf"X must be a real numeric array; got array of shape \(4, 3\) and dtype {dtype}"):
        func(W, bad, y)


def test_non_real_W_rejected(problem):
    """The same dtype check applies to W (eager and lazy functions)."""
    W, X, y = problem
    with pytest.raises(ValueError, match=r"W must be a real numeric array; got .* dtype complex128"):
        log_likelihood(W.astype(complex), X, y)
    with pytest.raises(ValueError, match=r"W must be a real numeric array; got .* dtype object"):
        grad_log_likelihood(W.astype(object), X, y)


def test_ragged_list_rejected(problem):
    """A ragged nested list cannot become an array."""
    W, _, y = problem
    with pytest.raises(ValueError, match=r"X must be a numeric array; got list"):
        log_likelihood(W, [[1.0, 2.0, 3.0], [1.0, 2.0]], y[:2])


# ---------------------------------------------------------------- NaN and inf in X or W

@lazy_warnings
@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf], ids=["nan", "+inf", "-inf"])
def test_non_finite_X(func, problem, value):
    """Eager and lazy functions give the same message, naming X and the first bad index."""
    W, X, y = problem
    X = X.copy()
    X[2, 1] = value
    with pytest.raises(ValueError, match=r"X must be finite; got 1 NaN or inf entry, the first at index \(2, 1\)"):
        func(W, X, y)


@lazy_warnings
@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
@pytest.mark.parametrize("value", [np.nan, np.inf], ids=["nan", "+inf"])
def test_non_finite_W(func, problem, value):
    """NaN/+inf in W (X of mixed signs, so the lazy check sees a non-finite result)."""
    W, X, y = problem
    W = W.copy()
    W[1, 2] = value
    with pytest.raises(ValueError, match=r"W must be finite; got 1 NaN or inf entry, the first at index \(1, 2\)"):
        func(W, X, y)


@lazy_warnings
@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
def test_several_non_finite_entries_counted(func, problem):
    """The message counts the bad entries (plural) and gives the first index."""
    W, X, y = problem
    X = X.copy()
    X[1, 1] = np.nan
    X[3, 2] = np.inf
    with pytest.raises(ValueError, match=r"X must be finite; got 2 NaN or inf entries, the first at index \(1, 1\)"):
        func(W, X, y)


@lazy_warnings
@pytest.mark.parametrize("func", LAZY_FUNCS, ids=ids(LAZY_FUNCS))
def test_lazy_check_nan_in_both_names_X_first(func, problem):
    """When both X and W hold NaN, the lazy explanation names X first."""
    W, X, y = problem
    X, W = X.copy(), W.copy()
    X[0, 1] = W[0, 0] = np.nan
    with pytest.raises(ValueError, match=r"X must be finite"):
        func(W, X, y)


@lazy_warnings
@pytest.mark.parametrize("func", LAZY_FUNCS + [log_likelihood], ids=ids(LAZY_FUNCS + [log_likelihood]))
def test_overflowing_logits(func):
    """Finite X and W whose product overflows to inf: the message blames X @ W."""
    X = np.full((2, 2), 1e200)
    W = np.full((2, 2), 1e200)
    with pytest.raises(ValueError, match=r"X @ W must be finite; got overflowing logits \(scale X or W down\)"):
        func(W, X, np.array([0, 1]))


@lazy_warnings
def test_likelihood_overflowing_logits():
    """likelihood, like log_likelihood, names the overflowing product X @ W."""
    X = np.full((2, 2), 1e200)
    W = np.full((2, 2), 1e200)
    with pytest.raises(ValueError, match=r"X @ W must be finite; got overflowing logits"):
        likelihood(W, X, np.array([0, 1]))


# ---------------------------------------------------------------- labels y

@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
def test_y_float_dtype(func, problem):
    """Float labels are refused, with a hint to convert them."""
    W, X, y = problem
    with pytest.raises(ValueError, match=r"y must hold integer class labels; got array of shape \(4,\) and dtype float64 "
                                         r"\(convert with y.astype\(int\)"):
        func(W, X, y.astype(float))


@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
def test_y_bool_dtype(func, problem):
    """Boolean labels are not integer class labels."""
    W, X, y = problem
    with pytest.raises(ValueError, match=r"y must hold integer class labels; got .* dtype bool"):
        func(W, X, y > 0)


@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
def test_y_string_and_object_dtype(func, problem):
    """String and object label arrays are refused."""
    W, X, y = problem
    with pytest.raises(ValueError, match=r"y must hold integer class labels; got .* dtype <U21"):
        func(W, X, y.astype(str))
    with pytest.raises(ValueError, match=r"y must hold integer class labels; got .* dtype object"):
        func(W, X, y.astype(object))


@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
def test_y_out_of_range(func, problem):
    """Labels must lie in 0..K-1: negative and >= K are refused, the range is shown."""
    W, X, y = problem
    with pytest.raises(ValueError, match=r"y must hold labels in 0..2 \(K = 3 classes\); got values from -1 to 2"):
        func(W, X, np.array([0, -1, 2, 1]))
    with pytest.raises(ValueError, match=r"y must hold labels in 0..2 \(K = 3 classes\); got values from 0 to 3"):
        func(W, X, np.array([0, 3, 2, 1]))


@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
def test_y_wrong_length(func, problem):
    """One label per row of X."""
    W, X, y = problem
    with pytest.raises(ValueError, match=r"y must have one label per row of X, i.e. shape \(4,\); got shape \(3,\)"):
        func(W, X, y[:3])


@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
def test_y_two_dimensional(func, problem):
    """y must be 1-D: a column vector and a scalar are refused."""
    W, X, y = problem
    with pytest.raises(ValueError, match=r"y must have ndim 1 \(one label per sample\); got shape \(4, 1\)"):
        func(W, X, y[:, None])
    with pytest.raises(ValueError, match=r"y must have ndim 1 \(one label per sample\); got shape \(\)"):
        func(W, X, 1)


@pytest.mark.parametrize("func", MODEL_FUNCS, ids=ids(MODEL_FUNCS))
def test_y_empty(func, problem):
    """An empty label array is refused before its length is compared."""
    W, X, _ = problem
    with pytest.raises(ValueError, match=r"y must not be empty; got shape \(0,\)"):
        func(W, X, np.array([], dtype=int))


# ---------------------------------------------------------------- grad_log_likelihood_sample

@pytest.mark.parametrize("label, shown", [
    (1.0, r"1\.0 of type float"), (True, r"True of type bool"), (np.bool_(True), r"np.True_ of type bool"),
    ("1", r"'1' of type str"), (np.array([1]), r"array\(\[1\]\) of type ndarray"), (None, r"None of type NoneType"),
])
def test_sample_label_not_an_int(problem, label, shown):
    """The single label of grad_log_likelihood_sample must be an integer (not bool, float, str, array)."""
    W, X, _ = problem
    with pytest.raises(ValueError, match=rf"y must be one integer class label; got {shown}"):
        grad_log_likelihood_sample(W, X[0], label)


@pytest.mark.parametrize("label", [-1, 3, np.int64(7)])
def test_sample_label_out_of_range(problem, label):
    """The single label must lie in 0..K-1."""
    W, X, _ = problem
    with pytest.raises(ValueError, match=rf"y must be a label in 0..2 \(K = 3\); got {int(label)}"):
        grad_log_likelihood_sample(W, X[0], label)


def test_sample_x_checks(problem):
    """x is one 1-D bias-augmented sample matching W, finite; W must be finite."""
    W, X, _ = problem
    with pytest.raises(ValueError, match=r"x must have ndim 1; got ndim 2"):
        grad_log_likelihood_sample(W, X[:1], 0)
    with pytest.raises(ValueError, match=r"W must have shape \(D, K\) with D = X.shape\[1\] = 2"):
        grad_log_likelihood_sample(W, X[0, :2], 0)
    x = X[0].copy()
    x[1] = np.nan
    with pytest.raises(ValueError, match=r"x must be finite"):
        grad_log_likelihood_sample(W, x, 0)
    with pytest.raises(ValueError, match=r"W must be finite"):
        grad_log_likelihood_sample(np.full_like(W, np.inf), X[0], 0)


# ---------------------------------------------------------------- l2 of loss_and_grad

@pytest.mark.parametrize("l2", [-0.1, np.nan, np.inf, True, "0.1", None])
def test_loss_and_grad_bad_l2(problem, l2):
    """l2 must be a finite number >= 0."""
    with pytest.raises(ValueError, match=r"l2 must be a finite number >= 0; got"):
        loss_and_grad(*problem, l2=l2)


# ---------------------------------------------------------------- numerics

@pytest.mark.parametrize("func", LOGIT_FUNCS, ids=ids(LOGIT_FUNCS))
@pytest.mark.parametrize("axis, shown", [(2, "2"), (-3, "-3"), (1.0, "1.0"), (None, "None"), (True, "True")])
def test_bad_axis(func, axis, shown):
    """axis must be an integer within [-ndim, ndim-1] (no None, float or bool)."""
    with pytest.raises(ValueError, match=rf"axis must be an integer in \[-2, 1\]; got {shown}"):
        func(np.zeros((2, 3)), axis=axis)


@pytest.mark.parametrize("func", LOGIT_FUNCS, ids=ids(LOGIT_FUNCS))
def test_scalar_logits_have_no_class_axis(func):
    """A 0-d input has no class axis."""
    with pytest.raises(ValueError, match=r"a must have at least one axis \(the K classes\); got a scalar"):
        func(5.0)


@pytest.mark.parametrize("func", LOGIT_FUNCS, ids=ids(LOGIT_FUNCS))
@pytest.mark.parametrize("value", [np.nan, np.inf], ids=["nan", "+inf"])
def test_logits_nan_or_plus_inf(func, value):
    """-inf is allowed in logits, NaN and +inf are not (the message says so)."""
    a = np.array([[0.0, value, -np.inf]])
    with pytest.raises(ValueError, match=r"a must be finite; got 1 NaN or \+inf entry, the first at index \(0, 1\)"):
        func(a)


@pytest.mark.parametrize("func", LOGIT_FUNCS, ids=ids(LOGIT_FUNCS))
def test_logits_empty_and_non_real(func):
    """Logits must be a non-empty real array."""
    with pytest.raises(ValueError, match=r"a must not be empty; got shape \(2, 0\)"):
        func(np.zeros((2, 0)))
    with pytest.raises(ValueError, match=r"a must be a real numeric array; got .* dtype complex128"):
        func(np.zeros(3, dtype=complex))
    with pytest.raises(ValueError, match=r"a must be a real numeric array; got .* dtype <U"):
        func(np.array(["1", "2"]))


@pytest.mark.parametrize("func", [softmax, log_softmax], ids=["softmax", "log_softmax"])
def test_all_minus_inf_row_along_axis_0(func):
    """The finite-entry check follows the axis: an all -inf *column* fails only for axis=0."""
    a = np.array([[0.0, -np.inf], [1.0, -np.inf]])
    func(a, axis=1)
    with pytest.raises(ValueError, match=r"a must have at least one finite logit along axis 0"):
        func(a, axis=0)


@pytest.mark.parametrize("K, shown", [(0, "0"), (-2, "-2"), (2.0, "2.0"), (True, "True"), ("3", "'3'"), (None, "None")])
def test_one_hot_bad_num_classes(K, shown):
    """K must be an integer >= 1 (no float, bool, string or None)."""
    with pytest.raises(ValueError, match=rf"num_classes must be an integer K >= 1; got {shown}"):
        one_hot([0, 1], K)


def test_one_hot_bad_labels():
    """one_hot applies the label checks with K = num_classes."""
    with pytest.raises(ValueError, match=r"y must hold labels in 0..1 \(K = 2 classes\); got values from 0 to 2"):
        one_hot([0, 2], 2)
    with pytest.raises(ValueError, match=r"y must hold integer class labels; got .* dtype float64"):
        one_hot([0.0, 1.0], 2)
    with pytest.raises(ValueError, match=r"y must have ndim 1"):
        one_hot([[0, 1]], 2)


def test_add_bias_bad_input():
    """add_bias takes one sample (1-D) or a batch (2-D) of finite values."""
    with pytest.raises(ValueError, match=r"X must have ndim 1 or 2; got ndim 3"):
        add_bias(np.zeros((1, 2, 3)))
    with pytest.raises(ValueError, match=r"X must have ndim 1 or 2; got ndim 0"):
        add_bias(1.0)
    with pytest.raises(ValueError, match=r"X must be finite"):
        add_bias([[1.0, np.nan]])
    with pytest.raises(ValueError, match=r"X must not be empty"):
        add_bias(np.zeros((0, 2)))


# ---------------------------------------------------------------- trainers

@pytest.fixture
def train_data():
    """A valid training set: N = 6, D = 3 (bias included), K = 3."""
    rng = np.random.default_rng(1)
    return add_bias(rng.standard_normal((6, 2))), np.array([0, 1, 2, 0, 1, 2])


@pytest.mark.parametrize("trainer", TRAINERS, ids=ids(TRAINERS))
@pytest.mark.parametrize("K, shown", [(0, "0"), (3.0, "3.0"), (True, "True")])
def test_trainer_bad_num_classes(trainer, train_data, K, shown):
    """Every trainer checks num_classes first."""
    with pytest.raises(ValueError, match=rf"num_classes must be an integer K >= 1; got {shown}"):
        trainer(*train_data, K)


@pytest.mark.parametrize("trainer", TRAINERS, ids=ids(TRAINERS))
def test_trainer_labels_beyond_num_classes(trainer, train_data):
    """Labels >= num_classes are refused by every trainer."""
    with pytest.raises(ValueError, match=r"y must hold labels in 0..1 \(K = 2 classes\); got values from 0 to 2"):
        trainer(*train_data, 2)


@pytest.mark.parametrize("trainer", TRAINERS, ids=ids(TRAINERS))
def test_trainer_X_checks(trainer, train_data):
    """The trainers validate X (ndim, finiteness) and the length of y."""
    X, y = train_data
    with pytest.raises(ValueError, match=r"X must have ndim 2; got ndim 1"):
        trainer(X[:, 0], y, 3)
    X_nan = X.copy()
    X_nan[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"X must be finite; got 1 NaN or inf entry, the first at index \(2, 1\)"):
        trainer(X_nan, y, 3)
    with pytest.raises(ValueError, match=r"y must have one label per row of X"):
        trainer(X, y[:5], 3)


@pytest.mark.parametrize("trainer", TRAINERS, ids=ids(TRAINERS))
@pytest.mark.parametrize("l2", [-1.0, np.nan, np.inf, "0"])
def test_trainer_bad_l2(trainer, train_data, l2):
    """l2 must be a finite number >= 0 for every trainer."""
    with pytest.raises(ValueError, match=r"l2 must be a finite number >= 0; got"):
        trainer(*train_data, 3, l2=l2)


@pytest.mark.parametrize("trainer, bound", [(gradient_ascent, "> 0"), (sgd, ">= 0")], ids=["gradient_ascent", "sgd"])
@pytest.mark.parametrize("lr", [-0.1, np.nan, np.inf, True, "0.1"])
def test_bad_learning_rate(trainer, bound, train_data, lr):
    """lr must be a finite number > 0 for gradient ascent, >= 0 for SGD (lr = 0 leaves W0 unchanged)."""
    with pytest.raises(ValueError, match=rf"lr must be a finite number {bound}; got"):
        trainer(*train_data, 3, lr=lr)


def test_learning_rate_zero(train_data):
    with pytest.raises(ValueError, match=r"lr must be a finite number > 0; got 0"):
        gradient_ascent(*train_data, 3, lr=0)
    W, _ = sgd(*train_data, 3, lr=0, epochs=2)
    assert not W.any()


@pytest.mark.parametrize("steps", [0, -1, 2.0, True, None])
def test_bad_steps(train_data, steps):
    """steps must be an integer >= 1."""
    with pytest.raises(ValueError, match=rf"steps must be an integer >= 1; got {steps!r}"):
        gradient_ascent(*train_data, 3, steps=steps)


@pytest.mark.parametrize("name", ["epochs", "batch_size"])
@pytest.mark.parametrize("value", [0, -3, 1.5, False])
def test_bad_epochs_and_batch_size(train_data, name, value):
    """epochs and batch_size must be integers >= 1."""
    with pytest.raises(ValueError, match=rf"{name} must be an integer >= 1; got {value!r}"):
        sgd(*train_data, 3, **{name: value})


@pytest.mark.parametrize("kw, msg", [
    ({"max_iter": 0}, r"max_iter must be an integer >= 1; got 0"),
    ({"max_iter": 10.0}, r"max_iter must be an integer >= 1; got 10.0"),
    ({"tol": 0.0}, r"tol must be a finite number > 0; got 0.0"),
    ({"tol": -1e-6}, r"tol must be a finite number > 0; got -1e-06"),
])
def test_fit_lbfgs_bad_options(train_data, kw, msg):
    """max_iter must be an integer >= 1, tol a finite number > 0."""
    with pytest.raises(ValueError, match=msg):
        fit_lbfgs(*train_data, 3, **kw)


@pytest.mark.parametrize("trainer", TRAINERS, ids=ids(TRAINERS))
def test_W0_wrong_shape(trainer, train_data):
    """W0 must be a finite (D, K) array."""
    with pytest.raises(ValueError, match=r"W0 must have shape \(D, K\) = \(3, 3\); got \(3, 2\)"):
        trainer(*train_data, 3, W0=np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"W0 must have shape \(D, K\) = \(3, 3\); got \(2, 3\)"):
        trainer(*train_data, 3, W0=np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"W0 must have ndim 2; got ndim 1"):
        trainer(*train_data, 3, W0=np.zeros(9))
    with pytest.raises(ValueError, match=r"W0 must be finite"):
        trainer(*train_data, 3, W0=np.full((3, 3), np.nan))


@pytest.mark.parametrize("trainer", TRAINERS, ids=ids(TRAINERS))
def test_validation_not_a_pair_tuple(trainer, train_data):
    """validation must be a 2-tuple (X_val, y_val): no list, 3-tuple or bare array."""
    X, y = train_data
    with pytest.raises(ValueError, match=r"validation must be a tuple \(X_val, y_val\); got list"):
        trainer(X, y, 3, validation=[X, y])
    with pytest.raises(ValueError, match=r"validation must be a tuple \(X_val, y_val\); got tuple"):
        trainer(X, y, 3, validation=(X, y, y))
    with pytest.raises(ValueError, match=r"validation must be a tuple \(X_val, y_val\); got ndarray"):
        trainer(X, y, 3, validation=X)


@pytest.mark.parametrize("trainer", TRAINERS, ids=ids(TRAINERS))
def test_validation_contents_checked(trainer, train_data):
    """X_val and y_val get the model checks (columns, label range)."""
    X, y = train_data
    with pytest.raises(ValueError, match=r"X_val must have the D = \d+ columns of X; got shape \(\d+, 2\)"):
        trainer(X, y, 3, validation=(X[:, :2], y))
    with pytest.raises(ValueError, match=r"y must hold labels in 0..2 \(K = 3 classes\); got values from 0 to 5"):
        trainer(X, y, 3, validation=(X, y + 3 * (y == 2)))


# ---------------------------------------------------------------- data

def test_standardize_bad_inputs():
    """standardize: 2-D finite arrays with the same number of columns."""
    X = np.ones((4, 3))
    with pytest.raises(ValueError, match=r"X_test must have the 3 columns of X_train; got shape \(2, 4\)"):
        standardize(X, np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"X_train must have ndim 2; got ndim 1"):
        standardize(np.ones(3))
    with pytest.raises(ValueError, match=r"X_test must have ndim 2; got ndim 1"):
        standardize(X, np.ones(3))
    with pytest.raises(ValueError, match=r"X_train must be finite"):
        standardize(np.array([[1.0, np.inf]]))
    with pytest.raises(ValueError, match=r"X_test must be finite"):
        standardize(X, np.full((1, 3), np.nan))


@pytest.mark.parametrize("frac", [0, 0.0, 1, 1.0, -0.25, 1.5, np.nan, "0.25", None, True])
def test_test_fraction_out_of_range(frac):
    """test_fraction must be a number strictly between 0 and 1."""
    X, y = np.zeros((8, 2)), np.repeat([0, 1], 4)
    with pytest.raises(ValueError, match=r"test_fraction must be a number in \(0, 1\); got"):
        train_test_split(X, y, test_fraction=frac)


def test_split_leaving_an_empty_part():
    """A split with an empty training or test part is refused."""
    X, y = np.zeros((2, 1)), np.array([0, 1])
    with pytest.raises(ValueError, match=r"test_fraction=0.25 leaves an empty part for N = 2 samples"):
        train_test_split(X, y, test_fraction=0.25)
    with pytest.raises(ValueError, match=r"test_fraction=0.9 leaves an empty part for N = 2 samples"):
        train_test_split(X, y, test_fraction=0.9)


def test_split_bad_arrays():
    """train_test_split checks X, and y against X."""
    X, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match=r"y must have one label per row of X, i.e. shape \(4,\); got shape \(3,\)"):
        train_test_split(X, y[:3])
    with pytest.raises(ValueError, match=r"y must hold integer class labels"):
        train_test_split(X, y.astype(float))
    with pytest.raises(ValueError, match=r"X must have ndim 2"):
        train_test_split(X[:, 0], y)


@pytest.mark.parametrize("kw, msg", [
    ({"n_per_class": 0}, r"n_per_class must be an integer >= 1; got 0"),
    ({"n_per_class": 2.5}, r"n_per_class must be an integer >= 1; got 2.5"),
    ({"num_classes": 0}, r"num_classes must be an integer K >= 1; got 0"),
    ({"num_classes": 2.0}, r"num_classes must be an integer K >= 1; got 2.0"),
    ({"spread": 0.0}, r"spread must be a finite number > 0; got 0.0"),
    ({"spread": -1}, r"spread must be a finite number > 0; got -1"),
    ({"spread": np.inf}, r"spread must be a finite number > 0; got inf"),
])
def test_make_blobs_bad_arguments(kw, msg):
    """make_blobs_2d: positive integer counts and a finite positive spread."""
    with pytest.raises(ValueError, match=msg):
        make_blobs_2d(**kw)
