# %% [markdown] slideshow={"slide_type": "slide"}
# # 07 · Training on real data
#
# **What you'll learn**
#
# - how to prepare a real data set: a stratified train/test split, standardization with
#   *training* statistics only (and why anything else leaks), and the bias column;
# - how minibatch SGD and L-BFGS minimize the same objective, the mean negative log-likelihood
#   plus an L2 penalty, and how to read their loss and accuracy curves;
# - how to look inside a trained model: weight images, the confusion matrix, decision regions;
# - that our from-scratch model agrees with scikit-learn's `LogisticRegression` once the two
#   L2 conventions are matched.
#
# Prerequisites: [06 · A single sample and SGD](06_single_sample_sgd.ipynb) (the update rule and the
# sign conventions).

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np

from course_utils import (
    add_bias, fit_lbfgs, grad_log_likelihood, load_digits, load_iris, log_likelihood, loss_and_grad,
    make_blobs_2d, numerical_gradient, predict, sgd, softmax, standardize, train_test_split,
)
from course_utils.plotting import (
    plot_confusion_matrix, plot_decision_regions, plot_history, plot_loss, plot_weight_images,
)
from course_utils.metrics import accuracy, confusion_matrix

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The digits data set
#
# 1797 handwritten digits, each an $8 \times 8$ image with pixel intensities $0, \dots, 16$,
# flattened row by row into $64$ numbers. `load_digits` reads the copy bundled with the course,
# so nothing is downloaded. Here $K = 10$ classes (the digits $0$–$9$), and after adding the bias
# column each input $\tilde{x}$ has $D = 65$ entries.

# %%
X_raw, y = load_digits()
N, K = X_raw.shape[0], 10
print("X_raw:", X_raw.shape, " y:", y.shape, " pixel range:", X_raw.min(), "to", X_raw.max())
print("images per class:", np.bincount(y).tolist())
assert X_raw.shape == (1797, 64) and set(np.unique(y)) == set(range(K))
assert X_raw.min() == 0 and X_raw.max() == 16
print("1797 images of 64 pixels in 0..16, all 10 digits present")

# %% [markdown] slideshow={"slide_type": "fragment"}
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
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A stratified train/test split
#
# We keep $25\,\%$ of the images aside as a **test set**: the model never trains on them, so its
# accuracy there estimates how it does on digits it has never seen. The split is **stratified**:
# each class keeps its share in both parts, so the test set is not accidentally short of, say,
# eights. It is seeded (`seed=0`) so that every run sees the same split.

# %%
X_train_raw, X_test_raw, y_train, y_test = train_test_split(X_raw, y, test_fraction=0.25, seed=0)
N_train, N_test = len(y_train), len(y_test)
print("train:", X_train_raw.shape, " test:", X_test_raw.shape)
print("test images per class:", np.bincount(y_test).tolist())
# stratified: per class, round(0.25 * count) images go to the test set, the rest to training
assert np.array_equal(np.bincount(y_test), np.round(0.25 * np.bincount(y)).astype(int))
assert np.array_equal(np.bincount(y_train) + np.bincount(y_test), np.bincount(y))
print("every class keeps its proportion: 25 % of its images are in the test set")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Standardization, with training statistics only
#
# Pixels have very different spreads (border pixels are almost always $0$). Gradient methods
# converge much faster when every feature has a comparable scale, so we standardize each pixel
# $d$ with the mean $\mu_d$ and standard deviation $s_d$ **of the training set**:
# $$x'_d = \frac{x_d - \mu_d^{\text{train}}}{s_d^{\text{train}}} \qquad (s_d = 0 \text{: only centred}).$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Why not the statistics of all 1797 images?** That would be *leakage*: the test images would
# influence the preprocessing, so the model would be evaluated on data that helped shape it. A
# deployed model sees one new image at a time and cannot compute its mean; the test set must play
# that role honestly. So the test set is transformed with the *training* $\mu$ and $s$, and its
# own mean is therefore close to, but not exactly, $0$.

# %%
X_train, X_test = standardize(X_train_raw, X_test_raw)
mu, s = X_train_raw.mean(axis=0), X_train_raw.std(axis=0)
s_safe = np.where(s == 0, 1.0, s)                 # constant pixels are only centred
assert np.allclose(X_test, (X_test_raw - mu) / s_safe)   # independent computation
assert np.allclose(X_train.mean(axis=0), 0) and np.allclose(X_train.std(axis=0)[s > 0], 1)
print("pixels constant in the training set:", np.flatnonzero(s == 0).tolist())
print(f"largest |mean| of a standardized test pixel: {np.abs(X_test.mean(axis=0)).max():.2f}")
print("training pixels have mean 0 and std 1; test pixels use the training mu and s")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Finally the bias trick of lecture 01: `add_bias` **prepends** a column of ones, so
# $\tilde{x} = (1, x)$ and row $0$ of $\mathbf{W}$ (shape $D \times K = 65 \times 10$) holds the biases.

# %%
X_train_b, X_test_b = add_bias(X_train), add_bias(X_test)
D = X_train_b.shape[1]
assert X_train_b.shape == (N_train, 65) and np.all(X_train_b[:, 0] == 1.0)
assert np.array_equal(X_test_b[:, 1:], X_test)
print(f"N_train = {N_train}, N_test = {N_test}, D = {D} (bias included), K = {K}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The objective: mean negative log-likelihood plus L2
#
# The notes **maximize** the log-likelihood $\ell(\mathbf{W}) = \sum_{j=1}^{N} \log \sigma_{y_j}(\tilde{x}_j)$
# by gradient ascent. Optimizers conventionally **minimize**, so `loss_and_grad` returns
# $$J(\mathbf{W}) = -\frac{1}{N}\,\ell(\mathbf{W}) + \frac{\lambda}{2}\,\lVert \mathbf{W} \rVert^2,
# \qquad \nabla_{\mathbf{W}} J = \frac{1}{N}\,\mathbf{X}^\top(\mathbf{S}-\mathbf{Y}) + \lambda \mathbf{W},$$
# with $\lambda$ = `l2` and $\lVert \mathbf{W} \rVert^2$ the sum of all squared entries (the bias
# row included). A descent step $\mathbf{W} \leftarrow \mathbf{W} - \eta \nabla J$ is an ascent
# step on $\ell / N$ plus a pull of every weight towards $0$.

# %% [markdown] slideshow={"slide_type": "fragment"}
# Why the penalty? Without it, if some direction separates the training classes perfectly,
# scaling $\mathbf{W}$ up always increases $\ell$: the maximum is never reached and the weights
# grow without bound. With $\lambda > 0$, $J$ is strictly convex and has exactly one minimizer.
# We fix $\lambda = 10^{-3}$ (the default of `fit_lbfgs`) **before** looking at the test set.

# %%
l2 = 1e-3
rng = np.random.default_rng(0)
W = 0.1 * rng.standard_normal((D, K))
loss, dW = loss_and_grad(W, X_train_b, y_train, l2)
J = -log_likelihood(W, X_train_b, y_train) / N_train + 0.5 * l2 * np.sum(W**2)
assert np.isclose(loss, J)                                  # the objective, recomputed
assert np.allclose(dW, -grad_log_likelihood(W, X_train_b, y_train) / N_train + l2 * W)
Xs, ys = X_train_b[:200], y_train[:200]                      # a subset keeps this fast
dW_num = numerical_gradient(lambda V: loss_and_grad(V, Xs, ys, l2)[0], W)
assert np.abs(loss_and_grad(W, Xs, ys, l2)[1] - dW_num).max() < 1e-6 * np.abs(dW_num).max()
print("loss = -ell/N + (l2/2)||W||^2, recomputed independently")
print("its gradient matches central differences to 1e-6 of the largest entry")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Minibatch SGD
#
# Each epoch shuffles the training set (seeded), cuts it into batches $B$ of $32$ images and steps
# $$\mathbf{W} \leftarrow \mathbf{W} - \eta\, \nabla J_B(\mathbf{W}), \qquad
# \nabla J_B = \frac{1}{|B|}\,\mathbf{X}_B^\top(\mathbf{S}_B-\mathbf{Y}_B) + \lambda \mathbf{W}.$$
# `validation=(X_test_b, y_test)` only *records* the test accuracy after each epoch, to draw the
# curves (the dashed "validation" curve below is our test set); nothing is tuned on it.

# %%
W_sgd, hist_sgd = sgd(X_train_b, y_train, K, lr=0.1, epochs=20, batch_size=32, l2=l2, seed=0,
                      validation=(X_test_b, y_test))
W_again, _ = sgd(X_train_b, y_train, K, lr=0.1, epochs=20, batch_size=32, l2=l2, seed=0)
assert np.array_equal(W_sgd, W_again)                       # seeded: exactly reproducible
assert np.isclose(hist_sgd.loss[0], np.log(K))              # W = 0: every sigma_k = 1/K
assert hist_sgd.loss[-1] < 0.2 * hist_sgd.loss[0]
print(f"loss: {hist_sgd.loss[0]:.4f} (= log 10 at W = 0) -> {hist_sgd.loss[-1]:.4f} after 20 epochs")
print(f"train accuracy {hist_sgd.accuracy[-1]:.4f}, test accuracy {hist_sgd.val_accuracy[-1]:.4f}")

# %%
axes = plot_history(hist_sgd, label="SGD")
axes[0].set_xlabel("epoch")
axes[0].set_ylabel("J(W)")
axes[1].set_xlabel("epoch")
axes[0].set_title("training loss")
axes[1].set_title("accuracy")
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Reading the curves.** The loss falls fast in the first epochs, then slowly: SGD with a fixed
# step keeps bouncing around the minimum. Training accuracy ends above test accuracy: the gap of a
# few points is the price of fitting 650 weights on 1347 images. The test curve flattens instead
# of falling, so with this penalty we are not overfitting badly.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## L-BFGS: the same objective, solved to the optimum
#
# $J$ is smooth and (with $\lambda > 0$) strictly convex, so a quasi-Newton method can find its
# unique minimizer in a few dozen iterations. **L-BFGS** builds an approximation of the curvature
# (the Hessian) from the last few gradient differences and takes Newton-like steps with a line
# search. It only needs `loss_and_grad`, exactly what SGD uses.

# %%
W_lbfgs, hist_lbfgs = fit_lbfgs(X_train_b, y_train, K, l2=l2, validation=(X_test_b, y_test))
loss_opt, dW_opt = loss_and_grad(W_lbfgs, X_train_b, y_train, l2)
assert np.abs(dW_opt).max() < 1e-5                 # first-order optimality: grad J = 0
assert loss_opt < hist_sgd.loss[-1]                # SGD stopped short of the minimum
test_acc = accuracy(W_lbfgs, X_test_b, y_test)
print(f"L-BFGS: {len(hist_lbfgs.step) - 1} iterations, final loss {loss_opt:.4f}; "
      f"SGD after 20 epochs: {hist_sgd.loss[-1]:.4f}")
print("at the optimum every entry of grad J is below 1e-5")
print(f"test accuracy (L-BFGS): {test_acc:.4f}")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Same objective, two optimizers: one point per SGD **epoch** (43 minibatch steps) against one
# point per L-BFGS **iteration** (one full-batch gradient each, rarely more).

# %%
fig, ax = plt.subplots(figsize=(5, 3.2))
plot_loss(hist_sgd, ax, label="SGD (step = epoch)")
plot_loss(hist_lbfgs, ax, label="L-BFGS (step = iteration)")
ax.set_yscale("log")
ax.set_ylabel("J(W) (log scale)")
ax.set_title("same objective, two optimizers")
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What the weights look like
#
# Column $k$ of $\mathbf{W}$ without its bias is a 64-vector $w_k$: one weight per pixel, so we can
# draw it as an $8 \times 8$ image. A red pixel raises the score $a_k = \tilde{w}_k^\top\tilde{x}$
# when that pixel is darker than average (standardized value $> 0$), a blue pixel lowers it.

# %%
plot_weight_images(W_lbfgs)
plt.suptitle("learned weights $w_k$ (red: raises $a_k$, blue: lowers it)", y=1.12)
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Interpretation.** $w_0$ is blue in the centre and reddish around it: ink in the middle of the
# image is evidence *against* a zero. The images are noisy (pixels that are rarely inked get
# large standardized values, and a stronger penalty would smooth them), and each one is a
# *contrast* against the other digits rather than a drawing of its own: since softmax ignores a
# vector added to every $\tilde{w}_k$, the penalty picks the solution with
# $\sum_{k} \tilde{w}_k = 0$ (summing $\nabla_{\tilde w_k} J = 0$ over $k$ gives
# $\lambda \sum_k \tilde{w}_k = 0$, because $\sum_k (\sigma_k - \mathbb{1}\{y=k\}) = 0$).
# Check both: the weights sum to zero over classes, and $w_k$ resembles the average (standardized)
# image of class $k$ more than that of any other class.

# %%
assert np.abs(W_lbfgs.sum(axis=1)).max() < 1e-6          # sum_k w~_k = 0
class_means = np.stack([X_train[y_train == k].mean(axis=0) for k in range(K)], axis=1)
corr = np.corrcoef(W_lbfgs[1:].T, class_means.T)[:K, K:]  # corr[k, m]: w_k vs mean image of m
assert np.array_equal(corr.argmax(axis=1), np.arange(K))
print("sum over classes of the weights: 0 (below 1e-6)")
print("each w_k correlates best with the mean image of its own class:",
      " ".join(f"{corr[k, k]:.2f}" for k in range(K)))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The confusion matrix
#
# $C_{ik}$ counts the test images of true class $i$ that the model predicts as class $k$: the
# diagonal holds the correct answers, everything else is a mistake. So
# $\operatorname{trace}(C)/N_{\text{test}}$ is the accuracy and row $i$ sums to the number of test
# images of class $i$.

# %%
y_pred = predict(W_lbfgs, X_test_b)
C = confusion_matrix(y_test, y_pred, K)
assert np.isclose(np.trace(C) / N_test, test_acc)
assert np.array_equal(C.sum(axis=1), np.bincount(y_test))
off = C - np.diag(np.diag(C))                      # the mistakes only
pairs = sorted(((int(off[i, k]), i, k) for i in range(K) for k in range(K) if off[i, k]),
               reverse=True)
print(f"test accuracy {test_acc:.4f} = trace(C) / N_test = {np.trace(C)} / {N_test}")
print("most confused (true -> predicted: count):",
      ", ".join(f"{i} -> {k}: {c}" for c, i, k in pairs[:4]))

# %%
ax = plot_confusion_matrix(C)
ax.set_title("digits, test set")
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# The mistakes are the ones a person might make on blurry $8 \times 8$ images: ones read as
# eights and eights as ones (a one with a serif and a base puts ink where an eight has its
# loops), nines read as eights. A *linear* score gives each class a single template, and cannot
# separate every such pair.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Checking against scikit-learn
#
# `LogisticRegression` (multinomial, L2) minimizes
# $$C_{\text{sk}} \sum_{j=1}^{N} \bigl(-\log \sigma_{y_j}(\tilde{x}_j)\bigr) + \frac{1}{2}\lVert w \rVert^2,$$
# **without** penalizing the intercept. Dividing by $C_{\text{sk}} N$ gives our
# $J$ with $\lambda = 1 / (C_{\text{sk}} N)$, so we set $C_{\text{sk}} = 1/(\lambda N_{\text{train}})$.
# The one remaining difference: we also penalize the bias row. We turn a convergence warning
# into an error, so this cell would fail loudly if scikit-learn stopped early.

# %%
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

C_sk = 1.0 / (l2 * N_train)
with warnings.catch_warnings():
    warnings.simplefilter("error", ConvergenceWarning)
    clf = LogisticRegression(C=C_sk, max_iter=2000).fit(X_train, y_train)
sk_acc = clf.score(X_test, y_test)
mad = np.abs(softmax(X_test_b @ W_lbfgs) - clf.predict_proba(X_test)).mean()
print(f"test accuracy: course {test_acc:.4f}, scikit-learn {sk_acc:.4f}")
assert abs(test_acc - sk_acc) <= 0.01
assert mad < 0.005
print("accuracies within 1 percentage point; mean |P_course - P_sklearn| < 0.005")

# %% [markdown] slideshow={"slide_type": "fragment"}
# To see that the small remaining gap comes only from the unpenalized intercept, let
# scikit-learn fit **no** intercept on our bias-augmented $\tilde{x}$: its bias column is then
# penalized like any other, the two objectives are identical, and so must be the minimizers.

# %%
with warnings.catch_warnings():
    warnings.simplefilter("error", ConvergenceWarning)
    clf_b = LogisticRegression(C=C_sk, fit_intercept=False, tol=1e-6, max_iter=2000)
    clf_b.fit(X_train_b, y_train)
assert clf_b.coef_.T.shape == W_lbfgs.shape
assert np.abs(clf_b.coef_.T - W_lbfgs).max() < 2e-3
assert np.abs(clf_b.predict_proba(X_test_b) - softmax(X_test_b @ W_lbfgs)).max() < 2e-3
print("same objective => same W (max difference < 2e-3) and same probabilities (< 2e-3)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Decision regions in two dimensions
#
# With $D = 3$ ($\tilde{x} = (1, x_1, x_2)$) we can draw where each class wins. The model predicts
# $\arg\max_k a_k(\tilde{x})$; the border between classes $k$ and $m$ is where
# $a_k = a_m$, i.e. $(\tilde{w}_k - \tilde{w}_m)^\top \tilde{x} = 0$: a **straight line**. Each
# region is an intersection of half-planes, hence **convex**.

# %%
X2, y2 = make_blobs_2d(n_per_class=50, num_classes=3, spread=1.0, seed=0)
W2, _ = fit_lbfgs(add_bias(X2), y2, 3, l2=l2)
print(f"blobs: training accuracy {accuracy(W2, add_bias(X2), y2):.4f}")
ax = plot_decision_regions(W2, X2, y2)
ax.set_title("three blobs: linear borders")
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
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
# pipeline: stratified split, standardization with training statistics, bias, L-BFGS.

# %%
X_iris, y_iris = load_iris()
Xi_tr, Xi_te, yi_tr, yi_te = train_test_split(X_iris[:, 2:], y_iris, test_fraction=0.25, seed=0)
Xi_tr, Xi_te = standardize(Xi_tr, Xi_te)
W_iris, _ = fit_lbfgs(add_bias(Xi_tr), yi_tr, 3, l2=l2)
acc_tr, acc_te = accuracy(W_iris, add_bias(Xi_tr), yi_tr), accuracy(W_iris, add_bias(Xi_te), yi_te)
assert acc_tr > 0.9 and acc_te > 0.85
print(f"iris (petals): train accuracy {acc_tr:.4f}, test accuracy {acc_te:.4f} on {len(yi_te)} flowers")
ax = plot_decision_regions(W_iris, Xi_tr, yi_tr)
ax.set_xlabel("petal length (standardized)")
ax.set_ylabel("petal width (standardized)")
ax.set_title("iris: setosa / versicolor / virginica")
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# Setosa (class 0) is far from the others; versicolor and virginica overlap a little, and a
# straight border must misclassify a few flowers on each side: that is where the test errors are.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - A real data set needs a **stratified split** and **standardization with training statistics
#   only**; using the test images' statistics would leak them into the model.
# - SGD and L-BFGS minimize the same $J = -\ell/N + \frac{\lambda}{2}\lVert \mathbf{W}\rVert^2$
#   (descent on the negative of what the notes ascend); L-BFGS reaches the optimum
#   ($\nabla J = 0$) in a few dozen iterations, at about $96\,\%$ test accuracy on digits.
# - The weights are readable templates that sum to zero over classes; the confusion matrix shows
#   which digits a linear model mixes up.
# - With $C_{\text{sk}} = 1/(\lambda N)$, scikit-learn agrees with our model; with the bias
#   penalized on both sides the solutions coincide.
# - In 2-D, softmax regression cuts the plane into convex regions with straight borders.
#
# [← Previous: 06 · A single sample and SGD](06_single_sample_sgd.ipynb) | [Next: 08 · The notes, corrected →](08_notes_corrected.ipynb)
