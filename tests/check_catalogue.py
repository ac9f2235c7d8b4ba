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
    ("check_log_likelihood", ll_labels_plus_one_unwrapped, r"raised IndexError.*labels run from 0 to K - 1"),
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
    ("check_numerical_gradient", ng_ignores_h, r"ignore its `h` argument"),
    ("check_numerical_gradient", ng_sign, r"Sign error: it is the gradient of -f"),
    ("check_numerical_gradient", ng_divides_by_h, r"twice the right value"),
    ("check_numerical_gradient", ng_leaves_W_changed, MUTATES.format("W")),
    ("check_numerical_gradient", ng_precedence, r"h\^2 times the right value.*/ \(2 \* h\)"),
    ("check_numerical_gradient", ng_float32_result, r"float32 numbers.*precision"),
    ("check_numerical_gradient", ng_float32_W, r"f was called with float32 numbers.*precision"),
    ("check_numerical_gradient", ng_flattened, r"shape \(6,\).*flattened"),
    ("check_numerical_gradient", ng_only_1d, r"works for a 1-D W but not for a 2-D one"),
    ("check_numerical_gradient", ng_only_2d, r"works for a 2-D W but not for a 1-D one.*raised IndexError"),
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
    ("check_relative_error", re_max_of_two_arrays, r"raised TypeError.*Hint: np\.max given two arrays reads the "
                                                   r"second as an axis.*np\.maximum"),
    # train_sgd
    ("check_train_sgd", sgd_sign, r"batch_size=23.*The update goes the wrong way.*ascent"),
    ("check_train_sgd", sgd_diverges, r"differ from the prescribed ones.*Check each part of the algorithm.*MEAN"),
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
    ("check_train_sgd", sgd_transposed, r"shape \(3, 4\).*transposed.*only the trained weights"),
    ("check_train_sgd", sgd_never_updates, r"all 0.*never updated"),
    ("check_train_sgd", sgd_mutates_X, MUTATES.format("X")),
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
    ("check_relative_error", cu.relative_error),
    ("check_relative_error", re_fmax),
    ("check_relative_error", re_stack),
    ("check_relative_error", re_loop),
    ("check_train_sgd", sgd_reference_tuple),
    ("check_train_sgd", sgd_batch_mean),
    ("check_train_sgd", sgd_shuffled_copies),
    ("check_train_sgd", sgd_shuffle_in_place),
]
