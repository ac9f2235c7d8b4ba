"""Wrong student attempts at the homework exercises: a fifth set (round 5), written blind.

The diagnoses of ``course_utils.checks`` were tuned on ``attempts.py``, then on
``heldout.py`` and then on ``fresh.py``, and measured once on ``blind4.py``;
this set was written after that.  It measured, once, how well the checks name
the mistakes of attempts they had not seen; then it was read and used for the
sixth tuning (see the README's table).
It was written blind: from the exercise notebooks, the worked solutions, the
lectures and the reference implementations, without reading the diagnoses and
without running any check on these attempts.  Every attempt here differs from
those of ``attempts.py``, ``heldout.py``, ``fresh.py`` and ``blind4.py``.

Each attempt is written the way a student writes it in the notebook: the
exercise's signature, NumPy (and Python's standard library), and the building
blocks its notebook allows (nothing from ``course_utils`` in homework 1;
``softmax`` and ``one_hot`` in homework 2; also ``add_bias`` and the data
helpers in homework 3).  Three attempts use something else from
``course_utils`` that does the work: the right verdict for those is
"forbidden".  Each docstring states the mistake in one sentence.

``ATTEMPTS`` lists ``(check name, function, mistake regex)`` like ``blind4.py``:
the regex (case-insensitive) matches a diagnosis that names the attempt's
mistake.  The regexes were written from the mistakes, before any check was run
on the attempts.
"""

import numpy as np

import course_utils
from course_utils import one_hot, softmax

# ====================================================================== softmax (homework 1)


def softmax_shift_in_place(a, axis=-1):
    """Shifts with a -= max, in place 'to save memory': the caller's logits are changed (the values returned are right)."""
    a -= np.max(a, axis=axis, keepdims=True)
    e = np.exp(a)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_shift_by_min(a, axis=-1):
    """Subtracts the row MINIMUM instead of the maximum: every exponent is >= 0, so a wide row (or a -inf) overflows."""
    m = np.min(a, axis=axis, keepdims=True)
    e = np.exp(a - m)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_global_max(a, axis=-1):
    """Shifts by np.max(a), ONE maximum of the whole matrix, not each row's: a row far below the others underflows to 0 / 0."""
    e = np.exp(a - np.max(a))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_denominator_axis_hardcoded(a, axis=-1):
    """Shifts along `axis` but sums the denominator along the hard-coded last axis: for axis=0 it normalizes the wrong way."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_empty_like_output(a, axis=-1):
    """Allocates the result with np.empty_like(a), which keeps an integer dtype: integer logits give probabilities truncated to 0 or 1."""
    out = np.empty_like(a)
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    out[...] = e / np.sum(e, axis=axis, keepdims=True)
    return out


def softmax_forgets_exp(a, axis=-1):
    """Normalizes the logits themselves, a / sum(a), forgetting the exponential: negative 'probabilities' and division by ~0."""
    return a / np.sum(a, axis=axis, keepdims=True)


def softmax_squeezed(a, axis=-1):
    """Returns np.squeeze of the result 'to tidy the shape': a batch of one row (1, K) comes back as a vector (K,)."""
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return np.squeeze(e / np.sum(e, axis=axis, keepdims=True))


def softmax_column_index_hardcoded(a, axis=-1):
    """Broadcasts the row maxima and sums with a hard-coded [:, None], which assumes a matrix: a vector of logits raises IndexError."""
    m = np.max(a, axis=axis)
    e = np.exp(a - m[:, None])
    return e / np.sum(e, axis=axis)[:, None]


def softmax_shift_only_if_large(a, axis=-1):
    """Shifts only `if np.max(a) > 700` (the overflow case): very negative logits like -1000 still underflow to 0 / 0 = NaN."""
    if np.max(a) > 700:
        a = a - np.max(a, axis=axis, keepdims=True)
    e = np.exp(a)
    return e / np.sum(e, axis=axis, keepdims=True)


# ====================================================================== log_likelihood (homework 1)


def _log_probs(A):
    m = A.max(axis=1, keepdims=True)
    return A - m - np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))


def ll_mean_over_samples(W, X, y):
    """Returns the MEAN over the N samples (np.mean) instead of the sum: the log-likelihood divided by N."""
    logS = _log_probs(X @ W)
    return float(np.mean(logS[np.arange(len(y)), y]))


def ll_negated(W, X, y):
    """Returns the negative log-likelihood (a loss, >= 0) instead of the log-likelihood with the notes' sign (<= 0)."""
    logS = _log_probs(X @ W)
    return float(-np.sum(logS[np.arange(len(y)), y]))


def ll_labels_one_based(W, X, y):
    """Indexes the class y_i - 1, as if the labels ran 1..K like the notes' classes: label 0 picks the LAST class."""
    logS = _log_probs(X @ W)
    return float(np.sum(logS[np.arange(len(y)), y - 1]))


def ll_returns_per_sample(W, X, y):
    """Forgets the sum over the samples: returns the vector of the N per-sample log-probabilities, not one number."""
    logS = _log_probs(X @ W)
    return logS[np.arange(len(y)), y]


def ll_normalizer_without_label(W, X, y):
    """The log-sum-exp runs over the OTHER classes only (c != y_i, 'the wrong classes compete'), leaving out the label's own term."""
    A = X @ W
    rows = np.arange(len(y))
    m = A.max(axis=1, keepdims=True)
    E = np.exp(A - m)
    E[rows, y] = 0.0
    lse = m[:, 0] + np.log(np.sum(E, axis=1))
    return float(np.sum(A[rows, y] - lse))


def ll_diagonal_entries(W, X, y):
    """Reads the notes' 'class i of sample i' literally: sums the diagonal np.diag(log S), not the entries log S[i, y_i]."""
    logS = _log_probs(X @ W)
    return float(np.sum(np.diag(logS)))


def ll_label_only_normalizer(W, X, y):
    """Follows the transcribed notes' log(e^{a_{y_i}}) inside the log: the normalizer holds only the label's logit, so every term is 0."""
    A = X @ W
    a_y = A[np.arange(len(y)), y]
    return float(np.sum(a_y - np.log(np.exp(a_y))))


def ll_log10(W, X, y):
    """Writes np.log10 where the natural log np.log is meant in the log-sum-exp."""
    A = X @ W
    m = A.max(axis=1)
    lse = m + np.log10(np.sum(np.exp(A - m[:, None]), axis=1))
    return float(np.sum(A[np.arange(len(y)), y] - lse))


def ll_course_log_softmax(W, X, y):
    """Uses course_utils.log_softmax, which homework 1 does not offer (forbidden); the values are right."""
    logS = course_utils.log_softmax(X @ W, axis=1)
    return float(np.sum(logS[np.arange(len(y)), y]))


# ====================================================================== softmax_jacobian (homework 2)


def jac_negated(s):
    """Writes s s^T - diag(s): the whole Jacobian has the wrong sign (negative diagonal, positive off-diagonal)."""
    s = np.asarray(s, dtype=float)
    return s[..., :, None] * s[..., None, :] - s[..., :, None] * np.eye(s.shape[-1])


def jac_diagonal_only(s):
    """Keeps only the diagonal sigma_k (1 - sigma_k) (the k = k' case) and forgets the off-diagonal -sigma_i sigma_k entries."""
    s = np.asarray(s, dtype=float)
    return (s * (1 - s))[..., :, None] * np.eye(s.shape[-1])


def jac_eye_times_batch(s):
    """Builds diag(s) as np.eye(K) * s, which for a batch (N, K) lacks the new axis s[:, None, :]: a broadcasting error (or wrong rows)."""
    K = s.shape[-1]
    D = np.eye(K) * s
    return D - s[..., :, None] * s[..., None, :]


def jac_list_times_N(s):
    """Preallocates the batch as [np.zeros((K, K))] * N, N names for ONE array: every sample's slot ends up holding the last Jacobian."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    N, K = s.shape
    Js = [np.zeros((K, K))] * N
    for n in range(N):
        Js[n][:] = np.diag(s[n]) - np.outer(s[n], s[n])
    return np.array(Js)


def jac_asserts_total_sum(s):
    """Validates the input with assert np.isclose(s.sum(), 1): a batch sums to N, so a batch always fails the assertion."""
    assert np.isclose(s.sum(), 1.0), "s must sum to 1"
    return s[..., :, None] * np.eye(s.shape[-1]) - s[..., :, None] * s[..., None, :]


def jac_batch_loop_over_K(s):
    """Loops the batch over range(s.shape[-1]), the K classes, instead of the N rows: rows past K stay 0 (or IndexError when N < K)."""
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    N, K = s.shape
    J = np.zeros((N, K, K))
    for n in range(K):
        J[n] = np.diag(s[n]) - np.outer(s[n], s[n])
    return J


def jac_column_for_diag(s):
    """Writes diag(s) as s[:, None] (s broadcast across the columns), so every entry gets s_i: J[i, k] = s_i - s_i s_k."""
    s = np.asarray(s, dtype=float)
    return s[..., :, None] - s[..., :, None] * s[..., None, :]


def jac_np_dot_batch(s):
    """Forms the batch's outer products with np.dot on 3-D arrays, which is not a batched product: shape (N, K, N, K), not (N, K, K)."""
    K = s.shape[-1]
    outer = np.dot(s[..., :, None], s[..., None, :])
    return s[..., :, None] * np.eye(K) - outer


def jac_diag_subtracts_twice(s):
    """Starts from diag(s (1 - s)) (the diagonal case already done) and then subtracts s s^T too: the diagonal is s - 2 s^2."""
    s = np.asarray(s, dtype=float)
    K = s.shape[-1]
    return (s * (1 - s))[..., :, None] * np.eye(K) - s[..., :, None] * s[..., None, :]


# ====================================================================== grad_log_likelihood_loop (homework 2)


def loop_row_view_scaled_in_place(W, X, y):
    """x = X[j] is a view, and x *= coefficient scales the caller's X in place: X changes and the later classes see a scaled x_j."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            x = X[j]
            if y[j] == k:
                x *= 1 - s[k]
            else:
                x *= -s[k]
            G[:, k] += x
    return G


def loop_enumerate_from_one(W, X, y):
    """for j, x in enumerate(X, start=1) numbers the samples 1..N like the notes, so y[j] is the NEXT sample's label (and y[N] fails)."""
    G = np.zeros_like(W)
    for j, x in enumerate(X, start=1):
        s = softmax(x @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * x
            else:
                G[:, k] -= s[k] * x
    return G


def loop_integer_accumulator(W, X, y):
    """Starts from np.zeros(W.shape, dtype=int): adding the float terms in place raises a casting error."""
    G = np.zeros(W.shape, dtype=int)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_weight_row_logit(W, X, y):
    """Computes class k's logit with W[k], a ROW of W, instead of its column w_k = W[:, k] (a shape error unless D = K)."""
    K = W.shape[1]
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        a = np.array([X[j] @ W[k] for k in range(K)])
        s = softmax(a)
        for k in range(K):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_classes_from_one(W, X, y):
    """Loops the classes over range(1, K) as the notes number them 1..K: class 0's column is never filled and stays 0."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(1, W.shape[1]):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


def loop_column_rebound(W, X, y):
    """g = G[:, k]; g = g + term makes a NEW array and rebinds the name: G itself is never updated and comes back all zeros."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            g = G[:, k]
            g = g + ((1.0 if y[j] == k else 0.0) - s[k]) * X[j]
    return G


def loop_indicator_whole_label_array(W, X, y):
    """Writes the indicator as (y == k), the whole label array, where y[j] == k is meant: an (N,) vector times x_j (a shape error)."""
    G = np.zeros_like(W)
    for j in range(X.shape[0]):
        s = softmax(X[j] @ W)
        for k in range(W.shape[1]):
            G[:, k] += ((y == k) - s[k]) * X[j]
    return G


def loop_probabilities_accumulated(W, X, y):
    """s += softmax(x_j W) (a typo for s =) accumulates the probabilities of all samples so far instead of sample j's own."""
    K = W.shape[1]
    G = np.zeros_like(W)
    s = np.zeros(K)
    for j in range(X.shape[0]):
        s += softmax(X[j] @ W)
        for k in range(K):
            if y[j] == k:
                G[:, k] += (1 - s[k]) * X[j]
            else:
                G[:, k] -= s[k] * X[j]
    return G


# ====================================================================== grad_log_likelihood (homework 2)


def grad_mean_over_samples(W, X, y):
    """Divides X^T (Y - S) by N (the mean, as in loss_and_grad) though the exercise asks for the SUM over the samples."""
    return X.T @ (one_hot(y, W.shape[1]) - softmax(X @ W)) / X.shape[0]


def grad_transposed_result(W, X, y):
    """Returns (Y - S)^T X, shape (K, D): the transpose of the gradient instead of X^T (Y - S), shape (D, K) like W."""
    return (one_hot(y, W.shape[1]) - softmax(X @ W)).T @ X


def grad_log_of_probabilities(W, X, y):
    """Subtracts log S instead of S, X^T (Y - log S), mixing the log-likelihood into its derivative."""
    return X.T @ (one_hot(y, W.shape[1]) - np.log(softmax(X @ W)))


def grad_logits_with_W_transposed(W, X, y):
    """Reads a = W^T x as X @ W.T: a shape error unless D = K (and the wrong logits when D = K)."""
    return X.T @ (one_hot(y, W.shape[1]) - softmax(X @ W.T))


def grad_predicted_one_hot(W, X, y):
    """Subtracts the one-hot of the PREDICTED class, one_hot(argmax A), instead of the probabilities S (a perceptron-like rule)."""
    A = X @ W
    K = W.shape[1]
    return X.T @ (one_hot(y, K) - one_hot(np.argmax(A, axis=1), K))


def grad_linear_regression(W, X, y):
    """X^T (Y - X W), the least-squares gradient: the logits X W stand where the probabilities softmax(X W) belong."""
    return X.T @ (one_hot(y, W.shape[1]) - X @ W)


def grad_where_values_swapped(W, X, y):
    """np.where(y[:, None] == np.arange(K), 0, 1) swaps the two values: Y is 1 - one-hot (1 for every class but the label)."""
    K = W.shape[1]
    Y = np.where(y[:, None] == np.arange(K), 0.0, 1.0)
    return X.T @ (Y - softmax(X @ W))


def grad_sigmoid_per_class(W, X, y):
    """Uses the logistic sigmoid 1 / (1 + e^{-a}) of each logit (one-vs-rest) instead of the softmax across the K classes."""
    S = 1.0 / (1.0 + np.exp(-(X @ W)))
    return X.T @ (one_hot(y, W.shape[1]) - S)


def grad_course_jacobian(W, X, y):
    """Lecture 05's Jacobian route with course_utils.softmax_jacobian, which homework 2 does not offer (forbidden); values right."""
    S = softmax(X @ W)
    J = course_utils.softmax_jacobian(S)
    R = J[np.arange(len(y)), :, y] / S[np.arange(len(y)), y][:, None]
    return X.T @ R


# ====================================================================== grad_log_likelihood_sample (homework 3)


def sample_outer_swapped(W, x, y):
    """np.outer(e_y - sigma, x): the outer product in the other order, shape (K, D) instead of (D, K) like W."""
    e = np.zeros(W.shape[1])
    e[y] = 1.0
    return np.outer(e - softmax(x @ W), x)


def sample_mutable_default_buffer(W, x, y, e=np.zeros(64)):
    """Keeps e_y in a mutable default argument 'to avoid reallocating': the ones of earlier calls stay set, e_y gets several ones."""
    K = W.shape[1]
    e[y] = 1.0
    return np.outer(x, e[:K] - softmax(x @ W))


def sample_logits_for_probabilities(W, x, y):
    """Subtracts the logits a = W^T x where the probabilities sigma = softmax(a) belong: x (e_y - a)^T."""
    e = np.zeros(W.shape[1])
    e[y] = 1.0
    return np.outer(x, e - x @ W)


def sample_lr_scaled(W, x, y):
    """Multiplies by the learning rate 0.1 left over from the SGD step: returns 0.1 x (e_y - sigma)^T instead of the gradient."""
    lr = 0.1
    e = np.zeros(W.shape[1])
    e[y] = 1.0
    return lr * np.outer(x, e - softmax(x @ W))


def sample_negated_logits(W, x, y):
    """Takes the probabilities as softmax(-x W) (an 'energy' sign convention): the softmax of the negated logits."""
    e = np.zeros(W.shape[1])
    e[y] = 1.0
    return np.outer(x, e - softmax(-(x @ W)))


def sample_descent_sign(W, x, y):
    """r = sigma; r[y] -= 1 gives sigma - e_y, the LOSS gradient (descent), where the ascent direction e_y - sigma is asked."""
    r = softmax(x @ W)
    r[y] -= 1.0
    return np.outer(x, r)


def sample_label_zero_falsy(W, x, y):
    """Guards the one-hot entry with `if y:`, but label 0 is falsy: for y = 0, e_y stays all zeros."""
    e = np.zeros(W.shape[1])
    if y:
        e[y] = 1.0
    return np.outer(x, e - softmax(x @ W))


def sample_l2_penalty_added(W, x, y):
    """Subtracts an L2 penalty l2 * W (l2 = 1e-3, from lecture 08's loss_and_grad) that the exercise's gradient does not have."""
    l2 = 1e-3
    e = np.zeros(W.shape[1])
    e[y] = 1.0
    return np.outer(x, e - softmax(x @ W)) - l2 * W


# ====================================================================== numerical_gradient (homework 2)


def ng_forward_difference(f, W, h=1e-5):
    """Forward differences (f(W + h E) - f(W)) / h instead of central ones: only O(h) accurate."""
    W = np.array(W, dtype=np.float64)
    g = np.zeros_like(W)
    f0 = f(W)
    for idx in np.ndindex(W.shape):
        Wp = W.copy()
        Wp[idx] += h
        g[idx] = (f(Wp) - f0) / h
    return g


def ng_flat_result(f, W, h=1e-5):
    """Fills g = np.zeros(W.size) through the flat index and never reshapes it: a matrix W gets a flat (D*K,) vector back."""
    W = np.array(W, dtype=np.float64)
    g = np.zeros(W.size)
    for i in range(W.size):
        Wp, Wm = W.copy(), W.copy()
        Wp.flat[i] += h
        Wm.flat[i] -= h
        g[i] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_restores_by_arithmetic(f, W, h=1e-5):
    """Perturbs W in place and 'restores' it by adding h back instead of saving the old value: rounding leaves W slightly changed."""
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        W[idx] += h
        f_plus = f(W)
        W[idx] -= 2 * h
        f_minus = f(W)
        W[idx] += h
        g[idx] = (f_plus - f_minus) / (2 * h)
    return g


def ng_difference_reversed(f, W, h=1e-5):
    """(f(W - h E) - f(W + h E)) / 2h: the two evaluations are subtracted in the wrong order, so every entry has the wrong sign."""
    W = np.array(W, dtype=np.float64)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wm) - f(Wp)) / (2 * h)
    return g


def ng_divides_then_multiplies(f, W, h=1e-5):
    """(f_plus - f_minus) / 2 * h: without parentheses that divides by 2 and MULTIPLIES by h, instead of dividing by 2h."""
    W = np.array(W, dtype=np.float64)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / 2 * h
    return g


def ng_parameters_swapped(W, f, h=1e-5):
    """Declares the parameters as (W, f, h), the wrong order: called as numerical_gradient(f, W) it copies the function and calls the array."""
    W = np.array(W, dtype=np.float64)
    g = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_float32_copy(f, W, h=1e-5):
    """Perturbs a float32 copy 'to save memory': in single precision a step of 1e-5 is lost in rounding and the differences are noise."""
    W32 = W.astype(np.float32)
    g = np.zeros(W.shape)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W32.copy(), W32.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - f(Wm)) / (2 * h)
    return g


def ng_matrix_only_loops(f, W, h=1e-5):
    """Double loop over W.shape[0] and W.shape[1], which assumes a matrix: a vector W has no shape[1] and raises IndexError."""
    W = np.array(W, dtype=np.float64)
    g = np.zeros_like(W)
    for i in range(W.shape[0]):
        for j in range(W.shape[1]):
            Wp, Wm = W.copy(), W.copy()
            Wp[i, j] += h
            Wm[i, j] -= h
            g[i, j] = (f(Wp) - f(Wm)) / (2 * h)
    return g


# ====================================================================== relative_error (homework 2)


def re_denominator_a_only(a, b, floor=1e-8):
    """Divides by max(|a|, floor), the first argument's magnitude only, instead of max(|a|, |b|, floor): not symmetric in a and b."""
    return np.abs(a - b) / np.maximum(np.abs(a), floor)


def re_sum_denominator(a, b, floor=1e-8):
    """Divides by |a| + |b| (the sum of the magnitudes) instead of the larger magnitude max(|a|, |b|): errors come out up to 2 times too small."""
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)


def re_signed_numerator(a, b, floor=1e-8):
    """Leaves the absolute value off the numerator, (a - b) / max(...): where a < b the error is negative."""
    return (a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def re_returns_maximum(a, b, floor=1e-8):
    """Returns only the largest error (.max(), as lecture 06 uses it), one number, instead of the elementwise array."""
    return (np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)).max()


def re_global_scale(a, b, floor=1e-8):
    """Divides every entry by ONE scale, the largest magnitude in either whole array, instead of each entry's own max(|a|, |b|)."""
    scale = max(np.abs(a).max(), np.abs(b).max(), floor)
    return np.abs(a - b) / scale


def re_abs_into_inputs(a, b, floor=1e-8):
    """np.abs(a, out=a) and np.abs(b, out=b) write the magnitudes into the caller's arrays: a and b are changed (the values are right)."""
    num = np.abs(a - b)
    den = np.maximum(np.abs(a, out=a), np.abs(b, out=b))
    return num / np.maximum(den, floor)


def re_pass_mask(a, b, floor=1e-8):
    """Returns the boolean mask error < 1e-6 (a pass/fail verdict, like gradient_check) instead of the errors themselves."""
    rel = np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return rel < 1e-6


def re_difference_of_magnitudes(a, b, floor=1e-8):
    """Numerator ||a| - |b|| (np.abs(a) - np.abs(b)) instead of |a - b|: entries of opposite sign and equal size get error 0."""
    return np.abs(np.abs(a) - np.abs(b)) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


# ====================================================================== train_sgd (homework 3)


def sgd_batch_sum_not_mean(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Steps with the batch's SUM X_B^T (Y_B - S_B), forgetting the 1 / |B| of the mean: every step is |B| times too large."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W))
    return W


def sgd_descent_sign(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """W -= lr * X_B^T (Y_B - S_B) / |B|: descends the log-likelihood (minimizes it) instead of ascending it."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            W -= lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_shuffles_X_in_place(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """rng.shuffle(X) shuffles the caller's rows in place and leaves y alone: X is changed and no longer matches its labels."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        rng.shuffle(X)
        for start in range(0, N, batch_size):
            Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
            W += lr * Xb.T @ (one_hot(yb, num_classes) - softmax(Xb @ W)) / len(yb)
    return W


def sgd_weights_K_by_D(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Keeps W as (K, D), one row per class, and returns it so: the transpose of the (D, K) weights asked for."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((num_classes, X.shape[1]))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            R = one_hot(y[b], num_classes) - softmax(X[b] @ W.T)
            W += lr * R.T @ X[b] / len(b)
    return W


def sgd_last_batch_padded(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Pads a short last batch with samples from the start of the permutation 'so every batch has batch_size': those samples count twice."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            if len(b) < batch_size:
                b = np.concatenate([b, perm[:batch_size - len(b)]])
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_random_initial_weights(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Starts from small random weights 0.01 * rng.standard_normal (a deep-learning habit) instead of W = 0, drawn from the same generator."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = 0.01 * rng.standard_normal((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_returns_history_too(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Returns (W, losses) like the lectures' sgd(), with the mean log-likelihood per epoch, instead of W alone."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    losses = []
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
        losses.append(float(np.mean(np.log(softmax(X @ W)[np.arange(N), y]))))
    return W, losses


def sgd_probabilities_of_all_samples(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Computes S = softmax(X @ W) for ALL samples where the batch's X_B @ W is meant: (N, K) against the batch's (|B|, K), a shape error."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            S = softmax(X @ W)
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - S) / len(b)
    return W


def sgd_seed_zero_falsy(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """np.random.default_rng(seed if seed else None): seed 0 is falsy, so the default seed gives an UNSEEDED, irreproducible generator."""
    rng = np.random.default_rng(seed if seed else None)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - softmax(X[b] @ W)) / len(b)
    return W


def sgd_course_loss_and_grad(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Steps with course_utils.loss_and_grad's batch gradient, which homework 3 does not offer (forbidden); the weights are right."""
    rng = np.random.default_rng(seed)
    N = len(y)
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        perm = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = perm[start:start + batch_size]
            W -= lr * course_utils.loss_and_grad(W, X[b], y[b])[1]
    return W


# ====================================================================== the attempts and their mistakes

FORBIDDEN = r"forbid|not offer|write yourself"
MUTATES = r"modif|in place|in-place|mutat|unchanged|changed"


ATTEMPTS = [
    # softmax
    ("check_softmax", softmax_shift_in_place, MUTATES + r"|-=|overwrit"),
    ("check_softmax", softmax_shift_by_min, (
        r"\bmin\b|minimum|smallest|instead of the max|not the max|largest logit|positive exponents?"
        r"|exponents? (are |is )?(>|above|positive)")),
    ("check_softmax", softmax_global_max, (
        r"global max|one max\w*|single max\w*|whole (matrix|array)|without (an )?axis|no axis"
        r"|each row'?s? (own )?max|per[- ]row|row by row|separately|own max")),
    ("check_softmax", softmax_denominator_axis_hardcoded, (
        r"axis ?= ?-1|hard-?coded|last axis|ignor\w* (the )?axis|axis argument|wrong axis|axis ?= ?0|along axis 0"
        r"|denominator[^.]*axis|axis[^.]*denominator|normali[sz]\w* (along|over) the (wrong|other)")),
    ("check_softmax", softmax_empty_like_output, r"empty_like|integer|\bint\b|int64|dtype|truncat|float64|cast"),
    ("check_softmax", softmax_forgets_exp, (
        r"exponential|\bexp\b|np\.exp|e\^|without exp|logits themselves|negative (probabilit|values|entries)")),
    ("check_softmax", softmax_squeezed, (
        r"squeeze|\(1, ?K\)|single[- ]row|one row|batch of one|dimension|same shape|shape (of|as) (the )?(input|a)\b"
        r"|drop\w* (an? |the )?axis|axis (was )?(dropped|removed)")),
    ("check_softmax", softmax_column_index_hardcoded, (
        r":, ?None|hard-?coded|assum\w* (a )?(matrix|2-D)|vector|1-D|\(K,\)|keepdims|IndexError|too many indices|0-d")),
    ("check_softmax", softmax_shift_only_if_large, (
        r"only (when|if)|condition\w*|branch|very negative|-1000|underflow|always shift|every time|0 ?/ ?0")),
    # log_likelihood
    ("check_log_likelihood", ll_mean_over_samples, (
        r"\bmean\b|average|divid\w* by N|/ ?N\b|\bN times\b|factor (of )?N|not the sum")),
    ("check_log_likelihood", ll_negated, r"\bsign\b|negat|positive|>= ?0|≥ ?0|\bloss\b|opposite"),
    ("check_log_likelihood", ll_labels_one_based, (
        r"y_i ?- ?1|y ?- ?1|1-based|one-based|1\.\.K|1 to K|off by one|off-by-one|shift\w* (the )?labels?"
        r"|last class|neighbou?r")),
    ("check_log_likelihood", ll_returns_per_sample, (
        r"\bsum\b|one number|single number|a scalar|scalar|per-sample|\(N,\)|each sample|not a (float|number)|an array")),
    ("check_log_likelihood", ll_normalizer_without_label, (
        r"label'?s? (own )?(term|logit|class)|other classes|c ?!= ?y|c ?≠ ?y|exclud|leav\w* out|all (the )?K classes"
        r"|every class|over all (the )?classes|includ\w* the label|missing (the )?(label|term)")),
    ("check_log_likelihood", ll_diagonal_entries, (
        r"diag|\[i, ?i\]|class i\b|labels? (are )?(ignored|not used)|instead of (the )?label|min\(N, ?K\)")),
    ("check_log_likelihood", ll_label_only_normalizer, (
        r"always (0|zero)|identically (0|zero)|≡ ?0|cancel|only the label|label'?s? (own )?(logit|term) (alone|only)"
        r"|all (the )?K classes|every class|over all (the )?classes|log ?e\^|log\(exp")),
    ("check_log_likelihood", ll_log10, r"log10|base[- ]10|natural log|\bln\b|wrong base|log base"),
    ("check_log_likelihood", ll_course_log_softmax, FORBIDDEN),
    # softmax_jacobian
    ("check_softmax_jacobian", jac_negated, r"\bsign\b|negat|opposite|s ?s\^T ?- ?diag|flipped|reversed"),
    ("check_softmax_jacobian", jac_diagonal_only, (
        r"off-?diagonal|only (the )?diagonal|diagonal only|diagonal matrix|-s_i ?s_k|-sigma_i ?sigma_k|-σ_i ?σ_k"
        r"|outer product|k ?!= ?k'|k ?≠ ?k'|zero (off|outside)")),
    ("check_softmax_jacobian", jac_eye_times_batch, (
        r"np\.eye|eye\(K\)|broadcast|new axis|:, ?None|None, ?:|diag\w* (for|of) (a|the|each) (batch|row|sample)"
        r"|batch of diagonal")),
    ("check_softmax_jacobian", jac_list_times_N, (
        r"\] ?\* ?N|list (multiplication|repetition)|same (array|object|matrix)|alias|every (sample|row|slot)[^.]*last"
        r"|last (sample|row)'?s?|all (the )?(Jacobians|slots|samples) (are )?(the same|equal|identical)|identical"
        r"|one array")),
    ("check_softmax_jacobian", jac_asserts_total_sum, (
        r"assert|sums? to N|s\.sum\(\)|total sum|sum of (the whole|all|every)|whole batch|validat|each row sums"
        r"|per row|batch[^.]*(fail|rais|reject)")),
    ("check_softmax_jacobian", jac_batch_loop_over_K, (
        r"range\(K\)|K rows|over (the )?(K )?classes|instead of (the )?N|N rows|number of (samples|rows)|shape\[-1\]"
        r"|rows? (past|beyond|after) K|zero (rows|Jacobians)|left (at )?(0|zero)|IndexError")),
    ("check_softmax_jacobian", jac_column_for_diag, (
        r"broadcast|s\[:, ?None\]|column|s_i - s_i ?s_k|whole row|instead of (a )?diag|not (a )?diagonal"
        r"|off-diagonal (entries )?(get|have|contain) s")),
    ("check_softmax_jacobian", jac_np_dot_batch, (
        r"np\.dot|\bdot\b|matmul|batched|einsum|\(N, ?K, ?N, ?K\)|4-D|four axes|3-D")),
    ("check_softmax_jacobian", jac_diag_subtracts_twice, (
        r"twice|double|2 ?s\^?2|2 ?s_k\^?2|s ?- ?2|diagonal[^.]*(again|twice|extra)|extra[^.]*diagonal|s_k\^2")),
    # grad_log_likelihood_loop
    ("check_grad_log_likelihood_loop", loop_row_view_scaled_in_place, (
        MUTATES + r"|\bview\b|\*=|scal\w* (the )?(caller|X|row)|alias")),
    ("check_grad_log_likelihood_loop", loop_enumerate_from_one, (
        r"enumerate|start=1|off by one|off-by-one|next sample|y\[j ?\+ ?1\]|misalign|mismatch|1\.\.N"
        r"|IndexError|out of (range|bounds)|labels? (of|from) (the )?(next|wrong)")),
    ("check_grad_log_likelihood_loop", loop_integer_accumulator, r"integer|\bint\b|dtype|cast|float64|zeros_like"),
    ("check_grad_log_likelihood_loop", loop_weight_row_logit, (
        r"W\[k\]|row (k )?of W|rows? (of W )?instead of (the )?columns?|W\[:, ?k\]|column w_k|column k of W")),
    ("check_grad_log_likelihood_loop", loop_classes_from_one, (
        r"range\(1, ?K\)|class 0|column 0|first (class|column)|1\.\.K|1 to K|skip\w*|never (filled|updated|touched)"
        r"|stays? (0|zero)|left (at )?(0|zero)|off by one|off-by-one")),
    ("check_grad_log_likelihood_loop", loop_column_rebound, (
        r"rebind|rebound|new array|copy|never (updated|written|filled|changed)|all zeros?|zero everywhere|always (0|zero)"
        r"|\+=|in place|G\[:, ?k\]")),
    ("check_grad_log_likelihood_loop", loop_indicator_whole_label_array, (
        r"y\[j\]|whole (label )?(array|vector)|all (the )?labels|\(N,\)|y == k|label array")),
    ("check_grad_log_likelihood_loop", loop_probabilities_accumulated, (
        r"accumulat|\+=|running (sum|total)|sum of (the )?probabilit|previous samples|earlier samples|reset|so far"
        r"|sample j'?s? own")),
    # grad_log_likelihood
    ("check_grad_log_likelihood", grad_mean_over_samples, (
        r"\bmean\b|average|divid\w* by N|/ ?N\b|\bN times\b|factor (of )?N|not the sum")),
    ("check_grad_log_likelihood", grad_transposed_result, r"transpos|\(K, ?D\)|\.T\b|other way round|order of the product"),
    ("check_grad_log_likelihood", grad_log_of_probabilities, (
        r"\blog\b|log S|log-probabilit|log sigma|log σ|instead of (the )?probabilit")),
    ("check_grad_log_likelihood", grad_logits_with_W_transposed, r"W\.T|W\^T|transpos|X ?@ ?W\b"),
    ("check_grad_log_likelihood", grad_predicted_one_hot, (
        r"argmax|predict\w*|hard|one-hot of|perceptron|instead of (the )?probabilit|0 or 1")),
    ("check_grad_log_likelihood", grad_linear_regression, (
        r"least[- ]squares|linear regression|logits (themselves|instead|where)|X ?@ ?W\b|X ?W\b|without (the )?softmax"
        r"|forg\w* (the )?softmax|no softmax|softmax (is )?missing|instead of (the )?probabilit")),
    ("check_grad_log_likelihood", grad_where_values_swapped, (
        r"np\.where|swap|1 ?- ?(Y|one-hot)|complement|invert|revers|0 and 1|1 and 0|every class but|except the label")),
    ("check_grad_log_likelihood", grad_sigmoid_per_class, (
        r"sigmoid|logistic|one-vs-rest|one vs rest|each logit (alone|separately)|instead of (the )?softmax"
        r"|not normali[sz]|don'?t sum to 1|do not sum to 1|across (the )?(K )?classes")),
    ("check_grad_log_likelihood", grad_course_jacobian, FORBIDDEN),
    # grad_log_likelihood_sample
    ("check_grad_log_likelihood_sample", sample_outer_swapped, (
        r"transpos|\(K, ?D\)|other way round|swap|np\.outer\(e|order of the (outer|product|factors)")),
    ("check_grad_log_likelihood_sample", sample_mutable_default_buffer, (
        r"mutable|default (argument|parameter|value)|earlier call|previous call|several ones|more than one 1|\bstate\b"
        r"|stateful|persist|same (array|buffer)|reus|depends? on (an )?earlier|cache|accumulat")),
    ("check_grad_log_likelihood_sample", sample_logits_for_probabilities, (
        r"logits? (a )?(instead|where|in place)|a ?= ?W\^T ?x|instead of (the )?probabilit|not normali[sz]"
        r"|without (the )?softmax|forg\w* (the )?softmax|x ?@ ?W\b")),
    ("check_grad_log_likelihood_sample", sample_lr_scaled, r"learning rate|\blr\b|0\.1|scal\w*|factor|\bstep\b"),
    ("check_grad_log_likelihood_sample", sample_negated_logits, (
        r"negat|-a\b|- ?x ?@ ?W|\bsign\b|softmax\(-|energy|opposite")),
    ("check_grad_log_likelihood_sample", sample_descent_sign, (
        r"\bsign\b|descent|sigma ?- ?e_y|σ ?- ?e_y|loss gradient|negat|opposite")),
    ("check_grad_log_likelihood_sample", sample_label_zero_falsy, (
        r"label 0|y ?= ?0|class 0|falsy|false|truth|`?if y|zero label|e_y (is |stays )?(all )?zeros?|missing (the )?1")),
    ("check_grad_log_likelihood_sample", sample_l2_penalty_added, (
        r"penalt|l2|regulari[sz]|weight decay|λ|lambda|term in W|extra term")),
    # numerical_gradient
    ("check_numerical_gradient", ng_forward_difference, r"forward|one-sided|central|O\(h\)|not symmetric|first[- ]order"),
    ("check_numerical_gradient", ng_flat_result, (
        r"flat|reshape|ravel|1-D|\(D ?\* ?K,\)|same shape as W|shape of W")),
    ("check_numerical_gradient", ng_restores_by_arithmetic, MUTATES + r"|restor|round\w*|saved?|old value|put back"),
    ("check_numerical_gradient", ng_difference_reversed, (
        r"\bsign\b|revers|swap|order|negat|opposite|f\(W ?- ?h\) ?- ?f\(W ?\+ ?h\)")),
    ("check_numerical_gradient", ng_divides_then_multiplies, (
        r"parenthes|precedence|/ ?2 ?\* ?h|multipl\w* by h|times h|h\^2|h squared|h\*\*2|order of operations")),
    ("check_numerical_gradient", ng_parameters_swapped, (
        r"signature|order of (the )?(parameters|arguments)|wrong order|swap|\(W, ?f|callable")),
    ("check_numerical_gradient", ng_float32_copy, r"float32|single precision|dtype|float64|precision|round"),
    ("check_numerical_gradient", ng_matrix_only_loops, (
        r"any shape|vector|1-D|shape\[1\]|matrix only|only (for|on) (a )?matri|2-D|ndindex|IndexError|double loop"
        r"|3-D|tuple index")),
    # relative_error
    ("check_relative_error", re_denominator_a_only, (
        r"symmetr|only \|?a\|?\b|\|a\| only|first argument|swap|ignor\w* (\|b\||b\b)")),
    ("check_relative_error", re_sum_denominator, (
        r"\bsum\b|\|a\| ?\+ ?\|b\||larger (magnitude|of)|max\(\|a\|, ?\|b\|\)|instead of the max|half|factor (of )?2")),
    ("check_relative_error", re_signed_numerator, r"absolute|\babs\b|negative|\bsign\b|\|a ?- ?b\|"),
    ("check_relative_error", re_returns_maximum, (
        r"\.max|one number|single number|a scalar|scalar|elementwise|element-wise|largest error|only the max")),
    ("check_relative_error", re_global_scale, (
        r"global|whole array|one scale|single scale|each entry|elementwise|element-wise|per entry|entry'?s? own"
        r"|largest (magnitude|entry) (in|of) (the|either|both)")),
    ("check_relative_error", re_abs_into_inputs, MUTATES + r"|out=|overwrit"),
    ("check_relative_error", re_pass_mask, r"bool|True|False|mask|threshold|verdict|< ?1e-6|instead of the errors"),
    ("check_relative_error", re_difference_of_magnitudes, (
        r"\|a\| ?- ?\|b\||difference of (the )?(magnitudes|absolute)|opposite signs?|\bsign\b|\|a ?- ?b\|"
        r"|abs\w* (value )?(of|on) (each|both|separately)")),
    # train_sgd
    ("check_train_sgd", sgd_batch_sum_not_mean, (
        r"\bmean\b|average|1 ?/ ?\|B\||\|B\| times|divid\w* by (\|B\||the batch)|\bsum\b")),
    ("check_train_sgd", sgd_descent_sign, (
        r"\bsign\b|descent|ascent|-=|negat|opposite|minimi[sz]|wrong direction")),
    ("check_train_sgd", sgd_shuffles_X_in_place, (
        MUTATES + r"|shuffle|labels? (and \w+ )?(no longer|do not|don't) (match|pair)|mismatch|unpaired|out of step")),
    ("check_train_sgd", sgd_weights_K_by_D, r"transpos|\(K, ?D\)|one row per class|rows? (per|for each) class"),
    ("check_train_sgd", sgd_last_batch_padded, (
        r"pad|last (batch|partial)|smaller|fill\w*|twice|more than once|wrap|repeat|duplicat")),
    ("check_train_sgd", sgd_random_initial_weights, (
        r"W ?= ?0|zeros?\b|initial|\binit|start\w* (from|at)|random (weights|start|init)|standard_normal|extra draw")),
    ("check_train_sgd", sgd_returns_history_too, (
        r"tuple|history|losses|W alone|only W|two values|a pair|instead of (the )?(W|weights)")),
    ("check_train_sgd", sgd_probabilities_of_all_samples, (
        r"X_B|X\[b\]|batch'?s? (rows|samples|logits|probabilit)|all (the )?samples|whole (data|X)|\(N, ?K\)"
        r"|instead of (the )?batch")),
    ("check_train_sgd", sgd_seed_zero_falsy, (
        r"falsy|seed ?(=|is) ?0|seed 0|reproduc|unseeded|not seeded|\bNone\b|ignor\w* (the )?seed")),
    ("check_train_sgd", sgd_course_loss_and_grad, FORBIDDEN),
]
