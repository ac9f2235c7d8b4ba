# %% [markdown] slideshow={"slide_type": "slide"}
# # 05 · The final gradient
#
# **What you'll learn**
#
# - the notes' last formula, $\partial \ell_j / \partial \tilde{w}_k$ in two cases, its corrected
#   condition, and why both cases are the one formula $(\mathbb{1}\{y_j = k\} - \sigma_k)\,\tilde{x}_j$;
# - how the sum over the samples becomes one matrix product,
#   $\nabla_{\mathbf{W}}\,\ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$, of shape $(D, K)$ like $\mathbf{W}$;
# - that the loop and the matrix product give the same numbers, and how much faster the product is;
# - how to check any gradient against central differences: relative error, its floor, and the
#   pass / fail thresholds;
# - why the finite-difference error is V-shaped in the step size $h$, and why $h \approx 10^{-5}$;
# - the mean, negative version used for training (`loss_and_grad`), checked the same way.
#
# Prerequisites: [04 · The Jacobian of softmax](04_softmax_jacobian.ipynb), where we found
# $\partial \ell_j / \partial a_k = \mathbb{1}\{y_j = k\} - \sigma_k$.

# %%
import timeit

import matplotlib.pyplot as plt
import numpy as np

from course_utils import (
    add_bias, grad_log_likelihood, grad_log_likelihood_loop, gradient_check, log_likelihood,
    loss_and_grad, numerical_gradient, one_hot, relative_error, softmax,
)
from course_utils.gradcheck import FAIL_THRESHOLD, PASS_THRESHOLD, ZERO_FLOOR
from course_utils.plotting import plot_error_vs_step

# %% [markdown]
# A small problem to compute on: $N = 6$ samples with 2 features plus the bias column
# (so $D = 3$), $K = 3$ classes, random weights. Row $j$ of `X` is $\tilde{x}_j$, column $k$ of `W`
# is $\tilde{w}_k$.

# %%
rng = np.random.default_rng(0)
N, K = 6, 3
X = add_bias(rng.standard_normal((N, 2)))   # (N, D), bias column first
W = rng.standard_normal((X.shape[1], K))    # (D, K)
y = rng.permutation(np.arange(N) % K)       # every class present
D = X.shape[1]
print(f"N = {N}, D = {D}, K = {K}, labels y = {y.tolist()}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The notes' last lines: two cases
#
# Sign convention: as in the notes, $\ell = \log L = \sum_j \ell_j$ is the log-likelihood, to be
# **maximized** (gradient *ascent*). For one sample, $\ell_j = a_{y_j} - \log \sum_{k=1}^{K} e^{a_k}$
# with $a_k = \tilde{w}_k^\top \tilde{x}_j$, and the notes end with (cleaned up)
#
# $$
# \frac{\partial \ell_j}{\partial \tilde{w}_k} =
# \begin{cases}
# \bigl(1 - \sigma_{y_j}(\tilde{x}_j)\bigr)\,\tilde{x}_j & \text{if } y_j = k,\\[2pt]
# -\sigma_k(\tilde{x}_j)\,\tilde{x}_j & \text{if } y_j \neq k.
# \end{cases}
# $$
#
# **Correction.** The transcription writes "$y(j) = k$" under *both* cases. Read literally, the
# column $k = y_j$ would get two different values; the second case is $y_j \neq k$.

# %% [markdown] slideshow={"slide_type": "fragment"}
# Where it comes from: $a_k$ is the only logit that contains $\tilde{w}_k$, and
# $\partial a_k / \partial \tilde{w}_k = \tilde{x}_j$. With lecture 04's
# $\partial \ell_j / \partial a_k = \mathbb{1}\{y_j = k\} - \sigma_k$ the chain rule gives
#
# $$
# \frac{\partial \ell_j}{\partial \tilde{w}_k}
# = \frac{\partial \ell_j}{\partial a_k}\,\frac{\partial a_k}{\partial \tilde{w}_k}
# = \bigl(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\bigr)\,\tilde{x}_j .
# $$

# %% [markdown] slideshow={"slide_type": "fragment"}
# The two cases are this one formula: if $y_j = k$ the indicator is 1 and $\sigma_{y_j} = \sigma_k$,
# giving $(1 - \sigma_{y_j})\,\tilde{x}_j$; if $y_j \neq k$ the indicator is 0, giving
# $-\sigma_k\,\tilde{x}_j$. We check both forms for one sample, column by column, against central
# differences of $\ell_j$, and check that the notes' literal second line is wrong at $k = y_j$.

# %%
j = 0
x, s = X[j], softmax(X[j] @ W)                 # x~_j (D,) and sigma(x~_j) (K,)
cases = np.column_stack([(1 - s[y[j]]) * x if y[j] == k else -s[k] * x for k in range(K)])
indicator = np.column_stack([(float(y[j] == k) - s[k]) * x for k in range(K)])
numeric = numerical_gradient(lambda V: log_likelihood(V, X[j:j + 1], y[j:j + 1]), W)
assert np.allclose(cases, indicator, rtol=0, atol=1e-15)
assert np.allclose(cases, numeric, rtol=1e-6, atol=1e-9)
assert not np.allclose(-s[y[j]] * x, numeric[:, y[j]], rtol=1e-3)   # 2nd line used at k = y_j
print(f"sample j = {j}, label {y[j]}: case formula = indicator formula = central differences")
print(f"the second case applied at k = y_j = {y[j]} disagrees: it needs y_j != k")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summing over the samples
#
# The samples are independent, so $\ell = \sum_{j=1}^{N} \ell_j$ and the gradient is the sum of the
# per-sample gradients (the notes' sum "to $\infty$" runs to $N$):
#
# $$
# \nabla_{\tilde{w}_k}\,\ell = \sum_{j=1}^{N} \bigl(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\bigr)\,\tilde{x}_j ,
# \qquad k = 1, \dots, K .
# $$
#
# Stacking the $K$ columns gives a $(D, K)$ array `dW`, shaped like `W`.

# %%
dW_sum = np.zeros((D, K))
for j in range(N):
    s = softmax(X[j] @ W)
    for k in range(K):
        dW_sum[:, k] += (float(y[j] == k) - s[k]) * X[j]
dW_num = numerical_gradient(lambda V: log_likelihood(V, X, y), W)
assert dW_sum.shape == W.shape
assert np.allclose(dW_sum, dW_num, rtol=1e-6, atol=1e-9)
print("sum of per-sample gradients matches central differences of log L, shape", dW_sum.shape)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The matrix form $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$
#
# Let $\mathbf{Y}$ be `one_hot(y, K)`, so $Y_{jk} = \mathbb{1}\{y_j = k\}$, and
# $\mathbf{S} = \operatorname{softmax}(\mathbf{X}\mathbf{W})$, so $S_{jk} = \sigma_k(\tilde{x}_j)$.
# Entry $(d, k)$ of the product, with $[\mathbf{X}^\top]_{dj} = \tilde{x}_{jd}$:
#
# $$
# \bigl[\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})\bigr]_{dk}
# = \sum_{j=1}^{N} \tilde{x}_{jd}\,(Y_{jk} - S_{jk})
# = \sum_{j=1}^{N} \bigl(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\bigr)\,\tilde{x}_{jd},
# $$
#
# which is entry $d$ of $\nabla_{\tilde{w}_k}\,\ell$. So column $k$ of the product is the gradient
# with respect to column $k$ of $\mathbf{W}$:

# %% [markdown] slideshow={"slide_type": "fragment"}
# $$
# \nabla_{\mathbf{W}}\,\ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S}),
# \qquad (D \times N)\,(N \times K) = (D \times K).
# $$

# %%
Y, S = one_hot(y, K), softmax(X @ W)
dW_entry = np.zeros((D, K))
for d in range(D):
    for k in range(K):
        dW_entry[d, k] = sum(X[j, d] * (Y[j, k] - S[j, k]) for j in range(N))
dW = X.T @ (Y - S)
assert dW.shape == (D, K)
assert np.allclose(dW, dW_entry, rtol=1e-12, atol=1e-12)
assert np.allclose(dW, dW_sum, rtol=1e-12, atol=1e-12)
print("X^T (Y - S) = entrywise sum = per-sample sum, shape (D, K) =", dW.shape)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Loop versus matrix product
#
# `course_utils` has both: `grad_log_likelihood_loop` is the notes' case formula, literally, one
# sample and one class at a time; `grad_log_likelihood` computes $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$
# with two matrix products. On a larger problem ($N = 2000$, $D = 5$, $K = 4$) they agree:

# %%
rng = np.random.default_rng(1)
X_big = add_bias(rng.standard_normal((2000, 4)))
W_big = 0.5 * rng.standard_normal((5, 4))
y_big = rng.integers(0, 4, size=2000)
dW_loop = grad_log_likelihood_loop(W_big, X_big, y_big)
dW_vec = grad_log_likelihood(W_big, X_big, y_big)
assert np.allclose(dW_loop, dW_vec, rtol=1e-10, atol=1e-10)
assert np.allclose(dW_vec, X_big.T @ (one_hot(y_big, 4) - softmax(X_big @ W_big)))
print("grad_log_likelihood_loop == grad_log_likelihood == X^T (Y - S) for N = 2000")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Same numbers, very different cost: the loop runs $N K = 8000$ Python-level steps, each on a tiny
# array, while the matrix form hands the whole sum to optimized linear algebra (BLAS). Timings
# depend on the machine, so this cell's output is not compared by the tests.

# %%
# NBVAL_IGNORE_OUTPUT
t_loop = min(timeit.repeat(lambda: grad_log_likelihood_loop(W_big, X_big, y_big), number=1, repeat=3))
t_vec = min(timeit.repeat(lambda: grad_log_likelihood(W_big, X_big, y_big), number=50, repeat=3)) / 50
print(f"loop: {1e3 * t_loop:.1f} ms   vectorized: {1e3 * t_vec:.3f} ms   "
      f"ratio: about {t_loop / t_vec:.0f}x")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Checking a gradient: central differences
#
# Any derivative can be approximated without calculus. Perturb one entry $W_{dk}$ by $\pm h$
# ($E_{dk}$ is the matrix with a single 1 at $(d, k)$):
#
# $$
# \frac{\partial \ell}{\partial W_{dk}} \approx
# \frac{\ell(\mathbf{W} + hE_{dk}) - \ell(\mathbf{W} - hE_{dk})}{2h}.
# $$
#
# Taylor: $\ell(\mathbf{W} \pm hE) = \ell \pm h\,\ell' + \tfrac{h^2}{2}\ell'' \pm \tfrac{h^3}{6}\ell''' + \dots$;
# in the difference the even terms cancel, so the error is $\tfrac{h^2}{6}\ell''' + O(h^4)$: **$O(h^2)$**.
# The forward difference $(\ell(\mathbf{W} + hE) - \ell(\mathbf{W}))/h$ keeps the $\tfrac{h}{2}\ell''$ term:
# only $O(h)$.

# %% [markdown] slideshow={"slide_type": "fragment"}
# One entry by hand, then all $DK$ entries with `numerical_gradient` (which does exactly this on a
# private copy of `W`), compared with the analytic $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$.

# %%
h, d, k = 1e-5, 1, 2
E = np.zeros_like(W)
E[d, k] = 1.0
by_hand = (log_likelihood(W + h * E, X, y) - log_likelihood(W - h * E, X, y)) / (2 * h)
dW_num = numerical_gradient(lambda V: log_likelihood(V, X, y), W, h=h)
assert np.isclose(by_hand, dW_num[d, k], rtol=1e-12, atol=0)
assert np.allclose(dW_num, grad_log_likelihood(W, X, y), rtol=1e-6, atol=1e-9)
print(f"entry ({d}, {k}) by hand = numerical_gradient; all entries match X^T (Y - S) to 1e-6")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Relative error, and why it has a floor
#
# "Close" must not depend on the scale of the gradient: an error of $10^{-6}$ is excellent on an
# entry of size $10^{3}$ and useless on one of size $10^{-6}$. So we compare analytic $a$ and
# numerical $n$ by
#
# $$
# \operatorname{rel}(a, n) = \frac{|a - n|}{\max\bigl(|a|,\ |n|,\ \text{floor}\bigr)},
# $$
#
# with floor $= 10^{-8}$ (`ZERO_FLOOR` in `course_utils.gradcheck`).
#
# Without the floor, an entry where both are exactly $0$ gives $0/0$ = NaN. That happens: a feature
# that is 0 for every sample (an always-blank pixel, say) has a gradient row that is exactly 0,
# analytically *and* numerically. With the floor the ratio is $0/10^{-8} = 0$: well defined.

# %%
X0 = X.copy()
X0[:, 2] = 0.0                                   # feature 2 is always 0
a = grad_log_likelihood(W, X0, y)
n = numerical_gradient(lambda V: log_likelihood(V, X0, y), W)
assert np.all(a[2] == 0) and np.all(n[2] == 0)   # exactly zero, both
with np.errstate(invalid="ignore"):
    naive = np.abs(a - n) / np.maximum(np.abs(a), np.abs(n))
print("naive ratio, row 2:", naive[2], "-> max is", naive.max())
rel = relative_error(a, n)
assert np.all(rel[2] == 0) and rel.max() < PASS_THRESHOLD
print("with the floor, row 2:", rel[2], f"-> max below {PASS_THRESHOLD:g}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## `gradient_check`: pass, inspect, fail
#
# `gradient_check(f, grad, W)` computes the largest relative error between `grad` and the central
# differences of `f` (with $h = 10^{-5}$) and classifies it with two documented thresholds from
# `course_utils.gradcheck`:
#
# - $\le$ `PASS_THRESHOLD` $= 10^{-6}$: **pass**, the analytic gradient is right (a correct one
#   typically lands around $10^{-8}$ or below);
# - $>$ `FAIL_THRESHOLD` $= 10^{-3}$: **fail**, it is wrong (a real bug is usually off by $O(1)$);
# - in between: **inspect**, e.g. a kink in $f$ near $\mathbf{W}$, or float32 arithmetic.
#
# Entries far smaller than the gradient's largest one (below `SCALE_FLOOR` $= 10^{-3}$ of it) are judged on
# that scale: central differences carry an absolute noise of about $10^{-10}$, which is no evidence of a wrong
# derivative on an entry of size $10^{-9}$ when the gradient's scale is $1$.

# %%
print(f"PASS_THRESHOLD = {PASS_THRESHOLD:g}, FAIL_THRESHOLD = {FAIL_THRESHOLD:g}, ZERO_FLOOR = {ZERO_FLOOR:g}")
Y, S = one_hot(y, K), softmax(X @ W)
res = gradient_check(lambda V: log_likelihood(V, X, y), X.T @ (Y - S), W)
assert res.passed and res.status == "pass" and res.max_rel_error <= PASS_THRESHOLD
print(f"X^T (Y - S): {res.status} (max relative error below {PASS_THRESHOLD:g})")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Now three classic mistakes. The wrong sign $\mathbf{X}^\top(\mathbf{S}-\mathbf{Y})$ (the *loss*
# gradient, handed to a check of the log-likelihood) has relative error exactly 2 on every entry.
# The missing transpose $(\mathbf{Y}-\mathbf{S})^\top\mathbf{X}$ has shape $(K, D)$; here $D = K = 3$,
# so the shapes do not catch it, but the values do. Forgetting the $-\mathbf{S}$ term fails too.

# %%
wrong = {
    "wrong sign, X^T (S - Y)": X.T @ (S - Y),
    "missing transpose, (Y - S)^T X": (Y - S).T @ X,
    "forgot S, X^T Y": X.T @ Y,
}
for name, g in wrong.items():
    res = gradient_check(lambda V: log_likelihood(V, X, y), g, W)
    assert res.status == "fail" and res.max_rel_error > FAIL_THRESHOLD
    print(f"{name:32s} -> {res.status}, max relative error {res.max_rel_error:.2f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The V: error against step size
#
# Why $h = 10^{-5}$? Two errors pull in opposite directions.
#
# - **Truncation** (Taylor, above): $\approx C h^2$ for central, $\approx C' h$ for forward differences.
#   Shrinks with $h$.
# - **Round-off**: each computed $\ell$ carries an absolute error of about $\varepsilon|\ell|$,
#   $\varepsilon = 2.2 \times 10^{-16}$ in float64; dividing the difference by $h$ amplifies it
#   to $\approx \varepsilon|\ell|/h$. Grows as $h$ shrinks.

# %% [markdown] slideshow={"slide_type": "fragment"}
# For central differences the total $E(h) \approx C h^2 + \varepsilon|\ell|/h$ is smallest where
# $E'(h) = 2Ch - \varepsilon|\ell|/h^2 = 0$:
#
# $$
# h^\ast = \Bigl(\frac{\varepsilon|\ell|}{2C}\Bigr)^{1/3} \sim \varepsilon^{1/3} \approx 6\times 10^{-6} \approx 10^{-5},
# \qquad E(h^\ast) \sim \varepsilon^{2/3} \approx 4\times 10^{-11}
# $$
#
# (up to constants that depend on $\ell$; the *max* relative error over all entries sits higher,
# driven by the smallest entries).
# For forward differences, $C'h + \varepsilon|\ell|/h$ gives $h^\ast \sim \varepsilon^{1/2} \approx 10^{-8}$ and
# a best error of only $\sim\varepsilon^{1/2} \approx 10^{-8}$. Let us measure both curves,
# for $h$ from $10^{-1}$ down to $10^{-13}$, on our small problem.

# %%
hs = np.logspace(-1, -13, 25)                   # 10^-1, 10^-1.5, ..., 10^-13
G = grad_log_likelihood(W, X, y)
central, forward = np.empty(hs.size), np.empty(hs.size)
for i, h in enumerate(hs):
    central[i] = relative_error(G, numerical_gradient(lambda V: log_likelihood(V, X, y), W, h=h)).max()
    f0, fd, Wp = log_likelihood(W, X, y), np.empty_like(W), W.copy()
    for idx in np.ndindex(W.shape):             # forward differences (no helper in course_utils)
        Wp[idx] = W[idx] + h
        fd[idx] = (log_likelihood(Wp, X, y) - f0) / h
        Wp[idx] = W[idx]
    forward[i] = relative_error(G, fd).max()
print(f"measured {hs.size} step sizes, from h = {hs[0]:g} to h = {hs[-1]:g}")

# %%
ax = plot_error_vs_step(hs, [central, forward], labels=["central, O(h²)", "forward, O(h)"])
ax.axvline(np.finfo(float).eps ** (1 / 3), color="gray", ls=":", label=r"$\varepsilon^{1/3}$")
ax.legend()
ax.set_title("Gradient check error vs step size")
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# Read the V from right to left: on the right arm (large $h$) truncation dominates, and the
# central curve falls two decades per decade of $h$ (slope 2), the forward curve one (slope 1).
# On the left arm round-off dominates and both rise again like $1/h$, noisily. The central curve
# bottoms out near $h \approx 10^{-5}$; the forward curve never gets nearly as low. We assert
# those facts (not the noisy values themselves, which depend on the machine).

# %%
i5 = int(np.argmin(np.abs(np.log10(hs) + 5)))  # index of h = 1e-5
best = int(np.argmin(central))
assert central[best] < 1e-7 and 1e-7 <= hs[best] <= 1e-3
assert central[i5] < forward[i5]
i2, i3 = int(np.argmin(np.abs(np.log10(hs) + 2))), int(np.argmin(np.abs(np.log10(hs) + 3)))
assert 50 < central[i2] / central[i3] < 200     # O(h^2): 10x smaller h, ~100x smaller error
assert 5 < forward[i2] / forward[i3] < 20       # O(h):   10x smaller h, ~10x smaller error
assert central[-1] > 1e3 * central[best]        # the left arm rises again
print("central minimum is below 1e-7, at an h between 1e-7 and 1e-3")
print("at h = 1e-5 central beats forward; right arm slopes: central ~2, forward ~1")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The version used for training: mean loss, descent
#
# For training (lectures 06–07) `loss_and_grad(W, X, y, l2)` returns the **mean negative**
# log-likelihood plus an optional L2 penalty, and its gradient:
#
# $$
# \text{loss}(\mathbf{W}) = -\frac{1}{N}\,\ell(\mathbf{W}) + \frac{\lambda}{2}\sum_{d,k} W_{dk}^2,
# \qquad
# \texttt{dW} = -\frac{1}{N}\,\mathbf{X}^\top(\mathbf{Y}-\mathbf{S}) + \lambda\,\mathbf{W},
# $$
#
# with $\lambda$ = `l2`. It is *minimized*: with learning rate $\eta$ the step
#
# $$
# \mathbf{W} \leftarrow \mathbf{W} - \eta\,\texttt{dW}
# = \mathbf{W} + \frac{\eta}{N}\mathbf{X}^\top(\mathbf{Y}-\mathbf{S}) - \eta\lambda\mathbf{W}
# $$
#
# is gradient *ascent* on the mean log-likelihood, plus a pull of $\mathbf{W}$ towards 0.
# The mean (not the sum) keeps a good learning rate roughly independent of $N$.

# %%
l2 = 0.1
loss, dW = loss_and_grad(W, X, y, l2=l2)
assert np.isclose(loss, -log_likelihood(W, X, y) / N + 0.5 * l2 * np.sum(W ** 2), rtol=1e-12)
assert np.allclose(dW, -grad_log_likelihood(W, X, y) / N + l2 * W, rtol=1e-12, atol=1e-12)
res = gradient_check(lambda V: loss_and_grad(V, X, y, l2=l2)[0], dW, W)
assert res.passed
print(f"loss_and_grad = -(1/N) log L + (l2/2)||W||^2, dW = -(1/N) X^T (Y - S) + l2 W: "
      f"gradient check {res.status}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - The notes' two cases, with the second condition corrected to $y_j \neq k$, are one formula:
#   $\partial \ell_j / \partial \tilde{w}_k = (\mathbb{1}\{y_j = k\} - \sigma_k)\,\tilde{x}_j$.
# - Summed over samples and written entrywise, it is
#   $\nabla_{\mathbf{W}}\,\ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$, shape $(D, K)$ like $\mathbf{W}$;
#   the loop and the matrix product agree, and the product is far faster.
# - Central differences check any gradient; compare with a floored relative error, pass below
#   $10^{-6}$, fail above $10^{-3}$; sign, transpose and missing-term bugs all fail loudly.
# - The check's error is V-shaped in $h$: truncation $O(h^2)$ against round-off $\varepsilon|\ell|/h$,
#   best near $\varepsilon^{1/3} \approx 10^{-5}$; forward differences ($O(h)$) are much worse.
# - `loss_and_grad` is the mean negative log-likelihood (+ L2), minimized by descent; it passes the same check.
#
# [← Previous: 04 · The Jacobian of softmax](04_softmax_jacobian.ipynb) | [Next: 06 · A single sample and SGD →](06_single_sample_sgd.ipynb)
