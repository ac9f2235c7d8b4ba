"""Wrong student attempts at the homework exercises: a third set (round 3), written blind.

The diagnoses of ``course_utils.checks`` were tuned on ``attempts.py`` and then on
``heldout.py``; this set was written after that tuning and is never used for
tuning.  It measures, once, how well the checks name the mistakes of attempts
they have not seen.  It was written blind: from the exercise notebooks, the
worked solutions, the lectures and the reference implementations, without
reading the diagnoses and without running any check on these attempts.  Every
attempt here differs from those of ``attempts.py``, ``heldout.py`` and
``tests/check_catalogue.py``.

Each attempt is written the way a student writes it in the notebook: the
exercise's signature, NumPy, and the building blocks its notebook allows
(nothing from ``course_utils`` in homework 1; ``softmax`` and ``one_hot`` in
homework 2; also ``add_bias`` and the data helpers in homework 3).  Three
attempts use something else from ``course_utils`` that does the work: the
right verdict for those is "forbidden".  Each docstring states the mistake in
one sentence.

``ATTEMPTS`` lists ``(check name, function, mistake regex)`` like ``heldout.py``:
the regex (case-insensitive) matches a diagnosis that names the attempt's
mistake.  The regexes were written from the mistakes, before any check was run
on the attempts.
"""

import numpy as np

import course_utils
from course_utils import one_hot, softmax

# ====================================================================== softmax (homework 1)


def softmax_expm1(a, axis=-1):
    """np.expm1 (exp(x) - 1, 'more accurate') where np.exp is meant: the largest logit's term is 0 instead of 1."""
    z = a - np.max(a, axis=axis, keepdims=True)
    e = np.expm1(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_argmax_for_max(a, axis=-1):
    """np.argmax where np.max is meant: shifts by the POSITION of the largest logit, not its value, so 1000 still overflows."""
    m = np.argmax(a, axis=axis, keepdims=True)
    e = np.exp(a - m)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_shift_by_largest_magnitude(a, axis=-1):
    """Shifts by the largest |a| instead of the largest a: a row of very negative logits (or a -inf) underflows to 0 / 0."""
    m = np.max(np.abs(a), axis=axis, keepdims=True)
    e = np.exp(a - m)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_logistic_denominator(a, axis=-1):
    """Divides by 1 + the sum of the exponentials, as in the logistic sigmoid: the probabilities sum to less than 1."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / (1 + np.sum(e, axis=axis, keepdims=True))


def softmax_divides_by_mean(a, axis=-1):
    """np.mean where np.sum is meant in the denominator: the probabilities sum to K, not 1."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.mean(e, axis=axis, keepdims=True)


def softmax_float_of_sum(a, axis=-1):
    """Wraps the denominator in float(...): a matrix has one sum per row, which float() cannot turn into one number."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / float(np.sum(e, axis=axis))


def softmax_moveaxis_not_back(a, axis=-1):
    """Moves `axis` last with np.moveaxis but never moves it back: for axis=0 the result comes back transposed."""
    a = np.moveaxis(a, axis, -1)
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_rejects_neg_inf(a, axis=-1):
    """Raises ValueError on any non-finite logit, but a -inf logit is allowed and means probability 0."""
    if not np.all(np.isfinite(a)):
        raise ValueError("the logits must be finite numbers")
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_exp_of_log_softmax(a, axis=-1):
    """np.exp(course_utils.log_softmax(a)): homework 1 offers no course_utils function (forbidden); the values are right."""
    return np.exp(course_utils.log_softmax(a, axis=axis))


# ====================================================================== log_likelihood (homework 1)


def ll_logits_K_by_N(W, X, y):
    """Writes the logits as W.T @ X.T, shape (K, N), then normalizes along axis 1 and indexes [sample, label] as if (N, K)."""
    A = W.T @ X.T
    m = A.max(axis=1, keepdims=True)
    logS = A - m - np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))
    return float(np.sum(logS[np.arange(len(y)), y]))


def ll_exp_m_inside_log(W, X, y):
    """Shifts by m but writes log(exp(m) * sum exp(a - m)): exp(m) overflows (or underflows) for large logits as before."""
    A = X @ W
    m = A.max(axis=1, keepdims=True)
    lse = np.log(np.exp(m) * np.sum(np.exp(A - m), axis=1, keepdims=True))
    return float(np.sum(A[np.arange(len(y)), y] - lse[:, 0]))


def ll_rows_indexed_by_labels(W, X, y):
    """logS[y] picks whole ROWS y_i of the log-probability matrix instead of the entries logS[i, y_i]."""
    A = X @ W
    m = A.max(axis=1, keepdims=True)
    logS = A - m - np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))
    return float(np.sum(logS[y]))


def ll_loop_W_times_x(W, X, y):
    """Loops over the samples with logits W @ x_i instead of W^T x_i = x_i @ W (a shape error unless D = K)."""
    total = 0.0
    for x_i, y_i in zip(X, y):
        a = W @ x_i
        m = np.max(a)
        total += a[y_i] - m - np.log(np.sum(np.exp(a - m)))
    return float(total)


def ll_max_per_class(W, X, y):
    """Shifts by A.max(axis=0), each class's maximum over the samples: the shift is not one constant per row."""
    A = X @ W
    m = A.max(axis=0)
    logS = A - m - np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))
    return float(np.sum(logS[np.arange(len(y)), y]))


def ll_log_mean_exp(W, X, y):
    """np.mean where np.sum is meant inside the log-sum-exp: every sample's term is log K too large."""
    A = X @ W
    m = A.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.mean(np.exp(A - m), axis=1))
    return float(np.sum(A[np.arange(len(y)), y] - lse))


def ll_shifts_W_not_logits(W, X, y):
    """Subtracts each row's maximum from W instead of from the logits, then exponentiates unshifted logits: large ones overflow."""
    W = W - W.max(axis=1, keepdims=True)
    A = X @ W
    return float(np.sum(A[np.arange(len(y)), y] - np.log(np.sum(np.exp(A), axis=1))))


def ll_keepdims_lse_against_vector(W, X, y):
    """Subtracts the (N, 1) log-sum-exp kept with keepdims from the (N,) vector of a_y: an N x N matrix, N times the sum."""
    A = X @ W
    m = A.max(axis=1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))
    return float(np.sum(A[np.arange(len(y)), y] - lse))


def ll_normalizer_inside_class_loop(W, X, y):
    """Loops over the classes for the a_y terms and subtracts all the log-sum-exps inside that loop: K times instead of once."""
    A = X @ W
    m = A.max(axis=1)
    lse = m + np.log(np.sum(np.exp(A - m[:, None]), axis=1))
    total = 0.0
    for k in range(W.shape[1]):
        total += A[y == k, k].sum() - lse.sum()
    return float(total)


# ====================================================================== softmax_jacobian (homework 2)


def jac_identity_for_diag(s):
    """np.eye(K) - s s^T: the identity stands where diag(s) belongs, so the diagonal is 1 - s_k^2."""
    K = s.shape[-1]
    return np.eye(K) - s[..., :, None] * s[..., None, :]


def jac_concatenate_batch(s):
    """Joins the per-row Jacobians with np.concatenate: shape (N * K, K) instead of np.stack's (N, K, K)."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    return np.concatenate([np.diag(row) - np.outer(row, row) for row in s])


def jac_dstack_batch(s):
    """Joins the per-row Jacobians with np.dstack, which stacks along a THIRD axis: shape (K, K, N)."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    return np.dstack([np.diag(row) - np.outer(row, row) for row in s])


def jac_vector_as_batch_of_one(s):
    """np.atleast_2d(s) to treat both shapes alike, but a vector then gets (1, K, K) back instead of (K, K)."""
    S = np.atleast_2d(s)
    return np.eye(S.shape[1]) * S[:, None, :] - S[:, :, None] * S[:, None, :]


def jac_upper_triangle_only(s):
    """'J is symmetric', so the double loop fills only k >= i and never mirrors it: the entries below the diagonal stay 0."""
    K = s.shape[-1]
    J = np.zeros(s.shape + (K,))
    for i in range(K):
        for k in range(i, K):
            J[..., i, k] = s[..., i] * ((i == k) - s[..., k])
    return J


def jac_fill_diagonal(s):
    """np.fill_diagonal(J, s) on J = -s s^T overwrites the diagonal with s_k instead of adding it: it lacks the -s_k^2."""
    def one(v):
        J = -np.outer(v, v)
        np.fill_diagonal(J, v)
        return J
    if s.ndim == 1:
        return one(s)
    return np.array([one(row) for row in s])


def jac_multiply_outer(s):
    """np.multiply.outer(s, s) for the product term: right for a vector, but on a batch it pairs every entry with every entry."""
    return np.eye(s.shape[-1]) * s[..., None, :] - np.multiply.outer(s, s)


def jac_zeros_like_s(s):
    """J = np.zeros_like(s) has the shape of s, (K,), not (K, K): J[i, k] = ... has one index too many."""
    K = s.shape[-1]
    J = np.zeros_like(s)
    for i in range(K):
        for k in range(K):
            J[i, k] = s[i] * ((i == k) - s[k])
    return J


# ====================================================================== grad_log_likelihood_loop (homework 2)


def loop_softmax_of_one_logit(W, X, y):
    """sigma_k = softmax([x_j @ w_k])[0], the softmax of class k's logit ALONE, which is always 1, instead of all K logits."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        for k in range(W.shape[1]):
            s_k = softmax(np.array([X[j] @ W[:, k]]))[0]
            if y[j] == k:
                G[:, k] += (1 - s_k) * X[j]
            else:
                G[:, k] -= s_k * X[j]
    return G


def loop_outer_inside_class_loop(W, X, y):
    """Adds the whole outer product x_j (e_y - sigma)^T inside the loop over k: every sample is counted K times."""
    K = W.shape[1]
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(K):
            G += np.outer(X[j], one_hot(np.array([y[j]]), K)[0] - s)
    return G


def loop_label_indexed_by_class(W, X, y):
    """Tests `y[k] == k` (the class index k where the sample index j belongs) to choose the case."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[k] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_own_case_sign(W, X, y):
    """`-=` in the own-class case: subtracts (1 - sigma_k) x_j instead of adding it."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] -= (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_zeros_N_by_K(W, X, y):
    """Starts from np.zeros((N, K)), one row per sample, instead of the (D, K) shape of W."""
    N, K = X.shape[0], W.shape[1]
    G = np.zeros((N, K))
    for j in range(N):
        s = softmax(X[j] @ W)
        for k in range(K):
            G[:, k] += ((1.0 if y[j] == k else 0.0) - s[k]) * X[j]
    return G


def loop_sums_the_vector(W, X, y):
    """Wraps the term in np.sum: the vector (1{y_j = k} - sigma_k) x_j collapses to one number added to all of column k."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += np.sum(((1.0 if y[j] == k else 0.0) - s[k]) * X[j])
    return G


def loop_column_of_X(W, X, y):
    """Takes x_j as X[:, j], a COLUMN of X (one feature of every sample), instead of the row X[j]."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[:, j]
            else:
                G[:, k] -= s[k] * X[:, j]
    return G


def loop_break_after_label(W, X, y):
    """`break` once the own class is handled: the classes after y_j never get their -sigma_k x_j."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
                break
            G[:, k] -= s[k] * X[j]
    return G


def loop_course_sample_gradient(W, X, y):
    """Sums course_utils.grad_log_likelihood_sample over the samples: homework 2 does not offer it (forbidden); values right."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        G += course_utils.grad_log_likelihood_sample(W, X[j], int(y[j]))
    return G


# ====================================================================== grad_log_likelihood (homework 2)


def grad_outer_product_of_sums(W, X, y):
    """Writes the probability term as np.outer(X.sum(0), S.sum(0)), the product of the sums, instead of X^T S."""
    Y = one_hot(y, W.shape[1])
    S = softmax(X @ W)
    return X.T @ Y - np.outer(X.sum(axis=0), S.sum(axis=0))


def grad_np_outer_of_matrices(W, X, y):
    """np.outer(X, Y - S), the one-sample formula applied to matrices: np.outer flattens both, shape (N*D, N*K)."""
    return np.outer(X, one_hot(y, W.shape[1]) - softmax(X @ W))


def grad_times_sigma_one_minus_sigma(W, X, y):
    """Multiplies the residual by S (1 - S), the logistic derivative, though the log has already cancelled it: X^T ((Y - S) S (1 - S))."""
    S = softmax(X @ W)
    return X.T @ ((one_hot(y, W.shape[1]) - S) * S * (1 - S))


def grad_normalized_direction(W, X, y):
    """Divides the gradient by its norm ('a direction'): a unit-length matrix instead of the gradient."""
    G = X.T @ (one_hot(y, W.shape[1]) - softmax(X @ W))
    return G / np.linalg.norm(G)


def grad_own_softmax_without_axis(W, X, y):
    """Its own softmax divides by E.sum() without an axis: the exponentials are normalized over the whole matrix, not per row."""
    A = X @ W
    E = np.exp(A - A.max(axis=1, keepdims=True))
    S = E / E.sum()
    return X.T @ (one_hot(y, W.shape[1]) - S)


def grad_label_columns_plus_equals(W, X, y):
    """G[:, y] += X.T with repeated labels: fancy-index += adds only one sample per class (the last), not every sample."""
    G = -X.T @ softmax(X @ W)
    G[:, y] += X.T
    return G


def grad_centers_X_in_place(W, X, y):
    """Centers the features in place, X -= X.mean(axis=0): the caller's X changes and the bias column becomes 0."""
    X -= X.mean(axis=0)
    return X.T @ (one_hot(y, W.shape[1]) - softmax(X @ W))


def grad_returns_ll_too(W, X, y):
    """Returns the tuple (log-likelihood, gradient), like the lectures' loss_and_grad, instead of the gradient alone."""
    S = softmax(X @ W)
    ll = np.sum(np.log(S[np.arange(len(y)), y]))
    return ll, X.T @ (one_hot(y, W.shape[1]) - S)


def grad_hstack_columns(W, X, y):
    """Joins the per-class columns with np.hstack, which concatenates 1-D arrays into ONE flat vector of D * K entries."""
    S = softmax(X @ W)
    columns = [X.T @ ((y == k) - S[:, k]) for k in range(W.shape[1])]
    return np.hstack(columns)


# ====================================================================== grad_log_likelihood_sample (homework 3)


def sample_minus_one_on_label(W, x, y):
    """r = -sigma; r[y] -= 1 (-= where += is meant): the label's entry is -1 - sigma_y instead of 1 - sigma_y."""
    r = -softmax(x @ W)
    r[y] -= 1.0
    return np.outer(x, r)


def sample_reshape_not_transpose(W, x, y):
    """np.outer(e_y - sigma, x).reshape(W.shape): reshape reorders the (K, D) entries, it does not transpose them."""
    e_y = one_hot(np.array([y]), W.shape[1])[0]
    return np.outer(e_y - softmax(x @ W), x).reshape(W.shape)


def sample_column_logits(W, x, y):
    """Makes the logits a column (K, 1) for the outer product: softmax along its last axis, of length 1, gives all ones."""
    a = (W.T @ x)[:, None]
    s = softmax(a)
    e = np.zeros((W.shape[1], 1))
    e[y] = 1.0
    return x[:, None] @ (e - s).T


def sample_manual_logits_wrong_axis(W, x, y):
    """Computes the logits by hand as (W.T * x).sum(axis=0), summing over the classes instead of over the features."""
    a = (W.T * x).sum(axis=0)
    return np.outer(x, one_hot(np.array([y]), W.shape[1])[0] - softmax(a))


def sample_returns_updated_W(W, x, y):
    """Returns W + x (e_y - sigma)^T, an SGD step with lr = 1, instead of the gradient itself."""
    r = -softmax(x @ W)
    r[y] += 1.0
    return W + np.outer(x, r)


def sample_sigma_y_for_one(W, x, y):
    """Uses sigma_y where e_y's 1 belongs, x (sigma_y - sigma)^T: the label's column is always 0."""
    s = softmax(x @ W)
    return np.outer(x, s[y] - s)


def sample_bias_row_apart(W, x, y):
    """Treats W's first row as a separate bias, x @ W[1:] + W[0], though x already starts with its 1: D features meet D - 1 rows."""
    a = x @ W[1:] + W[0]
    r = -softmax(a)
    r[y] += 1.0
    return np.outer(x, r)


def sample_course_batch_gradient(W, x, y):
    """course_utils.grad_log_likelihood on a batch of one sample: homework 3 does not offer it (forbidden); values right."""
    return course_utils.grad_log_likelihood(W, x[None, :], np.array([y]))


# ====================================================================== numerical_gradient (homework 2)


def ng_last_entry_skipped(f, W, h=1e-5):
    """Loops over range(W.size - 1): the last entry of W is never perturbed and its derivative stays 0."""
    W = np.array(W, dtype=float)
    g = np.zeros(W.shape)
    for i in range(W.size - 1):
        Wp, Wm = W.copy(), W.copy()
        Wp.flat[i] += h
        Wm.flat[i] -= h
        g.flat[i] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_restores_by_rebinding(f, W, h=1e-5):
    """Perturbs W in place and 'restores' it with W = W_saved: that rebinds the local name, the caller's W stays moved."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        W_saved = W.copy()
        W[idx] += h
        fp = f(W)
        W[idx] -= 2 * h
        fm = f(W)
        W = W_saved
        g[idx] = (fp - fm) / (2 * h)
    return g


def ng_half_step_each_side(f, W, h=1e-5):
    """Moves the entry by h / 2 each way (a total spread of h) but still divides by 2h: every entry is half the derivative."""
    W = np.array(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h / 2
        Wm[idx] -= h / 2
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_zeros_len_W(f, W, h=1e-5):
    """g = np.zeros(len(W)) has one entry per ROW of a matrix, not W's shape: g[idx] with a 2-D index fails."""
    W = np.array(W, dtype=float)
    g = np.zeros(len(W))
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_calls_f_on_flat_vector(f, W, h=1e-5):
    """Perturbs a flattened copy and calls f on that flat vector, not reshaped to W.shape: f gets an array of the wrong shape."""
    w = np.array(W, dtype=float).ravel()
    g = np.zeros_like(w)
    for i in range(w.size):
        wp, wm = w.copy(), w.copy()
        wp[i] += h
        wm[i] -= h
        g[i] = (f(wp) - f(wm)) / (2 * h)
    return g.reshape(np.shape(W))


def ng_slice_is_a_view(f, W, h=1e-5):
    """'Copies' W with W[:], which for NumPy is a view of the same data: both moves hit W, cancel, and f sees W twice (all 0)."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp = W[:]
        Wp[idx] += h
        Wm = W[:]
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_list_index(f, W, h=1e-5):
    """Indexes with list(idx) instead of the tuple idx: on a matrix W[[i, j]] means the ROWS i and j, not the entry (i, j)."""
    W = np.array(W, dtype=float)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        i = list(idx)
        Wp, Wm = W.copy(), W.copy()
        Wp[i] += h
        Wm[i] -= h
        g[i] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_divmod_wrong_width(f, W, h=1e-5):
    """Turns the flat index into (row, column) with divmod(i, W.shape[0]) where the row length is W.shape[1]."""
    W = np.array(W, dtype=float)
    g = np.zeros_like(W)
    for i in range(W.size):
        r, c = divmod(i, W.shape[0])
        Wp, Wm = W.copy(), W.copy()
        Wp[r, c] += h
        Wm[r, c] -= h
        g[r, c] = (f(Wp) - f(Wm)) / (2 * h)
    return g


# ====================================================================== relative_error (homework 2)


def re_default_floor_1e6(a, b, floor=1e-6):
    """The default floor is 1e-6 instead of the prescribed 1e-8."""
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_percent(a, b, floor=1e-8):
    """Multiplies by 100 to report a percentage: every error is 100 times too large."""
    return 100 * np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_upside_down(a, b, floor=1e-8):
    """max(|a|, |b|, floor) / |a - b|: the fraction is upside down (and inf where a == b)."""
    return np.maximum(np.maximum(np.abs(a), np.abs(b)), floor) / np.abs(a - b)


def re_flattened(a, b, floor=1e-8):
    """Flattens a and b with .ravel() 'to handle any shape' and never reshapes back: a matrix gives a 1-D result."""
    a, b = np.ravel(a), np.ravel(b)
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_parameter_named_eps(a, b, eps=1e-8):
    """Names the third parameter `eps` instead of `floor`: a call with floor=... raises TypeError."""
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), eps)


def re_abs_of_signed_maximum(a, b, floor=1e-8):
    """np.abs(np.maximum(a, b)): the magnitude of the larger SIGNED number, not the larger magnitude."""
    return np.abs(a - b) / np.maximum(np.abs(np.maximum(a, b)), floor)


def re_returns_errors_and_max(a, b, floor=1e-8):
    """Returns the tuple (errors, errors.max()) for lecture 06's comparison, instead of the array alone."""
    err = np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return err, err.max()


# ====================================================================== train_sgd (homework 3)


def sgd_legacy_random_state(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """np.random.RandomState(seed) instead of np.random.default_rng(seed): another generator, so another order."""
    rng = np.random.RandomState(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_argsort_random_keys(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Shuffles with np.argsort(rng.random(N)): a permutation, but not the one rng.permutation(N) draws."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = np.argsort(rng.random(len(y)))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_labels_not_one_hot(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Subtracts the probabilities from the column of class numbers y[b][:, None] instead of from one_hot(y[b], K)."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (y[b][:, None] - softmax(X[b] @ W)) / len(b)
    return W


def sgd_assigns_step(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """W = lr * gradient (= where += is meant): each step replaces W instead of adding to it."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W = lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_first_epoch_unshuffled(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Starts from order = np.arange(N) and draws the next permutation at the END of each epoch: epoch 1 is not shuffled."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    order = np.arange(len(y))
    for _ in range(epochs):
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
        order = rng.permutation(len(y))
    return W


def sgd_permutes_twice(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Shuffles copies Xs, ys = X[perm], y[perm] and then takes their batches through perm again: perm applied twice."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        Xs, ys = X[perm], y[perm]
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * Xs[b].T @ (one_hot(ys[b], num_classes) - softmax(Xs[b] @ W)) / len(b)
    return W


def sgd_float_batch_count(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """n_batches = np.ceil(N / batch_size) is a float, and range() of a float raises TypeError."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    n_batches = np.ceil(len(y) / batch_size)
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for i in range(n_batches):
            b = perm[i * batch_size:(i + 1) * batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_permutation_of_N_minus_1(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """rng.permutation(N - 1) ('the indices run up to N - 1'): the last sample is never used, and the order differs."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y) - 1)
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_slice_end_without_start(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """perm[start:batch_size] (the end lacks `start +`): only the first batch holds samples, every later one is empty."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = perm[start:batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_permutation_of_X(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """rng.permutation(X) shuffles the ROWS of X (numbers), not the indices 0..N-1, and then uses them as indices."""
    rng = np.random.default_rng(seed)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(X)
        for start in range(0, len(y), batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


# ====================================================================== the attempts and their mistakes

FORBIDDEN = r"forbid|not offer|write yourself"
MUTATES = r"modif|in place|in-place|mutat|unchanged|changed"


ATTEMPTS = [
    # softmax
    ("check_softmax", softmax_expm1, (
        r"expm1|exp\(x\) ?- ?1|exp\(z\) ?- ?1|minus (1|one)\b|subtract\w* 1 from"
        r"|largest (logit|entry|term)\W[^.]*\b0\b")),
    ("check_softmax", softmax_argmax_for_max, (
        r"argmax|index of the (max|largest)|position|shift\w* by (the )?(index|position)|overflow")),
    ("check_softmax", softmax_shift_by_largest_magnitude, (
        r"\babs|absolute|magnitude|\|a\||underflow|0 ?/ ?0")),
    ("check_softmax", softmax_logistic_denominator, (
        r"1 \+|one plus|plus 1|sigmoid|logistic|sums? to less|extra 1|adds? 1 to")),
    ("check_softmax", softmax_divides_by_mean, (
        r"\bmean\b|average|sums? to K|sum to \d|times K|factor K|multiplied by K")),
    ("check_softmax", softmax_float_of_sum, r"float\(|only (length|size)-1|0-dimensional|converted to (a )?Python scalar|one number|single number|one sum per"),
    ("check_softmax", softmax_moveaxis_not_back, r"moveaxis|transpos|move\w* [^.]*back"),
    ("check_softmax", softmax_rejects_neg_inf, (
        r"reject|refus|-inf (entries |logits )?(is|are) allowed|must accept|isfinite|probability 0"
        r"|rais\w*[^.]*-inf|-inf[^.]*rais")),
    ("check_softmax", softmax_exp_of_log_softmax, FORBIDDEN),
    # log_likelihood
    ("check_log_likelihood", ll_logits_K_by_N, r"W\.T ?@ ?X\.T|\(K, ?N\)|K x N|transpos|K rows"),
    ("check_log_likelihood", ll_exp_m_inside_log, r"exp\(m\)|e\^m|back inside|inside the log|overflow|underflow"),
    ("check_log_likelihood", ll_rows_indexed_by_labels, (
        r"logS\[y\]|\[y\]|whole rows?|rows? y_i|row y_i|np\.arange|rows? (of|selected by|picked by) (the )?labels")),
    ("check_log_likelihood", ll_loop_W_times_x, r"W ?@ ?x|W\^T|W\.T|transpos|x_i ?@ ?W|x ?@ ?W"),
    ("check_log_likelihood", ll_max_per_class, (
        r"axis ?= ?0\)|over the samples|per class|each class's max|column max|each column|per row|each row"
        r"|row's max|wrong axis")),
    ("check_log_likelihood", ll_log_mean_exp, r"\bmean\b|average|log ?K|log\(K\)|divided by K"),
    ("check_log_likelihood", ll_shifts_W_not_logits, (
        r"shift\w* (W|the weights)|instead of the logits|subtract\w* [^.]*max|not shifted|unshifted|overflow"
        r"|underflow|stabl")),
    ("check_log_likelihood", ll_keepdims_lse_against_vector, (
        r"keepdims|broadcasting (makes|gives|creates)|\(N, ?1\)|N x N|\(N, ?N\)|N times|factor (of )?N\b|multiplied by N\b")),
    ("check_log_likelihood", ll_normalizer_inside_class_loop, (
        r"K times|inside the (class )?loop|once per class|counted K|subtracted K|factor K|multiplied by K"
        r"|for every class")),
    # softmax_jacobian
    ("check_softmax_jacobian", jac_identity_for_diag, r"identity|np\.eye|diag\(s\)|1 - s|1 - sigma|1 - σ"),
    ("check_softmax_jacobian", jac_concatenate_batch, r"concatenat|np\.stack|\(N ?\* ?K, ?K\)|N x K|N\*K|stack"),
    ("check_softmax_jacobian", jac_dstack_batch, (
        r"dstack|third axis|axes|\(K, ?K, ?N\)|sample index (first|last)|np\.stack")),
    ("check_softmax_jacobian", jac_vector_as_batch_of_one, (
        r"atleast_2d|\(1, ?K, ?K\)|\(1, ?\d+, ?\d+\)|batch of one|extra (leading )?axis|squeeze")),
    ("check_softmax_jacobian", jac_upper_triangle_only, r"below the diagonal|lower triang|upper triang|symmetr|mirror|half"),
    ("check_softmax_jacobian", jac_fill_diagonal, (
        r"fill_diagonal|overwrit|s_k\^?2|sigma_k\^2|σ_k\^2|diagonal [^.]*(lacks|missing|without)"
        r"|product term [^.]*diagonal")),
    ("check_softmax_jacobian", jac_multiply_outer, (
        r"multiply\.outer|every entry with every|\(N, ?K, ?N, ?K\)|\(\d+, ?\d+, ?\d+, ?\d+\)|all pairs|4-D"
        r"|four axes|ndim 4")),
    ("check_softmax_jacobian", jac_zeros_like_s, (
        r"zeros_like|shape of s|too many indices|indexed with 2|one index too many")),
    # grad_log_likelihood_loop
    ("check_grad_log_likelihood_loop", loop_softmax_of_one_logit, (
        r"single logit|one logit|logit alone|all (K|the) logits|always 1|equal to 1|sigma_k = 1|σ_k = 1"
        r"|W\[:, ?k\]|only class k")),
    ("check_grad_log_likelihood_loop", loop_outer_inside_class_loop, (
        r"K times|factor K|multiplied by K|counted K|inside the (loop over|class loop)|whole outer product")),
    ("check_grad_log_likelihood_loop", loop_label_indexed_by_class, (
        r"y\[k\]|y_k\b|label of (sample )?k|wrong index|index (typo|slip)|instead of y\[j\]|instead of y_j")),
    ("check_grad_log_likelihood_loop", loop_own_case_sign, (
        r"own class|case (k = y|y_j = k)|k = y_j|y_j = k|\(1 - sigma_k\)|\(1 - σ_k\)")),
    ("check_grad_log_likelihood_loop", loop_zeros_N_by_K, (
        r"\(N, ?K\)|zeros\(\(N|rows? per sample|N rows")),
    ("check_grad_log_likelihood_loop", loop_sums_the_vector, (
        r"np\.sum|one number|same (value|number)|collaps|summed over the features|sum over the features")),
    ("check_grad_log_likelihood_loop", loop_column_of_X, r"X\[:, ?j\]|columns? of X|instead of the row"),
    ("check_grad_log_likelihood_loop", loop_break_after_label, (
        r"break|classes after|after (its|the) (own )?(class|label)|later classes|k > y")),
    ("check_grad_log_likelihood_loop", loop_course_sample_gradient, FORBIDDEN),
    # grad_log_likelihood
    ("check_grad_log_likelihood", grad_outer_product_of_sums, (
        r"product of (the )?sums|sums? of (the )?products|X\.sum|S\.sum|column sums|np\.outer\(X")),
    ("check_grad_log_likelihood", grad_np_outer_of_matrices, r"np\.outer|outer|flatten|\(N ?\* ?D|N\*D|ravel"),
    ("check_grad_log_likelihood", grad_times_sigma_one_minus_sigma, (
        r"S ?\(1 - S\)|sigma ?\(1 - sigma\)|σ ?\(1 - σ\)|logistic|sigmoid|extra factor|multiplied by (S|sigma|σ)")),
    ("check_grad_log_likelihood", grad_normalized_direction, r"\bnorm\b|norm of|unit|length 1|linalg"),
    ("check_grad_log_likelihood", grad_own_softmax_without_axis, (
        r"whole matrix|all (the )?entries|no axis|without (an )?axis|E\.sum\(\)|per row|each row|every row")),
    ("check_grad_log_likelihood", grad_label_columns_plus_equals, (
        r"\+=|buffer|fancy|repeated|duplicate|add\.at|once per class|one sample (per|of each) class|last sample"
        r"|G\[:, ?y\]")),
    ("check_grad_log_likelihood", grad_centers_X_in_place, MUTATES + r"|center|X -="),
    ("check_grad_log_likelihood", grad_returns_ll_too, r"tuple|two (items|values)|2 items|loss_and_grad"),
    ("check_grad_log_likelihood", grad_hstack_columns, (
        r"hstack|flat|one-dimensional|1-D (array|result) of|D ?\* ?K|column_stack|np\.stack")),
    # grad_log_likelihood_sample
    ("check_grad_log_likelihood_sample", sample_minus_one_on_label, (
        r"-=|\+=|-1 - |label'?s? (entry|column)|own class|column y\b|1 - sigma_y|1 - σ_y")),
    ("check_grad_log_likelihood_sample", sample_reshape_not_transpose, r"reshape|transpos|reorder|scrambl"),
    ("check_grad_log_likelihood_sample", sample_column_logits, (
        r"\(K, ?1\)|length 1|all ones|always 1|every probability [^.]*1\b|sigma = 1|σ = 1|column vector")),
    ("check_grad_log_likelihood_sample", sample_manual_logits_wrong_axis, (
        r"sum\w* over the classes|axis ?= ?0\)|wrong axis|W\.T \* x|by hand|over the classes instead")),
    ("check_grad_log_likelihood_sample", sample_returns_updated_W, (
        r"W \+|\+ W|plus W|adds W|updated W|includes W|update step|SGD step")),
    ("check_grad_log_likelihood_sample", sample_sigma_y_for_one, (
        r"sigma_y|σ_y|s\[y\]|label'?s? column [^.]*0|column y\b[^.]*0|instead of 1\b")),
    ("check_grad_log_likelihood_sample", sample_bias_row_apart, r"bias|W\[0\]|W\[1:\]|first row|D - 1|one row (fewer|less)"),
    ("check_grad_log_likelihood_sample", sample_course_batch_gradient, FORBIDDEN),
    # numerical_gradient
    ("check_numerical_gradient", ng_last_entry_skipped, (
        r"last entry|size - 1|range\(W\.size|off by one|off-by-one|never perturbed|left out|skip")),
    ("check_numerical_gradient", ng_restores_by_rebinding, MUTATES + r"|rebind|restor"),
    ("check_numerical_gradient", ng_half_step_each_side, r"half|h ?/ ?2|1/2|0\.5 times"),
    ("check_numerical_gradient", ng_zeros_len_W, (
        r"len\(W\)|zeros\(len|one entry per row|too many indices|works for a 1-D W but not")),
    ("check_numerical_gradient", ng_calls_f_on_flat_vector, (
        r"flat|ravel|reshape|f (was )?called with|called f with|shape of W")),
    ("check_numerical_gradient", ng_slice_is_a_view, (
        r"view|slice|W\[:\]|same array|alias|same data|same value|every entry is 0|all 0|not a copy|no copy")),
    ("check_numerical_gradient", ng_list_index, (
        r"list\(idx\)|\blist\b|tuple|fancy|whole rows?|rows i and j|one entry at a time|single entry"
        r"|works for a 1-D W but not")),
    ("check_numerical_gradient", ng_divmod_wrong_width, (
        r"divmod|shape\[0\]|shape\[1\]|row length|unravel|flat index|row-major|square")),
    # relative_error
    ("check_relative_error", re_default_floor_1e6, r"default|1e-6|1e-06"),
    ("check_relative_error", re_percent, r"100|percent|%"),
    ("check_relative_error", re_upside_down, (
        r"upside|invert|reciprocal|inverse|swap\w* (numerator|the)|numerator and denominator")),
    ("check_relative_error", re_flattened, r"flat|ravel|reshape|shape of a"),
    ("check_relative_error", re_parameter_named_eps, r"\beps\b|signature|keyword|argument named|parameter|floor="),
    ("check_relative_error", re_abs_of_signed_maximum, (
        r"signed|np\.abs\(np\.maximum|larger of a and b|absolute values? (of|after)|before taking the max"
        r"|max of \|a\| and \|b\|")),
    ("check_relative_error", re_returns_errors_and_max, r"tuple|two (items|values)|2 items|max\(\)"),
    # train_sgd
    ("check_train_sgd", sgd_legacy_random_state, (
        r"RandomState|legacy|default_rng|generator|np\.random\.seed|global random")),
    ("check_train_sgd", sgd_argsort_random_keys, (
        r"argsort|rng\.random|rng\.permutation|permutation\(N\)|another (order|permutation)"
        r"|different (order|permutation)|not the (prescribed )?permutation")),
    ("check_train_sgd", sgd_labels_not_one_hot, (
        r"one.hot|one_hot|class numbers|labels? (themselves|as numbers)|y\[b\]|indicator")),
    ("check_train_sgd", sgd_assigns_step, (
        r"= where \+=|\+=|replac\w* W|overwrit|not (added|accumulated)|only the last step|last (batch|step)")),
    ("check_train_sgd", sgd_first_epoch_unshuffled, (
        r"first epoch|not shuffled|unshuffled|original order|stored order|np\.arange"
        r"|end of (the|each) epoch|one epoch (late|behind)|shifted by one epoch")),
    ("check_train_sgd", sgd_permutes_twice, (
        r"twice|two permutations|perm\[perm|double|shuffled (copies|arrays)[^.]*again|X\[perm\]")),
    ("check_train_sgd", sgd_float_batch_count, r"float|range\(|ceil|int\("),
    ("check_train_sgd", sgd_permutation_of_N_minus_1, (
        r"N - 1|last sample|never used|left out|permutation\(N\)|permutation\(len|one sample (short|fewer|less)")),
    ("check_train_sgd", sgd_slice_end_without_start, (
        r"start ?\+|empty|perm\[start:batch_size\]|only the first batch|first batch only|slice|one batch per epoch")),
    ("check_train_sgd", sgd_permutation_of_X, (
        r"permutation\(X\)|rows of X|permutation of (the )?(rows|X|data)|permutation\(N\)|permutation\(len"
        r"|used as indices|indices must be integer")),
]
