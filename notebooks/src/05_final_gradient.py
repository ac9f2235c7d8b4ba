# %% [markdown] slideshow={"slide_type": "slide"}
# # 05 · The gradient, assembled
#
# **What you'll learn**
#
# - how the sum over the samples becomes one matrix product, $\nabla_{\mathbf{W}}\,\ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$,
#   of shape $(D, K)$ like $\mathbf{W}$, with $\partial \ell / \partial \mathbf{A} = \mathbf{Y} - \mathbf{S}$;
# - that the notes' case formula, looped, and the matrix product agree;
# - what a gradient costs, and why the $(N, K, K)$ array of Jacobians is never formed;
# - the Hessian of $\ell$: negative semi-definite, so $\ell$ is **concave** (one hill: every local maximum is global), but
#   flat along one family of directions;
# - a step size that provably climbs: every $\eta < 4 / \|\mathbf{X}\|_2^2$;
# - the mean, negative version used for training, $E(\mathbf{W})$, computed by `loss_and_grad`.
#
# Prerequisites: [03 · The chain rule and the gradient with respect to the logits](03_chain_rule.ipynb) (the
# per-sample gradient) and [04 · The Jacobian of softmax](04_softmax_jacobian.ipynb) ($J_j$: positive semi-definite,
# largest eigenvalue at most $1/2$).

# %%
import timeit

import matplotlib.pyplot as plt
import numpy as np

from course_utils import (
    add_bias, grad_log_likelihood, grad_log_likelihood_loop, log_likelihood,
    loss_and_grad, one_hot, softmax, softmax_jacobian,
)
from course_utils.figures import series_style, show_figures

# %% [markdown] slideshow={"slide_type": "subslide"}
# A small problem to compute on: $N = 6$ samples with 2 features plus the bias column (so $D = 3$), $K = 3$
# classes numbered $0, 1, 2$, random weights. Row $j$ of `X` is $\tilde{x}_j^\top$, column $k$ of `W` is $\tilde{w}_k$,
# `Y` $= $ `one_hot(y, K)` and `S` $= \operatorname{softmax}(\mathbf{X}\mathbf{W})$, both $(N, K)$.

# %%
rng = np.random.default_rng(0)
N, D, K = 6, 3, 3
X = add_bias(rng.standard_normal((N, D - 1)))   # (N, D), bias column first
W = rng.standard_normal((D, K))                 # (D, K)
y = rng.permutation(np.arange(N) % K)           # every class present
Y, S = one_hot(y, K), softmax(X @ W)            # (N, K) each
print(f"N = {N}, D = {D}, K = {K}, labels y = {y.tolist()}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summing over the samples
#
# Sign convention: as in the notes, $\ell = \log L = \sum_j \ell_j$ is the log-likelihood, to be **maximized**
# (gradient *ascent*). Lecture 03 derived the gradient of one sample,
# $\partial \ell_j / \partial \tilde{w}_k = \bigl(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\bigr)\,\tilde{x}_j$: the notes' last lines,
# two cases, with the second one's condition corrected to $y_j \neq k$. The samples are independent, so the gradient
# of $\ell$ is the sum of the per-sample gradients (the notes' sum "to $\infty$" runs to $N$):
#
# $$
# \nabla_{\tilde{w}_k}\,\ell = \sum_{j=1}^{N} \bigl(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\bigr)\,\tilde{x}_j ,
# \qquad k = 0, \dots, K-1 .
# $$
#
# Stacking the $K$ columns gives a $(D, K)$ array `dW`, shaped like `W`. **Route 1**: the notes' case formula,
# looped over samples and classes; `grad_log_likelihood_loop` is the same loop in `course_utils`.

# %%
dW_loop = np.zeros((D, K))
for j in range(N):
    s = softmax(X[j] @ W)
    for k in range(K):
        dW_loop[:, k] += (1 - s[k]) * X[j] if y[j] == k else -s[k] * X[j]
assert dW_loop.shape == W.shape
assert np.allclose(dW_loop, grad_log_likelihood_loop(W, X, y), rtol=0, atol=1e-14)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Route 2: the matrix form $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$
#
# With $Y_{jk} = \mathbb{1}\{y_j = k\}$ and $S_{jk} = \sigma_k(\tilde{x}_j)$, entry $d$ of the sum above is
#
# $$
# \sum_{j=1}^{N} \bigl(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\bigr)\,\tilde{x}_{jd}
# = \sum_{j=1}^{N} [\mathbf{X}^\top]_{dj}\,(Y_{jk} - S_{jk})
# = \bigl[\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})\bigr]_{dk} .
# $$
#
# So column $k$ of the product is the gradient with respect to column $k$ of $\mathbf{W}$.

# %% [markdown] slideshow={"slide_type": "fragment"}
# Read with the logits $\mathbf{A} = \mathbf{X}\mathbf{W}$: $A_{jk}$ enters only $\ell_j$, so
# $\partial \ell / \partial A_{jk} = \partial \ell_j / \partial a_k = Y_{jk} - S_{jk}$, and the chain rule through
# the linear map $\mathbf{A} = \mathbf{X}\mathbf{W}$ multiplies by $\mathbf{X}^\top$:
#
# $$
# \frac{\partial \ell}{\partial \mathbf{A}} = \mathbf{Y} - \mathbf{S} \quad (N \times K),
# \qquad
# \nabla_{\mathbf{W}}\,\ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S}),
# \quad (D \times N)\,(N \times K) = (D \times K).
# $$

# %%
dA = Y - S                                      # d l / d A, shape (N, K)
dW_entry = np.zeros((D, K))
for d in range(D):
    for k in range(K):
        dW_entry[d, k] = sum(X[j, d] * dA[j, k] for j in range(N))   # entry (d, k), literally
dW = X.T @ dA                                   # (D, N) (N, K) = (D, K)
assert dA.shape == (N, K) and dW.shape == W.shape == (D, K)
assert np.allclose(dW, dW_entry, rtol=0, atol=1e-14)
assert np.allclose(dW, dW_loop, rtol=0, atol=1e-14)
assert np.allclose(dW, grad_log_likelihood(W, X, y), rtol=0, atol=1e-14)

# %% [markdown] slideshow={"slide_type": "fragment"}
# Two computations, one result: the case loop and $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ agree to $10^{-14}$. Both rest
# on lecture 03's calculus, done by hand; lecture 06 checks $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ against the definition
# of a derivative, by finite differences.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Loop versus matrix product
#
# `course_utils` has both: `grad_log_likelihood_loop` is the notes' case formula, literally, one sample and one
# class at a time; `grad_log_likelihood` computes $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ with two matrix products.
# On a larger problem ($N = 2000$, $D = 5$, $K = 4$) they agree:

# %%
rng = np.random.default_rng(1)
X_big = add_bias(rng.standard_normal((2000, 4)))
W_big = 0.5 * rng.standard_normal((5, 4))
y_big = rng.integers(0, 4, size=2000)
dW_loop_big = grad_log_likelihood_loop(W_big, X_big, y_big)
dW_big = grad_log_likelihood(W_big, X_big, y_big)
assert np.allclose(dW_loop_big, dW_big, rtol=1e-10, atol=1e-10)
assert np.allclose(dW_big, X_big.T @ (one_hot(y_big, 4) - softmax(X_big @ W_big)), rtol=1e-12, atol=1e-12)

# %% [markdown] slideshow={"slide_type": "fragment"}
# Same numbers, very different speed: the loop runs $N K = 8000$ Python-level steps, each on a tiny array,
# while the matrix form hands the whole sum to optimized linear algebra (BLAS). Timings depend on the machine:

# %%
# NBVAL_IGNORE_OUTPUT
t_loop = min(timeit.repeat(lambda: grad_log_likelihood_loop(W_big, X_big, y_big), number=1, repeat=3))
t_vec = min(timeit.repeat(lambda: grad_log_likelihood(W_big, X_big, y_big), number=50, repeat=3)) / 50
print(f"loop: {1e3 * t_loop:.1f} ms   matrix product: {1e3 * t_vec:.3f} ms   "
      f"ratio: about {t_loop / t_vec:.0f}x")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What a gradient costs
#
# Count the work of one gradient $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$:
#
# | step | shapes | multiply-adds |
# |---|---|---|
# | $\mathbf{A} = \mathbf{X}\mathbf{W}$ | $(N, D)\,(D, K)$ | $N D K$ |
# | $\mathbf{S} = \operatorname{softmax}(\mathbf{A})$, $\mathbf{Y} - \mathbf{S}$ | $(N, K)$ | $O(N K)$ |
# | $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ | $(D, N)\,(N, K)$ | $N D K$ |
#
# So a gradient is $O(N D K)$: two passes over the data. The notes' road through $\sigma$ (lecture 04) would also form the
# $N$ Jacobians, an $(N, K, K)$ array: $O(N K^2)$ memory and time, $K$ times the size of $\mathbf{S}$. Training never
# needs it, because $J_j e_{y_j} / \sigma_{y_j}$ collapses to $e_{y_j} - \sigma(\tilde{x}_j)$, the row $j$ of $\mathbf{Y} - \mathbf{S}$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# The numbers for an MNIST-sized problem: $N = 60000$ images of $28 \times 28$ pixels plus the bias ($D = 785$),
# $K = 10$ digits, in float64 (8 bytes a number).

# %%
J = softmax_jacobian(S)                         # (N, K, K): J_j = diag(sigma) - sigma sigma^T per sample
assert np.allclose(J[np.arange(N), :, y] / S[np.arange(N), y][:, None], Y - S, rtol=0, atol=1e-15)
assert J.nbytes == N * K * K * 8 and S.nbytes == N * K * 8      # the sizes counted below, on our problem
N_m, D_m, K_m = 60_000, 785, 10
ops = 2 * N_m * D_m * K_m                       # X W and X^T (Y - S)
bytes_S, bytes_J, bytes_X = N_m * K_m * 8, N_m * K_m * K_m * 8, N_m * D_m * 8
assert ops == 942_000_000 and bytes_S == 4_800_000 and bytes_J == 48_000_000 == K_m * bytes_S
assert bytes_X == 376_800_000
assert N_m * 1000 * 1000 * 8 == 480e9           # the same N with K = 1000 classes
print(f"one gradient: {ops:.3g} multiply-adds; S: {bytes_S / 1e6:g} MB, X: {bytes_X / 1e6:g} MB, "
      f"all Jacobians: {bytes_J / 1e6:g} MB")

# %% [markdown] slideshow={"slide_type": "fragment"}
# For MNIST the Jacobians would cost 48 MB that serve no purpose; with $K = 1000$ classes and the same $N$ they would
# need 480 GB. The gradient is computed from $\mathbf{Y} - \mathbf{S}$, an $(N, K)$ array, and nothing larger.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The Hessian: concave, but not strictly
#
# Move along a direction $\mathbf{V}$ ($D \times K$, shaped like $\mathbf{W}$): $f(\alpha) = \ell(\mathbf{W} + \alpha\mathbf{V})$.
# The logits of sample $j$ move linearly, by $\alpha\, u_j$ with $u_j = \mathbf{V}^\top \tilde{x}_j \in \mathbb{R}^K$ (row $j$ of
# $\mathbf{X}\mathbf{V}$). With $\partial \ell_j / \partial a = e_{y_j} - \sigma(\tilde{x}_j)$ (lecture 03) and
# $\partial \sigma / \partial a = J_j$, the Jacobian at sample $j$ (lecture 04):
#
# $$
# f'(\alpha) = \sum_{j} \bigl(e_{y_j} - \sigma(\tilde{x}_j)\bigr)^\top u_j,
# \qquad
# f''(\alpha) = -\sum_{j} \Bigl(\frac{d\sigma(\tilde{x}_j)}{d\alpha}\Bigr)^{\!\top} u_j
# = -\sum_{j=1}^{N} u_j^\top J_j\, u_j \;\le\; 0 ,
# $$
#
# because every $J_j$ is positive semi-definite (lecture 04). We compare with a central second difference
# $\bigl(f(h) - 2f(0) + f(-h)\bigr)/h^2$ along random directions.

# %%
rng = np.random.default_rng(2)
h = 1e-3
for _ in range(5):
    V = rng.standard_normal((D, K))             # a random direction, shaped like W
    U = X @ V                                   # row j is u_j = V^T x~_j, shape (N, K)
    curv = -np.einsum("jk,jkc,jc->", U, J, U)   # -sum_j u_j^T J_j u_j
    f_plus, f_0, f_minus = (log_likelihood(W + alpha * V, X, y) for alpha in (h, 0.0, -h))
    assert curv <= 0
    assert np.isclose(curv, (f_plus - 2 * f_0 + f_minus) / h**2, rtol=1e-5, atol=0)

# %% [markdown] slideshow={"slide_type": "subslide"}
# As a matrix: stack the columns of $\mathbf{V}$ into $\operatorname{vec}(\mathbf{V}) = (v_0; v_1; \dots; v_{K-1})$
# ($DK$ numbers). Since $u_j^\top J_j u_j = \sum_{c, c'} J_{j,cc'} (v_c^\top \tilde{x}_j)(v_{c'}^\top \tilde{x}_j)$, the
# Hessian of $\ell$ is the $DK \times DK$ matrix
#
# $$
# \mathbf{H} = -\sum_{j=1}^{N} J_j \otimes \tilde{x}_j \tilde{x}_j^\top ,
# \qquad f''(0) = \operatorname{vec}(\mathbf{V})^\top \mathbf{H} \operatorname{vec}(\mathbf{V}),
# $$
#
# with $\otimes$ the Kronecker product (block $(k, k')$ is $J_{j,kk'}\,\tilde{x}_j \tilde{x}_j^\top$). The eigenvalues of
# $J_j \otimes \tilde{x}_j\tilde{x}_j^\top$ are products of eigenvalues of the two factors, all $\ge 0$: $\mathbf{H}$ is negative
# semi-definite, and $\ell$ is concave.

# %%
H = -sum(np.kron(J[j], np.outer(X[j], X[j])) for j in range(N))   # (D K, D K)
vec_V = V.reshape(-1, order="F")                # the columns of V, stacked
assert np.isclose(vec_V @ H @ vec_V, curv, rtol=1e-12, atol=0)
eig_H = np.linalg.eigvalsh(H)                   # ascending
assert eig_H.max() <= 1e-12                     # no positive eigenvalue
assert np.sum(np.abs(eig_H) < 1e-10) == D       # D of them are zero
print(f"the {D * K - D} nonzero eigenvalues of H:", np.round(eig_H[:-D], 3))

# %% [markdown] slideshow={"slide_type": "fragment"}
# The $D$ zero eigenvalues are the directions $\mathbf{V} = v\mathbf{1}^\top$: the same vector $v$ added to every
# class. Then $u_j = (v^\top \tilde{x}_j)\,\mathbf{1}$ and $J_j \mathbf{1} = 0$ (lecture 04), so $f'' = 0$: $\ell$ does
# not change at all along these lines (lecture 02: every score moves by the same amount, which softmax ignores).
# $\ell$ is concave but **not strictly**: this flat direction is why its maximizer is not unique. (When $\mathbf{X}$
# has rank $D$ there is no other flat direction, hence exactly $D$ zeros.)

# %%
v = rng.standard_normal(D)
V_flat = np.outer(v, np.ones(K))                # v 1^T
U = X @ V_flat                                  # every row is a multiple of (1, ..., 1)
assert np.isclose(np.einsum("jk,jkc,jc->", U, J, U), 0, rtol=0, atol=1e-12)
assert np.allclose(H @ V_flat.reshape(-1, order="F"), 0, rtol=0, atol=1e-12)
ell_line = [log_likelihood(W + alpha * V_flat, X, y) for alpha in (-2.0, -1.0, 0.0, 1.0, 2.0)]
assert np.allclose(ell_line, log_likelihood(W, X, y), rtol=1e-12, atol=0)

# %% [markdown] slideshow={"slide_type": "subslide"}
# What concavity buys. Along every line, $f'' \le 0$: $f$ is one hill, so a point where $\nabla_{\mathbf{W}}\,\ell = 0$ is a
# **global** maximum, and the maximizers form a convex set (here, when $\mathbf{X}$ has rank $D$, the flat lines
# $\mathbf{W}^\ast + v\mathbf{1}^\top$ through one of them). Climbing cannot get stuck on a lesser hill: this is what lecture 02's
# "so we climb" needed. The picture: $\ell$ along 20 random lines $\mathbf{W} + \alpha\mathbf{V}$ (every second difference
# $\le 0$), a chord below its curve, and one flat line.

# %% slideshow={"slide_type": "subslide"}
alphas = np.linspace(-3.0, 3.0, 61)
lines = [rng.standard_normal((D, K)) for _ in range(20)]                 # 20 random directions V
curves = np.array([[log_likelihood(W + alpha * V_, X, y) for alpha in alphas] for V_ in lines])
f_flat = np.array([log_likelihood(W + alpha * V_flat, X, y) for alpha in alphas])
assert np.all(np.diff(curves, 2, axis=1) <= 1e-12)                        # concave along every line
assert np.allclose(f_flat, f_flat[0], rtol=0, atol=1e-10)                 # flat: not strictly concave
fig, ax = plt.subplots(figsize=(6.5, 3.2))
for n_line, style in zip(range(3), (0, 1, 3)):                            # black (style 2) marks flat line, chord
    ax.plot(alphas, curves[n_line], label=f"random line {n_line + 1}", markersize=4, markevery=6,
            **series_style(style))
ax.plot(alphas, f_flat, "k--", label=r"flat line $\mathbf{V} = v\mathbf{1}^\top$")
ax.plot(alphas[[5, 55]], curves[0][[5, 55]], "k:", label="a chord of line 1 (below the curve)")
ax.set_xlabel(r"$\alpha$")
ax.set_ylabel(r"$\ell(\mathbf{W} + \alpha\mathbf{V})$")
ax.legend(fontsize=7, loc="lower left")
show_figures(fig, description=(
    f"The log-likelihood of the {N} samples along three of 20 random lines W + αV, for α from {alphas[0]:g} to "
    f"{alphas[-1]:g}: each curve is a single hill, and the dotted chord between two points of line 1 lies below "
    f"it, as for every concave function. Along the flat direction V = v1ᵀ (dashed) the log-likelihood stays at "
    f"{f_flat[0]:.2f}: concave, but not strictly."))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A step size that always climbs
#
# Lecture 04 showed that the largest eigenvalue of every $J_j$ is at most $1/2$: $u^\top J_j u \le \tfrac12 \|u\|^2$.
# In the second derivative above,
#
# $$
# f''(\alpha) = -\sum_j u_j^\top J_j u_j \;\ge\; -\frac12 \sum_j \|u_j\|^2 = -\frac12 \|\mathbf{X}\mathbf{V}\|_F^2
# \;\ge\; -\frac12 \|\mathbf{X}\|_2^2\, \|\mathbf{V}\|_F^2 ,
# $$
#
# where $\|\mathbf{X}\|_2$ is the largest singular value of $\mathbf{X}$ (so $\|\mathbf{X} v\| \le \|\mathbf{X}\|_2 \|v\|$
# for each column $v$ of $\mathbf{V}$). This holds at every $\mathbf{W}$ and along every $\mathbf{V}$: the gradient
# is Lipschitz with constant $\beta = \|\mathbf{X}\|_2^2 / 2$ (often called $L$; here $L$ is the likelihood).

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now take an ascent step along the gradient $\mathbf{G} = \nabla_{\mathbf{W}}\,\ell(\mathbf{W})$, i.e.
# $\mathbf{V} = \mathbf{G}$: $f'(0) = \langle \mathbf{G}, \mathbf{G}\rangle = \|\mathbf{G}\|_F^2$ and, by Taylor's formula
# with $f'' \ge -\beta\|\mathbf{G}\|_F^2$ between $0$ and $\eta$,
#
# $$
# \ell(\mathbf{W} + \eta\mathbf{G}) \;\ge\; \ell(\mathbf{W}) + \eta\,\|\mathbf{G}\|_F^2 - \frac{\beta\eta^2}{2}\,\|\mathbf{G}\|_F^2
# = \ell(\mathbf{W}) + \eta\Bigl(1 - \frac{\eta \beta}{2}\Bigr)\|\mathbf{G}\|_F^2 .
# $$
#
# The gain is positive whenever $\eta \beta / 2 < 1$: **every $\eta < 4 / \|\mathbf{X}\|_2^2$ climbs**, from any
# $\mathbf{W}$ where $\mathbf{G} \neq 0$. First the bound on $f''$, at random weights and along random directions:

# %%
norm_X2 = np.linalg.norm(X, 2) ** 2             # ||X||_2^2, the largest singular value squared
rng = np.random.default_rng(3)
for _ in range(200):
    W_rand, V = 3 * rng.standard_normal((D, K)), rng.standard_normal((D, K))
    J_rand = softmax_jacobian(softmax(X @ W_rand))   # (N, K, K) at W_rand
    assert np.linalg.eigvalsh(J_rand).max() <= 0.5 + 1e-15        # lecture 04
    U = X @ V
    curv = -np.einsum("jk,jkc,jc->", U, J_rand, U)
    assert curv >= -0.5 * np.sum(U**2) >= -0.5 * norm_X2 * np.sum(V**2)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Then 20 ascent steps $\mathbf{W} \leftarrow \mathbf{W} + \eta\,\mathbf{G}$ from $\mathbf{W} = 0$, with
# $\eta = 1/\|\mathbf{X}\|_2^2$ and with $\eta = 3.99/\|\mathbf{X}\|_2^2$, just below the bound: every step must gain at
# least $\eta(1 - \eta\beta/2)\|\mathbf{G}\|_F^2$. For comparison, a step $10/\|\mathbf{X}\|_2^2$ beyond the bound.

# %%
ell_t = {}
for factor in (1.0, 3.99, 10.0):
    eta, W_t = factor / norm_X2, np.zeros((D, K))
    ell_t[factor] = [log_likelihood(W_t, X, y)]
    for t in range(20):
        G = grad_log_likelihood(W_t, X, y)
        W_t = W_t + eta * G
        ell_t[factor].append(log_likelihood(W_t, X, y))
        gain_bound = eta * (1 - eta * norm_X2 / 4) * np.sum(G**2)     # eta (1 - eta beta / 2) ||G||^2
        assert factor > 4 or ell_t[factor][-1] - ell_t[factor][-2] >= gain_bound > 0
assert np.any(np.diff(ell_t[10.0]) < 0)          # beyond the bound, some steps go down
print(f"||X||_2^2 = {norm_X2:.3f}: every eta < 4 / ||X||_2^2 = {4 / norm_X2:.3f} climbs")

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(6, 3.5))
for i, (factor, values) in enumerate(ell_t.items()):
    ax.plot(values, ms=4, label=rf"$\eta = {factor:g} / \|X\|_2^2$", **series_style(i))
ax.set_xlabel("step t")
ax.set_ylabel(r"$\ell(W_t)$")
ax.set_title("Gradient ascent from W = 0")
ax.legend()
show_figures(fig, description=(
    f"The log-likelihood over 20 steps of gradient ascent from W = 0, with the step size η at 1, 3.99 and 10 "
    f"times 1/‖X‖²: the two below the bound 4/‖X‖² climb at every step, to {ell_t[1.0][-1]:.2f} and "
    f"{ell_t[3.99][-1]:.2f}; at 10/‖X‖² the steps overshoot, and the log-likelihood falls at "
    f"{int(np.sum(np.diff(ell_t[10.0]) < 0))} of the 20 steps."))

# %% [markdown] slideshow={"slide_type": "fragment"}
# Below the bound the climb is guaranteed; at $10/\|\mathbf{X}\|_2^2$ the steps overshoot and $\ell$ sometimes falls.
# The bound is sufficient, not necessary: larger steps may still climb, but nothing promises it.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Böhning's bound, and steps that use the curvature
#
# The eigenvalue bound is the scalar form of a matrix one. Write $u = u_\perp + c\mathbf{1}$ with $u_\perp \perp \mathbf{1}$:
# since $J_j\mathbf{1} = 0$ and no eigenvalue of $J_j$ exceeds $\tfrac12$, $u^\top J_j u = u_\perp^\top J_j u_\perp \le \tfrac12\|u_\perp\|^2$,
# that is $J_j \preceq \tfrac12\bigl(I - \tfrac1K\mathbf{1}\mathbf{1}^\top\bigr)$. Summing the Kronecker blocks of $\mathbf{H}$,
#
# $$
# -\mathbf{H} = \sum_j J_j \otimes \tilde{x}_j\tilde{x}_j^\top \;\preceq\;
# \mathbf{B} = \tfrac12\Bigl(I - \tfrac1K\mathbf{1}\mathbf{1}^\top\Bigr) \otimes \mathbf{X}^\top\mathbf{X}
# \quad \text{at every } \mathbf{W},
# $$
#
# **Böhning's bound** (Böhning 1992; Murphy, *Probabilistic Machine Learning*, section 10.3). Its largest eigenvalue is
# $\tfrac12\|\mathbf{X}\|_2^2 = \beta$: the step-size bound above is this matrix seen along its worst direction.

# %%
B = 0.5 * np.kron(np.eye(K) - np.ones((K, K)) / K, X.T @ X)       # same (column-stacked) order as H
for _ in range(20):
    J_rand = softmax_jacobian(softmax(X @ (3 * rng.standard_normal((D, K)))))
    minus_H = sum(np.kron(J_rand[j], np.outer(X[j], X[j])) for j in range(N))
    assert np.linalg.eigvalsh(B - minus_H).min() >= -1e-10          # -H <= B, wherever W is
assert np.isclose(np.linalg.eigvalsh(B).max(), norm_X2 / 2)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Newton's method and IRLS.** Gradient ascent uses only the slope. Newton's method also uses the curvature: it jumps
# to the top of the local quadratic model,
# $\operatorname{vec}(\mathbf{W}) \leftarrow \operatorname{vec}(\mathbf{W}) - \mathbf{H}^{-1}\operatorname{vec}(\mathbf{G})$.
# For logistic and softmax regression this is *iteratively reweighted
# least squares* (IRLS): each step is a weighted least-squares problem whose weights are the current $J_j$. Near the
# maximizer it needs only a handful of steps, but each one solves a $DK \times DK$ system, and here $\mathbf{H}$ is
# singular along the $D$ flat directions: one fixes a class's weights to 0, or adds the L2 penalty below. A fixed
# $\mathbf{B}$ gives a cheaper step, $\mathbf{W} + \mathbf{B}^{+}\mathbf{G}$ (the pseudo-inverse, computed once): it
# maximizes the quadratic lower bound $\ell(\mathbf{W}) + \langle \mathbf{G}, \Delta\rangle - \tfrac12
# \operatorname{vec}(\Delta)^\top\mathbf{B}\operatorname{vec}(\Delta)$ of $\ell(\mathbf{W} + \Delta)$, so it never goes
# down (a minorize-maximize step). L-BFGS (lecture 08) builds its curvature from gradients alone.

# %%
B_pinv = np.linalg.pinv(B)
W_mm, ell_mm = np.zeros((D, K)), [log_likelihood(np.zeros((D, K)), X, y)]
for t in range(20):
    G = grad_log_likelihood(W_mm, X, y)
    W_mm = W_mm + (B_pinv @ G.reshape(-1, order="F")).reshape((D, K), order="F")
    ell_mm.append(log_likelihood(W_mm, X, y))
assert np.all(np.diff(ell_mm) > 0)                               # every step climbs
print(f"after 20 steps: l = {ell_mm[-1]:.4f} with B+, {ell_t[3.99][-1]:.4f} with eta = 3.99 / ||X||_2^2")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The version used for training: the mean loss, descent
#
# For training (lectures 07–08) we minimize the **training objective**, the mean negative log-likelihood (the mean
# cross-entropy, lecture 02) plus an L2 penalty of strength $\lambda$ (code `l2`):
#
# $$
# E(\mathbf{W}) = -\frac{1}{N}\,\ell(\mathbf{W}) + \frac{\lambda}{2}\,\|\mathbf{W}\|^2,
# \qquad
# \nabla_{\mathbf{W}} E = \frac{1}{N}\,\mathbf{X}^\top(\mathbf{S}-\mathbf{Y}) + \lambda\,\mathbf{W},
# $$
#
# which `loss_and_grad(W, X, y, l2)` returns as `loss, dW`. The step $\mathbf{W} \leftarrow \mathbf{W} - \eta\,\nabla_{\mathbf{W}} E$
# (learning rate $\eta$, code `lr`) is gradient *descent* on $E$: ascent on the mean log-likelihood plus a pull
# towards 0.

# %% [markdown] slideshow={"slide_type": "fragment"}
# The step-size bound carries over: along $\mathbf{V}$ the second derivative of $E$ is at most
# $\bigl(\|\mathbf{X}\|_2^2 / (2N) + \lambda\bigr)\|\mathbf{V}\|_F^2$, so every $\eta < 4N / (\|\mathbf{X}\|_2^2 + 2N\lambda)$
# decreases $E$. With $\lambda = 0$ that is $N$ times the bound for $\ell$; and $\|\mathbf{X}\|_2^2 / N$ hardly depends
# on $N$ (duplicating the data leaves it unchanged): the mean keeps a good learning rate independent of the data size.

# %%
l2 = 0.1
loss, dW_E = loss_and_grad(W, X, y, l2=l2)
assert np.isclose(loss, -log_likelihood(W, X, y) / N + 0.5 * l2 * np.sum(W**2), rtol=1e-12, atol=0)
assert np.allclose(dW_E, X.T @ (S - Y) / N + l2 * W, rtol=0, atol=1e-14)
lr = 3.99 * N / (norm_X2 + 2 * N * l2)          # just below the bound for E
W_t, E_t = W.copy(), [loss]
for t in range(20):
    W_t = W_t - lr * loss_and_grad(W_t, X, y, l2=l2)[1]      # descent on E
    E_t.append(loss_and_grad(W_t, X, y, l2=l2)[0])
assert np.all(np.diff(E_t) < 0)
print(f"lr = {lr:.3f}: E goes from {E_t[0]:.4f} to {E_t[-1]:.4f} in 20 steps, falling at every step")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises (paper and pencil)
#
# **Exercise 1.** One sample $\tilde{x} = (1, 2)$ with label $y = 1$, $K = 2$ classes, $\mathbf{W} = 0$. Compute
# $\sigma$, $\partial \ell / \partial a$ and $\nabla_{\mathbf{W}}\,\ell$ (a $2 \times 2$ matrix).
#
# <details><summary>Answer</summary>
#
# At $\mathbf{W} = 0$ both logits are 0, so $\sigma = (1/2, 1/2)$. Then $\partial \ell / \partial a = e_1 - \sigma = (-1/2, 1/2)$
# and $\nabla_{\mathbf{W}}\,\ell = \tilde{x}\,(e_1 - \sigma)^\top = \begin{pmatrix} -1/2 & 1/2 \\ -1 & 1 \end{pmatrix}$:
# column 1 (the true class) points along $+\tilde{x}$, column 0 along $-\tilde{x}$.
#
# </details>
#
# **Exercise 2.** One sample, $\tilde{x} = (1, 2)$, $K = 2$ classes, at $\mathbf{W} = 0$. Write $\mathbf{H}$ as a Kronecker
# product and give its eigenvalues. The text says $\mathbf{H}$ has $D = 2$ zero eigenvalues: why are there more here?
# Compare the largest $|\text{eigenvalue}|$ with $\beta = \|\mathbf{X}\|_2^2/2$.
#
# <details><summary>Answer</summary>
#
# At $\mathbf{W} = 0$, $\sigma = (\tfrac12, \tfrac12)$ and $J = \tfrac14\begin{pmatrix} 1 & -1 \\ -1 & 1 \end{pmatrix}$, with
# eigenvalues $\tfrac12$ and $0$; $\tilde{x}\tilde{x}^\top = \begin{pmatrix} 1 & 2 \\ 2 & 4 \end{pmatrix}$ has eigenvalues $5$ and
# $0$. $\mathbf{H} = -J \otimes \tilde{x}\tilde{x}^\top$ has the products: $-\tfrac52, 0, 0, 0$. Two zeros are the flat
# directions $v\mathbf{1}^\top$; the third comes from $\mathbf{X}$, one row of two columns, which does not have full column
# rank: changing $\mathbf{W}$ along a direction orthogonal to $\tilde{x}$ changes no score. Here
# $\|\mathbf{X}\|_2^2 = 5$, so $\beta = \tfrac52$: the bound is reached, as $\sigma = (\tfrac12, \tfrac12)$ is $J$'s worst case.
#
# </details>
#
# **Exercise 3.** For $K = 2$, with $s_j = \sigma_1(\tilde{x}_j)$, show that
# $f''(\alpha) = -\sum_j s_j(1 - s_j)\,\bigl((v_1 - v_0)^\top \tilde{x}_j\bigr)^2$ along $\mathbf{V} = (v_0, v_1)$.
# Along which directions is it zero?
#
# <details><summary>Answer</summary>
#
# For $K = 2$, $J_j = s_j(1 - s_j)\begin{pmatrix} 1 & -1 \\ -1 & 1 \end{pmatrix}$ (lecture 04), and with
# $u_j = (v_0^\top \tilde{x}_j,\ v_1^\top \tilde{x}_j)$, $u_j^\top J_j u_j = s_j(1 - s_j)\,(v_1^\top \tilde{x}_j - v_0^\top \tilde{x}_j)^2$.
# Summing with a minus sign gives the formula. Since $0 < s_j < 1$, it is zero exactly when
# $(v_1 - v_0)^\top \tilde{x}_j = 0$ for every $j$; if $\mathbf{X}$ has rank $D$ this means $v_1 = v_0$: the flat
# directions $v\mathbf{1}^\top$, and no others.
#
# </details>
#
# **Exercise 4.** The guaranteed gain is $\eta(1 - \eta\beta/2)\|\mathbf{G}\|_F^2$ with $\beta = \|\mathbf{X}\|_2^2/2$. Which
# $\eta$ makes it largest, and how large is it? Give both numbers for $\|\mathbf{X}\|_2 = 10$.
#
# <details><summary>Answer</summary>
#
# The factor $\eta - \eta^2 \beta/2$ has derivative $1 - \eta\beta$, zero at $\eta = 1/\beta = 2/\|\mathbf{X}\|_2^2$, the middle of
# $(0, 4/\|\mathbf{X}\|_2^2)$, where it equals $1/(2\beta)$: the gain is at least $\|\mathbf{G}\|_F^2 / \|\mathbf{X}\|_2^2$.
# For $\|\mathbf{X}\|_2 = 10$: $\beta = 50$, $\eta = 0.02$ and a gain of at least $0.01\,\|\mathbf{G}\|_F^2$
# (every $\eta < 0.04$ climbs).
#
# </details>
#
# **Exercise 5.** Duplicate every sample of the data set. How do $\nabla_{\mathbf{W}}\,\ell$, $\|\mathbf{X}\|_2^2$, the
# safe step for $\ell$ and the safe learning rate for $E$ (with $\lambda = 0$) change?
#
# <details><summary>Answer</summary>
#
# Every term of the sum appears twice, so $\nabla_{\mathbf{W}}\,\ell$ doubles. $\mathbf{X}^\top\mathbf{X}$ doubles, and
# $\|\mathbf{X}\|_2^2$ is its largest eigenvalue: it doubles too. The safe step $4/\|\mathbf{X}\|_2^2$ for $\ell$ halves
# (the step $\eta\,\mathbf{G}$ would otherwise double). For $E$, $N$ doubles as well: $\nabla_{\mathbf{W}} E$ is unchanged
# and so is $4N/\|\mathbf{X}\|_2^2$. This is why training uses the mean.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Coding exercise: the safe learning rate, tested on data
#
# Write `safe_learning_rate(X, l2)`: the bound of "The version used for training" above, below which every
# descent step on $E$ lowers $E$, that is $4N / (\|\mathbf{X}\|_2^2 + 2N\lambda)$ for $\mathbf{X}$ of shape $(N, D)$,
# with $\|\mathbf{X}\|_2$ the spectral norm (the largest singular value). Use NumPy only. The check compares your
# number on six inputs and names the likely mistake; then it tests it on data: on three seeded blobs, 20 descent
# steps at 0.99 times your rate must lower $E$ at every step.

# %%
from course_utils.checks import report
from course_utils.checks.step_size import check_safe_learning_rate

def safe_learning_rate(X, l2):
    """The learning rate below which descent on E = -(1/N) l + (l2/2) ||W||^2 always lowers E.

    Parameters
    ----------
    X : ndarray of shape (N, D)
        The samples, one per row, bias column included.
    l2 : float
        The strength lambda of the L2 penalty, >= 0.

    Returns
    -------
    float
        4N / (||X||_2^2 + 2N l2), with ||X||_2 the spectral norm of X.
    """
    # YOUR CODE HERE
    raise NotImplementedError()

report(check_safe_learning_rate, safe_learning_rate)

# %% [markdown]
# <details><summary>Answer</summary>
#
# ```python
# import numpy as np
#
# def safe_learning_rate(X, l2):
#     N = X.shape[0]
#     norm_X2 = np.linalg.norm(X, 2) ** 2       # ||X||_2^2: the largest singular value, squared
#     return 4 * N / (norm_X2 + 2 * N * l2)
# ```
#
# The check then prints its line: on the blobs ($N = 150$, $\lambda = 0.01$), 20 steps at 0.99 times the rate lower
# $E$ from 1.0986 to 0.3976, at every step. `np.linalg.norm(X)` would be the Frobenius norm $\|\mathbf{X}\|_F$, the
# root of the sum of ALL the squared singular values: larger than $\|\mathbf{X}\|_2$ (unless $\mathbf{X}$ has rank
# one), so the rate would be safe but needlessly small.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - Lecture 03's per-sample gradient $(\mathbb{1}\{y_j = k\} - \sigma_k)\,\tilde{x}_j$, summed over the samples, is
#   $\nabla_{\mathbf{W}}\,\ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$, shape $(D, N)(N, K) = (D, K)$, with
#   $\partial \ell / \partial \mathbf{A} = \mathbf{Y} - \mathbf{S}$; the case loop and the matrix product agree, and the product is
#   far faster than the loop.
# - A gradient costs $O(N D K)$; the $(N, K, K)$ Jacobians (48 MB for MNIST) are never needed, since
#   $J_j e_{y_j} / \sigma_{y_j} = e_{y_j} - \sigma$.
# - $f''(\alpha) = -\sum_j u_j^\top J_j u_j \le 0$, i.e. $\mathbf{H} = -\sum_j J_j \otimes \tilde{x}_j\tilde{x}_j^\top$ is negative
#   semi-definite: $\ell$ is concave (every local maximum is global: climbing cannot get stuck), flat along
#   $v\mathbf{1}^\top$ ($D$ zero eigenvalues), so its maximizer is not unique.
# - With $\mu_{\max}(J_j) \le 1/2$, the gradient is Lipschitz with $\beta = \|\mathbf{X}\|_2^2/2$, and every ascent step
#   $\eta < 4/\|\mathbf{X}\|_2^2$ climbs, by at least $\eta(1 - \eta\beta/2)\|\mathbf{G}\|_F^2$.
# - Training minimizes $E(\mathbf{W}) = -\frac1N \ell(\mathbf{W}) + \frac{\lambda}{2}\|\mathbf{W}\|^2$ by descent with
#   `loss_and_grad`; its safe learning rate is $4N/(\|\mathbf{X}\|_2^2 + 2N\lambda)$.
#
# [← Previous: 04 · The Jacobian of softmax](04_softmax_jacobian.ipynb) | [Next: 06 · Checking a gradient →](06_gradient_checking.ipynb)
#
# Homework: [Homework 2 · The Jacobian, the gradient and gradient checking](../exercises/hw2_gradients.ipynb)
