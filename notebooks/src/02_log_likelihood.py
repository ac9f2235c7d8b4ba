# %% [markdown] slideshow={"slide_type": "slide"}
# # 02 · The log-likelihood and log-sum-exp
#
# **What you'll learn**
#
# - why we maximize $\ell(\mathbf{W}) = \log L(\mathbf{W})$ instead of $L$, and the formula
#   $\ell(\mathbf{W}) = \sum_i \big[a_{y_i} - \log \sum_c e^{a_c}\big]$;
# - why the maximum has no closed form, why the maximizer is never unique, and why on separable data it does not exist;
# - that $-\ell_j$ is a cross-entropy, and why minimizing the cross-entropy loss is maximizing the likelihood;
# - why the literal softmax overflows ($\infty / \infty$, or a finite but wrong answer) and underflows ($0/0$),
#   the max-shift fix $\log \sum_c e^{a_c} = m + \log \sum_c e^{a_c - m}$, and the exact condition for overflow;
# - why the shift must be taken **row by row** in a batch.
#
# Prerequisites: [01 · The softmax model and the likelihood](01_softmax_likelihood.ipynb) (softmax, the likelihood and its underflow).

# %%
import matplotlib.pyplot as plt
import numpy as np
import scipy.special as sp
import scipy.stats

from course_utils import (
    add_bias, likelihood, log_likelihood, log_softmax, logsumexp, loss_and_grad, make_blobs_2d, one_hot, softmax,
)
from course_utils.figures import OKABE_ITO, series_style, show_figures

# %% [markdown] slideshow={"slide_type": "slide"}
# ## From product to sum
#
# $\log$ is strictly increasing, so $L(\mathbf{W}_1) < L(\mathbf{W}_2) \iff \log L(\mathbf{W}_1) < \log L(\mathbf{W}_2)$:
# the weights that maximize $L$ also maximize $\log L$. And the log of a product is the sum of the logs:
#
# $$\ell(\mathbf{W}) = \log L(\mathbf{W}) = \log \prod_{i=1}^{N} \sigma_{y_i}(\tilde{x}_i) = \sum_{i=1}^{N} \log \sigma_{y_i}(\tilde{x}_i).$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# With $\sigma_{y_i} = e^{a_{y_i}} / \sum_c e^{a_c}$, the log of a ratio is a difference and $\log e^{a} = a$:
#
# $$\ell(\mathbf{W}) = \sum_{i=1}^{N} \Big[ a_{y_i}(\tilde{x}_i) - \log \sum_{c=0}^{K-1} e^{a_c(\tilde{x}_i)} \Big],
# \qquad a_c(\tilde{x}_i) = \tilde{w}_c^\top \tilde{x}_i = A_{ic}.$$
#
# The term of a single sample $j$ is $\ell_j = \log \sigma_{y_j}(\tilde{x}_j) \le 0$, and $\ell = \sum_j \ell_j \le 0$,
# with $\ell = 0$ only for a model that is certain and right on every sample.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Correction of the notes.** The transcription reads $\log L = \mathbb{E}\big[a_{y(i)}(\tilde{x}^{(i)}) - \log \mathbb{E}(a_{y(i)}(\tilde{x}^{(i)}))\big]$.
# The $\mathbb{E}$ are misread $\Sigma$: the outer sum runs over the samples $i$, and the inner sum must run over
# **all classes** of $e^{a_c}$: the exponential and the class index are missing in the transcribed inner term.
# The notes call that class index $k$, the same letter as the class $k$ they later differentiate with respect to
# (lecture 03); we write the summed class $c$ so the two cannot be confused.

# %%
rng = np.random.default_rng(0)
N, K = 8, 3
X = add_bias(rng.standard_normal((N, 2)))
W = rng.standard_normal((3, K))
y = rng.integers(0, K, size=N)
A = X @ W
ll_formula = np.sum(A[np.arange(N), y] - np.log(np.exp(A).sum(axis=1)))   # a_{y_i} - log sum_c e^{a_c}
ll_logs = np.sum(np.log(softmax(A)[np.arange(N), y]))                     # sum of log sigma_{y_i}
assert np.isclose(log_likelihood(W, X, y), ll_formula) and np.isclose(ll_logs, ll_formula)
assert np.isclose(np.log(likelihood(W, X, y)), ll_formula)                # L does not underflow here

# %% [markdown] slideshow={"slide_type": "fragment"}
# The maximizer does not move: along a line of weights $\alpha\,\mathbf{W}$, $L$ and $\ell$ peak at the same $\alpha$ (printed).

# %%
alphas = np.linspace(-3.0, 3.0, 61)
L_line = np.array([likelihood(alpha * W, X, y) for alpha in alphas])
ll_line = np.array([log_likelihood(alpha * W, X, y) for alpha in alphas])
assert np.allclose(np.log(L_line), ll_line) and np.argmax(L_line) == np.argmax(ll_line)
print(f"L and log L are both largest at alpha = {alphas[np.argmax(ll_line)]:.1f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## We want to maximize the log-likelihood
#
# The notes' next line: "we want to maximize the log-likelihood". At a maximum of a smooth function the gradient
# vanishes, $\nabla_{\mathbf{W}}\, \ell = 0$: $D \times K$ equations, one per entry of $\mathbf{W}$ (lecture 05 computes
# this gradient). Can we solve them, as one solves least squares?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **No closed form.** The unknowns sit inside exponentials, $e^{\tilde{w}_k^\top \tilde{x}_i}$, divided by a sum
# $\sum_c e^{\tilde{w}_c^\top \tilde{x}_i}$ that couples all the classes. The equations are **nonlinear** in $\mathbf{W}$, and
# in general no formula solves them. Least squares is different: its error is a quadratic function of the weights,
# so setting its gradient to zero gives a linear system. (Lecture 01's bias-only model is a rare exception with a
# closed form, the class frequencies.) The nonlinearity shows without any gradient: along a line $\mathbf{W}_0 + \alpha \mathbf{V}$
# a quadratic has third differences equal to 0; $\ell$ does not.

# %%
rng = np.random.default_rng(1)
W0, V = rng.standard_normal((3, K)), rng.standard_normal((3, K))
f_ll = np.array([log_likelihood(W0 + alpha * V, X, y) for alpha in alphas])
f_ls = np.array([-np.sum((X @ (W0 + alpha * V) - one_hot(y, K)) ** 2) for alpha in alphas])  # least squares
assert np.abs(np.diff(f_ls, 3)).max() < 1e-9                            # quadratic: third differences vanish
assert np.abs(np.diff(f_ll, 3)).max() > 1e-5                            # l is not quadratic

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Not unique.** Add one vector $v$ to every $\tilde{w}_k$: every score of sample $i$ gains the same $v^\top \tilde{x}_i$,
# which softmax ignores (shift invariance, lecture 01). So $\ell(\mathbf{W} + v \mathbf{1}^\top) = \ell(\mathbf{W})$: if
# $\mathbf{W}$ is a maximizer, so is every $\mathbf{W} + v\mathbf{1}^\top$.

# %%
v = np.array([0.5, -2.0, 3.0])                                            # the same v added to every w~_k
assert np.isclose(log_likelihood(W + np.outer(v, np.ones(K)), X, y), log_likelihood(W, X, y), rtol=1e-12)
assert np.allclose(softmax(X @ (W + np.outer(v, np.ones(K)))), softmax(A))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **It may not exist.** Suppose some $\mathbf{W}_{\mathrm{sep}}$ classifies every sample correctly, with margin
# $a_{y_j} - a_c \ge g > 0$ for all $j$ and $c \ne y_j$ (the data are linearly separable). Scaling it up by $\alpha > 0$
# multiplies every margin by $\alpha$, and with $\log(1 + u) \le u$,
#
# $$\ell_j(\alpha \mathbf{W}_{\mathrm{sep}}) = -\log\Big(1 + \sum_{c \ne y_j} e^{-\alpha (a_{y_j} - a_c)}\Big) \ge -(K-1)\, e^{-\alpha g},$$
#
# so
#
# $$0 > \ell(\alpha \mathbf{W}_{\mathrm{sep}}) \ge -N (K-1)\, e^{-\alpha g} \xrightarrow[\alpha \to \infty]{} 0 .$$
#
# $\ell$ keeps rising towards 0, and $0$ is a supremum that no finite $\mathbf{W}$ reaches ($\sigma_{y_j} < 1$ always).
# Below: 60 well separated points, the class-mean rule of lecture 01 rescaled to $g = 1$.

# %%
X_raw, y_s = make_blobs_2d(n_per_class=20, num_classes=3, spread=0.5, seed=0)
X_s = add_bias(X_raw)
x_bar = np.array([X_raw[y_s == k].mean(axis=0) for k in range(3)])       # class means
W_sep = np.vstack([-0.5 * np.sum(x_bar ** 2, axis=1), x_bar.T])            # (D, K), biases in row 0
A_s = X_s @ W_sep
margins = A_s[np.arange(60), y_s] - np.where(one_hot(y_s, 3) == 1, -np.inf, A_s).max(axis=1)
assert margins.min() > 0                                                   # every sample correctly classified
W_sep = W_sep / margins.min()                                              # smallest margin g = 1
alphas_sep = np.array([0.0, 1.0, 2.0, 4.0, 8.0, 16.0])
ll_sep = np.array([log_likelihood(alpha * W_sep, X_s, y_s) for alpha in alphas_sep])
assert np.all(np.diff(ll_sep) > 0) and np.all(ll_sep < 0) and np.all(ll_sep >= -60 * 2 * np.exp(-alphas_sep))
print("alpha:", "  ".join(f"{alpha:>9g}" for alpha in alphas_sep))
print("l    :", "  ".join(f"{ll:9.2e}" for ll in ll_sep))

# %% [markdown] slideshow={"slide_type": "fragment"}
# So we **climb**: starting somewhere, step uphill, $\mathbf{W} \leftarrow \mathbf{W} + \eta\, \nabla_{\mathbf{W}}\, \ell(\mathbf{W})$, with a
# learning rate $\eta > 0$. Lecture 05 computes the gradient, shows that
# $\ell$ is **concave** (one hill: climbing cannot get stuck on a lesser one) and gives a step size that is guaranteed
# to go uphill.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Cross-entropy
#
# Write the label of sample $j$ as its one-hot vector $e_{y_j}$ (row $j$ of $\mathbf{Y}$). The **cross-entropy** of a
# distribution $q$ relative to $p$ is $\mathrm{CE}(p, q) = -\sum_c p_c \log q_c$, and
#
# $$-\ell_j = -\log \sigma_{y_j} = -\sum_c Y_{jc} \log \sigma_c(\tilde{x}_j) = \mathrm{CE}(e_{y_j}, \sigma(\tilde{x}_j)).$$
#
# So the mean negative log-likelihood $-\ell / N$ is the mean cross-entropy between the labels and the model: the
# "cross-entropy loss" of every deep-learning framework. Read $-\log q_c$ as the **surprisal** of seeing class $c$
# from a model that gave it probability $q_c$: 0 for a certainty, large for a rare event. The cross-entropy is the
# expected surprisal of the model $q$ when the classes really follow $p$, and $-\ell_j$ is how surprised the model is
# by sample $j$'s label (the reading of *Dive into Deep Learning*, section 4.1). Lecture 05 adds an L2 penalty of strength $\lambda$ to form the
# training objective $E(\mathbf{W}) = -\frac{1}{N}\ell(\mathbf{W}) + \frac{\lambda}{2}\|\mathbf{W}\|^2$ that lectures 07-08 minimize
# (`loss_and_grad`); with $\lambda = 0$ it is exactly the mean cross-entropy.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Adding and subtracting $\sum_c p_c \log p_c$ splits it into the entropy of $p$ and the Kullback-Leibler divergence
# (with $0 \log 0 = 0$):
#
# $$\mathrm{CE}(p, q) = \underbrace{-\sum_c p_c \log p_c}_{\mathrm{Ent}(p)} + \underbrace{\sum_c p_c \log \frac{p_c}{q_c}}_{\mathrm{KL}(p \,\|\, q)} .$$
#
# $\mathrm{KL}(p \,\|\, q) \ge 0$, with equality only for $q = p$. For a one-hot $p$, $\mathrm{Ent}(p) = 0$, so
# $\mathrm{CE} = \mathrm{KL}$: minimizing the cross-entropy = minimizing the KL divergence = maximizing the likelihood.
# SciPy's `entr`, `rel_entr` and `scipy.stats.entropy` serve as an independent check.

# %%
S, Y = softmax(A), one_hot(y, K)                                          # the N = 8 samples from the top
p, q = np.array([0.1, 0.6, 0.3]), S[0]                                    # a general p
CE, Ent, KL = -np.sum(p * np.log(q)), -np.sum(p * np.log(p)), np.sum(p * np.log(p / q))
assert np.isclose(CE, Ent + KL) and KL > 0
assert np.isclose(Ent, sp.entr(p).sum()) and np.isclose(Ent, scipy.stats.entropy(p))
assert np.isclose(KL, sp.rel_entr(p, q).sum()) and np.isclose(KL, scipy.stats.entropy(p, q))
CE_rows = -np.sum(Y * np.log(S), axis=1)                                  # CE(e_{y_j}, sigma(x~_j)), one per sample
assert np.allclose(CE_rows, -np.log(S[np.arange(N), y]))                  # = -l_j
assert np.all(sp.entr(Y).sum(axis=1) == 0) and np.allclose(sp.rel_entr(Y, S).sum(axis=1), CE_rows)   # Ent = 0, CE = KL
assert np.isclose(CE_rows.mean(), -log_likelihood(W, X, y) / N)
assert np.isclose(loss_and_grad(W, X, y, l2=0.0)[0], CE_rows.mean())     # E(W) with lambda = 0

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The naive softmax overflows
#
# Computing $\ell$ and $\sigma$ literally means evaluating $e^{a_c}$. In float64, $e^{a}$ is `inf` for
# $a > \log(\text{largest float}) \approx 709.78$ and exactly `0.0` for $a < -745.13$ (lecture 01). Logits of size 1000 are
# easy to reach (large features, large weights, confident models):
#
# - large logits: $e^{1000} = \infty$, so $\sigma = \infty / \infty =$ `nan`;
# - very negative logits: $e^{-1000} = 0$, so $\sigma = 0/0 =$ `nan`, and $\log \sum_c e^{a_c} = \log 0 = -\infty$.

# %%
a_big, a_neg = np.array([1000.0, 999.0, 998.0]), np.array([-1000.0, -1001.0])
with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
    for a in (a_big, a_neg):
        e = np.exp(a)                                                      # the literal formula
        sigma, lse = e / e.sum(), np.log(e.sum())
        print(f"a = {a}: exp(a) = {e}, softmax = {sigma}, log sum exp = {lse}")
        assert np.all(np.isnan(sigma)) and np.isinf(lse)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The max-shift fix
#
# For any constant $\gamma$, $\sum_c e^{a_c} = e^{\gamma} \sum_c e^{a_c - \gamma}$. Taking logs, and using shift invariance (lecture 01):
#
# $$\log \sum_{c} e^{a_c} = \gamma + \log \sum_{c} e^{a_c - \gamma}, \qquad
# \sigma_k(a) = \frac{e^{a_k - \gamma}}{\sum_c e^{a_c - \gamma}}, \qquad
# \log \sigma_k(a) = (a_k - \gamma) - \log \sum_c e^{a_c - \gamma}.$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# Choose $\gamma = m = \max_c a_c$. Then every exponent $a_c - m \le 0$, so nothing overflows; the largest term is
# $e^0 = 1$, so the sum lies in $[1, K]$: no $0/0$, no $\log 0$. The last formula (log-softmax) never takes the
# log of an underflowed probability. The values below are exact where the naive formulas fail.

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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## `course_utils` and `scipy.special` agree
#
# `course_utils.logsumexp`, `softmax` and `log_softmax` implement exactly this shift, row by row along the
# class axis. SciPy's `scipy.special` versions are an independent implementation: our oracle. The rows
# below have scores of size 1, 10, 100, 1000 and $10^4$, plus a row around $-1000$; the number of rows on which
# the naive softmax is finite is printed.

# %%
rng = np.random.default_rng(3)
A_rows = rng.standard_normal((6, 4)) * np.array([[1.0], [10.0], [100.0], [1e3], [1e4], [1.0]])
A_rows[5] -= 1000.0                                                       # all around -1000
for ours, oracle in ((logsumexp, sp.logsumexp), (softmax, sp.softmax), (log_softmax, sp.log_softmax)):
    assert np.allclose(ours(A_rows), oracle(A_rows, axis=1), rtol=1e-12, atol=0)
    assert np.all(np.isfinite(ours(A_rows)))
with np.errstate(over="ignore", invalid="ignore"):
    naive = np.exp(A_rows) / np.exp(A_rows).sum(axis=1, keepdims=True)
ok = np.all(np.isfinite(naive), axis=1)
assert np.allclose(naive[ok], softmax(A_rows)[ok], rtol=1e-12, atol=1e-300)
print(f"the naive softmax is finite on {ok.sum()} of 6 rows (and agrees there); course_utils = scipy.special on all 6")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Use `log_softmax`, not `np.log(softmax(...))`: a probability of $e^{-1000}$ underflows to `0.0`, and its log
# becomes $-\infty$, while $\log \sigma$ itself is the ordinary number $-1000$ (up to $\log(1 + e^{-1000}) \approx 0$).
# That is why `log_likelihood` sums `log_softmax` entries, and why a cross-entropy is computed from `log_softmax`.

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
# maximum $m_i = \max_c A_{ic}$: `A.max(axis=1, keepdims=True)`. Shifting every row by the single global
# maximum $\max_{i,c} A_{ic}$ is still exact mathematics (any constant works), but in floating point a row far
# below it has all its exponentials underflow: $0/0 =$ `nan`, or, just above the underflow limit, a few
# surviving bits and silently **wrong** probabilities.

# %%
A_batch = np.array([[1000.0, 999.0, 998.0], [1.0, 2.0, 3.0], [256.0, 257.0, 258.0], [-1000.0, -1001.0, -1002.0]])
with np.errstate(invalid="ignore"):
    E_glob = np.exp(A_batch - A_batch.max())                              # one global max: WRONG
    S_glob = E_glob / E_glob.sum(axis=1, keepdims=True)
E_row = np.exp(A_batch - A_batch.max(axis=1, keepdims=True))              # row-wise max: right
S_row = E_row / E_row.sum(axis=1, keepdims=True)
for i in range(4):
    print(f"row {i}: global max -> " + ", ".join(f"{p:.4f}" for p in S_glob[i])
          + "   row-wise max -> " + ", ".join(f"{p:.4f}" for p in S_row[i]))
tiny = np.nextafter(0.0, 1.0)
print("row 2 shifted by the global max: exp =", E_glob[2] / tiny, "times the smallest float64")
assert np.all(np.isnan(S_glob[[1, 3]])) and np.abs(S_glob[2] - S_row[2]).max() > 0.02
assert np.allclose(S_row, softmax(A_batch)) and np.allclose(S_row, sp.softmax(A_batch, axis=1))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## When does the naive softmax break?
#
# It is tempting to say "when the largest score exceeds $\log(\text{largest float}) \approx 709.78$". That rule is
# **wrong**: what overflows is the **sum** $\sum_c e^{a_c}$, so the right condition is
#
# $$\text{the naive softmax breaks (large side)} \iff \log \sum_c e^{a_c} > \log(\text{largest float64}) \approx 709.78,$$
#
# and $\log \sum_c e^{a_c}$ can exceed the largest score by up to $\log K$. Example: $a = (709.5, 709.4)$ has both scores
# below 709.78, each $e^{a_c}$ is finite, but their sum overflows to `inf`, and the naive softmax returns $(0, 0)$: no
# `nan`, no warning in the result, finite and **wrong**.

# %%
a = np.array([709.5, 709.4])
log_max = np.log(np.finfo(float).max)                                     # 709.78
with np.errstate(over="ignore"):
    e = np.exp(a)
    total = e.sum()                                                       # overflows
    naive = e / total
assert a.max() < log_max and np.all(np.isfinite(e)) and np.isinf(total)
assert np.array_equal(naive, [0.0, 0.0]) and np.allclose(softmax(a), [0.5250, 0.4750], atol=1e-4)
assert logsumexp(a) > log_max                                             # the corrected rule predicts it
print(f"max score {a.max()} < {log_max:.2f}, but log sum exp = {logsumexp(a):.4f} > {log_max:.2f}: naive gives {naive}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# An experiment: 500 rows of 10 standard normal scores, all raised by a common offset $\gamma$ from 695 to 715 (think of
# a large bias). A row counts as **right** when the naive softmax is finite **and** equal to the shifted one (within
# $10^{-12}$). The corrected rule $\log \sum_c e^{a_c} \le 709.78$ predicts every row; the "largest score" rule
# misses many failures. (On the other side, $0/0$ needs every entry below $-745.13$; a little above, the exponentials
# are subnormal floats with few significant bits, and the answer is finite but inaccurate, like row 2 of the pitfall above.)

# %%
Z = np.random.default_rng(4).standard_normal((500, 10))
offsets = np.arange(695.0, 715.01, 0.25)
right, rule_lse, rule_max = [], [], []
for gamma in offsets:
    A_off = Z + gamma
    with np.errstate(over="ignore", invalid="ignore"):
        S_naive = np.exp(A_off) / np.exp(A_off).sum(axis=1, keepdims=True)
    right.append(np.all(np.abs(S_naive - softmax(A_off)) <= 1e-12, axis=1).mean())   # nan counts as wrong
    rule_lse.append(np.mean(logsumexp(A_off, axis=1) <= log_max))
    rule_max.append(np.mean(A_off.max(axis=1) <= log_max))
assert np.array_equal(right, rule_lse) and not np.array_equal(right, rule_max)
gap = np.max(np.array(rule_max) - np.array(right))
print(f"at the worst offset the 'largest score' rule misses {round(500 * gap)} of 500 failing rows; the corrected rule misses none")

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(6.5, 3.5))
ax.plot(offsets, right, lw=3, alpha=0.5, color=OKABE_ITO["blue"], label="naive softmax: fraction of rows right")
ax.plot(offsets, rule_lse, "k.", ms=4, label=r"predicted: $\log\sum_c e^{a_c} \leq 709.78$")
ax.plot(offsets, rule_max, "--", color=OKABE_ITO["vermillion"], lw=1, label=r"wrong rule: $\max_c a_c \leq 709.78$")
ax.axvline(log_max, color="gray", ls=":")
ax.set_xlabel(r"offset $\gamma$ added to every score")
ax.set_ylabel("fraction of rows")
ax.set_title("the naive softmax fails when the sum overflows")
ax.legend(fontsize=8)
last_all_right, first_all_wrong = offsets[np.argmax(np.array(right) < 1) - 1], offsets[np.argmax(np.array(right) == 0)]
show_figures(fig, description=(
    f"The fraction of 500 rows whose naive softmax is right, against the offset γ added to every score, from "
    f"695 to 715: 1 up to γ = {last_all_right:g}, falling to 0 by γ = {first_all_wrong:g}. "
    f"The dots of the rule log Σ exp(a) ≤ 709.78 lie exactly on the curve; the dashed rule 'largest score ≤ "
    f"709.78' stays higher, calling up to {round(500 * gap)} failing rows safe."))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises (paper and pencil)
#
# **Exercise 1.** For each row, does the naive softmax $e^{a} / \sum_c e^{a_c}$ work in float64, and if not, what does it
# return? (a) $a = (709, 709)$; (b) $a = (709, 709, 709)$; (c) $a = (-750, -751)$. Use $\log 2 \approx 0.693$, $\log 3 \approx 1.099$.
#
# <details><summary>Answer</summary>
#
# (a) $\log \sum_c e^{a_c} = 709 + \log 2 \approx 709.69 \le 709.78$: the sum ($\approx 1.64 \times 10^{308}$) is finite and the
# answer $(1/2, 1/2)$ is right.
# (b) $\log \sum_c e^{a_c} = 709 + \log 3 \approx 710.10 > 709.78$: each $e^{709}$ is finite, but the sum overflows to `inf`,
# and the result is $(0, 0, 0)$, finite and wrong (the truth is $(1/3, 1/3, 1/3)$).
# (c) Both entries are below $-745.13$: both exponentials are `0.0` and the result is $0/0 =$ `nan`, while the truth,
# by the max shift, is $(1, e^{-1}) / (1 + e^{-1}) \approx (0.7311, 0.2689)$.
#
# </details>
#
# **Exercise 2.** Compute $\mathrm{CE}(p, q)$, $\mathrm{Ent}(p)$ and $\mathrm{KL}(p \,\|\, q)$ for $p = (1/2, 1/2)$ and
# $q = (1/4, 3/4)$, and check the decomposition.
#
# <details><summary>Answer</summary>
#
# $\mathrm{CE} = -\tfrac12 \log \tfrac14 - \tfrac12 \log \tfrac34 = \tfrac12 \log \tfrac{16}{3} \approx 0.8370$;
# $\mathrm{Ent} = -2 \cdot \tfrac12 \log \tfrac12 = \log 2 \approx 0.6931$;
# $\mathrm{KL} = \tfrac12 \log \tfrac{1/2}{1/4} + \tfrac12 \log \tfrac{1/2}{3/4} = \tfrac12 \log 2 + \tfrac12 \log \tfrac23 = \tfrac12 \log \tfrac43 \approx 0.1438$.
# Indeed $0.6931 + 0.1438 = 0.8370$ (exactly: $\log 2 + \tfrac12 \log \tfrac43 = \tfrac12 \log \tfrac{16}{3}$), and $\mathrm{KL} > 0$ since $q \ne p$.
#
# </details>
#
# **Exercise 3.** Two samples, $K = 2$, one feature: $x_1 = -1$ with $y_1 = 0$, $x_2 = +1$ with $y_2 = 1$. Take zero biases,
# $w_0 = -1$, $w_1 = +1$, and scale these weights by $\alpha > 0$. Give $\ell(\alpha)$. Does any $\alpha$ reach $\ell = 0$?
# What does `log_likelihood` return for $\alpha = 20$, and why?
#
# <details><summary>Answer</summary>
#
# For both samples the true class scores $\alpha$ and the other $-\alpha$, so $\sigma_{y_j} = 1 / (1 + e^{-2\alpha})$ and
# $\ell(\alpha) = -2 \log(1 + e^{-2\alpha})$. It increases towards 0 but stays $< 0$ for every finite $\alpha$: no maximizer.
# For $\alpha = 20$ the true value is $-2\log(1 + e^{-40}) \approx -8.5 \times 10^{-18}$, but $e^{-40} \approx 4.2 \times 10^{-18}$ is
# below half the spacing of float64 numbers near 1 ($2^{-53} \approx 1.1 \times 10^{-16}$), so $1 + e^{-40}$ rounds to 1 and
# `log_likelihood` returns exactly `0.0`. Floating point reaches the supremum that mathematics never does.
#
# </details>
#
# **Exercise 4.** For lecture 01's bias-only model $P(y = k) = \sigma_k(b)$, show that $-\ell / N = \mathrm{CE}(\hat{p}, \sigma(b))$
# with $\hat{p}_k = N_k / N$, and use the decomposition to find the best $\sigma(b)$ without a Lagrange multiplier.
#
# <details><summary>Answer</summary>
#
# Grouping the samples by class, $-\frac{1}{N}\ell = -\frac{1}{N}\sum_i \log \sigma_{y_i}(b) = -\sum_c \frac{N_c}{N} \log \sigma_c(b) = \mathrm{CE}(\hat{p}, \sigma(b))$.
# Then $\mathrm{CE}(\hat{p}, \sigma(b)) = \mathrm{Ent}(\hat{p}) + \mathrm{KL}(\hat{p} \,\|\, \sigma(b))$; the entropy does not depend on $b$
# and the KL divergence is $\ge 0$ with equality only when $\sigma(b) = \hat{p}$. So the likelihood is largest exactly when
# $\sigma_k(b) = N_k / N$, the class frequencies, as lecture 01 found (reachable when every $N_k > 0$).
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - $\log$ is increasing, so maximizing $\ell = \log L$ maximizes $L$, and
#   $\ell(\mathbf{W}) = \sum_i \big[a_{y_i} - \log \sum_c e^{a_c}\big]$ (the notes' inner sum corrected);
#   checked against the sum of log-probabilities and $\log L$.
# - The maximum has no closed form (the equations are nonlinear; $\ell$ is not quadratic along a line), the maximizer
#   is never unique ($\ell(\mathbf{W} + v\mathbf{1}^\top) = \ell(\mathbf{W})$), and on separable data it does not exist:
#   $\ell(\alpha\mathbf{W}_{\mathrm{sep}})$ rises towards the supremum 0 without reaching it (all checked). So we climb the gradient (lecture 05).
# - $-\ell_j = \mathrm{CE}(e_{y_j}, \sigma(\tilde{x}_j))$, $\mathrm{CE} = \mathrm{Ent} + \mathrm{KL}$ and $\mathrm{Ent} = 0$ for one-hot labels: the mean
#   cross-entropy loss is $-\ell/N$, and minimizing it maximizes the likelihood (checked against SciPy).
# - The literal softmax overflows and underflows; shifting each row by its maximum,
#   $\log \sum_c e^{a_c} = m + \log \sum_c e^{a_c - m}$, is exact and always finite; `course_utils` agrees with
#   `scipy.special`. The shift must be row-wise. The naive softmax breaks exactly when $\log \sum_c e^{a_c} > 709.78$
#   (not when the largest score does), sometimes with a finite, wrong answer.
#
# [← Previous: 01 · The softmax model and the likelihood](01_softmax_likelihood.ipynb) | [Next: 03 · The chain rule and the gradient with respect to the logits →](03_chain_rule.ipynb)
#
# Homework: [Homework 1 · A stable softmax and the log-likelihood](../exercises/hw1_softmax_likelihood.ipynb)
