"""Wrong student attempts at the homework exercises: a seventh set (round 7), written blind.

The diagnoses of ``course_utils.checks`` were tuned on ``attempts.py``, then on
``heldout.py`` and then on ``fresh.py``, ``blind4.py``, ``blind5.py`` and
``blind6.py`` (each measured once before); this set was written after that.  It
measured, once, how well the checks name the mistakes of attempts they had not
seen; then it was read, and its misleading messages, its accepted attempts and
a few of its mistakes were used for tuning (see the README's table).  It was written blind: from the
exercise notebooks, the worked solutions, the lectures and the reference
implementations, without reading the diagnoses and without running any check
on these attempts.  Every attempt here differs from those of ``attempts.py``,
``heldout.py``, ``fresh.py``, ``blind4.py``, ``blind5.py`` and ``blind6.py``.

Each attempt is written the way a student writes it in the notebook: the
exercise's signature, NumPy (and Python's standard library), and the building
blocks its notebook allows (nothing from ``course_utils`` in homework 1;
``softmax`` and ``one_hot`` in homework 2; also ``add_bias`` and the data
helpers in homework 3).  Three attempts use something else from
``course_utils`` that does the work: the right verdict for those is
"forbidden".  Each docstring states the mistake in one sentence.

``ATTEMPTS`` lists ``(check name, function, mistake regex)`` like ``blind6.py``:
the regex (case-insensitive) matches a diagnosis that names the attempt's
mistake.  The regexes were written from the mistakes, before any check was run
on the attempts (and before the attempts were compared with the reference
implementations).
"""

import math

import numpy as np

import course_utils
from course_utils import one_hot, softmax

# ====================================================================== softmax (homework 1)


def softmax_sorted_for_summation(a, axis=-1):
    """Sorts the shifted logits along the class axis 'so the sum adds the small terms first': the probabilities come back in sorted order, not each class's own."""
    a = np.asarray(a, dtype=np.float64)
    z = np.sort(a - np.max(a, axis=axis, keepdims=True), axis=axis)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_shift_by_first_logit(a, axis=-1):
    """Shifts by the FIRST logit of each row ('any constant works', Question 1) instead of the maximum: a much larger later logit overflows, a -inf first logit gives NaN."""
    a = np.asarray(a, dtype=np.float64)
    first = np.take(a, [0], axis=axis)
    e = np.exp(a - first)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_atleast_2d(a, axis=-1):
    """Starts with np.atleast_2d(a) 'so vectors and matrices are handled alike' and never undoes it: a vector of logits (K,) comes back as a (1, K) matrix."""
    a = np.atleast_2d(np.asarray(a, dtype=np.float64))
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_power_precedence(a, axis=-1):
    """Writes np.e ** a - m for e^(a - m): ** binds tighter than -, so it computes e^a - m (overflow at 1000, and entries that are not even positive)."""
    a = np.asarray(a, dtype=np.float64)
    m = np.max(a, axis=axis, keepdims=True)
    e = np.e ** a - m
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_max_keepdims_positional(a, axis=-1):
    """np.max(a, axis, True) passes True as the third positional parameter, which is `out`, not keepdims: NumPy raises."""
    a = np.asarray(a, dtype=np.float64)
    m = np.max(a, axis, True)
    e = np.exp(a - m)
    return e / np.sum(e, axis, keepdims=True)


def softmax_shift_twice(a, axis=-1):
    """Subtracts the maximum twice (z = a - m, then exp(z - m)): a shift by 2m, so a row of logits near -1000 overflows to exp(+1000)."""
    a = np.asarray(a, dtype=np.float64)
    m = np.max(a, axis=axis, keepdims=True)
    z = a - m
    e = np.exp(z - m)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_negative_axis_converted_wrong(a, axis=-1):
    """Converts a negative axis with a.ndim - axis instead of a.ndim + axis: the default axis=-1 becomes ndim + 1, an axis that does not exist."""
    a = np.asarray(a, dtype=np.float64)
    if axis < 0:
        axis = a.ndim - axis
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_exp_of_sum(a, axis=-1):
    """Swaps exp and sum in the denominator: divides by exp(sum_c z_c) instead of sum_c exp(z_c), so the result is not a distribution."""
    a = np.asarray(a, dtype=np.float64)
    z = a - np.max(a, axis=axis, keepdims=True)
    return np.exp(z) / np.exp(np.sum(z, axis=axis, keepdims=True))


# ====================================================================== log_likelihood (homework 1)


def _log_probs(A):
    m = A.max(axis=1, keepdims=True)
    return A - m - np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))


def ll_returns_likelihood(W, X, y):
    """Exponentiates the summed log-probabilities at the end 'to get the likelihood': returns L = exp(l), a number in [0, 1], not the log-likelihood."""
    logS = _log_probs(X @ W)
    return float(np.exp(np.sum(logS[np.arange(len(y)), y])))


def ll_forgets_normalizer(W, X, y):
    """Returns the sum of the shifted label logits a_{y_i} - m_i, forgetting the - log sum_c exp(a_c - m) term (a_y - m <= 0 only looks like a log-probability)."""
    A = X @ W
    m = A.max(axis=1)
    return float(np.sum(A[np.arange(len(y)), y] - m))


def ll_sums_all_classes(W, X, y):
    """Sums the log-probabilities of ALL K classes of every sample instead of only each sample's label entry log sigma_{y_i}."""
    return float(np.sum(_log_probs(X @ W)))


def ll_drops_bias(W, X, y):
    """Leaves the bias out, logits X[:, 1:] @ W[1:] ('the column of ones is not a feature'): the biases in W's first row are ignored."""
    logS = _log_probs(X[:, 1:] @ W[1:])
    return float(np.sum(logS[np.arange(len(y)), y]))


def ll_math_log_on_array(W, X, y):
    """Takes the log of the N row sums with math.log, which accepts one number only: on the (N,) vector it raises TypeError (unless N = 1)."""
    A = X @ W
    m = A.max(axis=1)
    lse = m + math.log(np.sum(np.exp(A - m[:, None]), axis=1))
    return float(np.sum(A[np.arange(len(y)), y] - lse))


def ll_index_list_not_tuple(W, X, y):
    """Indexes logS[[rows, y]] with a LIST of the two index arrays (old NumPy read it as a tuple): today it selects whole ROWS (rows 0..N-1 and rows y_i), not the entries (i, y_i)."""
    logS = _log_probs(X @ W)
    return float(np.sum(logS[[np.arange(len(y)), y]]))


def ll_lse_missing_log(W, X, y):
    """Forgets the log in the normalizer: a_y - m - sum_c exp(a_c - m) instead of a_y - m - log sum_c exp(a_c - m)."""
    A = X @ W
    m = A.max(axis=1)
    return float(np.sum(A[np.arange(len(y)), y] - m - np.sum(np.exp(A - m[:, None]), axis=1)))


def ll_indices_swapped(W, X, y):
    """Writes the fancy index in the wrong order, logS[y, np.arange(N)]: the label picks the ROW and the sample number the column (IndexError once N > K)."""
    logS = _log_probs(X @ W)
    return float(np.sum(logS[y, np.arange(len(y))]))


def ll_trailing_comma_accumulator(W, X, y):
    """total = 0, with a stray trailing comma makes total the TUPLE (0,): adding the first float to it raises TypeError."""
    logS = _log_probs(X @ W)
    total = 0,
    for i in range(len(y)):
        total += float(logS[i, y[i]])
    return float(total)


# ====================================================================== softmax_jacobian (homework 2)


def jac_vectorize_without_signature(s):
    """np.vectorize(lambda r: diag(r) - outer(r, r)) without signature='(k)->(k,k)': it calls the lambda on every NUMBER of s, and np.diag of a number fails."""
    f = np.vectorize(lambda r: np.diag(r) - np.outer(r, r))
    return f(np.asarray(s, dtype=np.float64))


def jac_map_object(s):
    """Builds the batch as np.array(map(...)): in Python 3 map is a lazy iterator, which np.array wraps as ONE object instead of an (N, K, K) array of numbers."""
    s = np.asarray(s, dtype=np.float64)

    def one(r):
        return np.diag(r) - np.outer(r, r)

    if s.ndim == 1:
        return one(s)
    return np.array(map(one, s))


def jac_fromfunction_float_indices(s):
    """np.fromfunction(lambda i, k: r[i] * ((i == k) - r[k]), (K, K)) passes FLOAT index arrays by default: r[i] with float indices raises IndexError."""
    s = np.asarray(s, dtype=np.float64)

    def one(r):
        K = r.shape[0]
        return np.fromfunction(lambda i, k: r[i] * ((i == k) - r[k]), (K, K))

    if s.ndim == 1:
        return one(s)
    return np.stack([one(r) for r in s])


def jac_batch_summed(s):
    """Accumulates a batch's Jacobians into ONE K x K matrix, J += diag(s_n) - s_n s_n^T, instead of returning one Jacobian per row (N, K, K)."""
    s = np.asarray(s, dtype=np.float64)
    K = s.shape[-1]
    J = np.zeros((K, K))
    for r in np.atleast_2d(s):
        J += np.diag(r) - np.outer(r, r)
    return J


def jac_diagflat_batch(s):
    """Builds diag(s) with np.diagflat, which FLATTENS its input: for a batch it makes one (N K) x (N K) matrix instead of N diagonal K x K matrices."""
    s = np.asarray(s, dtype=np.float64)
    return np.diagflat(s) - s[..., :, None] * s[..., None, :]


def jac_diag_times_I_minus_ssT(s):
    """Misremembers J = diag(s) (I - 1 s^T) as diag(s) (I - s s^T): J[i, k] = s_i delta_ik - s_i^2 s_k instead of s_i (delta_ik - s_k)."""
    s = np.asarray(s, dtype=np.float64)
    K = s.shape[-1]
    Ds = s[..., :, None] * np.eye(K)
    return Ds @ (np.eye(K) - s[..., :, None] * s[..., None, :])


def jac_preallocates_K_by_K(s):
    """Preallocates J = np.zeros((K, K)) also for a batch and writes J[n] = ...: J[n] is a ROW of one K x K matrix, not a slot for sample n's Jacobian."""
    s = np.asarray(s, dtype=np.float64)
    K = s.shape[-1]
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    J = np.zeros((K, K))
    for n in range(s.shape[0]):
        J[n] = np.diag(s[n]) - np.outer(s[n], s[n])
    return J


def jac_diagonal_left_zero(s):
    """Double loop with `if i != k: J[i, k] = -s_i s_k` and no else: the diagonal entries s_i (1 - s_i) are never written and stay 0."""
    s = np.asarray(s, dtype=np.float64)
    K = s.shape[-1]
    J = np.zeros(s.shape + (K,))
    for i in range(K):
        for k in range(K):
            if i != k:
                J[..., i, k] = -s[..., i] * s[..., k]
    return J


def jac_batch_loop_whole_s(s):
    """In the batch loop writes np.outer(s, s), the WHOLE batch, where the row's np.outer(s[n], s[n]) is meant: an (N K) x (N K) product, a shape error."""
    s = np.asarray(s, dtype=np.float64)
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    N, K = s.shape
    J = np.zeros((N, K, K))
    for n in range(N):
        J[n] = np.diag(s[n]) - np.outer(s, s)
    return J


# ====================================================================== grad_log_likelihood_loop (homework 2)


def loop_shadows_softmax(W, X, y):
    """Names the probabilities `softmax = softmax(x_j W)`: assigning that name makes softmax a LOCAL variable, so its first call raises UnboundLocalError."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        softmax = softmax(X[j] @ W)  # noqa: F823 (the mistake)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - softmax[k]) * X[j]
            else:
                G[:, k] -= softmax[k] * X[j]
    return G


def loop_membership_for_label(W, X, y):
    """Tests `if k in y` (is class k among ALL the labels) where sample j's own label y_j == k is meant: every class present in y takes the own-class case."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if k in y:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_G_aliases_W(W, X, y):
    """G = W; G[:] = 0 'starts from zero' through an alias: it zeroes the caller's W, so the probabilities are computed at W = 0 and the gradient lands in W."""
    G = W
    G[:] = 0.0
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_sigma_lagged(W, X, y):
    """Refreshes sigma at the END of the loop body from X[j], the sample just used: every sample j > 0 is paired with the PREVIOUS sample's probabilities."""
    G = np.zeros_like(W)
    s = softmax(X[0] @ W)
    for j in range(X.shape[0]):
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
        s = softmax(X[j] @ W)
    return G


def loop_whole_sigma_vector(W, X, y):
    """In the other-class case subtracts s * x_j, the WHOLE probability vector times x_j, where s[k] x_j is meant (a shape error unless D = K)."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s * X[j]
    return G


def loop_iterates_over_labels(W, X, y):
    """Loops `for j in y`, over the label VALUES, and uses them as sample indices: X[y_j] and y[y_j] instead of every sample j in turn."""
    G = np.zeros_like(W)
    for j in y:
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_zeros_positional_dtype(W, X, y):
    """np.zeros(D, K) passes K as the second positional parameter, the dtype, instead of the shape tuple (D, K): NumPy raises TypeError."""
    D, K = W.shape
    G = np.zeros(D, K)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(K):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_feature_index_typo(W, X, y):
    """Triple loop over samples, classes and features with X[j, k] where X[j, d] is meant: every feature row of column k gets the k-th feature of x_j."""
    N, D = X.shape
    K = W.shape[1]
    G = np.zeros((D, K))
    for j in range(N):
        s = softmax(X[j] @ W)
        for k in range(K):
            c = (1.0 if y[j] == k else 0.0) - s[k]
            for d in range(D):
                G[d, k] += c * X[j, k]
    return G


# ====================================================================== grad_log_likelihood (homework 2)


def grad_softmax_over_samples(W, X, y):
    """softmax(X @ W, axis=0) normalizes each class's logits over the N SAMPLES instead of each sample's logits over the K classes."""
    S = softmax(X @ W, axis=0)
    return X.T @ (one_hot(y, W.shape[1]) - S)


def grad_class_loop_missing_new_axis(W, X, y):
    """Loops over the classes with X * (Y[:, k] - S[:, k]): an (N,) vector against (N, D) broadcasts along the FEATURES (a shape error unless N = D); [:, k, None] is meant."""
    K = W.shape[1]
    Y = one_hot(y, K)
    S = softmax(X @ W)
    G = np.zeros_like(W)
    for k in range(K):
        G[:, k] = np.sum(X * (Y[:, k] - S[:, k]), axis=0)
    return G


def grad_bias_counted_twice(W, X, y):
    """Adds the residual sums (Y - S).sum(axis=0) to row 0 'for the bias', though X's column of ones already puts them there: the bias row is doubled."""
    R = one_hot(y, W.shape[1]) - softmax(X @ W)
    G = X.T @ R
    G[0] += R.sum(axis=0)
    return G


W = np.random.default_rng(7).standard_normal((3, 4))   # the notebook's W, a global


def grad_global_W_case_typo(w, X, y):
    """Names the parameter w but writes W in the body: Python silently uses the notebook's GLOBAL W, not the weights passed in."""
    return X.T @ (one_hot(y, w.shape[1]) - softmax(X @ W))


def grad_last_class_skipped(W, X, y):
    """Loops over range(K - 1) classes, 'the last class is determined by the others', leaving column K - 1 of the gradient at 0."""
    K = W.shape[1]
    R = one_hot(y, K) - softmax(X @ W)
    G = np.zeros_like(W)
    for k in range(K - 1):
        G[:, k] = X.T @ R[:, k]
    return G


def grad_np_put_flat(W, X, y):
    """Builds Y with np.put(Y, y, 1), which indexes the FLATTENED array: the ones land at flat positions y_i (in row 0), not at (i, y_i)."""
    Y = np.zeros((X.shape[0], W.shape[1]))
    np.put(Y, y, 1.0)
    return X.T @ (Y - softmax(X @ W))


def grad_course_loss_and_grad(W, X, y):
    """-N times course_utils.loss_and_grad's gradient of the mean loss, which homework 2 does not offer (forbidden); the values are right."""
    return -len(y) * course_utils.loss_and_grad(W, X, y)[1]


# ====================================================================== grad_log_likelihood_sample (homework 3)


def sample_forgets_normalizer_term(W, x, y):
    """Differentiates only the a_y term of l = a_y - log sum_c e^{a_c}: returns x e_y^T, forgetting the -x sigma^T that comes from the log-sum-exp."""
    e = np.zeros(W.shape[1])
    e[y] = 1.0
    return np.outer(x, e)


def sample_indicator_without_x(W, x, y):
    """G = -x sigma^T, then G[:, y] += 1: adds the NUMBER 1 to the label's column where the indicator's x (G[:, y] += x) belongs."""
    G = -np.outer(x, softmax(x @ W))
    G[:, y] += 1.0
    return G


def sample_label_rebound_to_one_hot(W, x, y):
    """Rebinds the name y to the one-hot vector at the top, then indexes r[y] with it: y no longer holds the integer label, and a float index raises IndexError."""
    K = W.shape[1]
    y = one_hot(np.array([y]), K)[0]
    r = -softmax(x @ W)
    r[y] += 1.0
    return np.outer(x, r)


def sample_broadcast_sum(W, x, y):
    """x[:, None] + r[None, :]: broadcasts with + where * is meant, a (D, K) table of SUMS x_d + r_k instead of the outer product x_d r_k."""
    r = -softmax(x @ W)
    r[y] += 1.0
    return x[:, None] + r[None, :]


def sample_column_slice_broadcast(W, x, y):
    """Takes e_y as np.eye(K)[:, y:y+1], a (K, 1) COLUMN: e_y - sigma broadcasts (K, 1) against (K,) into a K x K matrix, and the outer product comes out (D, K*K)."""
    K = W.shape[1]
    e = np.eye(K)[:, y:y + 1]
    return np.outer(x, e - softmax(x @ W))


def sample_x_entry_at_label(W, x, y):
    """Multiplies by x[y], the label-th ENTRY of x (one number), where the whole vector x belongs: returns x_y (e_y - sigma), shape (K,)."""
    r = -softmax(x @ W)
    r[y] += 1.0
    return x[y] * r


def sample_divides_by_len_label(W, x, y):
    """Divides by len(y), a mean 'over the batch' left from batch code, but y is one int label: len() of an int raises TypeError."""
    r = -softmax(x @ W)
    r[y] += 1.0
    return np.outer(x, r) / len(y)


def sample_batch_of_one_indexed_by_label(W, x, y):
    """Makes x a batch of one, x[None] @ W, so sigma has shape (1, K): r[y] then indexes the ROW (y = 0 adds 1 to every class, y > 0 raises)."""
    r = -softmax(x[None] @ W)
    r[y] += 1.0
    return np.outer(x, r)


# ====================================================================== numerical_gradient (homework 2)


def ng_np_gradient(f, W, h=1e-5):
    """Calls np.gradient(f(W), h), which differences the VALUES stored in an array, not a function: for the single number f(W) it returns an empty result, never a derivative per entry of W."""
    return np.gradient(f(W), h)


def ng_no_division(f, W, h=1e-5):
    """Stores f(W + h E) - f(W - h E) and forgets to divide by 2h: every entry is 2h times the derivative."""
    Wc = np.array(W, dtype=np.float64)
    g = np.zeros_like(Wc)
    for idx in np.ndindex(Wc.shape):
        old = Wc[idx]
        Wc[idx] = old + h
        f_plus = f(Wc)
        Wc[idx] = old - h
        f_minus = f(Wc)
        Wc[idx] = old
        g[idx] = f_plus - f_minus
    return g


def ng_minus_from_old_2h(f, W, h=1e-5):
    """Sets the minus side to old - 2h (as if stepping back from W + h) though it assigns from the saved old value: (f(w + h) - f(w - 2h)) / 2h, 1.5 times the derivative."""
    Wc = np.array(W, dtype=np.float64)
    g = np.zeros_like(Wc)
    for idx in np.ndindex(Wc.shape):
        old = Wc[idx]
        Wc[idx] = old + h
        f_plus = f(Wc)
        Wc[idx] = old - 2 * h
        f_minus = f(Wc)
        Wc[idx] = old
        g[idx] = (f_plus - f_minus) / (2 * h)
    return g


def ng_cached_in_default_dict(f, W, h=1e-5, _cache={}):
    """Memoizes each entry's difference in a mutable default dict keyed by the index 'to save time': a later call with another f or W reuses the first call's values."""
    Wc = np.array(W, dtype=np.float64)
    g = np.zeros_like(Wc)
    for idx in np.ndindex(Wc.shape):
        if idx not in _cache:
            old = Wc[idx]
            Wc[idx] = old + h
            f_plus = f(Wc)
            Wc[idx] = old - h
            f_minus = f(Wc)
            Wc[idx] = old
            _cache[idx] = (f_plus - f_minus) / (2 * h)
        g[idx] = _cache[idx]
    return g


def ng_value_mask(f, W, h=1e-5):
    """Perturbs with h * (W == W[idx]), a mask of every entry EQUAL to the current one: where W repeats a value (W = 0, say) several entries move at once."""
    Wc = np.array(W, dtype=np.float64)
    g = np.zeros_like(Wc)
    for idx in np.ndindex(Wc.shape):
        E = (Wc == Wc[idx]).astype(np.float64)
        g[idx] = (f(Wc + h * E) - f(Wc - h * E)) / (2 * h)
    return g


def ng_result_into_copy(f, W, h=1e-5):
    """Writes each derivative back into the perturbed copy, Wc[idx] = derivative, and returns Wc: later entries are evaluated at a W whose earlier entries are derivatives."""
    Wc = np.array(W, dtype=np.float64)
    for idx in np.ndindex(Wc.shape):
        old = Wc[idx]
        Wc[idx] = old + h
        f_plus = f(Wc)
        Wc[idx] = old - h
        f_minus = f(Wc)
        Wc[idx] = (f_plus - f_minus) / (2 * h)
    return Wc


def ng_argwhere_indices(f, W, h=1e-5):
    """Loops over np.argwhere(W), which lists only the NONZERO entries: entries of W that are 0 are never perturbed and their derivative stays 0."""
    Wc = np.array(W, dtype=np.float64)
    g = np.zeros_like(Wc)
    for row in np.argwhere(Wc):
        idx = tuple(row)
        old = Wc[idx]
        Wc[idx] = old + h
        f_plus = f(Wc)
        Wc[idx] = old - h
        f_minus = f(Wc)
        Wc[idx] = old
        g[idx] = (f_plus - f_minus) / (2 * h)
    return g


def ng_course_for_matrices(f, W, h=1e-5):
    """Differences a vector W itself but hands a matrix W to course_utils.numerical_gradient, which homework 2 does not offer (forbidden); the values are right."""
    Wc = np.array(W, dtype=np.float64)
    if Wc.ndim > 1:
        return course_utils.numerical_gradient(f, Wc, h)
    g = np.zeros_like(Wc)
    for i in range(Wc.size):
        old = Wc[i]
        Wc[i] = old + h
        f_plus = f(Wc)
        Wc[i] = old - h
        f_minus = f(Wc)
        Wc[i] = old
        g[i] = (f_plus - f_minus) / (2 * h)
    return g


# ====================================================================== relative_error (homework 2)


def re_maximum_reduce_mixed(a, b, floor=1e-8):
    """np.maximum.reduce([|a|, |b|, floor]) first turns the list into ONE array: two arrays and a number are ragged, so NumPy raises (it only works for scalars)."""
    return np.abs(a - b) / np.maximum.reduce([np.abs(a), np.abs(b), floor])


def re_division_discarded(a, b, floor=1e-8):
    """Writes `err / den` as a bare statement (the quotient is thrown away) where err = err / den is meant: returns the absolute error |a - b|."""
    err = np.abs(a - b)
    den = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    err / den
    return err


def re_sum_numerator(a, b, floor=1e-8):
    """Types |a + b| for |a - b| in the numerator: equal entries get error 2 (not 0), and opposite ones error 0."""
    return np.abs(a + b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_and_for_elementwise(a, b, floor=1e-8):
    """Marks the both-zero entries with (a == 0) and (b == 0): Python's `and` needs ONE truth value, so on arrays it raises (& is the elementwise and)."""
    both_zero = (a == 0) and (b == 0)
    err = np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return np.where(both_zero, 0.0, err)


def re_abs_of_mean(a, b, floor=1e-8):
    """Divides by |(a + b) / 2|, the magnitude of the MEAN, instead of max(|a|, |b|): entries of opposite sign have a mean near 0 and get a huge error."""
    return np.abs(a - b) / np.maximum(np.abs((a + b) / 2), floor)


def re_parenthesis_misplaced(a, b, floor=1e-8):
    """np.abs(a - b / den): the closing parenthesis of abs is misplaced, so only b is divided by the denominator and a is subtracted unscaled."""
    return np.abs(a - b / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor))


def re_floors_inputs(a, b, floor=1e-8):
    """Applies the floor to the INPUTS, a = max(a, floor) and b = max(b, floor), before the usual formula: every negative entry is replaced by the floor."""
    a = np.maximum(a, floor)
    b = np.maximum(b, floor)
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


# ====================================================================== train_sgd (homework 3)


def sgd_shuffles_index_in_place(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Keeps one index array and rng.shuffle()s it in place every epoch: from epoch 2 on each order is the previous order shuffled again, not a fresh rng.permutation(N)."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    idx = np.arange(N)
    for _ in range(epochs):
        rng.shuffle(idx)
        for start in range(0, N, batch_size):
            b = idx[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_strided_batches(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Deals the permutation into batches by stride, perm[i::n_batches] (every n-th index), instead of cutting it into CONSECUTIVE slices of batch_size."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    n_batches = -(-N // batch_size)
    for _ in range(epochs):
        perm = rng.permutation(N)
        for i in range(n_batches):
            b = perm[i::n_batches]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_array_split_balanced(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """np.array_split(perm, ceil(N / batch_size)) balances the batch sizes (4, 3, 3 for N = 10) instead of full batches of batch_size and a smaller last one."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    n_batches = int(np.ceil(N / batch_size))
    for _ in range(epochs):
        for b in np.array_split(rng.permutation(N), n_batches):
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_end_clamped_to_last_index(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Clamps each batch's end with min(start + batch_size, N - 1), as if a slice ended at the last INDEX: the final batch loses the permutation's last sample."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:min(start + batch_size, N - 1)]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_epochs_as_steps(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Reads `epochs` as the total number of minibatch STEPS: it stops after `epochs` batches instead of `epochs` full passes over the data."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    step = 0
    while step < epochs:
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            if step == epochs:
                break
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
            step += 1
    return W


def sgd_course_sgd(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Returns the weights of course_utils.sgd, the lectures' trainer, which homework 3 does not offer (forbidden); the weights are right."""
    W, _ = course_utils.sgd(X, y, num_classes, lr=lr, epochs=epochs, batch_size=batch_size, seed=seed)
    return W


def sgd_scaled_to_full_sum(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Scales the batch's sum by N / |B| 'for an unbiased estimate of the full gradient sum': every step is N times the prescribed mean-gradient step."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            W += lr * (N / len(b)) * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W))
    return W


def sgd_gradient_never_reset(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Accumulates the batch gradients in G, created once before the epochs and never zeroed: each step adds the sum of ALL the gradients so far."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    G = np.zeros_like(W)
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            G += X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
            W += lr * G
    return W


def sgd_weights_reset_each_epoch(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """W = np.zeros(...) sits inside the epoch loop (one indent too deep): W restarts from 0 every epoch, so only the last epoch's training is returned."""
    rng = np.random.default_rng(seed)
    N = len(y)
    for _ in range(epochs):
        W = np.zeros((X.shape[1], num_classes))
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


# ====================================================================== the attempts and their mistakes

FORBIDDEN = r"forbid|not offer|write yourself"
MUTATES = r"modif|in place|in-place|mutat|unchanged|changed"


ATTEMPTS = [
    # softmax
    ("check_softmax", softmax_sorted_for_summation, (
        r"\bsort\w*|class order|order of the (classes|probabilities)|original order|reorder\w*|rearrang\w*|ascending"
        r"|(probabilities|entries) (are |were )?(moved|shuffled|permuted)|each class'?s? own|wrong (class|position)")),
    ("check_softmax", softmax_shift_by_first_logit, (
        r"first (logit|entry|element|class|column|value)|\[0\]|instead of the (max|maximum|largest)|not the (max|maximum|largest)"
        r"|any constant|overflow|inf ?/ ?inf")),
    ("check_softmax", softmax_atleast_2d, (
        r"atleast_2d|\(1, ?K\)|extra (leading )?(axis|dimension)|vector[^.]{0,40}(came|comes|returned|became|turned)[^.]{0,30}(matrix|2-D|\(1,)"
        r"|2-D (result|array|output) for a (1-D|vector)|batch of one|squeez")),
    ("check_softmax", softmax_power_precedence, (
        r"precedence|parenthes|\*\*|e\^a ?- ?m|binds|order of operations|exp\(a\) ?- ?m|after exponentiat"
        r"|subtract\w* (the max\w*|m) (after|from the exp)|overflow")),
    ("check_softmax", softmax_max_keepdims_positional, (
        r"keepdims|positional|\bout\b(?! of)|third (positional )?(argument|parameter)|keyword|np\.max\(a, ?axis, ?True\)")),
    ("check_softmax", softmax_shift_twice, (
        r"twice|\b2 ?m\b|double|(two|2) times|subtract\w* (the max\w*|m) (again|twice)|overflow|exp\(\+?1000\)")),
    ("check_softmax", softmax_negative_axis_converted_wrong, (
        r"negative axis|a\.ndim|ndim ?[-+] ?axis|AxisError|does not exist|axis \d+ is out of bounds"
        r"|conver\w* (the |a )?(negative )?axis")),
    ("check_softmax", softmax_exp_of_sum, (
        r"exp\(\s*sum|exp of (the )?sum|sum of (the )?exp\w*|swap\w*[^.]{0,30}(exp|sum)|sum_c exp|denominator"
        r"|order of exp and sum")),
    # log_likelihood
    ("check_log_likelihood", ll_returns_likelihood, (
        r"exponentiat\w* (the )?(sum|result|total|log)|likelihood (L|itself)|not (the|its) log|instead of (its |the )?log|L ?= ?exp"
        r"|the likelihood,? not")),
    ("check_log_likelihood", ll_forgets_normalizer, (
        r"(forg|miss|omit|leav|drop|without|lack)\w*[^.]{0,40}(log[- ]sum[- ]exp|normali[sz]\w*|log ?sum|denominator|partition|term|log)"
        r"|no (log-sum-exp|normali[sz]\w*)")),
    ("check_log_likelihood", ll_sums_all_classes, (
        r"all (the )?(K )?classes|every class|whole (matrix|array)|only the label"
        r"|(not|without|instead of) (select|pick)\w*|index\w* (by|with) (the )?labels?|ignor\w* (the )?labels?|not (use|depend)\w* (on )?(the )?labels?")),
    ("check_log_likelihood", ll_drops_bias, (
        r"(drop|ignor|omit|leav|lost|skip|forg|remov|exclud|without)\w*[^.]{0,40}(bias|first row|column of ones|ones column)"
        r"|(bias|first row|column of ones)[^.]{0,30}(dropped|ignored|omitted|left out|missing|removed|excluded|not used)"
        r"|X\[:, ?1:\]|W\[1:\]|intercept")),
    ("check_log_likelihood", ll_math_log_on_array, (
        r"math\.log|math module|python'?s? (math\.)?log|length-1|size-1|0-dimensional|element-?wise log"
        r"|use np\.log|np\.log instead|instead of np\.log")),
    ("check_log_likelihood", ll_index_list_not_tuple, (
        r"tuple|list (of (the )?(two )?(index )?arrays|index)|\[\[|whole rows|rows? (indexed|picked|selected)"
        r"|entries \(i, ?y_i\)|fancy[- ]index|pair\w* (each|every) (row|sample)")),
    ("check_log_likelihood", ll_lse_missing_log, (
        r"(missing|forg\w*|without|no|lacks?) (the |a )?log\b|log of the sum (is )?(missing|forgotten)|np\.log\(np\.sum"
        r"|sum (of exp\w* )?without (the |a )?log")),
    ("check_log_likelihood", ll_indices_swapped, (
        r"swap\w*|wrong order|order of (the )?ind\w*|ind\w* (are )?(reversed|swapped)|\[y, ?np\.arange"
        r"|label[^.]{0,30}(as|for) (the )?row|transpos")),
    ("check_log_likelihood", ll_trailing_comma_accumulator, (
        r"tuple|trailing comma|stray comma|\(0,\)|concatenat")),
    # softmax_jacobian
    ("check_softmax_jacobian", jac_vectorize_without_signature, (
        r"vectori[sz]e|signature|element by element|each (entry|number|element) of s|one number at a time"
        r"|np\.diag of a (number|scalar)|0-d")),
    ("check_softmax_jacobian", jac_map_object, (
        r"\bmap\b|iterator|lazy|object (array|dtype)|dtype=?object|list\(|0-d|generator")),
    ("check_softmax_jacobian", jac_fromfunction_float_indices, (
        r"fromfunction|float (index|indices)|dtype=int|indices must be (integers|int)|only integers|integer (index|indices|arrays)")),
    ("check_softmax_jacobian", jac_batch_summed, (
        r"sum\w* (of|over) (the )?(batch|rows|samples|Jacobians)|summed|accumulat\w*|one (K ?x ?K|K ?× ?K|matrix|Jacobian) for (the|all|every)"
        r"|\(K, ?K\) instead|single (K|matrix|Jacobian)")),
    ("check_softmax_jacobian", jac_diagflat_batch, (
        r"diagflat|flatten\w*|\(N ?\* ?K|N ?K ?x ?N ?K|\bNK\b|block[- ]diagonal|one (big|large) (diagonal )?matrix"
        r"|each row'?s? (own )?diag")),
    ("check_softmax_jacobian", jac_diag_times_I_minus_ssT, (
        r"1 ?s\^T|ones? (vector|s\^T)|factori[sz]|s_i\^?2|s_i ?\^ ?2|\^2 ?s_k|extra (factor|s)|diag\(s\) ?\(I|diag\(s\) ?@"
        r"|I ?- ?s ?s\^T|I ?- ?1|times s_i|multipl\w* by s_i")),
    ("check_softmax_jacobian", jac_preallocates_K_by_K, (
        r"prealloc\w*|np\.zeros\(\(K, ?K\)\)|\(K, ?K\) (array|matrix) for (a|the) batch|np\.zeros\(\(N, ?K, ?K\)\)|J\[n\]"
        r"|a row of (a|the|one) (K ?x ?K )?matrix|slot|allocat\w*")),
    ("check_softmax_jacobian", jac_diagonal_left_zero, (
        r"diagonal[^.]{0,40}(0|zero|empty|missing|never|not (set|filled|written))|(zero|0) (on|along) the diagonal"
        r"|missing (the )?diagonal|(no|missing|without (an )?) ?else\b|else branch|i ?== ?k|case k ?= ?k'|s_i ?\(1 ?- ?s_i\)|sigma_k ?\(1 ?- ?sigma_k\)|σ_k ?\(1 ?- ?σ_k\)|delta")),
    ("check_softmax_jacobian", jac_batch_loop_whole_s, (
        r"whole (batch|s\b|array)|s\[n\]|row'?s? (own )?(outer|s\b)|np\.outer\(s, ?s\)|\(N ?\* ?K|\bNK\b"
        r"|outer product of (the )?(whole|entire)|instead of (the|each) row")),
    # grad_log_likelihood_loop
    ("check_grad_log_likelihood_loop", loop_shadows_softmax, (
        r"shadow\w*|UnboundLocal|local (variable|name)|renam\w*|same name|name[^.]{0,30}softmax|softmax[^.]{0,30}name"
        r"|overwr\w* (the )?(function|name)|reassign")),
    ("check_grad_log_likelihood_loop", loop_membership_for_label, (
        r"\bk in y\b|membership|\bin\b operator|anywhere (in|among) (the )?labels|present in (y|the labels)|any sample'?s? label"
        r"|own label of (sample )?j|sample j'?s? (own )?label|label of (this|the current|that) sample|whole label (array|vector)")),
    ("check_grad_log_likelihood_loop", loop_G_aliases_W, (
        MUTATES + r"|alias|same array|G ?= ?W|not a copy|copy|zero\w* (the caller'?s? )?W|W (is|was|became) (set to )?(zero|0)|overwr")),
    ("check_grad_log_likelihood_loop", loop_sigma_lagged, (
        r"previous sample|j ?- ?1|one sample (behind|late)|\blag\w*|stale|end of the loop|after (the|its) use"
        r"|each sample'?s? own|own probabilit|wrong sample'?s? (probabilit|sigma)|recomput|out of step|off by one|off-by-one")),
    ("check_grad_log_likelihood_loop", loop_whole_sigma_vector, (
        r"whole (probability )?vector|s\[k\]|all (the )?(K )?probabilit|instead of (the )?(class'?s?|its) (own )?probabilit"
        r"|vector s\b|entire (probability )?vector|elementwise product of s")),
    ("check_grad_log_likelihood_loop", loop_iterates_over_labels, (
        r"for j in y|label values?|labels? (as|for) (sample )?ind|over the labels|iterat\w* (over )?(the )?labels"
        r"|instead of (the )?sample (index|indices)")),
    ("check_grad_log_likelihood_loop", loop_zeros_positional_dtype, (
        r"np\.zeros\(D, ?K\)|tuple|as (the )?dtype|dtype (argument|parameter)|data type not understood|not a valid dtype"
        r"|second (positional )?(argument|parameter)|\(\(D, ?K\)\)|parenthes")),
    ("check_grad_log_likelihood_loop", loop_feature_index_typo, (
        r"X\[j, ?k\]|X\[j, ?d\]|feature (index|d\b)|index d\b|k-th feature|class index (as|for) (the |a )?feature"
        r"|same (value|number|feature) (in|for) (every|all|each) (row|feature)|typo")),
    # grad_log_likelihood
    ("check_grad_log_likelihood", grad_softmax_over_samples, (
        r"axis ?= ?0|normali[sz]\w*[^.]{0,20} over (the )?(N )?samples|down (the )?columns|columns? sum to 1|class axis|wrong axis"
        r"|each (sample|row)'?s? (own )?(logits|probabilit)|along (the )?rows")),
    ("check_grad_log_likelihood", grad_class_loop_missing_new_axis, (
        r"broadcast\w*|new axis|None\]|\[:, ?k, ?None\]|\[:, ?None\]|keepdims|reshape\(-1, ?1\)|column vector"
        r"|\(N,\) (against|with|and) \(N, ?D\)|align\w*|last axis")),
    ("check_grad_log_likelihood", grad_bias_counted_twice, (
        r"twice|double|bias[^.]{0,40}(again|already|added|extra|separately)|(first|bias) row[^.]{0,40}(2|two|twice|double)"
        r"|column of ones[^.]{0,40}already|already (contains|includes|has)[^.]{0,30}(bias|ones)|extra (bias|term)")),
    ("check_grad_log_likelihood", grad_global_W_case_typo, (
        r"global|notebook'?s? W|outside (the|your) function|parameter (w|W)\b|argument (w|W)\b|ignor\w* (the )?(weights|W|argument|parameter)"
        r"|does(n'?t| not) depend on (the )?W|not (the )?W (passed|given)|lower-?case|upper-?case|capital|same for (every|any) W")),
    ("check_grad_log_likelihood", grad_last_class_skipped, (
        r"last (class|column)|(column|class) K ?- ?1|range\(K ?- ?1\)|redundant|determined by|reference class|stays? (0|zero)"
        r"|left (at )?(0|zero)|all zeros?|never (computed|filled)|off by one|off-by-one")),
    ("check_grad_log_likelihood", grad_np_put_flat, (
        r"np\.put|flatten\w*|flat (index|indices|positions?)|row 0|first row|one-hot[^.]{0,40}(wrong|built|construct|malformed|not)"
        r"|Y\[np\.arange|\(i, ?y_i\)|ravel")),
    ("check_grad_log_likelihood", grad_course_loss_and_grad, FORBIDDEN),
    # grad_log_likelihood_sample
    ("check_grad_log_likelihood_sample", sample_forgets_normalizer_term, (
        r"-x ?sigma|-x ?σ|sigma\^T|σ\^T|probabilit\w* term"
        r"|forg\w*[^.]{0,30}(sigma|σ|probabilit|second term|log[- ]sum[- ]exp|normali[sz]\w*)|missing[^.]{0,30}(sigma|σ|probabilit)"
        r"|only (the )?(a_y|label|first) term|x ?e_y\^T")),
    ("check_grad_log_likelihood_sample", sample_indicator_without_x, (
        r"\+= ?1\b|adds? (the number )?1\b|number 1|instead of x\b|without (the )?x\b|forg\w* (the )?x\b"
        r"|x (in|to) (the )?label'?s? column|factor x\b")),
    ("check_grad_log_likelihood_sample", sample_label_rebound_to_one_hot, (
        r"shadow\w*|rebind|rebound|reus\w* (the )?name|overwr\w* (the )?(label|y)|y (is|was) (no longer|now)|float (index|indices|array)"
        r"|integer (or boolean )?type|index\w* with (the |a )?one-hot|one-hot (vector )?as (an )?index")),
    ("check_grad_log_likelihood_sample", sample_broadcast_sum, (
        r"x_d ?\+ ?r|\+ where \*|\bplus\b|addition|adds? (instead of|where)|instead of multipl|not (a |the )?product"
        r"|\+ instead of \*|sums? instead of (the )?products?")),
    ("check_grad_log_likelihood_sample", sample_column_slice_broadcast, (
        r"\(K, ?1\)|column (vector|slice)|y:y ?\+ ?1|slice|K ?x ?K|K ?\* ?K|K\^2|broadcast\w*")),
    ("check_grad_log_likelihood_sample", sample_x_entry_at_label, (
        r"x\[y\]|x_y\b|entry of x|one (entry|number|component) of x|whole (vector )?x\b|instead of (the )?(vector )?x\b"
        r"|returns? (a |an )?\(K,\)|shape \(K,\) instead|vector of (length|size) K")),
    ("check_grad_log_likelihood_sample", sample_divides_by_len_label, (
        r"len\(y\)|single (int|integer|label)|y is an int|int has no len|mean over|average|divid\w* by (the )?(number|len|batch)")),
    ("check_grad_log_likelihood_sample", sample_batch_of_one_indexed_by_label, (
        r"\(1, ?K\)|batch of one|x\[None\]|row (index|instead)|index\w* the row|r\[0, ?y\]"
        r"|every (entry|class|column)[^.]{0,30}(1|one)\b|extra (axis|dimension)")),
    # numerical_gradient
    ("check_numerical_gradient", ng_np_gradient, (
        r"np\.gradient|values (of|stored in) an array|sampled values|spacing|not a function|never perturb\w*|does(n'?t| not) perturb")),
    ("check_numerical_gradient", ng_no_division, (
        r"forg\w* (to )?divid|without divid\w*|not divided|no division|divid\w* by 2 ?h|(missing|no|forg\w*|without) (the )?denominator|2 ?h times|times 2 ?h"
        r"|factor (of )?2 ?h")),
    ("check_numerical_gradient", ng_minus_from_old_2h, (
        r"- ?2 ?h|1\.5|3/2|three halves|asymmetric|not (symmetric|central)|unequal|minus (side|step|point|evaluation)|too far")),
    ("check_numerical_gradient", ng_cached_in_default_dict, (
        r"default (argument|dict|value)|mutable|cach\w*|memo\w*|stale|previous call|earlier call|first call|persist\w*"
        r"|between calls|across calls|remember")),
    ("check_numerical_gradient", ng_value_mask, (
        r"equal (value|entries)|entries (that are )?equal|equal to (the current|W\[)|repeat\w*|same value|duplicate|mask|W ?== ?W\[|several entries|more than one entry|other entries"
        r"|all (the )?(zero|equal) entries|at once|sum of (the )?partials")),
    ("check_numerical_gradient", ng_result_into_copy, (
        r"(same|one) array|into (the )?(copy|W)|overwr\w*|in place of (the )?(entry|weight)|separate (array|output)"
        r"|earlier entries|previous entries|not restored|never restor\w*|instead of restor\w*|replac\w* (the )?(entries|weights)|output array")),
    ("check_numerical_gradient", ng_argwhere_indices, (
        r"argwhere|nonzero|non-zero|zero entr\w*|entries (that are |equal to )?(0|zero)|where W ?(is|==) ?0|skipp\w*"
        r"|never perturb\w*|not perturb\w*|stays? (0|zero)|left (at )?(0|zero)")),
    ("check_numerical_gradient", ng_course_for_matrices, FORBIDDEN),
    # relative_error
    ("check_relative_error", re_maximum_reduce_mixed, (
        r"maximum\.reduce|\breduce\b|ragged|inhomogeneous|stack\w*|list of (two )?arrays|mix\w* (arrays|shapes)"
        r"|np\.maximum\(np\.maximum|nested np\.maximum|a number and (two )?arrays")),
    ("check_relative_error", re_division_discarded, (
        r"returns? (the )?absolute (error|difference)|absolute (error|difference) (instead|only|alone|itself)|absolute,? not relative|\|a ?- ?b\| (alone|itself|only)|not (divided|relative|scaled)|never divid\w*"
        r"|without (the )?(division|denominator)|forg\w* (to )?divid|discard\w*|thrown away|no denominator")),
    ("check_relative_error", re_sum_numerator, (
        r"a ?\+ ?b|\bplus\b|sum (of a and b|instead)|\+ where -|sign (of|in) (the )?(numerator|difference)"
        r"|equal (entries|values|inputs) (give|get|have)|identical (entries|inputs|arrays)|a ?= ?b[^.]{0,30}(not 0|nonzero|non-zero|2)")),
    ("check_relative_error", re_and_for_elementwise, (
        r"\band\b[^.]{0,30}(&|elementwise|element-wise|logical_and)|logical_and|truth value|ambiguous|python'?s? and"
        r"|boolean operator")),
    ("check_relative_error", re_abs_of_mean, (
        r"\bmean\b|average|\(a ?\+ ?b\) ?/ ?2|opposite signs?|cancel\w*|midpoint|magnitude of (the )?(sum|mean|average)")),
    ("check_relative_error", re_parenthesis_misplaced, (
        r"parenthes|bracket|only b (is )?divided|b ?/ ?(den|max)|precedence|a - b ?/|misplac\w*|divid\w* only|order of operations")),
    ("check_relative_error", re_floors_inputs, (
        r"negative (entries|values|numbers|inputs?)|np\.maximum\(a|max\(a, ?floor\)|clamp\w*|clip\w*"
        r"|floor (applied )?to (the )?(inputs|a and b|values)|replac\w*[^.]{0,40}floor|floored (inputs|values)")),
    # train_sgd
    ("check_train_sgd", sgd_shuffles_index_in_place, (
        r"rng\.shuffle|shuffl\w* (the |an |one )?(index|indices|same array)|previous (epoch'?s? )?(order|permutation)"
        r"|cumulat\w*|compound\w*|re-?shuffl\w*|already shuffled|in place|composed|fresh permutation|not (a |the )?fresh")),
    ("check_train_sgd", sgd_strided_batches, (
        r"strid\w*|every n-?th|i::|not consecutive|non-?consecutive|instead of consecutive|interleav\w*|dealt|round-robin"
        r"|perm\[start:start ?\+ ?batch_size\]")),
    ("check_train_sgd", sgd_array_split_balanced, (
        r"array_split|balanc\w*|equal(ly)?[- ]sized|as equal as possible|full batches")),
    ("check_train_sgd", sgd_end_clamped_to_last_index, (
        r"N ?- ?1|last (sample|index|element)|exclusive|slice end|off by one|off-by-one|one sample (short|missing|fewer)"
        r"|never (used|visited)|left out|dropp\w*|missing sample")),
    ("check_train_sgd", sgd_epochs_as_steps, (
        r"epochs? (as|=) (the )?(number of )?(steps|iterations|updates|batches)|number of (batch )?(steps|updates|iterations|batches)"
        r"|full pass\w*|passes over|stops? (early|after)|too few (steps|updates|epochs)|batches in total|total (number of )?(steps|updates)")),
    ("check_train_sgd", sgd_course_sgd, FORBIDDEN),
    ("check_train_sgd", sgd_scaled_to_full_sum, (
        r"N ?/ ?\|?B\|?|N ?/ ?len|N times|times N\b|multipl\w* by N\b|scal\w* (up )?by N\b|full(-data)? (gradient )?sum"
        r"|sum over (all|the) N|unbiased estimate")),
    ("check_train_sgd", sgd_gradient_never_reset, (
        r"reset|re-?zero\w*|zeroed|accumulat\w*|running sum|(previous|past|earlier) (gradients|batches|steps)|never cleared"
        r"|carr\w* over|momentum|keeps? adding")),
    ("check_train_sgd", sgd_weights_reset_each_epoch, (
        r"inside the (epoch )?loop|every epoch[^.]{0,40}(reset|restart|zero|re-?initiali)|re-?initiali[sz]\w*|reset|restart\w*"
        r"|only the last epoch|indent\w*|start\w* (again )?from (0|zero)")),
]
