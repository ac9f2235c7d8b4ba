"""Wrong student attempts at the homework exercises: a sixth set (round 6), written blind.

The diagnoses of ``course_utils.checks`` were tuned on ``attempts.py``, then on
``heldout.py`` and then on ``fresh.py``, ``blind4.py`` and ``blind5.py`` (each
measured once before); this set was written after that.  It measured, once, how
well the checks name the mistakes of attempts they had not seen; then it was
read and used for the seventh tuning (see the README's table).  It was written blind: from the exercise notebooks, the
worked solutions, the lectures and the reference implementations, without
reading the diagnoses and without running any check on these attempts.  Every
attempt here differs from those of ``attempts.py``, ``heldout.py``,
``fresh.py``, ``blind4.py`` and ``blind5.py``.

Each attempt is written the way a student writes it in the notebook: the
exercise's signature, NumPy (and Python's standard library), and the building
blocks its notebook allows (nothing from ``course_utils`` in homework 1;
``softmax`` and ``one_hot`` in homework 2; also ``add_bias`` and the data
helpers in homework 3).  Three attempts use something else from
``course_utils`` that does the work: the right verdict for those is
"forbidden".  Each docstring states the mistake in one sentence.

``ATTEMPTS`` lists ``(check name, function, mistake regex)`` like ``blind5.py``:
the regex (case-insensitive) matches a diagnosis that names the attempt's
mistake.  The regexes were written from the mistakes, before any check was run
on the attempts (and before the attempts were compared with the reference
implementations).
"""

import numpy as np

import course_utils
from course_utils import one_hot, softmax, train_test_split

# ====================================================================== softmax (homework 1)


def softmax_shift_unused(a, axis=-1):
    """Computes the shifted logits z = a - max but then exponentiates the original a: no shift at all, exp(1000) overflows."""
    m = np.max(a, axis=axis, keepdims=True)
    z = a - m
    e = np.exp(a)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_sum_without_keepdims(a, axis=-1):
    """Shifts with keepdims=True but sums the denominator WITHOUT keepdims: a matrix (N, K) is divided by an (N,) vector."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis)


def softmax_sum_without_axis(a, axis=-1):
    """Divides by np.sum(e) with no axis: every entry of a matrix is divided by the total of ALL rows, not by its own row's sum."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e)


def softmax_float32(a, axis=-1):
    """Converts the logits to np.float32 'to save memory': the probabilities are computed and returned in single precision."""
    a = np.asarray(a, dtype=np.float32)
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_floor_division(a, axis=-1):
    """Divides with // (floor division) where / is meant: every probability below 1 is rounded down to 0."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e // np.sum(e, axis=axis, keepdims=True)


def softmax_scales_logits(a, axis=-1):
    """'Normalizes' the logits by DIVIDING by their largest magnitude (into [-1, 1]) instead of subtracting the maximum: another distribution."""
    z = a / np.max(np.abs(a), axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_exp2(a, axis=-1):
    """Uses np.exp2 (powers of 2) where the natural exponential np.exp is meant: 2^(a_k - m) / sum_c 2^(a_c - m)."""
    e = np.exp2(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_builtin_max(a, axis=-1):
    """Takes the shift with Python's built-in max(a): fine for a vector, but on a matrix it compares whole rows (ambiguous truth value)."""
    m = max(a)
    e = np.exp(a - m)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_default_axis_0(a, axis=0):
    """Declares the default axis=0 instead of -1: a matrix of logits called without an axis is normalized down its COLUMNS, not along each row."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


# ====================================================================== log_likelihood (homework 1)


def _stable_softmax(A):
    E = np.exp(A - A.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def _log_probs(A):
    m = A.max(axis=1, keepdims=True)
    return A - m - np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))


def ll_log_of_product(W, X, y):
    """Takes np.log of np.prod of the label probabilities, the product the exercise forbids: it underflows to 0 (log = -inf) for large N."""
    S = _stable_softmax(X @ W)
    return float(np.log(np.prod(S[np.arange(len(y)), y])))


def ll_log_of_stable_softmax(W, X, y):
    """np.log of a (stable) softmax instead of the log-softmax formula of Question 2: a label probability that underflows gives log 0 = -inf."""
    S = _stable_softmax(X @ W)
    return float(np.sum(np.log(S)[np.arange(len(y)), y]))


def ll_column_fancy_index(W, X, y):
    """Indexes logS[:, y] (whole columns) instead of logS[np.arange(N), y]: an N x N block, every sample scored at every label."""
    logS = _log_probs(X @ W)
    return float(np.sum(logS[:, y]))


def ll_rows_from_len_W(W, X, y):
    """Builds the row index as np.arange(len(W)), which counts the D rows of W, not the N samples (len(X) or len(y))."""
    logS = _log_probs(X @ W)
    return float(np.sum(logS[np.arange(len(W)), y]))


def ll_adds_bias_again(W, X, y):
    """Prepends a column of ones to X, which already holds its bias column: X has D + 1 columns and X @ W fails."""
    Xb = np.hstack([np.ones((X.shape[0], 1)), X])
    logS = _log_probs(Xb @ W)
    return float(np.sum(logS[np.arange(len(y)), y]))


def ll_rounded(W, X, y):
    """Rounds the result to 2 decimals with round() 'to print it nicely': the returned log-likelihood is off by up to 0.005."""
    logS = _log_probs(X @ W)
    return round(float(np.sum(logS[np.arange(len(y)), y])), 2)


def ll_labels_as_weights(W, X, y):
    """Treats y as if it were the one-hot matrix: np.sum(y[:, None] * log S) weights every class's log-probability by the label NUMBER."""
    logS = _log_probs(X @ W)
    return float(np.sum(y[:, None] * logS))


def ll_unshifted_normalizer(W, X, y):
    """Writes the normalizer log sum_c exp(a_c) without the max shift of Question 2: exp(1000) overflows to inf (and exp(-1000) to 0)."""
    A = X @ W
    lse = np.log(np.sum(np.exp(A), axis=1))
    return float(np.sum(A[np.arange(len(y)), y] - lse))


# ====================================================================== softmax_jacobian (homework 2)


def jac_transpose_of_vector(s):
    """Writes the outer product as s @ s.T, but .T does nothing to a 1-D array: s @ s.T is the DOT product, one number subtracted everywhere."""
    s = np.asarray(s, dtype=float)
    if s.ndim == 1:
        return np.diag(s) - s @ s.T
    return np.array([np.diag(r) - r @ r.T for r in s])


def jac_alias_diagonal(s):
    """d = s; d -= s**2 'computes' the diagonal s (1 - s) in place: d IS s, so the caller's s is changed and the off-diagonal uses s - s^2."""
    s = np.asarray(s, dtype=np.float64)
    d = s
    d -= s ** 2
    J = -s[..., :, None] * s[..., None, :]
    idx = np.arange(s.shape[-1])
    J[..., idx, idx] = d
    return J


def jac_normalizes_whole_batch(s):
    """Renormalizes 'to be safe' with s / s.sum(), the sum of the WHOLE batch: each row of an (N, K) batch then sums to 1/N."""
    s = np.asarray(s, dtype=float)
    s = s / s.sum()
    return s[..., :, None] * np.eye(s.shape[-1]) - s[..., :, None] * s[..., None, :]


def jac_batch_range_minus_one(s):
    """Loops over the batch with range(N - 1): the last sample's Jacobian is never computed and stays all zeros."""
    s = np.asarray(s, dtype=float)
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    N, K = s.shape
    J = np.zeros((N, K, K))
    for n in range(N - 1):
        J[n] = np.diag(s[n]) - np.outer(s[n], s[n])
    return J


def jac_forgets_diagonal_term(s):
    """Returns only -s s^T, forgetting the diag(s) term (the delta_kk' sigma_k from the quotient rule's first part)."""
    s = np.asarray(s, dtype=float)
    return -s[..., :, None] * s[..., None, :]


def jac_diagonal_view_read_only(s):
    """Adds s onto np.diagonal(J), which returns a READ-ONLY view: the in-place += raises ValueError."""
    s = np.asarray(s, dtype=float)
    J = -s[..., :, None] * s[..., None, :]
    d = np.diagonal(J, axis1=-2, axis2=-1)
    d += s
    return J


def jac_same_new_axis(s):
    """Writes the product term as s[..., :, None] * s[..., :, None] (both new axes in the same place): a column of squares s_i^2, not s_i s_k."""
    s = np.asarray(s, dtype=float)
    K = s.shape[-1]
    return s[..., :, None] * np.eye(K) - s[..., :, None] * s[..., :, None]


def jac_symmetrize_with_T(s):
    """Symmetrizes the result as (J + J.T) / 2 'against rounding': on a batch (N, K, K), .T reverses ALL the axes, giving (K, K, N)."""
    s = np.asarray(s, dtype=float)
    J = s[..., :, None] * np.eye(s.shape[-1]) - s[..., :, None] * s[..., None, :]
    return (J + J.T) / 2


# ====================================================================== grad_log_likelihood_loop (homework 2)


def loop_missing_else(W, X, y):
    """The -sigma_k x_j line is not in an else branch: it runs for the label's class too, which gets (1 - 2 sigma_k) x_j."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            G[:, k] -= s[k] * X[j]
    return G


def loop_sigma_hoisted(W, X, y):
    """Computes sigma = softmax(x W) ONCE before the loop, at the first sample, instead of for each sample j: every sample uses sample 0's probabilities."""
    G = np.zeros_like(W)
    s = softmax(X[0] @ W)
    for j in range(X.shape[0]):
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_late_binding_lambdas(W, X, y):
    """Collects one lambda per class in a comprehension and calls them afterwards: late binding makes every lambda see the LAST k, K - 1."""
    K = W.shape[1]
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        terms = [lambda: ((1.0 if y[j] == k else 0.0) - s[k]) * X[j] for k in range(K)]
        for k in range(K):
            G[:, k] += terms[k]()
    return G


def loop_classes_over_N(W, X, y):
    """Loops the classes over range(len(y)), the N samples, instead of the K classes: s[k] and G[:, k] go out of range once k reaches K."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(len(y)):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_predicted_for_label(W, X, y):
    """Chooses the case with the PREDICTED class, np.argmax(sigma) == k, where the label test y_j == k belongs."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if np.argmax(s) == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_relabels_in_place(W, X, y):
    """y -= y.min() 'so the labels start at 0' shifts the caller's labels in place: when class 0 is absent, every label moves down one class."""
    y -= y.min()
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_generator_indexed(W, X, y):
    """Keeps the probabilities in a generator expression (...) and indexes it with probs[j]: a generator is not subscriptable (TypeError)."""
    probs = (softmax(x @ W) for x in X)
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = probs[j]
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_enumerate_unpacked_backwards(W, X, y):
    """for x, j in enumerate(X) unpacks backwards: x is the INDEX and j the row, so x @ W multiplies a number by a matrix (error)."""
    G = np.zeros_like(W)
    for x, j in enumerate(X):
        s = softmax(x @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * x
            else:
                G[:, k] -= s[k] * x
    return G


# ====================================================================== grad_log_likelihood (homework 2)


def grad_descent_sign(W, X, y):
    """Returns X^T (S - Y), the gradient of the NEGATIVE log-likelihood (descent), instead of the ascent direction X^T (Y - S)."""
    return X.T @ (softmax(X @ W) - one_hot(y, W.shape[1]))


def grad_einsum_keeps_samples(W, X, y):
    """np.einsum('nd,nk->ndk', ...) keeps the sample index n in the output: N per-sample gradients (N, D, K), never summed to (D, K)."""
    R = one_hot(y, W.shape[1]) - softmax(X @ W)
    return np.einsum("nd,nk->ndk", X, R)


def grad_probability_term_without_X(W, X, y):
    """Writes the probability term as S.sum(axis=0), the column sums of S, forgetting the x_j that weights each sigma_k: X^T Y - 1^T S."""
    S = softmax(X @ W)
    return X.T @ one_hot(y, W.shape[1]) - S.sum(axis=0)


def grad_unshifted_own_softmax(W, X, y):
    """Writes its own softmax exp(A) / sum exp(A) without the max shift: large logits overflow to inf / inf = NaN."""
    E = np.exp(X @ W)
    S = E / E.sum(axis=1, keepdims=True)
    return X.T @ (one_hot(y, W.shape[1]) - S)


def grad_chunks_drop_remainder(W, X, y):
    """Processes the samples in chunks of 256 with range(N // 256) 'to save memory': the last N % 256 samples (all of them if N < 256) are left out."""
    K = W.shape[1]
    G = np.zeros_like(W)
    chunk = 256
    for c in range(X.shape[0] // chunk):
        Xc, yc = X[c * chunk:(c + 1) * chunk], y[c * chunk:(c + 1) * chunk]
        G += Xc.T @ (one_hot(yc, K) - softmax(Xc @ W))
    return G


def grad_out_into_W(W, X, y):
    """np.dot(X.T, Y - S, out=W) 'to avoid an allocation' writes the gradient into the caller's W (the values returned are right)."""
    R = one_hot(y, W.shape[1]) - softmax(X @ W)
    return np.dot(X.T, R, out=W)


def grad_clipped(W, X, y):
    """Clips every entry to [-1, 1] with np.clip 'against exploding gradients': the summed gradient, often far larger than 1, is cut."""
    G = X.T @ (one_hot(y, W.shape[1]) - softmax(X @ W))
    return np.clip(G, -1.0, 1.0)


def grad_course_log_softmax(W, X, y):
    """Gets S as np.exp(course_utils.log_softmax(X W)), which homework 2 does not offer (forbidden); the values are right."""
    S = np.exp(course_utils.log_softmax(X @ W, axis=1))
    return X.T @ (one_hot(y, W.shape[1]) - S)


# ====================================================================== grad_log_likelihood_sample (homework 3)


def sample_label_entry_from_negated(W, x, y):
    """r = -sigma; r[y] = 1 - r[y]: r[y] already holds -sigma_y, so the label's entry becomes 1 + sigma_y instead of 1 - sigma_y."""
    r = -softmax(x @ W)
    r[y] = 1 - r[y]
    return np.outer(x, r)


def sample_matmul_column_by_vector(W, x, y):
    """x[:, None] @ (e_y - sigma): a 1-D right operand of @ is not made a row, so (D, 1) @ (K,) is a shape error, not the outer product."""
    r = -softmax(x @ W)
    r[y] += 1.0
    return x[:, None] @ r


def sample_inner_for_outer(W, x, y):
    """np.inner(x, e_y - sigma) where np.outer is meant: an inner product (a shape error unless D = K, and then one number)."""
    r = -softmax(x @ W)
    r[y] += 1.0
    return np.inner(x, r)


def sample_logit_gradient_only(W, x, y):
    """Returns e_y - sigma, the derivative with respect to the logits a (shape (K,)), forgetting the factor x of the chain rule."""
    r = -softmax(x @ W)
    r[y] += 1.0
    return r


def sample_divides_by_sigma_y(W, x, y):
    """Divides x (e_y - sigma)^T by sigma_y 'for the derivative of the log', though e_y - sigma already is the derivative of log sigma_y."""
    s = softmax(x @ W)
    e = np.zeros(W.shape[1])
    e[y] = 1.0
    return np.outer(x, e - s) / s[y]


def sample_K_from_len_W(W, x, y):
    """Takes K = len(W), which is the number of ROWS of W (D), not its K columns: e_y has D entries (a shape error unless D = K)."""
    K = len(W)
    e = np.zeros(K)
    e[y] = 1.0
    return np.outer(x, e - softmax(x @ W))


def sample_comparison_for_assignment(W, x, y):
    """e[y] == 1 (a comparison) where the assignment e[y] = 1 is meant: e_y stays all zeros, so the result is -x sigma^T."""
    e = np.zeros(W.shape[1])
    e[y] == 1
    return np.outer(x, e - softmax(x @ W))


def sample_course_jacobian_row(W, x, y):
    """Takes row y of course_utils.softmax_jacobian divided by sigma_y, which homework 3 does not offer (forbidden); the values are right."""
    s = softmax(x @ W)
    J = course_utils.softmax_jacobian(s)
    return np.outer(x, J[y] / s[y])


# ====================================================================== numerical_gradient (homework 2)


def ng_minus_from_plus(f, W, h=1e-5):
    """After the +h evaluation it steps the entry by -h, which only undoes the +h: f_minus is f(W), so each entry is half a forward difference."""
    Wc = np.array(W, dtype=np.float64)
    g = np.zeros_like(Wc)
    for idx in np.ndindex(Wc.shape):
        old = Wc[idx]
        Wc[idx] = old + h
        f_plus = f(Wc)
        Wc[idx] -= h
        f_minus = f(Wc)
        Wc[idx] = old
        g[idx] = (f_plus - f_minus) / (2 * h)
    return g


def ng_ndenumerate_pairs(f, W, h=1e-5):
    """Loops `for idx in np.ndenumerate(W)`, but ndenumerate yields (index, value) PAIRS: idx is ((i, j), w) and W[idx] fails."""
    Wc = np.array(W, dtype=np.float64)
    g = np.zeros_like(Wc)
    for idx in np.ndenumerate(Wc):
        old = Wc[idx]
        Wc[idx] = old + h
        f_plus = f(Wc)
        Wc[idx] = old - h
        f_minus = f(Wc)
        Wc[idx] = old
        g[idx] = (f_plus - f_minus) / (2 * h)
    return g


def ng_divides_by_h(f, W, h=1e-5):
    """Central difference divided by h instead of 2h: (f(W + h E) - f(W - h E)) / h, every entry twice the derivative."""
    Wc = np.array(W, dtype=np.float64)
    g = np.zeros_like(Wc)
    for idx in np.ndindex(Wc.shape):
        old = Wc[idx]
        Wc[idx] = old + h
        f_plus = f(Wc)
        Wc[idx] = old - h
        f_minus = f(Wc)
        Wc[idx] = old
        g[idx] = (f_plus - f_minus) / h
    return g


def ng_ravel_is_view(f, W, h=1e-5):
    """Perturbs W.ravel() believing it a copy (like flatten) and never restores: ravel is a VIEW, so the caller's W ends with every entry moved by -h."""
    flat = W.ravel()
    g = np.zeros(W.size)
    for i in range(flat.size):
        flat[i] += h
        f_plus = f(flat.reshape(W.shape))
        flat[i] -= 2 * h
        f_minus = f(flat.reshape(W.shape))
        g[i] = (f_plus - f_minus) / (2 * h)
    return g.reshape(W.shape)


def ng_ndindex_of_array(f, W, h=1e-5):
    """Calls np.ndindex(W) with the array itself instead of its shape W.shape: ndindex expects the dimensions, not the values."""
    Wc = np.array(W, dtype=np.float64)
    g = np.zeros_like(Wc)
    for idx in np.ndindex(Wc):
        old = Wc[idx]
        Wc[idx] = old + h
        f_plus = f(Wc)
        Wc[idx] = old - h
        f_minus = f(Wc)
        Wc[idx] = old
        g[idx] = (f_plus - f_minus) / (2 * h)
    return g


def ng_copy_without_call(f, W, h=1e-5):
    """Wp = W.copy without the parentheses binds the METHOD, not a copy: Wp[idx] += h fails (a method is not subscriptable)."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy, W.copy
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_true_division_index(f, W, h=1e-5):
    """Turns the flat index into (row, column) with i / ncols, Python 3's TRUE division: a float index, which NumPy refuses (// is meant)."""
    Wc = np.array(W, dtype=np.float64)
    g = np.zeros_like(Wc)
    for i in range(Wc.size):
        idx = i if Wc.ndim == 1 else (i / Wc.shape[1], i % Wc.shape[1])
        old = Wc[idx]
        Wc[idx] = old + h
        f_plus = f(Wc)
        Wc[idx] = old - h
        f_minus = f(Wc)
        Wc[idx] = old
        g[idx] = (f_plus - f_minus) / (2 * h)
    return g


def ng_loop_variable_scalar(f, W, h=1e-5):
    """Loops `for i, w in enumerate(Wc.flat)` and does w += h: w is a separate number, so W is never perturbed and every entry is 0."""
    Wc = np.array(W, dtype=np.float64)
    g = np.zeros_like(Wc)
    for i, w in enumerate(Wc.flat):
        w += h
        f_plus = f(Wc)
        w -= 2 * h
        f_minus = f(Wc)
        w += h
        g.flat[i] = (f_plus - f_minus) / (2 * h)
    return g


# ====================================================================== relative_error (homework 2)


def re_squared_difference(a, b, floor=1e-8):
    """Squares the difference to drop its sign, (a - b)^2 / max(|a|, |b|, floor), instead of taking its absolute value |a - b|."""
    return (a - b) ** 2 / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_mean_denominator(a, b, floor=1e-8):
    """Divides by the MEAN magnitude (|a| + |b|) / 2 instead of the larger one max(|a|, |b|): errors come out too large."""
    return np.abs(a - b) / np.maximum((np.abs(a) + np.abs(b)) / 2, floor)


def re_alias_difference(a, b, floor=1e-8):
    """diff = a; diff -= b subtracts in place through an alias: the caller's a becomes a - b, and the denominator then uses |a - b| for |a|."""
    diff = a
    diff -= b
    return np.abs(diff) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_floor_added(a, b, floor=1e-8):
    """Adds the floor to the denominator, max(|a|, |b|) + floor, instead of taking max(|a|, |b|, floor): tiny entries get about half the error."""
    return np.abs(a - b) / (np.maximum(np.abs(a), np.abs(b)) + floor)


def re_divide_where_without_out(a, b, floor=1e-8):
    """np.divide(..., where=den > 0) without out= and without the floor: where both are 0 the result is uninitialized memory, tiny denominators unbounded."""
    den = np.maximum(np.abs(a), np.abs(b))
    return np.divide(np.abs(a - b), den, where=den > 0)


def re_np_max_of_two_arrays(a, b, floor=1e-8):
    """np.max(|a|, |b|) where np.maximum is meant: np.max's second parameter is the axis, so an array there raises TypeError."""
    return np.abs(a - b) / np.maximum(np.max(np.abs(a), np.abs(b)), floor)


def re_average_of_one_sided(a, b, floor=1e-8):
    """Averages the two one-sided errors |a - b| / |a| and |a - b| / |b| 'to make it symmetric' instead of dividing once by max(|a|, |b|)."""
    d = np.abs(a - b)
    return (d / np.maximum(np.abs(a), floor) + d / np.maximum(np.abs(b), floor)) / 2


def re_capped_at_one(a, b, floor=1e-8):
    """Caps the result at 1 with np.minimum(..., 1), 'a relative error is at most 100 %': entries of opposite sign (error up to 2) are cut."""
    err = np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return np.minimum(err, 1.0)


# ====================================================================== train_sgd (homework 3)


def sgd_range_past_end(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """range(0, N + 1, batch_size) 'to include the end': when batch_size divides N, one extra EMPTY batch is stepped on (0 / 0, or an error on empty labels)."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N + 1, batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_momentum(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Adds momentum 0.9 (v = 0.9 v + lr g; W += v), a deep-learning habit the prescribed plain SGD step does not have."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    v = np.zeros_like(W)
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            v = 0.9 * v + lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
            W += v
    return W


def sgd_two_permutations(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Shuffles X and y with two SEPARATE calls to rng.permutation(N): two different orders, so the rows no longer match their labels."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        Xs = X[rng.permutation(N)]
        ys = y[rng.permutation(N)]
        for start in range(0, N, batch_size):
            Xb, yb = Xs[start:start + batch_size], ys[start:start + batch_size]
            W += lr * Xb.T @ (one_hot(yb, num_classes) - softmax(Xb @ W)) / len(yb)
    return W


def sgd_choice_with_replacement(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Draws the epoch's order with rng.choice(N, N), which samples WITH replacement: some samples repeat and others are skipped."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.choice(N, N)
        for start in range(0, N, batch_size):
            b = order[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_batch_unused_in_gradient(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Cuts the batches but computes every step's gradient on the WHOLE data X, y (divided by |B|): full-batch steps, |B| never used for the rows."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            W += lr * X.T @ (one_hot(y, num_classes) - softmax(X @ W)) / len(b)
    return W


def sgd_batch_generator_exhausted(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Makes the batch generator ONCE before the epoch loop: it is used up in the first epoch, so the later epochs do nothing."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))

    def batches():
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            yield perm[start:start + batch_size]

    it = batches()
    for _ in range(epochs):
        for b in it:
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_internal_validation_split(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Holds out 20 % of the samples as a validation set (as lecture 08 does) and trains on the rest only, instead of on all N samples."""
    X_tr, _, y_tr, _ = train_test_split(X, y, test_fraction=0.2, seed=seed)
    rng = np.random.default_rng(seed)
    N = len(y_tr)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            W += lr * X_tr[b].T @ (one_hot(y_tr[b], num_classes) - softmax(X_tr[b] @ W)) / len(b)
    return W


def sgd_early_stopping(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Stops early once the training accuracy reaches 100 %, instead of running all the epochs asked for."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
        if np.mean(np.argmax(X @ W, axis=1) == y) == 1.0:
            break
    return W


def sgd_course_sample_gradient(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Averages course_utils.grad_log_likelihood_sample over the batch, which homework 3 does not offer (forbidden); the weights are right."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            G = sum(course_utils.grad_log_likelihood_sample(W, X[j], int(y[j])) for j in b)
            W += lr * G / len(b)
    return W


# ====================================================================== the attempts and their mistakes

FORBIDDEN = r"forbid|not offer|write yourself"
MUTATES = r"modif|in place|in-place|mutat|unchanged|changed"



ATTEMPTS = [
    # softmax
    ("check_softmax", softmax_shift_unused, (
        r"overflow|no shift|not shift\w*|without (the |a )?(max )?shift|unshifted|shift\w* (is |was )?(never )?(unused|ignored|not used)"
        r"|exp\(a\)|exp\(1000\)|inf ?/ ?inf|subtract\w* the max|never (use|exponentiat)\w*")),
    ("check_softmax", softmax_sum_without_keepdims, (
        r"keepdims|denominator[^.]*(shape|broadcast|axis)|broadcast\w*[^.]*(denominator|sum)|\(N,\)"
        r"|sum[^.]*(without|lost|drops?) (the )?(axis|dimension)|reduced axis")),
    ("check_softmax", softmax_sum_without_axis, (
        r"whole (matrix|array|batch)|all (the )?(rows|entries)|no axis|without (an )?axis|total (sum|of all)"
        r"|each row'?s? (own )?sum|per[- ]row|rows? (do not|don'?t|does not|doesn'?t) sum to 1|axis argument"
        r"|ignor\w* (the )?axis|global sum")),
    ("check_softmax", softmax_float32, r"float32|single precision|dtype|float64|precision"),
    ("check_softmax", softmax_floor_division, (
        r"//|floor division|integer division|round\w* down|floor\w*|truncat|all (zeros?|0)|zeros? (everywhere|instead)")),
    ("check_softmax", softmax_scales_logits, (
        r"divid\w* (the logits|a\b|by (the|their|its) (max|largest))|scal\w* (the )?logits|instead of subtract|not subtract"
        r"|ratio|largest (magnitude|absolute)|multiplicative|shift[^.]*(not|instead)[^.]*(divid|scal)")),
    ("check_softmax", softmax_exp2, r"exp2|base[- ]?2|power\w* of 2|2 ?\*\*|2\^|natural exp|wrong base"),
    ("check_softmax", softmax_default_axis_0, (
        r"axis ?= ?0|default axis|axis ?= ?-1|columns?|wrong axis|last axis|class axis|along (each|the) rows?|down the")),
    ("check_softmax", softmax_builtin_max, (
        r"built-?in max|python'?s? max|\bmax\(a\)|np\.max|ambiguous|truth value|compar\w* (whole )?rows|along (the )?axis")),
    # log_likelihood
    ("check_log_likelihood", ll_log_of_product, (
        r"product|np\.prod|\bprod\b|underflow|-inf|log of (the|a) product|multipl\w* (the )?probabilit")),
    ("check_log_likelihood", ll_log_of_stable_softmax, (
        r"log\(softmax|log of (the )?softmax|np\.log\(S|log 0|log\(0\)|-inf|underflow|log-softmax|log_softmax|question 2"
        r"|stable form|log-sum-exp")),
    ("check_log_likelihood", ll_column_fancy_index, (
        r"\[:, ?y\]|whole columns?|columns? y|N ?x ?N|N ?\u00d7 ?N|\(N, ?N\)|every (sample|row)[^.]*every (label|class)"
        r"|np\.arange\(N\)|row index|pair\w* (each|every) (row|sample)|label'?s? column")),
    ("check_log_likelihood", ll_rows_from_len_W, (
        r"len\(W\)|rows of W|\bD\b rows|number of (features|rows of W)|instead of (the )?N\b|N samples|row index|np\.arange\(len"
        r"|arange\(D\)")),
    ("check_log_likelihood", ll_adds_bias_again, r"bias|column of ones|ones column|D ?\+ ?1|extra column|already"),
    ("check_log_likelihood", ll_rounded, r"round|decimal|precision|truncat"),
    ("check_log_likelihood", ll_labels_as_weights, (
        r"one-hot|weight\w* (by|with) (the )?label|label (number|value)s?|multipl\w* by (the )?labels?|y\[:, ?None\]"
        r"|labels? (are|is) (not )?(an )?(index|indices)|instead of index|y_i ?\*|times (the )?label")),
    ("check_log_likelihood", ll_unshifted_normalizer, (
        r"overflow|unshifted|no shift|without (the |a )?(max )?shift|subtract\w* the max|max shift|exp\(1000\)|question 2"
        r"|stable|log-sum-exp|\binf\b|-inf|underflow")),
    # softmax_jacobian
    ("check_softmax_jacobian", jac_transpose_of_vector, (
        r"\.T\b|transpose of a (1-D|vector)|1-D|dot product|inner product|s ?@ ?s|s\^T ?s|scalar|one number|np\.outer"
        r"|outer product")),
    ("check_softmax_jacobian", jac_alias_diagonal, MUTATES + r"|alias|same array|not a copy|copy|s ?- ?s\^?2|s ?- ?s\*\*2|overwrit"),
    ("check_softmax_jacobian", jac_normalizes_whole_batch, (
        r"s\.sum\(\)|whole batch|total sum|sum of (the whole|all|every)|sums? to 1/N|1/N|renormali[sz]|divid\w* by N")),
    ("check_softmax_jacobian", jac_batch_range_minus_one, (
        r"last (sample|row|Jacobian)|N ?- ?1|off by one|off-by-one|all zeros?|zero (Jacobian|matrix)|stays? (0|zero)"
        r"|left (at )?(0|zero)|never (computed|filled)|skip\w*")),
    ("check_softmax_jacobian", jac_forgets_diagonal_term, (
        r"diag\(s\)|diag\(sigma\)|diag\(σ\)|diagonal (term|matrix|part)|missing[^.]*diag|forg\w*[^.]*diag"
        r"|only (the )?(outer|-s ?s\^T|product)|-s ?s\^T|delta|quotient rule|first (part|term)")),
    ("check_softmax_jacobian", jac_diagonal_view_read_only, (
        r"read-?only|np\.diagonal|diagonal view|\bview\b|assignment destination|not writ\w*|writeable")),
    ("check_softmax_jacobian", jac_same_new_axis, (
        r"new axis|:, ?None|None, ?:|broadcast|square|s_i\^2|s_i ?s_i|same (place|position|axis)|outer product|s_i ?s_k")),
    ("check_softmax_jacobian", jac_symmetrize_with_T, (
        r"\.T\b|transpos|revers\w* (all|every)|all (the )?axes|\(K, ?K, ?N\)|swapaxes|symmetri|axis order")),
    # grad_log_likelihood_loop
    ("check_grad_log_likelihood_loop", loop_missing_else, (
        r"\belse\b|both (cases|branches)|1 ?- ?2 ?sigma|1 ?- ?2 ?σ|1 ?- ?2 ?s|twice|double|also (for|in|to) the (label|own)"
        r"|own class[^.]*(also|too|again)|unconditional")),
    ("check_grad_log_likelihood_loop", loop_sigma_hoisted, (
        r"only once|computed once|outside (the |of the )?loop|before the loop|first sample|sample 0"
        r"|same (probabilit\w*|sigma|σ) for (every|all)|each sample'?s? own|recomput|stale|hoist|every sample (uses|gets)")),
    ("check_grad_log_likelihood_loop", loop_late_binding_lambdas, (
        r"late binding|lambda|closure|last (class|k)|K ?- ?1|every column[^.]*same|all (the )?columns?[^.]*(same|identical|equal)"
        r"|captur")),
    ("check_grad_log_likelihood_loop", loop_classes_over_N, (
        r"len\(y\)|range\(N\)|N classes|number of samples|instead of (the )?K|K classes|out of (range|bounds)"
        r"|class loop|loop over (the )?classes|shape\[1\]")),
    ("check_grad_log_likelihood_loop", loop_predicted_for_label, (
        r"argmax|predict\w*|instead of (the )?label|y_j ?== ?k|label y_j|most probable|largest probabilit")),
    ("check_grad_log_likelihood_loop", loop_relabels_in_place, (
        MUTATES + r"|y ?-= ?|y\.min|relabel|shift\w* (the )?labels?|class 0|labels? (moved|shifted)")),
    ("check_grad_log_likelihood_loop", loop_generator_indexed, (
        r"generator|subscript|not indexable|index\w* (a|the) generator|list comprehension|\[\.\.\.\]|\(\.\.\.\)")),
    ("check_grad_log_likelihood_loop", loop_enumerate_unpacked_backwards, (
        r"enumerate|unpack|backwards|swap\w*|index and (the )?(row|sample)|\(j, ?x\)|\(x, ?j\)|order of|scalar")),
    # grad_log_likelihood
    ("check_grad_log_likelihood", grad_descent_sign, (
        r"\bsign\b|descent|ascent|S ?- ?Y|negat|opposite|loss gradient|minus")),
    ("check_grad_log_likelihood", grad_einsum_keeps_samples, (
        r"einsum|\(N, ?D, ?K\)|3-D|per-sample|not summed|sum over (the )?samples|summ?\w* over j|never summed"
        r"|sample (axis|index)")),
    ("check_grad_log_likelihood", grad_probability_term_without_X, (
        r"X\^T ?S|X\.T ?@ ?S|weight\w* by x|column sums|sum\w* of S|S\.sum|probabilit\w* term|without (the )?x"
        r"|forg\w* (the )?x|1\^T ?S|multipl\w* by x")),
    ("check_grad_log_likelihood", grad_unshifted_own_softmax, (
        r"overflow|unshifted|no shift|without (the |a )?(max )?shift|own softmax|NaN|inf ?/ ?inf|stable|subtract\w* the max"
        r"|use (the )?(provided|course'?s?|given) softmax")),
    ("check_grad_log_likelihood", grad_chunks_drop_remainder, (
        r"chunk|remainder|last \w* samples|left out|dropp?\w*|missing samples|not all (the )?samples|N ?// ?|partial"
        r"|all zeros?|some samples")),
    ("check_grad_log_likelihood", grad_out_into_W, MUTATES + r"|out=|overwrit|writes? into (the )?W"),
    ("check_grad_log_likelihood", grad_clipped, (
        r"clip|cap\w*|cut|\[-1, ?1\]|bounded|saturat|limit\w*|at most 1")),
    ("check_grad_log_likelihood", grad_course_log_softmax, FORBIDDEN),
    # grad_log_likelihood_sample
    ("check_grad_log_likelihood_sample", sample_label_entry_from_negated, (
        r"1 ?\+ ?sigma|1 ?\+ ?σ|1 ?\+ ?s_y|label'?s? (entry|column|class)|\bsign\b|already (negated|holds|contains)"
        r"|-sigma_y|-σ_y|r\[y\]")),
    ("check_grad_log_likelihood_sample", sample_matmul_column_by_vector, (
        r"@ with a 1-D|matmul|1-D (right )?operand|\(D, ?1\) ?@|outer product|np\.outer|\[None, ?:\]|row vector|matrix product")),
    ("check_grad_log_likelihood_sample", sample_inner_for_outer, (
        r"inner|np\.outer|outer product|dot product|scalar|one number|\(D, ?K\)")),
    ("check_grad_log_likelihood_sample", sample_logit_gradient_only, (
        r"chain rule|factor x|missing x|forg\w* (the )?x|\(K,\)|with respect to (a|the logits)|outer product|np\.outer"
        r"|\(D, ?K\)")),
    ("check_grad_log_likelihood_sample", sample_divides_by_sigma_y, (
        r"divid\w* by (sigma|σ|s)_?y|/ ?(sigma|σ|s)_?y|sigma_y|σ_y|1 ?/ ?(sigma|σ)|derivative of (the )?log")),
    ("check_grad_log_likelihood_sample", sample_K_from_len_W, (
        r"len\(W\)|rows? of W|\bD\b (entries|rows)|number of (features|rows)|shape\[1\]|K columns|instead of K|length D")),
    ("check_grad_log_likelihood_sample", sample_comparison_for_assignment, (
        r"==|comparison|assign|e_y (is |stays |was )?(all )?zeros?|missing (the )?1|never set|label'?s? (entry|1)"
        r"|-x ?sigma|-x ?σ")),
    ("check_grad_log_likelihood_sample", sample_course_jacobian_row, FORBIDDEN),
    # numerical_gradient
    ("check_numerical_gradient", ng_minus_from_plus, (
        r"half|f\(W\)|back to W|undo|only undoes|W ?- ?h|minus (side|step|evaluation)|forward|one-sided|old ?- ?h"
        r"|factor (of )?2")),
    ("check_numerical_gradient", ng_ndenumerate_pairs, (
        r"ndenumerate|pairs?|\(index, ?value\)|index and (the )?value|ndindex")),
    ("check_numerical_gradient", ng_divides_by_h, (
        r"2 ?h|2h|twice|double|factor (of )?2|divid\w* by h\b|/ ?h\b|denominator")),
    ("check_numerical_gradient", ng_ravel_is_view, MUTATES + r"|ravel|\bview\b|restor|flatten|not a copy|copy"),
    ("check_numerical_gradient", ng_ndindex_of_array, r"ndindex|W\.shape|dimensions|the array itself|its shape"),
    ("check_numerical_gradient", ng_copy_without_call, r"copy\(\)|parenthes|method|not subscriptable|\.copy\b"),
    ("check_numerical_gradient", ng_true_division_index, (
        r"//|true division|integer division|float index|floats? (as|for) (an )?ind|only integers|i ?/ ?|unravel|divmod")),
    ("check_numerical_gradient", ng_loop_variable_scalar, (
        r"loop variable|never perturb|not perturb|\.flat|copy of the (entry|value)|separate (number|value|scalar)"
        r"|all zeros?|every entry (is )?(0|zero)|zero everywhere|W (is )?(never|not) (changed|moved)")),
    # relative_error
    ("check_relative_error", re_squared_difference, r"squar|\*\* ?2|\^2|absolute value"),
    ("check_relative_error", re_mean_denominator, (
        r"\bmean\b|average|\(\|a\| ?\+ ?\|b\|\) ?/ ?2|half|instead of the (max|larger)|larger (magnitude|of)")),
    ("check_relative_error", re_alias_difference, MUTATES + r"|alias|-=|overwrit|not a copy|copy"),
    ("check_relative_error", re_floor_added, (
        r"\+ ?floor|add\w* (the )?floor|floor (is )?added|instead of (the )?max|inside the max")),
    ("check_relative_error", re_divide_where_without_out, (
        r"where=|out=|uninitiali[sz]ed|garbage|floor (is )?(not|never) used|ignor\w* (the )?floor|without (the )?floor"
        r"|0 ?/ ?0|both (are )?(0|zero)|undefined|np\.divide|unbounded")),
    ("check_relative_error", re_np_max_of_two_arrays, (
        r"np\.max\b|np\.maximum|axis argument|as (the )?axis|elementwise max|second (argument|parameter)")),
    ("check_relative_error", re_average_of_one_sided, (
        r"average|\bmean\b|one-sided|two (errors|ratios)|each (side|argument)|\|a\| and \|b\| separately"
        r"|instead of (the )?max|larger (magnitude|of)|symmetr")),
    ("check_relative_error", re_capped_at_one, (
        r"cap\w*|clip\w*|np\.minimum|at most 1|100 ?%|cut|opposite signs?|up to 2|limit\w*|min\(")),
    # train_sgd
    ("check_train_sgd", sgd_range_past_end, (
        r"N ?\+ ?1|empty (batch|last)|0 ?/ ?0|NaN|divid\w* by (0|zero)|past the end|extra batch|off by one|off-by-one")),
    ("check_train_sgd", sgd_momentum, r"momentum|velocity|previous step|\bv\b|accumulat|0\.9|extra term|plain (SGD|step)"),
    ("check_train_sgd", sgd_two_permutations, (
        r"two (different |separate )?(permutations|orders|calls|shuffles)|same permutation|separate"
        r"|labels? (and \w+ )?(no longer|do not|don't) (match|pair)|mismatch|unpaired|out of step|twice")),
    ("check_train_sgd", sgd_choice_with_replacement, (
        r"replacement|choice|repeat|duplicat|more than once|twice|skipp?\w*|missing|not a permutation")),
    ("check_train_sgd", sgd_batch_unused_in_gradient, (
        r"X_B|X\[b\]|batch'?s? (rows|samples|data)|all (the )?samples|whole (data|X)|full[- ]batch|instead of (the )?batch"
        r"|every sample|not (the )?batch")),
    ("check_train_sgd", sgd_batch_generator_exhausted, (
        r"generator|exhaust|used up|only once|first epoch|only one epoch|later epochs|1 epoch|one epoch|iterator")),
    ("check_train_sgd", sgd_internal_validation_split, (
        r"validation|split|held? out|hold\w* out|subset|not all (the )?samples|fewer samples|train_test_split|all N"
        r"|some samples|80 ?%")),
    ("check_train_sgd", sgd_early_stopping, r"early|stop\w*|break|fewer epochs|all (the )?epochs|number of epochs|epochs asked|too few"),
    ("check_train_sgd", sgd_course_sample_gradient, FORBIDDEN),
]
