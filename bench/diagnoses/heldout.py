"""Wrong student attempts at the homework exercises: a held-out set, not used to tune the diagnoses.

The diagnoses of ``course_utils.checks`` are tuned on ``attempts.py``; this set
measures them honestly on mistakes they were not tuned on.  Every attempt here
differs from those of ``attempts.py`` and of ``tests/check_catalogue.py``.

Each attempt is written the way a student writes it in the notebook: the
exercise's signature, NumPy, and the building blocks its notebook allows
(nothing from ``course_utils`` in homework 1; ``softmax`` and ``one_hot`` in
homework 2; also ``add_bias`` and the data helpers in homework 3).  A few
attempts use something else from ``course_utils`` that does the work: the
right verdict for those is "forbidden".  Each docstring states the mistake in
one sentence.

``ATTEMPTS`` lists ``(check name, function, mistake regex)`` like ``attempts.py``:
the regex (case-insensitive) matches a diagnosis that names the attempt's
mistake.  The regexes were written from the mistakes, before any check was run
on the attempts.
"""

import numpy as np

import course_utils
from course_utils import one_hot, softmax, standardize

# A notebook cell above train_sgd made a generator of its own (as lectures 06 and 07 do); one attempt uses it.
rng = np.random.default_rng(0)

# ====================================================================== softmax (homework 1)


def softmax_shift_by_mean(a, axis=-1):
    """Subtracts the row MEAN instead of the row maximum before exp: a wide row still overflows."""
    e = np.exp(a - np.mean(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_neginf_to_zero(a, axis=-1):
    """np.where(np.isinf(a), 0, a) 'to avoid NaN': a -inf logit becomes 0 and gets a nonzero probability."""
    a = np.where(np.isinf(a), 0.0, a)
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_row_loop(a, axis=-1):
    """A loop `for i in range(len(a))` over rows: on a 1-D vector each 'row' is one number, whose softmax is 1."""
    a = np.asarray(a, dtype=float)
    if axis == 0:
        a = a.T
    out = np.zeros_like(a)
    for i in range(len(a)):
        row = a[i]
        e = np.exp(row - np.max(row))
        out[i] = e / np.sum(e)
    return out.T if axis == 0 else out


def softmax_exp_over_exp_max(a, axis=-1):
    """exp(a) / exp(m) where exp(a - m) is meant: the same algebra, but exp(a) itself still overflows."""
    m = np.max(a, axis=axis, keepdims=True)
    e = np.exp(a) / np.exp(m)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_returns_log(a, axis=-1):
    """Returns the log-probabilities a - m - log(sum exp(a - m)) of Question 2 instead of the probabilities."""
    m = a.max(axis=axis, keepdims=True)
    return a - m - np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))


def softmax_prints_result(a, axis=-1):
    """Prints the probabilities instead of returning them, so the function returns None."""
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    print(e / e.sum(axis=axis, keepdims=True))


def softmax_l2_normalized(a, axis=-1):
    """Normalizes with np.linalg.norm (the Euclidean length) instead of the sum of the exponentials."""
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / np.linalg.norm(e, axis=axis, keepdims=True)


def softmax_shift_numerator_only(a, axis=-1):
    """Subtracts the maximum in the numerator but sums the unshifted np.exp(a) in the denominator."""
    m = np.max(a, axis=axis, keepdims=True)
    return np.exp(a - m) / np.sum(np.exp(a), axis=axis, keepdims=True)


# ====================================================================== log_likelihood (homework 1)


def ll_global_max(W, X, y):
    """Shifts the log-sum-exp by ONE maximum of the whole logit matrix instead of each row's maximum."""
    A = X @ W
    m = A.max()
    rows = np.arange(len(y))
    return float(np.sum(A[rows, y] - m - np.log(np.sum(np.exp(A - m), axis=1))))


def ll_plus_logsumexp(W, X, y):
    """Adds the log-sum-exp to a_y instead of subtracting it."""
    A = X @ W
    m = A.max(axis=1)
    lse = m + np.log(np.exp(A - m[:, None]).sum(axis=1))
    return float(np.sum(A[np.arange(len(y)), y] + lse))


def ll_return_inside_loop(W, X, y):
    """`return total` is indented inside the loop: only the first sample is counted."""
    total = 0.0
    for i in range(len(y)):
        a = X[i] @ W
        m = np.max(a)
        total += a[y[i]] - m - np.log(np.sum(np.exp(a - m)))
        return total


def ll_logsumexp_over_all_entries(W, X, y):
    """np.sum(np.exp(A - m)) has no axis: every sample's log-sum-exp sums over all the entries of the matrix."""
    A = X @ W
    m = A.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.sum(np.exp(A - m)))
    return float(np.sum(A[np.arange(len(y)), y] - lse))


def ll_mean_of_masked_matrix(W, X, y):
    """np.mean(Y * log S) over the N x K matrix instead of np.sum: the result is divided by N * K."""
    A = X @ W
    logS = A - A.max(axis=1, keepdims=True)
    logS = logS - np.log(np.exp(logS).sum(axis=1, keepdims=True))
    Y = y[:, None] == np.arange(W.shape[1])
    return float(np.mean(Y * logS))


def ll_log1p(W, X, y):
    """np.log1p(p), i.e. log(1 + p), where log(p) is meant ('log1p is more accurate')."""
    A = X @ W
    e = np.exp(A - A.max(axis=1, keepdims=True))
    S = e / e.sum(axis=1, keepdims=True)
    return float(np.sum(np.log1p(S[np.arange(len(y)), y])))


def ll_predicted_class(W, X, y):
    """Picks the log-probability of the predicted class A.argmax(axis=1) instead of the label y_i."""
    A = X @ W
    logS = A - A.max(axis=1, keepdims=True)
    logS -= np.log(np.exp(logS).sum(axis=1, keepdims=True))
    predicted = A.argmax(axis=1)
    return float(np.sum(logS[np.arange(X.shape[0]), predicted]))


def ll_np_take_flat(W, X, y):
    """np.take(logS, y) without an axis indexes the FLATTENED matrix: the y_i-th entries of row 0, not row i."""
    A = X @ W
    m = A.max(axis=1, keepdims=True)
    logS = A - m - np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))
    return float(np.sum(np.take(logS, y)))


def ll_course_logsumexp(W, X, y):
    """Uses course_utils.logsumexp, which homework 1 does not offer (forbidden); the values are right."""
    A = X @ W
    return float(np.sum(A[np.arange(len(y)), y] - course_utils.logsumexp(A, axis=1)))


# ====================================================================== softmax_jacobian (homework 2)


def jac_batched_matmul_inner(s):
    """For a batch, s[:, None, :] @ s[:, :, None] is the (N, 1, 1) dot product s.s, not the outer product."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    return np.eye(s.shape[1]) * s[:, None, :] - s[:, None, :] @ s[:, :, None]


def jac_np_diag_of_batch(s):
    """np.diag on the (N, K) batch extracts its diagonal instead of building one diagonal matrix per row."""
    return np.diag(s) - s[..., :, None] * s[..., None, :]


def jac_outer_s_one_minus_s(s):
    """Writes J as the outer product s (1 - s)^T, which is right on the diagonal only."""
    if s.ndim == 1:
        return np.outer(s, 1 - s)
    return s[:, :, None] * (1 - s)[:, None, :]


def jac_eye_len_s(s):
    """np.eye(len(s)): for a batch len(s) is N, not K, so the identity has the wrong size."""
    return np.eye(len(s)) * s[..., None, :] - s[..., :, None] * s[..., None, :]


def jac_softmax_again(s):
    """Applies softmax to s first, as if s were logits, though s are already probabilities."""
    p = softmax(s)
    return np.einsum("...i,ik->...ik", p, np.eye(p.shape[-1])) - np.einsum("...i,...k->...ik", p, p)


def jac_loop_index_typo(s):
    """Double loop with s[i] where s[k] is meant in the product: J[i, k] = s_i (delta_ik - s_i)."""
    K = s.shape[-1]
    J = np.zeros(s.shape + (K,))
    for i in range(K):
        for k in range(K):
            J[..., i, k] = s[..., i] * ((i == k) - s[..., i])
    return J


def jac_int_array(s):
    """Fills an np.zeros(..., dtype=int) array: every entry, between -1 and 1, is truncated to 0."""
    vector = s.ndim == 1
    S = s[None, :] if vector else s
    n, K = S.shape
    J = np.zeros((n, K, K), dtype=int)
    for r in range(n):
        J[r] = np.diag(S[r]) - np.outer(S[r], S[r])
    return J[0] if vector else J


def jac_via_course_jvp(s):
    """Stacks course_utils.softmax_jvp of the unit vectors, which homework 2 does not offer (forbidden)."""
    K = s.shape[-1]
    columns = [course_utils.softmax_jvp(s, np.broadcast_to(e, s.shape)) for e in np.eye(K)]
    return np.stack(columns, axis=-1)


# ====================================================================== grad_log_likelihood_loop (homework 2)


def loop_sigma_of_label_for_others(W, X, y):
    """In the case y_j != k subtracts sigma_{y_j} x_j (the label's probability) instead of sigma_k x_j."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[y[j]] * X[j]
    return G


def loop_rows_of_G(W, X, y):
    """Adds to G[k] (row k) instead of G[:, k] (column k)."""
    G = np.zeros(W.shape)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[k] += ((1.0 if y[j] == k else 0.0) - s[k]) * X[j]
    return G


def loop_softmax_of_whole_batch(W, X, y):
    """Computes softmax(X @ W) for the whole batch inside the loop and reads s[k], a row, as sigma_k of sample j."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X @ W)
        for k in range(W.shape[1]):
            G[:, k] += ((y[j] == k) - s[k]) * X[j]
    return G


def loop_is_instead_of_equals(W, X, y):
    """`if y[j] is k` (identity) instead of `==`: never true for a NumPy integer, so the 1{y_j = k} term is lost."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] is k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] += -s[k] * X[j]
    return G


def loop_accumulates_into_W(W, X, y):
    """Accumulates the contributions into W itself (W[:, k] += ...) and returns W: W is changed and W + G returned."""
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            W[:, k] += (float(y[j] == k) - s[k]) * X[j]
    return W


def loop_range_D(W, X, y):
    """Loops the samples over range(X.shape[1]), the number of features D, instead of range(N)."""
    G = np.zeros_like(W)
    for j in range(X.shape[1]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += ((1 - s[k]) if y[j] == k else -s[k]) * X[j]
    return G


def loop_unnormalized_exp(W, X, y):
    """Its own 'sigma' is exp(a - max) without the division by the sum: not probabilities."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        a = X[j] @ W
        sig = np.exp(a - a.max())
        for k in range(W.shape[1]):
            G[:, k] += ((1 - sig[k]) if y[j] == k else -sig[k]) * X[j]
    return G


def loop_cases_swapped(W, X, y):
    """The two cases are swapped: -sigma_k x_j for the own class and (1 - sigma_k) x_j for the others."""
    G = np.zeros_like(W)
    for x_j, y_j in zip(X, y):
        s = softmax(x_j @ W)
        for k in range(W.shape[1]):
            if y_j == k:
                G[:, k] -= s[k] * x_j
            else:
                G[:, k] += (1 - s[k]) * x_j
    return G


def loop_starts_from_ones(W, X, y):
    """Starts the sum from np.ones_like(W) instead of np.zeros_like(W): every entry is 1 too large."""
    G = np.ones_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += ((1 - s[k]) if y[j] == k else -s[k]) * X[j]
    return G


# ====================================================================== grad_log_likelihood (homework 2)


def grad_own_class_only(W, X, y):
    """X^T (Y * (1 - S)): the boolean mask keeps only the own-class terms and drops -sigma_k for the other classes."""
    Y = one_hot(y, W.shape[1])
    S = softmax(X @ W)
    return X.T @ (Y * (1 - S))


def grad_per_class_sum_axis1(W, X, y):
    """Per-class loop with X[y == k].sum(axis=1), a sum over the features, where the sum over the samples is meant."""
    S = softmax(X @ W)
    G = np.zeros_like(W)
    for k in range(W.shape[1]):
        G[:, k] = X[y == k].sum(axis=1) - X.T @ S[:, k]
    return G


def grad_per_class_mean(W, X, y):
    """Per-class loop with X[y == k].mean(axis=0): the own-class term is averaged instead of summed."""
    S = softmax(X @ W)
    G = np.zeros_like(W)
    for k in range(W.shape[1]):
        G[:, k] = X[y == k].mean(axis=0) - X.T @ S[:, k]
    return G


def grad_one_hot_of_D(W, X, y):
    """one_hot(y, X.shape[1]): D columns (the number of features) instead of K = W.shape[1]."""
    R = one_hot(y, X.shape[1]) - softmax(X @ W)
    return np.einsum("nd,nk->dk", X, R)


def grad_subtracts_from_label_columns(W, X, y):
    """S[:, y] -= 1 subtracts 1 from the whole label columns, for every sample, instead of S[np.arange(N), y]."""
    S = softmax(X @ W)
    S[:, y] -= 1.0
    return -X.T @ S


def grad_missing_parentheses(W, X, y):
    """X.T @ Y - S without parentheses: @ binds first, so S is subtracted after the product."""
    Y = one_hot(y, W.shape[1])
    S = softmax(X @ W)
    return X.T @ Y - S


def grad_bool_one_hot_in_place(W, X, y):
    """Builds Y as a boolean mask and subtracts S in place (Y -= S): NumPy cannot cast the floats to bool."""
    Y = y[:, None] == np.arange(W.shape[1])
    Y -= softmax(X @ W)
    return X.T @ Y


def grad_where_one_hot_transposed(W, X, y):
    """np.where(y == np.arange(K)[:, None], 1, 0) builds the one-hot matrix as (K, N) instead of (N, K)."""
    Y = np.where(y == np.arange(W.shape[1])[:, None], 1.0, 0.0)
    return X.T @ (Y - softmax(X @ W))


def grad_broadcast_sum_wrong_axis(W, X, y):
    """(X[:, :, None] * R[:, None, :]).sum(axis=1) sums over the features instead of the samples (axis 0)."""
    R = one_hot(y, W.shape[1]) - softmax(X @ W)
    return (X[:, :, None] * R[:, None, :]).sum(axis=1)


# ====================================================================== grad_log_likelihood_sample (homework 3)


def sample_outer_then_subtract(W, x, y):
    """np.outer(x, e_y) - sigma: the parentheses are misplaced, so sigma is not multiplied by x."""
    e_y = np.eye(W.shape[1])[y]
    return np.outer(x, e_y) - softmax(x @ W)


def sample_assigns_label_entry(W, x, y):
    """r = -sigma; r[y] = 1 (= where += is meant): the label's entry is 1 instead of 1 - sigma_y."""
    r = -softmax(x @ W)
    r[y] = 1.0
    return np.outer(x, r)


def sample_softmax_of_x(W, x, y):
    """softmax(x) instead of softmax(x @ W): forgets the weights when computing the logits."""
    e_y = np.zeros(W.shape[1])
    e_y[y] = 1.0
    return np.outer(x, e_y - softmax(x))


def sample_one_hot_of_int(W, x, y):
    """one_hot(y, K) with the int label y: one_hot expects an array of labels."""
    r = one_hot(y, W.shape[1]) - softmax(x @ W)
    return np.outer(x, r)


def sample_bool_astype(W, x, y):
    """(y == k).astype(float): a Python int label gives a Python bool, which has no astype."""
    s = softmax(x @ W)
    G = np.zeros_like(W)
    for k in range(W.shape[1]):
        G[:, k] = ((y == k).astype(float) - s[k]) * x
    return G


def sample_kron(W, x, y):
    """np.kron(x, e_y - sigma) returns the D * K products as one flat vector, not a (D, K) matrix."""
    return np.kron(x, np.eye(W.shape[1])[y] - softmax(x @ W))


def sample_shift_by_label_logit(W, x, y):
    """Its own softmax shifts the logits by a_y, not by their maximum: exp overflows if another logit is far larger."""
    a = x @ W
    a = a - a[y]
    e = np.exp(a)
    s = e / e.sum()
    r = -s
    r[y] += 1.0
    return np.outer(x, r)


def sample_label_column_only(W, x, y):
    """Fills only column y with (1 - sigma_y) x and leaves the other columns (-sigma_k x) at 0."""
    s = softmax(x @ W)
    G = np.zeros_like(W)
    G[:, y] = (1 - s[y]) * x
    return G


# ====================================================================== numerical_gradient (homework 2)


def ng_copies_once(f, W, h=1e-5):
    """Copies W once before the loop and never resets the copies: earlier entries stay perturbed for later ones."""
    Wp = W.astype(float)
    Wm = W.astype(float)
    g = np.zeros_like(Wp)
    for idx in np.ndindex(W.shape):
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_second_difference(f, W, h=1e-5):
    """(f(W + h) - 2 f(W) + f(W - h)) / h**2, the curvature snippet's second difference, not the first derivative."""
    W = np.array(W, dtype=float)
    f0 = f(W)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - 2 * f0 + f(Wm)) / h ** 2
    return g


def ng_nditer_read_only(f, W, h=1e-5):
    """Perturbs W through np.nditer without op_flags=['readwrite']: the iterator's entries are read-only."""
    W = np.array(W, dtype=float)
    g = np.zeros_like(W)
    it = np.nditer(W, flags=["multi_index"])
    for w in it:
        idx = it.multi_index
        w += h
        fp = f(W)
        w -= 2 * h
        fm = f(W)
        w += h
        g[idx] = (fp - fm) / (2 * h)
    return g


def ng_flat_index_on_matrix(f, W, h=1e-5):
    """Loops i over range(W.size) but perturbs W[i]: on a matrix that is a whole row, and out of range past the rows."""
    g = np.zeros(W.shape)
    for i in range(W.size):
        Wp, Wm = W.copy(), W.copy()
        Wp[i] += h
        Wm[i] -= h
        g.flat[i] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_hardcoded_denominator(f, W, h=1e-5):
    """Steps by h but divides by 2 * 1e-5, hard-coded, instead of 2 * h."""
    W = np.array(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * 1e-5)
    return g


def ng_both_plus(f, W, h=1e-5):
    """Typo `Wm[idx] += h` where -= is meant: both evaluations are at W + h, so every entry is 0."""
    W = np.array(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] += h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_unit_rows_from_lecture(f, W, h=1e-5):
    """Lecture 04's vector snippet W + h * np.eye(len(W))[i] used on a matrix: it does not perturb one entry."""
    unit = np.eye(W.shape[0])
    g = np.zeros(W.shape)
    for i in range(W.shape[0]):
        g[i] = (f(W + h * unit[i]) - f(W - h * unit[i])) / (2 * h)
    return g


def ng_abs_difference(f, W, h=1e-5):
    """abs(f(W + h) - f(W - h)) / 2h, mixed up with the relative error: negative partial derivatives lose their sign."""
    W = np.array(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = abs(f(Wp) - f(Wm)) / (2 * h)
    return g


# ====================================================================== relative_error (homework 2)


def re_zero_below_floor(a, b, floor=1e-8):
    """np.where(den < floor, 0, ...): entries below the floor get error 0 instead of |a - b| / floor."""
    den = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den < floor, 0.0, np.abs(a - b) / den)


def re_floor_as_minimum(a, b, floor=1e-8):
    """np.minimum(max(|a|, |b|), floor): the floor caps the denominator from above instead of bounding it from below."""
    return np.abs(a - b) / np.minimum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_stack_wrong_axis(a, b, floor=1e-8):
    """np.max(np.stack([|a|, |b|]), axis=1) takes the maximum along the wrong axis (axis 0 compares a and b)."""
    den = np.max(np.stack([np.abs(a), np.abs(b)]), axis=1)
    return np.abs(a - b) / np.maximum(den, floor)


def re_float_of_array(a, b, floor=1e-8):
    """Wraps the elementwise result in float(...), which only works for a single number."""
    return float(np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor))


def re_floor_division(a, b, floor=1e-8):
    """Uses // ('floor') where / is meant: the ratio is rounded down to a whole number."""
    return np.abs(a - b) // np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_np_floor(a, b, floor=1e-8):
    """Reads 'floor' as np.floor: rounds the denominator down (to 0 below 1) and never uses the `floor` argument."""
    den = np.floor(np.maximum(np.abs(a), np.abs(b)))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.abs(a - b) / den


def re_floor_on_result(a, b, floor=1e-8):
    """Applies the floor to the result, max(|a - b| / max(|a|, |b|), floor), instead of to the denominator."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.maximum(np.abs(a - b) / np.maximum(np.abs(a), np.abs(b)), floor)


def re_clip_one_bound(a, b, floor=1e-8):
    """np.clip(den, floor) with only the lower bound: np.clip needs both a_min and a_max."""
    den = np.clip(np.maximum(np.abs(a), np.abs(b)), floor)
    return np.abs(a - b) / den


# ====================================================================== train_sgd (homework 3)


def sgd_sliding_window(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """range(len(y)) without the step batch_size: one overlapping batch starts at every position of the permutation."""
    g = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = g.permutation(len(y))
        for start in range(len(y)):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_shuffle_returns_none(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """perm = rng.shuffle(...): shuffle works in place and returns None."""
    g = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = g.shuffle(np.arange(len(y)))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_divides_twice(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Averages the batch gradient, then divides the step by |B| again: the step is lr / |B|^2 times the sum."""
    g = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = g.permutation(X.shape[0])
        for start in range(0, X.shape[0], batch_size):
            b = perm[start:start + batch_size]
            grad = X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
            W = W + lr * grad / len(b)
    return W


def sgd_updates_per_sample(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Inside each batch, steps after every sample with lr / |B|: later samples see an already-updated W."""
    g = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    eye = np.eye(num_classes)
    for _ in range(epochs):
        perm = g.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            for i in b:
                W += lr / len(b) * np.outer(X[i], eye[y[i]] - softmax(X[i] @ W))
    return W


def sgd_round_batch_count(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """round(N / batch_size) batches instead of the ceiling: a remainder below half a batch is never used."""
    g = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    n_batches = round(len(y) / batch_size)
    for _ in range(epochs):
        perm = g.permutation(len(y))
        for i in range(n_batches):
            b = perm[i * batch_size:(i + 1) * batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_labels_sliced_in_order(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Takes the rows X[b] through the permutation but the labels Y[start:start + batch_size] in the original order."""
    g = np.random.default_rng(seed)
    Y = one_hot(y, num_classes)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = g.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            Xb, Yb = X[b], Y[start:start + batch_size]
            W += lr * Xb.T @ (Yb - softmax(Xb @ W)) / len(b)
    return W


def sgd_permutation_of_batch_size(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """rng.permutation(batch_size) instead of rng.permutation(N): batch_size indices only, later batches are empty."""
    g = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = g.permutation(batch_size)
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            with np.errstate(divide="ignore", invalid="ignore"):
                W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_slice_off_by_one(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Cuts perm[start:start + batch_size - 1]: every batch leaves out its last sample."""
    g = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = g.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size - 1]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_epochs_plus_one(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """for epoch in range(epochs + 1): one epoch too many."""
    g = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for epoch in range(epochs + 1):
        perm = g.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_notebook_rng(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Shuffles with the notebook's global `rng`, not np.random.default_rng(seed): ignores seed, not reproducible."""
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_standardizes_inside(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Calls standardize(X) inside the trainer: the features are rescaled and the bias column of ones becomes 0."""
    X = standardize(X)
    g = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = g.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_lecture_grad_log_likelihood(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Lecture 07's loop with course_utils.grad_log_likelihood, not offered in homework 3 (forbidden); values right."""
    g = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = g.permutation(len(y))
        for start in range(0, len(y), batch_size):
            B = order[start:start + batch_size]
            W += lr * course_utils.grad_log_likelihood(W, X[B], y[B]) / len(B)
    return W


# ====================================================================== the attempts and their mistakes

FORBIDDEN = r"forbid|not offer|write yourself"
MUTATES = r"modif|in place|in-place|mutat|unchanged|changed"

ATTEMPTS = [
    # softmax
    ("check_softmax", softmax_shift_by_mean, r"\bmean\b|average|overflow|underflow"),
    ("check_softmax", softmax_neginf_to_zero, (
        r"isinf|np\.where|replac|turn\w* -inf into|treat\w* -inf as|nonzero|non-zero"
        r"|positive probabilit")),
    ("check_softmax", softmax_row_loop, (
        r"each entry|every entry|by itself|all (equal to )?1\b|all ones|loop|len\(a\)"
        r"|scalar|single number")),
    ("check_softmax", softmax_exp_over_exp_max, (
        r"overflow|exp\(a\) ?/ ?exp|exp\(a - m\)|inside the exp|before (taking )?(the )?exp")),
    ("check_softmax", softmax_returns_log, r"\blog\b|log-softmax|log-probabilit|logarithm"),
    ("check_softmax", softmax_prints_result, r"None|print"),
    ("check_softmax", softmax_l2_normalized, r"\bnorm\b|linalg|L2|euclid|squares|sums? to|divid\w* by"),
    ("check_softmax", softmax_shift_numerator_only, r"numerator|denominator|sums? to|overflow"),
    # log_likelihood
    ("check_log_likelihood", ll_global_max, (
        r"global|one (single )?max|whole matrix|each row|every row|per row|row max|row's max|row by row")),
    ("check_log_likelihood", ll_plus_logsumexp, r"sign|\+ ?log|plus|minus|subtract|positive"),
    ("check_log_likelihood", ll_return_inside_loop, (
        r"first sample|only (one|the first) sample|only sample 0|sample 0 only|indent|inside the loop"
        r"|after (one|the first)")),
    ("check_log_likelihood", ll_logsumexp_over_all_entries, (
        r"axis|all (the )?entries|whole matrix|over all|each row|per row")),
    ("check_log_likelihood", ll_mean_of_masked_matrix, (
        r"\bmean\b|average|divided|N \* K|N x K|N·K|factor|scaled")),
    ("check_log_likelihood", ll_log1p, r"log1p|log\(1 ?\+|1 \+ p|plus one|positive"),
    ("check_log_likelihood", ll_predicted_class, (
        r"argmax|predict|true (class|label)|most (likely|probable)|largest (logit|probabilit|score)"
        r"|highest|instead of y|not y_i|ignor\w* (the )?labels")),
    ("check_log_likelihood", ll_np_take_flat, r"np\.take|flat|axis|row 0|first row|sample 0|same sample|one row"),
    ("check_log_likelihood", ll_course_logsumexp, FORBIDDEN),
    # softmax_jacobian
    ("check_softmax_jacobian", jac_batched_matmul_inner, (
        r"dot product|inner product|outer|\(N, ?1, ?1\)|s\[:, ?None")),
    ("check_softmax_jacobian", jac_np_diag_of_batch, r"np\.diag|diagonal matrix|extract"),
    ("check_softmax_jacobian", jac_outer_s_one_minus_s, r"off-diagonal|delta|δ|identity|1 - s|1 - sigma|1 - σ"),
    ("check_softmax_jacobian", jac_eye_len_s, (
        r"len\(s\)|shape\[-1\]|s\.shape|number of classes|np\.eye|identity|N instead of K|K from")),
    ("check_softmax_jacobian", jac_softmax_again, r"softmax\(s\)|again|twice|already|as (if (they|s) were )?logits"),
    ("check_softmax_jacobian", jac_loop_index_typo, (
        r"wrong index|index (typo|slip|mix)|s_i\^?2|s_i s_i|s\[i\] ?\* ?s\[i\]|s\[k\]|sigma_k'|σ_k'"
        r"|same (index|entry)")),
    ("check_softmax_jacobian", jac_int_array, r"\bint\b|integer|int64|dtype|truncat"),
    ("check_softmax_jacobian", jac_via_course_jvp, FORBIDDEN),
    # grad_log_likelihood_loop
    ("check_grad_log_likelihood_loop", loop_sigma_of_label_for_others, (
        r"s\[y|σ_y|sigma_\{?y_?j?\}? (for|in) (every|all|the other)|label's|y_j instead of k"
        r"|instead of sigma_k|instead of σ_k|probability of (the|its) (label|own class)")),
    ("check_grad_log_likelihood_loop", loop_rows_of_G, (
        r"G\[k|row k|rows? (of G )?instead of (the )?columns?|column k|transpos")),
    ("check_grad_log_likelihood_loop", loop_softmax_of_whole_batch, (
        r"X\[j\] ?@ ?W|softmax\(X @ W\)|whole batch|row k of|s\[k\] is a row|S\[j, ?k\]|s\[j\]")),
    ("check_grad_log_likelihood_loop", loop_is_instead_of_equals, (
        r"`is`|\bis k\b|identity|==|never true|never (taken|added|used)|first case|case y_j = k|\+ ?x_j")),
    ("check_grad_log_likelihood_loop", loop_accumulates_into_W, MUTATES + r"|W itself|into W|returns? W"),
    ("check_grad_log_likelihood_loop", loop_range_D, (
        r"X\.shape\[1\]|shape\[0\]|range\(D\)|first D|D samples|number of features|left out|only the first")),
    ("check_grad_log_likelihood_loop", loop_unnormalized_exp, (
        r"normali|denominator|sums? to|divid\w* by (the|their) sum|not (a )?probabilit")),
    ("check_grad_log_likelihood_loop", loop_cases_swapped, r"swap|exchang|interchang|reversed|wrong (way|case)|cases"),
    ("check_grad_log_likelihood_loop", loop_starts_from_ones, (
        r"ones|initiali|start\w* (from|at|with)|zeros|offset|constant")),
    # grad_log_likelihood
    ("check_grad_log_likelihood", grad_own_class_only, (
        r"own class|only the (label|true|own)|other classes|other columns|k != y|k ≠ y|y_j ≠ k|y_j != k"
        r"|every class|Y \* ")),
    ("check_grad_log_likelihood", grad_per_class_sum_axis1, (
        r"sum\(axis=1\)|axis ?= ?1|wrong axis|sum\w* over (the )?(samples|features)|samples? axis"
        r"|X\[y == k\]\.sum")),
    ("check_grad_log_likelihood", grad_per_class_mean, (
        r"\.mean\(|mean of (the )?(samples|rows|x)|average of (the )?(samples|rows|x)|per.class"
        r"|class (mean|average)|N_k|count")),
    ("check_grad_log_likelihood", grad_one_hot_of_D, (
        r"X\.shape\[1\]|W\.shape\[1\]|number of classes|D columns|K columns|one_hot|num_classes")),
    ("check_grad_log_likelihood", grad_subtracts_from_label_columns, (
        r"S\[:, ?y\]|\[:, ?y\]|np\.arange|whole (label )?column|column of every|for every sample")),
    ("check_grad_log_likelihood", grad_missing_parentheses, (
        r"parenthes|precedence|bracket|X\.T @ Y - S|before the subtraction|@ binds|binds tighter")),
    ("check_grad_log_likelihood", grad_bool_one_hot_in_place, r"\bbool|dtype|cast|-=|in.place"),
    ("check_grad_log_likelihood", grad_where_one_hot_transposed, (
        r"\(K, ?N\)|one.hot|np\.where|Y\.T|Y has shape|indicator matrix")),
    ("check_grad_log_likelihood", grad_broadcast_sum_wrong_axis, (
        r"axis ?= ?[01]|wrong axis|sum\w* over the (features|samples)|features instead|over D")),
    # grad_log_likelihood_sample
    ("check_grad_log_likelihood_sample", sample_outer_then_subtract, (
        r"parenthes|precedence|bracket|outer product of x and|x \(e_y - sigma\)|whole difference"
        r"|both terms|times x|multipl\w* by x")),
    ("check_grad_log_likelihood_sample", sample_assigns_label_entry, (
        r"\+=|= instead|1 - sigma_y|1 - σ_y|column y|own class|label'?s? (entry|column)")),
    ("check_grad_log_likelihood_sample", sample_softmax_of_x, (
        r"softmax\(x\)|x @ W|W\^T ?x|W\.T ?@ ?x|without (the )?W|forg\w* (the )?W")),
    ("check_grad_log_likelihood_sample", sample_one_hot_of_int, (
        r"\bint\b|integer|scalar|0-d|ndim|\[y\]|single label|one label|array of labels")),
    ("check_grad_log_likelihood_sample", sample_bool_astype, r"python int|\bint\b|astype|\bbool\b|integer"),
    ("check_grad_log_likelihood_sample", sample_kron, (
        r"kron|flat|one-dimensional|ravel|reshape|D ?\* ?K|D·K|outer")),
    ("check_grad_log_likelihood_sample", sample_shift_by_label_logit, (
        r"overflow|maximum|a_y|label'?s? logit|shift")),
    ("check_grad_log_likelihood_sample", sample_label_column_only, (
        r"own class|only (the )?column|other (columns|classes)|k != y|k ≠ y|column y\b|second case|y ≠ k")),
    # numerical_gradient
    ("check_numerical_gradient", ng_copies_once, (
        r"reset|accumulat|previous (entr|perturb)|earlier (entr|perturb)|copy (once|outside|before)"
        r"|outside the loop|one copy|restor"
        r"|still perturbed|stay perturbed")),
    ("check_numerical_gradient", ng_second_difference, (
        r"second (derivative|difference|order)|curvature|2 ?\* ?f\(W\)|2 f\(W\)|f\(W\) in the numerator")),
    ("check_numerical_gradient", ng_nditer_read_only, r"nditer|read-?only|op_flags|readwrite"),
    ("check_numerical_gradient", ng_flat_index_on_matrix, (
        r"\.flat|flat(tened)? index|unravel|ndindex|multi-?index|whole row|W\.size")),
    ("check_numerical_gradient", ng_hardcoded_denominator, (
        r"denominator|hard-?coded|2e-5|`h`|the h argument|ignor\w* (its )?`?h")),
    ("check_numerical_gradient", ng_both_plus, (
        r"W - h|-= h|both (perturb|step|evaluat|point)|same (point|side|direction)|minus")),
    ("check_numerical_gradient", ng_unit_rows_from_lecture, (
        r"unit|np\.eye|one entry at a time|single entry|not for a 2-D|whole (row|column)")),
    ("check_numerical_gradient", ng_abs_difference, (
        r"\babs|absolute|negative (entries|partial|derivative|values)|never negative"
        r"|all (entries )?(are )?(non-?negative|positive)|los(t|es) the sign")),
    # relative_error
    ("check_relative_error", re_zero_below_floor, (
        r"below the floor|under the floor|smaller than (the )?floor|set to 0|0 instead of|zero instead of"
        r"|np\.where")),
    ("check_relative_error", re_floor_as_minimum, r"np\.minimum|minimum|\bmin\b|upper bound|lower bound|cap"),
    ("check_relative_error", re_stack_wrong_axis, r"axis ?= ?[01]|wrong axis|stack"),
    ("check_relative_error", re_float_of_array, (
        r"float\(|single number|scalar|0-dimensional|only (length|size)-1|one number|array of errors")),
    ("check_relative_error", re_floor_division, (
        r"//|floor division|integer division|round\w* down|whole number|integer")),
    ("check_relative_error", re_np_floor, (
        r"np\.floor|round\w* down|floor function|integer part|`floor` argument|floor argument"
        r"|ignor\w* (its )?`?floor")),
    ("check_relative_error", re_floor_on_result, r"denominator|(on|to) the (result|ratio)|error itself|floor .*result"),
    ("check_relative_error", re_clip_one_bound, r"clip|a_max|a_min|np\.maximum"),
    # train_sgd
    ("check_train_sgd", sgd_sliding_window, (
        r"overlap|sliding|stride|step of|range\(0, ?N, ?batch_size\)|range\(len|batch_size apart"
        r"|every sample once|once per epoch|N batches|one batch per sample|too many (steps|batches)")),
    ("check_train_sgd", sgd_shuffle_returns_none, r"None|shuffle|in place|returns nothing"),
    ("check_train_sgd", sgd_divides_twice, (
        r"twice|\|B\|\^?2|\|B\|²|squared|divid\w* .*again|batch size squared|two divisions")),
    ("check_train_sgd", sgd_updates_per_sample, (
        r"inside the batch|one sample at a time|each sample|per.sample|after every sample|within (the|a) batch"
        r"|sample by sample|current W|W of the start")),
    ("check_train_sgd", sgd_round_batch_count, r"round|ceil|last.*batch|leaves out|left out|remainder|drop"),
    ("check_train_sgd", sgd_labels_sliced_in_order, (
        r"belong|labels? (do not|don't|no longer) match|mismatch\w* labels|Y\[b\]|same (indices|permutation)"
        r"|labels? (are |were )?not (shuffled|permuted)|not shuffled together|original order")),
    ("check_train_sgd", sgd_permutation_of_batch_size, (
        r"permutation\(batch_size\)|batch_size (indices|samples) only|only the first|first batch_size"
        r"|empty (batch|batches)|not all (the )?samples|permutation of (the )?N|permutation of len")),
    ("check_train_sgd", sgd_slice_off_by_one, (
        r"off by one|off-by-one|batch_size - 1|one (sample )?(short|less|fewer)|skip|left out"
        r"|each batch (misses|lacks)")),
    ("check_train_sgd", sgd_epochs_plus_one, (
        r"epochs \+ 1|too many|extra epoch|one more epoch|one epoch too|epochs? instead of")),
    ("check_train_sgd", sgd_notebook_rng, (
        r"reproduc|not deterministic|global|notebook|`seed`|ignor\w* (its )?`?seed|default_rng\(seed\)"
        r"|whatever `seed`")),
    ("check_train_sgd", sgd_standardizes_inside, (
        r"standardi[sz]|preprocess|rescal|changes? X|transform\w* X|bias column (becomes|is) (0|zero)"
        r"|column of ones|scal\w* (the )?(inputs|features)")),
    ("check_train_sgd", sgd_lecture_grad_log_likelihood, FORBIDDEN),
]
