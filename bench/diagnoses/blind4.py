"""Wrong student attempts at the homework exercises: a fourth set (round 4), written blind.

The diagnoses of ``course_utils.checks`` were tuned on ``attempts.py``, then on
``heldout.py`` and then on ``fresh.py``; this set was written after that tuning.
It measured, once, how well the checks name the mistakes of attempts they had
not seen; then it was read and used for the fifth tuning (see the README's
table).  It was written blind: from the
exercise notebooks, the worked solutions, the lectures and the reference
implementations, without reading the diagnoses and without running any check
on these attempts.  Every attempt here differs from those of ``attempts.py``,
``heldout.py``, ``fresh.py`` and ``tests/check_catalogue.py``.

Each attempt is written the way a student writes it in the notebook: the
exercise's signature, NumPy (and Python's standard library), and the building
blocks its notebook allows (nothing from ``course_utils`` in homework 1;
``softmax`` and ``one_hot`` in homework 2; also ``add_bias`` and the data
helpers in homework 3).  Three attempts use something else from
``course_utils`` that does the work: the right verdict for those is
"forbidden".  Each docstring states the mistake in one sentence.

``ATTEMPTS`` lists ``(check name, function, mistake regex)`` like ``fresh.py``:
the regex (case-insensitive) matches a diagnosis that names the attempt's
mistake.  The regexes were written from the mistakes, before any check was run
on the attempts.
"""

import math

import numpy as np

import course_utils
from course_utils import one_hot, softmax

# ====================================================================== softmax (homework 1)


def softmax_unshifted_lse(a, axis=-1):
    """Writes exp(a - log sum exp(a)) with the log-sum-exp computed unshifted: it is +-inf for logits near +-1000."""
    lse = np.log(np.sum(np.exp(a), axis=axis, keepdims=True))
    return np.exp(a - lse)


def softmax_reshape_for_keepdims(a, axis=-1):
    """Keeps the reduced axis with .reshape(-1, 1) instead of keepdims=True: a vector comes back (1, K) and axis=0 is misaligned."""
    m = np.max(a, axis=axis).reshape(-1, 1)
    e = np.exp(a - m)
    return e / np.sum(e, axis=axis).reshape(-1, 1)


def softmax_rounded_4(a, axis=-1):
    """Rounds the probabilities to 4 decimals with np.round 'to print them nicely': small ones become 0, rows need not sum to 1."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return np.round(e / np.sum(e, axis=axis, keepdims=True), 4)


def softmax_math_exp_entries(a, axis=-1):
    """Exponentiates entry by entry with Python's math.exp in a comprehension: right for a vector, but a matrix's items are rows."""
    m = np.max(a)
    e = np.array([math.exp(v - m) for v in a])
    return e / np.sum(e)


def softmax_neg_inf_as_nan(a, axis=-1):
    """Turns -inf logits into NaN and uses np.nanmax / np.nansum: the impossible classes come out NaN instead of probability 0."""
    a = np.where(np.isneginf(a), np.nan, a)
    m = np.nanmax(a, axis=axis, keepdims=True)
    e = np.exp(a - m)
    return e / np.nansum(e, axis=axis, keepdims=True)


def softmax_shift_reversed(a, axis=-1):
    """Writes the shift backwards, np.exp(m - a): that is the softmax of -a, and it overflows for logits far below the maximum."""
    m = np.max(a, axis=axis, keepdims=True)
    e = np.exp(m - a)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_default_axis_1(a, axis=1):
    """Declares the default axis=1 instead of -1: a 1-D vector called without an axis has no axis 1."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_cumsum_denominator(a, axis=-1):
    """np.cumsum where np.sum is meant: each exponential is divided by the running sum up to it, not by the total."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.cumsum(e, axis=axis)


def softmax_builtin_sum(a, axis=-1):
    """Python's built-in sum(e) adds along the first axis whatever `axis` says: each row of a matrix is divided by the column sums."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / sum(e)


# ====================================================================== log_likelihood (homework 1)


def ll_take_along_axis0(W, X, y):
    """np.take_along_axis(logS, y[:, None], axis=0): the labels index the ROWS, picking logS[y_i, 0] instead of logS[i, y_i]."""
    A = X @ W
    m = A.max(axis=1, keepdims=True)
    logS = A - m - np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))
    return float(np.sum(np.take_along_axis(logS, y[:, None], axis=0)))


def ll_row_max_by_label(W, X, y):
    """Subtracts m[y], the row maxima indexed by the labels, from a_y where each sample's own maximum m[i] is meant."""
    A = X @ W
    m = A.max(axis=1)
    lse = np.log(np.sum(np.exp(A - m[:, None]), axis=1))
    return float(np.sum(A[np.arange(len(y)), y] - m[y] - lse))


def ll_notes_two_classes(W, X, y):
    """Follows the notes' log sum_{k=1}^{2}: the log-sum-exp (np.logaddexp) covers only the first two classes, not all K."""
    A = X @ W
    lse = np.logaddexp(A[:, 0], A[:, 1])
    return float(np.sum(A[np.arange(len(y)), y] - lse))


def ll_sum_of_logs(W, X, y):
    """Swaps log and sum in the normalizer: sum_c log exp(a_c - m) instead of log sum_c exp(a_c - m)."""
    A = X @ W
    m = A.max(axis=1)
    lse = m + np.sum(np.log(np.exp(A - m[:, None])), axis=1)
    return float(np.sum(A[np.arange(len(y)), y] - lse))


def ll_shift_by_feature_max(W, X, y):
    """Shifts by each row's largest FEATURE, X.max(axis=1), instead of its largest logit: large logits still overflow."""
    A = X @ W
    m = X.max(axis=1, keepdims=True)
    logS = A - m - np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))
    return float(np.sum(logS[np.arange(len(y)), y]))


def ll_mask_without_new_axis(W, X, y):
    """Builds the label mask as y == np.arange(K) without y[:, None]: (N,) against (K,) is not an (N, K) one-hot matrix."""
    A = X @ W
    K = W.shape[1]
    m = A.max(axis=1, keepdims=True)
    logS = A - m - np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))
    mask = y == np.arange(K)
    return float(np.sum(logS * mask))


def ll_relabels_with_unique(W, X, y):
    """Re-encodes the labels with np.unique(y, return_inverse=True), which renumbers them 0, 1, ... when a class is missing."""
    _, codes = np.unique(y, return_inverse=True)
    A = X @ W
    m = A.max(axis=1, keepdims=True)
    logS = A - m - np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))
    return float(np.sum(logS[np.arange(len(codes)), codes]))


def ll_max_back_with_minus(W, X, y):
    """Puts the maximum back with the wrong sign, log sum exp(a - m) - m instead of + m: each term is off by 2m."""
    A = X @ W
    m = A.max(axis=1)
    lse = np.log(np.sum(np.exp(A - m[:, None]), axis=1)) - m
    return float(np.sum(A[np.arange(len(y)), y] - lse))


def ll_from_course_loss(W, X, y):
    """-N times course_utils.loss_and_grad's mean loss: homework 1 offers no course_utils function (forbidden); values right."""
    return -len(y) * course_utils.loss_and_grad(W, X, y)[0]


# ====================================================================== softmax_jacobian (homework 2)


def jac_diag_of_column(s):
    """Reshapes s into a column first; np.diag of a 2-D (K, 1) array EXTRACTS its diagonal (one number) instead of building diag(s)."""
    s = s.reshape(-1, 1)
    return np.diag(s) - s @ s.T


def jac_first_factor_as_row(s):
    """s * (I - s) with s broadcast as a row in both factors: J[i, k] = s_k (delta_ik - s_k) instead of s_i (delta_ik - s_k)."""
    K = s.shape[-1]
    s_row = s[..., None, :]
    return s_row * (np.eye(K) - s_row)


def jac_comprehension_rows_only(s):
    """np.array([np.diag(r) - np.outer(r, r) for r in s]) for every input: for a 1-D s each r is a number and np.diag fails."""
    return np.array([np.diag(r) - np.outer(r, r) for r in s])


def jac_off_diagonal_plus(s):
    """Starts from +s s^T and overwrites the diagonal with s (1 - s): the off-diagonal entries keep +s_i s_k instead of -s_i s_k."""
    def jacobian_of_row(v):
        J = np.outer(v, v)
        np.fill_diagonal(J, v * (1 - v))
        return J
    if s.ndim == 1:
        return jacobian_of_row(s)
    return np.array([jacobian_of_row(row) for row in s])


def jac_forward_difference(s):
    """Approximates J by forward differences of softmax at the logits log(s), step 1e-3, instead of the exact diag(s) - s s^T."""
    h = 1e-3
    a = np.log(s)
    cols = [(softmax(a + h * e) - s) / h for e in np.eye(s.shape[-1])]
    return np.stack(cols, axis=-1)


def jac_batch_into_wrong_axis(s):
    """Stores sample n's Jacobian in J[:, n] where J[n] is meant: it lands across the batch axis (a shape error unless N = K)."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    N, K = s.shape
    J = np.zeros((N, K, K))
    for n in range(N):
        J[:, n] = np.diag(s[n]) - np.outer(s[n], s[n])
    return J


def jac_of_log_softmax(s):
    """Returns I - 1 s^T, the Jacobian of LOG-softmax (rows e_i - sigma), instead of softmax's: the factor s_i is missing."""
    K = s.shape[-1]
    return np.eye(K) - s[..., None, :]


def jac_np_matrix(s):
    """Builds J with np.matrix (as old tutorials do): not a plain ndarray, and np.matrix is 2-D only, so a batch goes wrong."""
    S = np.matrix(s)
    return np.diag(np.asarray(S).ravel()) - S.T @ S


# ====================================================================== grad_log_likelihood_loop (homework 2)


def loop_softmax_over_samples(W, X, y):
    """sigma_k(x_j) taken from softmax(X @ W[:, k]), class k's logits normalized over the SAMPLES, not over sample j's K classes."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        for k in range(W.shape[1]):
            s_jk = softmax(X @ W[:, k])[j]
            if y[j] == k:
                G[:, k] += (1 - s_jk) * X[j]
            else:
                G[:, k] -= s_jk * X[j]
    return G


def loop_sigma_indexed_by_sample(W, X, y):
    """Reads the probability at the sample index, s[j], where the class index s[k] is meant (out of range once j reaches K)."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[j]) * X[j]
            else:
                G[:, k] -= s[j] * X[j]
    return G


def loop_adds_to_every_column(W, X, y):
    """G += term[:, None] where G[:, k] += term is meant: every class's term goes into all K columns, and they cancel to 0."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G += (((1.0 if y[j] == k else 0.0) - s[k]) * X[j])[:, None]
    return G


def loop_label_decremented_per_class(W, X, y):
    """s[y_j] -= 1 (to get sigma - e_y) sits inside the loop over the classes: it is subtracted again for every class k."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            s[y[j]] -= 1
            G[:, k] -= s[k] * X[j]
    return G


def loop_other_term_into_label_column(W, X, y):
    """Subtracts the other classes' sigma_k x_j from column y_j (the label's column) instead of column k."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, y[j]] -= s[k] * X[j]
    return G


def loop_K_from_X_shape(W, X, y):
    """N, K = X.shape unpacks the number of FEATURES as K: the class loop runs over D classes instead of W.shape[1]."""
    N, K = X.shape
    G = np.zeros_like(W)
    for j in range(N):
        s = softmax(X[j] @ W)
        for k in range(K):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_weights_for_inputs(W, X, y):
    """Multiplies by w_k = W[:, k] where d a_k / d w_k = x_j belongs, as if differentiating w^T x with respect to x."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * W[:, k]
            else:
                G[:, k] -= s[k] * W[:, k]
    return G


def loop_zip_used_up(W, X, y):
    """Classes in the outer loop, and zip(X, y), made once, in the inner one: the iterator is used up by class 0, the others get nothing."""
    G = np.zeros_like(W)
    pairs = zip(X, y)
    for k in range(W.shape[1]):
        for x_j, y_j in pairs:
            s = softmax(x_j @ W)
            G[:, k] += ((1.0 if y_j == k else 0.0) - s[k]) * x_j
    return G


def loop_indicator_not_times_x(W, X, y):
    """(y_j == k) - s_k * x_j without parentheses: the indicator is added as the number 1 instead of multiplying x_j."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += (y[j] == k) - s[k] * X[j]
    return G


# ====================================================================== grad_log_likelihood (homework 2)


def grad_tensordot_axes_1(W, X, y):
    """np.tensordot(X, Y - S, axes=1) contracts X's LAST axis (features) with the residual's samples, instead of samples with samples."""
    R = one_hot(y, W.shape[1]) - softmax(X @ W)
    return np.tensordot(X, R, axes=1)


def grad_class_loop_rows(W, X, y):
    """In the loop over the classes takes Y[k] and S[k], the ROWS of sample k, where the columns Y[:, k] and S[:, k] are meant."""
    K = W.shape[1]
    Y, S = one_hot(y, K), softmax(X @ W)
    G = np.zeros_like(W)
    for k in range(K):
        G[:, k] = X.T @ (Y[k] - S[k])
    return G


def grad_sorts_labels_in_place(W, X, y):
    """y.sort() 'to group the classes' sorts the caller's labels in place, and unpairs them from the rows of X."""
    y.sort()
    return X.T @ (one_hot(y, W.shape[1]) - softmax(X @ W))


def grad_jacobian_route_undivided(W, X, y):
    """Lecture 05's route 3, J_j e_{y_j}, vectorized but without the division by sigma_{y_j}: each residual row is scaled by it."""
    K = W.shape[1]
    S = softmax(X @ W)
    J = S[:, :, None] * np.eye(K) - S[:, :, None] * S[:, None, :]
    R = J[np.arange(len(y)), :, y]
    return X.T @ R


def grad_softmax_of_inputs(W, X, y):
    """softmax(X) @ W: takes the softmax of the INPUTS and then multiplies by W, instead of the softmax of the logits X @ W."""
    S = softmax(X) @ W
    return X.T @ (one_hot(y, W.shape[1]) - S)


def grad_second_product_reversed(W, X, y):
    """X^T Y - S^T X: the probability term's product is written the other way round, (K, D) against the (D, K) of X^T Y."""
    Y, S = one_hot(y, W.shape[1]), softmax(X @ W)
    return X.T @ Y - S.T @ X


def grad_broadcast_sum_everything(W, X, y):
    """Forms the (N, D, K) per-sample products by broadcasting and adds them with .sum() and no axis: one number, not (D, K)."""
    R = one_hot(y, W.shape[1]) - softmax(X @ W)
    return (X[:, :, None] * R[:, None, :]).sum()


def grad_caches_probabilities(W, X, y):
    """Caches softmax(X @ W) per X.shape to beat the timing test: a later call with another W reuses stale probabilities."""
    cache = grad_caches_probabilities.__dict__.setdefault("S", {})
    if X.shape not in cache:
        cache[X.shape] = softmax(X @ W)
    S = cache[X.shape]
    return X.T @ (one_hot(y, W.shape[1]) - S)


def grad_wrt_inputs(W, X, y):
    """Returns (Y - S) W^T, backpropagation's gradient with respect to the INPUTS X (N, D), instead of X^T (Y - S)."""
    return (one_hot(y, W.shape[1]) - softmax(X @ W)) @ W.T


# ====================================================================== grad_log_likelihood_sample (homework 3)


def sample_ones_for_every_class(W, x, y):
    """x (1 - sigma)^T: the own-class case 1 - sigma_k applied to every class, as if e_y were all ones."""
    return np.outer(x, 1 - softmax(x @ W))


def sample_label_as_one_hot(W, x, y):
    """Uses the integer label y itself as e_y: x (y - sigma)^T subtracts the probabilities from the number y in every class."""
    return np.outer(x, y - softmax(x @ W))


def sample_alias_e_and_sigma(W, x, y):
    """e = s binds a second name to the SAME array: filling e with the one-hot also overwrites sigma, so e - sigma is 0."""
    s = softmax(x @ W)
    e = s
    e[:] = 0.0
    e[y] = 1.0
    return np.outer(x, e - s)


def sample_isinstance_int_label(W, x, y):
    """isinstance(y, int) is False for a NumPy integer label, so it takes y for an array and indexes y[0], which fails."""
    if not isinstance(y, int):
        y = y[0]
    r = -softmax(x @ W)
    r[y] += 1.0
    return np.outer(x, r)


def sample_probability_term_added(W, x, y):
    """np.outer(x, e_y) + np.outer(x, sigma): the probability term is added where it must be subtracted."""
    e_y = one_hot(np.array([y]), W.shape[1])[0]
    return np.outer(x, e_y) + np.outer(x, softmax(x @ W))


def sample_bias_row_zeroed(W, x, y):
    """Sets the first (bias) row of the gradient to 0, 'the bias is not a weight', though its derivative is e_y - sigma."""
    r = -softmax(x @ W)
    r[y] += 1.0
    G = np.outer(x, r)
    G[0] = 0.0
    return G


def sample_reference_last_class(W, x, y):
    """Fixes the last class's logit at 0 (a reference class, as in binary logistic regression) instead of x @ W[:, K - 1]."""
    a = np.append(x @ W[:, :-1], 0.0)
    r = -softmax(a)
    r[y] += 1.0
    return np.outer(x, r)


def sample_course_loop_of_one(W, x, y):
    """course_utils.grad_log_likelihood_loop on a batch of one: homework 3 does not offer it (forbidden); the values are right."""
    return course_utils.grad_log_likelihood_loop(W, x[None, :], np.array([y]))


# ====================================================================== numerical_gradient (homework 2)


def ng_asarray_not_copy(f, W, h=1e-5):
    """Perturbs np.asarray(W, dtype=float), which for a float64 W is W itself, not a copy, and never puts the entries back."""
    Wc = np.asarray(W, dtype=np.float64)
    g = np.zeros(Wc.shape)
    for idx in np.ndindex(Wc.shape):
        old = Wc[idx]
        Wc[idx] = old + h
        f_plus = f(Wc)
        Wc[idx] = old - h
        f_minus = f(Wc)
        g[idx] = (f_plus - f_minus) / (2 * h)
    return g


def ng_unit_array_not_reset(f, W, h=1e-5):
    """Makes E = np.zeros_like(W) once and sets E[idx] = 1 without clearing it: each difference moves every entry visited so far."""
    W = np.array(W, dtype=np.float64)
    E = np.zeros_like(W)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        E[idx] = 1.0
        g[idx] = (f(W + h * E) - f(W - h * E)) / (2 * h)
    return g


def ng_assigns_step(f, W, h=1e-5):
    """Wp[idx] = h and Wm[idx] = -h SET the entry to +-h instead of moving it by h: the derivative is taken where that entry is 0."""
    W = np.array(W, dtype=np.float64)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] = h
        Wm[idx] = -h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_chained_copy(f, W, h=1e-5):
    """Wp = Wm = W.copy() binds both names to ONE copy: the +h and -h cancel, f is called twice at W and every entry is 0."""
    g = np.zeros(np.shape(W))
    for idx in np.ndindex(g.shape):
        Wp = Wm = np.array(W, dtype=np.float64)
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_copy_keeps_int_dtype(f, W, h=1e-5):
    """W.copy() keeps an integer W's dtype: the moved entry W[idx] + h is truncated back to an integer, so the steps are wrong."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_precedence_second_term(f, W, h=1e-5):
    """f(W + h) - f(W - h) / (2 * h) misses the outer parentheses: only f(W - h) is divided by 2h."""
    W = np.array(W, dtype=np.float64)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = f(Wp) - f(Wm) / (2 * h)
    return g


def ng_forward_plus_backward(f, W, h=1e-5):
    """Adds the forward and the backward difference, each divided by h, instead of averaging them: every entry is doubled."""
    W = np.array(W, dtype=np.float64)
    g = np.zeros_like(W)
    f0 = f(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f0) / h + (f0 - f(Wm)) / h
    return g


def ng_stores_at_counter(f, W, h=1e-5):
    """Counts the entries with enumerate and stores each derivative at g[i], the counter, instead of at the entry's index idx."""
    W = np.array(W, dtype=np.float64)
    g = np.zeros_like(W)
    for i, idx in enumerate(np.ndindex(W.shape)):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[i] = (f(Wp) - f(Wm)) / (2 * h)
    return g


# ====================================================================== relative_error (homework 2)


def re_smoothed(a, b, floor=1e-8):
    """(|a - b| + floor) / (max(|a|, |b|) + floor), the floor added to both sides: where a = b = 0 the error is 1, not 0."""
    return (np.abs(a - b) + floor) / (np.maximum(np.abs(a), np.abs(b)) + floor)


def re_floor_as_tolerance(a, b, floor=1e-8):
    """Reads floor as an absolute tolerance, 0 wherever |a - b| < floor, and never puts it in the denominator."""
    diff = np.abs(a - b)
    rel = diff / np.maximum(np.abs(a), np.abs(b))
    return np.where(diff < floor, 0.0, rel)


def re_ratio_minus_one(a, b, floor=1e-8):
    """Writes the relative error as |a / b - 1| (b kept away from 0 by the floor): not symmetric, and 1 where both are 0."""
    return np.abs(a / np.where(np.abs(b) < floor, floor, b) - 1)


def re_floor_keyword_only(a, b, *, floor=1e-8):
    """Makes floor keyword-only with `*`: a positional call relative_error(a, b, 1e-3) raises TypeError."""
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_masked_array(a, b, floor=1e-8):
    """Hides the 0 / 0 entries with np.ma.masked_invalid instead of using the floor: a masked array, tiny denominators unbounded."""
    return np.ma.masked_invalid(np.abs(a - b) / np.maximum(np.abs(a), np.abs(b)))


def re_hypot_denominator(a, b, floor=1e-8):
    """Divides by np.hypot(a, b) = sqrt(a^2 + b^2), 'the size of both', instead of the larger magnitude max(|a|, |b|)."""
    return np.abs(a - b) / np.maximum(np.hypot(a, b), floor)


def re_mask_assign_unmasked(a, b, floor=1e-8):
    """den[mask] = np.abs(b) leaves the right side unmasked: all of |b| is assigned into the masked entries (a shape error)."""
    den = np.abs(a)
    mask = den < np.abs(b)
    den[mask] = np.abs(b)
    return np.abs(a - b) / np.maximum(den, floor)


# ====================================================================== train_sgd (homework 3)


def sgd_np_split_equal(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """np.split(perm, N // batch_size) needs equal parts: it raises when batch_size does not divide N (array_split or slices are meant)."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for b in np.split(perm, N // batch_size):
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_K_from_present_labels(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Ignores num_classes and takes K = len(np.unique(y)): when a class is missing from y, W has too few columns."""
    rng = np.random.default_rng(seed)
    K = len(np.unique(y))
    W = np.zeros((X.shape[1], K))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], K) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_array_split_count(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """np.array_split(perm, batch_size) cuts the permutation into batch_size batches, not into batches OF batch_size samples."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for b in np.array_split(perm, batch_size):
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_labels_reshuffled_cumulatively(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Y = Y[perm] rebinds the one-hot labels to their shuffled copy every epoch while X is shuffled from the original: from epoch 2 they no longer match."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    Y = one_hot(y, num_classes)
    for _ in range(epochs):
        perm = rng.permutation(N)
        Xs = X[perm]
        Y = Y[perm]
        for start in range(0, N, batch_size):
            Xb, Yb = Xs[start:start + batch_size], Y[start:start + batch_size]
            W += lr * Xb.T @ (Yb - softmax(Xb @ W)) / len(Xb)
    return W


def sgd_mean_of_gradient_matrix(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """np.mean(X_B^T (Y_B - S_B)) averages the whole (D, K) gradient into ONE number (always 0 here) added to every weight."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * np.mean(X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)))
    return W


def sgd_extra_draw_per_epoch(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Spot-checks one random sample per epoch with rng.integers(N): that draw advances the generator, so later permutations differ."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    spot_checks = []
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
        j = rng.integers(N)
        spot_checks.append(bool(np.argmax(X[j] @ W) == y[j]))
    return W


def sgd_float32_weights(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Starts from W = np.zeros(..., dtype=np.float32): every step is rounded to single precision and float32 is returned."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes), dtype=np.float32)
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_N_from_size(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """N = X.size counts all N * D entries, not the samples: the permutation holds indices past the last row."""
    rng = np.random.default_rng(seed)
    N = X.size
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_permutation_per_batch(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Draws rng.permutation(N) inside the batch loop: each batch comes from a new permutation, so batches overlap and samples are missed."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        for start in range(0, N, batch_size):
            perm = rng.permutation(N)
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_tracks_course_accuracy(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Records course_utils.accuracy after every epoch: homework 3 does not offer it (forbidden); the weights are right."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    history = []
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
        history.append(course_utils.accuracy(W, X, y))
    return W


# ====================================================================== the attempts and their mistakes

FORBIDDEN = r"forbid|not offer|write yourself"
MUTATES = r"modif|in place|in-place|mutat|unchanged|changed"


ATTEMPTS = [
    # softmax
    ("check_softmax", softmax_unshifted_lse, (
        r"overflow|underflow|unshifted|not shifted|without (the |a )?shift|shift\w* by the max|log-sum-exp|logsumexp"
        r"|subtract\w* the max")),
    ("check_softmax", softmax_reshape_for_keepdims, (
        r"reshape|keepdims|extra (leading )?axis|kept (the )?reduced axis|turns? (a|the) vector into")),
    ("check_softmax", softmax_rounded_4, r"round|decimal|truncat|quantiz|precision"),
    ("check_softmax", softmax_math_exp_entries, (
        r"math\.exp|math module|entry by entry|one (entry|number) at a time|only (works )?(for|on) (a )?(1-D|vector)"
        r"|fails? (on|for) (a )?(matrix|2-D)|(matrix|2-D) input|global max")),
    ("check_softmax", softmax_neg_inf_as_nan, (
        r"-inf (logits?|entr\w*) [^.]*(nan|probability 0)|nan (where|for|at) [^.]*-inf|nanmax|nansum|isneginf"
        r"|impossible class")),
    ("check_softmax", softmax_shift_reversed, (
        r"m - a|softmax of -a|negat\w* (of )?(the )?logits|\bsign\b|backwards|reversed|smallest logit|flipped")),
    ("check_softmax", softmax_default_axis_1, r"default|axis ?= ?1\b|(function'?s?|the) signature"),
    ("check_softmax", softmax_cumsum_denominator, (
        r"cumsum|cumulative|running (sum|total)|partial sums?")),
    ("check_softmax", softmax_builtin_sum, (
        r"built-?in sum|sum\(e\)|python'?s sum|first axis|over the rows|column sums?|wrong axis"
        r"|along the (other|wrong) axis|normali[sz]\w* (along|over) (axis 0|the columns)")),
    # log_likelihood
    ("check_log_likelihood", ll_take_along_axis0, (
        r"take_along_axis|labels? (as|index\w*) (the )?rows?|\[y_i, ?0\]|first column|column 0|wrong axis"
        r"|rows? y_i|along axis 0")),
    ("check_log_likelihood", ll_row_max_by_label, (
        r"m\[y\]|max\w* (indexed|picked|selected|chosen) by (the )?labels?|label'?s? (row )?max|own max|m\[i\]"
        r"|m_i\b|different (max|shift)|not the same (max|shift)|shift\w* (is )?not (the same|consistent)")),
    ("check_log_likelihood", ll_notes_two_classes, (
        r"two classes|first two|2 classes|logaddexp|only (the )?classes 0 and 1|sum (runs|goes) (only )?to 2"
        r"|all (the )?K classes|not all (the )?classes|over all (the )?classes")),
    ("check_log_likelihood", ll_sum_of_logs, (
        r"sum of (the )?logs|log of (the )?sum|swap|order of log and sum|log and sum|sum_c log")),
    ("check_log_likelihood", ll_shift_by_feature_max, (
        r"X\.max|largest feature|max\w* of (the )?(features|inputs|X)\b|instead of the (largest )?logit|overflow"
        r"|underflow|max\w* of the logits|stabl")),
    ("check_log_likelihood", ll_mask_without_new_axis, (
        r"y\[:, ?None\]|np\.arange\(K\)|newaxis|new axis|\(N, ?1\)|one-hot (mask|matrix)|label mask|indicator")),
    ("check_log_likelihood", ll_relabels_with_unique, (
        r"unique|renumber|re-?encod|missing class|absent|lacks? (a|the|one) class|not present|classes present"
        r"|return_inverse")),
    ("check_log_likelihood", ll_max_back_with_minus, (
        r"2 ?m\b|twice the max|sign of (the )?(max\w*|m)\b|add\w* (the )?(max\w*|m) back|max\w* [^.]*wrong sign"
        r"|wrong sign[^.]*max|subtract\w* (the )?(max\w*|m) (twice|again)")),
    ("check_log_likelihood", ll_from_course_loss, FORBIDDEN),
    # softmax_jacobian
    ("check_softmax_jacobian", jac_diag_of_column, (
        r"np\.diag|extract|reshape|column vector|\(K, ?1\)|2-D (array|input)")),
    ("check_softmax_jacobian", jac_first_factor_as_row, (
        r":, ?None|s_k ?\^ ?2|s_k\*\*2|s_k squared|not symmetric|symmetr|transpos|first factor|broadcast as a row"
        r"|row vector")),
    ("check_softmax_jacobian", jac_comprehension_rows_only, (
        r"\b1-D (input|s|vector|array)|a vector|single (sample|row)|one (sample|probability vector)|\(K,\)|batch only"
        r"|only (for|on) (a )?batch"
        r"|loop over (the )?rows|for r in s")),
    ("check_softmax_jacobian", jac_off_diagonal_plus, (
        r"\bsign\b|minus|\+ ?s_i ?s_k|positive|plus|off-diagonal[^.]*(\bsign\b|positive|\+)")),
    ("check_softmax_jacobian", jac_forward_difference, (
        r"finite.difference|forward difference|approximat|numerical(ly)? (derivative|approximation|differentiation)"
        r"|not exact|O\(h\)|step size")),
    ("check_softmax_jacobian", jac_batch_into_wrong_axis, (
        r"J\[:, ?n\]|J\[n\]|batch axis|sample axis|axes|index\w* (the )?wrong|one Jacobian per (row|sample)"
        r"|wrong position|swapped")),
    ("check_softmax_jacobian", jac_of_log_softmax, (
        r"log-?softmax|log sigma|log σ|factor s_i|missing (the )?(factor|s_i)|multipl\w* by s|times s_i|I - 1 ?s"
        r"|eye\(K\) - s|identity")),
    ("check_softmax_jacobian", jac_np_matrix, (
        r"np\.matrix|matrix (type|class|subclass|object)|subclass|not an? (plain )?ndarray|\bmatrix\b[^.]*ndarray"
        r"|ndarray[^.]*\bmatrix\b")),
    # grad_log_likelihood_loop
    ("check_grad_log_likelihood_loop", loop_softmax_over_samples, (
        r"over the samples|across (the )?samples|X ?@ ?W\[:, ?k\]|wrong axis|normali[sz]\w* over"
        r"|all K logits|over the (K )?classes")),
    ("check_grad_log_likelihood_loop", loop_sigma_indexed_by_sample, (
        r"s\[j\]|sigma\[j\]|sample index|index\w* by (the )?sample|instead of (the class index )?s\[k\]|sigma_j|σ_j")),
    ("check_grad_log_likelihood_loop", loop_adds_to_every_column, (
        r"every column|all (K |the )?columns|G\[:, ?k\]|column k|all zero|zero everywhere|sums? to (0|zero)"
        r"|always (0|zero)|cancel")),
    ("check_grad_log_likelihood_loop", loop_label_decremented_per_class, (
        r"inside the (class )?loop|K times|for every (class|k)|once per class|repeated|decrement|-= ?1|more than once"
        r"|s\[y")),
    ("check_grad_log_likelihood_loop", loop_other_term_into_label_column, (
        r"column y_j|G\[:, ?y\[j\]\]|label'?s column|instead of column k|wrong column|into (the )?column")),
    ("check_grad_log_likelihood_loop", loop_K_from_X_shape, (
        r"X\.shape|number of features|D classes|D instead of K|W\.shape\[1\]|range\(D\)|features? as (the )?classes")),
    ("check_grad_log_likelihood_loop", loop_weights_for_inputs, (
        r"W\[:, ?k\]|w_k (instead|where)|uses? (the )?weights|weights? (instead of|in place of|where)"
        r"|d ?a_k ?/ ?d ?w_k|instead of x_j|not multiplied by x_j")),
    ("check_grad_log_likelihood_loop", loop_zip_used_up, (
        r"zip|iterator|generator|exhaust|used up|consumed|only (the )?(first )?class|class 0 only|only column 0"
        r"|later classes|other columns (are|stay) (0|zero)")),
    ("check_grad_log_likelihood_loop", loop_indicator_not_times_x, (
        r"parenthes|precedence|indicator[^.]*(not multiplied|without x)|adds? (the number )?1\b|operator")),
    # grad_log_likelihood
    ("check_grad_log_likelihood", grad_tensordot_axes_1, r"tensordot|axes|transpos|X\.T|X\^T|contract"),
    ("check_grad_log_likelihood", grad_class_loop_rows, (
        r"Y\[k\]|S\[k\]|rows? (of|for) sample k|Y\[:, ?k\]|S\[:, ?k\]|rows? instead of (the )?columns?")),
    ("check_grad_log_likelihood", grad_sorts_labels_in_place, MUTATES + r"|sort"),
    ("check_grad_log_likelihood", grad_jacobian_route_undivided, (
        r"sigma_\{?y|σ_\{?y|s_y|divi\w* by (sigma|σ|s)|scaled by (the )?(label'?s )?(probabilit|sigma|σ)|jacobian"
        r"|route 3|J ?e_y|extra factor")),
    ("check_grad_log_likelihood", grad_softmax_of_inputs, (
        r"softmax\(X\)|softmax of (the )?(inputs?|X|features)|softmax\(X ?@ ?W\)|softmax of the logits"
        r"|before (multiplying|the product)")),
    ("check_grad_log_likelihood", grad_second_product_reversed, (
        r"S\.T ?@ ?X|S\^T ?X|transpos|\(K, ?D\)|other way round|order of the product")),
    ("check_grad_log_likelihood", grad_broadcast_sum_everything, (
        r"without (an )?axis|no axis|\.sum\(\)|sum over (all|every)|a scalar\b|scalar instead|one number"
        r"|single number|every axis|all axes")),
    ("check_grad_log_likelihood", grad_caches_probabilities, (
        r"cache|stale|previous call|earlier call|memo|same (result|gradient|value)s? (for|whatever)"
        r"|\bstate\b|stateful|ignores? W|changes? (in|of) W|depends? on (an )?earlier")),
    ("check_grad_log_likelihood", grad_wrt_inputs, (
        r"with respect to (the )?(X|inputs)|w\.r\.t\. (X|the inputs)|W\.T|W\^T|\(N, ?D\)|shape of X|backprop"
        r"|gradient (of|for) X")),
    # grad_log_likelihood_sample
    ("check_grad_log_likelihood_sample", sample_ones_for_every_class, (
        r"every (class|column)|all (the )?(classes|columns)|\bones\b|own-class (case|formula|term)|1 - sigma|1 - σ"
        r"|-sigma_k|-σ_k|other classes")),
    ("check_grad_log_likelihood_sample", sample_label_as_one_hot, (
        r"integer label|label (itself|as a number|y itself)|one-hot|one_hot|\by - sigma|\by - σ|number y|instead of e_y"
        r"|e_y (is|was) (missing|not)")),
    ("check_grad_log_likelihood_sample", sample_alias_e_and_sigma, (
        r"alias|same array|not a copy|no copy|\bview\b|all zeros?|every entry is 0|zero gradient|overwrit|\.copy\(\)"
        r"|same object")),
    ("check_grad_log_likelihood_sample", sample_isinstance_int_label, (
        r"isinstance|numpy (int|integer)|np\.int\w*|int64|integer type|type of (the )?label|y\[0\]|python int")),
    ("check_grad_log_likelihood_sample", sample_probability_term_added, (
        r"\bsign\b|\+ ?sigma|\+ ?σ|added (instead of|where it)|adds? (the )?(probabilit|sigma|σ)|plus|e_y\)? \+"
        r"|minus|\+ ?np\.outer")),
    ("check_grad_log_likelihood_sample", sample_bias_row_zeroed, r"bias|first row|row 0|zero(ed)? row"),
    ("check_grad_log_likelihood_sample", sample_reference_last_class, (
        r"last (class|column)|reference|baseline|W\[:, ?:?-1\]|K - 1 (logits|classes)|fixed at 0|set to 0")),
    ("check_grad_log_likelihood_sample", sample_course_loop_of_one, FORBIDDEN),
    # numerical_gradient
    ("check_numerical_gradient", ng_asarray_not_copy, MUTATES + r"|asarray|not a copy|no copy|put back|restor|alias"),
    ("check_numerical_gradient", ng_unit_array_not_reset, (
        r"\bE\b|unit (array|matrix)|reset|clear|accumulat|several entries|entries (visited )?so far"
        r"|more than one entry|earlier entries|previous entries|sum of (the )?partials|one entry at a time"
        r"|single entry")),
    ("check_numerical_gradient", ng_assigns_step, (
        r"= ?h\b|= ?-h|sets? (the )?(entry|it|entries) to|instead of (adding|moving)|\+= ?h|=\s*where\s*\+=|replac"
        r"|where (the|that) entry is 0|derivative at 0\b")),
    ("check_numerical_gradient", ng_chained_copy, (
        r"same (array|copy|object)|one copy|chained|Wp ?= ?Wm|alias|both names|cancel|all zeros?|every entry is 0"
        r"|zero gradient|separate copies")),
    ("check_numerical_gradient", ng_copy_keeps_int_dtype, (
        r"integer (W|array|dtype|entries|copy|weights)|\bints?\b|int64|dtype|float64 copy|truncat|\bcast"
        r"|rounded (back|down) to")),
    ("check_numerical_gradient", ng_precedence_second_term, (
        r"parenthes|precedence|only (the )?(second|f\(W ?- ?h\))|order of operations")),
    ("check_numerical_gradient", ng_forward_plus_backward, (
        r"twice|\bdoubled?\b|factor (of )?2|times 2|\b2x\b|averag|forward and backward")),
    ("check_numerical_gradient", ng_stores_at_counter, (
        r"g\[i\]|counter|enumerate|flat (index|position)|whole row|row i\b|stor\w* (in|at|into) (the )?wrong")),
    # relative_error
    ("check_relative_error", re_smoothed, (
        r"numerator|smooth|both (sides|numerator and denominator)|\+ ?floor|floor (added|to both)"
        r"|a ?= ?b ?= ?0|both (are )?zero|instead of 0\b|1 where")),
    ("check_relative_error", re_floor_as_tolerance, (
        r"toleran|absolute (difference|error)|np\.where|denominator|lower bound|never (used|applied|put)"
        r"|threshold")),
    ("check_relative_error", re_ratio_minus_one, (
        r"a ?/ ?b|ratio|symmetr|swap|divides? by \|?b\|?\b|only b\b|\|b\| only")),
    ("check_relative_error", re_floor_keyword_only, (
        r"keyword-only|keyword only|(function'?s?|the) signature|third (positional )?argument"
        r"|floor (as|by) (a )?positional")),
    ("check_relative_error", re_masked_array, (
        r"masked|np\.ma\b|MaskedArray|floor (is )?(never|not) used|ignores? (the )?floor|without (the )?floor"
        r"|no floor")),
    ("check_relative_error", re_hypot_denominator, (
        r"hypot|sqrt|square|norm\b|larger (magnitude|of)|max\(\|a\|, ?\|b\|\)|maximum of")),
    ("check_relative_error", re_mask_assign_unmasked, (
        r"den\[mask\]|np\.abs\(b\)\[mask\]|right(-hand)? side (is )?not masked|mask the right|unmasked")),
    # train_sgd
    ("check_train_sgd", sgd_np_split_equal, (
        r"np\.split|does not divide|not divisible|divisib|remainder|last (batch|partial)|smaller (last )?batch"
        r"|array_split")),
    ("check_train_sgd", sgd_K_from_present_labels, (
        r"num_classes|unique|missing class|absent|lacks? (a|the|one) class|not present|too few columns"
        r"|number of classes")),
    ("check_train_sgd", sgd_array_split_count, (
        r"array_split|number of batches|batches of batch_size|batch_size batches|how many batches"
        r"|size of (each|the) batch|batch sizes?")),
    ("check_train_sgd", sgd_labels_reshuffled_cumulatively, (
        r"Y ?= ?Y\[perm\]|cumulat|rebind|labels? (and \w+ )?(no longer|do not|don't) (match|pair)"
        r"|mismatch(ed)? (labels|between)|out of step|second epoch|epoch 2"
        r"|shuffled (again|twice)|compound")),
    ("check_train_sgd", sgd_mean_of_gradient_matrix, (
        r"np\.mean|one number|single number|a scalar\b|scalar (step|mean)|mean (of|over) (all|the whole|every)"
        r"|every (entry|weight)"
        r"|all (the )?entries|never (move|change|update)|stays? (at )?(0|zero)|all zeros?")),
    ("check_train_sgd", sgd_extra_draw_per_epoch, (
        r"extra draw|advance|other (random )?draws?|rng\.integers|random (numbers|state)|stream"
        r"|(different|another) (order|permutation)|later (epochs|permutations)|from the second epoch"
        r"|not the (prescribed )?permutation")),
    ("check_train_sgd", sgd_float32_weights, r"float32|single precision|dtype|float64|precision"),
    ("check_train_sgd", sgd_N_from_size, (
        r"X\.size|N ?\* ?D|all (the )?entries|number of (samples|rows)|len\(X\)|X\.shape\[0\]|indices past"
        r"|more indices than samples")),
    ("check_train_sgd", sgd_permutation_per_batch, (
        r"every batch|each batch|per batch|inside the batch loop|overlap|new permutation|once per epoch|missed"
        r"|not (all|every) sample|more than once|twice")),
    ("check_train_sgd", sgd_tracks_course_accuracy, FORBIDDEN),
]
