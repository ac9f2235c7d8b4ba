# %% [markdown] slideshow={"slide_type": "slide"}
# # 06 · Checking a gradient
#
# **What you'll learn**
#
# - how central differences approximate a derivative with error $O(h^2)$, and forward differences only $O(h)$;
# - how to check lecture 05's $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ entry by entry with `numerical_gradient`;
# - the relative error, why it needs a floor, and what a sign error gives above and below that floor;
# - `gradient_check` and its three verdicts: pass, inspect, fail;
# - why the error is V-shaped in the step $h$, with its best $h$ near $\varepsilon^{1/3} \approx 10^{-5}$;
# - how a check catches real bugs in a training gradient: a sign, a transpose, a $1/N$.
#
# Prerequisites: [05 · The gradient, assembled](05_final_gradient.ipynb) ($\nabla_{\mathbf{W}}\,\ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$
# and the training objective $E(\mathbf{W})$ of `loss_and_grad`).

# %%
import matplotlib.pyplot as plt
import numpy as np

from course_utils import (
    add_bias, gradient_check, log_likelihood, loss_and_grad, numerical_gradient, one_hot, relative_error, softmax,
)
from course_utils.gradcheck import PASS_THRESHOLD, ZERO_FLOOR
from course_utils.figures import show_figures
from course_utils.plotting import plot_error_vs_step

# %% [markdown] slideshow={"slide_type": "subslide"}
# The small problem of lecture 05: $N = 6$ samples, $D = 3$ (bias + 2 features), $K = 3$ classes, random weights,
# and the gradient to be checked, `G` $= \mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$.

# %%
rng = np.random.default_rng(0)
N, D, K = 6, 3, 3
X = add_bias(rng.standard_normal((N, D - 1)))   # (N, D), bias column first
W = rng.standard_normal((D, K))                 # (D, K)
y = rng.permutation(np.arange(N) % K)           # every class present
Y, S = one_hot(y, K), softmax(X @ W)            # (N, K) each
G = X.T @ (Y - S)                               # the analytic gradient of l, (D, K)
print(f"N = {N}, D = {D}, K = {K}, labels y = {y.tolist()}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Central differences
#
# A derivative can be approximated without calculus. For a function $f$ of one number,
#
# $$
# f(t \pm h) = f(t) \pm h f'(t) + \frac{h^2}{2} f''(t) \pm \frac{h^3}{6} f'''(t) + O(h^4).
# $$
#
# In the difference $f(t + h) - f(t - h)$ the even terms cancel, so the **central difference**
#
# $$
# \frac{f(t + h) - f(t - h)}{2h} = f'(t) + \frac{h^2}{6} f'''(t) + O(h^4)
# $$
#
# has an error $O(h^2)$, while the **forward difference** $\bigl(f(t + h) - f(t)\bigr)/h = f'(t) + \frac{h}{2} f''(t) + O(h^2)$
# keeps the $f''$ term: only $O(h)$. Check on $f = \exp$ at $t = 0$, where $f' = f'' = f''' = 1$:

# %%
h = 1e-2
central_err = (np.exp(h) - np.exp(-h)) / (2 * h) - 1
forward_err = (np.exp(h) - 1) / h - 1
assert np.isclose(central_err, h**2 / 6, rtol=1e-2, atol=0)
assert np.isclose(forward_err, h / 2, rtol=1e-2, atol=0)
print(f"h = {h:g}: central error {central_err:.3e} (h^2/6 = {h**2 / 6:.3e}), "
      f"forward error {forward_err:.3e} (h/2 = {h / 2:.3e})")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Checking $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ entry by entry
#
# For a function of the matrix $\mathbf{W}$, perturb one entry $W_{dk}$ at a time: $e_d e_k^\top$ is the $D \times K$ matrix
# with a single 1 at $(d, k)$, and
#
# $$
# \frac{\partial \ell}{\partial W_{dk}} \approx
# \frac{\ell(\mathbf{W} + h\,e_d e_k^\top) - \ell(\mathbf{W} - h\,e_d e_k^\top)}{2h}.
# $$
#
# That costs $2DK$ evaluations of $\ell$. First the loop written out, then `numerical_gradient`, which does exactly
# this on a private copy of `W`; both are compared with lecture 05's $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$.

# %%
h = 1e-5
dW_fd = np.zeros((D, K))
for d, k in np.ndindex(D, K):
    unit = np.zeros((D, K))
    unit[d, k] = 1.0                            # e_d e_k^T
    dW_fd[d, k] = (log_likelihood(W + h * unit, X, y) - log_likelihood(W - h * unit, X, y)) / (2 * h)
dW_num = numerical_gradient(lambda W_: log_likelihood(W_, X, y), W, h=h)
assert np.array_equal(dW_fd, dW_num)
assert np.allclose(dW_num, G, rtol=1e-6, atol=1e-9)
assert not np.allclose(dW_num, -G, rtol=1e-6, atol=1e-9)      # the check can tell a wrong sign

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Relative error, and why it has a floor
#
# "Close" must not depend on the scale of the gradient: an error of $10^{-6}$ is excellent on an entry of size
# $10^{3}$ and useless on one of size $10^{-6}$. So we compare an entry $G$ of the analytic gradient and its numerical estimate $n$ by
#
# $$
# \operatorname{rel}(G, n) = \frac{|G - n|}{\max\bigl(|G|,\ |n|,\ \text{floor}\bigr)},
# $$
#
# with floor $= 10^{-8}$ (`ZERO_FLOOR` in `course_utils.gradcheck`).
#
# Without the floor, an entry where both are exactly $0$ gives $0/0$ = NaN. That happens: a feature that is 0 for
# every sample (an always-blank pixel, say) has a gradient row that is exactly 0, analytically *and* numerically.
# With the floor the ratio is $0/10^{-8} = 0$: well defined.

# %%
X_blank = X.copy()
X_blank[:, 2] = 0.0                             # feature 2 is always 0
G_blank = X_blank.T @ (Y - softmax(X_blank @ W))
n = numerical_gradient(lambda W_: log_likelihood(W_, X_blank, y), W)
assert np.all(G_blank[2] == 0) and np.all(n[2] == 0)   # exactly zero, both
with np.errstate(invalid="ignore"):
    naive = np.abs(G_blank - n) / np.maximum(np.abs(G_blank), np.abs(n))
assert np.all(np.isnan(naive[2])) and np.isnan(naive.max())
rel = relative_error(G_blank, n)
assert np.all(rel[2] == 0) and rel.max() < PASS_THRESHOLD
print("without the floor, row 2:", naive[2], "  with the floor:", rel[2])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A sign error: 2 above the floor, less below it
#
# It is often said that a wrong sign gives a relative error of exactly 2. With $n = -G$:
#
# $$
# \operatorname{rel}(G, -G) = \frac{2|G|}{\max(|G|, \text{floor})} =
# \begin{cases} 2 & \text{if } |G| \ge \text{floor},\\[2pt] 2|G| / \text{floor} \;<\; 2 & \text{if } |G| < \text{floor}. \end{cases}
# $$
#
# So it is exactly 2 only where the entries are above the floor. Below it, the error shrinks with the entry. To see
# both cases, scale feature 2 by $10^{-9}$: its gradient row drops to about $10^{-9}$, under the floor $10^{-8}$.

# %%
assert np.all(np.abs(G) >= ZERO_FLOOR) and np.all(relative_error(G, -G) == 2.0)
X_tiny = X.copy()
X_tiny[:, 2] *= 1e-9                            # a feature on a tiny scale
G_tiny = X_tiny.T @ (Y - softmax(X_tiny @ W))
rel = relative_error(G_tiny, -G_tiny)
assert np.all(rel[:2] == 2.0)                   # rows 0 and 1: above the floor
assert np.all(np.abs(G_tiny[2]) < ZERO_FLOOR)
assert np.allclose(rel[2], 2 * np.abs(G_tiny[2]) / ZERO_FLOOR, rtol=1e-12, atol=0) and np.all(rel[2] < 2)
print("sign error, relative error of row 2:", np.round(rel[2], 4))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## `gradient_check`: pass, inspect, fail
#
# `gradient_check(f, grad, W)` computes the largest relative error between `grad` and the central differences of
# `f` (with $h = 10^{-5}$) and classifies it with two thresholds from `course_utils.gradcheck`:
#
# - $\le$ `PASS_THRESHOLD` $= 10^{-6}$: **pass**, the analytic gradient is right (a correct one typically lands
#   around $10^{-8}$ or below);
# - $>$ `FAIL_THRESHOLD` $= 10^{-3}$: **fail**, it is wrong (a real bug is usually off by $O(1)$);
# - in between: **inspect**: either a subtle bug, or a check that is itself inaccurate (a step $h$ too large, a kink
#   of $f$ near $\mathbf{W}$, single-precision arithmetic).
#
# Its floor is not fixed: entries smaller than `SCALE_FLOOR` $= 10^{-3}$ times the gradient's largest entry are measured
# on that scale. Central differences carry an absolute noise of about $10^{-10}$, which is no evidence of a wrong
# derivative on an entry of size $10^{-9}$ when the gradient's scale is 1.

# %%
ell = lambda W_: log_likelihood(W_, X, y)
verdicts = {
    "X^T (Y - S), h = 1e-5": gradient_check(ell, G, W),
    "X^T (Y - S), h = 1e-2": gradient_check(ell, G, W, h=1e-2),   # truncation error ~ h^2
    "X^T (S - Y), h = 1e-5": gradient_check(ell, -G, W),          # wrong sign
}
assert [res.status for res in verdicts.values()] == ["pass", "inspect", "fail"]
for name, res in verdicts.items():
    print(f"{name}: {res}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The sign error fails with a maximum close to 2, because the largest entries are far above the floor. But a sign
# error confined to the tiny row of `X_tiny` is judged against a floor of $10^{-3}$ times the largest entry: its
# relative error is about $10^{-6}$, and the check only says *inspect*. A check sees errors on the scale of the gradient;
# features on wildly different scales hide bugs (one more reason to standardize them, lecture 08).

# %%
ell_tiny = lambda W_: log_likelihood(W_, X_tiny, y)
G_bad = G_tiny.copy()
G_bad[2] *= -1                                  # wrong sign on row 2 only
assert gradient_check(ell_tiny, G_tiny, W).status == "pass"
assert np.isclose(gradient_check(ell_tiny, -G_tiny, W).max_rel_error, 2.0, rtol=1e-6)
res = gradient_check(ell_tiny, G_bad, W)
assert res.status == "inspect"
print(res)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **In practice** (the advice of Stanford's CS231n notes): compare relative, never absolute, errors; work in float64;
# check at a few random $\mathbf{W}$, not only at $\mathbf{W} = 0$, where symmetries can hide a bug; in a large model,
# check a few random entries (each costs two evaluations of $f$); beware kinks (a max, a ReLU, an absolute value),
# where the two points of a central difference straddle a corner (softmax regression has none); and check the data
# term and the penalty separately, since a large $\lambda$ can drown a bug in the data term.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The V: error against step size
#
# Why $h = 10^{-5}$? Two errors pull in opposite directions.
#
# - **Truncation** (Taylor, above): $\approx M h^2$ for central, $\approx M' h$ for forward differences. Shrinks with $h$.
# - **Round-off**: each computed $\ell$ carries an absolute error of about $\varepsilon|\ell|$, with
#   $\varepsilon = 2.2 \times 10^{-16}$ in float64; dividing the difference by $h$ amplifies it to
#   $\approx \varepsilon|\ell|/h$. Grows as $h$ shrinks.

# %% [markdown] slideshow={"slide_type": "fragment"}
# For central differences the total $\operatorname{err}(h) \approx M h^2 + \varepsilon|\ell|/h$ is smallest where its
# derivative $2Mh - \varepsilon|\ell|/h^2$ vanishes:
#
# $$
# h^\ast = \Bigl(\frac{\varepsilon|\ell|}{2M}\Bigr)^{1/3} \sim \varepsilon^{1/3} \approx 6\times 10^{-6} \approx 10^{-5},
# \qquad \operatorname{err}(h^\ast) \sim \varepsilon^{2/3} \approx 4\times 10^{-11}
# $$
#
# (up to constants that depend on $\ell$; the *maximum* relative error over all entries sits higher, driven by the
# smallest entries). For forward differences, $M'h + \varepsilon|\ell|/h$ gives $h^\ast \sim \varepsilon^{1/2} \approx 10^{-8}$
# and a best error of only $\sim\varepsilon^{1/2} \approx 10^{-8}$. We measure both curves for $h$ from $10^{-1}$ down
# to $10^{-13}$.

# %%
hs = np.logspace(-1, -13, 25)                   # 10^-1, 10^-1.5, ..., 10^-13
central, forward = np.empty(hs.size), np.empty(hs.size)
for i, h in enumerate(hs):
    central[i] = relative_error(G, numerical_gradient(lambda W_: log_likelihood(W_, X, y), W, h=h)).max()
    f0, fd, Wp = log_likelihood(W, X, y), np.empty_like(W), W.copy()
    for idx in np.ndindex(W.shape):             # forward differences, written out
        Wp[idx] = W[idx] + h
        fd[idx] = (log_likelihood(Wp, X, y) - f0) / h
        Wp[idx] = W[idx]
    forward[i] = relative_error(G, fd).max()
assert np.isclose(np.finfo(float).eps ** (1 / 3), 6e-6, rtol=0.02)
assert np.isclose(np.finfo(float).eps ** (2 / 3), 4e-11, rtol=0.1)

# %% slideshow={"slide_type": "subslide"}
ax = plot_error_vs_step(hs, [central, forward], labels=["central, O(h²)", "forward, O(h)"], description=(
    "The largest relative error of the numerical gradient against the step size h, from 1e-1 down to 1e-13, "
    "both axes logarithmic, for central differences (solid, circles) and forward differences (dashed, squares). "
    "Each curve is a V: to the right truncation error falls with h, twice as steeply for central differences; "
    "to the left round-off error grows like 1/h. The central curve gets down to about 1e-9 for h between 1e-7 "
    "and 1e-5, around the dotted line at ε^(1/3); the lowest point of the forward curve is hundreds of times higher."))
ax.axvline(np.finfo(float).eps ** (1 / 3), color="gray", ls=(0, (1, 3)), label=r"$\varepsilon^{1/3}$")
ax.legend()
ax.set_title("Gradient check error vs step size")
show_figures()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read the V from right to left. On the right arm (large $h$) truncation dominates: the central curve falls two
# decades per decade of $h$ (slope 2), the forward curve one (slope 1). On the left arm round-off dominates and both
# rise again like $1/h$, noisily. The central curve bottoms out near $h \approx 10^{-5}$; the forward curve never gets
# nearly as low. We check these shapes (not the noisy values themselves, which depend on the machine):

# %%
i2, i3, i5 = (int(np.argmin(np.abs(np.log10(hs) + power))) for power in (2, 3, 5))   # h = 1e-2, 1e-3, 1e-5
best = int(np.argmin(central))
assert central[best] < 1e-7 and 1e-7 <= hs[best] <= 1e-3
assert central[i5] < forward[i5]
assert 50 < central[i2] / central[i3] < 200     # O(h^2): 10x smaller h, ~100x smaller error
assert 5 < forward[i2] / forward[i3] < 20       # O(h):   10x smaller h, ~10x smaller error
assert central[-1] > 1e3 * central[best]        # the left arm rises again

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Catching a real bug
#
# The gradient used for training (lecture 05) is $\nabla_{\mathbf{W}} E = \frac1N \mathbf{X}^\top(\mathbf{S}-\mathbf{Y}) + \lambda\mathbf{W}$,
# for $E(\mathbf{W}) = -\frac1N \ell(\mathbf{W}) + \frac{\lambda}{2}\|\mathbf{W}\|^2$. Here are four plausible slips in writing it:
# a forgotten $1/N$, the sign of the log-likelihood's gradient, a missing transpose, and $\frac{\lambda}{2}\mathbf{W}$ copied
# from the penalty. With $D \neq K$ the transposed product $(\mathbf{S}-\mathbf{Y})^\top\mathbf{X}$ would have the wrong
# shape $(K, D)$ and `gradient_check` would refuse it at once; here $D = K = 3$, so only the values can tell.

# %%
l2 = 0.1
E = lambda W_: loss_and_grad(W_, X, y, l2=l2)[0]             # the training objective E(W)
candidates = {
    "(1/N) X^T (S - Y) + l2 W": X.T @ (S - Y) / N + l2 * W,
    "forgot 1/N": X.T @ (S - Y) + l2 * W,
    "wrong sign": X.T @ (Y - S) / N + l2 * W,
    "missing transpose": (S - Y).T @ X / N + l2 * W,
    "l2 W / 2": X.T @ (S - Y) / N + 0.5 * l2 * W,
}
results = {name: gradient_check(E, g, W) for name, g in candidates.items()}
assert [res.status for res in results.values()] == ["pass", "fail", "fail", "fail", "fail"]
assert np.allclose(loss_and_grad(W, X, y, l2=l2)[1], candidates["(1/N) X^T (S - Y) + l2 W"], rtol=0, atol=1e-14)
for name, res in results.items():
    print(f"{name:26s} {res}")

# %% [markdown] slideshow={"slide_type": "fragment"}
# The correct formula, which is what `loss_and_grad` returns, passes; every slip fails with an error of order 1.
# A check this cheap on a small problem is worth running every time a gradient is written by hand.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises (paper and pencil)
#
# **Exercise 1.** For $f(t) = t^3$, compute the central and the forward difference exactly. Compare their errors with
# the Taylor predictions $\frac{h^2}{6} f'''$ and $\frac{h}{2} f''$.
#
# <details><summary>Answer</summary>
#
# $(t + h)^3 - (t - h)^3 = 6t^2 h + 2h^3$, so the central difference is $3t^2 + h^2$: error exactly $h^2 = \frac{h^2}{6} \cdot 6$,
# with $f''' = 6$ (the $O(h^4)$ term vanishes for a cubic). $(t + h)^3 - t^3 = 3t^2 h + 3t h^2 + h^3$, so the forward
# difference is $3t^2 + 3th + h^2$: error $3th + h^2 = \frac{h}{2} \cdot 6t + h^2$, with $f'' = 6t$. At $t = 1$,
# $h = 10^{-2}$: central error $10^{-4}$, forward error $0.0301$.
#
# </details>
#
# **Exercise 2.** With the floor $10^{-8}$, compute the relative error for (a) $G = 0.5$, $n = -0.5$; (b) $G = 3 \times 10^{-9}$,
# $n = -3 \times 10^{-9}$; (c) $G = 10^{-9}$, $n = 0$. Which verdict would each get as the largest error?
#
# <details><summary>Answer</summary>
#
# (a) $|0.5 + 0.5| / 0.5 = 2$: fail. (b) $6 \times 10^{-9} / \max(3 \times 10^{-9}, 10^{-8}) = 0.6$: still fail, but
# below 2 because both entries are under the floor. (c) $10^{-9} / 10^{-8} = 0.1$: fail (without the floor it would be
# $10^{-9}/10^{-9} = 1$; with both equal to 0 it would be $0/0$).
#
# </details>
#
# **Exercise 3.** Minimize $\operatorname{err}(h) = M h^2 + \varepsilon|\ell|/h$ for $M = 1$, $|\ell| = 1$ and
# $\varepsilon = 2.2 \times 10^{-16}$. Show that at the best $h^\ast$ the round-off part is twice the truncation part, and
# give $h^\ast$ and $\operatorname{err}(h^\ast)$.
#
# <details><summary>Answer</summary>
#
# $\operatorname{err}'(h) = 2Mh - \varepsilon|\ell|/h^2 = 0$ gives $\varepsilon|\ell| = 2M h^{\ast 3}$, so the round-off part
# $\varepsilon|\ell|/h^\ast = 2M h^{\ast 2}$ is twice the truncation part $M h^{\ast 2}$, and $\operatorname{err}(h^\ast) = 3M h^{\ast 2}$.
# Numerically $h^\ast = (1.1 \times 10^{-16})^{1/3} \approx 4.8 \times 10^{-6}$ and
# $\operatorname{err}(h^\ast) = 3 h^{\ast 2} \approx 6.9 \times 10^{-11}$.
#
# </details>
#
# **Exercise 4.** How many evaluations of $\ell$ does a full central-difference gradient need for an MNIST-sized model
# ($D = 785$, $K = 10$)? Compare with the cost of one analytic gradient (lecture 05).
#
# <details><summary>Answer</summary>
#
# $2DK = 2 \cdot 785 \cdot 10 = 15700$ evaluations, each costing about $N D K$ multiply-adds (the product $\mathbf{X}\mathbf{W}$),
# while the analytic gradient costs about $2 N D K$: the check is about $DK = 7850$ times as expensive. So one checks
# on a few samples and small $D$, or on a random subset of the entries, never at every training step.
#
# </details>
#
# **Exercise 5.** By mistake, the gradient of $\ell$, $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$, is checked against the
# objective $E$ with $\lambda = 0$. What relative error do the entries above the floor get, for $N = 6$?
#
# <details><summary>Answer</summary>
#
# With $\lambda = 0$, $\nabla E = -\frac1N \mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$: writing $n$ for an entry of $\nabla E$, the
# analytic entry is $G = -Nn$. Then $|G - n| / \max(|G|, |n|) = (N + 1)|n| / (N|n|) = (N + 1)/N$, i.e. $7/6 \approx 1.17$
# for $N = 6$: a fail, revealing both the sign and the factor $N$.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Coding exercise: check a few entries of a buggy gradient
#
# Write `spot_check(f, G, W, entries, h=1e-5)`: for each pair `(d, k)` in `entries`, the central difference $n$ of `f`
# along $W_{dk}$, on a copy of `W`, and its relative error with the analytic entry `G[d, k]`, floor included. That is
# two evaluations of `f` per entry instead of the $2DK$ of a full check (exercise 4): how a large model is checked.
# The check names the likely mistake; once your function is right, it runs it on a gradient of $E$ with one wrong
# row and shows which entries catch the bug.

# %%
from course_utils.checks import report
from course_utils.checks.spot_check import check_spot_check

def spot_check(f, G, W, entries, h=1e-5):
    """Relative errors of a few entries of G, the analytic gradient of f at W, against central differences.

    Parameters
    ----------
    f : callable, f(W) returns a number
    G, W : ndarray of shape (D, K)
        The analytic gradient and the point; leave both unchanged.
    entries : list of (d, k) index pairs
    h : float, the step

    Returns
    -------
    ndarray of shape (len(entries),)
        |G[d, k] - n| / max(|G[d, k]|, |n|, 1e-8), with n = (f(W + h e) - f(W - h e)) / (2h), e = 1 at (d, k).
    """
    # YOUR CODE HERE
    raise NotImplementedError()

report(check_spot_check, spot_check)

# %% [markdown]
# <details><summary>Answer</summary>
#
# ```python
# import numpy as np
#
# def spot_check(f, G, W, entries, h=1e-5):
#     errors = np.empty(len(entries))
#     for i, (d, k) in enumerate(entries):
#         Wp = W.copy()                                 # never W itself
#         Wp[d, k] = W[d, k] + h
#         f_plus = f(Wp)
#         Wp[d, k] = W[d, k] - h
#         n = (f_plus - f(Wp)) / (2 * h)                # 2 evaluations of f per entry
#         errors[i] = abs(G[d, k] - n) / max(abs(G[d, k]), abs(n), 1e-8)
#     return errors
# ```
#
# The check then prints that on this lecture's problem a gradient of $E$ whose bias row (row 0) is left at 0 passes
# the entries (1, 0), (2, 1), (1, 2), all below $10^{-6}$, while (0, 0), (1, 1), (2, 2) catch it with a relative error
# of 1 at (0, 0). A bug can hide in one row or one column: spot-check entries from every row and every column.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - Central differences have error $O(h^2)$, forward differences $O(h)$; `numerical_gradient` is the loop over the
#   $DK$ entries, and lecture 05's $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ agrees with it to $10^{-6}$.
# - The relative error $|G - n| / \max(|G|, |n|, \text{floor})$ is scale-free and defined where both are 0; a sign error
#   gives exactly 2 only on entries above the floor, $2|G|/\text{floor}$ below it.
# - `gradient_check` passes below $10^{-6}$, fails above $10^{-3}$, and says inspect in between (a step too large,
#   or a bug hidden in entries far smaller than the gradient's scale).
# - The error is V-shaped in $h$: truncation $O(h^2)$ against round-off $\varepsilon|\ell|/h$, best near
#   $\varepsilon^{1/3} \approx 10^{-5}$; forward differences are much worse.
# - On the training gradient, a missing $1/N$, a wrong sign, a missing transpose and a wrong L2 term all fail;
#   `loss_and_grad` passes.
#
# [← Previous: 05 · The gradient, assembled](05_final_gradient.ipynb) | [Next: 07 · A single sample and SGD →](07_single_sample_sgd.ipynb)
#
# Homework: [Homework 2 · The Jacobian, the gradient and gradient checking](../exercises/hw2_gradients.ipynb)
