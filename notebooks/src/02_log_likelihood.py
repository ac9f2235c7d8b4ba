# %% [markdown] slideshow={"slide_type": "slide"}
# # 02 · The log-likelihood and log-sum-exp
#
# **What you'll learn**
#
# - why we maximize $\ell(\mathbf{W}) = \log L(\mathbf{W})$ instead of $L$, and the formula
#   $\ell(\mathbf{W}) = \sum_i \big[a_{y_i} - \log \sum_k e^{a_k}\big]$;
# - why setting the gradient to zero gives no closed-form solution, so we climb the gradient instead;
# - that $\ell$ is concave (seen along a line);
# - why the literal softmax overflows ($\infty / \infty$) and underflows ($0/0$), and the max-shift fix
#   $\log \sum_k e^{a_k} = m + \log \sum_k e^{a_k - m}$;
# - why the shift must be taken **row by row** in a batch.
#
# Prerequisites: [01 · The softmax model and the likelihood](01_softmax_likelihood.ipynb) (softmax, the likelihood and its underflow).

# %%
import matplotlib.pyplot as plt
import numpy as np
import scipy.special as sp

from course_utils import (
    add_bias, grad_log_likelihood, likelihood, log_likelihood, log_softmax, logsumexp, make_blobs_2d,
    numerical_gradient, one_hot, relative_error, softmax,
)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## From product to sum
#
# $\log$ is strictly increasing, so $L(\mathbf{W}_1) < L(\mathbf{W}_2) \iff \log L(\mathbf{W}_1) < \log L(\mathbf{W}_2)$:
# the weights that maximize $L$ also maximize $\log L$. And the log of a product is the sum of the logs:
#
# $$\ell(\mathbf{W}) = \log L(\mathbf{W}) = \log \prod_{i=1}^{N} \sigma_{y_i}(\tilde{x}_i) = \sum_{i=1}^{N} \log \sigma_{y_i}(\tilde{x}_i).$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# With $\sigma_{y_i} = e^{a_{y_i}} / \sum_k e^{a_k}$, the log of a ratio is a difference and $\log e^{a} = a$:
#
# $$\ell(\mathbf{W}) = \sum_{i=1}^{N} \Big[ a_{y_i}(\tilde{x}_i) - \log \sum_{k=0}^{K-1} e^{a_k(\tilde{x}_i)} \Big],
# \qquad a_k(\tilde{x}_i) = \tilde{w}_k^\top \tilde{x}_i = A_{ik}.$$
#
# The per-sample term is $\ell_i = \log \sigma_{y_i}(\tilde{x}_i) \le 0$, so $\ell \le 0$, with $\ell = 0$ only for a model that is certain and right on every sample.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Correction of the notes.** The transcription reads $\log L = \mathbb{E}\big[a_{y(i)}(\tilde{x}^{(i)}) - \log \mathbb{E}(a_{y(i)}(\tilde{x}^{(i)}))\big]$.
# The $\mathbb{E}$ are misread $\Sigma$: the outer sum runs over the samples $i$, and the inner sum must run over
# **all classes** $k$ of $e^{a_k}$: the exponential and the class index are missing in the transcribed inner term.

# %%
rng = np.random.default_rng(0)
N, K = 8, 3
X = add_bias(rng.standard_normal((N, 2)))
W = rng.standard_normal((3, K))
y = rng.integers(0, K, size=N)
A = X @ W
ll_formula = np.sum(A[np.arange(N), y] - np.log(np.exp(A).sum(axis=1)))   # a_{y_i} - log sum_k e^{a_k}
ll_logs = np.sum(np.log(softmax(A)[np.arange(N), y]))                     # sum of log sigma_{y_i}
assert np.isclose(log_likelihood(W, X, y), ll_formula) and np.isclose(ll_logs, ll_formula)
assert np.isclose(np.log(likelihood(W, X, y)), ll_formula)                # L does not underflow here
print(f"log-likelihood = {ll_formula:.4f} by the formula, by summing logs, by log_likelihood and as log(L)")

# %% [markdown] slideshow={"slide_type": "fragment"}
# The maximizer does not move: along a line of weights $t\,\mathbf{W}$, $L$ and $\ell$ peak at the same $t$.

# %%
ts = np.linspace(-3.0, 3.0, 61)
L_t = np.array([likelihood(t * W, X, y) for t in ts])
ll_t = np.array([log_likelihood(t * W, X, y) for t in ts])
assert np.allclose(np.log(L_t), ll_t) and np.argmax(L_t) == np.argmax(ll_t)
print(f"L and log L are both largest at t = {ts[np.argmax(ll_t)]:.1f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## We want to maximize the log-likelihood
#
# At a maximum the gradient vanishes. Lecture 03 derives it by the chain rule; here is a preview, for
# each class $k$ (a vector of length $D$, the column $k$ of $\nabla_{\mathbf{W}}\,\ell$):
#
# $$\nabla_{\tilde{w}_k}\, \ell = \sum_{i=1}^{N} \big(\mathbb{1}\{y_i = k\} - \sigma_k(\tilde{x}_i)\big)\, \tilde{x}_i,
# \qquad \text{all } k \text{ at once:} \quad \nabla_{\mathbf{W}}\, \ell = \mathbf{X}^\top(\mathbf{Y} - \mathbf{S}).$$

# %%
Y, S = one_hot(y, K), softmax(A)
dW = X.T @ (Y - S)                                                         # (D, K), like W
dW_fd = numerical_gradient(lambda V: log_likelihood(V, X, y), W)          # central differences
assert dW.shape == W.shape and np.allclose(dW, grad_log_likelihood(W, X, y))
assert relative_error(dW, dW_fd).max() < 1e-6
print("the previewed gradient X^T (Y - S) matches central differences: max relative error < 1e-6")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Setting it to zero gives $D \times K$ equations, one per entry of $\mathbf{W}$:
#
# $$\sum_{i=1}^{N} \sigma_k(\tilde{x}_i)\, \tilde{x}_i = \sum_{i=1}^{N} \mathbb{1}\{y_i = k\}\, \tilde{x}_i,
# \qquad k = 0, \dots, K-1.$$
#
# Read them as "predicted equals observed": the bias row says $\sum_i \sigma_k(\tilde{x}_i) = N_k$, the number of samples of class $k$.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Why there is no closed form.** The unknowns sit inside $\sigma_k(\tilde{x}_i) = e^{\tilde{w}_k^\top \tilde{x}_i} / \sum_c e^{\tilde{w}_c^\top \tilde{x}_i}$:
# in exponentials, divided by a sum that couples all classes. The equations are **nonlinear** in $\mathbf{W}$
# (least squares, by contrast, gives the linear system $\mathbf{X}^\top\mathbf{X}\, w = \mathbf{X}^\top t$), and no formula solves them. Moreover
#
# - the solution is never unique: adding one vector $v$ to every $\tilde{w}_k$ adds $v^\top\tilde{x}$ to every score, which softmax ignores;
# - it may not exist: if a linear rule separates the classes perfectly, $\ell$ keeps rising towards 0 as $\|\mathbf{W}\| \to \infty$.
#
# So we **climb**: $\mathbf{W} \leftarrow \mathbf{W} + \eta\, \nabla_{\mathbf{W}}\, \ell(\mathbf{W})$ with a step size $\eta > 0$.

# %%
grad = lambda V: grad_log_likelihood(V, X, y)
W1, W2 = W, np.random.default_rng(1).standard_normal((3, K))
defect = np.abs(grad((W1 + W2) / 2) - (grad(W1) + grad(W2)) / 2).max()   # 0 for an affine gradient
assert defect > 0.1
v = np.array([0.5, -2.0, 3.0])                                            # the same v added to every w~_k
assert np.isclose(log_likelihood(W + v[:, None], X, y), log_likelihood(W, X, y))
assert np.allclose(dW.sum(axis=1), 0.0)                                   # so dW never moves W along v 1^T
print(f"grad at the midpoint differs from the mean of the grads by {defect:.2f}: the equations are nonlinear")
print("adding one vector v to every w~_k leaves l(W) unchanged: the maximizer is not unique")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Twenty ascent steps from $\mathbf{W} = 0$ with $\eta = 1/\|\mathbf{X}\|_2^2$ ($\|\mathbf{X}\|_2$ is the largest singular
# value of $\mathbf{X}$; this $\eta$ is small enough for every step to go uphill, and lecture 06 is about choosing $\eta$):
# $\ell$ rises at every step.

# %%
V, eta = np.zeros((3, K)), 1.0 / np.linalg.norm(X, 2) ** 2
ll_steps = [log_likelihood(V, X, y)]
for step in range(20):
    V = V + eta * grad_log_likelihood(V, X, y)                            # ascent: plus the gradient
    ll_steps.append(log_likelihood(V, X, y))
assert np.all(np.diff(ll_steps) > 0)
print(f"log-likelihood: {ll_steps[0]:.4f} at W = 0 (= N log(1/K) = {N * np.log(1 / K):.4f}) -> {ll_steps[-1]:.4f} after 20 steps")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## $\ell$ is concave: a look along a line
#
# Each term $a_{y_i}$ is linear in $\mathbf{W}$; $\log \sum_k e^{a_k}$ is a convex function of the scores
# (log-sum-exp), and the scores are linear in $\mathbf{W}$, so $-\log \sum_k e^{a_k}$ is concave. A sum of concave
# functions is concave. Hence along **any** line $\mathbf{W} = t\, \mathbf{W}_{\mathrm{dir}}$, $f(t) = \ell(t\, \mathbf{W}_{\mathrm{dir}})$
# satisfies $f''(t) \le 0$: one hill, no local maxima to get stuck in.
#
# Below: 60 points in 3 classes, two directions, the ascent direction $\nabla\ell(0)$ (normalized) and a random one.

# %%
X_raw, y_b = make_blobs_2d(n_per_class=20, num_classes=3, spread=1.5, seed=0)
X_b = add_bias(X_raw)
g0 = grad_log_likelihood(np.zeros((3, 3)), X_b, y_b)
directions = {"ascent direction": g0 / np.linalg.norm(g0),
              "random direction": np.random.default_rng(2).standard_normal((3, 3))}
ts = np.linspace(-2.0, 6.0, 161)
curves = {name: np.array([log_likelihood(t * Wd, X_b, y_b) for t in ts]) for name, Wd in directions.items()}
for name, f in curves.items():
    assert np.all(np.diff(f, 2) <= 1e-9)                                  # second differences <= 0
    print(f"{name}: maximum {f.max():.2f} at t = {ts[np.argmax(f)]:.2f}; all second differences <= 0")

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.5))
for name, f in curves.items():
    ax.plot(ts, f, label=name)
    ax.plot(ts[np.argmax(f)], f.max(), "ko", ms=4)
f = curves["ascent direction"]
i1, i2 = 20, 140                                                          # a chord lies below the curve
ax.plot(ts[[i1, i2]], f[[i1, i2]], "k:", label="a chord (below the curve)")
ax.set_ylim(-300, 10)
ax.set_xlabel("t")
ax.set_ylabel(r"$\ell(t\,\mathbf{W}_{\mathrm{dir}})$")
ax.set_title("the log-likelihood along two lines: concave")
ax.legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The naive softmax overflows
#
# Computing $\ell$ and $\sigma$ literally means evaluating $e^{a_k}$. In float64, $e^{a}$ is `inf` for
# $a > \log(\text{largest float}) \approx 709.78$ and exactly `0.0` for $a < -745.13$. Logits of size 1000 are
# easy to reach (large features, large weights, confident models):
#
# - large logits: $e^{1000} = \infty$, so $\sigma = \infty / \infty =$ `nan`;
# - very negative logits: $e^{-1000} = 0$, so $\sigma = 0/0 =$ `nan`, and $\log \sum_k e^{a_k} = \log 0 = -\infty$.

# %%
a_big, a_neg = np.array([1000.0, 999.0, 998.0]), np.array([-1000.0, -1001.0])
with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
    for a in (a_big, a_neg):
        e = np.exp(a)                                                      # the literal formula
        sigma, lse = e / e.sum(), np.log(e.sum())
        print(f"a = {a}: exp(a) = {e}, softmax = {sigma}, log sum exp = {lse}")
        assert np.all(np.isnan(sigma)) and np.isinf(lse)
print("the literal softmax returns nan for both rows, although the true probabilities are ordinary numbers")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The max-shift fix
#
# For any constant $m$, $\sum_k e^{a_k} = e^{m} \sum_k e^{a_k - m}$. Taking logs, and using shift invariance (lecture 01):
#
# $$\log \sum_{k} e^{a_k} = m + \log \sum_{k} e^{a_k - m}, \qquad
# \sigma_k(a) = \frac{e^{a_k - m}}{\sum_c e^{a_c - m}}, \qquad
# \log \sigma_k(a) = (a_k - m) - \log \sum_c e^{a_c - m}.$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# Choose $m = \max_k a_k$. Then every exponent $a_k - m \le 0$, so nothing overflows; the largest term is
# $e^0 = 1$, so the sum lies in $[1, K]$: no $0/0$, no $\log 0$. The last formula (log-softmax) never takes the
# log of an underflowed probability.

# %%
a_mod = np.array([0.3, -1.2, 2.0])                                        # small: the naive formula works
res = {}
for name, a in (("moderate", a_mod), ("large", a_big), ("very negative", a_neg)):
    m = a.max()
    res[name] = (m + np.log(np.exp(a - m).sum()), np.exp(a - m) / np.exp(a - m).sum())
    print(f"{name:>13}: a = {a}, log sum exp = {res[name][0]:.6f}, softmax = "
          + ", ".join(f"{p:.4f}" for p in res[name][1]))
assert np.isclose(res["moderate"][0], np.log(np.exp(a_mod).sum()), rtol=1e-14)
assert np.allclose(res["moderate"][1], np.exp(a_mod) / np.exp(a_mod).sum())
e = np.exp([0.0, -1.0, -2.0])                                             # exact: a_big = 1000 + (0, -1, -2)
assert np.isclose(res["large"][0], 1000 + np.log(e.sum()), rtol=1e-15) and np.allclose(res["large"][1], e / e.sum())
assert np.isclose(res["very negative"][0], -1000 + np.log(1 + np.exp(-1.0)), rtol=1e-15)
assert np.allclose(res["very negative"][1], np.array([1.0, np.exp(-1.0)]) / (1 + np.exp(-1.0)))
print("shifted formulas: equal to the naive ones where those work, finite and exact where they fail")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## `course_utils` and `scipy.special` agree
#
# `course_utils.logsumexp`, `softmax` and `log_softmax` implement exactly this shift, row by row along the
# class axis. SciPy's `scipy.special` versions are an independent implementation: our oracle. The rows
# below have scores of size 1, 10, 100, 1000 and $10^4$, plus a row around $-1000$.

# %%
rng = np.random.default_rng(3)
A = rng.standard_normal((6, 4)) * np.array([[1.0], [10.0], [100.0], [1e3], [1e4], [1.0]])
A[5] -= 1000.0                                                            # all around -1000
for ours, oracle in ((logsumexp, sp.logsumexp), (softmax, sp.softmax), (log_softmax, sp.log_softmax)):
    assert np.allclose(ours(A), oracle(A, axis=1), rtol=1e-12, atol=0)
    assert np.all(np.isfinite(ours(A)))
with np.errstate(over="ignore", invalid="ignore"):
    naive = np.exp(A) / np.exp(A).sum(axis=1, keepdims=True)
ok = np.all(np.isfinite(naive), axis=1)
assert np.allclose(naive[ok], softmax(A)[ok], rtol=1e-12, atol=1e-300)
print(f"course_utils = scipy.special on all 6 rows; the naive softmax is finite on {ok.sum()} of 6 rows, and agrees there")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Use `log_softmax`, not `np.log(softmax(...))`: a probability of $e^{-1000}$ underflows to `0.0`, and its log
# becomes $-\infty$, while $\log \sigma$ itself is the ordinary number $-1000$ (up to $\log(1 + e^{-1000}) \approx 0$).
# That is why `log_likelihood` sums `log_softmax` entries.

# %%
a = np.array([0.0, -1000.0])
with np.errstate(divide="ignore"):
    log_of_softmax = np.log(softmax(a))
print(f"np.log(softmax(a)) = {log_of_softmax}, log_softmax(a) = {log_softmax(a)}")
assert np.isneginf(log_of_softmax[1]) and np.array_equal(log_softmax(a), a)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Pitfall: one global max for a whole batch
#
# In a batch $\mathbf{A}$ of shape $(N, K)$, each row is its own softmax and must be shifted by **its own**
# maximum $m_i = \max_k A_{ik}$: `A.max(axis=1, keepdims=True)`. Shifting every row by the single global
# maximum $M = \max_{i,k} A_{ik}$ is still exact mathematics (any constant works), but in floating point a row far
# below $M$ has all its exponentials underflow: $0/0 =$ `nan`, or, just above the underflow limit, a few
# surviving bits and silently **wrong** probabilities.

# %%
A = np.array([[1000.0, 999.0, 998.0], [1.0, 2.0, 3.0], [256.0, 257.0, 258.0], [-1000.0, -1001.0, -1002.0]])
with np.errstate(invalid="ignore"):
    E_glob = np.exp(A - A.max())                                          # one global max: WRONG
    S_glob = E_glob / E_glob.sum(axis=1, keepdims=True)
E_row = np.exp(A - A.max(axis=1, keepdims=True))                          # row-wise max: right
S_row = E_row / E_row.sum(axis=1, keepdims=True)
for i in range(4):
    print(f"row {i}: global max -> " + ", ".join(f"{p:.4f}" for p in S_glob[i])
          + "   row-wise max -> " + ", ".join(f"{p:.4f}" for p in S_row[i]))
tiny = np.nextafter(0.0, 1.0)
print("row 2 shifted by the global max: exp =", E_glob[2] / tiny, "times the smallest float64")
assert np.all(np.isnan(S_glob[[1, 3]])) and np.abs(S_glob[2] - S_row[2]).max() > 0.02
assert np.allclose(S_row, softmax(A)) and np.allclose(S_row, sp.softmax(A, axis=1))
print("global shift: rows 1 and 3 are nan, row 2 is finite but wrong; row-wise shift = softmax = scipy")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## When does the naive softmax break?
#
# Take 500 rows of 10 standard normal scores and multiply them by a scale $s$ from 1 to $10^4$. The literal
# formula gives `nan` as soon as the largest score of a row exceeds $\log(\text{largest float}) \approx 709.78$
# (or, for an all-negative row, falls below $-745.13$). On these rows that rule predicts every failure; the shifted
# softmax never fails.

# %%
Z = np.random.default_rng(4).standard_normal((500, 10))
scales = np.logspace(0, 4, 81)
log_max = np.log(np.finfo(float).max)                                   # 709.78
log_tiny = np.log(np.nextafter(0.0, 1.0)) - np.log(2.0)                 # -745.13: exp rounds to 0 below
naive_ok, stable_ok, predicted = [], [], []
for s in scales:
    A = s * Z
    with np.errstate(over="ignore", invalid="ignore"):
        S_naive = np.exp(A) / np.exp(A).sum(axis=1, keepdims=True)
    naive_ok.append(np.all(np.isfinite(S_naive), axis=1).mean())
    stable_ok.append(np.all(np.isfinite(softmax(A)), axis=1).mean())
    m = A.max(axis=1)
    predicted.append(np.mean((m <= log_max) & (m > log_tiny)))
assert np.array_equal(naive_ok, predicted) and np.all(np.array(stable_ok) == 1.0)
first_bad = scales[np.argmax(np.array(naive_ok) < 1)]
print(f"naive softmax: all 500 rows finite up to s = {scales[np.argmax(np.array(naive_ok) < 1) - 1]:.0f}, "
      f"first failure at s = {first_bad:.0f}, {round(500 * naive_ok[-1])} of 500 rows finite at s = 10^4")
print("the rule 'largest score <= 709.78 (and > -745.13)' predicts every failure; the shifted softmax never fails")

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.5))
ax.semilogx(scales, stable_ok, lw=3, alpha=0.5, label="max-shifted softmax")
ax.semilogx(scales, naive_ok, lw=2, label="naive exp(a) / sum exp(a)")
ax.semilogx(scales, predicted, "k.", ms=3, label="predicted: max score ≤ 709.78")
ax.axvline(first_bad, color="gray", ls=":")
ax.set_xlabel("scale s of the scores")
ax.set_ylabel("fraction of rows finite")
ax.set_title("the naive softmax breaks as the scores grow")
ax.legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - $\log$ is increasing, so maximizing $\ell = \log L$ maximizes $L$, and
#   $\ell(\mathbf{W}) = \sum_i \big[a_{y_i} - \log \sum_k e^{a_k}\big]$ (the notes' inner sum corrected);
#   checked against the sum of log-probabilities and $\log L$.
# - $\nabla_{\mathbf{W}}\,\ell = \mathbf{X}^\top(\mathbf{Y} - \mathbf{S})$ (derived next lecture, checked by finite
#   differences here); setting it to zero gives nonlinear equations with no closed form and no unique solution,
#   so we climb the gradient. $\ell$ is concave: one hill.
# - The literal softmax overflows ($\infty/\infty$) and underflows ($0/0$); shifting each row by its maximum,
#   $\log \sum_k e^{a_k} = m + \log \sum_k e^{a_k - m}$, is exact and always finite; `course_utils` agrees with
#   `scipy.special`. The shift must be row-wise: one global maximum breaks rows of a different scale.
#
# [← Previous: 01 · The softmax model and the likelihood](01_softmax_likelihood.ipynb) | [Next: 03 · The gradient by the chain rule →](03_chain_rule.ipynb)
