# %% [markdown] slideshow={"slide_type": "slide"}
# # 01 · The softmax model and the likelihood
#
# **What you'll learn**
#
# - how a categorical outcome $y \in \{0, \dots, K-1\}$ is modelled by a probability vector $\sigma$;
# - the bias trick $\tilde{x} = (1, x)$, which turns $w^\top x + b$ into $\tilde{w}^\top \tilde{x}$;
# - the scores $a_k = \tilde{w}_k^\top \tilde{x}$ and the softmax $\sigma_k = e^{a_k} / \sum_c e^{a_c}$,
#   with its properties (positive, sums to 1, shift invariance, order, temperature);
# - the likelihood $L(\mathbf{W}) = \prod_i \sigma_{y_i}(\tilde{x}_i)$, and why computing it as a product
#   fails: it underflows to exactly `0.0`.
#
# Prerequisites: [00 · Overview](00_overview.ipynb) (notation and conventions).

# %%
import matplotlib.pyplot as plt
import numpy as np

from course_utils import add_bias, likelihood, log_likelihood, make_blobs_2d, one_hot, softmax
from course_utils.plotting import plot_probabilities, plot_softmax_temperature
from course_utils.widgets import logit_sliders, temperature_slider

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A categorical outcome
#
# Each sample has an input $x$ and a class label $y \in \{0, \dots, K-1\}$ (a digit, a flower species...).
# The model gives, for every input, a probability vector over the $K$ classes:
#
# $$P(y = k \mid \tilde{x}, \mathbf{W}) = \sigma_k(\tilde{x}), \qquad \sigma_k \ge 0, \qquad \sum_{k=0}^{K-1} \sigma_k = 1.$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# With the indicator $\mathbb{1}\{y = k\}$ (1 if $y = k$, else 0), the probability of the observed label
# can be written as one product over the classes, in which only the factor $k = y$ is not 1:
#
# $$P(y \mid \tilde{x}, \mathbf{W}) = \sigma_y(\tilde{x}) = \prod_{k=0}^{K-1} \sigma_k(\tilde{x})^{\mathbb{1}\{y = k\}}.$$
#
# In code the indicators of $N$ labels form the one-hot matrix `Y = one_hot(y, K)`, `Y[i, k]` $= \mathbb{1}\{y_i = k\}$.

# %%
s = np.array([0.2, 0.5, 0.3])                      # some probability vector, K = 3
y = np.array([0, 2, 1, 2])
Y = one_hot(y, 3)
print(Y)
assert np.array_equal(Y.argmax(axis=1), y) and np.all(Y.sum(axis=1) == 1)
assert np.allclose(np.prod(s ** Y, axis=1), s[y])  # prod_k sigma_k^{1{y=k}} = sigma_y
print("prod_k sigma_k ** 1{y = k} picks sigma_y for every label")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The bias trick
#
# A class score with a bias is affine, $w_k^\top x + b_k$. Prepend a constant 1 to the input and the bias to the weights,
#
# $$\tilde{x} = \begin{pmatrix} 1 \\ x \end{pmatrix}, \qquad \tilde{w}_k = \begin{pmatrix} b_k \\ w_k \end{pmatrix}
# \quad\Longrightarrow\quad \tilde{w}_k^\top \tilde{x} = b_k \cdot 1 + w_k^\top x,$$
#
# and the score becomes linear in $\tilde{x}$. `add_bias` prepends the column of ones, so $D$ counts the
# bias column and row 0 of $\mathbf{W}$ holds the biases $b_0, \dots, b_{K-1}$.

# %%
rng = np.random.default_rng(0)
X_raw = rng.standard_normal((4, 2))                # N = 4 samples, 2 raw features
X = add_bias(X_raw)                                # (4, 3): D = 3
assert X.shape == (4, 3) and np.all(X[:, 0] == 1.0) and np.array_equal(X[:, 1:], X_raw)
w, b = rng.standard_normal(2), 0.7                 # one class: weights and bias
w_tilde = np.concatenate([[b], w])                 # bias first, like row 0 of W
assert np.allclose(X @ w_tilde, X_raw @ w + b)
W_raw, b_all = rng.standard_normal((2, 3)), rng.standard_normal(3)   # K = 3 classes at once
assert np.allclose(X @ np.vstack([b_all, W_raw]), X_raw @ W_raw + b_all)
print("w~^T x~ = w^T x + b for every sample, and for all K classes at once with W = [b; W_raw]")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The scores: $a_k = \tilde{w}_k^\top \tilde{x}$ and $\mathbf{A} = \mathbf{X}\mathbf{W}$
#
# Each class $k$ has a weight vector $\tilde{w}_k$, the column $k$ of $\mathbf{W}$ (shape $(D, K)$).
# The score (logit) of class $k$ for sample $i$ is $a_k(\tilde{x}_i) = \tilde{w}_k^\top \tilde{x}_i$.
# Since row $i$ of $\mathbf{X}$ is $\tilde{x}_i^\top$, all $N \times K$ scores are one matrix product:
#
# $$\mathbf{A} = \mathbf{X}\mathbf{W}, \qquad A_{ik} = \tilde{x}_i^\top \tilde{w}_k = a_k(\tilde{x}_i).$$

# %%
W = np.vstack([b_all, W_raw])                      # (D, K) = (3, 3)
A = X @ W                                          # (N, K) = (4, 3)
A_loop = np.array([[W[:, k] @ X[i] for k in range(3)] for i in range(4)])
assert A.shape == (4, 3) and np.allclose(A, A_loop)
print("A = X @ W holds a_k(x~_i) = w~_k^T x~_i in row i, column k")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Softmax: from scores to probabilities
#
# Scores are any real numbers. Exponentiate them (positive) and divide by their sum (total 1):
#
# $$\sigma_k(\tilde{x}) = \frac{e^{a_k(\tilde{x})}}{\sum_{c=0}^{K-1} e^{a_c(\tilde{x})}}.$$
#
# We write $c$ for the class summed over, so that it cannot be confused with the class $k$ we look at.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Correction of the notes.** The transcription writes $\mathrm{Softmax}_i(x) = e^{\tilde{w}_i^\top x} / x^2$.
# The numerator is right; the denominator is not $x^2$ but the sum of the exponentials of **all $K$ scores**,
# $\sum_{c} e^{\tilde{w}_c^\top \tilde{x}}$. That sum is what makes the $K$ probabilities add up to 1.

# %%
a = A[0]                                           # the K = 3 scores of sample 0
sigma_naive = np.exp(a) / np.exp(a).sum()          # the formula, literally
assert np.allclose(softmax(a), sigma_naive)
assert np.allclose(softmax(A), np.exp(A) / np.exp(A).sum(axis=1, keepdims=True))   # row by row
print("scores a =", ", ".join(f"{v:.3f}" for v in a))
print("sigma(a) =", ", ".join(f"{p:.4f}" for p in softmax(a)), "(course_utils.softmax = the naive formula here)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Properties of softmax
#
# 1. **Positive and normalized**: $\sigma_k > 0$ and $\sum_k \sigma_k = 1$, a probability vector.

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. **Shift invariance**: adding the same constant $t$ to every score changes nothing,
#
# $$\sigma_k(a + t\mathbf{1}) = \frac{e^{t}\, e^{a_k}}{\sum_c e^{t}\, e^{a_c}} = \frac{e^{a_k}}{\sum_c e^{a_c}} = \sigma_k(a).$$
#
# Only differences of scores matter. (Lecture 02 uses this to compute softmax without overflow.)

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. **Order preserving**: all $\sigma_k$ share one denominator and $\exp$ is strictly increasing, so
# $a_k > a_c \iff \sigma_k > \sigma_c$; the most probable class is $\arg\max_k a_k$.
#
# 4. Multiplying the scores by a factor is **not** harmless: it sharpens or flattens the distribution (next section).

# %%
rng = np.random.default_rng(1)
a = 3.0 * rng.standard_normal(6)
s = softmax(a)
assert np.all(s > 0) and np.isclose(s.sum(), 1.0)                         # 1.
for t in (-100.0, 3.0, 500.0):
    assert np.allclose(softmax(a + t), s)                                 # 2.
assert np.array_equal(np.argsort(a), np.argsort(s))                       # 3.
assert not np.allclose(softmax(2.0 * a), s)                               # 4.
print("positive, sums to 1, invariant to shifts, same order as the scores; scaling does change it")

# %% [markdown] slideshow={"slide_type": "fragment"}
# In floating point, "positive" has a limit: $e^{a_k - \max_c a_c}$ underflows to exactly 0 when the gap
# exceeds about 745, e.g. `softmax([0, -1000])` returns a probability of exactly `0.0` for the second class.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Play with the logits
#
# The bars show $\sigma(a)$ for $a = (2, 1, -1)$. In the live notebook, move the sliders below it:
# raise all three by the same amount (nothing changes: shift invariance), or push one far above the
# others (its bar goes to 1).

# %%
a = np.array([2.0, 1.0, -1.0])
s = softmax(a)
plot_probabilities(s, title=r"$\sigma(a)$ for $a = (2, 1, -1)$")
plt.show()
print("sigma(2, 1, -1) =", ", ".join(f"{p:.4f}" for p in s))

# %%
# NBVAL_IGNORE_OUTPUT
logit_sliders()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Temperature
#
# Divide the scores by a temperature $T > 0$ before the softmax:
#
# $$\sigma_k(a / T) = \frac{e^{a_k / T}}{\sum_c e^{a_c / T}}.$$
#
# Small $T$ magnifies the score differences (sharper), large $T$ shrinks them (flatter). The order of
# the classes never changes.

# %%
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(10, 3.5))
plot_softmax_temperature(a, temperatures=(0.25, 1.0, 4.0), ax=ax0)
ax0.set_title("softmax(a / T), a = (2, 1, -1)")
T_grid = np.logspace(-2, 2, 200)
curves = np.array([softmax(a / T) for T in T_grid])
for k in range(3):
    ax1.semilogx(T_grid, curves[:, k], label=f"$\\sigma_{k}$ ($a_{k}$ = {a[k]:g})")
ax1.axhline(1 / 3, color="gray", ls=":", label="1/K")
ax1.set_xlabel("temperature T")
ax1.set_ylabel(r"$\sigma_k(a / T)$")
ax1.set_title("from argmax (T → 0) to uniform (T → ∞)")
ax1.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# The live version: one slider for $T$ (log scale) and the bars of $\sigma(a / T)$.

# %%
# NBVAL_IGNORE_OUTPUT
temperature_slider()

# %% [markdown] slideshow={"slide_type": "fragment"}
# **The two limits.** Let $k^*$ be the unique argmax of $a$, $g > 0$ the gap between the largest and the
# second largest score, and $r$ the range $\max_c a_c - \min_c a_c$. Dividing numerator and denominator by
# $e^{a_{k^*}/T}$ or bounding each exponential gives
#
# $$1 - \sigma_{k^*}(a/T) \le (K-1)\, e^{-g/T} \xrightarrow[T \to 0]{} 0 \quad \text{(one-hot at the argmax)}, \qquad
# \Big|\sigma_k(a/T) - \frac{1}{K}\Big| \le \frac{e^{r/T} - 1}{K} \xrightarrow[T \to \infty]{} 0 \quad \text{(uniform)}.$$

# %%
K, g, r = 3, 1.0, 3.0                              # a = (2, 1, -1): gap 1, range 3
for T in (0.01, 0.1, 1.0, 10.0, 100.0, 1e4):
    s = softmax(a / T)
    assert 1.0 - s[0] <= (K - 1) * np.exp(-g / T) + 1e-15
    assert np.all(np.abs(s - 1.0 / K) <= (np.exp(r / T) - 1.0) / K + 1e-15)
    print(f"T = {T:>7g}: sigma(a/T) = " + ", ".join(f"{p:.4f}" for p in s))
assert np.allclose(softmax(a / 0.01), one_hot([np.argmax(a)], K)[0]) and np.allclose(softmax(a / 1e4), 1.0 / K, atol=1e-4)
print("T -> 0 gives the one-hot vector of the argmax, T -> infinity the uniform 1/K, within the bounds")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The likelihood of $N$ i.i.d. samples
#
# Given the inputs, we assume the labels are independent, so their joint probability is the product of
# the per-sample probabilities. As a function of the weights this is the **likelihood**:
#
# $$L(\mathbf{W}) = P(y_1, \dots, y_N \mid \tilde{x}_1, \dots, \tilde{x}_N, \mathbf{W})
# = \prod_{i=1}^{N} P(y_i \mid \tilde{x}_i, \mathbf{W}) = \prod_{i=1}^{N} \sigma_{y_i}(\tilde{x}_i)
# = \prod_{i=1}^{N} \prod_{k=0}^{K-1} \sigma_k(\tilde{x}_i)^{\mathbb{1}\{y_i = k\}}.$$
#
# The best weights make the observed labels most probable: maximize $L(\mathbf{W})$.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Correction of the notes.** The transcription writes the likelihood as $P(\tilde{x}^{(1)}, \dots, \tilde{x}^{(m)}, y^{(1)}, \dots, y^{(m)} \mid \theta)$
# and the product sign $\prod_i$ came out as "$\frac{\pi}{i}$". Softmax regression models only the labels
# given the inputs, so the likelihood is the **conditional** $P(y\text{'s} \mid \tilde{x}\text{'s}, \mathbf{W})$.
# (The joint would add a factor $\prod_i P(\tilde{x}_i)$ that does not depend on $\mathbf{W}$, so the maximizer
# is the same.) The notes call the number of samples $m$; we call it $N$.

# %%
rng = np.random.default_rng(2)
N, K = 6, 3
X = add_bias(rng.standard_normal((N, 2)))
W = rng.standard_normal((3, K))
y = rng.integers(0, K, size=N)
L_loop = 1.0
for i in range(N):                                 # the product, one sample at a time
    a_i = W.T @ X[i]                               # the K scores of sample i
    L_loop *= np.exp(a_i[y[i]]) / np.exp(a_i).sum()
S, Y = softmax(X @ W), one_hot(y, K)
assert np.isclose(likelihood(W, X, y), L_loop, rtol=1e-12, atol=0)
assert np.isclose(np.prod(S ** Y), L_loop, rtol=1e-12, atol=0)  # the indicator form
print(f"L(W) = {L_loop:.4e}: the loop, course_utils.likelihood and prod S**Y agree")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why the product underflows
#
# Every factor $\sigma_{y_i} < 1$, so $L$ shrinks geometrically with $N$. At $\mathbf{W} = 0$ all scores
# are 0, every class gets $\sigma_k = 1/K$, and
#
# $$L(\mathbf{0}) = K^{-N}.$$
#
# The smallest positive float64 is $2^{-1074} \approx 4.9 \times 10^{-324}$; anything smaller rounds to `0.0`.
# With $K = 4$ every factor $1/4$ is an exact power of two, $L(\mathbf{0}) = 2^{-2N}$ is computed exactly
# while it is representable, and it must become `0.0` from $2N > 1074$, i.e. $N \ge 538$, on.

# %%
K, N_max = 4, 700
rng = np.random.default_rng(3)
X_big, y_big = add_bias(rng.standard_normal((N_max, 2))), rng.integers(0, K, size=N_max)
W0 = np.zeros((3, K))
Ns = np.arange(1, N_max + 1)
L = np.array([likelihood(W0, X_big[:n], y_big[:n]) for n in Ns])
tiny = np.nextafter(0.0, 1.0)                      # smallest positive float64
first_zero = int(Ns[np.argmax(L == 0.0)])
assert tiny == 2.0 ** -1074 and L[Ns == 537][0] == tiny and np.all(L[Ns >= 538] == 0.0)
assert np.all(L[Ns <= 537] == 4.0 ** -Ns[Ns <= 537])                  # exactly K^{-N} before that
print(f"likelihood(W = 0) is exactly 4**-N up to N = 537, and exactly 0.0 from N = {first_zero} on")

# %%
positive = L > 0                                   # log10(0) = -inf: draw only the positive values
log10_L = np.full(L.shape, np.nan)
log10_L[positive] = np.log10(L[positive])
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.plot(Ns, -Ns * np.log10(K), "k--", lw=1, label=r"exact: $\log_{10} K^{-N} = -N \log_{10} K$")
ax.plot(Ns[positive], log10_L[positive], lw=2, alpha=0.7, label="log10 of the computed likelihood")
ax.plot(Ns[~positive][::20], np.full(np.sum(~positive), -415.0)[::20], "rx",
        label="computed likelihood = 0.0 (log10 = −∞)")
ax.axhline(np.log10(tiny), color="gray", ls=":", label="smallest positive float64")
ax.axvline(first_zero, color="red", lw=0.8)
ax.set_ylim(-425, 10)
ax.set_xlabel("number of samples N")
ax.set_ylabel(r"$\log_{10} L(\mathbf{0})$")
ax.set_title(f"K = {K}, W = 0: the product hits 0.0 at N = {first_zero}")
ax.legend(fontsize=8, loc="upper right")
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# Once $L = 0.0$, the likelihood cannot compare models any more. Take 3000 two-dimensional points of
# 3 overlapping classes (Gaussian blobs of standard deviation $s = 2$), the "know-nothing" weights
# $\mathbf{W} = 0$, and a sensible guess built from the class means $\mu_k$: class $k$ scores
# $(\mu_k^\top x - \tfrac12\|\mu_k\|^2) / s^2$. Both get $L = 0.0$. Their logarithms, which lecture 02
# computes without ever forming the product, differ by about 2000.

# %%
X_raw, y = make_blobs_2d(n_per_class=1000, num_classes=3, spread=2.0, seed=0)
X = add_bias(X_raw)                                                     # N = 3000
mu = np.array([X_raw[y == k].mean(axis=0) for k in range(3)])          # (K, 2) class means
W_mean = np.vstack([-0.5 * np.sum(mu ** 2, axis=1), mu.T]) / 2.0 ** 2  # (D, K), biases in row 0
W_zero = np.zeros((3, 3))
for name, Wm in (("W = 0", W_zero), ("class-mean W", W_mean)):
    print(f"{name:>12}: likelihood = {likelihood(Wm, X, y)}, log-likelihood = {log_likelihood(Wm, X, y):.2f}")
assert likelihood(W_zero, X, y) == 0.0 == likelihood(W_mean, X, y)
assert np.isclose(log_likelihood(W_zero, X, y), -3000 * np.log(3))  # log K^{-N} = -N log K
assert log_likelihood(W_mean, X, y) > log_likelihood(W_zero, X, y) + 1000
print("both products are 0.0, yet the logarithms tell the models apart")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - A label $y \in \{0, \dots, K-1\}$ is modelled by $P(y = k \mid \tilde{x}) = \sigma_k$, and
#   $\sigma_y = \prod_k \sigma_k^{\mathbb{1}\{y = k\}}$ (checked).
# - The bias trick: $\tilde{w}_k^\top \tilde{x} = w_k^\top x + b_k$ with `add_bias` (checked); all scores are $\mathbf{A} = \mathbf{X}\mathbf{W}$.
# - Softmax $\sigma_k = e^{a_k} / \sum_c e^{a_c}$ (not $/x^2$ as transcribed) is positive, sums to 1, is
#   shift invariant and order preserving; temperature interpolates between the argmax one-hot
#   ($T \to 0$) and uniform ($T \to \infty$), with explicit bounds (checked).
# - The likelihood of i.i.d. labels is $L(\mathbf{W}) = \prod_i \sigma_{y_i}(\tilde{x}_i)$ (checked against a loop),
#   and it underflows: $L(\mathbf{0}) = K^{-N}$ is exactly `0.0` from $N = 538$ on for $K = 4$, and then
#   cannot rank models. The fix, taking the logarithm, is the subject of the next lecture.
#
# [← Previous: 00 · Overview](00_overview.ipynb) | [Next: 02 · The log-likelihood and log-sum-exp →](02_log_likelihood.ipynb)
