# %% [markdown] slideshow={"slide_type": "slide"}
# # 08 · Training on real data
#
# **What you'll learn**
#
# - how to prepare a real data set: a stratified split into training, validation and test sets,
#   standardization with *training* statistics only (and why anything else leaks), the bias column;
# - the objective $E(\mathbf{W})$: the mean cross-entropy plus an L2 penalty, and the penalty read as
#   a Gaussian prior on the weights (maximum a posteriori);
# - how to choose the L2 strength $\lambda$ and the SGD learning rate $\eta$ on the validation set,
#   and why the test set is used once, at the end;
# - how minibatch SGD and L-BFGS minimize the same objective, and how to read their curves;
# - how to look inside a trained model: weight images, the confusion matrix, decision regions;
# - that our from-scratch model agrees with scikit-learn's `LogisticRegression` once the two
#   L2 conventions are matched.
#
# Prerequisites: [07 · A single sample and SGD](07_single_sample_sgd.ipynb) (the update rule, the
# learning rate) and the cross-entropy of [02 · The log-likelihood and log-sum-exp](02_log_likelihood.ipynb).

# %% slideshow={"slide_type": "subslide"}
import warnings

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import norm

from course_utils import (
    add_bias, fit_lbfgs, grad_log_likelihood, load_digits, load_iris, log_likelihood, log_softmax,
    loss_and_grad, make_blobs_2d, numerical_gradient, one_hot, predict, sgd, softmax, standardize,
    train_test_split,
)
from course_utils.metrics import accuracy, confusion_matrix
from course_utils.figures import series_style, show_figures
from course_utils.plotting import (
    plot_confusion_matrix, plot_decision_regions, plot_history, plot_loss, plot_weight_images,
)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The digits data set
#
# 1797 handwritten digits, each an $8 \times 8$ image with pixel intensities $0, \dots, 16$,
# flattened row by row into $64$ numbers. `load_digits` reads the copy bundled with the course,
# so nothing is downloaded. Here $K = 10$ classes (the digits $0$–$9$), and after adding the bias
# column each input $\tilde{x}$ has $D = 65$ entries.

# %%
X_raw, y = load_digits()
K = 10
print("X_raw:", X_raw.shape, " y:", y.shape, " pixel range:", X_raw.min(), "to", X_raw.max())
print("images per class:", np.bincount(y).tolist())
assert X_raw.shape == (1797, 64) and set(np.unique(y)) == set(range(K))
assert X_raw.min() == 0 and X_raw.max() == 16

# %% [markdown] slideshow={"slide_type": "subslide"}
# One example of each digit, drawn from its 64 numbers:

# %%
first = [int(np.flatnonzero(y == k)[0]) for k in range(K)]
fig, axes = plt.subplots(1, K, figsize=(10, 1.5))
for ax, i in zip(axes, first):
    ax.imshow(X_raw[i].reshape(8, 8), cmap="gray_r", vmin=0, vmax=16)
    ax.set_title(f"y = {y[i]}", fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("digits: one image per class", y=1.08)
show_figures(fig, description=(
    "The first image of each digit, 0 to 9, in the data set: ten 8 × 8 grey-level pictures drawn from their "
    "64 pixel values, from white (0) to black (16). Blurry, but each digit is recognizable."))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Training, validation and test sets
#
# We need three disjoint parts, each with its own job:
#
# - the **training set** (60 %): the only data the weights are fitted on;
# - the **validation set** (20 %): to *choose* the settings that are not fitted, here $\lambda$ and $\eta$,
#   by comparing models trained with different values;
# - the **test set** (20 %): looked at **once**, for the final model, to estimate how it does on
#   digits it has never seen. Had we chosen anything with it, that estimate would be optimistic.
#
# Two calls of `train_test_split` do it: first the test set is set aside, then a quarter of the rest
# becomes the validation set. Each call is **stratified** (every class keeps its share in both parts,
# so no part is accidentally short of, say, eights) and seeded, so every run sees the same split.

# %%
X_rest_raw, X_test_raw, y_rest, y_test = train_test_split(X_raw, y, test_fraction=0.2, seed=0)
X_train_raw, X_val_raw, y_train, y_val = train_test_split(X_rest_raw, y_rest, test_fraction=0.25, seed=1)
N, N_val, N_test = len(y_train), len(y_val), len(y_test)
print(f"training {N}, validation {N_val}, test {N_test} images")
print("validation images per class:", np.bincount(y_val).tolist())
print("test images per class:      ", np.bincount(y_test).tolist())
assert N + N_val + N_test == len(y)
assert np.array_equal(np.bincount(y_train) + np.bincount(y_val) + np.bincount(y_test), np.bincount(y))
for part in (y_train, y_val, y_test):                     # stratified: each class's share is kept
    assert np.abs(np.bincount(part) / len(part) - np.bincount(y) / len(y)).max() < 0.005

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Standardization, with training statistics only
#
# Pixels have very different spreads (border pixels are almost always $0$). Gradient methods
# converge much faster when every feature has a comparable scale, so we standardize each pixel
# $d$ with the mean $\bar{x}_d$ and standard deviation $\mathrm{sd}_d$ **of the training set**:
# $$x'_d = \frac{x_d - \bar{x}_d^{\,\text{train}}}{\mathrm{sd}_d^{\,\text{train}}} \qquad (\mathrm{sd}_d = 0 \text{: only centred}).$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Why not the statistics of all 1797 images?** That would be *leakage*: the validation and test
# images would influence the preprocessing, so the model would be evaluated on data that helped
# shape it. A deployed model sees one new image at a time and cannot compute its mean; the held-out
# sets must play that role honestly. So both are transformed with the *training* $\bar{x}$ and
# $\mathrm{sd}$, and their own means are therefore not exactly $0$: most are close to it, but a pixel
# almost never inked in training has a tiny $\mathrm{sd}_d$, and a few inked validation images then
# weigh a lot.

# %%
X_train, X_val = standardize(X_train_raw, X_val_raw)
_, X_test = standardize(X_train_raw, X_test_raw)
mean_train, sd_train = X_train_raw.mean(axis=0), X_train_raw.std(axis=0)
sd_safe = np.where(sd_train == 0, 1.0, sd_train)               # constant pixels are only centred
assert np.allclose(X_val, (X_val_raw - mean_train) / sd_safe)   # independent computation
assert np.allclose(X_test, (X_test_raw - mean_train) / sd_safe)
assert np.allclose(X_train.mean(axis=0), 0) and np.allclose(X_train.std(axis=0)[sd_train > 0], 1)
print("pixels constant in the training set:", np.flatnonzero(sd_train == 0).tolist())
val_means = np.abs(X_val.mean(axis=0))
d_max = int(np.argmax(val_means))
print(f"|mean| of the standardized validation pixels: median {np.median(val_means):.2f}, "
      f"largest {val_means[d_max]:.2f} (pixel {d_max}, training sd {sd_train[d_max]:.2f})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Finally the bias trick of lecture 01: `add_bias` **prepends** a column of ones, so
# $\tilde{x} = (1, x)$ and row $0$ of $\mathbf{W}$ (shape $D \times K = 65 \times 10$) holds the biases.

# %%
X_train_b, X_val_b, X_test_b = add_bias(X_train), add_bias(X_val), add_bias(X_test)
D = X_train_b.shape[1]
assert X_train_b.shape == (N, 65) and np.all(X_train_b[:, 0] == 1.0)
assert np.array_equal(X_val_b[:, 1:], X_val) and np.array_equal(X_test_b[:, 1:], X_test)
print(f"N = {N} training images, D = {D} (bias included), K = {K}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The objective: mean cross-entropy plus L2
#
# The notes **maximize** the log-likelihood $\ell(\mathbf{W}) = \sum_{i=1}^{N} \log \sigma_{y_i}(\tilde{x}_i)$
# by gradient ascent. Optimizers conventionally **minimize**, so `loss_and_grad` returns
# $$E(\mathbf{W}) = -\frac{1}{N}\,\ell(\mathbf{W}) + \frac{\lambda}{2}\,\lVert \mathbf{W} \rVert^2,
# \qquad \nabla_{\mathbf{W}} E = \frac{1}{N}\,\mathbf{X}^\top(\mathbf{S}-\mathbf{Y}) + \lambda \mathbf{W},$$
# with $\lambda$ = `l2` and $\lVert \mathbf{W} \rVert^2$ the sum of all squared entries (the bias
# row included). A descent step $\mathbf{W} \leftarrow \mathbf{W} - \eta \nabla E$ is an ascent
# step on $\ell / N$ plus a pull of every weight towards $0$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# The first term has a name. Lecture 02 defined the cross-entropy $\mathrm{CE}(p, q) = -\sum_c p_c \log q_c$;
# with the one-hot $p = e_{y_i}$ only the term $c = y_i$ survives, so
# $\mathrm{CE}(e_{y_i}, \sigma(\tilde{x}_i)) = -\log\sigma_{y_i}(\tilde{x}_i)$, and
# $$-\frac{1}{N}\,\ell(\mathbf{W}) = \frac{1}{N}\sum_{i=1}^{N} \mathrm{CE}\bigl(e_{y_i}, \sigma(\tilde{x}_i)\bigr):$$
# the mean negative log-likelihood **is** the mean cross-entropy between the labels and the model.
# We recompute $E$ this way, then check its gradient against central differences.

# %%
l2 = 1e-3
W = 0.1 * np.random.default_rng(0).standard_normal((D, K))
loss, dW = loss_and_grad(W, X_train_b, y_train, l2)
mean_ce = np.mean(-np.sum(one_hot(y_train, K) * log_softmax(X_train_b @ W), axis=1))
assert np.isclose(mean_ce, -log_likelihood(W, X_train_b, y_train) / N)        # mean CE = -ell / N
assert np.isclose(loss, mean_ce + 0.5 * l2 * np.sum(W**2))                      # E, recomputed
assert np.allclose(dW, -grad_log_likelihood(W, X_train_b, y_train) / N + l2 * W)
Xs, ys = X_train_b[:200], y_train[:200]                      # a subset keeps this fast
dW_num = numerical_gradient(lambda V: loss_and_grad(V, Xs, ys, l2)[0], W)
assert np.abs(loss_and_grad(W, Xs, ys, l2)[1] - dW_num).max() < 1e-6 * np.abs(dW_num).max()
print(f"E(W) = mean cross-entropy {mean_ce:.4f} + penalty {0.5 * l2 * np.sum(W**2):.4f} = {loss:.4f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Choosing $\lambda$ on the validation set
#
# Why a penalty at all? Without it, if some direction separates the training classes perfectly,
# scaling $\mathbf{W}$ up always increases $\ell$: the maximum is never reached and the weights grow
# without bound. With $\lambda > 0$, $E$ is strictly convex and has exactly one minimizer. A large
# $\lambda$ keeps the weights small and the fit loose; a small one lets the model follow every
# detail of the training images, noise included. Which is best is an empirical question.

# %% [markdown] slideshow={"slide_type": "subslide"}
# To see the effect of $\lambda$ alone, without optimization noise, we minimize $E$ exactly for each
# $\lambda$ on a grid, with **L-BFGS** (`fit_lbfgs`): a quasi-Newton method that builds an estimate of
# the curvature from recent gradients and needs only `loss_and_grad`. We score each minimizer on
# the validation set by its mean cross-entropy (the first term of $E$, without penalty). It moves
# smoothly, where validation accuracy moves in steps of $1/359$ and often ties.

# %%
l2_grid = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0]
fits, ce_train, ce_val, acc_val = {}, [], [], []
for l2_try in l2_grid:
    W_fit, _ = fit_lbfgs(X_train_b, y_train, K, l2=l2_try)
    assert np.abs(loss_and_grad(W_fit, X_train_b, y_train, l2_try)[1]).max() < 1e-5   # grad E = 0
    fits[l2_try] = W_fit
    ce_train.append(loss_and_grad(W_fit, X_train_b, y_train)[0])   # l2 = 0: the mean cross-entropy
    ce_val.append(loss_and_grad(W_fit, X_val_b, y_val)[0])
    acc_val.append(accuracy(W_fit, X_val_b, y_val))
    print(f"lambda = {l2_try:7g}: mean CE train {ce_train[-1]:.4f}, validation {ce_val[-1]:.4f}, "
          f"validation accuracy {acc_val[-1]:.4f}")
l2_best = l2_grid[int(np.argmin(ce_val))]
assert np.all(np.diff(ce_train) > 0) and 0 < int(np.argmin(ce_val)) < len(l2_grid) - 1   # a U inside the grid
assert l2_best == 1e-3
print(f"chosen: lambda = {l2_best:g}")

# %% slideshow={"slide_type": "subslide"}
fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
axes[0].semilogx(l2_grid, ce_train, label="training", **series_style(0))
axes[0].semilogx(l2_grid, ce_val, label="validation", **series_style(1))
axes[0].axvline(l2_best, color="gray", ls=(0, (1, 3)))
axes[0].set_ylabel("mean cross-entropy")
axes[1].semilogx(l2_grid, acc_val, label="validation", **series_style(1))
axes[1].set_ylabel("accuracy")
for ax in axes:
    ax.set_xlabel(r"$\lambda$")
    ax.legend()
show_figures(fig, description=(
    f"Left: the mean cross-entropy of the L-BFGS minimizer against the penalty λ from 1e-5 to 1 (log axis). On "
    f"the training set (solid, circles) it only rises, from {ce_train[0]:.3f} to {ce_train[-1]:.3f}; on the "
    f"validation set (dashed, squares) it is U-shaped, lowest, {min(ce_val):.3f}, at the chosen λ = {l2_best:g} "
    f"(dotted line). Right: the validation accuracy against λ, between {min(acc_val):.3f} and "
    f"{max(acc_val):.3f}, in steps of one image."))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The training cross-entropy only grows with $\lambda$: a penalty never helps the fit to the
# training data. The validation cross-entropy is U-shaped: too large a $\lambda$ **underfits** (weights
# too small to separate the digits), too small a one **overfits** (confident mistakes on new images
# cost more than the small gains on the training ones). We keep the bottom of the U,
# $\lambda = 10^{-3}$. Validation accuracy agrees roughly, with ties and steps of one image.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## L2 as a Gaussian prior (MAP)
#
# The penalty has a probabilistic reading. Suppose that, before seeing data, we believe each weight
# is independently $W_{dk} \sim \mathcal{N}(0, s_0^2)$. Bayes' rule gives the posterior
# $p(\mathbf{W} \mid \text{data}) \propto L(\mathbf{W})\,p(\mathbf{W})$, and with
# $\log p(\mathbf{W}) = -\sum_{d,k} \frac{W_{dk}^2}{2 s_0^2} - \frac{DK}{2}\log(2\pi s_0^2)$,
#
# $$
# \log p(\mathbf{W} \mid \text{data}) = \ell(\mathbf{W}) - \frac{\lVert\mathbf{W}\rVert^2}{2 s_0^2} + \text{const}
# = -N\,E(\mathbf{W}) + \text{const} \quad\text{when}\quad \lambda = \frac{1}{N s_0^2},
# $$
#
# because $-N E = \ell - \frac{N\lambda}{2}\lVert\mathbf{W}\rVert^2$. So the **maximum a posteriori** (MAP)
# weights are exactly the minimizer of $E$: L2 is a Gaussian prior, and $\lambda$ shrinks as $N$ grows
# (with more data, the prior matters less).

# %% [markdown] slideshow={"slide_type": "subslide"}
# Our $\lambda = 10^{-3}$ with $N = 1079$ means $s_0 = 1/\sqrt{N\lambda} \approx 0.96$: weights of order one on
# standardized pixels. Two checks: the log posterior (prior from `scipy.stats.norm`) differs from
# $-N E$ by the same constant at any $\mathbf{W}$; and its gradient
# $\nabla\ell - \mathbf{W}/s_0^2$ vanishes at the L-BFGS minimizer of $E$, but not if we forget the $N$
# in $\lambda = 1/(N s_0^2)$.

# %%
s_0 = 1.0 / np.sqrt(N * l2_best)
W_map = fits[l2_best]                                            # the minimizer of E for lambda = 1/(N s_0^2)
rng = np.random.default_rng(1)
for W_any in [W_map, np.zeros((D, K)), rng.standard_normal((D, K))]:
    log_post = log_likelihood(W_any, X_train_b, y_train) + norm.logpdf(W_any, 0.0, s_0).sum()   # + const
    const = log_post + N * loss_and_grad(W_any, X_train_b, y_train, l2_best)[0]
    assert np.isclose(const, -D * K / 2 * np.log(2 * np.pi * s_0**2), rtol=1e-10)
grad_log_post = grad_log_likelihood(W_map, X_train_b, y_train) - W_map / s_0**2
forgot_N = grad_log_likelihood(W_map, X_train_b, y_train) - W_map * l2_best      # s_0^2 = 1/lambda
assert np.abs(grad_log_post).max() < 1e-2 < 0.5 < np.abs(forgot_N).max()
print(f"s_0 = {s_0:.3f}; at W_map the gradient of the log posterior is at most "
      f"{np.abs(grad_log_post).max():.4f}; with s_0^2 = 1/lambda (N forgotten) it would be {np.abs(forgot_N).max():.2f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Minibatch SGD, and its learning rate
#
# SGD (lecture 07) shuffles the training set every epoch, cuts it into batches $B$ of $32$ images
# and steps
# $$\mathbf{W} \leftarrow \mathbf{W} - \eta\, \nabla E_B(\mathbf{W}), \qquad
# \nabla E_B = \frac{1}{|B|}\,\mathbf{X}_B^\top(\mathbf{S}_B-\mathbf{Y}_B) + \lambda \mathbf{W}.$$
# With $\lambda$ fixed, we choose $\eta$ the same way, on the validation set: 20 epochs for each $\eta$ on a
# small grid, keeping the one with the lowest validation cross-entropy.
# `validation=(X_val_b, y_val)` records the validation accuracy after each epoch.

# %%
lr_runs = {}
for lr in [0.03, 0.1, 0.3, 1.0]:
    lr_runs[lr] = sgd(X_train_b, y_train, K, lr=lr, epochs=20, batch_size=32, l2=l2_best, seed=0,
                      validation=(X_val_b, y_val))
    W_lr, hist = lr_runs[lr]
    print(f"lr = {lr:4g}: E on training {hist.loss[-1]:.4f}, validation mean CE "
          f"{loss_and_grad(W_lr, X_val_b, y_val)[0]:.4f}, validation accuracy {hist.val_accuracy[-1]:.4f}")
lr_best = min(lr_runs, key=lambda lr: loss_and_grad(lr_runs[lr][0], X_val_b, y_val)[0])
W_sgd, hist_sgd = lr_runs[lr_best]
assert lr_best == 0.3                                           # inside the grid
assert np.isclose(hist_sgd.loss[0], np.log(K))                   # W = 0: every sigma_k = 1/K
assert np.array_equal(W_sgd, sgd(X_train_b, y_train, K, lr=lr_best, epochs=20, batch_size=32,
                                 l2=l2_best, seed=0)[0])          # seeded: exactly reproducible
print(f"chosen: lr = {lr_best:g}")

# %% slideshow={"slide_type": "subslide"}
axes = plot_history(hist_sgd, label="SGD", description=(
    f"Left: the training objective E(W) of minibatch SGD on the digits (lr = {lr_best:g}, λ = {l2_best:g}) after "
    f"each of 20 epochs, falling fast from {hist_sgd.loss[0]:.3f} in the first epochs, then slowly, to "
    f"{hist_sgd.loss[-1]:.3f}. Right: the training (solid, circles) and validation (dashed, squares) accuracy "
    f"per epoch, ending at {hist_sgd.accuracy[-1]:.3f} and {hist_sgd.val_accuracy[-1]:.3f}: training ends "
    f"above validation, and the validation curve flattens instead of falling."))
axes[0].set_xlabel("epoch")
axes[0].set_ylabel("E(W)")
axes[1].set_xlabel("epoch")
axes[0].set_title(f"training objective, lr = {lr_best:g}")
axes[1].set_title("accuracy")
show_figures()

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Reading the curves.** The objective falls fast in the first epochs, then slowly: SGD with a fixed
# step keeps bouncing around the minimum. Training accuracy ends above validation accuracy: the
# gap of about two points is the price of fitting 650 weights on 1079 images. The validation curve
# flattens instead of falling, so with this penalty we are not overfitting badly. In the grid, too
# small a step ($\eta = 0.03$) had not got far in 20 epochs. $\eta = 1$ reached a slightly lower
# training objective but a higher validation cross-entropy; its validation accuracy was one image
# better, a difference within the noise, which is why we decide on the smoother criterion.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The same objective, two optimizers
#
# L-BFGS solved the same problem to the optimum: at its minimizer every entry of $\nabla E$ is below
# $10^{-5}$. Both curves on one plot: one point per SGD **epoch** (34 minibatch steps) against one
# point per L-BFGS **iteration** (one full-batch gradient each, rarely more).

# %% slideshow={"slide_type": "subslide"}
W_lbfgs, hist_lbfgs = fit_lbfgs(X_train_b, y_train, K, l2=l2_best)
assert np.array_equal(W_lbfgs, fits[l2_best])
assert hist_lbfgs.loss[-1] < hist_sgd.loss[-1]                  # SGD stopped short of the minimum
print(f"L-BFGS: {len(hist_lbfgs.step) - 1} iterations, E = {hist_lbfgs.loss[-1]:.4f}; "
      f"SGD after 20 epochs: E = {hist_sgd.loss[-1]:.4f}")
fig, ax = plt.subplots(figsize=(5, 3.2))
plot_loss(hist_sgd, ax, label="SGD (step = epoch)", description=(
    f"The training objective E(W) on a log axis, for two optimizers of the same problem. SGD (solid, circles), "
    f"one point per epoch, ends at {hist_sgd.loss[-1]:.4f} after 20 epochs;"))
plot_loss(hist_lbfgs, ax, label="L-BFGS (step = iteration)", description=(
    f"L-BFGS (dashed, squares), one point per iteration, reaches the minimum, {hist_lbfgs.loss[-1]:.4f}, in "
    f"{len(hist_lbfgs.step) - 1} iterations: lower than where SGD stopped."))
ax.set_yscale("log")
ax.set_ylabel("E(W) (log scale)")
ax.set_title("same objective, two optimizers")
show_figures()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What the weights look like
#
# Column $k$ of $\mathbf{W}$ without its bias is a 64-vector $w_k$: one weight per pixel, so we can
# draw it as an $8 \times 8$ image. A red pixel raises the score $a_k = \tilde{w}_k^\top\tilde{x}$
# when that pixel is darker than average (standardized value $> 0$), a blue pixel lowers it. We draw
# the exact minimizer of $E$, found by L-BFGS.

# %%
plot_weight_images(W_lbfgs, description=(
    "The learned weights w_0 to w_9 of the L-BFGS model, each drawn as an 8 × 8 image: red where a dark pixel "
    "raises the score of the class, blue where it lowers it. w_0 is blue in the centre and red around it: ink in "
    "the middle is evidence against a zero. The images are noisy contrasts against the other digits rather "
    "than drawings of their own digit."))
plt.suptitle("learned weights $w_k$ (red: raises $a_k$, blue: lowers it)", y=1.12)
show_figures()

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Interpretation.** $w_0$ is blue in the centre and reddish around it: ink in the middle of the
# image is evidence *against* a zero. The images are noisy (pixels that are rarely inked get
# large standardized values, and a stronger penalty would smooth them), and each one is a
# *contrast* against the other digits rather than a drawing of its own: since softmax ignores a
# vector added to every $\tilde{w}_k$, the penalty picks the solution with
# $\sum_{c} \tilde{w}_c = 0$ (summing $\nabla_{\tilde w_c} E = 0$ over $c$ gives
# $\lambda \sum_c \tilde{w}_c = 0$, because $\sum_c (\sigma_c - \mathbb{1}\{y=c\}) = 0$).
# SGD started at $\mathbf{W} = 0$ keeps that sum at $0$ at every step, for the same reason.
# Check both, and that $w_k$ resembles the average (standardized) image of class $k$ more than that
# of any other class.

# %%
assert np.abs(W_lbfgs.sum(axis=1)).max() < 1e-6                 # sum_c w~_c = 0 at the minimizer
assert np.abs(W_sgd.sum(axis=1)).max() < 1e-12                  # ... and along SGD from W = 0
class_means = np.stack([X_train[y_train == k].mean(axis=0) for k in range(K)], axis=1)
corr = np.corrcoef(W_lbfgs[1:].T, class_means.T)[:K, K:]        # corr[k, k']: w_k vs mean image of k'
assert np.array_equal(corr.argmax(axis=1), np.arange(K))
print("each w_k correlates best with the mean image of its own class:",
      " ".join(f"{corr[k, k]:.2f}" for k in range(K)))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Checking against scikit-learn
#
# `LogisticRegression` (multinomial, L2) minimizes
# $$C_{\text{sk}} \sum_{i=1}^{N} \bigl(-\log \sigma_{y_i}(\tilde{x}_i)\bigr) + \frac{1}{2}\lVert w \rVert^2,$$
# **without** penalizing the intercept. That is $C_{\text{sk}} N$ times
# $-\frac{1}{N}\ell + \frac{1}{2 C_{\text{sk}} N}\lVert w \rVert^2$: our $E$ with $\lambda = 1/(C_{\text{sk}} N)$.
# So for our chosen $\lambda$ we set $C_{\text{sk}} = 1/(\lambda N)$. We compare on the validation set,
# and turn a convergence warning into an error, so this cell would fail loudly if scikit-learn
# stopped early.

# %%
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

C_sk = 1.0 / (l2_best * N)
with warnings.catch_warnings():
    warnings.simplefilter("error", ConvergenceWarning)
    clf = LogisticRegression(C=C_sk, max_iter=2000).fit(X_train, y_train)
acc_ours, acc_sk = accuracy(W_lbfgs, X_val_b, y_val), clf.score(X_val, y_val)
mad = np.abs(softmax(X_val_b @ W_lbfgs) - clf.predict_proba(X_val)).mean()
print(f"C_sk = {C_sk:.4f}; validation accuracy: ours {acc_ours:.4f}, scikit-learn {acc_sk:.4f}")
assert abs(acc_ours - acc_sk) <= 0.01 and mad < 0.005
print(f"mean |P_ours - P_sklearn| on the validation images: {mad:.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The small remaining gap comes only from the unpenalized intercept. Let scikit-learn fit **no**
# intercept on our bias-augmented $\tilde{x}$: its bias column is then penalized like any other,
# the two objectives are identical, and so must be the minimizers. With $C_{\text{sk}} = 1/\lambda$
# (forgetting $N$) they would not be.

# %%
with warnings.catch_warnings():
    warnings.simplefilter("error", ConvergenceWarning)
    clf_b = LogisticRegression(C=C_sk, fit_intercept=False, tol=1e-6, max_iter=2000).fit(X_train_b, y_train)
    clf_wrong = LogisticRegression(C=1 / l2_best, fit_intercept=False, max_iter=5000).fit(X_train_b, y_train)
assert clf_b.coef_.T.shape == W_lbfgs.shape
assert np.abs(clf_b.coef_.T - W_lbfgs).max() < 2e-3
assert np.abs(clf_wrong.coef_.T - W_lbfgs).max() > 0.5
print(f"C_sk = 1/(lambda N): same W (max difference {np.abs(clf_b.coef_.T - W_lbfgs).max():.1e}); "
      f"C_sk = 1/lambda: max difference {np.abs(clf_wrong.coef_.T - W_lbfgs).max():.1f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The test set, once
#
# Everything is chosen: $\lambda = 10^{-3}$ and $\eta = 0.3$, both on the validation set, and the model
# is the SGD one trained with them. Now, and only now, we evaluate it on the test set. The
# **confusion matrix** $C_{kk'}$ counts the test images of true class $k$ that the model predicts as
# class $k'$: the diagonal holds the correct answers, everything else is a mistake. So
# $\operatorname{trace}(C)/N_{\text{test}}$ is the accuracy and row $k$ sums to the number of test images
# of class $k$.

# %%
y_pred = predict(W_sgd, X_test_b)
test_acc = np.mean(y_pred == y_test)
C = confusion_matrix(y_test, y_pred, K)
C_loop = np.zeros((K, K), dtype=int)
for k, k2 in zip(y_test, y_pred):                                # one count per test image
    C_loop[k, k2] += 1
assert np.array_equal(C, C_loop)
assert np.isclose(np.trace(C) / N_test, test_acc) and np.isclose(test_acc, accuracy(W_sgd, X_test_b, y_test))
assert np.array_equal(C.sum(axis=1), np.bincount(y_test))
off = C - np.diag(np.diag(C))                                    # the mistakes only
pairs = sorted(((int(off[k, k2]), k, k2) for k in range(K) for k2 in range(K) if off[k, k2]), reverse=True)
print(f"test accuracy {test_acc:.4f} = trace(C) / N_test = {np.trace(C)} / {N_test} "
      f"(validation accuracy was {hist_sgd.val_accuracy[-1]:.4f})")
print("most confused (true -> predicted: count):", ", ".join(f"{k} -> {k2}: {c}" for c, k, k2 in pairs[:4]))

# %% slideshow={"slide_type": "subslide"}
ax = plot_confusion_matrix(C, description=(
    f"The confusion matrix of the SGD model on the {N_test} test digits, true class in rows, predicted class in "
    f"columns, every cell labelled with its count. The diagonal holds {np.trace(C)} right answers (test accuracy "
    f"{test_acc:.3f}); the largest mistakes are "
    + ", ".join(f"a {k} predicted as {k2} ({c} {'images' if c > 1 else 'image'})" for c, k, k2 in pairs[:3]) + "."))
ax.set_title("digits, test set")
show_figures()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The test accuracy is a little below the validation accuracy of the same model. Is that the price of
# choosing $\eta$ and $\lambda$ on the validation images? Mostly not: each accuracy is measured on a few
# hundred images, so each has a standard error of $\sqrt{p(1 - p)/n}$, and their difference one of
# $\sqrt{p_{\text{val}}(1 - p_{\text{val}})/N_{\text{val}} + p_{\text{test}}(1 - p_{\text{test}})/N_{\text{test}}}$:

# %%
p_val, p_test = hist_sgd.val_accuracy[-1], test_acc
se_gap = np.sqrt(p_val * (1 - p_val) / N_val + p_test * (1 - p_test) / N_test)
gap = p_val - p_test
print(f"gap {gap:.4f} ({round(gap * N_test)} of {N_test} images), standard error {se_gap:.4f}: "
      f"{gap / se_gap:.1f} standard errors")
assert 0 < gap < 2 * se_gap                                       # within sampling noise

# %% [markdown] slideshow={"slide_type": "fragment"}
# A gap of under two standard errors is what two samples of this size show by chance. Selection does bias the
# validation score upward (part of a choice's good score is luck that does not carry over), but on a few hundred images
# that bias cannot be told apart from noise. The test set, used once, has no such bias.
# The mistakes are the ones a person might make on blurry $8 \times 8$ images, and a *linear*
# score, one template per class, cannot separate every such pair.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Decision regions in two dimensions
#
# With $D = 3$ ($\tilde{x} = (1, x_1, x_2)$) we can draw where each class wins. The model predicts
# $\arg\max_k a_k(\tilde{x})$; the border between classes $k$ and $k'$ is where
# $a_k = a_{k'}$, i.e. $(\tilde{w}_k - \tilde{w}_{k'})^\top \tilde{x} = 0$: a **straight line**. Each
# region is an intersection of half-planes, hence **convex**.

# %% slideshow={"slide_type": "subslide"}
X2, y2 = make_blobs_2d(n_per_class=50, num_classes=3, spread=1.0, seed=0)
W2, _ = fit_lbfgs(add_bias(X2), y2, 3, l2=1e-3)
acc2 = accuracy(W2, add_bias(X2), y2)
print(f"blobs: training accuracy {acc2:.4f}")
ax = plot_decision_regions(W2, X2, y2, description=(
    f"The decision regions of the model fitted by L-BFGS to 150 points of three blobs, 50 per class, each class "
    f"with its own colour, hatching and marker: the borders between the regions are straight lines, and "
    f"{acc2:.1%} of the points lie in the region of their class."))
ax.set_title("three blobs: linear borders")
show_figures()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Convexity, checked: for random pairs of points predicted in the same class, the midpoint is
# predicted in that class too.

# %%
rng = np.random.default_rng(0)
P, Q = rng.uniform(-6, 6, (20000, 2)), rng.uniform(-6, 6, (20000, 2))
cls_P, cls_Q = predict(W2, add_bias(P)), predict(W2, add_bias(Q))
same = cls_P == cls_Q
cls_mid = predict(W2, add_bias((P[same] + Q[same]) / 2))
assert same.sum() > 5000 and np.array_equal(cls_mid, cls_P[same])
print(f"{same.sum()} same-class pairs: every midpoint stays in the class (regions are convex)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A real 2-D example: iris petals
#
# Fisher's iris flowers, using only the petal length and width (so we can draw it), with the same
# pipeline: stratified split, standardization with training statistics, bias, L-BFGS. With only 150
# flowers we tune nothing: $\lambda = 10^{-3}$ is fixed in advance, so a training/test split is enough
# and the test accuracy is measured once.

# %% slideshow={"slide_type": "subslide"}
X_iris, y_iris = load_iris()
Xi_tr, Xi_te, yi_tr, yi_te = train_test_split(X_iris[:, 2:], y_iris, test_fraction=0.25, seed=0)
Xi_tr, Xi_te = standardize(Xi_tr, Xi_te)
W_iris, _ = fit_lbfgs(add_bias(Xi_tr), yi_tr, 3, l2=1e-3)
acc_tr, acc_te = accuracy(W_iris, add_bias(Xi_tr), yi_tr), accuracy(W_iris, add_bias(Xi_te), yi_te)
assert acc_tr > 0.9 and acc_te > 0.85
print(f"iris (petals): train accuracy {acc_tr:.4f}, test accuracy {acc_te:.4f} on {len(yi_te)} flowers")
ax = plot_decision_regions(W_iris, Xi_tr, yi_tr, class_names=["setosa", "versicolor", "virginica"], description=(
    f"The decision regions of the model fitted to the standardized petal length and width of {len(yi_tr)} "
    f"training iris flowers. Setosa lies far from the other two; versicolor and virginica touch, so the straight "
    f"border between them misclassifies a few flowers. Training accuracy {acc_tr:.3f}, test accuracy "
    f"{acc_te:.3f}."))
ax.set_xlabel("petal length (standardized)")
ax.set_ylabel("petal width (standardized)")
ax.set_title("iris: setosa / versicolor / virginica")
show_figures()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Setosa (class 0) is far from the others; versicolor and virginica overlap a little, and a
# straight border must misclassify a few flowers on each side: that is where the test errors are.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises (paper and pencil)
#
# **Exercise 1.** A colleague standardizes the 1797 digits with their overall mean and standard
# deviation, *then* splits them. Which numbers of this lecture become untrustworthy, and why?
#
# <details><summary>Answer</summary>
#
# The validation and test images then helped compute $\bar{x}_d$ and $\mathrm{sd}_d$, so information
# from them reaches the model through the preprocessing. The choice of $\lambda$ and $\eta$ and, above all,
# the test accuracy no longer measure performance on unseen data: they may be optimistic. (With
# 1797 similar images the effect is small, but the estimate is no longer honest, and on small or
# shifting data sets the leak can matter a lot.)
#
# </details>
#
# **Exercise 2.** With a Gaussian prior $W_{dk} \sim \mathcal{N}(0, s_0^2)$ and $N$ training samples, MAP
# training uses $\lambda = 1/(N s_0^2)$. What $\lambda$ corresponds to $s_0 = 1$ with our $N = 1079$? What
# happens to $\lambda$ if $s_0$ doubles, and if $N$ doubles with the same prior?
#
# <details><summary>Answer</summary>
#
# $\lambda = 1/1079 \approx 9.27 \times 10^{-4}$, very close to the $10^{-3}$ we chose. Doubling $s_0$ (a
# vaguer prior) divides $\lambda$ by 4. Doubling $N$ halves $\lambda$: the prior's term
# $\lVert\mathbf{W}\rVert^2/(2 s_0^2)$ stays the same while the data term $\ell$ doubles, so in the
# *mean* objective $E$ the penalty weighs half as much.
#
# </details>
#
# **Exercise 3.** scikit-learn's `C` for our $\lambda = 10^{-3}$ and $N = 1079$? And what happens to
# scikit-learn's objective if you keep `C` fixed but use twice as many training images?
#
# <details><summary>Answer</summary>
#
# $C_{\text{sk}} = 1/(\lambda N) = 1/1.079 \approx 0.927$. scikit-learn's data term is a **sum** over
# samples, $C_{\text{sk}}\sum_i(-\log\sigma_{y_i})$, so with $2N$ images at fixed `C` it doubles while
# $\frac{1}{2}\lVert w\rVert^2$ stays: the equivalent $\lambda = 1/(C_{\text{sk}} \cdot 2N)$ is halved. In our
# convention (mean loss) $\lambda$ keeps its meaning when $N$ changes; in scikit-learn's, `C` does.
#
# </details>
#
# **Exercise 4.** Pixel 0 (top-left corner) is $0$ in every training image. What is its
# standardized value in a test image where it is $3$? Show that its weights stay exactly $0$ if
# training starts from $\mathbf{W} = 0$ (SGD or full batch), and conclude.
#
# <details><summary>Answer</summary>
#
# Its training mean is $0$ and its standard deviation $0$, so it is only centred: $x' = 3 - 0 = 3$.
# Its weights are one row of $\mathbf{W}$, row $d = 1$ (row 0 holds the biases), and that row of a
# step's gradient is
# $\frac{1}{|B|}\sum_{i \in B}\tilde{x}_{id}(\sigma(\tilde{x}_i) - e_{y_i})^\top + \lambda\,\mathbf{W}_{d,:}$. The first
# term vanishes because $\tilde{x}_{id} = 0$ for every training image; so from $\mathbf{W}_{d,:} = 0$ every step
# leaves it at $0$. The model ignores the pixel: the unusual $3$ in the test image changes no score.
#
# </details>
#
# **Exercise 5.** Of the 35 test images of the digit 8, suppose 30 are predicted 8, 3 are predicted 1
# and 2 are predicted 9. Write row 8 of the confusion matrix, and the fraction of eights recognized. If every
# other row is perfect, what is the test accuracy on 359 images?
#
# <details><summary>Answer</summary>
#
# Row 8 has $C_{8,8} = 30$, $C_{8,1} = 3$, $C_{8,9} = 2$ and zeros elsewhere; it sums to 35, the number of
# eights. Recognized: $30/35 \approx 0.857$. The trace is $359 - 5 = 354$, so the accuracy is
# $354/359 \approx 0.986$.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Coding exercise: choosing $\lambda$ by cross-validation
#
# We chose $\lambda$ on one validation set of 359 images, and such a set is a noisy judge: the final model's
# accuracy was 0.025 lower on the test set, 1.8 standard errors of sampling noise. **5-fold cross-validation**
# splits the data into 5 folds, fits on 4 and scores the one left out, in turn: every sample is used for
# validation once, and the 5 scores are averaged. Write `validation_loss`, with fold `f` holding the samples
# `j` with `j % folds == f`; the check runs it on small seeded problems and names the likely mistake.

# %%
from course_utils.checks import report
from course_utils.checks.cross_validation import check_validation_loss

def validation_loss(X, y, num_classes, l2, folds=5):
    """The cross-validated mean cross-entropy of L2-penalized fits (a loss: lower is better).

    Fold f holds the samples j with j % folds == f. For each f, fit W, shape (D, K), on the other folds
    with fit_lbfgs(X_rest, y_rest, num_classes, l2=l2) and score fold f by its mean cross-entropy,
    without the penalty. X : (N, D), bias-augmented; y : (N,) ints in 0..K-1; num_classes : K;
    l2 : the lambda of every fit; folds : the number of folds.

    Returns
    -------
    float
        The mean of the `folds` held-out scores.
    """
    # YOUR CODE HERE
    raise NotImplementedError()

report(check_validation_loss, validation_loss)

# %% [markdown]
# <details><summary>Answer</summary>
#
# ```python
# import numpy as np
# from course_utils import fit_lbfgs, loss_and_grad
#
# def validation_loss(X, y, num_classes, l2, folds=5):
#     fold = np.arange(len(y)) % folds                     # the fold of each sample
#     scores = []
#     for f in range(folds):
#         W, _ = fit_lbfgs(X[fold != f], y[fold != f], num_classes, l2=l2)
#         scores.append(loss_and_grad(W, X[fold == f], y[fold == f])[0])   # l2 = 0: no penalty
#     return float(np.mean(scores))
# ```
#
# The check then prints `check_validation_loss: correct (7 calls compared; ... you would choose l2 = 0.1)`:
# on a small problem with 8 pure-noise features, too little penalty overfits and too much underfits.
# On this lecture's 1438 training and validation images, 5-fold cross-validation gives 0.125, 0.118 and 0.185
# at $\lambda = 10^{-4}, 10^{-3}, 10^{-2}$ (in under a second): it also picks $\lambda = 10^{-3}$, and its five fold
# scores at $\lambda = 10^{-3}$ range from 0.060 to 0.189, a measure of how far one validation set can stray.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - A real data set needs **three stratified parts** (training, validation, test) and
#   **standardization with training statistics only**; anything else leaks held-out images into the model.
# - The objective $E = -\ell/N + \frac{\lambda}{2}\lVert \mathbf{W}\rVert^2$ is the mean cross-entropy plus
#   L2 (descent on the negative of what the notes ascend); L2 is a Gaussian prior
#   $\mathcal{N}(0, s_0^2)$ on each weight, with $\lambda = 1/(N s_0^2)$: the minimizer is the MAP estimate.
# - $\lambda$ (by L-BFGS fits) and the SGD learning rate were chosen on the validation set; the test
#   set was used once, for the final SGD model, at about $95\,\%$ accuracy, a little below its
#   validation accuracy.
# - SGD and L-BFGS minimize the same $E$; L-BFGS reaches $\nabla E = 0$. The weights are readable
#   templates that sum to zero over classes; the confusion matrix shows which digits a linear model mixes up.
# - With $C_{\text{sk}} = 1/(\lambda N)$, scikit-learn agrees with our model; with the bias penalized on
#   both sides the solutions coincide.
# - In 2-D, softmax regression cuts the plane into convex regions with straight borders.
#
# [← Previous: 07 · A single sample and SGD](07_single_sample_sgd.ipynb) | [Next: 09 · The notes, corrected →](09_notes_corrected.ipynb)
#
# Homework: [Homework 3 · SGD on handwritten digits](../exercises/hw3_sgd.ipynb)
