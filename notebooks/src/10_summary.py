# %% [markdown] slideshow={"slide_type": "slide"}
# # 10 · Summary
#
# **What you'll learn**
#
# - the whole course on one page: the model, the likelihood and the training objective with their
#   two sign conventions, every gradient with its shape, the Jacobian of softmax, the Hessian,
#   the updates and a step size that always climbs, the stable forms, gradient checking and cost;
# - where each formula was derived (the lecture number is given with every item);
# - a compact check for each formula, on one small problem, to rerun whenever in doubt.
#
# Prerequisites: the whole course, [01](01_softmax_likelihood.ipynb), [02](02_log_likelihood.ipynb),
# [03](03_chain_rule.ipynb), [04](04_softmax_jacobian.ipynb), [05](05_final_gradient.ipynb),
# [06](06_gradient_checking.ipynb), [07](07_single_sample_sgd.ipynb), [08](08_training_real_data.ipynb)
# and [09](09_notes_corrected.ipynb).

# %%
import itertools

import numpy as np

from course_utils import (
    add_bias, grad_log_likelihood, grad_log_likelihood_sample, gradient_check, likelihood,
    log_likelihood, log_softmax, logsumexp, loss_and_grad, numerical_gradient, one_hot,
    relative_error, softmax, softmax_jacobian,
)

rng = np.random.default_rng(0)
N, K = 8, 4
X = add_bias(rng.standard_normal((N, 2)))   # (N, D), rows x~_i, column 0 = ones
D = X.shape[1]
W = rng.standard_normal((D, K))             # (D, K), column k = w~_k = (b_k, w_k)
y = rng.permutation(np.arange(N) % K)       # labels 0..K-1, every class present
rows = np.arange(N)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The model (lecture [01](01_softmax_likelihood.ipynb))
#
# | symbol | definition | shape | code |
# |---|---|---|---|
# | $\tilde{x}_i$ | $(1, x_i)$, the bias trick | $(D,)$ | `X[i]`, `X = add_bias(X_raw)` |
# | $\mathbf{W}$ | columns $\tilde{w}_k = (b_k, w_k)$; $\theta = \mathbf{W}$ in the notes | $(D, K)$ | `W` |
# | $a$ | $\mathbf{W}^\top \tilde{x}$, i.e. $a_k = \tilde{w}_k^\top \tilde{x}$ (logits) | $(K,)$ | `W.T @ X[i]` |
# | $\mathbf{A}$ | $\mathbf{X}\mathbf{W}$, row $i$ the logits of sample $i$ | $(N, K)$ | `A = X @ W` |
# | $\sigma$ | $\sigma_k = e^{a_k} / \sum_{c=0}^{K-1} e^{a_c} = P(y = k \mid \tilde{x}, \mathbf{W})$ | $(K,)$ | `softmax(a)` |
# | $\mathbf{S}$ | softmax of each row of $\mathbf{A}$ | $(N, K)$ | `S = softmax(A)` |
# | $\mathbf{Y}$ | $Y_{ik} = \mathbb{1}\{y_i = k\}$, row $i$ is $e_{y_i}$ | $(N, K)$ | `Y = one_hot(y, K)` |
#
# $\sigma$ is positive, sums to 1, and is unchanged when the same constant is added to every logit.

# %%
A, S, Y = X @ W, softmax(X @ W), one_hot(y, K)
a = W.T @ X[0]                                        # a = W^T x~ for sample 0
assert np.allclose(a, A[0]) and np.allclose(np.exp(a) / np.exp(a).sum(), S[0])
assert A.shape == S.shape == Y.shape == (N, K) and np.array_equal(Y, np.eye(K)[y])
assert np.all(S > 0) and np.allclose(S.sum(axis=1), 1) and np.allclose(softmax(A + 5.0), S)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Likelihood, log-likelihood, cross-entropy, objective (lectures [01](01_softmax_likelihood.ipynb), [02](02_log_likelihood.ipynb), [05](05_final_gradient.ipynb), [08](08_training_real_data.ipynb))
#
# $$L(\mathbf{W}) = \prod_{i=1}^{N} \sigma_{y_i}(\tilde{x}_i), \qquad
# \ell(\mathbf{W}) = \log L = \sum_{j=1}^{N} \ell_j, \qquad
# \ell_j = \log \sigma_{y_j}(\tilde{x}_j) = a_{y_j} - \log \sum_{c=0}^{K-1} e^{a_c}
# = -\mathrm{CE}(e_{y_j}, \sigma),$$
#
# with $\mathrm{CE}(p, q) = -\sum_c p_c \log q_c$. The training objective is the mean cross-entropy
# plus an L2 penalty of strength $\lambda$:
#
# $$E(\mathbf{W}) = -\frac{1}{N}\,\ell(\mathbf{W}) + \frac{\lambda}{2}\lVert\mathbf{W}\rVert^2 .$$
#
# | | the notes: maximize $\ell$ | training: minimize $E$ |
# |---|---|---|
# | gradient | $\nabla_{\mathbf{W}}\,\ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ | $\nabla_{\mathbf{W}} E = \frac{1}{N}\mathbf{X}^\top(\mathbf{S}-\mathbf{Y}) + \lambda\mathbf{W}$ |
# | step | ascent, $\mathbf{W} \leftarrow \mathbf{W} + \eta\,\nabla_{\mathbf{W}}\,\ell$ | descent, $\mathbf{W} \leftarrow \mathbf{W} - \eta\,\nabla_{\mathbf{W}} E$ |
# | code | `log_likelihood`, `grad_log_likelihood` | `loss, dW = loss_and_grad(W, X, y, l2)` |
#
# With $\lambda = 0$, a descent step on $E$ with rate $\eta$ is an ascent step on $\ell$ with rate $\eta / N$.

# %%
lj = log_softmax(A)[rows, y]                          # l_j = log sigma_{y_j}(x~_j)
ell = log_likelihood(W, X, y)
assert np.isclose(np.log(likelihood(W, X, y)), ell) and np.isclose(lj.sum(), ell)
assert np.allclose(lj, A[rows, y] - logsumexp(A, axis=1))
assert np.allclose(-np.sum(Y * np.log(S), axis=1), -lj)       # CE(e_{y_j}, sigma(x~_j)) = -l_j
l2, lr = 0.1, 0.5
loss, dW_E = loss_and_grad(W, X, y, l2=l2)
assert np.isclose(loss, -ell / N + l2 / 2 * np.sum(W**2))
dW_E0 = loss_and_grad(W, X, y, l2=0.0)[1]
assert np.allclose(W - lr * dW_E0, W + (lr / N) * grad_log_likelihood(W, X, y))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Gradients, with their shapes (lectures [03](03_chain_rule.ipynb), [05](05_final_gradient.ipynb), [07](07_single_sample_sgd.ipynb))
#
# | gradient | formula | shape | lecture |
# |---|---|---|---|
# | $\partial \ell_j / \partial a$ | $e_{y_j} - \sigma$ | $(K,)$ | 03 |
# | $\nabla_{\mathbf{W}}\, \ell_j$ | $\tilde{x}_j\,(e_{y_j} - \sigma)^\top$, column $k$: $(\mathbb{1}\{y_j = k\} - \sigma_k)\,\tilde{x}_j$ | $(D, K)$ | 03, 07 |
# | $\partial \ell / \partial \mathbf{A}$ | $\mathbf{Y} - \mathbf{S}$ | $(N, K)$ | 05 |
# | $\nabla_{\mathbf{W}}\, \ell$ | $\mathbf{X}^\top(\mathbf{Y} - \mathbf{S}) = \sum_j \tilde{x}_j (e_{y_j} - \sigma(\tilde{x}_j))^\top$ | $(D, K)$ | 05 |
# | $\nabla_{\mathbf{W}} E$ | $\frac{1}{N}\mathbf{X}^\top(\mathbf{S} - \mathbf{Y}) + \lambda\mathbf{W}$ | $(D, K)$ | 05, 08 |

# %% slideshow={"slide_type": "subslide"}
j, dA = 3, Y - S                                      # dA = d ell / d A
assert np.allclose(numerical_gradient(lambda v: log_softmax(v)[y[j]], A[j]), dA[j], atol=1e-8)
dW_j = np.outer(X[j], Y[j] - S[j])                    # x~_j (e_{y_j} - sigma)^T
assert dW_j.shape == (D, K) and np.allclose(dW_j, grad_log_likelihood_sample(W, X[j], int(y[j])))
assert np.allclose(numerical_gradient(lambda logits: np.sum(log_softmax(logits)[rows, y]), A), dA, atol=1e-7)
dW = X.T @ dA
assert dW.shape == (D, K) and np.allclose(dW, sum(np.outer(X[i], dA[i]) for i in range(N)))
assert np.allclose(numerical_gradient(lambda V: log_likelihood(V, X, y), W), dW, atol=1e-7)
assert np.allclose(dW_E, X.T @ (S - Y) / N + l2 * W)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The Jacobian of softmax (lecture [04](04_softmax_jacobian.ipynb))
#
# $$J_{kk'} = \frac{\partial \sigma_k}{\partial a_{k'}} = \sigma_k(\delta_{kk'} - \sigma_{k'}), \qquad J = \mathrm{diag}(\sigma) - \sigma\sigma^\top .$$
#
# | property | why |
# |---|---|
# | symmetric | $\sigma_k\sigma_{k'} = \sigma_{k'}\sigma_k$ |
# | rows (and columns) sum to 0: $J\mathbf{1} = 0$ | shift invariance of softmax |
# | positive semi-definite | $v^\top J v = \sum_c \sigma_c v_c^2 - (\sum_c \sigma_c v_c)^2$, a variance $\ge 0$ |
# | rank $K - 1$, null space spanned by $\mathbf{1}$ | the variance is 0 only for constant $v$ (all $\sigma_c > 0$) |
# | largest eigenvalue $\mu_{\max} \le \frac12$ | Popoviciu: variance $\le (\max v - \min v)^2/4 \le \lVert v\rVert^2/2$; equality at $K = 2$, $\sigma = (\frac12, \frac12)$ |
# | $K = 2$: logistic regression | $\sigma_1 = 1/(1 + e^{-(a_1 - a_0)})$, $J = \sigma_1(1 - \sigma_1)\,(e_0 - e_1)(e_0 - e_1)^\top$ |

# %%
s = S[0]
Jac = np.diag(s) - np.outer(s, s)
Jac_num = np.array([numerical_gradient(lambda v: softmax(v)[k], A[0]) for k in range(K)])
assert np.allclose(Jac, Jac_num, atol=1e-9) and np.allclose(Jac, softmax_jacobian(s))
mu = np.linalg.eigvalsh(Jac)
assert np.allclose(Jac, Jac.T) and np.allclose(Jac.sum(axis=1), 0) and np.allclose(Jac @ np.ones(K), 0)
v = rng.standard_normal(K)
assert np.isclose(v @ Jac @ v, s @ v**2 - (s @ v) ** 2) and mu.min() > -1e-12
assert np.linalg.matrix_rank(Jac) == K - 1 and mu.max() <= 0.5

# %% [markdown] slideshow={"slide_type": "subslide"}
# The bound $\mu_{\max} \le \frac12$ over many random $\sigma$ and $K$, its equality case, and $K = 2$:

# %%
mus = [np.linalg.eigvalsh(softmax_jacobian(softmax(3 * rng.standard_normal(Kr)))).max()
       for Kr in range(2, 12) for _ in range(50)]
assert max(mus) <= 0.5 and np.isclose(np.linalg.eigvalsh(softmax_jacobian(np.array([0.5, 0.5]))).max(), 0.5)
a2 = np.array([0.3, 1.7])                             # K = 2
s2 = softmax(a2)
assert np.isclose(s2[1], 1 / (1 + np.exp(-(a2[1] - a2[0]))))
e01 = np.array([1.0, -1.0])                           # e_0 - e_1
assert np.allclose(softmax_jacobian(s2), s2[1] * (1 - s2[1]) * np.outer(e01, e01))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The Hessian of $\ell$: concave, but not strictly (lecture [05](05_final_gradient.ipynb))
#
# Along a line $\mathbf{W} + \alpha \mathbf{V}$ (a direction $\mathbf{V}$ of shape $(D, K)$), with
# $u_j = \mathbf{V}^\top \tilde{x}_j$ the change of sample $j$'s logits and $J_j$ its Jacobian:
#
# $$\frac{d^2}{d\alpha^2}\,\ell(\mathbf{W} + \alpha\mathbf{V}) = -\sum_{j=1}^{N} u_j^\top J_j\, u_j \;\le\; 0,
# \qquad \ge -\tfrac12 \lVert \mathbf{X}\mathbf{V}\rVert_F^2 \ge -\tfrac12 \lVert \mathbf{X}\rVert_2^2\, \lVert\mathbf{V}\rVert_F^2 .$$
#
# Every $J_j$ is positive semi-definite, so $\ell$ is concave. Along $\mathbf{V} = v\mathbf{1}^\top$ (the
# same vector added to every $\tilde{w}_k$), $u_j = (v^\top\tilde{x}_j)\mathbf{1}$ and $J_j\mathbf{1} = 0$:
# the curvature is 0, which is why the maximizer is not unique (lecture [02](02_log_likelihood.ipynb)).

# %%
V = rng.standard_normal((D, K))
U = X @ V                                             # row j: u_j = V^T x~_j
Js = softmax_jacobian(S)                              # (N, K, K), formed for this check only
curv = -np.einsum("jk,jkl,jl->", U, Js, U)
f = lambda alpha: log_likelihood(W + alpha * V, X, y)
h = 1e-4
assert np.isclose((f(h) - 2 * f(0.0) + f(-h)) / h**2, curv, rtol=1e-5) and curv <= 0
assert curv >= -0.5 * np.sum(U**2) >= -0.5 * np.linalg.norm(X, 2) ** 2 * np.sum(V**2)
U1 = X @ np.outer(rng.standard_normal(D), np.ones(K))   # V = v 1^T
assert abs(np.einsum("jk,jkl,jl->", U1, Js, U1)) < 1e-12

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Updates (lectures [05](05_final_gradient.ipynb), [07](07_single_sample_sgd.ipynb), [08](08_training_real_data.ipynb))
#
# | update | rule |
# |---|---|
# | ascent on $\ell$ (05) | $\mathbf{W} \leftarrow \mathbf{W} + \eta\,\mathbf{X}^\top(\mathbf{Y} - \mathbf{S})$ |
# | descent on $E$ (05, 08) | $\mathbf{W} \leftarrow \mathbf{W} - \eta\,\bigl(\frac1N\mathbf{X}^\top(\mathbf{S} - \mathbf{Y}) + \lambda\mathbf{W}\bigr)$ |
# | minibatch SGD (07) | $\mathbf{W} \leftarrow \mathbf{W} + \eta\,\frac{1}{\lvert B\rvert}\sum_{i \in B} \nabla_{\mathbf{W}}\,\ell_i$, a new batch $B$ each step |
#
# **A step size that always climbs** (05): with $G = \nabla_{\mathbf{W}}\,\ell$ and the curvature bound
# above, $\ell(\mathbf{W} + \eta G) \ge \ell(\mathbf{W}) + \eta\,\bigl(1 - \eta\lVert\mathbf{X}\rVert_2^2/4\bigr)\lVert G\rVert_F^2$,
# so every $0 < \eta < 4/\lVert\mathbf{X}\rVert_2^2$ climbs (for the mean $E$ with $\lambda = 0$ the bound is $4N/\lVert\mathbf{X}\rVert_2^2$, 07).
# **The batch mean is unbiased** (07): averaged over all batches of size $\lvert B\rvert$, it is the
# full mean gradient $\frac1N\nabla_{\mathbf{W}}\,\ell$.

# %%
norm2 = np.linalg.norm(X, 2) ** 2                     # ||X||_2^2
lr, Wt = 3.9 / norm2, np.zeros((D, K))                # eta just below 4 / ||X||_2^2
for t in range(20):
    G = grad_log_likelihood(Wt, X, y)
    gain = log_likelihood(Wt + lr * G, X, y) - log_likelihood(Wt, X, y)
    assert gain >= lr * (1 - lr * norm2 / 4) * np.sum(G**2) - 1e-12 and gain > 0
    Wt = Wt + lr * G
batches = [list(B) for B in itertools.combinations(range(N), 3)]    # every batch of size 3
batch_means = [-loss_and_grad(W, X[B], y[B])[1] for B in batches]   # (1/|B|) sum_{i in B} grad l_i
assert np.allclose(np.mean(batch_means, axis=0), grad_log_likelihood(W, X, y) / N)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Stable forms (lectures [01](01_softmax_likelihood.ipynb), [02](02_log_likelihood.ipynb))
#
# With $m = \max_c a_c$, the maximum logit:
#
# $$\log \sum_{c} e^{a_c} = m + \log \sum_{c} e^{a_c - m}, \qquad
# \log \sigma_k = a_k - m - \log \sum_{c} e^{a_c - m},$$
#
# computed by `logsumexp` and `log_softmax`. Never `np.log(softmax(a))` (a probability that
# underflows to 0 gives $-\infty$) and never the product $\prod_i \sigma_{y_i}$ (it underflows to `0.0`): sum the log-probabilities instead.

# %%
a = np.array([1000.0, 0.0, -1000.0])
m = a.max()
with np.errstate(over="ignore"):
    assert np.isinf(np.log(np.sum(np.exp(a))))              # naive log-sum-exp overflows
assert np.isclose(m + np.log(np.sum(np.exp(a - m))), logsumexp(a)) and np.isfinite(logsumexp(a))
with np.errstate(divide="ignore"):
    assert np.log(softmax(a))[2] == -np.inf                 # log of a probability stored as 0.0
assert np.allclose(log_softmax(a), a - m - np.log(np.sum(np.exp(a - m))))
assert np.isclose(log_softmax(a)[2], -2000.0)                # where log(softmax) gave -inf
X_big, y_big = np.ones((400, 1)), np.zeros(400, dtype=int)  # N = 400, K = 10, W = 0
assert likelihood(np.zeros((1, 10)), X_big, y_big) == 0.0   # 10**-400 underflows
assert np.isclose(log_likelihood(np.zeros((1, 10)), X_big, y_big), -400 * np.log(10))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Checking a gradient (lecture [06](06_gradient_checking.ipynb))
#
# Central differences, one entry at a time ($e_d e_k^\top$ the matrix with a single 1 at $(d, k)$, as in lecture 06):
#
# $$\frac{\partial f}{\partial W_{dk}} \approx \frac{f(\mathbf{W} + h\,e_d e_k^\top) - f(\mathbf{W} - h\,e_d e_k^\top)}{2h},
# \quad \text{error } O(h^2) \text{ (forward differences: } O(h)\text{)}, \quad h \approx 10^{-5}.$$
#
# Compare an entry $G$ of the analytic gradient with its numerical estimate $n$ by the relative error
# $\lvert G - n\rvert / \max(\lvert G\rvert, \lvert n\rvert, \text{floor})$ (lecture 06's notation):
# scale-free, and the floor, $\max(10^{-8}, 10^{-3} \max \lvert n \rvert)$ over the numerical gradient,
# keeps entries that are both about 0 from dividing by 0 and judges tiny entries on the gradient's scale.
# `gradient_check` does it all and gives one of three verdicts: **pass** (largest error at most $10^{-6}$),
# **inspect** (up to $10^{-3}$: kinks, float32) or **fail**.

# %%
f = lambda W_: log_likelihood(W_, X, y)
d, k, h = 1, 2, 1e-5
Delta = np.zeros((D, K))                              # a single 1 at (d, k)
Delta[d, k] = 1.0
num = numerical_gradient(f, W, h=h)
assert np.isclose((f(W + h * Delta) - f(W - h * Delta)) / (2 * h), num[d, k])
err = [abs((f(W + hs * Delta) - f(W - hs * Delta)) / (2 * hs) - dW[d, k]) for hs in (1e-2, 1e-3)]
err_fwd = [abs((f(W + hs * Delta) - f(W)) / hs - dW[d, k]) for hs in (1e-2, 1e-3)]
assert err[0] / err[1] > 50 and 5 < err_fwd[0] / err_fwd[1] < 20    # h / 10: error / 100 vs / 10
rel = np.abs(dW - num) / np.maximum(np.maximum(np.abs(dW), np.abs(num)), 1e-8)
assert np.allclose(rel, relative_error(dW, num)) and rel.max() < 1e-6
assert gradient_check(f, dW, W).passed and not gradient_check(f, -dW, W).passed

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What a gradient costs (lecture [05](05_final_gradient.ipynb))
#
# $\mathbf{A} = \mathbf{X}\mathbf{W}$ and $\mathbf{X}^\top(\mathbf{Y} - \mathbf{S})$ take $NDK$ multiply-adds
# each, the softmax $O(NK)$: one gradient is $O(NDK)$. The per-sample Jacobians, an $(N, K, K)$ array,
# are never formed: the chain rule through them, $J_j e_{y_j} / \sigma_{y_j}$, collapses to
# $e_{y_j} - \sigma(\tilde{x}_j)$. For an MNIST-sized problem ($N = 60000$, $D = 785$, $K = 10$) that is
# $4.71 \times 10^8$ multiply-adds per product, and 48 MB of Jacobians (float64) against 4.8 MB for $\mathbf{S}$.

# %%
via_J = np.einsum("jkl,jk->jl", Js, Y) / S[rows, y][:, None]   # J_j e_{y_j} / sigma_{y_j}
assert Js.shape == (N, K, K) and np.allclose(via_J, Y - S)
Nm, Dm, Km = 60_000, 785, 10
assert Nm * Dm * Km == 471_000_000                              # multiply-adds in X W
assert Nm * Km * Km * 8 == 48_000_000 and Nm * Km * 8 == 4_800_000   # bytes: (N, K, K) vs (N, K)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises (paper and pencil)
#
# **Exercise 1.** *Soft labels.* Replace each one-hot row of $\mathbf{Y}$ by a probability vector $t_j$ (the rows of a
# matrix $\mathbf{T}$, each summing to 1) and maximize $\ell_{\mathbf{T}} = \sum_j \sum_c T_{jc} \log \sigma_c(\tilde{x}_j)$.
# Show that $\nabla_{\mathbf{W}}\,\ell_{\mathbf{T}} = \mathbf{X}^\top(\mathbf{T} - \mathbf{S})$ and that its Hessian is
# lecture 05's $\mathbf{H}$. If every entry of every $t_j$ is positive, can the weights still run off to infinity, as on
# separable data in lecture 02?
#
# <details><summary>Answer</summary>
#
# Per sample, $\partial / \partial a$ of $\sum_c t_c \log \sigma_c$ is $\sum_c t_c (e_c - \sigma) = t - \sigma$, since
# $\sum_c t_c = 1$; stacking the samples and the chain rule of lecture 05 give $\mathbf{X}^\top(\mathbf{T} - \mathbf{S})$.
# The gradient depends on $\mathbf{W}$ only through $\mathbf{S}$, exactly as before, so the Hessian is the same
# $-\sum_j J_j \otimes \tilde{x}_j\tilde{x}_j^\top$. No: along any direction $\mathbf{V}$ that changes some sample's
# scores by different amounts, $\sigma_{jc} \to 0$ for a class that is not the largest, where $t_{jc} > 0$, so
# $\ell_{\mathbf{T}} \to -\infty$. The maximizer is finite (unique up to the flat directions $v\mathbf{1}^\top$): soft labels,
# like the L2 penalty, keep the weights finite.
#
# </details>
#
# **Exercise 2.** *The cost of training.* For $N = 60\,000$ images of $28 \times 28$ pixels ($D = 785$ with the bias)
# and $K = 10$, count the multiply-adds of one full gradient $\mathbf{X}^\top(\mathbf{Y} - \mathbf{S})$, with its forward
# pass, and of one epoch of minibatch SGD with $|B| = 32$. How many more multiply-adds would the $(N, K, K)$ Jacobians
# of the notes' road through $\sigma$ (lecture 04) cost per epoch?
#
# <details><summary>Answer</summary>
#
# $\mathbf{X}\mathbf{W}$ and $\mathbf{X}^\top(\mathbf{Y} - \mathbf{S})$ take $NDK$ each: $2NDK = 2 \cdot 60\,000 \cdot 785 \cdot 10
# \approx 9.4 \times 10^{8}$. An epoch of SGD does the same work in $N/|B| = 1875$ pieces of $2|B|DK$, the same
# $9.4 \times 10^{8}$, plus $1875$ updates of $DK = 7850$ numbers ($1.5 \times 10^{7}$): one epoch of SGD costs about one
# full gradient but makes 1875 steps. Each $J_j^\top$ times a vector costs $K^2 = 100$ instead of $K = 10$: about
# $NK^2 = 6 \times 10^{6}$ more per epoch, small next to $2NDK$, but memory for $NK^2$ numbers if formed at once.
#
# </details>
#
# **Exercise 3.** *Which changes change the maximizers?* Say, for each change of the data, whether the set of
# maximizers of $\ell$ changes, and whether the predicted probabilities at a maximizer change: (a) every sample twice;
# (b) one raw feature multiplied by 2; (c) a second column of ones appended to $\mathbf{X}$.
#
# <details><summary>Answer</summary>
#
# (a) $\ell$ doubles: the same maximizers, the same probabilities. (b) The scores are unchanged if that feature's
# row of $\mathbf{W}$ is halved: the maximizers are the old ones with that row halved, and the probabilities are the
# same. (c) Two identical columns: $\mathbf{X}$ loses full column rank, and moving weight from one bias row to the other
# changes no score. The maximizers form a larger set (every split of the bias), the probabilities do not change; lecture
# 05's count of $D$ zero eigenvalues becomes $D + K - 1$ of the new $D$ (the flat directions, plus a split of each
# class's bias up to the shared one).
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - The model $\mathbf{A} = \mathbf{X}\mathbf{W}$, $\mathbf{S} = \mathrm{softmax}(\mathbf{A})$, the
#   likelihood, $\ell = \sum_j \ell_j$ with $\ell_j = -\mathrm{CE}(e_{y_j}, \sigma)$, and the objective
#   $E = -\ell/N + \frac{\lambda}{2}\lVert\mathbf{W}\rVert^2$ with its sign convention, each checked.
# - Every gradient with its shape, from $e_{y_j} - \sigma$ to $\mathbf{X}^\top(\mathbf{Y} - \mathbf{S})$ and
#   $\nabla_{\mathbf{W}} E$, against central differences.
# - The Jacobian $\mathrm{diag}(\sigma) - \sigma\sigma^\top$: symmetric, $J\mathbf{1} = 0$, positive
#   semi-definite, rank $K - 1$, $\mu_{\max} \le \frac12$; $K = 2$ is logistic regression.
# - The curvature of $\ell$ along any line is $\le 0$ and 0 along $v\mathbf{1}^\top$; every
#   $\eta < 4/\lVert\mathbf{X}\rVert_2^2$ climbed at each of 20 steps, and the minibatch mean is unbiased.
# - Stable forms (log-sum-exp with the max shift, log-softmax), gradient checking (central
#   differences, relative error with a floor) and the $O(NDK)$ cost without the $(N, K, K)$ Jacobians.
#
# [← Previous: 09 · The notes, corrected](09_notes_corrected.ipynb)
#
# Homework: [Homework 1 · A stable softmax and the log-likelihood](../exercises/hw1_softmax_likelihood.ipynb) | [Homework 2 · The Jacobian, the gradient and gradient checking](../exercises/hw2_gradients.ipynb) | [Homework 3 · SGD on handwritten digits](../exercises/hw3_sgd.ipynb)
