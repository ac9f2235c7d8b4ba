# %% [markdown] slideshow={"slide_type": "slide"}
# # 07 · A single sample and SGD
#
# **What you'll learn**
#
# - the batch gradient as the sum of lecture 03's one-sample gradients, $\tilde{x}_j\,(e_{y_j} - \sigma(\tilde{x}_j))^\top$;
# - why one sample $r$ drawn at random (or a small batch) gives an *unbiased* but noisy estimate of
#   the gradient;
# - minibatch SGD written out, and a fair race against full-batch ascent: each method at its own
#   tuned learning rate, on the same budget of passes over the data;
# - what the learning rate does, why too large a step makes training fail, and the safe bound of
#   lecture 05 seen through the curvatures $\kappa$ of the objective.
#
# Prerequisites: [05 · The gradient, assembled](05_final_gradient.ipynb)
# ($\nabla_{\mathbf{W}}\,\ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ and the step-size bound) and
# [06 · Checking a gradient](06_gradient_checking.ipynb).

# %%
import matplotlib.pyplot as plt
import numpy as np

from course_utils import (
    add_bias, fit_lbfgs, grad_log_likelihood, grad_log_likelihood_sample, gradient_ascent, loss_and_grad,
    make_blobs_2d, sgd, softmax,
)
from course_utils.figures import OKABE_ITO, describe, series_style, show_figures
from course_utils.plotting import plot_decision_regions, plot_loss
from course_utils.widgets import training_explorer

# %% [markdown] slideshow={"slide_type": "subslide"}
# Our toy problem: $K = 3$ overlapping Gaussian blobs in the plane, 50 points each, seeded.
# `X_raw` holds the 2-D points, `X = add_bias(X_raw)` the rows $\tilde{x}_i^\top = (1, x_{i1}, x_{i2})$,
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
# ## The batch gradient is the sum of the sample gradients
#
# The notes: "we can also derive for a single sample". Lecture 03 did: one sample's gradient is the outer product
# $\nabla_{\mathbf{W}}\,\ell_j = \tilde{x}_j\,\bigl(e_{y_j} - \sigma(\tilde{x}_j)\bigr)^\top$, of shape $(D, K)$, rank one, its rows
# summing to 0 (`grad_log_likelihood_sample`). Since $\ell = \sum_j \ell_j$ and differentiation is linear,
#
# $$
# \nabla_{\mathbf{W}}\,\ell = \sum_{j=1}^{N} \tilde{x}_j\,\bigl(e_{y_j} - \sigma(\tilde{x}_j)\bigr)^\top
# = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S}),
# $$
#
# a sum of $N$ rank-one matrices: lecture 05's matrix product, written column by row. SGD rests on this sum.

# %%
dW_each = np.stack([grad_log_likelihood_sample(W, X[j], y[j]) for j in range(N)])   # (N, D, K)
dW = grad_log_likelihood(W, X, y)                                                    # (D, K)
assert dW_each.shape == (N, D, K)
assert np.allclose(dW_each.sum(axis=0), dW, rtol=1e-12, atol=1e-12)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## One random sample: an unbiased estimate
#
# Computing $\nabla\ell$ costs a pass over all $N$ samples. Instead, draw one index $r$ uniformly
# from $\{1, \dots, N\}$ and look only at sample $r$. Every $j$ has probability $1/N$, so
#
# $$
# \mathbb{E}\bigl[\nabla\ell_r\bigr] = \sum_{j=1}^{N} \frac{1}{N}\,\nabla\ell_j = \frac{1}{N}\,\nabla\ell :
# $$
#
# $\nabla\ell_r$ is an **unbiased** estimate of $\nabla\ell / N$, the gradient of the *mean*
# log-likelihood (and $N\,\nabla\ell_r$ one of $\nabla\ell$). The same holds for the objective
# $E(\mathbf{W}) = -\frac{1}{N}\ell(\mathbf{W}) + \frac{\lambda}{2}\lVert\mathbf{W}\rVert^2$ of `loss_and_grad`:
# the gradient of one random sample's $E$ is unbiased for $\nabla E$.

# %% [markdown] slideshow={"slide_type": "fragment"}
# The expectation is a finite average over the $N$ equally likely values of $r$, so we can check it
# exactly; and averaging many seeded random draws must approach it, with an error of order
# (spread of one draw) $/\sqrt{\text{number of draws}}$.

# %%
assert np.allclose(dW_each.mean(axis=0), dW / N, rtol=1e-12, atol=1e-14)      # exact expectation
dW_E_each = np.stack([loss_and_grad(W, X[j:j + 1], y[j:j + 1], l2=0.1)[1] for j in range(N)])
assert np.allclose(dW_E_each.mean(axis=0), loss_and_grad(W, X, y, l2=0.1)[1], rtol=1e-12, atol=1e-14)
T = 20000
r = np.random.default_rng(4).integers(0, N, size=T)                          # T random indices
dW_mc = dW_each[r].mean(axis=0)                                               # average of T draws
bound = 5 * dW_each.std(axis=0) / np.sqrt(T)
assert np.all(np.abs(dW_mc - dW / N) < bound)
print(f"average of {T} random one-sample gradients: largest gap to grad l / N "
      f"{np.abs(dW_mc - dW / N).max():.4f} (largest entry of grad l / N: {np.abs(dW / N).max():.3f})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Unbiased is not precise. We draw 200 single samples and 200 minibatches of $|B| = 10$ (without
# replacement) and look at three entries of the estimate $N\,\nabla\ell_r$ (or $N$ times the
# minibatch mean), against the full gradient (red). Averaging $|B|$ draws divides the standard
# deviation by about $\sqrt{|B|}$; drawing without replacement helps a little more, by the factor
# $\sqrt{(N - |B|)/(N - 1)}$, so the expected ratio is $\sqrt{10 \cdot 149/140} \approx 3.26$.

# %%
rng = np.random.default_rng(1)
draws1 = N * dW_each[rng.integers(0, N, size=200)]                              # (200, D, K)
drawsB = np.stack([N * dW_each[rng.choice(N, 10, replace=False)].mean(axis=0) for _ in range(200)])
entries = [(0, 0), (1, 1), (2, 2)]
for d, k in entries:
    ratio = draws1[:, d, k].std() / drawsB[:, d, k].std()
    assert 2.5 < ratio < 4.0                                  # about 3.26, up to sampling noise
    print(f"dW[{d},{k}]: full gradient {dW[d, k]:8.2f}, one-sample std {(N * dW_each[:, d, k]).std():7.2f}, "
          f"std ratio one sample / batch of 10: {ratio:.2f}")

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(6, 3.5))
jitter = np.random.default_rng(2).uniform(-0.08, 0.08, size=200)
for i, (d, k) in enumerate(entries):
    ax.scatter(i - 0.18 + jitter, draws1[:, d, k], s=8, alpha=0.5, color=OKABE_ITO["blue"], marker="o",
               label="one sample" if i == 0 else None)
    ax.scatter(i + 0.18 + jitter, drawsB[:, d, k], s=8, alpha=0.5, color=OKABE_ITO["vermillion"], marker="s",
               label="minibatch of 10" if i == 0 else None)
    ax.hlines(dW[d, k], i - 0.35, i + 0.35, color="black", lw=2, label="full gradient" if i == 0 else None)
ax.set_xticks(range(len(entries)), [f"dW[{d},{k}]" for d, k in entries])
ax.set_ylabel("estimate of the entry")
ax.set_title("Stochastic gradients: right on average, noisy")
ax.legend(fontsize=8)
show_figures(fig, description=(
    "Estimates of three entries of the gradient, dW[0,0], dW[1,1] and dW[2,2], from 200 single samples "
    "(circles, left of each entry) and 200 minibatches of 10 (squares, right), with the full gradient as a black "
    "line across each: both clouds are centred on the full gradient, and the minibatch cloud is about three "
    "times narrower."))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Single-sample estimates scatter far around the true value; a batch of 10 shrinks the spread about
# 3.3 times. That noise is the price of SGD; its reward is many cheap steps.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## SGD, written out
#
# Both methods below minimize $E$ (here with $\lambda = 0$, so $E = -\ell/N$: they ascend the mean
# log-likelihood) with learning rate $\eta$ (`lr`), starting from $\mathbf{W} = 0$:
#
# - **full batch** (`gradient_ascent`): one step per pass over the data,
#   $\mathbf{W} \leftarrow \mathbf{W} + \frac{\eta}{N}\sum_{j=1}^{N}\nabla\ell_j$;
# - **minibatch SGD** (`sgd`): each pass (epoch) shuffles the samples and cuts them into batches $B$;
#   for each batch, $\mathbf{W} \leftarrow \mathbf{W} + \frac{\eta}{|B|}\sum_{j\in B}\nabla\ell_j$.
#   With $|B| = 10$ that is $N/|B| = 15$ steps per pass.
#
# A pass costs the same $N$ sample gradients in both, so passes are a fair clock. The loop, written
# inline, against `sgd` (one generator for all epochs, a fresh order each epoch):

# %%
lr, epochs, batch_size = 0.1, 3, 10
W_loop, rng = np.zeros((D, K)), np.random.default_rng(0)
for epoch in range(epochs):
    order = rng.permutation(N)                                   # a fresh order every pass
    for start in range(0, N, batch_size):
        B = order[start:start + batch_size]
        W_loop += lr * grad_log_likelihood(W_loop, X[B], y[B]) / len(B)   # ascent on the batch mean
W_sgd, _ = sgd(X, y, K, lr=lr, epochs=epochs, batch_size=batch_size, seed=0)
assert np.allclose(W_loop, W_sgd, rtol=1e-12, atol=1e-14)
W_one, _ = sgd(X, y, K, lr=0.7, epochs=5, batch_size=N, seed=3)   # one batch = everything
assert np.allclose(W_one, gradient_ascent(X, y, K, lr=0.7, steps=5)[0], rtol=1e-12, atol=1e-14)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Full batch versus SGD, each at its own learning rate
#
# Comparing the two at one shared $\eta$ mostly compares learning rates: a step size good for one
# is too small or too large for the other. A fair race gives each method the **same budget**
# (20 passes) and **its own best** $\eta$, picked on a small grid (factors of 2) by the final objective.
# To read the curves on a log scale we subtract the minimum $E^\ast$. *Looking ahead*: `fit_lbfgs` computes it
# with L-BFGS, a quasi-Newton method (lecture 05's Newton step, with the curvature estimated from recent gradients)
# that lecture 08 introduces; here it only supplies $E^\ast$.

# %%
W_star, _ = fit_lbfgs(X, y, K, l2=0.0, tol=1e-10)
E_star = loss_and_grad(W_star, X, y)[0]
runs = {"full batch": {}, "SGD, |B| = 10": {}}
for lr in (0.25 * 2.0 ** np.arange(5)).tolist():                 # 0.25 ... 4
    runs["full batch"][lr] = gradient_ascent(X, y, K, lr=lr, steps=20)
for lr in (0.0125 * 2.0 ** np.arange(6)).tolist():               # 0.0125 ... 0.4
    runs["SGD, |B| = 10"][lr] = sgd(X, y, K, lr=lr, epochs=20, batch_size=10, seed=0)
best = {name: min(grid, key=lambda lr: grid[lr][1].loss[-1]) for name, grid in runs.items()}
for name, grid in runs.items():
    gaps = ", ".join(f"{lr:g}: {grid[lr][1].loss[-1] - E_star:.1e}" for lr in grid)
    print(f"{name:14s} E - E* after 20 passes, by lr: {gaps}")
    assert min(grid) < best[name] < max(grid)                    # the best is inside the grid
print("best lr:", best)

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(6, 3.5))
for i, (name, lr) in enumerate(best.items()):
    hist = runs[name][lr][1]
    ax.semilogy(hist.step, np.array(hist.loss) - E_star, ms=4, label=f"{name}, best lr = {lr:g}", **series_style(i))
hist = gradient_ascent(X, y, K, lr=0.1, steps=20)[1]               # full batch at SGD's step
ax.semilogy(hist.step, np.array(hist.loss) - E_star, ms=4, label="full batch, lr = 0.1", **series_style(2))
ax.set_xlabel("passes over the data (epochs)")
ax.set_ylabel("E(W) - E*")
ax.set_title("Same budget, each at its best learning rate")
ax.legend(fontsize=8)
gap_full_run, gap_sgd_run = (np.array(runs[name][best[name]][1].loss) - E_star for name in runs)
(lr_full, lr_sgd), gap_slow = best.values(), np.array(hist.loss[-1]) - E_star
show_figures(fig, description=(
    f"The gap E(W) − E* to the minimum, on a log axis, over 20 passes through the 150 points. SGD with batches "
    f"of 10 at its best lr = {lr_sgd:g} (dashed, squares) drops far faster in the first passes, to "
    f"{gap_sgd_run[5]:.0e} after 5 against {gap_full_run[5]:.0e} for full batch, then stalls at a ragged floor; "
    f"full batch at its best lr = {lr_full:g} (solid, circles) keeps improving and ends slightly lower, "
    f"{gap_full_run[-1]:.0e} against {gap_sgd_run[-1]:.0e}. Full batch at SGD's lr = 0.1 (dotted, triangles) "
    f"only reaches {gap_slow:.0e}."))
assert gap_sgd_run[5] < gap_full_run[5] / 10 and gap_full_run[-1] < gap_sgd_run[-1]   # SGD ahead early

# %% [markdown] slideshow={"slide_type": "subslide"}
# Run at SGD's step $\eta = 0.1$ (dotted), full batch looks hopeless: 15 steps per pass beat 1. But
# its own best step is 20 times larger. Then SGD is still far ahead for the first passes; it stalls,
# though, at a floor set by its noise (the ragged curve: with a fixed step it keeps jumping around
# the minimum), while full batch keeps improving and ends slightly lower after 20 passes. On 150
# points the fair race is close to a draw: "many small noisy steps beat one exact step" was mostly
# a matter of learning rates.
#
# SGD pays off when $N$ is large and the samples are redundant: then one pass holds many
# near-duplicate gradients, and SGD uses them for many steps where full batch averages them into
# one. Same distribution, 30 times more points, a budget of 5 passes, the same kind of grids (the
# SGD grid shifted down so that its best is again inside):

# %%
X_big_raw, y_big = make_blobs_2d(n_per_class=1500, num_classes=3, spread=2.0, seed=0)
X_big = add_bias(X_big_raw)                                       # N = 4500
W_big_star, _ = fit_lbfgs(X_big, y_big, K, l2=0.0, tol=1e-10)
E_big_star = loss_and_grad(W_big_star, X_big, y_big)[0]
gap_full = {lr: gradient_ascent(X_big, y_big, K, lr=lr, steps=5)[1].loss[-1] - E_big_star
            for lr in (0.25 * 2.0 ** np.arange(5)).tolist()}
gap_sgd = {lr: sgd(X_big, y_big, K, lr=lr, epochs=5, batch_size=10, seed=0)[1].loss[-1] - E_big_star
           for lr in (0.003125 * 2.0 ** np.arange(7)).tolist()}
lr_full, lr_sgd = min(gap_full, key=gap_full.get), min(gap_sgd, key=gap_sgd.get)
assert min(gap_full) < lr_full < max(gap_full) and min(gap_sgd) < lr_sgd < max(gap_sgd)
assert gap_sgd[lr_sgd] < gap_full[lr_full] / 5 and lr_sgd < best["SGD, |B| = 10"]
print(f"N = 4500, 5 passes: full batch (best lr {lr_full:g}) E - E* = {gap_full[lr_full]:.1e}; "
      f"SGD (best lr {lr_sgd:g}) E - E* = {gap_sgd[lr_sgd]:.1e}")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Now SGD wins clearly: 450 steps per pass against one. Note also that its best step
# is smaller than on 150 points: with more steps to take, a smaller step averages away more noise.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What the two models learned
#
# The predicted class is $\arg\max_k a_k = \arg\max_k \tilde{w}_k^\top\tilde{x}$; the regions where
# one class wins are separated by straight lines $(\tilde{w}_k - \tilde{w}_{k'})^\top\tilde{x} = 0$.
# Here are the two tuned models of the 150-point race.

# %% slideshow={"slide_type": "subslide"}
fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
for ax, name in zip(axes, best):
    W_fit, hist = runs[name][best[name]]
    model = {"full batch": "full-batch", "SGD, |B| = 10": "SGD (batches of 10)"}[name]
    plot_decision_regions(W_fit, X_raw, y, ax=ax, description=(
        f"{'Left' if ax is axes[0] else 'Right'}: the decision regions of the tuned {model} model over the 150 "
        f"training points of 3 classes; training accuracy {hist.accuracy[-1]:.3f}."))
    ax.set_title(f"{name}: training accuracy {hist.accuracy[-1]:.3f}")
show_figures(fig, description=(
    "Both models reach nearly the same straight borders; the classes overlap, so neither reaches accuracy 1."))

# %% [markdown] slideshow={"slide_type": "fragment"}
# Both reach nearly the same lines. The classes overlap, so no straight lines separate them
# perfectly and neither model reaches accuracy 1.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The learning rate
#
# Full-batch ascent from $\mathbf{W} = 0$ for 50 steps with three learning rates, 100 times apart
# from smallest to largest:

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(6, 3.5))
final = {}
describe(fig, "The training loss over 50 steps of full-batch ascent from W = 0, for three learning rates, "
              "each with its own line style and marker.")
for lr, look in zip([0.05, 0.5, 5.0], ["solid, circles", "dashed, squares", "dotted, triangles"]):
    W_lr, hist = gradient_ascent(X, y, K, lr=lr, steps=50)
    ups = int(np.sum(np.diff(hist.loss) > 0))
    plot_loss(hist, ax, label=f"lr = {lr}", description=(
        f"lr = {lr:g} ({look}): from {hist.loss[0]:.3f} to {hist.loss[-1]:.3f}, "
        + (f"going up at {ups} of the 50 steps." if ups else "going down at every step.")))
    final[lr] = (W_lr, hist)
    print(f"lr = {lr:4}: E after 50 steps {hist.loss[-1]:.4f}, steps where E went up: {ups}")
ax.set_title("Full-batch ascent, three learning rates")
show_figures(fig, description="The middle rate ends lowest; the largest overshoots at its first step and ends highest.")
loss_of = {lr: hist.loss for lr, (_, hist) in final.items()}
assert np.isclose(loss_of[5.0][0], np.log(K)) and loss_of[5.0][1] > np.log(K)   # lr = 5: first step up
assert loss_of[0.5][-1] < loss_of[0.05][-1] < loss_of[5.0][-1]
assert np.all(np.diff(loss_of[0.05]) < 0) and np.all(np.diff(loss_of[0.5]) < 0)        # never up

# %% [markdown] slideshow={"slide_type": "subslide"}
# Try it yourself: the boxes set the learning rate and the number of steps (a static copy of
# this kind of picture is above).

# %%
# NBVAL_IGNORE_OUTPUT
training_explorer(X_raw, y, K)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why a step can be too large
#
# Near a point, $E$ is a quadratic bowl. Along a direction in which the bowl has curvature $\kappa$,
# one descent step multiplies the distance to the bottom by $1 - \eta\kappa$: it shrinks only if
# $|1 - \eta\kappa| < 1$, i.e. $\eta < 2/\kappa$. Above that, every step overshoots further than it
# started.

# %% [markdown] slideshow={"slide_type": "subslide"}
# The curvatures are the eigenvalues of the Hessian. Differentiating
# $\partial\ell/\partial W_{dk} = \sum_i \tilde{x}_{id}\,(\mathbb{1}\{y_i = k\} - \sigma_k(\tilde{x}_i))$
# once more, with lecture 04's Jacobian $J_i = \operatorname{diag}(\sigma) - \sigma\sigma^\top$ of sample $i$:
#
# $$
# H_{dk,\,d'k'} = \frac{\partial^2 \ell}{\partial W_{dk}\,\partial W_{d'k'}}
# = -\sum_{i=1}^{N} \tilde{x}_{id}\,\tilde{x}_{id'}\,(J_i)_{kk'} .
# $$
#
# The entries of $\mathbf{W}$ are taken row by row here (NumPy's order, index $dK + k$), so this is
# $\mathbf{H} = -\sum_i \tilde{x}_i\tilde{x}_i^\top \otimes J_i$; lecture 05 stacks the columns of $\mathbf{W}$ and writes
# $-\sum_i J_i \otimes \tilde{x}_i\tilde{x}_i^\top$: the same matrix with its rows and columns permuted, the same eigenvalues.
# With $\lambda = 0$ the Hessian of $E = -\ell/N$ is $-\mathbf{H}/N$; its eigenvalues $\kappa \ge 0$ are the
# curvatures. At $\mathbf{W} = 0$ every $\sigma_k = 1/K$, and the largest is
# $\kappa_{\max} = \lVert\mathbf{X}\rVert_2^2/(NK)$ ($\lVert\mathbf{X}\rVert_2^2$ is the largest eigenvalue of
# $\mathbf{X}^\top\mathbf{X}$). We check the formula against central differences of the gradient
# ($h = 10^{-5}$, along a random direction $\mathbf{V}$).

# %%
H, kappa_max = {}, {}
for name, Wh in [("W = 0", np.zeros((D, K))), ("W*", W_star)]:
    S = softmax(X @ Wh)                                                            # (N, K)
    J = np.einsum("ik,kc->ikc", S, np.eye(K)) - np.einsum("ik,ic->ikc", S, S)     # (N, K, K): J_i
    H[name] = -np.einsum("id,ie,ikc->dkec", X, X, J).reshape(D * K, D * K)         # (DK, DK)
    kappa_max[name] = np.linalg.eigvalsh(-H[name] / N).max()
V, h = np.random.default_rng(3).standard_normal((D, K)), 1e-5
hvp = (grad_log_likelihood(h * V, X, y) - grad_log_likelihood(-h * V, X, y)) / (2 * h)   # around W = 0
assert np.allclose(hvp.ravel(), H["W = 0"] @ V.ravel(), rtol=1e-6, atol=1e-6)
P = np.arange(D * K).reshape(D, K).T.ravel()          # lecture 05's (column-stacked) order, as row-stacked indices
assert np.allclose(-np.einsum("ikc,id,ie->kdce", J, X, X).reshape(D * K, D * K), H["W*"][np.ix_(P, P)])
norm2 = np.linalg.norm(X, 2) ** 2                                                  # ||X||_2^2
assert np.isclose(kappa_max["W = 0"], norm2 / (N * K), rtol=1e-10)
for name in H:
    print(f"at {name:5s}: largest curvature kappa = {kappa_max[name]:.3f}, so 2/kappa = {2 / kappa_max[name]:.3f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Lecture 05's bound.** Every eigenvalue of a softmax Jacobian $J_i$ lies between $0$ and $1/2$
# (lecture 04), so every curvature of $\ell$ is at most $\lVert\mathbf{X}\rVert_2^2/2$, wherever $\mathbf{W}$ is:
# for ascent on the sum $\ell$, every $\eta < 2/(\lVert\mathbf{X}\rVert_2^2/2) = 4/\lVert\mathbf{X}\rVert_2^2$ climbs
# at every step. $E$ divides $\ell$ by $N$, so its curvatures are $N$ times smaller and the bound $N$
# times larger: for the mean objective with $\lambda = 0$, every $\eta < 4N/\lVert\mathbf{X}\rVert_2^2$ goes
# down at every step (with a penalty, $4N/(\lVert\mathbf{X}\rVert_2^2 + 2N\lambda)$). At $\mathbf{W} = 0$ the
# Jacobians' largest eigenvalue is only $1/K$, which is why $2/\kappa_{\max}$ is larger there.

# %%
eig_J = np.linalg.eigvalsh(J)                          # J holds the N Jacobians J_i at W*
assert eig_J.min() > -1e-12 and eig_J.max() <= 0.5
assert max(kappa_max.values()) <= norm2 / (2 * N)
safe = 4 * N / norm2
print(f"4/||X||^2 = {4 / norm2:.5f} for the sum l;  4N/||X||^2 = {safe:.3f} for the mean E")
assert 0.05 < safe < 0.5 < 2 / kappa_max["W = 0"] < best["full batch"] < 2 / kappa_max["W*"] < 5.0

# %% [markdown] slideshow={"slide_type": "fragment"}
# So $\eta = 0.05$ is guaranteed safe, and slow. $\eta = 0.5$ is above the guarantee but below
# $2/\kappa_{\max}$ at the start, and $E$ never went up. The bound is a guarantee, not a limit: the
# race's best full-batch step, $\eta = 2$, is above $2/\kappa_{\max}$ at $\mathbf{W} = 0$ and still works,
# because the curvature falls as the probabilities saturate, and near $\mathbf{W}^\ast$ the step is
# below $2/\kappa_{\max} \approx 2.32$. $\eta = 5$ is above $2/\kappa_{\max}$ even at $\mathbf{W}^\ast$: its first
# step overshoots ($E$ *rises* above $\log 3$), and the minimum is unstable for it: whenever it gets
# close, it is thrown out again. When a loss curve goes up or oscillates, lower the learning rate
# first.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises (paper and pencil)
#
# **Exercise 1.** One sample has $\tilde{x}_j = (1, 2)$, label $y_j = 0$ and probabilities
# $\sigma = (0.2, 0.5, 0.3)$ ($K = 3$). Write $\nabla_{\mathbf{W}}\,\ell_j$ and check that its rows sum to 0.
#
# <details><summary>Answer</summary>
#
# $e_{y_j} - \sigma = (1, 0, 0) - (0.2, 0.5, 0.3) = (0.8, -0.5, -0.3)$, and (shape $D \times K = 2 \times 3$)
#
# $$\nabla_{\mathbf{W}}\,\ell_j = \tilde{x}_j\,(e_{y_j} - \sigma)^\top
# = \begin{pmatrix} 1 \\ 2 \end{pmatrix} \begin{pmatrix} 0.8 & -0.5 & -0.3 \end{pmatrix}
# = \begin{pmatrix} 0.8 & -0.5 & -0.3 \\ 1.6 & -1.0 & -0.6 \end{pmatrix}.$$
#
# Row sums: $0.8 - 0.5 - 0.3 = 0$ and $1.6 - 1.0 - 0.6 = 0$. Ascent raises the score of the true
# class 0 and lowers the others.
#
# </details>
#
# **Exercise 2.** A minibatch $B$ of size $|B|$ is drawn uniformly among all subsets of $\{1, \dots, N\}$
# of that size (without replacement). Show that the minibatch mean
# $\frac{1}{|B|}\sum_{j \in B}\nabla\ell_j$ is an unbiased estimate of $\nabla\ell/N$.
#
# <details><summary>Answer</summary>
#
# Write the mean as $\frac{1}{|B|}\sum_{j=1}^{N}\mathbb{1}\{j \in B\}\,\nabla\ell_j$. By symmetry every sample is
# in $B$ with the same probability, and $B$ always holds $|B|$ samples, so
# $\sum_{j=1}^{N} P(j \in B) = |B|$ and $P(j \in B) = |B|/N$. By linearity of expectation,
# $\mathbb{E}\bigl[\frac{1}{|B|}\sum_{j \in B}\nabla\ell_j\bigr] = \frac{1}{|B|}\sum_{j=1}^{N}\frac{|B|}{N}\nabla\ell_j = \frac{1}{N}\nabla\ell$.
# Independence of the draws is not needed: only each sample's chance of being in $B$.
#
# </details>
#
# **Exercise 3.** Gradient descent on the bowl $f(z) = \frac{\kappa}{2}z^2$ with $\kappa = 4$, from $z_0 = 1$.
# Give $z_t$ for $\eta = 0.1$, $0.45$ and $0.6$. Which converge, and how?
#
# <details><summary>Answer</summary>
#
# $f'(z) = \kappa z$, so $z_{t+1} = z_t - \eta\kappa z_t = (1 - \eta\kappa)\,z_t$ and $z_t = (1 - \eta\kappa)^t$.
# $\eta = 0.1$: factor $0.6$, smooth convergence ($z_t = 0.6^t$). $\eta = 0.45$: factor $-0.8$, converges
# while oscillating around 0 (the sign flips every step). $\eta = 0.6$: factor $-1.4$, $|z_t|$ grows by
# 40 % per step and diverges. The threshold is $2/\kappa = 0.5$.
#
# </details>
#
# **Exercise 4.** On our blobs $\lVert\mathbf{X}\rVert_2^2 \approx 1538$ and $N = 150$, $K = 3$. What learning
# rate for $E$ is guaranteed safe with $\lambda = 0$, and with $\lambda = 0.1$? At $\mathbf{W} = 0$, where every
# $J_i = \frac{1}{K}\bigl(I - \frac{1}{K}\mathbf{1}\mathbf{1}^\top\bigr)$, what is $2/\kappa_{\max}$, and why is it larger?
#
# <details><summary>Answer</summary>
#
# With $\lambda = 0$: $4N/\lVert\mathbf{X}\rVert_2^2 \approx 600/1538 \approx 0.390$. With $\lambda = 0.1$:
# $4N/(\lVert\mathbf{X}\rVert_2^2 + 2N\lambda) \approx 600/1568 \approx 0.383$. At $\mathbf{W} = 0$ the eigenvalues of
# $J_i$ are $1/K$ (on vectors summing to 0) and $0$ (on $\mathbf{1}$), so
# $\kappa_{\max} = \lVert\mathbf{X}\rVert_2^2/(NK) \approx 1538/450 \approx 3.42$ and
# $2/\kappa_{\max} = 2NK/\lVert\mathbf{X}\rVert_2^2 \approx 0.585$. The bound must hold
# at every $\mathbf{W}$, so it assumes the worst eigenvalue $1/2$; here it is $1/3$, and $2/\kappa_{\max}$ is
# $\frac{K}{2} = 1.5$ times the bound.
#
# </details>
#
# **Exercise 5.** What does `sgd` do with `batch_size` $= N$? And what is the gradient of one sample
# that the model already classifies with $\sigma = e_{y_j}$ exactly?
#
# <details><summary>Answer</summary>
#
# With $|B| = N$ each epoch has one batch, all samples; its mean gradient does not depend on the
# order, so the shuffle changes nothing and one epoch is one full-batch step: `sgd` becomes
# `gradient_ascent` (we checked this above). If $\sigma = e_{y_j}$ then $e_{y_j} - \sigma = 0$ and
# $\nabla\ell_j = \tilde{x}_j \cdot 0^\top = 0$: a sample classified with full confidence no longer
# moves the weights; in practice $\sigma_{y_j} < 1$ and such a sample only contributes a little.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Coding exercise: a minibatch gradient, and how its noise falls with the batch size
#
# Write `minibatch_gradient(W, X, y, batch)`: the descent direction of the mean loss $E$ ($\lambda = 0$) over the
# minibatch $B$ of the indices in `batch`, $\frac{1}{|B|}\mathbf{X}_B^\top(\mathbf{S}_B - \mathbf{Y}_B)$, shape $(D, K)$, with
# $\mathbf{X}_B$ = `X[batch]` (a repeated index counts twice): an unbiased estimate of $\nabla E$ (Exercise 2). The check
# names the likely mistake, then runs the batch-size experiment with your function.

# %%
from course_utils import one_hot
from course_utils.checks import report
from course_utils.checks.minibatch import check_minibatch_gradient

def minibatch_gradient(W, X, y, batch):
    """Gradient of the mean loss E over the samples X[batch] (descent direction, lambda = 0).

    Parameters
    ----------
    W : ndarray of shape (D, K)
    X : ndarray of shape (N, D), bias column included
    y : ndarray of int, shape (N,)
    batch : ndarray of int, shape (|B|,)
        Sample indices; an index that appears twice counts twice.

    Returns
    -------
    ndarray of shape (D, K)
        (1/|B|) X_B^T (S_B - Y_B), with X_B = X[batch].
    """
    # YOUR CODE HERE
    raise NotImplementedError()

report(check_minibatch_gradient, minibatch_gradient)

# %% [markdown]
# <details><summary>Answer</summary>
#
# ```python
# from course_utils import one_hot, softmax
#
# def minibatch_gradient(W, X, y, batch):
#     X_B = X[batch]                                # (|B|, D): a repeated index gives a repeated row
#     S_B = softmax(X_B @ W)                        # (|B|, K)
#     Y_B = one_hot(y[batch], W.shape[1])           # (|B|, K)
#     return X_B.T @ (S_B - Y_B) / len(batch)       # (D, K)
# ```
#
# The check then prints its line: on the blobs, the mean squared error of the estimate is about 7.8, 0.76 and
# 0.077 for $|B| = 1$, 10 and 100, as predicted by (the error of one sample)$/|B|$. The noise falls as $1/|B|$
# (its spread as $1/\sqrt{|B|}$, as in the picture above), while the cost of one estimate grows as $|B|$.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - One sample's gradient (lecture 03) is the rank-one outer product
#   $\tilde{x}_j\,(e_{y_j} - \sigma)^\top$, rows summing to 0; the batch gradient
#   $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ is the sum of these.
# - For a uniformly random index $r$, $\mathbb{E}[\nabla\ell_r] = \nabla\ell/N$ (checked exactly and by
#   averaging draws): unbiased but noisy; a minibatch of 10 cuts the spread about 3.3 times.
# - SGD written as a loop equals `sgd`; with $|B| = N$ it is full-batch ascent.
# - Each at its own tuned learning rate, on the same budget of passes: on 150 points SGD gets close
#   sooner but stalls at its noise floor, full batch ends as low (a draw); on 4500 points SGD wins
#   clearly. Both learn nearly the same linear regions.
# - A step shrinks the error along a curvature $\kappa$ only if $\eta < 2/\kappa$; the curvatures of $E$ never
#   exceed $\lVert\mathbf{X}\rVert_2^2/(2N)$, so every $\eta < 4N/\lVert\mathbf{X}\rVert_2^2$ is safe
#   (lecture 05's $4/\lVert\mathbf{X}\rVert_2^2$ for the sum $\ell$); larger steps may work, too large ones
#   overshoot and oscillate.
#
# [← Previous: 06 · Checking a gradient](06_gradient_checking.ipynb) | [Next: 08 · Training on real data →](08_training_real_data.ipynb)
#
# Homework: [Homework 3 · SGD on handwritten digits](../exercises/hw3_sgd.ipynb)
