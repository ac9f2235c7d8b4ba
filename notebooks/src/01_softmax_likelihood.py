# %% [markdown] slideshow={"slide_type": "slide"}
# # 01 · The softmax model and the likelihood
#
# **What you'll learn**
#
# - how a categorical outcome $y \in \{0, \dots, K-1\}$ is modelled by a probability vector $\sigma$;
# - the bias trick $\tilde{x} = (1, x)$, which turns $w^\top x + b$ into $\tilde{w}^\top \tilde{x}$;
# - the scores $a_k = \tilde{w}_k^\top \tilde{x}$ and the softmax $\sigma_k = e^{a_k} / \sum_c e^{a_c}$,
#   with its properties (positive, sums to 1, shift invariance, order, temperature $\tau$);
# - the likelihood $L(\mathbf{W}) = \prod_i \sigma_{y_i}(\tilde{x}_i)$, and what maximizing it means in the
#   simplest case: for a categorical variable the maximum-likelihood probabilities are the class frequencies $N_k / N$;
# - why computing the likelihood as a product fails: it underflows to exactly `0.0`, and where float64 draws that line.
#
# Prerequisites: [00 · Overview](00_overview.ipynb) (notation and conventions).

# %%
import matplotlib.pyplot as plt
import numpy as np
from scipy.optimize import minimize

from course_utils import add_bias, likelihood, log_likelihood, make_blobs_2d, one_hot, softmax
from course_utils.figures import OKABE_ITO, series_style, show_figures
from course_utils.plotting import plot_probabilities, plot_softmax_temperature
from course_utils.widgets import logit_controls, temperature_control

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A categorical outcome
#
# Each sample has an input $x$ and a class label $y \in \{0, \dots, K-1\}$ (a digit, a flower species...).
# The model gives, for every input, a probability vector over the $K$ classes:
#
# $$P(y = k \mid \tilde{x}, \mathbf{W}) = \sigma_k(\tilde{x}), \qquad \sigma_k \ge 0, \qquad \sum_{c=0}^{K-1} \sigma_c = 1.$$
#
# Here $k$ is the class we look at; a class index that is summed over is written $c$, so that the two never clash.

# %% [markdown] slideshow={"slide_type": "subslide"}
# With the indicator $\mathbb{1}\{y = c\}$ (1 if $y = c$, else 0), the probability of the observed label
# can be written as one product over the classes, in which only the factor $c = y$ is not 1:
#
# $$P(y \mid \tilde{x}, \mathbf{W}) = \sigma_y(\tilde{x}) = \prod_{c=0}^{K-1} \sigma_c(\tilde{x})^{\mathbb{1}\{y = c\}}.$$
#
# In code the indicators of $N$ labels form the one-hot matrix `Y = one_hot(y, K)`, `Y[i, k]` $= \mathbb{1}\{y_i = k\}$:
# row $i$ is the basis vector $e_{y_i}$.

# %%
s = np.array([0.2, 0.5, 0.3])                      # some probability vector, K = 3
y = np.array([0, 2, 1, 2])
Y = one_hot(y, 3)
print(Y)
assert np.array_equal(Y.argmax(axis=1), y) and np.all(Y.sum(axis=1) == 1)
assert np.allclose(np.prod(s ** Y, axis=1), s[y])  # prod_c sigma_c^{1{y=c}} = sigma_y

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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Softmax: from scores to probabilities
#
# Scores are any real numbers. Exponentiate them (positive) and divide by their sum (total 1):
#
# $$\sigma_k(\tilde{x}) = \frac{e^{a_k(\tilde{x})}}{\sum_{c=0}^{K-1} e^{a_c(\tilde{x})}}.$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Correction of the notes.** The transcription writes $\mathrm{Softmax}_i(x) = e^{\tilde{w}_i^\top x} / x^2$.
# The numerator is right; the denominator is not $x^2$ but the sum of the exponentials of **all $K$ scores**,
# $\sum_{c} e^{\tilde{w}_c^\top \tilde{x}}$. That sum is what makes the $K$ probabilities add up to 1.
# Below, the three scores of sample 0 and their probabilities.

# %%
a = A[0]                                           # the K = 3 scores of sample 0
sigma_naive = np.exp(a) / np.exp(a).sum()          # the formula, literally
assert np.allclose(softmax(a), sigma_naive)
assert np.allclose(softmax(A), np.exp(A) / np.exp(A).sum(axis=1, keepdims=True))   # row by row
print("a =", ", ".join(f"{v:.3f}" for v in a), "  ->  sigma(a) =", ", ".join(f"{p:.4f}" for p in softmax(a)))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Properties of softmax
#
# 1. **Positive and normalized**: $\sigma_k > 0$ and $\sum_c \sigma_c = 1$, a probability vector.

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. **Shift invariance**: adding the same constant $\gamma$ to every score changes nothing,
#
# $$\sigma_k(a + \gamma\mathbf{1}) = \frac{e^{\gamma}\, e^{a_k}}{\sum_c e^{\gamma}\, e^{a_c}} = \frac{e^{a_k}}{\sum_c e^{a_c}} = \sigma_k(a).$$
#
# Only differences of scores matter. (Lecture 02 uses this to compute softmax without overflow.)

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. **Order preserving**: all $\sigma_k$ share one denominator and $\exp$ is strictly increasing, so
# $a_k > a_{k'} \iff \sigma_k > \sigma_{k'}$; the most probable class is $\arg\max_k a_k$.
#
# 4. Multiplying the scores by a factor is **not** harmless: it sharpens or flattens the distribution (next section).

# %%
rng = np.random.default_rng(1)
a = 3.0 * rng.standard_normal(6)
s = softmax(a)
assert np.all(s > 0) and np.isclose(s.sum(), 1.0)                         # 1.
for gamma in (-100.0, 3.0, 500.0):
    assert np.allclose(softmax(a + gamma), s)                             # 2.
assert np.array_equal(np.argsort(a), np.argsort(s))                       # 3.
assert not np.allclose(softmax(2.0 * a), s)                               # 4.

# %% [markdown] slideshow={"slide_type": "fragment"}
# In floating point, "positive" has a limit: $e^{a_k - \max_c a_c}$ underflows to exactly 0 when the gap
# exceeds about 745.13 (the section on underflow below locates that threshold exactly), e.g. `softmax([0, -1000])`
# returns a probability of exactly `0.0` for the second class.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Play with the logits
#
# The bars show $\sigma(a)$ for $a = (2, 1, -1)$; their heights are printed below. In the live notebook, change the
# logits in the boxes under it (type a value, or use the arrow keys, then Enter): raise all three by the same amount (nothing changes: shift invariance), or push one far above
# the others (its bar goes to 1).

# %% slideshow={"slide_type": "subslide"}
a = np.array([2.0, 1.0, -1.0])
s = softmax(a)
plot_probabilities(s, title=r"$\sigma(a)$ for $a = (2, 1, -1)$", description=(
    f"Bar chart of the softmax of the fixed logits a = (2, 1, -1): class 0 gets {s[0]:.2f}, class 1 {s[1]:.2f} "
    f"and class 2 {s[2]:.2f}. The largest logit gets the largest probability, and the bars sum to 1."))
show_figures()
print("sigma(2, 1, -1) =", ", ".join(f"{p:.4f}" for p in s))

# %% slideshow={"slide_type": "subslide"}
# NBVAL_IGNORE_OUTPUT
logit_controls()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Temperature
#
# Divide the scores by a temperature $\tau > 0$ before the softmax:
#
# $$\sigma_k(a / \tau) = \frac{e^{a_k / \tau}}{\sum_c e^{a_c / \tau}}.$$
#
# Small $\tau$ magnifies the score differences (sharper), large $\tau$ shrinks them (flatter). The order of
# the classes never changes.

# %% slideshow={"slide_type": "subslide"}
taus = (0.25, 1.0, 4.0)
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(10, 3.5))
s_cold, s_hot = softmax(a / taus[0]), softmax(a / taus[-1])
plot_softmax_temperature(a, temperatures=taus, ax=ax0, description=(
    f"Left: grouped bars of softmax(a / τ) for a = (2, 1, -1) at τ = 0.25, 1 and 4, one hatching per τ. "
    f"At τ = 0.25 class 0 takes {s_cold[0]:.2f}; at τ = 4 the bars are {s_hot[0]:.2f}, {s_hot[1]:.2f} and "
    f"{s_hot[2]:.2f}, closer to uniform."))
ax0.set_title("softmax(a / τ), a = (2, 1, -1)")
tau_grid = np.logspace(-2, 2, 200)
curves = np.array([softmax(a / tau) for tau in tau_grid])
for k in range(3):
    ax1.semilogx(tau_grid, curves[:, k], label=f"$\\sigma_{k}$ ($a_{k}$ = {a[k]:g})", markevery=20, **series_style(k))
ax1.axhline(1 / 3, color="gray", ls=(0, (1, 3)), label="1/K")
ax1.set_xlabel("temperature τ")
ax1.set_ylabel(r"$\sigma_k(a / \tau)$")
ax1.set_title("from argmax (τ → 0) to uniform (τ → ∞)")
ax1.legend()
show_figures(fig, description=(
    "Right: each probability σ_k(a / τ) as a curve against τ from 0.01 to 100 on a log axis. As τ goes to 0, "
    "σ_0 (the largest logit) rises to 1 and the others fall to 0; as τ grows, all three approach the line 1/3. "
    "The order of the classes never changes."))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The live version: a box for the temperature $\tau$ (type a value such as 0.1 or 10) and the bars of $\sigma(a / \tau)$.

# %%
# NBVAL_IGNORE_OUTPUT
temperature_control()

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The two limits.** Let $k^*$ be the unique argmax of $a$, $g > 0$ the gap between the largest and the
# second largest score, and $\Delta$ the range $\max_c a_c - \min_c a_c$. Dividing numerator and denominator by
# $e^{a_{k^*}/\tau}$ or bounding each exponential gives
#
# $$1 - \sigma_{k^*}(a/\tau) \le (K-1)\, e^{-g/\tau} \xrightarrow[\tau \to 0]{} 0 \quad \text{(one-hot at the argmax)},$$
#
# $$\Big|\sigma_k(a/\tau) - \frac{1}{K}\Big| \le \frac{e^{\Delta/\tau} - 1}{K} \xrightarrow[\tau \to \infty]{} 0 \quad \text{(uniform)}.$$
#
# The printed probabilities move from the one-hot vector $(1, 0, 0)$ to the uniform $(1/3, 1/3, 1/3)$.

# %%
K, g, Delta = 3, 1.0, 3.0                          # a = (2, 1, -1): gap 1, range 3
for tau in (0.01, 0.1, 1.0, 10.0, 100.0, 1e4):
    s = softmax(a / tau)
    assert 1.0 - s[0] <= (K - 1) * np.exp(-g / tau) + 1e-15
    assert np.all(np.abs(s - 1.0 / K) <= (np.exp(Delta / tau) - 1.0) / K + 1e-15)
    print(f"tau = {tau:>7g}: sigma(a/tau) = " + ", ".join(f"{p:.4f}" for p in s))
assert np.allclose(softmax(a / 0.01), one_hot([np.argmax(a)], K)[0]) and np.allclose(softmax(a / 1e4), 1.0 / K, atol=1e-4)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The likelihood of $N$ i.i.d. samples
#
# Given the inputs, we assume the labels are independent, so their joint probability is the product of
# the per-sample probabilities. As a function of the weights this is the **likelihood**:
#
# $$L(\mathbf{W}) = P(y_1, \dots, y_N \mid \tilde{x}_1, \dots, \tilde{x}_N, \mathbf{W})
# = \prod_{i=1}^{N} P(y_i \mid \tilde{x}_i, \mathbf{W}) = \prod_{i=1}^{N} \sigma_{y_i}(\tilde{x}_i)
# = \prod_{i=1}^{N} \prod_{c=0}^{K-1} \sigma_c(\tilde{x}_i)^{\mathbb{1}\{y_i = c\}}.$$
#
# The best weights make the observed labels most probable: maximize $L(\mathbf{W})$.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **The notes' version.** The transcription writes the likelihood as the joint
# $P(\tilde{x}^{(1)}, \dots, \tilde{x}^{(m)}, y^{(1)}, \dots, y^{(m)} \mid \theta)$, and its product sign $\prod_i$
# came out as "$\frac{\pi}{i}$" (an OCR error). The joint is **not** an error: it is the conditional
# $P(y\text{'s} \mid \tilde{x}\text{'s}, \mathbf{W})$ used here times $\prod_i P(\tilde{x}_i)$, a factor that does not
# depend on $\mathbf{W}$, so both have the same maximizer (lecture 09, formula 3). Softmax regression models only the
# labels given the inputs, so we work with the conditional. The notes call the number of samples $m$ and the parameters $\theta$; we call them $N$ and $\mathbf{W}$.

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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Maximum likelihood for a categorical variable
#
# What does maximizing a likelihood do? Take the simplest model: **no input**, and the same class probabilities
# $P(y = k) = p_k$ for every sample, with $p_k \ge 0$ and $\sum_c p_c = 1$ (a loaded die with $K$ faces).
# Grouping equal factors, with $N_k$ the number of samples of class $k$,
#
# $$L(p) = \prod_{i=1}^{N} p_{y_i} = \prod_{c=0}^{K-1} p_c^{N_c}.$$

# %% [markdown] slideshow={"slide_type": "subslide"}
# $\log$ is increasing, so we may maximize $\log L(p) = \sum_c N_c \log p_c$ instead (lecture 02 builds on this).
# With a Lagrange multiplier $\nu$ for the constraint $\sum_c p_c = 1$, the derivative of
# $\sum_c N_c \log p_c - \nu \big(\sum_c p_c - 1\big)$ with respect to $p_k$ must vanish:
#
# $$\frac{N_k}{p_k} - \nu = 0 \;\Rightarrow\; p_k = \frac{N_k}{\nu}, \qquad
# \sum_c p_c = 1 \;\Rightarrow\; \nu = \sum_c N_c = N, \qquad\text{so}\qquad \hat{p}_k = \frac{N_k}{N}.$$
#
# The maximum-likelihood probabilities are the **class frequencies**. This stationary point is the global
# maximum: $\log L$ is a sum of concave functions of $p$ and the constraint is linear. (A class that never
# occurs gets $\hat{p}_k = 0$: its factor $p_k^0 = 1$ does not depend on $p_k$, and any probability given to it is taken from the others.)
# Below, 100 000 random probability vectors: none does better than $\hat{p}$.

# %%
rng = np.random.default_rng(4)
K, N = 3, 20
y = rng.choice(K, size=N, p=[0.5, 0.3, 0.2])       # N labels of a loaded three-sided die
N_k = np.bincount(y, minlength=K)                  # N_k, the count of class k
p_hat = N_k / N
L_hat = np.prod(p_hat ** N_k)
assert np.isclose(L_hat, np.prod(p_hat[y]), rtol=1e-12)            # prod_i p_{y_i} = prod_c p_c^{N_c}
P = rng.dirichlet(np.ones(K), size=100_000)        # random probability vectors, one per row
L_P = np.prod(P ** N_k, axis=1)
assert np.all(L_P < L_hat)
print(f"N_k = {N_k}, p_hat = {p_hat}: L(p_hat) = {L_hat:.4e}; best of the random p: {L_P.max():.4e}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The softmax model contains this one. With no features, $\tilde{x} = (1)$ and $D = 1$: $\mathbf{W}$ is the single
# row of biases $(b_0, \dots, b_{K-1})$ and $P(y = k) = \sigma_k(b)$. Every probability vector with positive entries is
# a softmax, $p = \sigma(b)$ for $b_k = \log p_k$ plus any constant (shift invariance), so the best biases give
# $\sigma_k(\hat{b}) = N_k / N$. A general-purpose optimizer, told nothing about frequencies, finds them; its biases
# differ from $\log(N_k / N)$ by a constant, since the maximizer over $b$ is not unique.

# %%
X1 = np.ones((N, 1))                               # x~ = (1): the bias-only model, D = 1
b_hat = np.log(p_hat)[None, :]                     # (1, K): biases log(N_k / N)
assert np.allclose(softmax(b_hat), p_hat) and np.isclose(likelihood(b_hat, X1, y), L_hat, rtol=1e-12)
res = minimize(lambda b: -np.log(likelihood(b[None, :], X1, y)), np.zeros(K))   # maximize L over b
shift = res.x - np.log(p_hat)
assert np.allclose(softmax(res.x), p_hat, atol=1e-6) and np.allclose(shift, shift[0], atol=1e-5)
print("optimizer: sigma(b) =", np.round(softmax(res.x), 4), f"= N_k / N; b - log(N_k / N) = {shift[0]:.3f} for every class")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why the product underflows
#
# Every factor $\sigma_{y_i} < 1$, so $L$ shrinks geometrically with $N$. At $\mathbf{W} = 0$ all scores
# are 0, every class gets $\sigma_k = 1/K$, and
#
# $$L(\mathbf{0}) = K^{-N}.$$
#
# Where does float64 give up? The smallest positive float64 is $2^{-1074} \approx 4.9 \times 10^{-324}$, but it is
# **not** the threshold: results are rounded to the nearest float, so a number between $2^{-1075}$ (half of it) and
# $2^{-1074}$ rounds **up** to $2^{-1074}$, and only numbers below $2^{-1075}$ (or equal to it: a tie, rounded to the even
# neighbour $0$) become `0.0`. For the exponential this means
#
# $$e^{a} \text{ is } \texttt{0.0} \iff a \lesssim \log 2^{-1075} = -1075 \log 2 \approx -745.13,$$
#
# not $\log 2^{-1074} \approx -744.44$: between the two, `np.exp` still returns $2^{-1074}$.

# %%
tiny = np.nextafter(0.0, 1.0)                      # smallest positive float64
a_zero = -1075 * np.log(2.0)                       # log 2^-1075 = -745.13...
assert tiny == 2.0 ** -1074 and tiny / 2 == 0.0 and tiny * 0.5000001 == tiny   # 2^-1075 -> 0, just above -> 2^-1074
assert np.exp(a_zero + 1e-6) == tiny and np.exp(a_zero - 1e-6) == 0.0        # the boundary of exp
assert np.exp(np.log(tiny) - 0.5) == tiny                                     # below log 2^-1074, still not 0
print(f"exp(a) = 0.0 exactly for a below {a_zero:.4f}; log of the smallest float64: {np.log(tiny):.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# With $K = 4$ every factor $1/4$ is an exact power of two, so $L(\mathbf{0}) = 2^{-2N}$ is computed exactly while it
# is representable: $2^{-1074}$ at $N = 537$. One more factor gives $2^{-1076} < 2^{-1075}$: `0.0` from $N = 538$ on.

# %%
K, N_max = 4, 700
rng = np.random.default_rng(3)
X_big, y_big = add_bias(rng.standard_normal((N_max, 2))), rng.integers(0, K, size=N_max)
W0 = np.zeros((3, K))
Ns = np.arange(1, N_max + 1)
L = np.array([likelihood(W0, X_big[:n], y_big[:n]) for n in Ns])
first_zero = int(Ns[np.argmax(L == 0.0)])
assert L[Ns == 537][0] == tiny and np.all(L[Ns >= 538] == 0.0) and first_zero == 538
assert np.all(L[Ns <= 537] == 4.0 ** -Ns[Ns <= 537])                  # exactly K^{-N} before that

# %% slideshow={"slide_type": "subslide"}
positive = L > 0                                   # log10(0) = -inf: draw only the positive values
log10_L = np.full(L.shape, np.nan)
log10_L[positive] = np.log10(L[positive])
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.plot(Ns, -Ns * np.log10(K), "k--", lw=1, label=r"exact: $\log_{10} K^{-N} = -N \log_{10} K$")
ax.plot(Ns[positive], log10_L[positive], lw=2, alpha=0.7, color=OKABE_ITO["blue"],
        label="log10 of the computed likelihood")
ax.plot(Ns[~positive][::20], np.full(np.sum(~positive), -415.0)[::20], "x", color=OKABE_ITO["vermillion"],
        label="computed likelihood = 0.0 (log10 = −∞)")
ax.axhline(np.log10(tiny), color="gray", ls=":", label="smallest positive float64")
ax.axvline(first_zero, color=OKABE_ITO["vermillion"], lw=0.8)
ax.set_ylim(-425, 10)
ax.set_xlabel("number of samples N")
ax.set_ylabel(r"$\log_{10} L(\mathbf{0})$")
ax.set_title(f"K = {K}, W = 0: the product hits 0.0 at N = {first_zero}")
ax.legend(fontsize=8, loc="upper right")
show_figures(fig, description=(
    f"Log10 of the likelihood at W = 0 with K = {K} classes, against the number of samples N from 1 to {N_max}. "
    f"The computed value lies on the exact straight line -N log10 {K}, down to about {np.log10(tiny):.0f} (the "
    f"smallest positive float64) at N = {first_zero - 1}; from N = {first_zero} on it is exactly 0.0, drawn as "
    "crosses at the bottom: the product has underflowed."))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Once $L = 0.0$, the likelihood cannot compare models any more. Take 3000 two-dimensional points of
# 3 overlapping classes (Gaussian blobs of standard deviation 2), the "know-nothing" weights
# $\mathbf{W} = 0$, and a sensible guess built from the class means $\bar{x}_k$: class $k$ scores
# $(\bar{x}_k^\top x - \tfrac12\|\bar{x}_k\|^2) / 2^2$. Both get $L = 0.0$. Their logarithms, which lecture 02
# computes without ever forming the product, differ by about 2000.
# (The guess is the classical one: if class $k$'s inputs were Gaussian around $\bar{x}_k$ with one shared
# covariance $2^2 I$ and the classes equally likely, Bayes' rule would give exactly these scores inside a softmax.
# That is the linear discriminant (LDA) construction, Bishop, *Pattern Recognition and Machine Learning*, section
# 4.2.2; softmax regression, its section 4.3.4, learns the weights instead.)

# %%
X_raw, y = make_blobs_2d(n_per_class=1000, num_classes=3, spread=2.0, seed=0)
X = add_bias(X_raw)                                                     # N = 3000
x_bar = np.array([X_raw[y == k].mean(axis=0) for k in range(3)])       # (K, 2) class means
W_mean = np.vstack([-0.5 * np.sum(x_bar ** 2, axis=1), x_bar.T]) / 2.0 ** 2   # (D, K), biases in row 0
W_zero = np.zeros((3, 3))
for name, Wm in (("W = 0", W_zero), ("class-mean W", W_mean)):
    print(f"{name:>12}: likelihood = {likelihood(Wm, X, y)}, log-likelihood = {log_likelihood(Wm, X, y):.2f}")
assert likelihood(W_zero, X, y) == 0.0 == likelihood(W_mean, X, y)
assert np.isclose(log_likelihood(W_zero, X, y), -3000 * np.log(3))  # log K^{-N} = -N log K
assert log_likelihood(W_mean, X, y) > log_likelihood(W_zero, X, y) + 1000

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises (paper and pencil)
#
# **Exercise 1.** Compute $\sigma(a)$ by hand for $a = (0, \log 2, \log 5)$. What is $\sigma(a + 100 \cdot \mathbf{1})$?
#
# <details><summary>Answer</summary>
#
# $e^{a} = (1, 2, 5)$, whose sum is 8, so $\sigma(a) = (1/8, 2/8, 5/8) = (0.125, 0.25, 0.625)$.
# Adding 100 to every score multiplies every exponential by $e^{100}$, which cancels between numerator and
# denominator (shift invariance): $\sigma(a + 100 \cdot \mathbf{1}) = (0.125, 0.25, 0.625)$ as well.
#
# </details>
#
# **Exercise 2.** Show that $\log \sigma_k(a) - \log \sigma_{k'}(a) = a_k - a_{k'}$ for any two classes. Given only the
# probabilities $\sigma(a)$, what can you recover of the scores $a$? (Lecture 04 treats $K = 2$, logistic regression.)
#
# <details><summary>Answer</summary>
#
# $\log \sigma_k = a_k - \log \sum_c e^{a_c}$: the normalizer is the same for every class, so it cancels in the
# difference. The log-odds of two classes are the difference of their scores, and softmax keeps the order of the
# scores. So $a_k = \log \sigma_k(a) + \log \sum_c e^{a_c}$, the same shift for every $k$: the scores are
# recovered up to a shift, exactly the freedom that shift invariance says no probability can see. For
# $a = (2, 1, -1)$, $\log \sigma(a)$ minus its mean is $(4/3, 1/3, -5/3)$, which is $a$ minus its mean.
#
# </details>
#
# **Exercise 3.** With $K = 10$ classes and $\mathbf{W} = 0$, $L(\mathbf{0}) = 10^{-N}$. From which $N$ on is the computed
# product `0.0`? Use $\log_{10} 2 \approx 0.30103$.
#
# <details><summary>Answer</summary>
#
# A positive result becomes `0.0` when it is below $2^{-1075}$, and $\log_{10} 2^{-1075} = -1075 \times 0.30103 \approx -323.61$,
# i.e. $2^{-1075} \approx 2.47 \times 10^{-324}$. So $10^{-323}$ survives (it is stored as $2 \times 2^{-1074} \approx 9.9 \times 10^{-324}$,
# with a single significant bit), while $10^{-324} < 2.47 \times 10^{-324}$ is rounded to `0.0`: the product is `0.0` from $N = 324$ on.
#
# </details>
#
# **Exercise 4.** What happens if a class never occurs? Ten labels of $K = 3$ classes have the counts $N_0 = 3$, $N_1 = 0$, $N_2 = 7$.
# Give the maximum-likelihood $\hat{p}$ and $L(\hat{p})$. Can the bias-only softmax model $P(y = k) = \sigma_k(b)$ reach this likelihood?
#
# <details><summary>Answer</summary>
#
# $\hat{p} = (3/10, 0, 7/10)$ and $L(\hat{p}) = 0.3^3 \times 0.7^7 \approx 2.224 \times 10^{-3}$. (Giving class 1 any positive
# probability only lowers the others' factors.) The softmax is positive for every finite $b$, so $\sigma_1(b) = 0$ is
# impossible: with $b_0 - b_2 = \log(3/7)$ and $b_1 \to -\infty$ the likelihood approaches $2.224 \times 10^{-3}$ but never
# reaches it. The supremum exists, the maximizer does not; lecture 02 meets the same situation on separable data.
#
# </details>
#
# **Exercise 5.** What happens to $\sigma(a / \tau)$ for $a = (2, 2, -1)$ as $\tau \to 0$, and as $\tau \to \infty$?
#
# <details><summary>Answer</summary>
#
# Classes 0 and 1 have equal scores, so $\sigma_0 = \sigma_1$ for every $\tau$, and $\sigma_2 / \sigma_0 = e^{(-1 - 2)/\tau} = e^{-3/\tau}$.
# As $\tau \to 0$ this ratio tends to 0, so $\sigma(a/\tau) \to (1/2, 1/2, 0)$: with a tie, the limit is not one-hot but
# shares the mass equally among the tied maxima. As $\tau \to \infty$ all scores $a_c/\tau \to 0$ and $\sigma \to (1/3, 1/3, 1/3)$.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - A label $y \in \{0, \dots, K-1\}$ is modelled by $P(y = k \mid \tilde{x}) = \sigma_k$, and
#   $\sigma_y = \prod_c \sigma_c^{\mathbb{1}\{y = c\}}$ (checked).
# - The bias trick: $\tilde{w}_k^\top \tilde{x} = w_k^\top x + b_k$ with `add_bias` (checked); all scores are $\mathbf{A} = \mathbf{X}\mathbf{W}$.
# - Softmax $\sigma_k = e^{a_k} / \sum_c e^{a_c}$ (not $/x^2$ as transcribed) is positive, sums to 1, is
#   shift invariant and order preserving; the temperature $\tau$ interpolates between the argmax one-hot
#   ($\tau \to 0$) and uniform ($\tau \to \infty$), with explicit bounds (checked).
# - The likelihood of i.i.d. labels is $L(\mathbf{W}) = \prod_i \sigma_{y_i}(\tilde{x}_i)$ (checked against a loop).
# - For a categorical variable, $L(p) = \prod_c p_c^{N_c}$ is maximized by the class frequencies $\hat{p}_k = N_k / N$
#   (derived with a Lagrange multiplier; no random probability vector did better, and a bias-only softmax model
#   fitted by a general optimizer found the same frequencies, with biases unique only up to a constant).
# - The product underflows: `exp(a)` is `0.0` below $\log 2^{-1075} \approx -745.13$ (not $\log 2^{-1074}$, checked at
#   the boundary); $L(\mathbf{0}) = K^{-N}$ is exactly `0.0` from $N = 538$ on for $K = 4$, and then cannot rank models.
#   The fix, taking the logarithm, is the subject of the next lecture.
#
# [← Previous: 00 · Overview](00_overview.ipynb) | [Next: 02 · The log-likelihood and log-sum-exp →](02_log_likelihood.ipynb)
#
# Homework: [Homework 1 · A stable softmax and the log-likelihood](../exercises/hw1_softmax_likelihood.ipynb)
