# %% [markdown] slideshow={"slide_type": "slide"}
# # 06 · A single sample and SGD
#
# **What you'll learn**
#
# - the log-likelihood of one sample, $\ell_j = a_{y_j} - \log\sum_{k=1}^{K} e^{a_k} = \log\sigma_{y_j}$,
#   and why we compute it in the first form;
# - its gradient, the outer product $\tilde{x}_j\,(e_{y_j} - \sigma)^\top$, and why the batch
#   gradient is the sum of these;
# - why one random sample (or a small batch) gives an *unbiased* but noisy estimate of the gradient;
# - full-batch gradient ascent versus minibatch SGD on a 2-D toy problem, and the decision regions
#   they learn;
# - what the learning rate does, and why too large a step makes training fail.
#
# Prerequisites: [05 · The final gradient](05_final_gradient.ipynb)
# ($\nabla_{\mathbf{W}}\,\ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ and the gradient check).

# %%
import matplotlib.pyplot as plt
import numpy as np

from course_utils import (
    add_bias, grad_log_likelihood, grad_log_likelihood_sample, gradient_ascent, gradient_check,
    log_likelihood, log_softmax, logsumexp, loss_and_grad, make_blobs_2d, sgd, softmax,
)
from course_utils.plotting import plot_decision_regions, plot_loss
from course_utils.widgets import training_explorer

# %% [markdown]
# Our toy problem: $K = 3$ overlapping Gaussian blobs in the plane, 50 points each, seeded.
# `X_raw` holds the 2-D points, `X = add_bias(X_raw)` the rows $\tilde{x}_j = (1, x_{j1}, x_{j2})$,
# so $D = 3$. `W` is a random point at which we study gradients.

# %%
X_raw, y = make_blobs_2d(n_per_class=50, num_classes=3, spread=2.0, seed=0)
X = add_bias(X_raw)                          # (N, D) = (150, 3)
N, D = X.shape
K = 3
rng = np.random.default_rng(0)
W = 0.1 * rng.standard_normal((D, K))        # (D, K)
print(f"N = {N}, D = {D}, K = {K}, samples per class: {np.bincount(y).tolist()}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The log-likelihood of one sample
#
# The notes: "we can also derive for a single sample". With $a_k = \tilde{w}_k^\top\tilde{x}_j$,
#
# $$
# \ell_j = a_{y_j} - \log\sum_{k=1}^{K} e^{a_k}
# = \log\frac{e^{a_{y_j}}}{\sum_{k=1}^{K} e^{a_k}} = \log\sigma_{y_j}(\tilde{x}_j),
# \qquad \ell = \sum_{j=1}^{N} \ell_j .
# $$
#
# **Correction.** The notes (where it is called $L_j$) write the sum from $k = 1$ to $2$; it runs
# over all $K$ classes (with $K = 2$ it would be the binary case only).

# %% [markdown] slideshow={"slide_type": "fragment"}
# Both forms are equal in exact arithmetic, not in floating point. Naively, $\log\sigma_{y}$
# first computes $\sigma_y$, which underflows to 0 when $a_y$ is far below the largest logit;
# $a_y - \operatorname{logsumexp}(a)$ (lecture 02) stays exact.

# %%
a, label = np.array([-800.0, 0.0, 5.0]), 0       # the true class has a very low score
with np.errstate(divide="ignore"):
    naive = np.log(softmax(a)[label])            # sigma_0 = e^-805 / ... underflows to 0
stable = a[label] - logsumexp(a)
assert naive == -np.inf and np.isfinite(stable)
assert np.isclose(stable, log_softmax(a)[label], rtol=1e-15)
print(f"naive log(sigma_y) = {naive}, stable a_y - logsumexp(a) = {stable:.4f}")

# %% [markdown] slideshow={"slide_type": "fragment"}
# On our data, where nothing underflows, the two forms agree sample by sample, and the per-sample
# terms add up to lecture 02's $\ell = \log L$:

# %%
A = X @ W                                         # (N, K) logits
ell = A[np.arange(N), y] - logsumexp(A, axis=1)   # (N,) the l_j
assert np.allclose(ell, np.log(softmax(A)[np.arange(N), y]), rtol=1e-12)
assert np.isclose(ell.sum(), log_likelihood(W, X, y), rtol=1e-12)
print(f"a_y - logsumexp(a) = log sigma_y for all {N} samples; sum of l_j = log L = {ell.sum():.4f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The gradient of one sample: an outer product
#
# From lecture 05, column $k$ of $\partial\ell_j/\partial\mathbf{W}$ is
# $(\mathbb{1}\{y_j = k\} - \sigma_k)\,\tilde{x}_j$. Put the $K$ numbers
# $\mathbb{1}\{y_j = k\} - \sigma_k$ in one vector, $e_{y_j} - \sigma$ ($e_{y}$ is the one-hot vector
# of class $y$); then all columns at once are
#
# $$
# \frac{\partial \ell_j}{\partial \mathbf{W}} = \tilde{x}_j\,(e_{y_j} - \sigma(\tilde{x}_j))^\top,
# \qquad (D \times 1)(1 \times K) = (D \times K).
# $$

# %% [markdown] slideshow={"slide_type": "fragment"}
# Two consequences we can check. It has **rank one** (every column is a multiple of $\tilde{x}_j$).
# And every **row sums to 0**, because the entries of $e_{y_j} - \sigma$ sum to $1 - 1 = 0$:
# adding the same vector to every $\tilde{w}_k$ shifts all logits equally, which softmax ignores.

# %%
j = 7
s = softmax(X[j] @ W)
e_y = np.eye(K)[y[j]]
dW_j = grad_log_likelihood_sample(W, X[j], y[j])
assert np.allclose(dW_j, np.outer(X[j], e_y - s), rtol=1e-14, atol=1e-15)
res = gradient_check(lambda V: log_likelihood(V, X[j:j + 1], y[j:j + 1]), dW_j, W)
assert res.passed
assert np.linalg.matrix_rank(dW_j) == 1 and np.allclose(dW_j.sum(axis=1), 0.0, atol=1e-14)
print(f"sample j = {j}: x~ (e_y - sigma)^T = grad_log_likelihood_sample, gradient check {res.status}")
print("rank 1, every row sums to 0")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The batch gradient is the sum of the sample gradients
#
# Since $\ell = \sum_j \ell_j$, differentiation is linear and
#
# $$
# \nabla_{\mathbf{W}}\,\ell = \sum_{j=1}^{N} \tilde{x}_j\,(e_{y_j} - \sigma(\tilde{x}_j))^\top
# = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S}),
# $$
#
# a sum of $N$ rank-one matrices: exactly the matrix product of lecture 05, written column by row.

# %%
G_all = np.stack([grad_log_likelihood_sample(W, X[j], y[j]) for j in range(N)])   # (N, D, K)
G_full = grad_log_likelihood(W, X, y)                                               # (D, K)
assert G_all.shape == (N, D, K)
assert np.allclose(G_all.sum(axis=0), G_full, rtol=1e-12, atol=1e-12)
print(f"sum of the {N} per-sample gradients = X^T (Y - S), shape {G_full.shape}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## One random sample: an unbiased estimate
#
# Computing $\nabla\ell$ costs a pass over all $N$ samples. Instead, draw one index $J$
# uniformly from $\{1, \dots, N\}$ and use $\hat g = N\,\nabla\ell_J$. Its expectation is
#
# $$
# \mathbb{E}[\hat g] = \sum_{j=1}^{N} \frac{1}{N}\,N\,\nabla\ell_j = \sum_{j=1}^{N}\nabla\ell_j = \nabla\ell :
# $$
#
# **unbiased**. The same for the training loss (mean over the samples): the gradient of one sample's
# loss is an unbiased estimate of the gradient of the mean loss, and so is the mean over a
# minibatch drawn at random. The expectation is a finite average, so we can verify it exactly.

# %%
assert np.allclose(np.mean(N * G_all, axis=0), G_full, rtol=1e-12, atol=1e-12)
per_sample_loss_grads = np.stack([loss_and_grad(W, X[j:j + 1], y[j:j + 1])[1] for j in range(N)])
assert np.allclose(per_sample_loss_grads.mean(axis=0), loss_and_grad(W, X, y)[1], rtol=1e-12, atol=1e-14)
print("mean over all j of N * grad l_j = grad l (exactly: the estimate is unbiased)")
print("mean over all j of one-sample loss gradients = gradient of the mean loss")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Unbiased is not precise. We draw 200 single samples and 200 minibatches of 10 (without
# replacement) and look at three entries of the estimate, against the full gradient (red).

# %%
rng = np.random.default_rng(1)
draws1 = N * G_all[rng.integers(0, N, size=200)]                         # (200, D, K)
drawsB = np.stack([N * G_all[rng.choice(N, 10, replace=False)].mean(axis=0) for _ in range(200)])
entries = [(0, 0), (1, 1), (2, 2)]
for d, k in entries:
    assert 2 < draws1[:, d, k].std() / drawsB[:, d, k].std() < 4.5      # about sqrt(10)
    std = (N * G_all[:, d, k]).std()            # exact spread of one-sample estimates, over all j
    print(f"dW[{d},{k}]: full gradient {G_full[d, k]:8.2f}, one-sample estimate std {std:7.2f}")

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
jitter = np.random.default_rng(2).uniform(-0.08, 0.08, size=200)
for i, (d, k) in enumerate(entries):
    ax.scatter(i - 0.18 + jitter, draws1[:, d, k], s=5, alpha=0.4, color="tab:blue",
               label="one sample" if i == 0 else None)
    ax.scatter(i + 0.18 + jitter, drawsB[:, d, k], s=5, alpha=0.4, color="tab:green",
               label="minibatch of 10" if i == 0 else None)
    ax.hlines(G_full[d, k], i - 0.35, i + 0.35, color="red", lw=2, label="full gradient" if i == 0 else None)
ax.set_xticks(range(len(entries)), [f"dW[{d},{k}]" for d, k in entries])
ax.set_ylabel("estimate of the entry")
ax.set_title("Stochastic gradients: right on average, noisy")
ax.legend(fontsize=8)
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# Single-sample estimates scatter far around the true value; averaging 10 samples shrinks the
# spread by about $\sqrt{10}$. That noise is the price of SGD; its reward is many cheap steps.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Full-batch ascent versus minibatch SGD
#
# Both minimize the mean loss of `loss_and_grad` (= ascend the mean log-likelihood) with step size
# $\eta$ (`lr`), starting from $\mathbf{W} = 0$:
#
# - **full batch** (`gradient_ascent`): one step per pass over the data,
#   $\mathbf{W} \leftarrow \mathbf{W} + \frac{\eta}{N}\sum_{j=1}^{N}\nabla\ell_j$;
# - **minibatch SGD** (`sgd`): shuffle, then for each batch $B$ of 10 samples
#   $\mathbf{W} \leftarrow \mathbf{W} + \frac{\eta}{|B|}\sum_{j\in B}\nabla\ell_j$: $N/|B| = 15$ steps per pass.
#
# A fair clock is the number of passes over the data (epochs): each costs the same $N$ sample gradients.

# %%
lr, passes = 0.1, 20
W_full, hist_full = gradient_ascent(X, y, K, lr=lr, steps=passes)
W_sgd, hist_sgd = sgd(X, y, K, lr=lr, epochs=passes, batch_size=10, seed=0)
for name, hist in [("full batch", hist_full), ("SGD, batch 10", hist_sgd)]:
    print(f"{name:14s} loss {hist.loss[0]:.4f} -> {hist.loss[-1]:.4f}, "
          f"training accuracy {hist.accuracy[-1]:.4f}")
assert np.all(np.diff(hist_full.loss) < 0)                 # full batch: every step goes down
assert hist_sgd.loss[-1] < hist_sgd.loss[0] and hist_sgd.loss[-1] < hist_full.loss[-1]
assert hist_full.accuracy[-1] > 0.8 and hist_sgd.accuracy[-1] > 0.8
print("both losses decreased; both training accuracies exceed 0.8")
print(f"the SGD loss went up in {int(np.sum(np.diff(hist_sgd.loss) > 0))} of {passes} passes, "
      "the full-batch loss in none")

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
plot_loss(hist_full, ax, label=f"full batch (1 step per pass), lr = {lr}")
plot_loss(hist_sgd, ax, label=f"SGD, batch 10 (15 steps per pass), lr = {lr}")
ax.set_xlabel("passes over the data (epochs)")
ax.set_title("Training loss on the 2-D blobs")
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# Per pass, SGD gets much further: 15 small noisy steps beat one exact step of the same size. The
# full-batch loss falls at every step; the SGD loss, once near the minimum, sometimes goes up
# (by too little to see here), because a fixed step size keeps it jumping around in the noise. The classes overlap (next figure), so no
# straight-line boundaries separate them perfectly and neither model reaches accuracy 1.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What the two models learned
#
# The predicted class is $\arg\max_k a_k = \arg\max_k \tilde{w}_k^\top\tilde{x}$; the regions where
# one class wins are separated by straight lines $(\tilde{w}_k - \tilde{w}_m)^\top\tilde{x} = 0$.

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
for ax, Wt, hist, name in [(axes[0], W_full, hist_full, "full batch"), (axes[1], W_sgd, hist_sgd, "SGD")]:
    plot_decision_regions(Wt, X_raw, y, ax=ax)
    ax.set_title(f"{name}: training accuracy {hist.accuracy[-1]:.3f}")
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The learning rate
#
# Full-batch ascent from $\mathbf{W} = 0$ for 50 steps with three learning rates, 100 times apart
# from smallest to largest:

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
final = {}
for lr in [0.05, 0.5, 5.0]:
    W_lr, hist = gradient_ascent(X, y, K, lr=lr, steps=50)
    plot_loss(hist, ax, label=f"lr = {lr}")
    final[lr] = (W_lr, hist)
    print(f"lr = {lr:4}: loss after 50 steps {hist.loss[-1]:.4f}, "
          f"steps where the loss went up: {int(np.sum(np.diff(hist.loss) > 0))}")
ax.set_title("Full-batch ascent, three learning rates")
plt.show()
loss_of = {lr: hist.loss for lr, (_, hist) in final.items()}
assert np.isclose(loss_of[5.0][0], np.log(K)) and loss_of[5.0][1] > np.log(K)   # lr = 5: first step up
assert loss_of[0.5][-1] < loss_of[0.05][-1] < loss_of[5.0][-1]

# %% [markdown] slideshow={"slide_type": "fragment"}
# Try it yourself: the sliders choose the learning rate and the number of steps (a static copy of
# this kind of picture is above).

# %%
# NBVAL_IGNORE_OUTPUT
training_explorer(X_raw, y, K)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why a step can be too large
#
# Near a point, the loss is a quadratic bowl. Along a direction of curvature $\lambda$ one step
# multiplies the distance to the bottom by $1 - \eta\lambda$: it shrinks only if
# $|1 - \eta\lambda| < 1$, i.e. $\eta < 2/\lambda$. Above that, every step overshoots further than
# it started.

# %% [markdown] slideshow={"slide_type": "fragment"}
# The curvatures are the eigenvalues of the Hessian. Differentiating
# $\texttt{dW} = \frac{1}{N}\mathbf{X}^\top(\mathbf{S}-\mathbf{Y})$ once more with lecture 04's Jacobian
# $\partial\sigma_k/\partial a_m = \sigma_k(\mathbb{1}\{k = m\} - \sigma_m)$:
#
# $$
# \frac{\partial^2\,\text{loss}}{\partial W_{dk}\,\partial W_{em}}
# = \frac{1}{N}\sum_{j=1}^{N} \tilde{x}_{jd}\,\tilde{x}_{je}\,\sigma_k(\tilde{x}_j)\bigl(\mathbb{1}\{k = m\} - \sigma_m(\tilde{x}_j)\bigr).
# $$
#
# At $\mathbf{W} = 0$ every $\sigma_k = 1/K$ and the largest curvature is
# $\lambda_{\max}(\mathbf{X}^\top\mathbf{X}/N)/K$. We check the formula against finite differences of
# the gradient, then compare $2/\lambda$ with our three learning rates.

# %%
H = {}
for name, Wh in [("W = 0", np.zeros((D, K))), ("near the minimum", final[0.5][0])]:
    S = softmax(X @ Wh)                                                            # (N, K)
    J = np.einsum("jk,km->jkm", S, np.eye(K)) - np.einsum("jk,jm->jkm", S, S)     # (N, K, K) Jacobians
    H[name] = np.einsum("jd,je,jkm->dkem", X, X, J).reshape(D * K, D * K) / N     # (DK, DK)
V, h = np.random.default_rng(3).standard_normal((D, K)), 1e-5
hvp = (loss_and_grad(h * V, X, y)[1] - loss_and_grad(-h * V, X, y)[1]) / (2 * h)  # around W = 0
assert np.allclose(hvp.ravel(), H["W = 0"] @ V.ravel(), rtol=1e-6, atol=1e-8)
lam = {name: np.linalg.eigvalsh(Hn).max() for name, Hn in H.items()}
assert np.isclose(lam["W = 0"], np.linalg.eigvalsh(X.T @ X / N).max() / K, rtol=1e-10)
print("Hessian formula matches central differences of dW; at W = 0 it equals lambda_max(X^T X / N) / K")
for name in H:
    print(f"{name:17s}: largest curvature {lam[name]:.3f}, so 2/lambda = {2 / lam[name]:.3f}")
assert 0.05 < 0.5 < 2 / lam["W = 0"] < 2 / lam["near the minimum"] < 5.0
print("lr = 0.05 and 0.5 are below 2/lambda at W = 0; lr = 5 is above it even near the minimum")

# %% [markdown] slideshow={"slide_type": "fragment"}
# So $\eta = 0.05$ is safe but slow (each step moves 10 times less than at $0.5$); $\eta = 0.5$ is
# just below $2/\lambda$ at the start and well below it later; $\eta = 5$ is above $2/\lambda$ even
# near the minimum. Its first step overshoots (the loss *rises* above $\log 3$), and whenever it
# gets close to the minimum, where the bowl is curved, it is thrown out again: the loss never
# settles. When a loss curve goes up or oscillates, lower the learning rate first.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - One sample: $\ell_j = a_{y_j} - \log\sum_{k=1}^{K}e^{a_k} = \log\sigma_{y_j}$ (the sum runs to $K$,
#   not 2); computed as $a_{y_j} - \operatorname{logsumexp}(a)$ it never underflows.
# - Its gradient is the rank-one outer product $\tilde{x}_j(e_{y_j} - \sigma)^\top$ (rows sum to 0),
#   and the batch gradient $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ is the sum of these.
# - $N\,\nabla\ell_J$ for a uniformly random $J$ is an unbiased estimate of $\nabla\ell$ (checked
#   exactly); it is noisy, and minibatches reduce the noise.
# - Per pass over the data, minibatch SGD gets further than full-batch ascent; both reach about the
#   same linear decision regions on the blobs.
# - The learning rate must stay below $2/\lambda_{\max}$ of the Hessian; above it, training overshoots
#   and oscillates.
#
# [← Previous: 05 · The final gradient](05_final_gradient.ipynb) | [Next: 07 · Training on real data →](07_training_real_data.ipynb)
