"""Wrong student attempts at the homework exercises, for measuring the checks' diagnoses.

Each attempt is written the way a student writes it in the notebook: the
exercise's signature, NumPy, and the building blocks its notebook allows
(``softmax`` and ``one_hot`` in homeworks 2 and 3, ``add_bias`` in homework 3).
Its docstring states the mistake in one sentence.

``ATTEMPTS`` lists ``(check name, function, mistake regex)``: the regex
(case-insensitive) matches a diagnosis that names the attempt's mistake.
"""

import numpy as np

from course_utils import add_bias, one_hot, softmax

# Notebook-level globals that some attempts use by accident (iris: 150 samples, 3 classes).
N = 150
K = 3

# ====================================================================== softmax (homework 1)


def softmax_clip_logits(a, axis=-1):
    """Clips the logits to [-500, 500] instead of subtracting the maximum."""
    e = np.exp(np.clip(a, -500, 500))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_epsilon_on_exp(a, axis=-1):
    """Adds 1e-10 to every exponential 'to avoid zeros', so no probability can be 0."""
    e = np.exp(a - a.max(axis=axis, keepdims=True)) + 1e-10
    return e / e.sum(axis=axis, keepdims=True)


def softmax_nan_to_num(a, axis=-1):
    """No max shift; np.nan_to_num hides the inf / inf = NaN of large logits."""
    e = np.exp(a)
    return np.nan_to_num(e / e.sum(axis=axis, keepdims=True))


def softmax_longdouble(a, axis=-1):
    """Computes in np.longdouble to survive exp(1000) and returns long doubles, not float64."""
    e = np.exp(np.asarray(a, dtype=np.longdouble))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_shift_without_keepdims(a, axis=-1):
    """The max is taken without keepdims, so the shift broadcasts along the wrong axis."""
    e = np.exp(a - np.max(a, axis=axis))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_tolist(a, axis=-1):
    """Right values, returned as a Python list with .tolist()."""
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).tolist()


def softmax_maximum_for_max(a, axis=-1):
    """np.maximum(a, axis) where np.max(a, axis) is meant: an elementwise max with the number -1."""
    e = np.exp(a - np.maximum(a, axis))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_divides_by_max(a, axis=-1):
    """Divides the exponentials by their maximum instead of their sum."""
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.max(axis=axis, keepdims=True)


def softmax_replaces_neg_inf_in_place(a, axis=-1):
    """Replaces -inf logits by -1e300 in the caller's array before the (right) computation."""
    a[np.isneginf(a)] = -1e300
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# ====================================================================== log_likelihood (homework 1)


def _stable_softmax(A):
    e = np.exp(A - A.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def ll_clip_probabilities(W, X, y):
    """log(clip(S, 1e-12, 1)): the clip turns a true log-probability near -1000 into -27.6."""
    S = _stable_softmax(X @ W)
    return float(np.sum(np.log(np.clip(S[np.arange(len(y)), y], 1e-12, 1.0))))


def ll_nan_to_num_log(W, X, y):
    """np.nan_to_num(np.log(S)) turns log(0) = -inf into -1.8e308 instead of computing log-softmax stably."""
    S = _stable_softmax(X @ W)
    return float(np.sum(np.nan_to_num(np.log(S[np.arange(len(y)), y]))))


def ll_max_without_keepdims(W, X, y):
    """Subtracts the row maxima without keepdims: (N, K) - (N,) broadcasts wrongly."""
    A = X @ W
    m = A.max(axis=1)
    Z = A - m
    return float(np.sum(Z[np.arange(len(y)), y] - np.log(np.sum(np.exp(Z), axis=1))))


def ll_forgets_m_in_a_y(W, X, y):
    """Computes a_y - log sum exp(a - m): the -m of the stable formula is left out."""
    A = X @ W
    m = A.max(axis=1, keepdims=True)
    return float(np.sum(A[np.arange(len(y)), y] - np.log(np.sum(np.exp(A - m), axis=1))))


def ll_global_K(W, X, y):
    """Builds the one-hot matrix with the notebook's global K = 3 instead of W.shape[1]."""
    A = X @ W
    Y = np.eye(K)[y]
    m = A.max(axis=1, keepdims=True)
    logS = A - m - np.log(np.exp(A - m).sum(axis=1, keepdims=True))
    return float(np.sum(Y * logS))


def ll_loop_assigns(W, X, y):
    """Loops over the samples with `total = ...` instead of `total += ...`: only the last sample counts."""
    total = 0.0
    for i in range(X.shape[0]):
        a = X[i] @ W
        m = a.max()
        total = a[y[i]] - m - np.log(np.sum(np.exp(a - m)))
    return total


def ll_loop_skips_first(W, X, y):
    """Loops over range(1, N): sample 0 is left out."""
    total = 0.0
    for i in range(1, X.shape[0]):
        a = X[i] @ W
        m = a.max()
        total += a[y[i]] - m - np.log(np.sum(np.exp(a - m)))
    return total


def ll_logsumexp_axis0(W, X, y):
    """The log-sum-exp sums over the samples (axis 0) instead of the classes."""
    A = X @ W
    m = A.max(axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(A - m), axis=0))
    return float(np.sum(A[np.arange(len(y)), y] - m.ravel()) - np.sum(lse))


def ll_if_on_array(W, X, y):
    """`if A > 500:` on a whole array, meant as a stability branch: ambiguous truth value."""
    A = X @ W
    if A > 500:
        A = A - A.max(axis=1, keepdims=True)
    return float(np.sum(A[np.arange(len(y)), y] - np.log(np.sum(np.exp(A), axis=1))))


# ====================================================================== softmax_jacobian (homework 2)


def jac_batch_s_T_s(s):
    """For a batch uses s.T @ s, the outer products summed over the samples, for every sample."""
    Kc = s.shape[-1]
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    return np.eye(Kc) * s[:, None, :] - s.T @ s


def jac_global_K(s):
    """Uses the notebook's global K = 3 for the identity instead of s.shape[-1]."""
    return np.eye(K) * s[..., None, :] - s[..., :, None] * s[..., None, :]


def jac_elementwise_square(s):
    """Subtracts s * s (elementwise squares, broadcast) instead of the outer product s s^T."""
    return np.eye(s.shape[-1]) * s[..., None, :] - s * s


def jac_loop_overwrites(s):
    """Loops over the batch with `J = ...`: only the last row's Jacobian is returned."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    for row in s:
        J = np.diag(row) - np.outer(row, row)
    return J


def jac_list_for_batch(s):
    """Returns a Python list of Jacobians for a batch instead of one (N, K, K) array."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    return [np.diag(row) - np.outer(row, row) for row in s]


def jac_renormalizes_in_place(s):
    """Renormalizes the caller's s in place ('to be safe') before the right formula."""
    s /= s.sum(axis=-1, keepdims=True)
    return np.eye(s.shape[-1]) * s[..., None, :] - s[..., :, None] * s[..., None, :]


def jac_double_loop_range(s):
    """Double loop over (i, k) with range(K - 1) for k: the last column stays 0."""
    Kc = s.shape[-1]
    J = np.zeros(s.shape + (Kc,))
    for i in range(Kc):
        for k in range(Kc - 1):
            J[..., i, k] = s[..., i] * ((i == k) - s[..., k])
    return J


def jac_vector_idiom_on_batch(s):
    """The 1-D outer-product idiom s[:, None] * s[None, :] applied to a batch (wrong axes)."""
    return np.eye(s.shape[-1]) * s[..., None, :] - s[:, None] * s[None, :]


# ====================================================================== grad_log_likelihood_loop (homework 2)


def loop_assigns(W, X, y):
    """`G[:, k] = ...` instead of `+=`: each sample overwrites the previous ones."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] = ((1 - s[k]) if y[j] == k else -s[k]) * X[j]
    return G


def loop_range_stops_early(W, X, y):
    """Loops over range(N - 1): the last sample is left out."""
    G = np.zeros_like(W)
    for j in range(X.shape[0] - 1):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += ((1 - s[k]) if y[j] == k else -s[k]) * X[j]
    return G


def loop_other_case_sign(W, X, y):
    """The case y_j != k adds +sigma_k x_j instead of -sigma_k x_j."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += ((1 - s[k]) if y[j] == k else s[k]) * X[j]
    return G


def loop_global_K(W, X, y):
    """Loops over range(K) with the notebook's global K = 3 instead of W.shape[1]."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(K):
            G[:, k] += ((1 - s[k]) if y[j] == k else -s[k]) * X[j]
    return G


def loop_indices_swapped(W, X, y):
    """Reads the probabilities as S[k, j] instead of S[j, k]."""
    S = softmax(X @ W)
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        for k in range(W.shape[1]):
            G[:, k] += ((y[j] == k) - S[k, j]) * X[j]
    return G


def loop_wrong_sample_index(W, X, y):
    """Adds X[k] (the class index) where x_j (the sample) is meant."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += ((1 - s[k]) if y[j] == k else -s[k]) * X[k]
    return G


def loop_K_from_labels(W, X, y):
    """Takes K = len(np.unique(y)), which is smaller when a class is missing from y."""
    Kc = len(np.unique(y))
    G = np.zeros((X.shape[1], Kc))
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(Kc):
            G[:, k] += ((1 - s[k]) if y[j] == k else -s[k]) * X[j]
    return G


def loop_clip_logits(W, X, y):
    """Unshifted softmax with the logits clipped to [-50, 50] 'to avoid overflow'."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        e = np.exp(np.clip(X[j] @ W, -50, 50))
        s = e / e.sum()
        for k in range(W.shape[1]):
            G[:, k] += ((1 - s[k]) if y[j] == k else -s[k]) * X[j]
    return G


def loop_forgets_x(W, X, y):
    """Adds the scalar (1{y_j = k} - sigma_k) to column k without multiplying by x_j."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += (1 - s[k]) if y[j] == k else -s[k]
    return G


# ====================================================================== grad_log_likelihood (homework 2)


def grad_K_from_labels(W, X, y):
    """One-hot with K = y.max() + 1, too narrow when the largest class is absent from y."""
    return X.T @ (one_hot(y, y.max() + 1) - softmax(X @ W))


def grad_eye_of_N(W, X, y):
    """One-hot rows taken from np.eye(len(y)): N columns instead of K."""
    return X.T @ (np.eye(len(y))[y] - softmax(X @ W))


def grad_elementwise_product(W, X, y):
    """X.T * (Y - S): an elementwise product where the matrix product is meant."""
    return X.T * (one_hot(y, W.shape[1]) - softmax(X @ W))


def grad_X_not_transposed(W, X, y):
    """X @ (Y - S): forgets to transpose X."""
    return X @ (one_hot(y, W.shape[1]) - softmax(X @ W))


def grad_nan_to_num(W, X, y):
    """Unshifted softmax whose inf / inf NaNs are hidden by np.nan_to_num."""
    E = np.exp(X @ W)
    S = np.nan_to_num(E / E.sum(axis=1, keepdims=True))
    return X.T @ (one_hot(y, W.shape[1]) - S)


def grad_longdouble(W, X, y):
    """Computes in np.longdouble 'for precision' and returns long doubles, not float64."""
    Xl = X.astype(np.longdouble)
    return Xl.T @ (one_hot(y, W.shape[1]) - softmax(X @ W))


def grad_tolist(W, X, y):
    """Right values, returned as a list of lists with .tolist()."""
    return (X.T @ (one_hot(y, W.shape[1]) - softmax(X @ W))).tolist()


def grad_adds_bias_again(W, X, y):
    """Adds a column of ones to X, which already has its bias column: the result has D + 1 rows."""
    Xb = np.hstack([np.ones((X.shape[0], 1)), X])
    return Xb.T @ (one_hot(y, W.shape[1]) - softmax(X @ W))


def grad_one_hot_arguments_swapped(W, X, y):
    """Calls one_hot(K, y) with its two arguments in the wrong order."""
    return X.T @ (one_hot(W.shape[1], y) - softmax(X @ W))


def grad_comprehension_over_samples(W, X, y):
    """Sums a list comprehension of per-sample outer products: still a Python loop over the samples."""
    R = one_hot(y, W.shape[1]) - softmax(X @ W)
    return np.sum([np.outer(X[i], R[i]) for i in range(X.shape[0])], axis=0)


# ====================================================================== grad_log_likelihood_sample (homework 3)


def sample_elementwise(W, x, y):
    """x * (e_y - sigma): an elementwise product where the outer product is meant."""
    return x * (np.eye(W.shape[1])[y] - softmax(x @ W))


def sample_divides_by_D(W, x, y):
    """Divides the outer product by len(x), 'averaging' over the features."""
    return np.outer(x, np.eye(W.shape[1])[y] - softmax(x @ W)) / len(x)


def sample_global_K(W, x, y):
    """Builds e_y with the notebook's global K = 3 instead of W.shape[1]."""
    return np.outer(x, np.eye(K)[y] - softmax(x @ W))


def sample_indexes_y(W, x, y):
    """Treats y as an array and indexes y[0], but y is a plain int."""
    e = np.zeros(W.shape[1])
    e[y[0]] = 1.0
    return np.outer(x, e - softmax(x @ W))


def sample_clip_logits(W, x, y):
    """Clips the logits to [-100, 100] before the softmax 'for stability'."""
    return np.outer(x, np.eye(W.shape[1])[y] - softmax(np.clip(x @ W, -100, 100)))


def sample_W_times_x(W, x, y):
    """Logits W @ x instead of W^T x (= x @ W)."""
    return np.outer(x, np.eye(W.shape[1])[y] - softmax(W @ x))


def sample_row_vectors(W, x, y):
    """x.reshape(1, -1) @ r.reshape(1, -1): two row vectors, so the matrix product fails."""
    r = np.eye(W.shape[1])[y] - softmax(x @ W)
    return x.reshape(1, -1) @ r.reshape(1, -1)


def sample_int_one_hot(W, x, y):
    """Builds e_y as an int array and subtracts the probabilities in place: a casting error."""
    r = np.zeros(W.shape[1], dtype=int)
    r[y] = 1
    r -= softmax(x @ W)
    return np.outer(x, r)


# ====================================================================== numerical_gradient (homework 2)


def ng_alias_not_copy(f, W, h=1e-5):
    """`Wp = W` and `Wm = W` are the same array, not copies: f(W + h) - f(W) over 2h."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp = W
        Wp[idx] += h
        fp = f(Wp)
        Wm = W
        Wm[idx] -= h
        fm = f(Wm)
        g[idx] = (fp - fm) / (2 * h)
    return g


def ng_default_h_too_large(f, W, h=1e-2):
    """The default step is h=1e-2 instead of the prescribed 1e-5."""
    W = np.array(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_tiny_step(f, W, h=1e-5):
    """Uses h = 1e-12 ('smaller is more accurate'): round-off dominates and `h` is ignored."""
    step = 1e-12
    W = np.array(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += step
        Wm[idx] -= step
        g[idx] = (f(Wp) - f(Wm)) / (2 * step)
    return g


def ng_restores_too_far(f, W, h=1e-5):
    """Perturbs W in place by +h then -2h and 'restores' it by +2h: W ends h too large."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        W[idx] += h
        fp = f(W)
        W[idx] -= 2 * h
        fm = f(W)
        W[idx] += 2 * h
        g[idx] = (fp - fm) / (2 * h)
    return g


def ng_perturbs_flattened_copy(f, W, h=1e-5):
    """Perturbs a W.flatten() copy but evaluates f at the unchanged W: every entry is 0."""
    g = np.zeros(W.size)
    for i in range(W.size):
        Wf = W.flatten()
        Wf[i] += h
        fp = f(W)
        Wf[i] -= 2 * h
        fm = f(W)
        g[i] = (fp - fm) / (2 * h)
    return g.reshape(W.shape)


def ng_returns_list(f, W, h=1e-5):
    """Appends the partial derivatives to a list and returns the list."""
    grads = []
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        grads.append((f(Wp) - f(Wm)) / (2 * h))
    return grads


def ng_relative_step(f, W, h=1e-5):
    """Scales the step by |W[idx]|: a zero entry gets a zero step and 0 / 0."""
    W = np.array(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        step = h * abs(W[idx])
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += step
        Wm[idx] -= step
        g[idx] = (f(Wp) - f(Wm)) / (2 * step)
    return g


def ng_perturbs_everything(f, W, h=1e-5):
    """f(W + h) - f(W - h) moves every entry at once: each entry gets the sum of all partials."""
    W = np.array(W, dtype=float)
    return np.full(W.shape, (f(W + h) - f(W - h)) / (2 * h))


# ====================================================================== relative_error (homework 2)


def re_maximum_without_abs(a, b, floor=1e-8):
    """Denominator max(a, b, floor) without absolute values: negative entries get the floor."""
    return np.abs(a - b) / np.maximum(np.maximum(a, b), floor)


def re_floor_in_numerator(a, b, floor=1e-8):
    """Puts the floor on the numerator, max(|a - b|, floor), not on the denominator."""
    return np.maximum(np.abs(a - b), floor) / np.maximum(np.abs(a), np.abs(b))


def re_epsilon(a, b, floor=1e-8):
    """Adds 1e-12 to the denominator and never uses `floor`."""
    return np.abs(a - b) / (np.maximum(np.abs(a), np.abs(b)) + 1e-12)


def re_python_max(a, b, floor=1e-8):
    """Python's built-in max on arrays: ambiguous truth value."""
    return np.abs(a - b) / max(np.abs(a), np.abs(b), floor)


def re_nan_to_num(a, b, floor=1e-8):
    """No floor; np.nan_to_num turns the 0 / 0 entries into 0."""
    return np.nan_to_num(np.abs(a - b) / np.maximum(np.abs(a), np.abs(b)))


def re_norms(a, b, floor=1e-8):
    """One relative error of the norms, ||a - b|| / max(||a||, ||b||), not an elementwise array."""
    return np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b), floor)


def re_maximum_three_arguments(a, b, floor=1e-8):
    """np.maximum(|a|, |b|, floor): the third positional argument of a ufunc is `out`."""
    return np.abs(a - b) / np.maximum(np.abs(a), np.abs(b), floor)


def re_list_comprehension(a, b, floor=1e-8):
    """A list comprehension over zip(a, b): a list, and rows (not numbers) for a matrix."""
    return [abs(x - z) / max(abs(x), abs(z), floor) for x, z in zip(a, b)]


def re_minimum(a, b, floor=1e-8):
    """Divides by the smaller magnitude, np.minimum(|a|, |b|), instead of the larger."""
    return np.abs(a - b) / np.maximum(np.minimum(np.abs(a), np.abs(b)), floor)


# ====================================================================== train_sgd (homework 3)


def _step(W, Xb, yb, lr, num_classes):
    """The prescribed ascent step on one batch (mean gradient)."""
    return W + lr * Xb.T @ (one_hot(yb, num_classes) - softmax(Xb @ W)) / len(yb)


def sgd_full_batch(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """One full-batch step per epoch: no minibatches at all."""
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        W = _step(W, X, y, lr, num_classes)
    return W


def sgd_divides_by_N(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Averages each batch gradient over all N samples instead of the |B| of the batch."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for s in range(0, len(y), batch_size):
            b = perm[s:s + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(y)
    return W


def sgd_divides_by_batch_size(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Divides by batch_size also for the last, smaller batch, instead of by its own size |B|."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for s in range(0, len(y), batch_size):
            b = perm[s:s + batch_size]
            W += lr / batch_size * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W))
    return W


def sgd_permutes_once(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Draws one permutation before the epoch loop: every epoch visits the samples in the same order."""
    rng = np.random.default_rng(seed)
    perm = rng.permutation(len(y))
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        for s in range(0, len(y), batch_size):
            b = perm[s:s + batch_size]
            W = _step(W, X[b], y[b], lr, num_classes)
    return W


def sgd_adds_bias_again(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Calls add_bias on X, which already has its bias column: W has D + 1 rows."""
    X = add_bias(X)
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for s in range(0, len(y), batch_size):
            b = perm[s:s + batch_size]
            W = _step(W, X[b], y[b], lr, num_classes)
    return W


def sgd_global_N(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Draws the permutation and the batches with the notebook's global N = 150 instead of len(y)."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for s in range(0, N, batch_size):
            b = perm[s:s + batch_size]
            W = _step(W, X[b], y[b], lr, num_classes)
    return W


def sgd_permutation_unused(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Draws the permutation but slices X and y in their original order."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))  # noqa: F841 - never used: the mistake
        for s in range(0, len(y), batch_size):
            W = _step(W, X[s:s + batch_size], y[s:s + batch_size], lr, num_classes)
    return W


def sgd_choice_per_batch(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Each batch is rng.choice(N, batch_size, replace=False): batches overlap instead of partitioning."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        for s in range(0, len(y), batch_size):
            b = rng.choice(len(y), min(batch_size, len(y) - s), replace=False)
            W = _step(W, X[b], y[b], lr, num_classes)
    return W


def sgd_range_drops_last(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """range(0, N - batch_size, batch_size) stops too early: the last batch (or two) is never used."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for s in range(0, len(y) - batch_size, batch_size):
            b = perm[s:s + batch_size]
            W = _step(W, X[b], y[b], lr, num_classes)
    return W


def sgd_seed_plus_epoch(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Makes a new generator default_rng(seed + epoch) every epoch instead of one before the loop."""
    W = np.zeros((X.shape[1], num_classes))
    for epoch in range(epochs):
        perm = np.random.default_rng(seed + epoch).permutation(len(y))
        for s in range(0, len(y), batch_size):
            b = perm[s:s + batch_size]
            W = _step(W, X[b], y[b], lr, num_classes)
    return W


def sgd_unseeded_generator(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """np.random.seed(seed), then np.random.default_rng() without a seed: not reproducible."""
    np.random.seed(seed)
    rng = np.random.default_rng()
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for s in range(0, len(y), batch_size):
            b = perm[s:s + batch_size]
            W = _step(W, X[b], y[b], lr, num_classes)
    return W


def sgd_lr_decay(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Decays the learning rate as lr / (epoch + 1), which the algorithm does not prescribe."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for epoch in range(epochs):
        perm = rng.permutation(len(y))
        for s in range(0, len(y), batch_size):
            b = perm[s:s + batch_size]
            W = _step(W, X[b], y[b], lr / (epoch + 1), num_classes)
    return W


def sgd_stale_weights(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Computes every batch gradient at the W of the start of the epoch, applying the steps at its end."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        W_new = W.copy()
        for s in range(0, len(y), batch_size):
            b = perm[s:s + batch_size]
            W_new += _step(W, X[b], y[b], lr, num_classes) - W
        W = W_new
    return W


def sgd_int_weights(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """W = np.zeros(..., dtype=int): the in-place float update cannot be cast to int."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes), dtype=int)
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for s in range(0, len(y), batch_size):
            b = perm[s:s + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


# ====================================================================== the attempts and their mistakes

GLOBAL = r"global|fixed K|W\.shape|shape\[1\]|number of classes"
LIST = r"\blist\b|ndarray|np\.array"
MUTATES = r"modif|in place|in-place|mutat|unchanged|changed"
LONGDOUBLE = r"longdouble|float128|long double|dtype"
BIAS_AGAIN = (r"bias (column )?(again|twice)|add(ed|s)? (a |the )?bias|column of ones|add_bias|D \+ 1"
              r"|extra row|one row too many")
INT_DTYPE = r"\bint\b|int64|integer|dtype|cast"

ATTEMPTS = [
    # softmax
    ("check_softmax", softmax_clip_logits, r"clip"),
    ("check_softmax", softmax_epsilon_on_exp, r"epsilon|eps\b|small (constant|number)|added|never 0|exactly 0"),
    ("check_softmax", softmax_nan_to_num, r"nan_to_num|overflow|subtract.*max|shift"),
    ("check_softmax", softmax_longdouble, LONGDOUBLE),
    ("check_softmax", softmax_shift_without_keepdims, r"keepdims"),
    ("check_softmax", softmax_tolist, LIST),
    ("check_softmax", softmax_maximum_for_max, r"np\.maximum|elementwise max"),
    ("check_softmax", softmax_divides_by_max, r"divid.*(max|sum)|sum to|normali[sz]"),
    ("check_softmax", softmax_replaces_neg_inf_in_place, MUTATES),
    # log_likelihood
    ("check_log_likelihood", ll_clip_probabilities, (
        r"clip|1e-12|log\(softmax"
        r"|log of (the )?(softmax|probabilit)|log-softmax")),
    ("check_log_likelihood", ll_nan_to_num_log, (
        r"nan_to_num|-inf|log\(softmax"
        r"|log of (the )?(softmax|probabilit)|log-softmax")),
    ("check_log_likelihood", ll_max_without_keepdims, r"keepdims"),
    ("check_log_likelihood", ll_forgets_m_in_a_y, r"\bm\b|max(imum)?.*(a_y|subtract|shift)|shift"),
    ("check_log_likelihood", ll_global_K, GLOBAL),
    ("check_log_likelihood", ll_loop_assigns, r"\+=|last sample|overwrit|accumulat|only one sample"),
    ("check_log_likelihood", ll_loop_skips_first,
     r"range|sample 0|first sample|left out|skip|missing sample|off by one|N - 1"),
    ("check_log_likelihood", ll_logsumexp_axis0, r"axis|over the samples"),
    ("check_log_likelihood", ll_if_on_array, r"ambiguous|\.any\(\)|\.all\(\)|`if`|truth"),
    # softmax_jacobian
    ("check_softmax_jacobian", jac_batch_s_T_s, r"s\.T @ s|summed over|sum over|per (row|sample)|each (row|sample)"),
    ("check_softmax_jacobian", jac_global_K, GLOBAL + r"|s\.shape"),
    ("check_softmax_jacobian", jac_elementwise_square, r"outer|elementwise|s \* s|square"),
    ("check_softmax_jacobian", jac_loop_overwrites, r"last|overwrit|one Jacobian|\(N, K, K\)"),
    ("check_softmax_jacobian", jac_list_for_batch, LIST + r"|np\.stack"),
    ("check_softmax_jacobian", jac_renormalizes_in_place, MUTATES),
    ("check_softmax_jacobian", jac_double_loop_range, r"last column|column|range|off by one"),
    ("check_softmax_jacobian", jac_vector_idiom_on_batch,
     r"outer product|per (row|sample)|each (row|sample)|axes|None|newaxis"),
    # grad_log_likelihood_loop
    ("check_grad_log_likelihood_loop", loop_assigns, r"\+=|overwrit|accumulat|last sample|only one sample"),
    ("check_grad_log_likelihood_loop", loop_range_stops_early,
     r"range|last sample|left out|skip|missing sample|N - 1"),
    ("check_grad_log_likelihood_loop", loop_other_case_sign, r"case|y_j != k|y_j ≠ k|k != y|k ≠ y|sign"),
    ("check_grad_log_likelihood_loop", loop_global_K, GLOBAL),
    ("check_grad_log_likelihood_loop", loop_indices_swapped, r"swap|S\[j, ?k\]|S\[k, ?j\]|index order|transpos"),
    ("check_grad_log_likelihood_loop", loop_wrong_sample_index, r"X\[k\]|x_j|wrong sample|sample index"),
    ("check_grad_log_likelihood_loop", loop_K_from_labels, r"labels|unique|W\.shape|number of classes"),
    ("check_grad_log_likelihood_loop", loop_clip_logits, r"clip"),
    ("check_grad_log_likelihood_loop", loop_forgets_x, r"x_j|times x|multipl\w* by x|without x"),
    # grad_log_likelihood
    ("check_grad_log_likelihood", grad_K_from_labels, r"labels|y\.max|W\.shape|number of classes"),
    ("check_grad_log_likelihood", grad_eye_of_N, r"one.hot|np\.eye|K columns|N columns|len\(y\)"),
    ("check_grad_log_likelihood", grad_elementwise_product, r"elementwise|element-wise|matrix product|use @|`@`"),
    ("check_grad_log_likelihood", grad_X_not_transposed, r"X\.T|X\^T|transpos"),
    ("check_grad_log_likelihood", grad_nan_to_num, r"nan_to_num|overflow|subtract.*max|shift"),
    ("check_grad_log_likelihood", grad_longdouble, LONGDOUBLE),
    ("check_grad_log_likelihood", grad_tolist, LIST),
    ("check_grad_log_likelihood", grad_adds_bias_again, BIAS_AGAIN),
    ("check_grad_log_likelihood", grad_one_hot_arguments_swapped, r"one_hot|argument|order"),
    ("check_grad_log_likelihood", grad_comprehension_over_samples, r"slow|loop"),
    # grad_log_likelihood_sample
    ("check_grad_log_likelihood_sample", sample_elementwise, r"outer|elementwise|element-wise"),
    ("check_grad_log_likelihood_sample", sample_divides_by_D, r"divid|factor|mean|average|scale|1 ?/ ?D|by D\b"),
    ("check_grad_log_likelihood_sample", sample_global_K, GLOBAL),
    ("check_grad_log_likelihood_sample", sample_indexes_y, r"\bint\b|integer|scalar|subscript|single label"),
    ("check_grad_log_likelihood_sample", sample_clip_logits, r"clip"),
    ("check_grad_log_likelihood_sample", sample_W_times_x, r"W\.T|W @ x|W\^T|transpos|x @ W"),
    ("check_grad_log_likelihood_sample", sample_row_vectors, r"outer|column|\(D, ?1\)|reshape"),
    ("check_grad_log_likelihood_sample", sample_int_one_hot, INT_DTYPE),
    # numerical_gradient
    ("check_numerical_gradient", ng_alias_not_copy, r"alias|copy|same array|half|forward|one-sided"),
    ("check_numerical_gradient", ng_default_h_too_large, r"default"),
    ("check_numerical_gradient", ng_tiny_step, r"`h`|\bh\b argument|round-?off|too small|cancel|1e-12"),
    ("check_numerical_gradient", ng_restores_too_far, MUTATES + r"|restor"),
    ("check_numerical_gradient", ng_perturbs_flattened_copy, (
        r"all 0|zero|flatten"
        r"|copy|never (changes|perturb)|unchanged")),
    ("check_numerical_gradient", ng_returns_list, LIST),
    ("check_numerical_gradient", ng_relative_step, r"relative step|scal|proportional|\|W|zero step|0 / 0"),
    ("check_numerical_gradient", ng_perturbs_everything, (
        r"all entries at once|every entry at once"
        r"|at once|one entry at a time|sum of (all )?(the )?partial")),
    # relative_error
    ("check_relative_error", re_maximum_without_abs, r"abs|\|a\||negative"),
    ("check_relative_error", re_floor_in_numerator, r"floor"),
    ("check_relative_error", re_epsilon, r"floor|epsilon|small (number|constant) added|added to the denominator"),
    ("check_relative_error", re_python_max, r"np\.maximum|built-?in max|Python'?s? max"),
    ("check_relative_error", re_nan_to_num, r"floor|nan_to_num"),
    ("check_relative_error", re_norms, r"norm|single number|scalar|one number|elementwise"),
    ("check_relative_error", re_maximum_three_arguments, r"np\.maximum.*(two|2)|three|\bout\b|third"),
    ("check_relative_error", re_list_comprehension, LIST),
    ("check_relative_error", re_minimum, r"minimum|\bmin\b|smaller"),
    # train_sgd
    ("check_train_sgd", sgd_full_batch, (
        r"full.batch|whole (data|training)|all (the )?samples at once"
        r"|one (step|batch) per epoch|whatever `batch_size`|ignor\w* `?batch_size")),
    ("check_train_sgd", sgd_divides_by_N, (
        r"divided by N\b|by N instead|all N samples"
        r"|whole (data|training) set|len\(y\)|dataset size")),
    ("check_train_sgd", sgd_divides_by_batch_size, r"by batch_size|its own size|own size|true size|actual size"),
    ("check_train_sgd", sgd_permutes_once, r"same order|permut\w* (only )?once|one permutation"),
    ("check_train_sgd", sgd_adds_bias_again, BIAS_AGAIN),
    ("check_train_sgd", sgd_global_N, r"global|N = 150|\b150\b|len\(y\)|X\.shape\[0\]|notebook"),
    ("check_train_sgd", sgd_permutation_unused, (
        r"not shuffled|unshuffled|original order"
        r"|in order|permutation.*(not|never) used|never shuffl")),
    ("check_train_sgd", sgd_choice_per_batch, r"choice|partition|each sample once|overlap|replace"),
    ("check_train_sgd", sgd_range_drops_last, r"last.*batch|range|leaves out|drop"),
    ("check_train_sgd", sgd_seed_plus_epoch, r"seed \+|new generator|inside the epoch loop|made again"),
    ("check_train_sgd", sgd_unseeded_generator, (
        r"not deterministic|reproduc"
        r"|default_rng\(seed\)|without a seed|global random state")),
    ("check_train_sgd", sgd_lr_decay, (
        r"decay|learning rate (changes|varies|schedule)"
        r"|constant (learning rate|lr)|same lr|lr (changes|shrinks)")),
    ("check_train_sgd", sgd_stale_weights, r"stale|start of the epoch|current W|old W|updated W|W before"),
    ("check_train_sgd", sgd_int_weights, INT_DTYPE),
]
