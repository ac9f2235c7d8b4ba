"""Catalogue of student implementations for tests/test_checks.py: typical mistakes and correct variants.

``BUGGY`` lists ``(check name, function, regex)``: the check must raise
``Incorrect`` with a message matching the regex, which pins the SPECIFIC
diagnosis of that mistake.  ``CORRECT`` lists ``(check name, function)``:
every one must pass.  Functions are named after what they do wrong or how
they compute; each is as short as a student's would be.
"""

import numpy as np
import scipy.special as sp

import course_utils as cu

# ====================================================================== softmax


def softmax_no_shift(a, axis=-1):
    """exp(a) / sum: overflows at logits near 1000."""
    e = np.exp(a)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_shift_only_if_positive(a, axis=-1):
    """Shifts by the row max only when it is positive: very negative rows underflow to 0/0."""
    m = np.maximum(a.max(axis=axis, keepdims=True), 0.0)
    e = np.exp(a - m)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_shift_by_min(a, axis=-1):
    """Shifts by the row MINIMUM: a row spread over [-1000, 1000] overflows."""
    e = np.exp(a - a.min(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_global_max(a, axis=-1):
    """Shifts by ONE global max of the whole matrix: rows far below it underflow."""
    e = np.exp(a - np.max(a))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_axis0(a, axis=-1):
    """Normalizes each column (axis 0), whatever `axis` says."""
    e = np.exp(a - a.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_whole_matrix(a, axis=-1):
    """Normalizes over all entries of the matrix."""
    e = np.exp(a - a.max())
    return e / e.sum()


def softmax_ignores_axis(a, axis=-1):
    """Always normalizes the last axis."""
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_no_axis_parameter(a):
    """Has no `axis` parameter at all (wrong signature)."""
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_inplace(a, axis=-1):
    """Right values, but shifts and exponentiates the caller's array in place."""
    a -= a.max(axis=axis, keepdims=True)
    np.exp(a, out=a)
    a /= a.sum(axis=axis, keepdims=True)
    return a


def softmax_float32(a, axis=-1):
    """Computes and returns float32."""
    a = np.asarray(a, dtype=np.float32)
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_float32_inside(a, axis=-1):
    """Computes in float32, returns float64: the precision is lost all the same."""
    return softmax_float32(a, axis).astype(np.float64)


def softmax_transposed(a, axis=-1):
    """Returns the transpose for matrices."""
    return cu.softmax(a, axis=axis).T


def softmax_unnormalized(a, axis=-1):
    """Forgets to divide by the sum."""
    return np.exp(a - a.max(axis=axis, keepdims=True))


def softmax_rows_only(a, axis=-1):
    """Written for matrices only: fails on a 1-D vector."""
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_no_keepdims(a, axis=-1):
    """Sums without keepdims: broadcasting fails on (N, K), divides by the wrong sums on a square matrix."""
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis)


def softmax_square_only_no_keepdims(a, axis=-1):
    """Without keepdims, and reshaped so that only a square matrix shows it (other shapes are right)."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 2 and a.shape[0] == a.shape[1]:
        e = np.exp(a - a.max(axis=-1))
        return e / e.sum(axis=-1)
    return cu.softmax(a, axis=axis)


def softmax_float16(a, axis=-1):
    """Returns half precision."""
    return cu.softmax(a, axis=axis).astype(np.float16)


def softmax_name_typo(a, axis=-1):
    """Uses a name that is never defined."""
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / totl  # noqa: F821 - the mistake under test


# ====================================================================== log_likelihood


def _logits(W, X):
    return X @ W


def ll_negative(W, X, y):
    """Returns the negative log-likelihood."""
    return -cu.log_likelihood(W, X, y)


def ll_mean(W, X, y):
    """Returns the mean log-likelihood."""
    return cu.log_likelihood(W, X, y) / len(y)


def ll_mean_negative(W, X, y):
    """Returns the training loss (mean negative log-likelihood)."""
    return -cu.log_likelihood(W, X, y) / len(y)


def ll_labels_minus_one(W, X, y):
    """Picks class y - 1 (wraps around to K - 1 for y = 0)."""
    return float(np.sum(cu.log_softmax(_logits(W, X))[np.arange(len(y)), y - 1]))


def ll_labels_plus_one(W, X, y):
    """Picks class (y + 1) mod K."""
    K = W.shape[1]
    return float(np.sum(cu.log_softmax(_logits(W, X))[np.arange(len(y)), (y + 1) % K]))


def ll_labels_plus_one_unwrapped(W, X, y):
    """Picks class y + 1: index out of bounds for y = K - 1."""
    return float(np.sum(cu.log_softmax(_logits(W, X))[np.arange(len(y)), y + 1]))


def ll_log_of_stable_softmax(W, X, y):
    """log(softmax): log(0) = -inf when a probability underflows."""
    S = cu.softmax(_logits(W, X))
    return float(np.sum(np.log(S[np.arange(len(y)), y])))


def ll_naive(W, X, y):
    """log of the unshifted softmax: NaN for large logits."""
    E = np.exp(_logits(W, X))
    return float(np.sum(np.log(E[np.arange(len(y)), y] / E.sum(axis=1))))


def ll_log_of_product(W, X, y):
    """log of the likelihood product: the product underflows to 0 for large N."""
    S = cu.softmax(_logits(W, X))
    return float(np.log(np.prod(S[np.arange(len(y)), y])))


def ll_all_classes(W, X, y):
    """Sums the log-probabilities of every class."""
    return float(np.sum(cu.log_softmax(_logits(W, X))))


def ll_per_sample(W, X, y):
    """Forgets to sum over the samples."""
    return cu.log_softmax(_logits(W, X))[np.arange(len(y)), y]


def ll_likelihood(W, X, y):
    """Returns the likelihood, not its log."""
    return cu.likelihood(W, X, y)


def ll_log10(W, X, y):
    """Uses the base-10 logarithm."""
    return cu.log_likelihood(W, X, y) / np.log(10.0)


def ll_mutates_W(W, X, y):
    """Right value (softmax is shift invariant per sample), but shifts W in place."""
    W -= W.max(axis=1, keepdims=True)
    return cu.log_likelihood(W, X, y)


def ll_columns_for_every_row(W, X, y):
    """logS[:, y]: an N x N block instead of one entry per row."""
    return float(cu.log_softmax(X @ W)[:, y].sum())


def ll_float32(W, X, y):
    """Returns a float32 number."""
    return np.float32(cu.log_likelihood(W, X, y))


# ====================================================================== softmax_jacobian


def jac_diag_only(s):
    """sigma (1 - sigma) on the diagonal, zeros elsewhere."""
    K = s.shape[-1]
    return np.eye(K) * (s * (1 - s))[..., None, :]


def jac_vector(s):
    """Returns only the diagonal, as a vector."""
    return s * (1 - s)


def jac_sign(s):
    """sigma sigma^T - diag(sigma)."""
    return s[..., :, None] * s[..., None, :] - np.eye(s.shape[-1]) * s[..., None, :]


def jac_missing_diagonal(s):
    """Only the -sigma_i sigma_k term."""
    return -s[..., :, None] * s[..., None, :]


def jac_no_batch(s):
    """Written for one vector: np.diag / np.outer break on a batch."""
    return np.diag(s) - np.outer(s, s)


def jac_diagflat_no_batch(s):
    """diagflat / outer flatten a batch into one big matrix."""
    return np.diagflat(s) - np.outer(s, s)


def jac_batch_axes_swapped(s):
    """Batched, but indexed [i, sample, k]."""
    J = cu.softmax_jacobian(s)
    return J if s.ndim == 1 else J.transpose(1, 0, 2)


def jac_dot_not_outer(s):
    """s @ s.T on a 1-D vector: a dot product, subtracted from every entry."""
    s = np.asarray(s)
    if s.ndim == 1:
        return np.diag(s) - s @ s.T
    return cu.softmax_jacobian(s)


def jac_plus_outer(s):
    """diag(s) + s s^T: the product term with the wrong sign."""
    return s[..., :, None] * np.eye(s.shape[-1]) + s[..., :, None] * s[..., None, :]


def jac_summed_over_batch(s):
    """Adds the Jacobians of the batch together."""
    J = cu.softmax_jacobian(s)
    return J if s.ndim == 1 else J.sum(axis=0)


# ====================================================================== the batch gradients


def _S_Y(W, X, y):
    return cu.softmax(X @ W), cu.one_hot(y, W.shape[1])


def grad_sign(W, X, y):
    """X^T (S - Y): the descent direction."""
    S, Y = _S_Y(W, X, y)
    return X.T @ (S - Y)


def grad_mean(W, X, y):
    """Divides by N."""
    S, Y = _S_Y(W, X, y)
    return X.T @ (Y - S) / X.shape[0]


def grad_mean_negative(W, X, y):
    """The gradient of the training loss (mean NLL)."""
    S, Y = _S_Y(W, X, y)
    return X.T @ (S - Y) / X.shape[0]


def grad_times_N(W, X, y):
    """An extra factor N."""
    S, Y = _S_Y(W, X, y)
    return X.T @ (Y - S) * X.shape[0]


def grad_transposed(W, X, y):
    """(Y - S)^T X, shape (K, D)."""
    S, Y = _S_Y(W, X, y)
    return (Y - S).T @ X


def grad_transposed_when_square(W, X, y):
    """Transposes only where the shape cannot show it (D = K): the value check must."""
    S, Y = _S_Y(W, X, y)
    G = X.T @ (Y - S)
    return G.T if G.shape[0] == G.shape[1] else G


def grad_labels_plus_one(W, X, y):
    """One-hot of (y + 1) mod K."""
    S = cu.softmax(X @ W)
    return X.T @ (cu.one_hot((y + 1) % W.shape[1], W.shape[1]) - S)


def grad_no_shift(W, X, y):
    """Unshifted softmax: NaN for large logits."""
    E = np.exp(X @ W)
    return X.T @ (cu.one_hot(y, W.shape[1]) - E / E.sum(axis=1, keepdims=True))


def grad_missing_softmax(W, X, y):
    """Only X^T Y."""
    return X.T @ cu.one_hot(y, W.shape[1])


def grad_softmax_axis0(W, X, y):
    """Softmax over the samples."""
    return X.T @ (cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W, axis=0))


def grad_mutates_W(W, X, y):
    """Right values, but shifts W in place."""
    W -= W.max(axis=1, keepdims=True)
    return cu.grad_log_likelihood(W, X, y)


def grad_float32(W, X, y):
    """Returns float32."""
    return cu.grad_log_likelihood(W, X, y).astype(np.float32)


def grad_loop_class_off_by_one(W, X, y):
    """The notes' case formula with the class compared to k + 1."""
    G = np.zeros_like(W)
    for x_j, y_j in zip(X, y):
        s = cu.softmax(x_j @ W)
        for k in range(W.shape[1]):
            G[:, k] += ((1 - s[k]) if y_j == k + 1 else -s[k]) * x_j
    return G


def grad_loop_skips_class_0(W, X, y):
    """The loop over classes starts at 1."""
    G = np.zeros_like(W)
    for x_j, y_j in zip(X, y):
        s = cu.softmax(x_j @ W)
        for k in range(1, W.shape[1]):
            G[:, k] += ((1 - s[k]) if y_j == k else -s[k]) * x_j
    return G


def grad_loop_over_samples(W, X, y):
    """Right values with a Python loop over the samples (a typical student loop)."""
    G = np.zeros_like(W)
    for i in range(X.shape[0]):
        s = cu.softmax(X[i] @ W)
        s[y[i]] -= 1.0
        G -= np.outer(X[i], s)
    return G


def grad_loop_vectorized_softmax(W, X, y):
    """Softmax vectorized, but the accumulation still loops over the samples."""
    S, Y = _S_Y(W, X, y)
    R = Y - S
    G = np.zeros_like(W)
    for i in range(X.shape[0]):
        G += np.outer(X[i], R[i])
    return G


# ====================================================================== the per-sample gradient


def _r(W, x, y):
    r = -cu.softmax(x @ W)
    r[y] += 1.0
    return r


def sample_sign(W, x, y):
    """x (sigma - e_y)^T."""
    return -np.outer(x, _r(W, x, y))


def sample_transposed(W, x, y):
    """(e_y - sigma) x^T, shape (K, D)."""
    return np.outer(_r(W, x, y), x)


def sample_transposed_when_square(W, x, y):
    """Transposes only where the shape cannot show it (D = K)."""
    G = np.outer(x, _r(W, x, y))
    return G.T if G.shape[0] == G.shape[1] else G


def sample_label_plus_one(W, x, y):
    """Uses class (y + 1) mod K."""
    return np.outer(x, _r(W, x, (y + 1) % W.shape[1]))


def sample_no_shift(W, x, y):
    """Unshifted softmax."""
    e = np.exp(x @ W)
    r = -e / e.sum()
    r[y] += 1.0
    return np.outer(x, r)


def sample_missing_softmax(W, x, y):
    """Only x e_y^T."""
    return np.outer(x, np.eye(W.shape[1])[y])


def sample_mutates_W(W, x, y):
    """Right values, but shifts W in place."""
    W -= W.max(axis=1, keepdims=True)
    return cu.grad_log_likelihood_sample(W, x, y)


def sample_float32(W, x, y):
    """Returns float32."""
    return cu.grad_log_likelihood_sample(W, x, y).astype(np.float32)


def sample_transpose_product(W, x, y):
    """x.T @ (e_y - sigma): a dot product of 1-D arrays where the outer product is meant."""
    return x.T @ (np.eye(W.shape[1])[y] - cu.softmax(x @ W))


# ====================================================================== numerical_gradient


def ng_forward(f, W, h=1e-5):
    """Forward differences (f(W + h) - f(W)) / h."""
    W = np.array(W, dtype=float)
    g, f0 = np.zeros_like(W), f(W)
    for idx in np.ndindex(W.shape):
        Wp = W.copy()
        Wp[idx] += h
        g[idx] = (f(Wp) - f0) / h
    return g


def ng_backward(f, W, h=1e-5):
    """Backward differences (f(W) - f(W - h)) / h."""
    W = np.array(W, dtype=float)
    g, f0 = np.zeros_like(W), f(W)
    for idx in np.ndindex(W.shape):
        Wm = W.copy()
        Wm[idx] -= h
        g[idx] = (f0 - f(Wm)) / h
    return g


def _central(f, W, h):
    W = np.array(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_ignores_h(f, W, h=1e-5):
    """Always uses a step of 1e-5."""
    return _central(f, W, 1e-5)


def ng_sign(f, W, h=1e-5):
    """(f(W - h) - f(W + h)) / 2h."""
    return -_central(f, W, h)


def ng_divides_by_h(f, W, h=1e-5):
    """Central difference divided by h instead of 2h."""
    return 2 * _central(f, W, h)


def ng_precedence(f, W, h=1e-5):
    """(f(W + h) - f(W - h)) / 2 * h: divides by 2, then multiplies by h."""
    return _central(f, W, h) * 2 * h / 2 * h


def ng_leaves_W_changed(f, W, h=1e-5):
    """Perturbs W in place and never restores it."""
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        W[idx] += h
        fp = f(W)
        W[idx] -= 2 * h
        g[idx] = (fp - f(W)) / (2 * h)
    return g


def ng_float32_result(f, W, h=1e-5):
    """Returns float32."""
    return _central(f, W, h).astype(np.float32)


def ng_float32_W(f, W, h=1e-5):
    """Works on a float32 copy of W (the step h drowns in rounding)."""
    W = np.array(W, dtype=np.float32)
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_flattened(f, W, h=1e-5):
    """Returns the gradient flattened."""
    return _central(f, W, h).ravel()


def ng_only_1d(f, W, h=1e-5):
    """W[i] += h perturbs a whole row of a matrix."""
    g = np.zeros_like(W)
    for i in range(len(W)):
        Wp, Wm = W.copy(), W.copy()
        Wp[i] += h
        Wm[i] -= h
        g[i] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_only_2d(f, W, h=1e-5):
    """Two nested loops over rows and columns: fails on a vector."""
    g = np.zeros_like(W)
    for i in range(W.shape[0]):
        for j in range(W.shape[1]):
            Wp, Wm = W.copy(), W.copy()
            Wp[i, j] += h
            Wm[i, j] -= h
            g[i, j] = (f(Wp) - f(Wm)) / (2 * h)
    return g


# numerical_gradient, diagnosed from the log of f's calls (issue 16): the points, then the formula


def ng_moves_back_before_second_call(f, W, h=1e-5):
    """One fresh copy per entry, moved by +h and then back by -h: the second point is W itself."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wc = W.copy()
        Wc[idx] += h
        fp = f(Wc)
        Wc[idx] -= h
        g[idx] = (fp - f(Wc)) / (2 * h)
    return g


def ng_half_steps(f, W, h=1e-5):
    """Moves each entry by h / 2 each way, dividing by 2h."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h / 2
        Wm[idx] -= h / 2
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_slice_is_a_view(f, W, h=1e-5):
    """W[:] taken for a copy: it is a view, so the second move lands back on W."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp = W[:]
        Wp[idx] += h
        fp = f(Wp)
        Wm = W[:]
        Wm[idx] -= h
        g[idx] = (fp - f(Wm)) / (2 * h)
    return g


def ng_in_place_reset_at_end(f, W, h=1e-5):
    """Moves W itself by +h and -2h, never back within the loop; W is reset only after it."""
    saved, g = W.copy(), np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        W[idx] += h
        fp = f(W)
        W[idx] -= 2 * h
        g[idx] = (fp - f(W)) / (2 * h)
    W[...] = saved
    return g


def ng_difference_not_divided(f, W, h=1e-5):
    """f(W + h) - f(W - h), never divided."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = f(Wp) - f(Wm)
    return g


def ng_squared_step_denominator(f, W, h=1e-5):
    """Divides by 2 h**2."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h ** 2)
    return g


def ng_stores_one_before(f, W, h=1e-5):
    """Flat index i moved, derivative stored at flat index i - 1."""
    g = np.zeros(W.shape)
    for i in range(W.size):
        Wp, Wm = W.copy().ravel(), W.copy().ravel()
        Wp[i] += h
        Wm[i] -= h
        g.flat[i - 1] = (f(Wp.reshape(W.shape)) - f(Wm.reshape(W.shape))) / (2 * h)
    return g


def ng_both_moves_down(f, W, h=1e-5):
    """Both copies moved by -h."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] -= h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_puts_back_before_calling(f, W, h=1e-5):
    """Moves the entry of a copy and puts it back before each call of f."""
    g, Wc = np.zeros(W.shape), W.copy()
    for idx in np.ndindex(W.shape):
        old = Wc[idx]
        Wc[idx] = old + h
        Wc[idx] = old
        fp = f(Wc)
        Wc[idx] = old - h
        Wc[idx] = old
        g[idx] = (fp - f(Wc)) / (2 * h)
    return g


def ng_identity_matrix_step(f, W, h=1e-5):
    """h * np.eye(*W.shape) for every entry: the whole diagonal moves."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        E = h * np.eye(*W.shape) if W.ndim == 2 else h * np.eye(W.size)[idx[0]]
        g[idx] = (f(W + E) - f(W - E)) / (2 * h)
    return g


def ng_minus_value_updated_late(f, W, h=1e-5):
    """fm starts as f(W) and is updated only after it is used: each entry uses the previous entry's W - h."""
    g, fm = np.zeros(W.shape), f(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - fm) / (2 * h)
        fm = f(Wm)
    return g


def ng_adds_f_of_W(f, W, h=1e-5):
    """Adds f(W) to every central difference."""
    g, f0 = np.zeros(W.shape), f(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h) + f0
    return g


def ng_skips_last_entry(f, W, h=1e-5):
    """range(W.size - 1): the last entry is never moved."""
    g = np.zeros(W.shape)
    for i in range(W.size - 1):
        Wp, Wm = W.copy().ravel(), W.copy().ravel()
        Wp[i] += h
        Wm[i] -= h
        g.flat[i] = (f(Wp.reshape(W.shape)) - f(Wm.reshape(W.shape))) / (2 * h)
    return g


def ng_step_at_least_h(f, W, h=1e-5):
    """A step h * max(1, |w|): h for small entries, more for large ones."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        s = h * max(1.0, abs(W[idx]))
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += s
        Wm[idx] -= s
        g[idx] = (f(Wp) - f(Wm)) / (2 * s)
    return g


def ng_flat_loop_to_len(f, W, h=1e-5):
    """range(len(W)) over flat indices: only the first len(W) entries of a matrix."""
    g = np.zeros(W.shape)
    for i in range(len(W)):
        Wp, Wm = W.copy(), W.copy()
        Wp.flat[i] += h
        Wm.flat[i] -= h
        g.flat[i] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_first_index_only(f, W, h=1e-5):
    """Wp[idx[0]] moves the whole row idx[0] of a matrix."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx[0]] += h
        Wm[idx[0]] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def _notebook_f(W):
    """A scalar function of the notebook (not the f the check passes)."""
    return float(np.sum(np.asarray(W) ** 2))


def ng_uses_notebook_function(f, W, h=1e-5):
    """Differentiates a function of the notebook instead of its argument f."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (_notebook_f(Wp) - _notebook_f(Wm)) / (2 * h)
    return g


def ng_column_per_flat_index(f, W, h=1e-5):
    """Wp[:, j] for j in range(W.size): whole columns, then past the last one."""
    g = np.zeros(W.shape)
    for j in range(W.size):
        Wp, Wm = W.copy(), W.copy()
        Wp[..., j] += h
        Wm[..., j] -= h
        g.flat[j] = (f(Wp) - f(Wm)) / (2 * h)
    return g


# ====================================================================== relative_error


def re_divides_by_a(a, b, floor=1e-8):
    """Divides by |a| only: not symmetric."""
    return np.abs(a - b) / np.maximum(np.abs(a), floor)


def re_divides_by_sum(a, b, floor=1e-8):
    """Divides by |a| + |b|."""
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)


def re_signed(a, b, floor=1e-8):
    """Forgets the absolute value of the difference."""
    return (a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_no_floor(a, b, floor=1e-8):
    """No floor: 0 / 0 where both are 0."""
    return np.abs(a - b) / np.maximum(np.abs(a), np.abs(b))


def re_returns_max(a, b, floor=1e-8):
    """Returns the largest error only."""
    return float(np.max(cu.relative_error(a, b, floor)))


def re_ignores_floor(a, b, floor=1e-8):
    """Always uses the floor 1e-8."""
    return cu.relative_error(a, b)


def re_mutates_a(a, b, floor=1e-8):
    """Takes |a| in place."""
    d = np.abs(a - b)
    np.abs(a, out=a)
    return d / np.maximum(np.maximum(a, np.abs(b)), floor)


def re_additive_floor(a, b, floor=1e-8):
    """|a - b| / (max(|a|, |b|) + floor): the floor added, not a lower bound."""
    return np.abs(a - b) / (np.maximum(np.abs(a), np.abs(b)) + floor)


def re_global_max(a, b, floor=1e-8):
    """np.max of a list: one number for the whole array."""
    return np.abs(a - b) / np.max([np.abs(a), np.abs(b), np.full(np.shape(a), floor)])


def re_max_of_two_arrays(a, b, floor=1e-8):
    """np.max(x, y) where np.maximum(x, y) is meant."""
    return np.abs(a - b) / np.max(np.abs(a), np.abs(b))


def re_float32(a, b, floor=1e-8):
    """Returns float32."""
    return cu.relative_error(a, b, floor).astype(np.float32)


# relative_error, diagnosed from the formula its result follows (issue 16)


def _den(a, b, floor):
    return np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_as_percentage(a, b, floor=1e-8):
    """100 * the relative error."""
    return 100 * np.abs(a - b) / _den(a, b, floor)


def re_inverted(a, b, floor=1e-8):
    """max(|a|, |b|, floor) / |a - b|."""
    return _den(a, b, floor) / np.abs(a - b)


def re_geometric_mean(a, b, floor=1e-8):
    """Divides by sqrt(|a b|)."""
    return np.abs(a - b) / np.maximum(np.sqrt(np.abs(a * b)), floor)


def re_default_floor_too_large(a, b, floor=1e-6):
    """The default floor is 1e-6."""
    return np.abs(a - b) / _den(a, b, floor)


def re_stacked_on_last_axis(a, b, floor=1e-8):
    """np.stack(..., axis=-1), then the maximum along axis 0."""
    big = np.max(np.stack([np.abs(a), np.abs(b)], axis=-1), axis=0)
    return np.abs(a - b) / np.maximum(big, floor)


def re_three_rows_axis1(a, b, floor=1e-8):
    """np.array of |a|, |b| and the floor, its maximum along axis 1."""
    return np.abs(a - b) / np.array([np.abs(a), np.abs(b), np.full(np.shape(a), floor)]).max(axis=1)


def re_clipped_at_one(a, b, floor=1e-8):
    """np.clip(den, floor, 1.0): the denominator capped at 1."""
    return np.abs(a - b) / np.clip(np.maximum(np.abs(a), np.abs(b)), floor, 1.0)


def re_column_maximum(a, b, floor=1e-8):
    """The largest magnitude of each column, for the whole column."""
    return np.abs(a - b) / np.maximum(np.max(np.maximum(np.abs(a), np.abs(b)), axis=0), floor)


def re_rounded_to_4(a, b, floor=1e-8):
    """np.round(..., 4)."""
    return np.round(np.abs(a - b) / _den(a, b, floor), 4)


def re_divided_by_difference(a, b, floor=1e-8):
    """max(|a - b|, floor) in the denominator."""
    return np.abs(a - b) / np.maximum(np.abs(a - b), floor)


def re_half_of_sum(a, b, floor=1e-8):
    """Divides by |a + b| / 2."""
    return np.abs(a - b) / np.maximum(np.abs(a + b) / 2, floor)


def re_clip_floor_as_upper(a, b, floor=1e-8):
    """np.clip(den, None, floor): the floor as the upper bound."""
    return np.abs(a - b) / np.clip(np.maximum(np.abs(a), np.abs(b)), None, floor)


def re_int_per_entry(a, b, floor=1e-8):
    """int(...) of each entry's error, in a loop over np.ndindex."""
    out = np.zeros(np.shape(a))
    for idx in np.ndindex(out.shape):
        out[idx] = int(abs(a[idx] - b[idx]) / max(abs(a[idx]), abs(b[idx]), floor))
    return out


def re_floor_of_each_magnitude(a, b, floor=1e-8):
    """np.floor of |a| and |b| for 'the floor'."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.abs(a - b) / np.maximum(np.floor(np.abs(a)), np.floor(np.abs(b)))


# ====================================================================== train_sgd


def _sgd(X, y, num_classes, lr, epochs, batch_size, seed, sign=1.0, rng=None, naive=False,
         first_batch_only=False, transpose=False, extra=False, mean=True):
    """A configurable student training loop (ascent on the batch-mean log-likelihood)."""
    rng = np.random.default_rng(seed) if rng is None else rng
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(X.shape[0])
        for start in range(0, X.shape[0], batch_size):
            b = order[start:start + batch_size]
            A = X[b] @ W
            if naive:
                E = np.exp(A)
                S = E / E.sum(axis=1, keepdims=True)
            else:
                S = cu.softmax(A)
            W += sign * lr * X[b].T @ (cu.one_hot(y[b], num_classes) - S) / (len(b) if mean else 1)
            if first_batch_only:
                break
    if transpose:
        return W.T
    return (W, "history") if extra else W


def sgd_sign(X, y, num_classes, lr, epochs, batch_size, seed):
    """Descends the log-likelihood."""
    return _sgd(X, y, num_classes, lr, epochs, batch_size, seed, sign=-1.0)


def sgd_diverges(X, y, num_classes, lr, epochs, batch_size, seed):
    """Wrong sign, batch sums and an unshifted softmax: the weights blow up to NaN."""
    return _sgd(X, y, num_classes, lr, epochs, batch_size, seed, sign=-1.0, naive=True, mean=False)


def sgd_first_batch_only(X, y, num_classes, lr, epochs, batch_size, seed):
    """Leaves each epoch after its first batch: far too few steps."""
    return _sgd(X, y, num_classes, lr, epochs, batch_size, seed, first_batch_only=True)


def sgd_global_random_state(X, y, num_classes, lr, epochs, batch_size, seed):
    """Shuffles with the global np.random state: not reproducible."""
    return _sgd(X, y, num_classes, lr, epochs, batch_size, seed, rng=np.random)


def sgd_ignores_seed(X, y, num_classes, lr, epochs, batch_size, seed):
    """Always uses seed 0."""
    return _sgd(X, y, num_classes, lr, epochs, batch_size, 0)


def sgd_returns_tuple(X, y, num_classes, lr, epochs, batch_size, seed):
    """Returns (W, history) like course_utils.sgd."""
    return _sgd(X, y, num_classes, lr, epochs, batch_size, seed, extra=True)


def sgd_transposed(X, y, num_classes, lr, epochs, batch_size, seed):
    """Returns W^T."""
    return _sgd(X, y, num_classes, lr, epochs, batch_size, seed, transpose=True)


def sgd_never_updates(X, y, num_classes, lr, epochs, batch_size, seed):
    """Returns the initial zeros."""
    return np.zeros((X.shape[1], num_classes))


def sgd_mutates_X(X, y, num_classes, lr, epochs, batch_size, seed):
    """Rescales X in place before training."""
    X *= 0.5
    return _sgd(X, y, num_classes, 2 * lr, epochs, batch_size, seed)


def sgd_ignores_lr(X, y, num_classes, lr, epochs, batch_size, seed):
    """A hard-coded learning rate of 0.1."""
    return _sgd(X, y, num_classes, 0.1, epochs, batch_size, seed)


def sgd_ignores_batch_size(X, y, num_classes, lr, epochs, batch_size, seed):
    """One sample at a time, whatever batch_size says."""
    return _sgd(X, y, num_classes, lr, epochs, 1, seed)


def sgd_rng_per_epoch(X, y, num_classes, lr, epochs, batch_size, seed):
    """Re-creates the generator inside the epoch loop: the same order every epoch."""
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = np.random.default_rng(seed).permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_global_seeded(X, y, num_classes, lr, epochs, batch_size, seed):
    """np.random.seed(seed) and np.random.permutation instead of a generator of its own."""
    np.random.seed(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = np.random.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_with_replacement(X, y, num_classes, lr, epochs, batch_size, seed):
    """Each batch is batch_size random indices drawn with replacement."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        for start in range(0, len(y), batch_size):
            b = rng.integers(0, len(y), size=min(batch_size, len(y) - start))
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_shuffles_X_and_y_apart(X, y, num_classes, lr, epochs, batch_size, seed):
    """rng.shuffle(X) then rng.shuffle(y): the labels no longer match their samples."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    X, y = X.copy(), y.copy()
    for _ in range(epochs):
        rng.shuffle(X)
        rng.shuffle(y)
        for start in range(0, len(y), batch_size):
            Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
            W += lr * Xb.T @ (cu.one_hot(yb, num_classes) - cu.softmax(Xb @ W)) / len(yb)
    return W


def sgd_array_split(X, y, num_classes, lr, epochs, batch_size, seed):
    """np.array_split into ceil(N / batch_size) batches of nearly equal size."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        for b in np.array_split(rng.permutation(len(y)), -(-len(y) // batch_size)):
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_ignores_epochs(X, y, num_classes, lr, epochs, batch_size, seed):
    """Always one epoch."""
    return _sgd(X, y, num_classes, lr, 1, batch_size, seed)


def sgd_nan(X, y, num_classes, lr, epochs, batch_size, seed):
    """Divides the step by a zero count: the weights are NaN."""
    with np.errstate(all="ignore"):
        return _sgd(X, y, num_classes, lr, epochs, batch_size, seed) / 0.0 * 0.0


def sgd_random_init(X, y, num_classes, lr, epochs, batch_size, seed):
    """Starts from small random weights."""
    W0 = 0.01 * np.random.default_rng(seed).standard_normal((X.shape[1], num_classes))
    return W0 + _sgd(X, y, num_classes, lr, epochs, batch_size, seed)


def sgd_with_loss_and_grad(X, y, num_classes, lr, epochs, batch_size, seed):
    """Descent with course_utils.loss_and_grad, dropping the last partial batch (a mistake)."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    n_full = X.shape[0] // batch_size * batch_size
    for _ in range(epochs):
        order = rng.permutation(X.shape[0])[:n_full]
        for b in order.reshape(-1, batch_size):
            W -= lr * cu.loss_and_grad(W, X[b], y[b])[1]
    return W


def sgd_sum_gradient(X, y, num_classes, lr, epochs, batch_size, seed):
    """Steps along the batch SUM gradient grad_log_likelihood (a mistake: the step must use the mean)."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for i in range(0, len(y), batch_size):
            W += lr * cu.grad_log_likelihood(W, X[perm[i:i + batch_size]], y[perm[i:i + batch_size]])
    return W


# The slips below are found by watching the steps (which rows each step multiplies with W) or by the shape of
# one full-batch step; they differ from the attempts of bench/diagnoses.


def sgd_half_overlap(X, y, num_classes, lr, epochs, batch_size, seed):
    """Batch starts half a batch apart (range(0, N, batch_size // 2)): consecutive batches overlap."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), max(1, batch_size // 2)):
            b = order[start:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_sample_steps_with_loss(X, y, num_classes, lr, epochs, batch_size, seed):
    """Tracks the loss on all of X each epoch, and steps after each sample of a batch (W.T @ x)."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    losses = []
    for _ in range(epochs):
        losses.append(-np.mean(np.log(cu.softmax(X @ W)[np.arange(len(y)), y])))
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            for j in b:
                p = cu.softmax(W.T @ X[j])
                W = W + lr * np.outer(X[j], np.eye(num_classes)[y[j]] - p) / len(b)
    return W


def sgd_skips_slice_start(X, y, num_classes, lr, epochs, batch_size, seed):
    """order[start + 1:start + batch_size]: each batch leaves out the first sample of its slice."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start + 1:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_while_epochs(X, y, num_classes, lr, epochs, batch_size, seed):
    """while epoch <= epochs: one epoch too many."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    epoch = 0
    while epoch <= epochs:
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
        epoch += 1
    return W


def sgd_mean_of_outer_products(X, y, num_classes, lr, epochs, batch_size, seed):
    """np.mean of the per-sample outer products, then lr / len(b) once more: the batch size divides twice."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            R = cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)
            W = W + (lr / len(b)) * np.mean(X[b][:, :, None] * R[:, None, :], axis=0)
    return W


def sgd_centres_X(X, y, num_classes, lr, epochs, batch_size, seed):
    """Subtracts the column means of X inside the trainer: the bias column of ones becomes zeros."""
    X = X - X.mean(axis=0)
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            Xb, Yb = X[order[start:start + batch_size]], cu.one_hot(y[order[start:start + batch_size]], num_classes)
            W += lr * Xb.T @ (Yb - cu.softmax(Xb @ W)) / len(Xb)
    return W


def sgd_range_past_end(X, y, num_classes, lr, epochs, batch_size, seed):
    """range(0, N + batch_size, batch_size): the last batch start is past the end, an empty batch."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y) + batch_size, batch_size):
            b = order[start:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_range_to_N_inclusive(X, y, num_classes, lr, epochs, batch_size, seed):
    """range(0, N + 1, batch_size) with a one-hot and softmax of its own: when batch_size divides N the last
    batch is empty, and 0 / 0 makes the weights NaN."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y) + 1, batch_size):
            b = order[start:start + batch_size]
            A = X[b] @ W
            E = np.exp(A - A.max(axis=1, keepdims=True))
            with np.errstate(invalid="ignore", divide="ignore"):
                W += lr * X[b].T @ (np.eye(num_classes)[y[b]] - E / E.sum(axis=1, keepdims=True)) / len(b)
    return W


def sgd_step_decay(X, y, num_classes, lr, epochs, batch_size, seed):
    """A learning rate lr / (1 + t) that decays with every step t."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    t = 0
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W += lr / (1 + t) * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
            t += 1
    return W


def sgd_batches_backwards(X, y, num_classes, lr, epochs, batch_size, seed):
    """Loops over the batch starts backwards, reversed(range(0, N, batch_size)): the last batch first."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in reversed(range(0, len(y), batch_size)):
            b = order[start:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_epochs_per_batch(X, y, num_classes, lr, epochs, batch_size, seed):
    """The epoch loop inside the batch loop: each batch of ONE permutation is stepped on `epochs` times."""
    order = np.random.default_rng(seed).permutation(len(y))
    W = np.zeros((X.shape[1], num_classes))
    for b in [order[s:s + batch_size] for s in range(0, len(y), batch_size)]:
        for _ in range(epochs):
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_indices_from_one(X, y, num_classes, lr, epochs, batch_size, seed):
    """Shuffles np.arange(1, N): sample 0 is never used."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        idx = np.arange(1, len(y))
        rng.shuffle(idx)
        for start in range(0, len(idx), batch_size):
            b = idx[start:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_sorts_random_keys(X, y, num_classes, lr, epochs, batch_size, seed):
    """Shuffles by sorting random keys, np.argsort(rng.standard_normal(N)): another order than rng.permutation(N)."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = np.argsort(rng.standard_normal(len(y)))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_two_steps_per_batch(X, y, num_classes, lr, epochs, batch_size, seed):
    """Steps twice on every batch (a loop `for _ in range(2)` left around the step): with one batch of every
    sample that gives the weights of two epochs, which it is not."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            for _ in range(2):
                W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_accumulates_per_sample(X, y, num_classes, lr, epochs, batch_size, seed):
    """Correct: a loop over the samples of a batch adds up their outer products at one W, then one step."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            G = np.zeros_like(W)
            for j in b:
                G += np.outer(X[j], cu.one_hot(y[j:j + 1], num_classes)[0] - cu.softmax(X[j] @ W))
            W += lr * G / len(b)
    return W


def sgd_take_and_dot(X, y, num_classes, lr, epochs, batch_size, seed):
    """Correct: X.take(b, axis=0), np.dot, and an accuracy on all of X after every epoch."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    accuracy = []
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            Xb = X.take(b, axis=0)
            W = W + lr * np.dot(Xb.T, cu.one_hot(y[b], num_classes) - cu.softmax(np.dot(Xb, W))) / len(b)
        accuracy.append(np.mean(np.argmax(X @ W, axis=1) == y))
    return W


# Steps that do not reach W, orders made wrongly from the permutation, and steps that use something else than
# Y - S: read off the weights (in the grader's sandbox too), sharpened by watching the steps.


def _sgd_grad(Xb, yb, W, K):
    return Xb.T @ (cu.one_hot(yb, K) - cu.softmax(Xb @ W)) / len(yb)


def sgd_plus_equals_typo(X, y, num_classes, lr, epochs, batch_size, seed):
    """`W =+ lr * ...` (Python reads `W = +(lr * ...)`): each step replaces W."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W =+ lr * _sgd_grad(X[b], y[b], W, num_classes)  # noqa: E225 - the slip under test
    return W


def sgd_step_from_initial_W(X, y, num_classes, lr, epochs, batch_size, seed):
    """W = W0 + step, with W0 the initial zeros: each step replaces W (the step itself taken at the current W)."""
    rng = np.random.default_rng(seed)
    W0 = np.zeros((X.shape[1], num_classes))
    W = W0.copy()
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W = W0 + lr * _sgd_grad(X[b], y[b], W, num_classes)
    return W


def sgd_step_after_batch_loop(X, y, num_classes, lr, epochs, batch_size, seed):
    """The step is dedented out of the loop over the batches: one step per epoch, on the last batch."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
        W += lr * _sgd_grad(X[b], y[b], W, num_classes)
    return W


def sgd_step_into_new_name(X, y, num_classes, lr, epochs, batch_size, seed):
    """W_new = W + step inside the loop, W itself never updated, W_new returned."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    W_new = W
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W_new = W + lr * _sgd_grad(X[b], y[b], W, num_classes)
    return W_new


def sgd_scatter_through_permutation(X, y, num_classes, lr, epochs, batch_size, seed):
    """Xs[order] = X (the samples put at the positions order): the inverse permutation's order."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        Xs, ys = np.empty_like(X), np.empty_like(y)
        Xs[order], ys[order] = X, y
        for start in range(0, len(y), batch_size):
            W += lr * _sgd_grad(Xs[start:start + batch_size], ys[start:start + batch_size], W, num_classes)
    return W


def sgd_reshuffles_reassigned_X(X, y, num_classes, lr, epochs, batch_size, seed):
    """X, y = X[order], y[order], then batches X[order[start:...]]: the permutation applied twice."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        X, y = X[order], y[order]
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W += lr * _sgd_grad(X[b], y[b], W, num_classes)
    return W


def sgd_unused_first_permutation(X, y, num_classes, lr, epochs, batch_size, seed):
    """Draws a permutation before the epoch loop (to look at it) and never uses it: epoch 1 uses the second."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    first_look = rng.permutation(len(y))[:5]  # noqa: F841 - looked at while writing the loop, never used
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W += lr * _sgd_grad(X[b], y[b], W, num_classes)
    return W


def sgd_permutes_labels_as_indices(X, y, num_classes, lr, epochs, batch_size, seed):
    """order = rng.permutation(y): the labels, shuffled, used as indices."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(y)
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W += lr * _sgd_grad(X[b], y[b], W, num_classes)
    return W


def sgd_float_order(X, y, num_classes, lr, epochs, batch_size, seed):
    """Shuffles np.linspace(0, N - 1, N), a float array: X[b] raises (indices must be integers)."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(np.linspace(0, len(y) - 1, len(y)))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W += lr * _sgd_grad(X[b], y[b], W, num_classes)
    return W


def sgd_shuffled_rows_as_indices(X, y, num_classes, lr, epochs, batch_size, seed):
    """rng.shuffle of a copy of X, whose slices are then used as indices into X."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        rows = X.copy()
        rng.shuffle(rows)
        for start in range(0, len(y), batch_size):
            b = rows[start:start + batch_size]
            W += lr * _sgd_grad(X[b], y[b], W, num_classes)
    return W


def _sgd_with_residual(X, y, num_classes, lr, epochs, batch_size, seed, residual):
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W += lr * X[b].T @ residual(X[b] @ W, y[b]) / len(b)
    return W


def sgd_labels_reshaped(X, y, num_classes, lr, epochs, batch_size, seed):
    """y[b].reshape(-1, 1) - S: the class numbers as a column where the one-hot labels are meant."""
    return _sgd_with_residual(X, y, num_classes, lr, epochs, batch_size, seed,
                              lambda A, yb: yb.reshape(-1, 1) - cu.softmax(A))


def sgd_softmax_over_batch(X, y, num_classes, lr, epochs, batch_size, seed):
    """softmax(A, axis=0): the probabilities normalized over the batch's samples."""
    return _sgd_with_residual(X, y, num_classes, lr, epochs, batch_size, seed,
                              lambda A, yb: cu.one_hot(yb, num_classes) - cu.softmax(A, axis=0))


def sgd_exp_not_normalized(X, y, num_classes, lr, epochs, batch_size, seed):
    """Y - exp(A): the exponentials are never divided by their sum."""
    return _sgd_with_residual(X, y, num_classes, lr, epochs, batch_size, seed,
                              lambda A, yb: cu.one_hot(yb, num_classes) - np.exp(A))


def sgd_sample_term_assigned(X, y, num_classes, lr, epochs, batch_size, seed):
    """A loop over the batch's samples with G = term (= where += is meant): only the last sample's term."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            G = np.zeros_like(W)
            for j in b:
                G = np.outer(X[j], np.eye(num_classes)[y[j]] - cu.softmax(X[j] @ W))
            W += lr * G / len(b)
    return W


def sgd_scatter_through_inverse(X, y, num_classes, lr, epochs, batch_size, seed):
    """Correct: Xs[argsort(order)] = X puts sample order[i] at position i, as X[order] does."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        Xs, ys = np.empty_like(X), np.empty_like(y)
        Xs[np.argsort(order)], ys[np.argsort(order)] = X, y
        for start in range(0, len(y), batch_size):
            W += lr * _sgd_grad(Xs[start:start + batch_size], ys[start:start + batch_size], W, num_classes)
    return W


def sgd_new_name_then_assigned(X, y, num_classes, lr, epochs, batch_size, seed):
    """Correct: W_new = W + step, then W = W_new; the labels one-hot by comparison with the classes."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            Yb = (y[b][:, None] == np.arange(num_classes)).astype(float)
            W_new = W + lr * X[b].T @ (Yb - cu.softmax(X[b] @ W)) / len(b)
            W = W_new
    return W


# ====================================================================== the catalogue of mistakes

OVERFLOW = r"Numerical overflow"
PRECISION = r"precision"
MUTATES = r"modifies its input `{}` in place"

BUGGY = [
    # softmax
    ("check_softmax", softmax_no_shift, OVERFLOW),
    ("check_softmax", softmax_shift_by_min, OVERFLOW),
    ("check_softmax", softmax_shift_only_if_positive, r"Numerical underflow.*0 / 0"),
    ("check_softmax", softmax_global_max, r"ONE global maximum"),
    ("check_softmax", softmax_axis0, r"normalize over axis 0 .*instead of the class axis"),
    ("check_softmax", softmax_whole_matrix, r"normalize over the whole matrix"),
    ("check_softmax", softmax_ignores_axis, r"ignore its `axis` argument"),
    ("check_softmax", softmax_no_axis_parameter, r"raised TypeError.*exactly the signature softmax\(a, axis=-1\)"),
    ("check_softmax", softmax_inplace, MUTATES.format("a")),
    ("check_softmax", softmax_float32, r"float32 numbers.*precision"),
    ("check_softmax", softmax_float32_inside, r"close but not accurate.*float32 arithmetic inside"),
    ("check_softmax", softmax_no_keepdims, r"raised ValueError.*broadcast.*Hint: .*keepdims=True"),
    ("check_softmax", softmax_square_only_no_keepdims, r"square 5x5.*divided by the wrong sum.*keepdims=True"),
    ("check_softmax", softmax_float16, r"float16 numbers.*half precision keeps only about 3 significant digits"),
    ("check_softmax", softmax_name_typo, r"raised NameError.*Hint: `totl` is not defined when the function runs"),
    ("check_softmax", softmax_transposed, r"transposed"),
    ("check_softmax", softmax_unnormalized, r"sum to .*not 1"),
    ("check_softmax", softmax_rows_only, r"raised AxisError.*1-D vector"),
    # log_likelihood
    ("check_log_likelihood", ll_negative, r"NEGATIVE log-likelihood.*Check the sign"),
    ("check_log_likelihood", ll_mean, r"MEAN over the N = 7 samples"),
    ("check_log_likelihood", ll_mean_negative, r"training loss"),
    ("check_log_likelihood", ll_labels_minus_one, r"labels are off by one \(class y - 1"),
    ("check_log_likelihood", ll_labels_plus_one, r"labels are off by one \(class y \+ 1"),
    ("check_log_likelihood", ll_labels_plus_one_unwrapped, r"raised IndexError.*index 3 on an axis of the K = 3 "
                                                           r"classes: classes run from 0 to K - 1"),
    ("check_log_likelihood", ll_log_of_stable_softmax, r"returned -inf, wrong only for very large logits: compute log-softmax stably"),
    ("check_log_likelihood", ll_naive, r"returned NaN, wrong only for very large logits: compute log-softmax stably"),
    ("check_log_likelihood", ll_log_of_product, r"product of hundreds of probabilities underflows"),
    ("check_log_likelihood", ll_all_classes, r"ALL classes"),
    ("check_log_likelihood", ll_per_sample, r"shape \(7,\).*single number \(one value for all the samples"),
    ("check_log_likelihood", ll_likelihood, r"likelihood \(a product of probabilities\), not its logarithm"),
    ("check_log_likelihood", ll_log10, r"base-10"),
    ("check_log_likelihood", ll_mutates_W, MUTATES.format("W")),
    ("check_log_likelihood", ll_float32, r"float32 numbers.*single precision keeps only about 7"),
    ("check_log_likelihood", ll_columns_for_every_row, r"picks column y_j for EVERY sample \(an N x N = 7 x 7"),
    # softmax_jacobian
    ("check_softmax_jacobian", jac_diag_only, r"off-diagonal entries are 0"),
    ("check_softmax_jacobian", jac_vector, r"only the K diagonal entries as a vector"),
    ("check_softmax_jacobian", jac_sign, r"wrong sign"),
    ("check_softmax_jacobian", jac_missing_diagonal, r"diagonal term is missing"),
    ("check_softmax_jacobian", jac_no_batch, r"raised ValueError.*batch s of shape \(N, K\).*\(N, K, K\)"),
    ("check_softmax_jacobian", jac_diagflat_no_batch, r"shape \(12, 12\).*\(N, K, K\) = \(3, 4, 4\)"),
    ("check_softmax_jacobian", jac_batch_axes_swapped, r"axes are in the wrong order.*sample index first"),
    ("check_softmax_jacobian", jac_summed_over_batch, r"shape \(4, 4\).*expected shape \(N, K, K\)"),
    ("check_softmax_jacobian", jac_dot_not_outer, r"s @ s\.T is the dot product.*outer product"),
    ("check_softmax_jacobian", jac_plus_outer, r"product term has the wrong sign"),
]

#: Mistakes of the batch gradient, each checked by both check_grad_log_likelihood_loop
#: and check_grad_log_likelihood.
GRAD_BUGGY = [
    (grad_sign, r"Sign error.*NEGATIVE log-likelihood"),
    (grad_mean, r"divided by N = 7.*MEAN log-likelihood"),
    (grad_mean_negative, r"mean negative log-likelihood \(the training loss\)"),
    (grad_times_N, r"extra factor N"),
    (grad_transposed, r"shape \(3, 4\).*\(D, K\) = \(4, 3\), like W: your result is transposed"),
    (grad_transposed_when_square, r"D = K = 4.*transposed.*With D = K the shape cannot show it"),
    (grad_labels_plus_one, r"labels are off by one \(class y \+ 1"),
    (grad_no_shift, r"large weights.*softmax inside overflows"),
    (grad_missing_softmax, r"softmax term is missing"),
    (grad_softmax_axis0, r"normalized over the samples \(axis 0\)"),
    (grad_mutates_W, MUTATES.format("W")),
    (grad_float32, r"float32 numbers.*precision"),
]
for _fn, _pattern in GRAD_BUGGY:
    BUGGY.append(("check_grad_log_likelihood_loop", _fn, _pattern))
    BUGGY.append(("check_grad_log_likelihood", _fn, _pattern))

SLOW = r"right values but is too slow.*Python loop over the samples"
BUGGY += [
    ("check_grad_log_likelihood_loop", grad_loop_class_off_by_one, r"class index is off by one: sample j counts "
                                                                   r"as class y_j - 1 \(and class 2 is never"),
    ("check_grad_log_likelihood_loop", grad_loop_skips_class_0, r"Column 0 \(class 0\) is never updated"),
    ("check_grad_log_likelihood", grad_loop_over_samples, SLOW),
    ("check_grad_log_likelihood", grad_loop_vectorized_softmax, SLOW),
    ("check_grad_log_likelihood", cu.grad_log_likelihood_loop, SLOW),
    # grad_log_likelihood_sample
    ("check_grad_log_likelihood_sample", sample_sign, r"Sign error"),
    ("check_grad_log_likelihood_sample", sample_transposed, r"shape \(3, 4\).*your result is transposed"),
    ("check_grad_log_likelihood_sample", sample_transposed_when_square, r"D = K = 4.*transposed"),
    ("check_grad_log_likelihood_sample", sample_label_plus_one, r"labels are off by one"),
    ("check_grad_log_likelihood_sample", sample_no_shift, r"softmax inside overflows"),
    ("check_grad_log_likelihood_sample", sample_missing_softmax, r"softmax term is missing"),
    ("check_grad_log_likelihood_sample", sample_mutates_W, MUTATES.format("W")),
    ("check_grad_log_likelihood_sample", sample_float32, r"float32 numbers.*precision"),
    ("check_grad_log_likelihood_sample", sample_transpose_product, r"raised ValueError.*Hint: .*outer product.*"
                                                                   r"x.T @ v is a dot product"),
    # numerical_gradient
    ("check_numerical_gradient", ng_forward, r"forward \(one-sided\) differences.*central differences"),
    ("check_numerical_gradient", ng_backward, r"backward \(one-sided\) differences"),
    ("check_numerical_gradient", ng_ignores_h, r"ignores its `h` argument and always uses a step of about 1e-05"),
    ("check_numerical_gradient", ng_sign, r"Sign error: it is the gradient of -f"),
    ("check_numerical_gradient", ng_divides_by_h, r"twice the right value"),
    ("check_numerical_gradient", ng_leaves_W_changed, MUTATES.format("W")),
    ("check_numerical_gradient", ng_precedence, r"h\^2 times the right value.*/ \(2 \* h\)"),
    ("check_numerical_gradient", ng_float32_result, r"float32 numbers.*precision"),
    ("check_numerical_gradient", ng_float32_W, r"f was called with float32 numbers.*precision"),
    ("check_numerical_gradient", ng_flattened, r"shape \(6,\).*flattened"),
    ("check_numerical_gradient", ng_only_1d, r"works for a 1-D W but not for a 2-D one"),
    ("check_numerical_gradient", ng_only_2d, r"works for a 2-D W but not for a 1-D one.*raised IndexError"),
    ("check_numerical_gradient", ng_moves_back_before_second_call, r"^(?!.*second name).*half a one-sided difference.*"
                                                                   r"the second point f is evaluated at is W itself"),
    ("check_numerical_gradient", ng_half_steps, r"moves entry \[0, 0\] by \+5e-06 and -5e-06, but h = 1e-05.*step is "
                                                r"0\.5 times h"),
    ("check_numerical_gradient", ng_slice_is_a_view, r"f got your W itself \(or a view of it\) both times.*a view of "
                                                     r"it \(W\[:\]\), is not a copy"),
    ("check_numerical_gradient", ng_in_place_reset_at_end, r"log-likelihood.*still moved by -1e-05 from before.*W "
                                                           r"itself is moved in place"),
    ("check_numerical_gradient", ng_difference_not_divided, r"f\(W \+ h\) - f\(W - h\) is not divided by anything"),
    ("check_numerical_gradient", ng_squared_step_denominator, r"Its points are right.*the denominator of f\(W \+ h\) "
                                                              r"- f\(W - h\) is 2e-10 instead of 2h = 2e-05"),
    ("check_numerical_gradient", ng_stores_one_before, r"right partial derivatives, stored at the wrong entries: the "
                                                       r"derivative with respect to W\[0, 1\] .* is at \[0, 0\]"),
    ("check_numerical_gradient", ng_both_moves_down, r"Both points f is evaluated at for entry \[0, 0\] are W - h"),
    ("check_numerical_gradient", ng_puts_back_before_calling, r"f was called 12 times, always at W itself, never with "
                                                              r"an entry moved.*put back before f was called"),
    ("check_numerical_gradient", ng_identity_matrix_step, r"works for a 1-D W but not for a 2-D one.*several entries "
                                                          r"of W moved at once \(at its call 1: \[0, 0\] by \+1e-05, "
                                                          r"\[1, 1\] by \+1e-05\)"),
    ("check_numerical_gradient", ng_minus_value_updated_late, r"For entry \[0, 0\] the difference takes f at W itself "
                                                              r"instead of at W - h"),
    ("check_numerical_gradient", ng_adds_f_of_W, r"right partial derivative plus the same number, 2\.255, the value "
                                                 r"of f at W itself"),
    ("check_numerical_gradient", ng_skips_last_entry, r"never evaluated with entries \[2, 1\] moved"),
    ("check_numerical_gradient", ng_step_at_least_h, r"h = 0\.1.*step differs from entry to entry \(from 0\.1 to "
                                                     r"0\.139\)"),
    ("check_numerical_gradient", ng_flat_loop_to_len, r"works for a 1-D W but not for a 2-D one.*never evaluated with "
                                                      r"entries \[1, 1\], \[2, 0\], \[2, 1\] moved"),
    ("check_numerical_gradient", ng_first_index_only, r"the whole row 0 moves: W\[0\], with one index, is the whole "
                                                      r"row 0"),
    ("check_numerical_gradient", ng_column_per_flat_index, r"raised IndexError.*Hint: f is evaluated with several "
                                                           r"entries.*the whole column 0 moves"),
    ("check_numerical_gradient", ng_uses_notebook_function, r"never calls the f it is given \(f was called 0 times\)"),
    # relative_error
    ("check_relative_error", re_divides_by_a, r"divides by \|a\| only"),
    ("check_relative_error", re_divides_by_sum, r"divides by \|a\| \+ \|b\|"),
    ("check_relative_error", re_signed, r"negative: take the absolute value"),
    ("check_relative_error", re_no_floor, r"row where both are 0.*floor is missing"),
    ("check_relative_error", re_returns_max, r"only the largest error"),
    ("check_relative_error", re_ignores_floor, r"floor=1e-11.*ignores its `floor` argument"),
    ("check_relative_error", re_mutates_a, MUTATES.format("a")),
    ("check_relative_error", re_float32, r"float32 numbers.*precision"),
    ("check_relative_error", re_additive_floor, r"adds the floor to the denominator.*a maximum, not a sum"),
    ("check_relative_error", re_global_max, r"divided by ONE number.*np\.maximum"),
    ("check_relative_error", re_max_of_two_arrays, r"raised TypeError.*Hint: .*np\.max given two arrays reads the "
                                                   r"second as an axis.*np\.maximum"),
    ("check_relative_error", re_as_percentage, r"Every entry is 100 times the right error \(a percentage\)"),
    ("check_relative_error", re_inverted, r"Every entry is 1 / \(the right error\): the quotient is upside down"),
    ("check_relative_error", re_geometric_mean, r"divides \|a - b\| by sqrt\(\|a\| \|b\|\).*geometric mean"),
    ("check_relative_error", re_default_floor_too_large, r"tiny entries.*it divides by 1e-06 instead of the floor "
                                                         r"1e-08: the default of `floor` must be 1e-8"),
    ("check_relative_error", re_stacked_on_last_axis, r"raised ValueError.*Hint: \(3, 2\) is the shape of a, \(4, 3\), "
                                                      r"with its axis 0 \(its 4 rows\) reduced and an axis of 2 at "
                                                      r"the end"),
    ("check_relative_error", re_three_rows_axis1, r"raised ValueError.*Hint: \(3, 3\) is the shape of a.*an axis of "
                                                  r"3 in front.*the maximum was taken along an axis of a"),
    ("check_relative_error", re_clipped_at_one, r"wrong only where \|a\| or \|b\| is above 1.*upper bound"),
    ("check_relative_error", re_column_maximum, r"Every column is divided by one number \(its largest \|a\| or \|b\|\)"),
    ("check_relative_error", re_rounded_to_4, r"right error rounded to 4 decimals"),
    ("check_relative_error", re_divided_by_difference, r"divides \|a - b\| by \|a - b\|.*divided by itself is 1"),
    ("check_relative_error", re_half_of_sum, r"divides \|a - b\| by max\(\|a \+ b\| / 2, floor\)"),
    ("check_relative_error", re_clip_floor_as_upper, r"Every entry is \|a - b\| divided by `floor` itself \(1e-08\).*"
                                                     r"np\.clip with floor as its maximum, make it an upper bound"),
    ("check_relative_error", re_int_per_entry, r"right error rounded down to a whole number \(0 for every error below "
                                               r"1\)"),
    ("check_relative_error", re_floor_of_each_magnitude, r"divides \|a - b\| by np\.floor\(max\(\|a\|, \|b\|\)\).*not "
                                                         r"the `floor` argument"),
    # train_sgd
    ("check_train_sgd", sgd_sign, r"batch_size=23.*The update goes the wrong way.*ascent"),
    ("check_train_sgd", sgd_diverges, r"batch_size=23.*single step.*multiplied by N = 23 \(the number of samples\) "
                                      r"and its sign is wrong"),
    ("check_train_sgd", sgd_nan, r"diverged \(NaN or inf weights\).*summed instead of averaged"),
    ("check_train_sgd", sgd_first_batch_only, r"one batch per epoch"),
    ("check_train_sgd", sgd_global_random_state, r"not deterministic"),
    ("check_train_sgd", sgd_ignores_seed, r"seed=7.*shuffles with seed 0 whatever `seed` says \(here 7\)"),
    ("check_train_sgd", sgd_sum_gradient, r"SUMMED over the batch.*MEAN gradient"),
    ("check_train_sgd", sgd_with_loss_and_grad, r"leaves out the last, smaller batch"),
    ("check_train_sgd", sgd_ignores_lr, r"lr=0\.0.*lr = 0\.1 whatever `lr` says \(here lr = 0\)"),
    ("check_train_sgd", sgd_ignores_batch_size, r"one sample at a time whatever `batch_size` says \(here 23\)"),
    ("check_train_sgd", sgd_rng_per_epoch, r"epochs=3.*SAME order.*made again from `seed` inside the epoch loop"),
    ("check_train_sgd", sgd_global_seeded, r"global random state \(np\.random\.seed"),
    ("check_train_sgd", sgd_with_replacement, r"WITH replacement"),
    ("check_train_sgd", sgd_shuffles_X_and_y_apart, r"labels no longer belong to their samples"),
    ("check_train_sgd", sgd_array_split, r"np\.array_split"),
    ("check_train_sgd", sgd_ignores_epochs, r"one epoch whatever `epochs` says \(here 3\)"),
    ("check_train_sgd", sgd_random_init, r"with lr = 0 no step moves W.*Start from zeros"),
    ("check_train_sgd", sgd_returns_tuple, r"returned a tuple of 2 items"),
    ("check_train_sgd", sgd_transposed, r"shape \(3, 4\).*transposed.*the result is \(K, D\), where \(D, K\)"),
    ("check_train_sgd", sgd_never_updates, r"all 0.*never updated"),
    ("check_train_sgd", sgd_mutates_X, MUTATES.format("X")),
    ("check_train_sgd", sgd_half_overlap, r"batch_size=23.*batches overlap: in one epoch they start 11 positions apart "
                                          r"in the permutation \(positions 0 to 22, 11 to 22, 22\)"),
    ("check_train_sgd", sgd_sample_steps_with_loss, r"batch_size=23.*steps after every sample: the N = 23 samples of an "
                                                    r"epoch are used one sample at a time"),
    ("check_train_sgd", sgd_skips_slice_start, r"leave out the first sample of their slice of the permutation: they hold "
                                               r"positions 1 to 22 .*position 0 is left out"),
    ("check_train_sgd", sgd_while_epochs, r"those of 2 epochs where `epochs` says 1: it runs one epoch too many"),
    ("check_train_sgd", sgd_mean_of_outer_products, r"divided by the size of its batch twice: with batch_size = 5 too"),
    ("check_train_sgd", sgd_centres_X, r"prescribed step on X with its columns centred, their means subtracted, the "
                                       r"bias column of ones becoming zeros"),
    ("check_train_sgd", sgd_range_past_end, r"y must not be empty.*Hint: it takes an EMPTY batch from X, after batches "
                                            r"that held all N = 23 samples once, with no rows.*none of them empty\.$"),
    ("check_train_sgd", sgd_range_to_N_inclusive, r"NaN or inf weights on .*batch_size=23.*: it takes an EMPTY batch "
                                                  r"from X, after batches that held all N = 23 samples once"),
    ("check_train_sgd", sgd_step_decay, r"batch_size=5.*prescribed ones, but its steps are 1, 0\.5, 0\.3333, 0\.25, 0\.2 "
                                        r"times the prescribed one"),
    ("check_train_sgd", sgd_batches_backwards, r"prescribed batches, but in another order: positions 20 to 22, 15 to "
                                               r"19"),
    ("check_train_sgd", sgd_epochs_per_batch, r"epochs=3.*3 steps in a row on each batch.*draws ONE permutation: it "
                                              r"repeats each batch `epochs` = 3 times instead of running 3 epochs"),
    ("check_train_sgd", sgd_indices_from_one, r"batch_size=23.*Sample 0 \(by index in X\) is never used in an epoch"),
    ("check_train_sgd", sgd_sorts_random_keys, r"batch_size=5.*Each sample is used once per epoch, but not in the "
                                               r"prescribed order: its batch 1 holds samples"),
    ("check_train_sgd", sgd_two_steps_per_batch, r"batch_size=23, seed=7\. It takes 2 steps in a row on each batch, W updated "
                                                 r"in between \(2 steps on 1 batch\)"),
    ("check_train_sgd", sgd_plus_equals_typo, r"batch_size=5.*Each step REPLACES W instead of adding to it.*`=` where "
                                              r"`\+=` is meant"),
    ("check_train_sgd", sgd_step_from_initial_W, r"batch_size=5.*Each step REPLACES W instead of adding to it"),
    ("check_train_sgd", sgd_step_after_batch_loop, r"batch_size=5.*The W it returns is one step, on the epoch's last "
                                                   r"batch, from W = 0.*never multiplied with W: the step is outside "
                                                   r"the loop over the batches"),
    ("check_train_sgd", sgd_step_into_new_name, r"batch_size=5.*The W it returns is one step, on the epoch's last "
                                                r"batch, from W = 0.*multiplies every batch with W, yet W stays "
                                                r"the same"),
    ("check_train_sgd", sgd_scatter_through_permutation, r"batch_size=5.*in the order of the INVERSE permutation"),
    ("check_train_sgd", sgd_reshuffles_reassigned_X, r"batch_size=5.*in the order of the permutation applied TWICE"),
    ("check_train_sgd", sgd_unused_first_permutation, r"batch_size=5.*in the order of the generator's SECOND "
                                                      r"permutation"),
    ("check_train_sgd", sgd_permutes_labels_as_indices, r"batch_size=23.*rows of X whose indices are the LABELS"),
    ("check_train_sgd", sgd_float_order, r"raised IndexError: arrays used as indices.*Hint: the indices it takes a "
                                         r"batch of X with are not integers \(an array of floats\): "
                                         r"rng\.permutation\(N\)"),
    ("check_train_sgd", sgd_shuffled_rows_as_indices, r"raised IndexError.*Hint: it takes a batch of X with ROWS of "
                                                      r"X as indices, shuffled in the order of rng\.permutation\(N\)"),
    ("check_train_sgd", sgd_labels_reshaped, r"batch_size=23.*proportional to lr.*from the class NUMBERS, not from the "
                                             r"one-hot labels"),
    ("check_train_sgd", sgd_softmax_over_batch, r"batch_size=23.*normalized over the samples of the batch \(axis 0\)"),
    ("check_train_sgd", sgd_exp_not_normalized, r"batch_size=23.*probabilities it subtracts are all 1 where they are "
                                                r"1/K"),
    ("check_train_sgd", sgd_sample_term_assigned, r"batch_size=23.*only one sample's term is in it, that of sample "
                                                  r"\d+, the batch's last in the permutation's order"),
]

# ====================================================================== correct variants


def softmax_scipy(a, axis=-1):
    """scipy.special.softmax."""
    return sp.softmax(a, axis=axis)


def softmax_logsumexp(a, axis=-1):
    """exp(a - logsumexp(a))."""
    return np.exp(a - sp.logsumexp(a, axis=axis, keepdims=True))


def softmax_loop_rows(a, axis=-1):
    """Moves the class axis last and loops over the rows."""
    b = np.moveaxis(np.array(a, dtype=float), axis, -1)
    flat = b.reshape(-1, b.shape[-1])
    out = np.empty_like(flat)
    for i, row in enumerate(flat):
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
    return np.moveaxis(out.reshape(b.shape), -1, axis)


def softmax_apply_along_axis(a, axis=-1):
    """np.apply_along_axis with a 1-D stable softmax."""
    def one(v):
        e = np.exp(v - np.max(v))
        return e / np.sum(e)
    return np.apply_along_axis(one, axis, a)


def ll_scipy(W, X, y):
    """Picks scipy's log_softmax."""
    return float(np.sum(sp.log_softmax(X @ W, axis=1)[np.arange(len(y)), y]))


def ll_logsumexp(W, X, y):
    """Sum of a_y minus sum of logsumexp."""
    A = X @ W
    return float(np.sum(A[np.arange(len(y)), y]) - np.sum(sp.logsumexp(A, axis=1)))


def ll_onehot_product(W, X, y):
    """sum(Y * log_softmax(A))."""
    return float(np.sum(cu.one_hot(y, W.shape[1]) * cu.log_softmax(X @ W)))


def ll_loop(W, X, y):
    """One sample at a time."""
    total = 0.0
    for x_i, y_i in zip(X, y):
        a = x_i @ W
        m = a.max()
        total += a[y_i] - m - np.log(np.sum(np.exp(a - m)))
    return total


def jac_einsum(s):
    """diag via einsum with the identity."""
    K = s.shape[-1]
    return np.einsum("...i,ik->...ik", s, np.eye(K)) - np.einsum("...i,...k->...ik", s, s)


def jac_loop(s):
    """np.diag - np.outer row by row, stacked for a batch."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    return np.stack([np.diag(r) - np.outer(r, r) for r in s])


def jac_eye_broadcast(s):
    """s_i (delta_ik - s_k) by broadcasting."""
    return s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])


def grad_einsum(W, X, y):
    """einsum('nd,nk->dk') with scipy's softmax."""
    S = sp.softmax(X @ W, axis=1)
    return np.einsum("nd,nk->dk", X, np.eye(W.shape[1])[y] - S)


def grad_add_at(W, X, y):
    """-X^T S, then np.add.at adds each x_i to column y_i."""
    G = -X.T @ cu.softmax(X @ W)
    np.add.at(G.T, y, X)
    return G


def grad_per_class(W, X, y):
    """One column per class, each a sum over samples."""
    S = cu.softmax(X @ W)
    G = np.empty_like(W)
    for k in range(W.shape[1]):
        G[:, k] = X.T @ ((y == k) - S[:, k])
    return G


def grad_onehot_add_at(W, X, y):
    """One-hot built with np.add.at, then X^T (Y - S)."""
    S = cu.softmax(X @ W)
    Y = np.zeros_like(S)
    np.add.at(Y, (np.arange(len(y)), y), 1.0)
    return X.T @ (Y - S)


def sample_outer(W, x, y):
    """np.outer(x, e_y - sigma)."""
    return np.outer(x, np.eye(W.shape[1])[y] - sp.softmax(x @ W))


def sample_broadcast(W, x, y):
    """x[:, None] * r[None, :]."""
    return x[:, None] * _r(W, x, y)[None, :]


def sample_via_batch(W, x, y):
    """The batch gradient of a batch of one."""
    return cu.grad_log_likelihood(W, x[None, :], np.array([y]))


def sample_case_formula(W, x, y):
    """The notes' case formula, class by class."""
    s = cu.softmax(x @ W)
    G = np.empty_like(W)
    for k in range(W.shape[1]):
        G[:, k] = ((1.0 - s[k]) if k == y else -s[k]) * x
    return G


def ng_nditer(f, W, h=1e-5):
    """np.nditer over multi-indices, perturbing W in place and restoring the saved value."""
    g = np.zeros_like(W)
    it = np.nditer(W, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        ix = it.multi_index
        old = W[ix]
        W[ix] = old + h
        fp = f(W)
        W[ix] = old - h
        fm = f(W)
        W[ix] = old
        g[ix] = (fp - fm) / (2 * h)
        it.iternext()
    return g


def ng_flat(f, W, h=1e-5):
    """Flat indexing on copies."""
    W = np.asarray(W, dtype=float)
    g = np.zeros(W.size)
    for i in range(W.size):
        Wp, Wm = W.copy().ravel(), W.copy().ravel()
        Wp[i] += h
        Wm[i] -= h
        g[i] = (f(Wp.reshape(W.shape)) - f(Wm.reshape(W.shape))) / (2 * h)
    return g.reshape(W.shape)


def ng_perturbation_matrix(f, W, h=1e-5):
    """f(W + h E) with a unit matrix E per entry."""
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        E = np.zeros_like(W)
        E[idx] = h
        g[idx] = (f(W + E) - f(W - E)) / (2 * h)
    return g


def ng_arithmetic_restore(f, W, h=1e-5):
    """+= h, -= 2h, += h in place: W comes back up to round-off."""
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        W[idx] += h
        fp = f(W)
        W[idx] -= 2 * h
        fm = f(W)
        W[idx] += h
        g[idx] = (fp - fm) / (2 * h)
    return g


def re_fmax(a, b, floor=1e-8):
    """np.fmax of the three."""
    return np.abs(a - b) / np.fmax(np.fmax(np.abs(a), np.abs(b)), floor)


def re_stack(a, b, floor=1e-8):
    """Max over a stack of |a|, |b| and the floor."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    den = np.max(np.stack([np.abs(a), np.abs(b), np.full(a.shape, floor)]), axis=0)
    return np.abs(a - b) / den


def re_loop(a, b, floor=1e-8):
    """Entry by entry with Python's max."""
    out = np.empty(np.shape(a))
    for idx in np.ndindex(out.shape):
        out[idx] = abs(a[idx] - b[idx]) / max(abs(a[idx]), abs(b[idx]), floor)
    return out


def ng_flat_view_of_copy(f, W, h=1e-5):
    """Moves entries through a flat view of one float copy, put back by its saved value."""
    Wc = np.array(W, dtype=float)
    flat, g = Wc.reshape(-1), np.zeros(W.size)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old - h
        fm = f(Wc)
        flat[i] = old + h
        g[i] = (f(Wc) - fm) / (2 * h)
        flat[i] = old
    return g.reshape(W.shape)


def ng_columns_first_with_f_of_W(f, W, h=1e-5):
    """Visits the entries column by column (any shape) and also evaluates f(W), unused in the result."""
    g, f0 = np.zeros(W.shape), f(W)
    for rev in np.ndindex(W.shape[::-1]):
        idx = rev[::-1]
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f0 + f0 - f(Wm)) / (2 * h)
    return g


def ng_in_place_view(f, W, h=1e-5):
    """Moves W itself through a view W[:], restoring each entry from its saved value."""
    view, g = W[:], np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        old = view[idx]
        view[idx] = old + h
        fp = f(W)
        view[idx] = old - h
        fm = f(view)
        view[idx] = old
        g[idx] = (fp - fm) / (2 * h)
    return g


def re_where_floor(a, b, floor=1e-8):
    """np.where puts the floor where the larger magnitude is below it."""
    big = np.maximum(np.abs(a), np.abs(b))
    return np.abs(a - b) / np.where(big < floor, floor, big)


def re_maximum_reduce(a, b, floor=1e-8):
    """np.maximum.reduce over |a|, |b| and the floor, and the difference as the larger minus the smaller."""
    den = np.maximum.reduce([np.abs(a), np.abs(b), np.full(np.shape(a), floor)])
    return (np.maximum(a, b) - np.minimum(a, b)) / den


def sgd_batch_mean(X, y, num_classes, lr, epochs, batch_size, seed):
    """The configurable loop with its defaults: ascent on the batch-mean log-likelihood."""
    return _sgd(X, y, num_classes, lr, epochs, batch_size, seed)


def sgd_reference_tuple(X, y, num_classes, lr, epochs, batch_size, seed):
    """course_utils.sgd(...)[0]."""
    return cu.sgd(X, y, num_classes, lr=lr, epochs=epochs, batch_size=batch_size, seed=seed)[0]


def sgd_shuffled_copies(X, y, num_classes, lr, epochs, batch_size, seed):
    """Shuffles X and y with one permutation, then slices consecutive batches of the copies."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        Xs, ys = X[perm], y[perm]
        for start in range(0, len(ys), batch_size):
            Xb, yb = Xs[start:start + batch_size], ys[start:start + batch_size]
            W = W + (lr / len(yb)) * np.einsum("nd,nk->dk", Xb, cu.one_hot(yb, num_classes) - cu.softmax(Xb @ W))
    return W


def sgd_shuffle_in_place(X, y, num_classes, lr, epochs, batch_size, seed):
    """rng.shuffle on an index array, and the gradient of grad_log_likelihood divided by the batch size."""
    rng = np.random.default_rng(seed)
    idx = np.arange(len(y))
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        idx = np.arange(len(y))
        rng.shuffle(idx)
        for b in (idx[i:i + batch_size] for i in range(0, len(y), batch_size)):
            W += lr * cu.grad_log_likelihood(W, X[b], y[b]) / len(b)
    return W


CORRECT = [
    ("check_softmax", cu.softmax),
    ("check_softmax", softmax_scipy),
    ("check_softmax", softmax_logsumexp),
    ("check_softmax", softmax_loop_rows),
    ("check_softmax", softmax_apply_along_axis),
    ("check_log_likelihood", cu.log_likelihood),
    ("check_log_likelihood", ll_scipy),
    ("check_log_likelihood", ll_logsumexp),
    ("check_log_likelihood", ll_onehot_product),
    ("check_log_likelihood", ll_loop),
    ("check_softmax_jacobian", cu.softmax_jacobian),
    ("check_softmax_jacobian", jac_einsum),
    ("check_softmax_jacobian", jac_loop),
    ("check_softmax_jacobian", jac_eye_broadcast),
    ("check_grad_log_likelihood_loop", cu.grad_log_likelihood_loop),
    ("check_grad_log_likelihood_loop", grad_loop_over_samples),
    ("check_grad_log_likelihood_loop", grad_loop_vectorized_softmax),
    ("check_grad_log_likelihood_loop", cu.grad_log_likelihood),
    ("check_grad_log_likelihood_loop", grad_einsum),
    ("check_grad_log_likelihood", cu.grad_log_likelihood),
    ("check_grad_log_likelihood", grad_einsum),
    ("check_grad_log_likelihood", grad_add_at),
    ("check_grad_log_likelihood", grad_per_class),
    ("check_grad_log_likelihood", grad_onehot_add_at),
    ("check_grad_log_likelihood_sample", cu.grad_log_likelihood_sample),
    ("check_grad_log_likelihood_sample", sample_outer),
    ("check_grad_log_likelihood_sample", sample_broadcast),
    ("check_grad_log_likelihood_sample", sample_via_batch),
    ("check_grad_log_likelihood_sample", sample_case_formula),
    ("check_numerical_gradient", cu.numerical_gradient),
    ("check_numerical_gradient", ng_nditer),
    ("check_numerical_gradient", ng_flat),
    ("check_numerical_gradient", ng_perturbation_matrix),
    ("check_numerical_gradient", ng_arithmetic_restore),
    ("check_numerical_gradient", ng_flat_view_of_copy),
    ("check_numerical_gradient", ng_columns_first_with_f_of_W),
    ("check_numerical_gradient", ng_in_place_view),
    ("check_relative_error", cu.relative_error),
    ("check_relative_error", re_fmax),
    ("check_relative_error", re_stack),
    ("check_relative_error", re_loop),
    ("check_relative_error", re_where_floor),
    ("check_relative_error", re_maximum_reduce),
    ("check_train_sgd", sgd_reference_tuple),
    ("check_train_sgd", sgd_batch_mean),
    ("check_train_sgd", sgd_shuffled_copies),
    ("check_train_sgd", sgd_shuffle_in_place),
    ("check_train_sgd", sgd_accumulates_per_sample),
    ("check_train_sgd", sgd_take_and_dot),
    ("check_train_sgd", sgd_scatter_through_inverse),
    ("check_train_sgd", sgd_new_name_then_assigned),
]


# ====================================================================== return types, clipping, fixed sizes,
# the loop's and the trainer's own slips, NumPy's errors

#: Notebook-level variables a student's function may use by mistake instead of the shapes of its arguments.
NOTEBOOK_K, NOTEBOOK_N = 3, 7


def softmax_tolist(a, axis=-1):
    """Returns the probabilities as a Python list (.tolist())."""
    return cu.softmax(a, axis=axis).tolist()


def softmax_tuple(a, axis=-1):
    """Returns a tuple of the rows."""
    return tuple(cu.softmax(a, axis=axis))


def softmax_longdouble(a, axis=-1):
    """Computes and returns long double (float128) for "more precision"."""
    a = np.asarray(a, dtype=np.longdouble)
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_clip_500(a, axis=-1):
    """Clips the logits at +-500 to avoid overflow instead of shifting them."""
    e = np.exp(np.clip(a, -500, 500))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_clip_above_709(a, axis=-1):
    """Clips the logits from above at 709, just below where exp overflows."""
    e = np.exp(np.minimum(a, 709.0))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_nan_to_num(a, axis=-1):
    """Replaces the NaN of an overflow by 0."""
    e = np.exp(a)
    return np.nan_to_num(e / e.sum(axis=axis, keepdims=True))


def softmax_python_max(a, axis=-1):
    """Python's max of an array and 0 (to shift only by positive maxima): ambiguous for a matrix."""
    m = max(np.max(a, axis=axis, keepdims=True), 0)
    e = np.exp(a - m)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_exp_with_axis(a, axis=-1):
    """Passes the axis to np.exp as a second argument."""
    e = np.exp(a - a.max(axis=axis, keepdims=True), axis)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_rows_into_vector(a, axis=-1):
    """Stores each row's probabilities into ONE entry of a vector of N numbers."""
    a = np.atleast_2d(a)
    out = np.zeros(a.shape[0])
    for i, row in enumerate(a):
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
    return out


def softmax_matrix_indexing(a, axis=-1):
    """Indexes the exponentials as a matrix: fails on a 1-D vector."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / e[:, :].sum(axis=axis, keepdims=True)


def softmax_from_list(a, axis=-1):
    """Builds the rows in a list, then returns ONE float64 array made from it."""
    b = np.moveaxis(np.asarray(a, dtype=float), axis, -1)
    rows = [np.exp(r - r.max()) / np.exp(r - r.max()).sum() for r in b.reshape(-1, b.shape[-1])]
    return np.moveaxis(np.asarray(rows).reshape(b.shape), -1, axis)


def ll_list(W, X, y):
    """Returns the log-likelihood in a list of one item."""
    return [cu.log_likelihood(W, X, y)]


def ll_longdouble(W, X, y):
    """Sums in long double."""
    return np.sum(cu.log_softmax(X @ W)[np.arange(len(y)), y].astype(np.longdouble))


def ll_K_from_labels(W, X, y):
    """K = y.max() + 1: wrong when the batch lacks the top class."""
    K = y.max() + 1
    return float(np.sum(np.eye(K)[y] * cu.log_softmax(X @ W)))


def ll_K_unique_loop(W, X, y):
    """Loops over len(np.unique(y)) classes: misses the samples of the top class when a middle one is absent."""
    logS = cu.log_softmax(X @ W)
    return float(sum(logS[y == k, k].sum() for k in range(len(np.unique(y)))))


def ll_global_K(W, X, y):
    """Uses the notebook's K instead of W.shape[1]."""
    return float(np.sum(np.eye(NOTEBOOK_K)[y] * cu.log_softmax(X @ W)))


def ll_indices_swapped(W, X, y):
    """Indexes [labels, samples] instead of [samples, labels]."""
    return float(np.sum(cu.log_softmax(X @ W)[y, np.arange(len(y))]))


def ll_numpy_scalar(W, X, y):
    """Returns a NumPy float64 scalar."""
    return np.sum(cu.log_softmax(X @ W)[np.arange(len(y)), y])


def ll_zero_d_array(W, X, y):
    """Returns a 0-d array."""
    return np.array(cu.log_likelihood(W, X, y))


def jac_list_for_batch(s):
    """A Python list of one Jacobian per row for a batch."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    return [np.diag(r) - np.outer(r, r) for r in s]


def _case_loop(W, X, y, samples=None, classes=None, sigma_of=None, assign=False, second=lambda j, k: j != k):
    """The notes' case formula in two loops, with one slip given by the options."""
    G = np.zeros_like(W)
    N, K = X.shape[0], W.shape[1]
    for j in (range(N) if samples is None else samples(N)):
        s = cu.softmax(X[j if sigma_of is None else sigma_of(j)] @ W)
        for k in (range(K) if classes is None else classes(K, y)):
            term = np.zeros(X.shape[1])
            if y[j] == k:
                term = term + (1 - s[k]) * X[j]
            if second(y[j], k):
                term = term - s[k] * X[j]
            G[:, k] = term if assign else G[:, k] + term
    return G


def loop_elif_same_condition(W, X, y):
    """if y_j == k ... elif y_j == k: the second case never runs (the notes' typo)."""
    return _case_loop(W, X, y, second=lambda label, k: False)


def loop_two_ifs_same_condition(W, X, y):
    """Two separate `if y_j == k` blocks: both cases on the own class, nothing on the others."""
    return _case_loop(W, X, y, second=lambda label, k: label == k)


def loop_assigns(W, X, y):
    """G[:, k] = ... instead of +=: only the last sample is left."""
    return _case_loop(W, X, y, assign=True)


def loop_last_class_only(W, X, y):
    """Computes each class's term into one variable and adds it after the loop over the classes."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = cu.softmax(X[j] @ W)
        for k in range(W.shape[1]):
            term = (1 - s[k]) * X[j] if y[j] == k else -s[k] * X[j]
        G[:, k] += term
    return G


def loop_range_K_minus_1(W, X, y):
    """range(K - 1) over the classes."""
    return _case_loop(W, X, y, classes=lambda K, y: range(K - 1))


def loop_range_N_minus_1(W, X, y):
    """range(N - 1) over the samples."""
    return _case_loop(W, X, y, samples=lambda N: range(N - 1))


def loop_range_from_1(W, X, y):
    """range(1, N) over the samples."""
    return _case_loop(W, X, y, samples=lambda N: range(1, N))


def loop_sigma_of_sample_0(W, X, y):
    """sigma computed once, from the first sample."""
    return _case_loop(W, X, y, sigma_of=lambda j: 0)


def loop_sigma_of_previous_sample(W, X, y):
    """sigma of x_{j-1} (computed at the end of the previous iteration)."""
    return _case_loop(W, X, y, sigma_of=lambda j: j - 1)


def loop_global_K(W, X, y):
    """range(K) over the notebook's K."""
    return _case_loop(W, X, y, classes=lambda K, y: range(NOTEBOOK_K))


def loop_global_N(W, X, y):
    """range(N) over the notebook's N."""
    return _case_loop(W, X, y, samples=lambda N: range(NOTEBOOK_N))


def loop_K_from_labels(W, X, y):
    """range(y.max() + 1) over the classes."""
    return _case_loop(W, X, y, classes=lambda K, y: range(y.max() + 1))


def loop_K_unique(W, X, y):
    """range(len(np.unique(y))) over the classes."""
    return _case_loop(W, X, y, classes=lambda K, y: range(len(np.unique(y))))


def grad_K_from_labels(W, X, y):
    """One-hot with K = y.max() + 1."""
    return X.T @ (np.eye(y.max() + 1)[y] - cu.softmax(X @ W))


def grad_global_K(W, X, y):
    """One-hot with the notebook's K."""
    return X.T @ (np.eye(NOTEBOOK_K)[y] - cu.softmax(X @ W))


def grad_sum_without_keepdims(W, X, y):
    """Its own softmax divides by row sums without keepdims."""
    E = np.exp(X @ W - (X @ W).max(axis=1, keepdims=True))
    return X.T @ (cu.one_hot(y, W.shape[1]) - E / E.sum(axis=1))


def grad_X_not_transposed(W, X, y):
    """X @ (Y - S): the transpose is missing."""
    return X @ (cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W))


def _probabilities(A):
    """A helper without its return statement."""
    E = np.exp(A - A.max(axis=1, keepdims=True))
    E / E.sum(axis=1, keepdims=True)


def grad_helper_without_return(W, X, y):
    """Uses a helper that returns None."""
    return X.T @ (cu.one_hot(y, W.shape[1]) - _probabilities(X @ W))


def grad_tolist(W, X, y):
    """Returns the gradient as nested lists."""
    return cu.grad_log_likelihood(W, X, y).tolist()


def sample_global_K(W, x, y):
    """A one-hot of the notebook's K."""
    e = np.zeros(NOTEBOOK_K)
    e[y] = 1.0
    return np.outer(x, e - cu.softmax(x @ W))


def sample_K_from_label(W, x, y):
    """K = y + 1: the label taken for the number of classes."""
    e = np.eye(int(y) + 1)[y]
    return np.outer(x, e - cu.softmax(x @ W))


def re_if_larger(a, b, floor=1e-8):
    """An `if` on whole arrays to pick the larger of |a| and |b|."""
    den = np.abs(a) if np.abs(a) > np.abs(b) else np.abs(b)
    return np.abs(a - b) / np.maximum(den, floor)


def sgd_permutation_once(X, y, num_classes, lr, epochs, batch_size, seed):
    """Draws one permutation before the epoch loop and reuses it."""
    order = np.random.default_rng(seed).permutation(len(y))
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_cumulative_shuffle(X, y, num_classes, lr, epochs, batch_size, seed):
    """rng.shuffle of ONE index array made before the loop: each epoch reshuffles the previous order."""
    rng = np.random.default_rng(seed)
    idx = np.arange(len(y))
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        rng.shuffle(idx)
        for start in range(0, len(y), batch_size):
            b = idx[start:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


def sgd_shuffles_caller_arrays(X, y, num_classes, lr, epochs, batch_size, seed):
    """Shuffles the caller's X and y in place (with one permutation for both)."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        p = rng.permutation(len(y))
        X[:], y[:] = X[p], y[p]
        for start in range(0, len(y), batch_size):
            Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
            W += lr * Xb.T @ (cu.one_hot(yb, num_classes) - cu.softmax(Xb @ W)) / len(yb)
    return W


def sgd_full_batch(X, y, num_classes, lr, epochs, batch_size, seed):
    """One full-batch step per epoch, whatever batch_size says."""
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        W += lr * X.T @ (cu.one_hot(y, num_classes) - cu.softmax(X @ W)) / len(y)
    return W


def sgd_full_batch_steps(X, y, num_classes, lr, epochs, batch_size, seed):
    """As many steps as batches, each on all N samples."""
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        for _start in range(0, len(y), batch_size):
            W += lr * X.T @ (cu.one_hot(y, num_classes) - cu.softmax(X @ W)) / len(y)
    return W


LIST = r"returned a Python list, not a NumPy array, on .*\(did you call \.tolist\(\)\? return the array itself\)"
FIXED_K = r"worked on an earlier case where K = 3, but not on this one, where K = 4: it seems to use a fixed K"
BUGGY += [
    ("check_softmax", softmax_tolist, LIST),
    ("check_softmax", softmax_tuple, r"returned a tuple of 5 items on a 1-D vector"),
    ("check_softmax", softmax_clip_500, r"large logits near 1000.*finite but wrong: you seem to clip the logits at "
                                        r"±500.*subtracting the row maximum does not"),
    ("check_softmax", softmax_clip_above_709, r"clip the logits from above at 709 \(the result is the softmax of "
                                              r"the clipped logits\)"),
    ("check_softmax", softmax_nan_to_num, r"finite \(no NaN or inf\), but every probability of a row with large "
                                          r"logits is 0.*np\.nan_to_num"),
    ("check_softmax", softmax_python_max, r"raised ValueError: The truth value of an array.*4x6 matrix.*Hint: an "
                                          r"array was used where Python needs one True or False.*np\.maximum"),
    ("check_softmax", softmax_exp_with_axis, r"raised TypeError: return arrays must be of ArrayType.*Hint: an "
                                             r"elementwise NumPy function got one positional argument too many"),
    ("check_softmax", softmax_rows_into_vector, r"raised ValueError: setting an array element with a sequence.*"
                                                r"Hint: a sequence of numbers was stored where one number belongs"),
    ("check_softmax", softmax_matrix_indexing, r"raised IndexError: too many indices.*Hint: an array with 1 axis "
                                               r"was indexed with 2 indices"),
    ("check_log_likelihood", ll_list, r"returned a Python list of 1 item, not a single number, on a small problem"),
    ("check_log_likelihood", ll_K_from_labels, r"labels lacking the top class.*Hint: no sample of this batch has "
                                               r"class 4: K must come from W\.shape\[1\], not from the labels"),
    ("check_log_likelihood", ll_K_unique_loop, r"wrong result on labels lacking a middle class.*It seems to take K "
                                               r"from the labels: no sample here has class 2"),
    ("check_log_likelihood", ll_global_K, r"raised IndexError.*N = 500 samples, K = 10.*worked on an earlier case "
                                          r"where K = 3, but not on this one, where K = 10: it seems to use a fixed "
                                          r"K \(a global variable of the notebook\?\)"),
    ("check_log_likelihood", ll_indices_swapped, r"raised IndexError: index 3 is out of bounds for axis 1 with size "
                                                 r"3.*Hint: axis 1 of the indexed array has size 3, so its indices run "
                                                 r"from 0 to 2"),
    ("check_softmax_jacobian", jac_list_for_batch, r"returned a Python list of 3 matrices, not a NumPy array, on a "
                                                   r"batch.*return ONE array of shape \(N, K, K\) = \(3, 4, 4\)"),
    ("check_grad_log_likelihood_loop", loop_elif_same_condition, r"Only the column of each sample's own class gets "
                                                                 r"a contribution.*handwritten notes"),
    ("check_grad_log_likelihood_loop", loop_two_ifs_same_condition, r"own class gets both cases added.*both "
                                                                    r"conditions test y_j = k.*handwritten notes"),
    ("check_grad_log_likelihood_loop", loop_assigns, r"Only the last sample's contribution is left.*\(= where \+= "
                                                     r"is meant\)"),
    ("check_grad_log_likelihood_loop", loop_last_class_only, r"Only the last column \(class K - 1\) is filled"),
    ("check_grad_log_likelihood_loop", loop_range_K_minus_1, r"last column \(class K - 1 = 2\) is never updated"),
    ("check_grad_log_likelihood_loop", loop_range_N_minus_1, r"last sample \(j = N - 1 = 6\) is left out"),
    ("check_grad_log_likelihood_loop", loop_range_from_1, r"first sample \(j = 0\) is left out"),
    ("check_grad_log_likelihood_loop", loop_sigma_of_sample_0, r"sigma used for sample j are those of sample 0, "
                                                               r"for every j"),
    ("check_grad_log_likelihood_loop", loop_sigma_of_previous_sample, r"sigma used for sample j are those of the "
                                                                      r"previous sample"),
    ("check_grad_log_likelihood_loop", loop_global_K, r"D = K = 4.*" + FIXED_K),
    ("check_grad_log_likelihood_loop", loop_global_N, r"earlier case where N = 7, but not on this one, where N = 9: "
                                                      r"it seems to use a fixed N"),
    ("check_grad_log_likelihood_loop", loop_K_from_labels, r"wrong result on labels lacking the top class.*take K "
                                                           r"from the labels: no sample here has class 4"),
    ("check_grad_log_likelihood_loop", loop_K_unique, r"wrong result on labels lacking a middle class.*take K from "
                                                      r"the labels: no sample here has class 2"),
    ("check_grad_log_likelihood", grad_K_from_labels, r"raised ValueError.*labels lacking the top class.*Hint: no "
                                                      r"sample of this batch has class 4"),
    ("check_grad_log_likelihood", grad_global_K, r"raised IndexError.*" + FIXED_K),
    ("check_grad_log_likelihood", grad_sum_without_keepdims, r"Hint: NumPy lines up shapes from the right: \(7, 3\) "
                                                             r"and \(7,\) put 3 against 7 on the last axis.*must have "
                                                             r"shape \(7, 1\) to act on every row of an array of "
                                                             r"shape \(7, 3\)"),
    ("check_grad_log_likelihood", grad_X_not_transposed, r"Hint: a matrix product A @ B needs as many columns in A "
                                                         r"as rows in B.*here A has 4 and B has 7"),
    ("check_grad_log_likelihood", grad_helper_without_return, r"NoneType.*Hint: one of the values is None: a "
                                                              r"function it calls \(a helper of yours\?\)"),
    ("check_grad_log_likelihood", grad_tolist, LIST),
    ("check_grad_log_likelihood_sample", sample_global_K, r"D = K = 4.*" + FIXED_K),
    ("check_grad_log_likelihood_sample", sample_K_from_label, r"the label here is y = 1: K must come from "
                                                              r"W\.shape\[1\] \(K = 4 here\), not from the label"),
    ("check_relative_error", re_if_larger, r"raised ValueError: The truth value.*Hint: an array was used where "
                                           r"Python needs one True or False"),
    ("check_train_sgd", sgd_permutation_once, r"epochs=3.*SAME order: either the permutation is drawn once, before "
                                              r"the epoch loop, or the generator is made again"),
    ("check_train_sgd", sgd_cumulative_shuffle, r"epochs=3.*each epoch shuffles the previous epoch's order again"),
    ("check_train_sgd", sgd_shuffles_caller_arrays, MUTATES.format("X") + r".*same rows in another order, as if it "
                                                                           r"had been shuffled in place"),
    ("check_train_sgd", sgd_full_batch, r"batch_size=5.*one step per epoch, on all N = 23 samples.*full-batch "
                                        r"gradient ascent, not SGD"),
    ("check_train_sgd", sgd_full_batch_steps, r"Every step uses all N samples instead of the samples of its batch"),
]
if np.dtype(np.longdouble).itemsize > 8:          # long double is float64 on some platforms
    BUGGY += [
        ("check_softmax", softmax_longdouble, r"returns float(96|128) \(long double\) numbers \(on a 1-D vector.*"
                                              r"return float64"),
        ("check_log_likelihood", ll_longdouble, r"returns float(96|128) \(long double\) numbers.*return float64"),
    ]

CORRECT += [
    ("check_softmax", softmax_from_list),
    ("check_log_likelihood", ll_numpy_scalar),
    ("check_log_likelihood", ll_zero_d_array),
]


def loop_clipped_logits(W, X, y):
    """The case formula with the logits clipped at +-500 instead of shifted."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        e = np.exp(np.clip(X[j] @ W, -500, 500))
        s = e / e.sum()
        for k in range(W.shape[1]):
            G[:, k] += ((1 - s[k]) if y[j] == k else -s[k]) * X[j]
    return G


def sample_elementwise_product(W, x, y):
    """x * (e_y - sigma): an elementwise product where the outer product is meant."""
    return x * (np.eye(W.shape[1])[y] - cu.softmax(x @ W))


BUGGY += [
    ("check_grad_log_likelihood_loop", loop_clipped_logits, r"large weights.*finite \(no NaN or inf\) but wrong, "
                                                            r"only for large logits.*clipped"),
    ("check_grad_log_likelihood_sample", sample_elementwise_product, r"raised ValueError.*shapes \(4,\) \(3,\).*Hint: "
                                                                     r".*outer product of x \(D,\) and a vector of K"),
]


def ll_global_N(W, X, y):
    """Loops over the notebook's N samples."""
    logS = cu.log_softmax(X @ W)
    return float(sum(logS[i, y[i]] for i in range(NOTEBOOK_N)))


BUGGY += [
    ("check_log_likelihood", ll_global_N, r"wrong result on N = 500 samples.*It worked on an earlier case where "
                                          r"N = 7, but not on this one, where N = 500: it seems to use a fixed N"),
]


# ====================================================================== structural diagnoses (issue 16, item 5)
# Each wrong result is explained from its relation to the right one, the shapes of a failure are read in the
# problem's symbols N, D, K, and the function is called again where one more call settles the cause.

DIGITS_K, IRIS_N = 10, 150


def _log_probs(A):
    m = A.max(axis=1, keepdims=True)
    return A - m - np.log(np.exp(A - m).sum(axis=1, keepdims=True))


def softmax_capped_at_one(a, axis=-1):
    """Caps the logits at 1 'to avoid overflow' instead of shifting them."""
    e = np.exp(np.minimum(a, 1.0))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_minimum_for_max(a, axis=-1):
    """np.minimum(a, axis) where a maximum along the axis is meant."""
    e = np.exp(a - np.minimum(a, axis))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_maximum_with_axis_keyword(a, axis=-1):
    """np.maximum(a, axis=axis): the elementwise function takes no axis."""
    e = np.exp(a - np.maximum(a, axis=axis))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_comprehension_over_rows(a, axis=-1):
    """A comprehension over the rows: for a 1-D vector every single logit becomes its own distribution."""
    return np.array([np.exp(r - np.max(r)) / np.sum(np.exp(r - np.max(r))) for r in a])


def softmax_neg_inf_to_zero(a, axis=-1):
    """Replaces the -inf logits by 0 (in a copy) 'to keep the numbers finite'."""
    a = np.where(np.isneginf(a), 0.0, a)
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def ll_elementwise_logits(W, X, y):
    """X * W where the logits X @ W are meant."""
    return float(np.sum(_log_probs(X * W)[np.arange(len(y)), y]))


def ll_eye_of_samples(W, X, y):
    """One-hot rows from an identity of the number of samples."""
    return float(np.sum(np.eye(len(y))[y] * _log_probs(X @ W)))


def ll_digits_K(W, X, y):
    """One-hot rows of the notebook's K = 10 classes (the digits) whatever W says."""
    return float(np.sum(np.eye(DIGITS_K)[y] * _log_probs(X @ W)))


def ll_transposed_X(W, X, y):
    """Logits X.T @ W: X transposed where it is not."""
    L = _log_probs(X.T @ W)
    return float(L[np.arange(len(y)), y].sum())


def ll_label_then_sample(W, X, y):
    """Indexes the log-probabilities [label, sample] instead of [sample, label]."""
    L = _log_probs(X @ W)
    return float(sum(L[y[i], i] for i in range(len(y))))


def ll_per_class_mean(W, X, y):
    """Divides the sum by the number of classes."""
    return float(_log_probs(X @ W)[np.arange(len(y)), y].sum()) / W.shape[1]


def ll_stops_before_last(W, X, y):
    """while i < N - 1: the last sample is never added."""
    L, total, i = _log_probs(X @ W), 0.0, 0
    while i < len(y) - 1:
        total += L[i, y[i]]
        i += 1
    return total


def ll_first_sample_twice(W, X, y):
    """Starts the total at sample 0's term and then loops over all samples."""
    L = _log_probs(X @ W)
    total = L[0, y[0]]
    for i in range(len(y)):
        total += L[i, y[i]]
    return float(total)


def ll_returns_in_loop(W, X, y):
    """The return statement is indented into the loop: only sample 0 counts."""
    L = _log_probs(X @ W)
    total = 0.0
    for i in range(len(y)):
        total += L[i, y[i]]
        return float(total)


def ll_shift_twice(W, X, y):
    """Subtracts the row maximum from a_y and adds the unshifted log-sum-exp: m counted twice."""
    A = X @ W
    m = A.max(axis=1)
    return float(np.sum(A[np.arange(len(y)), y] - m - np.log(np.exp(A).sum(axis=1))))


def ll_no_shift_on_true_logit(W, X, y):
    """Uses the shifted log-sum-exp but the unshifted true logit."""
    A = X @ W
    shifted = A - A.max(axis=1, keepdims=True)
    return float(np.sum(A[np.arange(len(y)), y]) - np.sum(np.log(np.exp(shifted).sum(axis=1))))


def ll_lse_down_columns(W, X, y):
    """The log-sum-exp over axis 0 (down the columns), unshifted."""
    A = X @ W
    return float(np.sum(A[np.arange(len(y)), y]) - np.sum(np.log(np.exp(A).sum(axis=0))))


def jac_identity_of_five(s):
    """An identity of size 5, a size that the notebook's example had."""
    return np.eye(5) * s[..., None, :] - s[..., :, None] * s[..., None, :]


def jac_softmax_again(s):
    """Applies softmax to s, which already holds probabilities."""
    p = cu.softmax(s)
    return np.eye(s.shape[-1]) * p[..., None, :] - p[..., :, None] * p[..., None, :]


def jac_rows_stop_early(s):
    """Double loop whose loop over the rows i stops at K - 2."""
    Kc = s.shape[-1]
    J = np.zeros(s.shape + (Kc,))
    for i in range(Kc - 1):
        for k in range(Kc):
            J[..., i, k] = s[..., i] * ((i == k) - s[..., k])
    return J


def jac_row_probability_squared(s):
    """Writes s_i (delta_ik - s_i): the second probability is the row's again."""
    Kc = s.shape[-1]
    J = np.zeros(s.shape + (Kc,))
    for i in range(Kc):
        for k in range(Kc):
            J[..., i, k] = s[..., i] * ((i == k) - s[..., i])
    return J


def jac_einsum_sums_batch(s):
    """einsum('ni,nk->ik'): the outer products summed over the batch, subtracted from every block."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    return np.eye(s.shape[-1]) * s[:, None, :] - np.einsum("ni,nk->ik", s, s)


def jac_no_identity(s):
    """Broadcasts s over every entry, forgetting the identity that keeps it on the diagonal."""
    return s[..., None, :] - s[..., :, None] * s[..., None, :]


def jac_first_row_everywhere(s):
    """Computes the Jacobian of the first row and repeats it for the whole batch."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    J0 = np.diag(s[0]) - np.outer(s[0], s[0])
    return np.repeat(J0[None], s.shape[0], axis=0)


def loop_column_of_next_class(W, X, y):
    """Writes class k's contribution into column k + 1 (wrapping around)."""
    G = np.zeros_like(W)
    Kc = W.shape[1]
    for j in range(X.shape[0]):
        s = cu.softmax(X[j] @ W)
        for k in range(Kc):
            G[:, (k + 1) % Kc] += ((1 - s[k]) if y[j] == k else -s[k]) * X[j]
    return G


def loop_own_class_without_sigma(W, X, y):
    """The case y_j = k adds 1 * x_j, forgetting its -sigma_k."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = cu.softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += (1.0 if y[j] == k else -s[k]) * X[j]
    return G


def loop_other_classes_doubled(W, X, y):
    """The case y_j != k subtracts 2 sigma_k x_j."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = cu.softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += ((1 - s[k]) if y[j] == k else -2 * s[k]) * X[j]
    return G


def loop_even_samples_only(W, X, y):
    """range(0, N, 2): every other sample is skipped."""
    G = np.zeros_like(W)
    for j in range(0, X.shape[0], 2):
        G += np.outer(X[j], np.eye(W.shape[1])[y[j]] - cu.softmax(X[j] @ W))
    return G


def loop_features_of_sample_0(W, X, y):
    """Multiplies every sample's residual by X[0]."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        G += np.outer(X[0], np.eye(W.shape[1])[y[j]] - cu.softmax(X[j] @ W))
    return G


def loop_fixed_fifty_samples(W, X, y):
    """Loops over a fixed 50 samples."""
    G = np.zeros_like(W)
    for j in range(50):
        G += np.outer(X[j], np.eye(W.shape[1])[y[j]] - cu.softmax(X[j] @ W))
    return G


def loop_prepends_ones(W, X, y):
    """Prepends a column of ones to X, which already holds the bias column."""
    Xb = np.hstack([np.ones((X.shape[0], 1)), X])
    G = np.zeros((Xb.shape[1], W.shape[1]))
    for j in range(X.shape[0]):
        G += np.outer(Xb[j], np.eye(W.shape[1])[y[j]] - cu.softmax(X[j] @ W))
    return G


def loop_integer_gradient(W, X, y):
    """G = np.zeros(W.shape, dtype=int): += of floats cannot be cast."""
    G = np.zeros(W.shape, dtype=int)
    for j in range(X.shape[0]):
        G += np.outer(X[j], np.eye(W.shape[1])[y[j]] - cu.softmax(X[j] @ W))
    return G


def loop_class_row_index(W, X, y):
    """G[k, :] += ... where column k is meant."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = cu.softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[k, :] += ((1 - s[k]) if y[j] == k else -s[k]) * X[j]
    return G


def grad_product_before_difference(W, X, y):
    """X.T @ Y - S: the product is taken before the subtraction."""
    return X.T @ cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W)


def grad_one_hot_K_minus_1(W, X, y):
    """Gives one_hot K - 1 classes."""
    return X.T @ (cu.one_hot(y, W.shape[1] - 1) - cu.softmax(X @ W))


def grad_divided_by_classes(W, X, y):
    """Averages over the classes: divides by K."""
    return X.T @ (cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W)) / W.shape[1]


def grad_probabilities_without_x(W, X, y):
    """Subtracts the column sums of S from X.T Y: the probabilities are never multiplied by x_j."""
    return X.T @ cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W).sum(axis=0)


def sample_one_hot_arguments_swapped(W, x, y):
    """one_hot(K, [y]): the number of classes first."""
    return np.outer(x, cu.one_hot(W.shape[1], np.array([y]))[0] - cu.softmax(x @ W))


def sample_divided_by_classes(W, x, y):
    """Divides the outer product by K."""
    return np.outer(x, np.eye(W.shape[1])[y] - cu.softmax(x @ W)) / W.shape[1]


def sample_probabilities_without_x(W, x, y):
    """np.outer(x, e_y) - sigma: the probabilities are subtracted from every row, not multiplied by x."""
    return np.outer(x, np.eye(W.shape[1])[y]) - cu.softmax(x @ W)


def sample_digits_K(W, x, y):
    """e_y from an identity of the notebook's K = 10."""
    return np.outer(x, np.eye(DIGITS_K)[y] - cu.softmax(x @ W))


def ng_perturbs_copy_evaluates_W(f, W, h=1e-5):
    """Moves an entry of a copy but calls f with W itself."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wc = W.copy()
        Wc[idx] += h
        fp = f(W)
        Wc[idx] -= 2 * h
        g[idx] = (fp - f(W)) / (2 * h)
    return g


def ng_adds_h_to_all(f, W, h=1e-5):
    """Loops over the entries but moves the whole array by h each time."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        g[idx] = (f(W + h) - f(W - h)) / (2 * h)
    return g


def ng_second_point_is_W(f, W, h=1e-5):
    """Evaluates f at W + h and at W, dividing by 2h."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp = W.copy()
        Wp[idx] += h
        g[idx] = (f(Wp) - f(W)) / (2 * h)
    return g


def ng_copies_before_loop(f, W, h=1e-5):
    """Two copies made once, before the loop, and never reset: the moves pile up."""
    g = np.zeros(W.shape)
    Wp, Wm = W.copy(), W.copy()
    for idx in np.ndindex(W.shape):
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_one_copy_never_reset(f, W, h=1e-5):
    """One copy made before the loop, moved by +h then -2h, never put back."""
    g = np.zeros(W.shape)
    Wc = W.copy()
    for idx in np.ndindex(W.shape):
        Wc[idx] += h
        fp = f(Wc)
        Wc[idx] -= 2 * h
        g[idx] = (fp - f(Wc)) / (2 * h)
    return g


def ng_nditer_without_readwrite(f, W, h=1e-5):
    """np.nditer without op_flags=['readwrite']: its entries are read-only."""
    g = np.zeros(W.shape)
    Wc = W.copy()
    with np.nditer(Wc, flags=["multi_index"]) as it:
        for entry in it:
            entry += h
            g[it.multi_index] = f(Wc)
    return g


def ng_double_step(f, W, h=1e-5):
    """Moves the entry by 2h each way and divides by 4h: the step is 2h."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += 2 * h
        Wm[idx] -= 2 * h
        g[idx] = (f(Wp) - f(Wm)) / (4 * h)
    return g


def ng_step_scaled_by_entry(f, W, h=1e-5):
    """A step h * W[idx], signed: proportional to the entry."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        step = h * W[idx]
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += step
        Wm[idx] -= step
        g[idx] = (f(Wp) - f(Wm)) / (2 * step)
    return g


def ng_machine_epsilon_step(f, W, h=1e-5):
    """Uses the machine epsilon as its step: round-off swamps the difference."""
    step = np.finfo(float).eps
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += step
        Wm[idx] -= step
        g[idx] = (f(Wp) - f(Wm)) / (2 * step)
    return g


def ng_default_one_thousandth(f, W, h=1e-3):
    """The default h is 1e-3 instead of 1e-5."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def re_signed_fmax(a, b, floor=1e-8):
    """np.fmax of the signed values: no absolute values in the denominator."""
    return np.abs(a - b) / np.fmax(np.fmax(a, b), floor)


def re_smaller_magnitude(a, b, floor=1e-8):
    """Divides by np.fmin of the magnitudes."""
    return np.abs(a - b) / np.maximum(np.fmin(np.abs(a), np.abs(b)), floor)


def re_mean_magnitude(a, b, floor=1e-8):
    """Divides by the mean of the magnitudes."""
    return np.abs(a - b) / np.maximum(0.5 * (np.abs(a) + np.abs(b)), floor)


def re_squared_difference(a, b, floor=1e-8):
    """Squares the difference instead of taking its absolute value."""
    return (a - b) ** 2 / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_difference_of_magnitudes(a, b, floor=1e-8):
    """| |a| - |b| | in the numerator."""
    return np.abs(np.abs(a) - np.abs(b)) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_floor_clips_numerator(a, b, floor=1e-8):
    """Clips the numerator at the floor, from below, and leaves the denominator as it is."""
    return np.clip(np.abs(a - b), floor, None) / np.maximum(np.abs(a), np.abs(b))


def re_map_over_pairs(a, b, floor=1e-8):
    """map() over the pairs of entries: a list, and rows (not numbers) for a matrix."""
    return list(map(lambda p, q: abs(p - q) / max(abs(p), abs(q), floor), a, b))


def _sgd_step(W, Xb, yb, lr, K):
    return W + lr * Xb.T @ (cu.one_hot(yb, K) - cu.softmax(Xb @ W)) / len(yb)


def _sgd_loop(X, y, K, lr, epochs, batch_size, seed, make_batches=None, step_lr=None, order=None):
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], K))
    for e in range(epochs):
        p = rng.permutation(len(y)) if order is None else order(rng, e)
        batches = [p[s:s + batch_size] for s in range(0, len(y), batch_size)] if make_batches is None \
            else make_batches(rng, p)
        for b in batches:
            W = _sgd_step(W, X[b], y[b], lr if step_lr is None else step_lr(lr, e), K)
    return W


def sgd_mean_over_dataset(X, y, num_classes, lr, epochs, batch_size, seed):
    """Each batch's gradient sum divided by len(X)."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        p = rng.permutation(len(X))
        for s in range(0, len(X), batch_size):
            b = p[s:s + batch_size]
            W += lr / len(X) * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W))
    return W


def sgd_nominal_batch_size(X, y, num_classes, lr, epochs, batch_size, seed):
    """Divides every batch's gradient sum by batch_size, even the smaller last batch's."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        p = rng.permutation(len(X))
        for s in range(0, len(X), batch_size):
            b = p[s:s + batch_size]
            W = W + lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / batch_size
    return W


def sgd_random_batch_starts(X, y, num_classes, lr, epochs, batch_size, seed):
    """Draws random batch starts: batches overlap and some samples are never used."""
    def batches(rng, p):
        starts = rng.integers(0, max(1, len(y) - batch_size), -(-len(y) // batch_size))
        return [np.arange(s, s + batch_size) for s in starts]
    return _sgd_loop(X, y, num_classes, lr, epochs, batch_size, seed, make_batches=batches)


def sgd_skips_first_batch(X, y, num_classes, lr, epochs, batch_size, seed):
    """Loops over the batch numbers from 1: the first batch of every epoch is left out."""
    def batches(rng, p):
        return [p[i * batch_size:(i + 1) * batch_size] for i in range(1, -(-len(y) // batch_size))]
    return _sgd_loop(X, y, num_classes, lr, epochs, batch_size, seed, make_batches=batches)


def sgd_one_epoch_short(X, y, num_classes, lr, epochs, batch_size, seed):
    """range(epochs - 1): one epoch too few."""
    return _sgd_loop(X, y, num_classes, lr, epochs - 1, batch_size, seed)


def sgd_labels_in_stored_order(X, y, num_classes, lr, epochs, batch_size, seed):
    """Shuffles the rows of X but slices the labels in their stored order."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        Xs = X[rng.permutation(len(y))]
        for s in range(0, len(y), batch_size):
            W = _sgd_step(W, Xs[s:s + batch_size], y[s:s + batch_size], lr, num_classes)
    return W


def sgd_geometric_decay(X, y, num_classes, lr, epochs, batch_size, seed):
    """Multiplies lr by 0.9 every epoch."""
    return _sgd_loop(X, y, num_classes, lr, epochs, batch_size, seed, step_lr=lambda lr, e: lr * 0.9 ** e)


def sgd_generator_per_epoch_scaled_seed(X, y, num_classes, lr, epochs, batch_size, seed):
    """A new generator every epoch, seeded with seed * (epoch + 1)."""
    return _sgd_loop(X, y, num_classes, lr, epochs, batch_size, seed,
                     order=lambda rng, e: np.random.default_rng(seed * (e + 1)).permutation(len(y)))


def sgd_digits_K(X, y, num_classes, lr, epochs, batch_size, seed):
    """W of the notebook's K = 10 columns whatever num_classes says."""
    return _sgd_loop(X, y, DIGITS_K, lr, epochs, batch_size, seed)


def sgd_step_over_K(X, y, num_classes, lr, epochs, batch_size, seed):
    """Divides each step by the number of classes as well."""
    return _sgd_loop(X, y, num_classes, lr / num_classes, epochs, batch_size, seed)


def sgd_steps_from_epoch_start(X, y, num_classes, lr, epochs, batch_size, seed):
    """Adds up the batch steps of an epoch, all computed at the W of its start, and applies them at its end."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        p = rng.permutation(len(y))
        total = np.zeros_like(W)
        for s in range(0, len(y), batch_size):
            b = p[s:s + batch_size]
            total += _sgd_step(W, X[b], y[b], lr, num_classes) - W
        W = W + total
    return W


def sgd_iris_N(X, y, num_classes, lr, epochs, batch_size, seed):
    """Permutes the notebook's N = 150 samples whatever X holds."""
    return _sgd_loop(X, y, num_classes, lr, epochs, batch_size, seed,
                     order=lambda rng, e: rng.permutation(IRIS_N))


BUGGY += [
    ("check_softmax", softmax_capped_at_one, r"1-D vector of 5 logits.*softmax of the logits capped from above at 1: "
                                             r"every logit above 1 counts as 1"),
    ("check_softmax", softmax_minimum_for_max, r"capped from below at -1, the value of `axis`.*np\.minimum\(a, axis\) "
                                               r"is the elementwise smaller of a and the NUMBER axis"),
    ("check_softmax", softmax_maximum_with_axis_keyword, r"raised TypeError.*Hint: np\.maximum and np\.minimum compare "
                                                         r"two arrays entry by entry and take no axis"),
    ("check_softmax", softmax_comprehension_over_rows, r"Every output is 1: each logit is normalized on its own"),
    ("check_softmax", softmax_neg_inf_to_zero, r"-inf entries.*wrong on rows that hold a -inf logit.*replaced by "
                                               r"numbers"),
    ("check_log_likelihood", ll_elementwise_logits, r"shapes are \(N, D\) and \(D, K\), shaped like the two factors of "
                                                    r"a matrix product \(D meets D\).*the matrix product is @"),
    ("check_log_likelihood", ll_eye_of_samples, r"\(N, N\) and \(N, K\): one has N columns \(N = 7, one per sample\) "
                                                r"where the other has K columns"),
    ("check_log_likelihood", ll_digits_K, r"10 is none of this problem's sizes.*with K = 10, it is right, but here "
                                          r"K = 3: it seems to use a fixed K = 10"),
    ("check_log_likelihood", ll_transposed_X, r"A has N columns and B has D rows"),
    ("check_log_likelihood", ll_label_then_sample, r"as many samples as classes \(N = K\), it runs without this error.*"
                                                   r"indices seem swapped"),
    ("check_log_likelihood", ll_per_class_mean, r"Every sample's contribution is divided by K = 3 \(the number of "
                                                r"classes\)"),
    ("check_log_likelihood", ll_stops_before_last, r"The last sample \(j = N - 1 = 6\) is left out of the sum"),
    ("check_log_likelihood", ll_first_sample_twice, r"Sample 0 counts twice; the others count once"),
    ("check_log_likelihood", ll_returns_in_loop, r"Only the first sample's contribution is there"),
    ("check_log_likelihood", ll_shift_twice, r"Each sample's term is a_y - 2 m - L instead of a_y - m - L"),
    ("check_log_likelihood", ll_no_shift_on_true_logit, r"too large by exactly the sum of the row maxima m_j"),
    ("check_log_likelihood", ll_lse_down_columns, r"log-sum-exp over the samples \(axis 0"),
    ("check_softmax_jacobian", jac_identity_of_five, r"5 is none of this problem's sizes \(K = 4\).*with K = 5, it is "
                                                     r"right.*fixed K = 5.*K is s\.shape\[-1\]"),
    ("check_softmax_jacobian", jac_softmax_again, r"Jacobian at softmax\(s\), not at s"),
    ("check_softmax_jacobian", jac_rows_stop_early, r"Row 3 \(i = 3\) is all 0; the other rows are right"),
    ("check_softmax_jacobian", jac_row_probability_squared, r"The diagonal is right, but off the diagonal entry "
                                                            r"\[i, k\] is -sigma_i\^2"),
    ("check_softmax_jacobian", jac_einsum_sums_batch, r"outer products of ALL the samples summed over the batch"),
    ("check_softmax_jacobian", jac_no_identity, r"diagonal term sigma_k appears in every entry"),
    ("check_softmax_jacobian", jac_first_row_everywhere, r"Every block is the Jacobian of sample 0"),
    ("check_grad_log_likelihood_loop", loop_column_of_next_class, r"Column k holds the values that belong in column "
                                                                  r"k - 1 \(around the end: column 0 those of the "
                                                                  r"last\)"),
    ("check_grad_log_likelihood_loop", loop_own_class_without_sigma, r"In the case k = y_j \(the sample's own class\) it "
                                                                     r"adds \(1\) x_j instead of \(1 - sigma_k\) x_j"),
    ("check_grad_log_likelihood_loop", loop_other_classes_doubled, r"In the case k != y_j it adds \(-2 sigma_k\) x_j "
                                                                   r"instead of -sigma_k x_j"),
    ("check_grad_log_likelihood_loop", loop_even_samples_only, r"Samples 1, 3 and 5 are left out of the sum"),
    ("check_grad_log_likelihood_loop", loop_features_of_sample_0, r"multiplied by the features of sample 0, x_0"),
    ("check_grad_log_likelihood_loop", loop_fixed_fifty_samples, r"a sample index past the last sample.*runs from "
                                                                 r"N = 50 samples on, and with exactly N = 50 samples "
                                                                 r"it is right"),
    ("check_grad_log_likelihood_loop", loop_prepends_ones, r"shape \(5, 3\).*one row more than W has \(D \+ 1 = 5"),
    ("check_grad_log_likelihood_loop", loop_integer_gradient, r"Cannot cast.*Hint: an in-place operation \(\+=, -=, "
                                                              r"\*=\) writes floats into an array of integers"),
    ("check_grad_log_likelihood_loop", loop_class_row_index, r"the shapes are \(K,\) and \(D,\): one has D entries "
                                                             r"\(one per feature\) along its last axis where the "
                                                             r"other has K"),
    ("check_grad_log_likelihood", grad_product_before_difference, r"\(D, K\) and \(N, K\): one has a row per feature "
                                                                  r"\(D\), the other a row per sample \(N\)"),
    ("check_grad_log_likelihood", grad_one_hot_K_minus_1, r"Hint: the provided one_hot \(or another course function\) "
                                                          r"received labels beyond the number of classes"),
    ("check_grad_log_likelihood", grad_divided_by_classes, r"Every sample's contribution is divided by K = 3"),
    ("check_grad_log_likelihood", grad_probabilities_without_x, r"The probability term -sigma_k is not multiplied by "
                                                                r"x_j"),
    ("check_grad_log_likelihood_sample", sample_one_hot_arguments_swapped, r"the number of classes received an array: "
                                                                           r"the provided one_hot takes the labels "
                                                                           r"first"),
    ("check_grad_log_likelihood_sample", sample_divided_by_classes, r"The result is divided by K = 3 \(the number of "
                                                                    r"classes\)"),
    ("check_grad_log_likelihood_sample", sample_probabilities_without_x, r"probability term -sigma_k is not multiplied "
                                                                         r"by x_j"),
    ("check_grad_log_likelihood_sample", sample_digits_K, r"with K = 10, it is right, but here K = 3: it seems to use a "
                                                          r"fixed K = 10"),
    ("check_numerical_gradient", ng_perturbs_copy_evaluates_W, r"f was called 12 times, always at W itself \(the very "
                                                               r"array you were given\), never with an entry moved"),
    ("check_numerical_gradient", ng_adds_h_to_all, r"several entries of W moved at once.*EVERY entry moves by \+1e-05: "
                                                   r"adding h to the whole array"),
    ("check_numerical_gradient", ng_second_point_is_W, r"half a one-sided difference, \(f\(W \+ h\) - f\(W\)\) / \(2h\)"),
    ("check_numerical_gradient", ng_copies_before_loop, r"entry \[0, 0\] is still moved by \+1e-05 from before: the "
                                                        r"moves pile up"),
    ("check_numerical_gradient", ng_one_copy_never_reset, r"log-likelihood.*entry \[0, 0\] is still moved by -1e-05 "
                                                          r"from before"),
    ("check_numerical_gradient", ng_nditer_without_readwrite, r"read-only.*Hint: an array that may not be written"),
    ("check_numerical_gradient", ng_double_step, r"h = 0\.1.*Its step is 2 times h, not h"),
    ("check_numerical_gradient", ng_step_scaled_by_entry, r"h = 0\.1.*step for each entry is h times the size of that "
                                                          r"entry"),
    ("check_numerical_gradient", ng_machine_epsilon_step, r"same result whatever h is.*ignores its `h` argument.*"
                                                          r"round-off"),
    ("check_numerical_gradient", ng_default_one_thousandth, r"called without h.*uses a step of about 0\.001.*default "
                                                            r"value of h must be 1e-5"),
    ("check_relative_error", re_signed_fmax, r"divides by the larger of a and b without absolute values"),
    ("check_relative_error", re_smaller_magnitude, r"divides by the SMALLER of \|a\| and \|b\|"),
    ("check_relative_error", re_mean_magnitude, r"divides by the mean of \|a\| and \|b\|"),
    ("check_relative_error", re_squared_difference, r"numerator is the SQUARED difference"),
    ("check_relative_error", re_difference_of_magnitudes, r"numerator is the difference of the magnitudes"),
    ("check_relative_error", re_floor_clips_numerator, r"wrong only where a and b are both 0 \(it returns inf "
                                                       r"there\)"),
    ("check_relative_error", re_map_over_pairs, r"On a 1-D input .* it returns a Python list: iterating over an array"),
    ("check_train_sgd", sgd_mean_over_dataset, r"batch_size=5.*Each step is divided by N = 23, the number of ALL "
                                               r"samples"),
    ("check_train_sgd", sgd_nominal_batch_size, r"Each step is divided by batch_size = 5, also for the last batch, "
                                                r"which holds only 3 samples"),
    ("check_train_sgd", sgd_random_batch_starts, r"some samples are never used while others are used in two batches"),
    ("check_train_sgd", sgd_skips_first_batch, r"no step at all.*first 5 samples of each epoch's order \(its first "
                                               r"batch\) are never used"),
    ("check_train_sgd", sgd_one_epoch_short, r"runs one epoch fewer than `epochs` says"),
    ("check_train_sgd", sgd_labels_in_stored_order, r"rows of X are taken in the shuffled order but the labels in their "
                                                    r"stored order"),
    ("check_train_sgd", sgd_geometric_decay, r"first epoch is exactly right, but epoch 2 steps with a learning rate of "
                                             r"0\.45"),
    ("check_train_sgd", sgd_generator_per_epoch_scaled_seed, r"epoch 2 visits the samples in the order of the FIRST "
                                                             r"permutation of a new generator made from 14"),
    ("check_train_sgd", sgd_digits_K, r"shape \(4, 10\).*with K = 10 classes, its weights are the prescribed ones.*"
                                      r"fixed K = 10"),
    ("check_train_sgd", sgd_step_over_K, r"single step.*divided by K = 3 \(the number of classes\)"),
    ("check_train_sgd", sgd_steps_from_epoch_start, r"Every gradient of an epoch is taken at the W of the start of "
                                                    r"the epoch"),
    ("check_train_sgd", sgd_iris_N, r"runs from N = 150 samples on, and with exactly N = 150 samples its weights are the "
                                    r"prescribed ones"),
]


def softmax_halved_logits(a, axis=-1):
    """Divides the shifted logits by 2 ('a temperature') before exponentiating."""
    e = np.exp((a - a.max(axis=axis, keepdims=True)) / 2)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_shift_by_column_max(a, axis=-1):
    """Shifts by the maximum of the other axis (each column's), then normalizes along `axis`."""
    other = 0 if axis in (1, -1) and np.ndim(a) == 2 else axis
    e = np.exp(a - a.max(axis=other, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def ll_largest_logit_for_label(W, X, y):
    """Uses each sample's largest logit where its true class's logit is meant."""
    A = X @ W
    m = A.max(axis=1)
    return float(np.sum(A.max(axis=1) - m - np.log(np.exp(A - m[:, None]).sum(axis=1))))


def jac_outer_of_batch(s):
    """np.diag and np.outer on a batch: np.outer flattens s."""
    return np.diag(s) - np.outer(s, s)


def grad_one_hot_whole_columns(W, X, y):
    """Y[:, y] = 1 sets whole columns: every class that occurs in y, for every sample."""
    Y = np.zeros((X.shape[0], W.shape[1]))
    Y[:, y] = 1.0
    return X.T @ (Y - cu.softmax(X @ W))


def grad_with_weight_decay(W, X, y):
    """Subtracts 0.01 W 'to regularize'."""
    return X.T @ (cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W)) - 0.01 * W


def loop_condition_precedence(W, X, y):
    """(y[j] == k - s[k]) compares the label with k - s_k: never true, so nothing is ever added."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = cu.softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += (y[j] == k - s[k]) * X[j]
    return G


def sample_label_as_array(W, x, y):
    """Indexes the label as if it were an array of labels."""
    return np.outer(x, np.eye(W.shape[1])[y[0]] - cu.softmax(x @ W))


def ng_absolute_difference(f, W, h=1e-5):
    """Takes the absolute value of the difference of f."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = abs(f(Wp) - f(Wm)) / (2 * h)
    return g


def re_magnitude_of_sum(a, b, floor=1e-8):
    """Divides by |a + b|."""
    return np.abs(a - b) / np.maximum(np.abs(a + b), floor)


def re_floor_added_to_error(a, b, floor=1e-8):
    """Adds the floor to the quotient."""
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor) + floor


def sgd_split_into_equal_batches(X, y, num_classes, lr, epochs, batch_size, seed):
    """np.array_split of the permutation into N // batch_size nearly equal batches."""
    return _sgd_loop(X, y, num_classes, lr, epochs, batch_size, seed,
                     make_batches=lambda rng, p: np.array_split(p, max(1, len(y) // batch_size)))


def sgd_zeros_every_epoch(X, y, num_classes, lr, epochs, batch_size, seed):
    """W = 0 inside the epoch loop: every epoch starts again from zeros."""
    rng = np.random.default_rng(seed)
    W = None
    for _ in range(epochs):
        W = np.zeros((X.shape[1], num_classes))
        p = rng.permutation(len(y))
        for s in range(0, len(y), batch_size):
            b = p[s:s + batch_size]
            W = _sgd_step(W, X[b], y[b], lr, num_classes)
    return W


def sgd_gradient_on_all_rows(X, y, num_classes, lr, epochs, batch_size, seed):
    """The batch's labels against the softmax of ALL rows of X: shapes (B, K) and (N, K) meet."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        p = rng.permutation(len(y))
        for s in range(0, len(y), batch_size):
            b = p[s:s + batch_size]
            W = W + lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X @ W)) / len(b)
    return W


BUGGY += [
    ("check_softmax", softmax_halved_logits, r"softmax of the logits multiplied by 0\.5"),
    ("check_softmax", softmax_shift_by_column_max, r"shifted by a different number in each column: the maximum is taken "
                                                   r"along the other axis"),
    ("check_log_likelihood", ll_largest_logit_for_label, r"Each sample's term is -L, which .* LARGEST logit .*not of the sample's label"),
    ("check_softmax_jacobian", jac_outer_of_batch, r"12 = N x K is the number of entries of an \(N, K\) array, as if "
                                                   r"one had been flattened"),
    ("check_grad_log_likelihood", grad_one_hot_whole_columns, r"The indicator is 1 in EVERY column"),
    ("check_grad_log_likelihood", grad_with_weight_decay, r"right gradient minus 0\.01 W: a penalty term"),
    ("check_grad_log_likelihood_loop", loop_condition_precedence, r"Every entry of the result is 0 \(up to round-off\): "
                                                                  r"nothing is added to it"),
    ("check_grad_log_likelihood_sample", sample_label_as_array, r"not subscriptable.*Hint: a single number was indexed"),
    ("check_numerical_gradient", ng_absolute_difference, r"magnitude of the derivative, never negative"),
    ("check_relative_error", re_magnitude_of_sum, r"divides by \|a \+ b\|, the magnitude of the SUM"),
    ("check_relative_error", re_floor_added_to_error, r"adds the floor to the result"),
    ("check_train_sgd", sgd_split_into_equal_batches, r"used once per epoch, but in batches of 6, 6, 6, 5 samples"),
    ("check_train_sgd", sgd_zeros_every_epoch, r"epoch 2 starts again from W = 0"),
    ("check_train_sgd", sgd_gradient_on_all_rows, r"\(B, K\) and \(N, K\): one has a row per sample of the batch"),
]


NOTEBOOK_CLASSES = 4


def loop_over_notebook_classes(W, X, y):
    """Loops over the notebook's 4 classes whatever W says: past the last class of a problem with 3."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = cu.softmax(X[j] @ W)
        for k in range(NOTEBOOK_CLASSES):
            G[:, k] += ((1 - s[k]) if y[j] == k else -s[k]) * X[j]
    return G


BUGGY += [
    ("check_grad_log_likelihood_loop", loop_over_notebook_classes, r"index 3 on an axis of the K = 3 classes.*with "
                                                                   r"K = 4, it is right, but here K = 3: it seems to "
                                                                   r"use a fixed K = 4"),
]


# ====================================================================== structural diagnoses, round 3 (issue 16)


def softmax_log_unshifted(a, axis=-1):
    """Returns a - log(sum exp(a)): the log-probabilities (and unshifted), not the probabilities."""
    return a - np.log(np.sum(np.exp(a), axis=axis, keepdims=True))


def softmax_int_buffer(a, axis=-1):
    """Writes the probabilities into np.zeros_like(a, dtype=int): every one is truncated to 0."""
    out = np.zeros_like(a, dtype=int)
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    out[...] = e / e.sum(axis=axis, keepdims=True)
    return out


def ll_adds_unshifted_lse(W, X, y):
    """a_y + log sum exp(a): the log-sum-exp added instead of subtracted."""
    A = X @ W
    return float(np.sum(A[np.arange(len(y)), y] + np.log(np.sum(np.exp(A), axis=1))))


def ll_global_logsumexp(W, X, y):
    """a_y minus the log-sum-exp of the WHOLE matrix (no axis) for every sample."""
    A = X @ W
    m = A.max()
    return float(np.sum(A[np.arange(len(y)), y] - m - np.log(np.sum(np.exp(A - m)))))


def ll_mean_of_where(W, X, y):
    """np.mean of the N x K matrix holding log sigma_y at the labels and 0 elsewhere: divided by N K."""
    A = X @ W
    logS = A - sp.logsumexp(A, axis=1, keepdims=True)
    mask = np.arange(W.shape[1])[None, :] == y[:, None]
    return float(np.mean(np.where(mask, logS, 0.0)))


def ll_sum_of_probabilities(W, X, y):
    """Sums the true-class probabilities themselves, without the log."""
    A = X @ W
    S = np.exp(A - sp.logsumexp(A, axis=1, keepdims=True))
    return float(np.sum(S[np.arange(len(y)), y]))


def ll_first_row_only(W, X, y):
    """logS[0, y]: the label's column of row 0 for every sample."""
    A = X @ W
    logS = A - sp.logsumexp(A, axis=1, keepdims=True)
    return float(logS[0, y].sum())


def ll_label_as_row(W, X, y):
    """logS[y, y]: the label used as the row index too."""
    A = X @ W
    logS = A - sp.logsumexp(A, axis=1, keepdims=True)
    return float(logS[y, y].sum())


def jac_dot_for_outer(s):
    """diag(s) - s @ s: the dot product s . s where the outer product is meant."""
    return np.diag(s) - s @ s


def jac_delta_everywhere_loop(s):
    """J[i, k] = s_i (1 - s_k) in a double loop: the delta term in every entry."""
    K = s.shape[-1]
    J = np.zeros((K, K))
    for i in range(K):
        for k in range(K):
            J[i, k] = s[i] * (1 - s[k])
    return J


def jac_cast_to_int(s):
    """Casts the Jacobian to int at the end: every entry truncated to 0."""
    if s.ndim == 2:
        return (s[:, :, None] * np.eye(s.shape[1]) - s[:, :, None] * s[:, None, :]).astype(int)
    return (np.diag(s) - np.outer(s, s)).astype(int)


def grad_label_sigma_everywhere(W, X, y):
    """Subtracts sigma_{y_j} (the label's probability) in every column instead of sigma_k."""
    S = cu.softmax(X @ W)
    return X.T @ (cu.one_hot(y, W.shape[1]) - S[np.arange(len(y)), y][:, None])


def grad_exp_not_softmax(W, X, y):
    """Uses exp(a - max) without dividing by the sum: not probabilities."""
    A = X @ W
    return X.T @ (cu.one_hot(y, W.shape[1]) - np.exp(A - A.max(axis=1, keepdims=True)))


def grad_logits_for_probabilities(W, X, y):
    """Y - A: the logits where the probabilities belong."""
    return X.T @ (cu.one_hot(y, W.shape[1]) - X @ W)


def grad_complement_indicator(W, X, y):
    """(1 - Y) - S: the indicator marks every class but the label: the two cases swapped."""
    return X.T @ ((1 - cu.one_hot(y, W.shape[1])) - cu.softmax(X @ W))


def grad_label_entry_set_to_one(W, X, y):
    """R = -S, then R[j, y_j] = 1: the own-class entry is 1 instead of 1 - sigma_y."""
    R = -cu.softmax(X @ W)
    R[np.arange(len(y)), y] = 1.0
    return X.T @ R


def grad_plus_ones(W, X, y):
    """np.ones_like(W) + X^T (Y - S): the sum starts from ones."""
    return np.ones_like(W) + X.T @ (cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W))


def grad_residual_only(W, X, y):
    """Returns Y - S without the product with X^T."""
    return cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W)


def grad_einsum_keeps_samples(W, X, y):
    """einsum('nd,nk->nk'): sums over the features instead of the samples."""
    return np.einsum("nd,nk->nk", X, cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W))


def grad_one_hot_transposed(W, X, y):
    """one_hot(y, K).T - S: a (K, N) indicator against the (N, K) probabilities."""
    return X.T @ (cu.one_hot(y, W.shape[1]).T - cu.softmax(X @ W))


def grad_identity_of_D(W, X, y):
    """np.eye(X.shape[1])[y]: a one-hot of D columns instead of K."""
    return X.T @ (np.eye(X.shape[1])[y] - cu.softmax(X @ W))


def loop_adds_into_row(W, X, y):
    """G[y_j] += x_j: adds a sample's features into ROW y_j (K entries) instead of column y_j."""
    G = np.zeros_like(W)
    for j in range(len(y)):
        s = cu.softmax(X[j] @ W)
        G[y[j]] += X[j]
        G -= np.outer(X[j], s)
    return G


def grad_probability_part_mean(W, X, y):
    """X^T Y - X^T S / N: only the probability part divided by N."""
    return X.T @ cu.one_hot(y, W.shape[1]) - X.T @ cu.softmax(X @ W) / X.shape[0]


def sample_unnormalized_exp(W, x, y):
    """exp(a - max) without the division by the sum."""
    a = x @ W
    e = np.exp(a - a.max())
    return np.outer(x, np.eye(W.shape[1])[y] - e)


BUGGY += [
    ("check_softmax", softmax_log_unshifted, r"returns the LOG-probabilities"),
    ("check_softmax", softmax_int_buffer, r"returned an array of int64 numbers .* integer dtype .*truncates"),
    ("check_log_likelihood", ll_adds_unshifted_lse, r"ADDS the log-sum-exp m \+ L .* instead of subtracting it"),
    ("check_log_likelihood", ll_global_logsumexp, r"log-sum-exp of each sample is taken over ALL the entries"),
    ("check_log_likelihood", ll_mean_of_where, r"divided by N K = 21, the number of entries of an \(N, K\) array"),
    ("check_log_likelihood", ll_sum_of_probabilities, r"sums the probabilities sigma_y themselves, without the log"),
    ("check_log_likelihood", ll_first_row_only, r"Every term comes from row 0 \(sample 0\).*\[0, y_j\], not \[j, y_j\]"),
    ("check_log_likelihood", ll_label_as_row, r"other entries than \[j, y_j\] .*for example \[\d, \d\]"),
    ("check_softmax_jacobian", jac_dot_for_outer, r"s @ s\.T is the dot product"),
    ("check_softmax_jacobian", jac_delta_everywhere_loop, r"off the diagonal entry \[i, k\] is -sigma_i sigma_k \+ "
                                                          r"sigma_i .*sigma_i alone belongs to the diagonal only"),
    ("check_softmax_jacobian", jac_cast_to_int, r"array of int64 numbers \(whole numbers\)"),
    ("check_grad_log_likelihood", grad_label_sigma_everywhere, r"r = -sigma_\{y_j\} in the case k != y_j .*label's "
                                                               r"probability"),
    ("check_grad_log_likelihood", grad_exp_not_softmax, r"e\^\(a_k - m\) .*not a probability until it is divided"),
    ("check_grad_log_likelihood", grad_logits_for_probabilities, r"r = 1 - a_k in the case k = y_j .*r = -a_k .*The "
                                                                 r"logit a_k"),
    ("check_grad_log_likelihood", grad_complement_indicator, r"the two cases are swapped"),
    ("check_grad_log_likelihood", grad_label_entry_set_to_one, r"In the case k = y_j \(the sample's own class\) it adds \(1\) x_j instead of \(1 - sigma_k\) x_j"),
    ("check_grad_log_likelihood", grad_plus_ones, r"Every entry is 1 too large.*start from np\.ones"),
    ("check_grad_log_likelihood", grad_residual_only, r"returned the residual Y - S itself"),
    ("check_grad_log_likelihood", grad_einsum_keeps_samples, r"sums over the features \(axis 1\) where the sum over "
                                                             r"the samples"),
    ("check_grad_log_likelihood", grad_one_hot_transposed, r"\(K, N\) and \(N, K\): one is the other transposed"),
    ("check_grad_log_likelihood", grad_identity_of_D, r"one has D columns \(one per feature\) where the other has K"),
    ("check_grad_log_likelihood_loop", loop_adds_into_row, r"the array written into .*has K = 3 entries.*G\[:, k\]"),
    ("check_grad_log_likelihood", grad_probability_part_mean, r"The indicator part is right, but in the probability "
                                                              r"part .* divided by N = 7 \(the number of samples\)"),
    ("check_grad_log_likelihood_sample", sample_unnormalized_exp, r"e\^\(a_k - m\) is not a probability"),
]


# ====================================================================== more structural diagnoses, round 4 (issue 16)


def softmax_powers_of_two(a, axis=-1):
    """2 ** (a - m) in place of e^(a - m)."""
    e = 2.0 ** (a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_math_exp(a, axis=-1):
    """math.exp on an array: only a single number can be converted."""
    import math
    m = np.max(a, axis=axis, keepdims=True)
    return math.exp(a - m) / np.sum(np.exp(a - m), axis=axis, keepdims=True)


def ll_lse_subtracted_twice(W, X, y):
    """Subtracts each sample's log-sum-exp twice (once in log S, once more)."""
    A = X @ W
    lse = sp.logsumexp(A, axis=1)
    return float(np.sum(A[np.arange(len(y)), y] - lse - lse))


def ll_log_of_mean_in_loop(W, X, y):
    """log of the MEAN of the exponentials, sample by sample."""
    total = 0.0
    for j in range(len(y)):
        a = X[j] @ W
        m = a.max()
        total += a[y[j]] - m - np.log(np.mean(np.exp(a - m)))
    return total


def ll_rows_of_labels(W, X, y):
    """Sums logS[y, :], the whole rows y_j."""
    A = X @ W
    logS = A - sp.logsumexp(A, axis=1, keepdims=True)
    return float(logS[y, :].sum())


def jac_upper_half(s):
    """np.triu of the Jacobian: the lower half left 0."""
    return np.triu(np.diag(s) - np.outer(s, s))


def jac_loop_one_minus_square(s):
    """J[i, i] = 1 - s_i^2: the identity where diag(s) belongs."""
    K = len(s)
    J = -np.outer(s, s)
    for i in range(K):
        J[i, i] = 1 - s[i] ** 2
    return J


def jac_vstack_blocks(s):
    """np.vstack of the blocks: (N K, K) instead of (N, K, K)."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    return np.vstack([np.diag(r) - np.outer(r, r) for r in s])


def loop_feature_sum(W, X, y):
    """Multiplies the residual by X[j].sum(), one number, instead of the vector x_j."""
    G = np.zeros_like(W)
    for j in range(len(y)):
        s = cu.softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += ((y[j] == k) - s[k]) * X[j].sum()
    return G


def loop_classes_up_to_label(W, X, y):
    """range(y[j] + 1): the classes after the label never get their term."""
    G = np.zeros_like(W)
    for j in range(len(y)):
        s = cu.softmax(X[j] @ W)
        for k in range(y[j] + 1):
            G[:, k] += ((y[j] == k) - s[k]) * X[j]
    return G


def loop_results_per_sample(W, X, y):
    """G = np.zeros_like(X @ W): one row per sample, written column by column."""
    G = np.zeros_like(X @ W)
    for j in range(len(y)):
        s = cu.softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += ((y[j] == k) - s[k]) * X[j]
    return G


def grad_residual_times_sigma(W, X, y):
    """X^T ((Y - S) * S): every term multiplied by sigma_k."""
    S = cu.softmax(X @ W)
    return X.T @ ((cu.one_hot(y, W.shape[1]) - S) * S)


def grad_residual_times_complement(W, X, y):
    """X^T ((Y - S) * (1 - S)): every term multiplied by 1 - sigma_k."""
    S = cu.softmax(X @ W)
    return X.T @ ((cu.one_hot(y, W.shape[1]) - S) * (1 - S))


def grad_indicator_product_of_sums(W, X, y):
    """np.outer(X.sum(0), Y.sum(0)) for the indicator part."""
    return np.outer(X.sum(axis=0), cu.one_hot(y, W.shape[1]).sum(axis=0)) - X.T @ cu.softmax(X @ W)


def grad_global_normalization(W, X, y):
    """Its own softmax normalized over the whole matrix."""
    A = X @ W
    E = np.exp(A - A.max())
    return X.T @ (cu.one_hot(y, W.shape[1]) - E / E.sum())


def grad_reshaped_transpose(W, X, y):
    """(R^T X).reshape(D, K) where a transpose is meant."""
    R = cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W)
    return (R.T @ X).reshape(W.shape)


def grad_outer_of_transposed(W, X, y):
    """np.outer(X.T, Y - S): np.outer flattens both."""
    return np.outer(X.T, cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W))


BUGGY += [
    ("check_softmax", softmax_powers_of_two, r"It uses 2\^x \(np\.exp2 or 2 \*\* x\) in place of e\^x"),
    ("check_softmax", softmax_math_exp, r"several numbers was turned into ONE Python number"),
    ("check_log_likelihood", ll_lse_subtracted_twice, r"log-sum-exp m \+ L is subtracted 2 times instead of once"),
    ("check_log_likelihood", ll_log_of_mean_in_loop, r"off by the same constant, \+log K = .*A mean where a sum is "
                                                     r"meant inside the log-sum-exp"),
    ("check_log_likelihood", ll_rows_of_labels, r"sums WHOLE rows of log-probabilities"),
    ("check_softmax_jacobian", jac_upper_half, r"entries on and above the diagonal are right, but those below it are "
                                               r"all 0"),
    ("check_softmax_jacobian", jac_loop_one_minus_square, r"entry \[k, k\] is -sigma_k\^2 \+ 1 .*identity matrix's"),
    ("check_softmax_jacobian", jac_vstack_blocks, r"the result is \(N K, K\), where \(N, K, K\) is expected: the blocks "
                                                  r"are joined"),
    ("check_grad_log_likelihood_loop", loop_feature_sum, r"Every row is the same: .*SUM of the sample's features"),
    ("check_grad_log_likelihood_loop", loop_classes_up_to_label, r"sigma_k \(only for k < y_j\) .*classes after the "
                                                                 r"label get nothing"),
    ("check_grad_log_likelihood_loop", loop_results_per_sample, r"array written into .* has N = 7 entries, one per "
                                                                r"sample"),
    ("check_grad_log_likelihood", grad_residual_times_sigma, r"r = sigma_k - sigma_k\^2 in the case k = y_j .*r = -sigma_k\^2 in the case k != y_j"),
    ("check_grad_log_likelihood", grad_residual_times_complement, r"every term is the right one, \(indicator - "
                                                                  r"sigma_k\) x_j, multiplied by 1 - sigma_k\."),
    ("check_grad_log_likelihood", grad_indicator_product_of_sums, r"The indicator part is a product of sums"),
    ("check_grad_log_likelihood", grad_global_normalization, r"normalized over the WHOLE matrix"),
    ("check_grad_log_likelihood", grad_reshaped_transpose, r"\.reshape \(or np\.reshape\) where a transpose is meant"),
    ("check_grad_log_likelihood", grad_outer_of_transposed, r"the result is \(N D, N K\).*np\.outer \(and np\.kron\) "
                                                            r"flatten"),
]


def re_floor_from_options(a, b, **options):
    """floor read from **options: relative_error(a, b, 1e-8), by position, raises TypeError."""
    floor = options.get("floor", 1e-8)
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


BUGGY += [
    ("check_relative_error", re_floor_from_options, r"takes 2 positional arguments but 3 were given -- on .*floor=1e-8 "
                                                    r"passed by position.*exactly the signature relative_error\(a, b, "
                                                    r"floor=1e-8\)"),
]


# ---------------------------------------------------------------- behaviour, NumPy's messages, more formulas


def softmax_rounded_6(a, axis=-1):
    """Rounds the probabilities to 6 decimals."""
    return np.round(cu.softmax(a, axis=axis), 6)


def softmax_axis_one(a, axis=1):
    """Sums along axis 1 by default: a 1-D vector has no axis 1."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_negated(a, axis=-1):
    """exp(-(a - m)): the shift written backwards."""
    e = np.exp(-(a - np.max(a, axis=axis, keepdims=True)))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_running_sum(a, axis=-1):
    """Divides by a cumulative sum along the classes."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.cumsum(e, axis=axis)


def softmax_column_sums(a, axis=-1):
    """Divides by the sums over the samples (axis 0)."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=0)


def softmax_log_of_unshifted_sum(a, axis=-1):
    """exp(a - log sum exp(a)), the sum unshifted: rows of large logits become 0."""
    return np.exp(a - np.log(np.sum(np.exp(a), axis=axis, keepdims=True)))


def ll_cached_by_shape(W, X, y):
    """Caches the log-probabilities by the shapes of X and W: another W gets the stale ones."""
    cache = ll_cached_by_shape.__dict__.setdefault("cache", {})
    if (X.shape, W.shape) not in cache:
        cache[X.shape, W.shape] = cu.log_softmax(X @ W)
    return float(np.sum(cache[X.shape, W.shape][np.arange(len(y)), y]))


def ll_first_classes_only(W, X, y):
    """The log-sum-exp over range(K - 1): the last class is left out of the normalizer."""
    A = X @ W
    return float(np.sum(A[np.arange(len(y)), y] - sp.logsumexp(A[:, :W.shape[1] - 1], axis=1)))


def ll_logs_summed(W, X, y):
    """Sum of the logs of the shifted exponentials where the log of their sum belongs."""
    A = X @ W
    m = A.max(axis=1, keepdims=True)
    return float(np.sum(A[np.arange(len(y)), y] - m[:, 0] - np.sum(np.log(np.exp(A - m)), axis=1)))


def ll_max_indexed_by_labels(W, X, y):
    """Row maxima indexed by the labels, m[y], in place of m."""
    A = X @ W
    m = A.max(axis=1)
    return float(np.sum(A[np.arange(len(y)), y] - m[y] - np.log(np.sum(np.exp(A - m[:, None]), axis=1))))


def ll_mask_of_labels(W, X, y):
    """Compares y (N,) with np.arange(K) (K,) without making y a column."""
    mask = y == np.arange(W.shape[1])
    return float(np.sum(cu.log_softmax(X @ W) * mask))


def ll_labels_renumbered(W, X, y):
    """np.unique(y, return_inverse=True) renumbers the labels when a class is missing."""
    codes = np.unique(y, return_inverse=True)[1]
    return float(np.sum(cu.log_softmax(X @ W)[np.arange(len(y)), codes]))


def jac_batch_by_class(s):
    """J[:, n] = ... where J[n] is meant."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    N, K = s.shape
    J = np.zeros((N, K, K))
    for n in range(N):
        J[:, n] = np.diag(s[n]) - np.outer(s[n], s[n])
    return J


def loop_all_into_column_zero(W, X, y):
    """Every class's term goes into column 0: they cancel."""
    G = np.zeros_like(W)
    for j in range(len(y)):
        s = cu.softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, 0] += ((y[j] == k) - s[k]) * X[j]
    return G


def loop_weights_not_features(W, X, y):
    """Multiplies by W[:, k] where x_j belongs."""
    G = np.zeros_like(W)
    for j in range(len(y)):
        s = cu.softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += ((y[j] == k) - s[k]) * W[:, k]
    return G


def loop_decrement_inside_classes(W, X, y):
    """s[y_j] -= 1 inside the loop over the classes."""
    G = np.zeros_like(W)
    for j in range(len(y)):
        s = cu.softmax(X[j] @ W)
        for k in range(W.shape[1]):
            s[y[j]] -= 1.0
            G[:, k] -= s[k] * X[j]
    return G


def grad_call_counter(W, X, y):
    """Adds noise drawn from a generator seeded by a call counter kept between calls."""
    count = grad_call_counter.__dict__.setdefault("count", [0])
    count[0] += 1
    noise = np.random.default_rng(count[0]).standard_normal(W.shape)
    return X.T @ (cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W)) + 1e-3 * noise


def grad_tensordot_last_first(W, X, y):
    """np.tensordot(X, R, axes=1): pairs X's features with R's samples."""
    return np.tensordot(X, cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W), axes=1)


def grad_jacobian_column(W, X, y):
    """J_j e_{y_j} without the division by sigma_{y_j}."""
    S = cu.softmax(X @ W)
    R = S[np.arange(len(y)), y][:, None] * (cu.one_hot(y, W.shape[1]) - S)
    return X.T @ R


def sample_label_number(W, x, y):
    """y - sigma: the label itself where its one-hot vector belongs."""
    return np.outer(x, y - cu.softmax(x @ W))


def re_mask_whole_right_side(a, b, floor=1e-8):
    """out[mask] = whole array: the right side is not masked."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    den = np.maximum(np.abs(a), np.abs(b))
    out = np.abs(a - b) / floor
    mask = den > floor
    out[mask] = np.abs(a - b) / np.where(mask, den, 1.0)
    return out


def sgd_equal_split(X, y, num_classes, lr, epochs, batch_size, seed):
    """np.split into N // batch_size pieces: fails when they are not equal."""
    rng = np.random.default_rng(seed)
    N = X.shape[0]
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        for b in np.split(rng.permutation(N), max(N // batch_size, 1)):
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


BUGGY += [
    ("check_softmax", softmax_rounded_6, r"Each value is the right one rounded to 6 decimals"),
    ("check_softmax", softmax_axis_one, r"AxisError.*a reduction along axis=1 met an array with only 1 axis"),
    ("check_softmax", softmax_negated, r"softmax of the NEGATED logits, -a: the sign is flipped"),
    ("check_softmax", softmax_running_sum, r"running \(cumulative\) sum"),
    ("check_softmax", softmax_column_sums, r"divides by sums over the samples"),
    ("check_softmax", softmax_log_of_unshifted_sum, r"every probability of a row with large logits is 0: an "
                                                    r"exponential overflowed"),
    ("check_log_likelihood", ll_cached_by_shape, r"Its result stays the same when `W` changes.*a cache"),
    ("check_log_likelihood", ll_first_classes_only, r"log-sum-exp runs over the first 2 classes only, not over all "
                                                    r"K = 3"),
    ("check_log_likelihood", ll_logs_summed, r"Its normalizer is a SUM of logs"),
    ("check_log_likelihood", ll_max_indexed_by_labels, r"the largest logit of ANOTHER sample"),
    ("check_log_likelihood", ll_mask_of_labels, r"\(N,\) met a vector of one number per class \(K,\).*must be a "
                                                r"column"),
    ("check_log_likelihood", ll_labels_renumbered, r"no sample has class 2.*The earlier cases, where every class has "
                                                   r"a sample, were right"),
    ("check_softmax_jacobian", jac_batch_by_class, r"an array of shape \(K, K\) was stored into a place of shape "
                                                   r"\(N, K\)"),
    ("check_grad_log_likelihood_loop", loop_all_into_column_zero, r"Every entry of the result is 0.*cancel when "
                                                                  r"they go into the same column"),
    ("check_grad_log_likelihood_loop", loop_weights_not_features, r"Column k is w_k \(column k of W\)"),
    ("check_grad_log_likelihood_loop", loop_decrement_inside_classes, r"counted y_j \+ 1 times.*inside the loop "
                                                                      r"over the classes"),
    ("check_grad_log_likelihood", grad_call_counter, r"Called again on the same input, it returned another result"),
    ("check_grad_log_likelihood", grad_tensordot_last_first, r"np\.tensordot paired axes of different sizes"),
    ("check_grad_log_likelihood", grad_jacobian_column, r"multiplied by sigma_\{y_j\}.*column y_j of the softmax "
                                                        r"Jacobian"),
    ("check_grad_log_likelihood_sample", sample_label_number, r"The label y_j itself.*stands where the indicator"),
    ("check_relative_error", re_mask_whole_right_side, r"boolean mask, a\[mask\] = b, takes one number or the 1-D "
                                                       r"array"),
    ("check_train_sgd", sgd_equal_split, r"np\.split cuts an array into pieces of EQUAL length"),
]


def jac_log_softmax_rows(s):
    """I - 1 s^T: the Jacobian of log softmax, without the factor sigma_i."""
    if s.ndim == 1:
        return np.eye(len(s)) - s[None, :]
    return np.eye(s.shape[1])[None] - s[:, None, :]


def jac_plus_outer(s):
    """diag(s) + s s^T with the diagonal fixed: off the diagonal +sigma_i sigma_k."""
    if s.ndim == 2:
        return np.stack([jac_plus_outer(r) for r in s])
    J = np.outer(s, s)
    np.fill_diagonal(J, s - s * s)
    return J


def jac_diag_of_2d(s):
    """np.diag of s made a (K, 1) column: it extracts one number."""
    if s.ndim == 2:
        return np.stack([jac_diag_of_2d(r) for r in s])
    c = s[:, None]
    return np.diag(c) - c @ c.T


def re_hypot(a, b, floor=1e-8):
    """Divides by sqrt(a^2 + b^2)."""
    return np.abs(a - b) / np.maximum(np.sqrt(a * a + b * b), floor)


def ng_first_value_halved(f, W, h=1e-5):
    """f(W + h) / (2 * h) - f(W - h): only the first value is divided."""
    W = np.asarray(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = f(Wp) / (2 * h) - f(Wm)
    return g


def ng_entry_set_to_step(f, W, h=1e-5):
    """Wp[idx] = h, Wm[idx] = -h: sets the entry instead of moving it."""
    W = np.asarray(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx], Wm[idx] = h, -h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_flat_counter(f, W, h=1e-5):
    """Stores at g[n], n counting the entries: rows of a 2-D W."""
    W = np.asarray(W, dtype=float)
    g = np.zeros_like(W)
    n = 0
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[n] = (f(Wp) - f(Wm)) / (2 * h)
        n += 1
    return g


def sgd_scalar_step(X, y, num_classes, lr, epochs, batch_size, seed):
    """Steps by the sum of the whole gradient, one number: always 0."""
    rng = np.random.default_rng(seed)
    N = X.shape[0]
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        p = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = p[start:start + batch_size]
            W += lr * np.sum(X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W))) / len(b)
    return W


def sgd_noise_draw_per_epoch(X, y, num_classes, lr, epochs, batch_size, seed):
    """Draws rng.random() after each epoch's permutation."""
    rng = np.random.default_rng(seed)
    N = X.shape[0]
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        p = rng.permutation(N)
        rng.random()
        for start in range(0, N, batch_size):
            b = p[start:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


BUGGY += [
    ("check_softmax_jacobian", jac_log_softmax_rows, r"the Jacobian of log softmax.*the factor sigma_i is missing"),
    ("check_softmax_jacobian", jac_plus_outer, r"The sign of the off-diagonal entries is flipped"),
    ("check_softmax_jacobian", jac_diag_of_2d, r"sigma_0, the FIRST probability, is in every entry"),
    ("check_relative_error", re_hypot, r"not sqrt\(a\^2 \+ b\^2\)"),
    ("check_numerical_gradient", ng_first_value_halved, r"Only f\(W \+ h\) is divided by 2h.*needs parentheses"),
    ("check_numerical_gradient", ng_entry_set_to_step, r"it sets the entry to h \(an assignment\)"),
    ("check_numerical_gradient", ng_flat_counter, r"a number counting the W\.size = 6 entries \(a counter, "
                                                  r"enumerate\) picks ROWS"),
    ("check_train_sgd", sgd_scalar_step, r"all 0 up to round-off.*ONE number for every weight"),
    ("check_train_sgd", sgd_noise_draw_per_epoch, r"something else also draws from it once per epoch \(a random "
                                                  r"number, as rng\.random draws"),
]


# ---------------------------------------------------------------- more per-sample terms, normalizers, state, shapes


def grad_argmax_one_hot(W, X, y):
    """The one-hot of the predicted class where the probabilities belong."""
    A = X @ W
    return X.T @ (cu.one_hot(y, W.shape[1]) - cu.one_hot(np.argmax(A, axis=1), W.shape[1]))


def grad_log_softmax_residual(W, X, y):
    """Y - log S."""
    return X.T @ (cu.one_hot(y, W.shape[1]) - cu.log_softmax(X @ W))


def grad_sigmoid_probabilities(W, X, y):
    """A sigmoid per logit where the softmax belongs."""
    return X.T @ (cu.one_hot(y, W.shape[1]) - 1.0 / (1.0 + np.exp(-(X @ W))))


def sample_softmax_of_minus(W, x, y):
    """softmax(-x @ W)."""
    r = -cu.softmax(-(x @ W))
    r[y] += 1.0
    return np.outer(x, r)


def ll_lse_base_two(W, X, y):
    """The log of the sum of exponentials taken with np.log2."""
    A = X @ W
    m = A.max(axis=1)
    return float(np.sum(A[np.arange(len(y)), y] - m - np.log2(np.exp(A - m[:, None]).sum(axis=1))))


def ll_normalizer_others_only(W, X, y):
    """The normalizer sums the other classes only."""
    A = X @ W
    E = np.exp(A - A.max(axis=1, keepdims=True))
    own = E[np.arange(len(y)), y]
    return float(np.sum(np.log(own / (E.sum(axis=1) - own))))


def ll_own_exponential_only(W, X, y):
    """log(e^a_y / e^a_y): every term is 0."""
    a = (X @ W)[np.arange(len(y)), y]
    return float(np.sum(a - np.log(np.exp(a))))


def ll_trace_of_log_probabilities(W, X, y):
    """np.trace of log S: the diagonal, not the labels."""
    return float(np.trace(cu.log_softmax(X @ W)))


def sample_remembers_labels(W, x, y, seen=[]):
    """A mutable default list of labels: earlier calls' labels stay marked."""
    seen.append(int(y))
    e = np.zeros(W.shape[1])
    e[[k for k in seen if k < W.shape[1]]] = 1.0
    return np.outer(x, e - cu.softmax(x @ W))


def jac_one_array_per_batch(s):
    """One (K, K) array reused for every sample of a batch."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    block = np.zeros((s.shape[1], s.shape[1]))
    out = []
    for row in s:
        block[:] = np.diag(row) - np.outer(row, row)
        out.append(block)
    return np.array(out)


def jac_square_twice(s):
    """diag(s - s^2) - s s^T: the square subtracted twice on the diagonal."""
    if s.ndim == 2:
        return np.stack([jac_square_twice(r) for r in s])
    return np.diag(s - s * s) - np.outer(s, s)


def loop_logit_from_row_of_W(W, X, y):
    """a_k = x_j . W[k], a row of W."""
    G = np.zeros_like(W)
    for j in range(len(y)):
        s = cu.softmax(np.array([X[j] @ W[k] for k in range(W.shape[1])]))
        for k in range(W.shape[1]):
            G[:, k] += ((y[j] == k) - s[k]) * X[j]
    return G


def ng_array_first(W, f, h=1e-5):
    """numerical_gradient(W, f, h): the parameters swapped."""
    W = np.asarray(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def loop_indicator_of_all_labels(W, X, y):
    """(y == k) for all samples where y[j] == k is meant."""
    G = np.zeros_like(W)
    for j in range(len(y)):
        s = cu.softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += ((y == k) - s[k]) * X[j]
    return G


def loop_running_probabilities(W, X, y):
    """s accumulated over the samples."""
    G = np.zeros_like(W)
    total = np.zeros(W.shape[1])
    for j in range(len(y)):
        total = total + cu.softmax(X[j] @ W)
        G += np.outer(X[j], cu.one_hot(np.array([y[j]]), W.shape[1])[0] - total)
    return G


def softmax_minimum_shift(a, axis=-1):
    """Subtracts the minimum."""
    e = np.exp(a - np.min(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_sum_along_one(a, axis=-1):
    """The sum along axis=1 written out, whatever `axis` says."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=-1 if e.ndim == 1 else 1, keepdims=True)


def softmax_scalar_max_indexed(a, axis=-1):
    """np.max(a, axis)[..., None] style on a 1-D vector: a number indexed."""
    m = np.max(a, axis=axis)
    return np.exp(a - m[:, None]) / np.sum(np.exp(a - m[:, None]), axis=axis, keepdims=True)


def softmax_squeezed_result(a, axis=-1):
    """Squeezes the result: a batch of one sample loses its axis."""
    return np.squeeze(cu.softmax(a, axis=axis))


def softmax_output_like_input(a, axis=-1):
    """np.zeros_like(a) keeps integer logits' dtype."""
    out = np.zeros_like(a)
    out[...] = cu.softmax(a, axis=axis)
    return out


def sgd_seed_or_none(X, y, num_classes, lr, epochs, batch_size, seed):
    """default_rng(seed or None): seed 0 is unseeded."""
    rng = np.random.default_rng(seed or None)
    N = X.shape[0]
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        p = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = p[start:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
    return W


BUGGY += [
    ("check_grad_log_likelihood", grad_argmax_one_hot, r"one-hot vector of the PREDICTED class"),
    ("check_grad_log_likelihood", grad_log_softmax_residual, r"The log-probability log sigma_k stands where"),
    ("check_grad_log_likelihood", grad_sigmoid_probabilities, r"The sigmoid of each logit alone"),
    ("check_grad_log_likelihood_sample", sample_softmax_of_minus, r"The softmax of the NEGATED logits, softmax\(-a\)"),
    ("check_log_likelihood", ll_lse_base_two, r"taken to base 2 \(np\.log2\)"),
    ("check_log_likelihood", ll_normalizer_others_only, r"leaves out the label's own class"),
    ("check_log_likelihood", ll_own_exponential_only, r"It is 0 whatever W is"),
    ("check_log_likelihood", ll_trace_of_log_probabilities, r"DIAGONAL entries \[i, i\]"),
    ("check_grad_log_likelihood_sample", sample_remembers_labels, r"Called again on .*which it got right the first "
                                                                  r"time, it is now wrong"),
    ("check_softmax_jacobian", jac_one_array_per_batch, r"It is the LAST sample's: every slot may be ONE array"),
    ("check_softmax_jacobian", jac_square_twice, r"subtracted twice on the diagonal"),
    ("check_grad_log_likelihood_loop", loop_logit_from_row_of_W, r"its row W\[k\] holds K numbers"),
    ("check_numerical_gradient", ng_array_first, r"are the parameters in the order of the signature"),
    ("check_grad_log_likelihood_loop", loop_indicator_of_all_labels, r"or the whole label vector y where one "
                                                                     r"sample's label y_j belongs"),
    ("check_grad_log_likelihood_loop", loop_running_probabilities, r"ADDED UP, a running sum"),
    ("check_softmax", softmax_minimum_shift, r"minus the SMALLEST one"),
    ("check_softmax", softmax_sum_along_one, r"divides by sums along the OTHER axis"),
    ("check_softmax", softmax_scalar_max_indexed, r"a single number was indexed"),
    ("check_softmax", softmax_squeezed_result, r"batch of ONE sample.*expected shape \(1, 4\)"),
    ("check_softmax", softmax_output_like_input, r"integer logits.*int64 numbers"),
    ("check_train_sgd", sgd_seed_or_none, r"seed=0 gave different weights.*FALSY"),
]


def re_floor_in_numerator(a, b, floor=1e-8):
    """(|a - b| + floor) / max(|a|, |b|, floor)."""
    return (np.abs(a - b) + floor) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


BUGGY += [
    ("check_relative_error", re_floor_in_numerator, r"It adds the floor to the numerator too: \(\|a - b\| \+ floor\) "
                                                    r"/ max\(max\(\|a\|, \|b\|\), floor\)"),
]


def grad_rows_of_residual_per_class(W, X, y):
    """Column k from row k of Y - S (a sample) instead of column k (a class)."""
    R = cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W)
    return np.stack([X.T @ R[k] for k in range(W.shape[1])], axis=1)


BUGGY += [
    ("check_grad_log_likelihood", grad_rows_of_residual_per_class, r"a factor with N entries \(or columns\) met one "
                                                                   r"with K.*is a row taken where a column belongs"),
]


# ---------------------------------------------------------------- round 6: behaviour, translations, formulas


def ll_times_label_values(W, X, y):
    """Multiplies each row of log S by the label's value."""
    return float(np.sum(cu.log_softmax(X @ W) * y[:, None]))


def ll_rounded_to_three(W, X, y):
    """Rounds the result to 3 decimals."""
    return round(cu.log_likelihood(W, X, y), 3)


def ll_row_index_over_features(W, X, y):
    """Rows picked with np.arange(W.shape[0]), the features, where the samples are meant."""
    return float(np.sum(cu.log_softmax(X @ W)[np.arange(W.shape[0]), y]))


def ll_bias_added_again(W, X, y):
    """Adds a column of ones to X, which already has one."""
    A = np.hstack([np.ones((X.shape[0], 1)), X]) @ W
    return float(np.sum(cu.log_softmax(A)[np.arange(len(y)), y]))


def jac_batch_skips_first(s):
    """Fills the blocks from sample 1 on: block 0 stays 0."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    J = np.zeros((s.shape[0], s.shape[1], s.shape[1]))
    for n in range(1, s.shape[0]):
        J[n] = np.diag(s[n]) - np.outer(s[n], s[n])
    return J


def loop_terms_as_closures(W, X, y):
    """A list of def-closures over k, called after the loop: every one sees the last k."""
    G = np.zeros_like(W)
    for j in range(len(y)):
        s = cu.softmax(X[j] @ W)
        fs = []
        for k in range(W.shape[1]):
            def term():
                return ((y[j] == k) - s[k]) * X[j]
            fs.append(term)
        for c, term in enumerate(fs):
            G[:, c] += term()
    return G


def loop_enumerate_order(W, X, y):
    """for x, j in enumerate(X): the index and the row swapped."""
    G = np.zeros_like(W)
    for x, j in enumerate(X):
        s = cu.softmax(x @ W)
        G += np.outer(x, cu.one_hot(np.array([y[j]]), W.shape[1])[0] - s)
    return G


def grad_per_sample_stack(W, X, y):
    """One (D, K) term per sample, stacked, never summed."""
    R = cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W)
    return X[:, :, None] * R[:, None, :]


def grad_capped_at_two(W, X, y):
    """np.minimum(G, 2): the largest entries cut."""
    return np.minimum(cu.grad_log_likelihood(W, X, y), 2.0)


def sample_over_label_probability(W, x, y):
    """Divides the term by sigma_y."""
    s = cu.softmax(x @ W)
    r = -s.copy()
    r[y] += 1.0
    return np.outer(x, r) / s[y]


def softmax_integer_division(a, axis=-1):
    """// where / is meant."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e // np.sum(e, axis=axis, keepdims=True)


def softmax_total_sum(a, axis=-1):
    """Divides by the sum of the whole matrix."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / e.sum()


def softmax_divided_by_max(a, axis=-1):
    """exp(a / max|a|): divides by the largest magnitude instead of subtracting the maximum."""
    e = np.exp(a / np.max(np.abs(a), axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def ng_copy_method_unbound(f, W, h=1e-5):
    """W.copy without its call, then indexed."""
    W = np.asarray(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp = W.copy
        Wp[idx] += h
        g[idx] = f(Wp)
    return g


def ng_ndenumerate_as_index(f, W, h=1e-5):
    """Indexes with the (index, value) pairs of np.ndenumerate."""
    W = np.asarray(W, dtype=float)
    g = np.zeros_like(W)
    for pair in np.ndenumerate(W):
        Wp, Wm = W.copy(), W.copy()
        Wp[pair] += h
        Wm[pair] -= h
        g[pair] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def loop_rows_from_generator(W, X, y):
    """Indexes a generator of rows."""
    rows = (x for x in X)
    G = np.zeros_like(W)
    for j in range(len(y)):
        G += np.outer(rows[j], cu.one_hot(y[j:j + 1], W.shape[1])[0] - cu.softmax(rows[j] @ W))
    return G


def loop_labels_shifted_in_place(W, X, y):
    """y -= y.min(): shifts the caller's labels when class 0 is absent."""
    y -= y.min()
    return cu.grad_log_likelihood(W, X, y)


def sgd_stops_at_full_accuracy(X, y, num_classes, lr, epochs, batch_size, seed):
    """Leaves the epoch loop once every training sample is classified right."""
    rng = np.random.default_rng(seed)
    N = X.shape[0]
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        p = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = p[start:start + batch_size]
            W += lr * X[b].T @ (cu.one_hot(y[b], num_classes) - cu.softmax(X[b] @ W)) / len(b)
        if np.all(np.argmax(X @ W, axis=1) == y):
            break
    return W


BUGGY += [
    ("check_log_likelihood", ll_times_label_values, r"times the label's VALUE y_j"),
    ("check_log_likelihood", ll_rounded_to_three, r"It is the right value rounded to 3 decimals"),
    ("check_log_likelihood", ll_row_index_over_features, r"here \(D,\) row indices against \(N,\) column indices"),
    ("check_log_likelihood", ll_bias_added_again, r"D \+ 1 = 5 columns met one with D = 4 rows.*bias column"),
    ("check_softmax_jacobian", jac_batch_skips_first, r"The block of sample 0 is all 0, never filled; the others "
                                                      r"are right"),
    ("check_grad_log_likelihood_loop", loop_terms_as_closures, r"Every class k gets the term of the LAST class.*late "
                                                               r"binding"),
    ("check_grad_log_likelihood_loop", loop_enumerate_order, r"a single number \(an array with no axis\) was given "
                                                             r"to a matrix product"),
    ("check_grad_log_likelihood", grad_per_sample_stack, r"one \(D, K\) term per sample, never summed over the N "
                                                         r"samples"),
    ("check_grad_log_likelihood", grad_capped_at_two, r"Each value is the right one clipped to at most 2"),
    ("check_grad_log_likelihood_sample", sample_over_label_probability, r"Each sample's term is divided by "
                                                                        r"sigma_\{y_j\}"),
    ("check_softmax", softmax_integer_division, r"divides with // \(floor division\)"),
    ("check_softmax", softmax_total_sum, r"divides by the sum of ALL the exponentials of the matrix"),
    ("check_softmax", softmax_divided_by_max, r"DIVIDED by their largest magnitude"),
    ("check_numerical_gradient", ng_copy_method_unbound, r"is a call missing its parentheses"),
    ("check_numerical_gradient", ng_ndenumerate_as_index, r"a pair \(index, value\) such as np\.ndenumerate"),
    ("check_grad_log_likelihood_loop", loop_rows_from_generator, r"a generator \(a for expression in round "
                                                                 r"brackets\) was indexed"),
    ("check_grad_log_likelihood_loop", loop_labels_shifted_in_place, r"modifies its input `y` in place: after the "
                                                                     r"call on labels lacking class 0"),
    ("check_train_sgd", sgd_stops_at_full_accuracy, r"one epoch whatever `epochs` says \(here 3\), or stops "
                                                    r"once.*a break once the training accuracy is 100 %"),
]


def sgd_whole_data_each_step(X, y, num_classes, lr, epochs, batch_size, seed):
    """Cuts the batches but steps with the gradient of all of X and y."""
    rng = np.random.default_rng(seed)
    N = X.shape[0]
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        p = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = p[start:start + batch_size]
            W += lr * X.T @ (cu.one_hot(y, num_classes) - cu.softmax(X @ W)) / len(b)
    return W


def grad_chunks_of_ten(W, X, y):
    """Sums over chunks of 10 samples, range(N // 10): fewer than 10 samples add nothing."""
    G = np.zeros_like(W)
    for c in range(X.shape[0] // 10):
        Xc, yc = X[10 * c:10 * c + 10], y[10 * c:10 * c + 10]
        G += Xc.T @ (cu.one_hot(yc, W.shape[1]) - cu.softmax(Xc @ W))
    return G


BUGGY += [
    ("check_train_sgd", sgd_whole_data_each_step, r"Every step uses ALL N = 23 samples.*computed on the whole X and "
                                                  r"y instead of on its batch's rows"),
    ("check_grad_log_likelihood", grad_chunks_of_ten, r"Every entry of the result is 0.*a loop over the samples \(or "
                                                      r"over chunks of them\) that never runs"),
]


# ---------------------------------------------------------------- round 7


def re_quotient_unassigned(a, b, floor=1e-8):
    """The division is a bare statement: returns |a - b|."""
    err = np.abs(a - b)
    err / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return err


def ng_memo_by_index(f, W, h=1e-5, _memo={}):
    """Memoizes each entry's derivative by its index across calls."""
    W = np.asarray(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        if idx not in _memo:
            Wp, Wm = W.copy(), W.copy()
            Wp[idx] += h
            Wm[idx] -= h
            _memo[idx] = (f(Wp) - f(Wm)) / (2 * h)
        g[idx] = _memo[idx]
    return g


def ng_nonzero_entries_only(f, W, h=1e-5):
    """Loops over np.nonzero(W): the zero entries are skipped."""
    W = np.asarray(W, dtype=float)
    g = np.zeros_like(W)
    for idx in zip(*np.nonzero(W)):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_mask_of_equal_values(f, W, h=1e-5):
    """Moves every entry equal to W[idx] (a mask W == value)."""
    W = np.asarray(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        mask = W == W[idx]
        Wp, Wm = W.copy(), W.copy()
        Wp[mask] += h
        Wm[mask] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def loop_zeros_two_arguments(W, X, y):
    """np.zeros(D, K): K read as a dtype."""
    G = np.zeros(W.shape[0], W.shape[1])
    return G + cu.grad_log_likelihood(W, X, y)


def sample_len_of_label(W, x, y):
    """Divides by len(y), y being one int."""
    r = -cu.softmax(x @ W)
    r[y] += 1.0
    return np.outer(x, r) / len(y)


def ll_trailing_comma(W, X, y):
    """total = 0, makes a tuple."""
    total = 0,
    for j in range(len(y)):
        total = total + float(cu.log_softmax(X[j] @ W)[y[j]])
    return total


def jac_diag_of_entries(s):
    """np.diag of each entry of s."""
    if s.ndim == 2:
        return np.stack([jac_diag_of_entries(r) for r in s])
    return np.array([np.diag(v) for v in s]) - np.outer(s, s)


def softmax_keeps_batch_axis(a, axis=-1):
    """np.atleast_2d of the result: a vector comes back (1, K)."""
    return np.atleast_2d(cu.softmax(a, axis=axis))


def jac_batch_added_up(s):
    """Adds the blocks of a batch together."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    return sum(np.diag(r) - np.outer(r, r) for r in s)


def loop_over_label_values(W, X, y):
    """for j in y: the labels used as sample indices."""
    G = np.zeros_like(W)
    for j in y:
        G += np.outer(X[j], cu.one_hot(y[j:j + 1], W.shape[1])[0] - cu.softmax(X[j] @ W))
    return G


def grad_bias_row_twice(W, X, y):
    """Adds the bias row's gradient a second time."""
    G = cu.grad_log_likelihood(W, X, y)
    G[0] += (cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W)).sum(axis=0)
    return G


BUGGY += [
    ("check_relative_error", re_quotient_unassigned, r"It returns \|a - b\| itself, the absolute error, divided by "
                                                     r"nothing"),
    ("check_numerical_gradient", ng_memo_by_index, r"yet the result holds numbers there.*an earlier call \(a cache"),
    ("check_numerical_gradient", ng_nonzero_entries_only, r"exactly the entries where W is 0: the loop runs over the "
                                                          r"nonzero entries only"),
    ("check_numerical_gradient", ng_mask_of_equal_values, r"The entries moved together are exactly those EQUAL to"),
    ("check_grad_log_likelihood_loop", loop_zeros_two_arguments, r"np\.zeros\(D, K\) passes K as the dtype"),
    ("check_grad_log_likelihood_sample", sample_len_of_label, r"len\(\) of a single number"),
    ("check_log_likelihood", ll_trailing_comma, r"a trailing comma makes a tuple"),
    ("check_softmax_jacobian", jac_diag_of_entries, r"np\.diag takes a vector"),
    ("check_softmax", softmax_keeps_batch_axis, r"an extra axis of length 1 in front"),
    ("check_softmax_jacobian", jac_batch_added_up, r"the axis of the samples is missing: one result for the whole "
                                                   r"batch"),
    ("check_grad_log_likelihood_loop", loop_over_label_values, r"the loop runs over the label VALUES"),
    ("check_grad_log_likelihood", grad_bias_row_twice, r"row 0 \(feature 0, the bias column of ones\) is 2 times"),
]
