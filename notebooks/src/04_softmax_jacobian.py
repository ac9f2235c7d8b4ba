# %% [markdown] slideshow={"slide_type": "slide"}
# # 04 · The Jacobian of softmax
#
# **What you'll learn**
#
# - why the Jacobian of softmax is the tool the curvature of $\ell$ needs (lecture 05), and why the notes' route to
#   $\partial \ell_j / \partial a$, through the probabilities $\sigma$, needs it too;
# - the quotient rule in the notes' two cases, $J_{kk'} = \partial \sigma_k / \partial a_{k'} = \sigma_k(\delta_{kk'} - \sigma_{k'})$,
#   i.e. $J = \operatorname{diag}(\sigma) - \sigma\sigma^\top$, and why "diagonal only, $\sigma(1-\sigma)$" is a mistake;
# - the properties of $J$: symmetric, rows and columns summing to 0, rank $K-1$, and the two that lecture 05 builds on:
#   positive semi-definite (so $\ell$ is concave) and every eigenvalue at most $1/2$ (so a safe step size exists);
# - batched Jacobians, and the Jacobian-vector product $J v = \sigma \odot (v - \sigma^\top v)$ that never forms $J$;
# - that $K = 2$ is logistic regression, with the familiar $\sigma(1-\sigma)$ as an entry of $J$;
# - $J$ at work on the notes' road: the chain rule through $\sigma$ must give back lecture 03's
#   $\partial \ell_j / \partial a = e_{y_j} - \sigma$ (it does: a check of $J$), and why code does not take that road.
#
# Prerequisites: [01 · The softmax model and the likelihood](01_softmax_likelihood.ipynb) (shift invariance) and
# [03 · The chain rule and the gradient with respect to the logits](03_chain_rule.ipynb) ($\partial \ell_j / \partial a = e_{y_j} - \sigma$).

# %%
import timeit

import matplotlib.pyplot as plt
import numpy as np

from course_utils import add_bias, log_softmax, one_hot, softmax, softmax_jacobian, softmax_jvp
from course_utils.figures import OKABE_ITO, series_style, show_figures

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why the Jacobian
#
# How fast does the gradient change? Lecture 05 answers with the second derivatives of $\ell$, and every one of them is
# built from the derivatives of the probabilities with respect to the logits: the Jacobian of this lecture. Its
# properties below (positive semi-definite, eigenvalues at most $\tfrac12$) are what make $\ell$ concave and give a step
# size that always climbs. The notes meet it first on another road. Lecture 03 differentiated $\ell_j = a_{y_j} - \log \sum_c e^{a_c}$ directly. The notes go the other way round: they
# write $\ell_j = \log \sigma_{y_j}$, a function of the probabilities, which are themselves functions of the logits,
# $a \mapsto \sigma \mapsto \ell_j$. The chain rule then reads
#
# $$\frac{\partial \ell_j}{\partial a_k} = \sum_{c} \frac{\partial \ell_j}{\partial \sigma_c}\,\frac{\partial \sigma_c}{\partial a_k} .$$
#
# The first factor is easy. The second is not: every $\sigma_c$ depends on **every** logit, through the normalizer.
# These $K \times K$ numbers form the **Jacobian** of softmax,
#
# $$J_{kk'} = \frac{\partial \sigma_k}{\partial a_{k'}}, \qquad \text{row } k\text{: the output } \sigma_k, \quad \text{column } k'\text{: the input } a_{k'} .$$
#
# Our example: $K = 5$ random logits.

# %%
rng = np.random.default_rng(0)
K = 5
a = rng.standard_normal(K)                        # logits, shape (K,)
sigma = softmax(a)                                # sigma(a), shape (K,)
assert np.isclose(sigma.sum(), 1.0)
print("a     =", np.round(a, 4))
print("sigma =", np.round(sigma, 4))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The quotient rule, two cases
#
# Write $\sigma_k = e^{a_k} / Z$ with $Z = \sum_c e^{a_c}$. The quotient rule (the derivative of the numerator times $Z$,
# minus the numerator times the derivative of $Z$, over $Z^2$) needs $\dfrac{\partial Z}{\partial a_{k'}} = e^{a_{k'}}$ (only the term $c = k'$ of $Z$ depends on $a_{k'}$).

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Case $k' = k$.** The numerator depends on $a_k$ too: $\dfrac{\partial e^{a_k}}{\partial a_k} = e^{a_k}$.
#
# $$\frac{\partial \sigma_k}{\partial a_k} = \frac{e^{a_k}\, Z - e^{a_k}\, e^{a_k}}{Z^2}
# = \frac{e^{a_k}}{Z} - \left(\frac{e^{a_k}}{Z}\right)^2 = \sigma_k (1 - \sigma_k) .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Case $k' \neq k$.** The numerator $e^{a_k}$ does not depend on $a_{k'}$: its derivative is $0$.
#
# $$\frac{\partial \sigma_k}{\partial a_{k'}} = \frac{0 \cdot Z - e^{a_k}\, e^{a_{k'}}}{Z^2}
# = -\frac{e^{a_k}}{Z}\,\frac{e^{a_{k'}}}{Z} = -\sigma_k \sigma_{k'} .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Both cases in one formula**, with the Kronecker delta $\delta_{kk'}$ (1 if $k = k'$, else 0):
#
# $$J_{kk'} = \sigma_k \big(\delta_{kk'} - \sigma_{k'}\big), \qquad J = \operatorname{diag}(\sigma) - \sigma \sigma^\top .$$
#
# **Slips of the notes.** They introduce the first case with "if $y^{(i)} = k$", but the label plays no part here: the two
# cases are "output index = input index" or not. And they write the normalizer as $\sum_{k=1}^{k} e^{a_k}$, with the
# summation index equal to the free index $k$ and to its own upper limit; it is $\sum_{c} e^{a_c}$ over all $K$ classes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Check: both cases against central differences
#
# Column $k'$ of $J$ is the rate of change of the whole vector $\sigma$ when $a_{k'}$ alone moves, which central
# differences approximate by $\big(\sigma(a + h e_{k'}) - \sigma(a - h e_{k'})\big) / 2h$. Then the two cases as a literal
# loop, and the package's `softmax_jacobian`.

# %%
h = 1e-5
unit = np.eye(K)                                  # row k': the unit step e_k'
J_num = ((softmax(a + h * unit) - softmax(a - h * unit)) / (2 * h)).T   # column k': d sigma / d a_k'
J_cases = np.empty((K, K))
for k in range(K):
    for k2 in range(K):                           # k2 plays k'
        J_cases[k, k2] = sigma[k] * (1 - sigma[k]) if k == k2 else -sigma[k] * sigma[k2]
assert np.allclose(J_cases, J_num, rtol=0, atol=1e-9)
J = softmax_jacobian(sigma)                       # diag(sigma) - sigma sigma^T
assert np.allclose(J, np.diag(sigma) - np.outer(sigma, sigma), rtol=0, atol=1e-15)
assert np.allclose(J, J_cases, rtol=0, atol=1e-15)
print(np.round(J, 4))

# %% [markdown] slideshow={"slide_type": "fragment"}
# `softmax_jacobian` takes the **probabilities** $\sigma$, not the logits $a$: the derivative is simplest in terms of $\sigma$.
# Passing logits by mistake is caught:

# %%
try:
    softmax_jacobian(a)
except ValueError as err:
    print("ValueError:", err)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A common mistake: "diagonal only, $\sigma(1-\sigma)$"
#
# For an elementwise function, such as the logistic function applied to each entry separately, output $k$ depends
# only on input $k$ and the Jacobian is diagonal. Softmax is **not** elementwise: all $\sigma_k$ share the normalizer $Z$,
# which produces the off-diagonal $-\sigma_k\sigma_{k'}$. Dropping them fails the finite-difference check:

# %%
J_diag_only = np.diag(sigma * (1 - sigma))        # the mistake
assert not np.allclose(J_diag_only, J_num, rtol=0, atol=1e-3)
print(f"diagonal-only Jacobian: max error {np.max(np.abs(J_diag_only - J_num)):.4f} -> fails")
print("its row sums:", np.round(J_diag_only.sum(axis=1), 4), "(those of J are all 0, see below)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A picture of $J$
#
# Positive diagonal $\sigma_k(1-\sigma_k)$, negative off-diagonal $-\sigma_k\sigma_{k'}$, largest in magnitude where the
# probabilities are large, and mirror-symmetric about the diagonal.

# %% slideshow={"slide_type": "subslide"}
lim = np.abs(J).max()
fig, ax = plt.subplots(figsize=(4.8, 3.8))
im = ax.imshow(J, cmap="RdBu_r", vmin=-lim, vmax=lim)
for k in range(K):
    for k2 in range(K):
        ax.text(k2, k, f"{J[k, k2]:.2f}", ha="center", va="center", fontsize=8,
                color="white" if abs(J[k, k2]) > 0.6 * lim else "black")
ax.set_xticks(np.arange(K))
ax.set_yticks(np.arange(K))
ax.set_xlabel(r"$k'$ (input logit $a_{k'}$)")
ax.set_ylabel(r"$k$ (output $\sigma_k$)")
ax.set_title(r"$J_{kk'} = \partial \sigma_k / \partial a_{k'}$")
fig.colorbar(im, ax=ax)
off_diagonal = J[~np.eye(K, dtype=bool)]
show_figures(fig, description=(
    f"Heat map of the {K} × {K} softmax Jacobian J at σ = ({', '.join(f'{p:.2f}' for p in sigma)}), every cell "
    f"labelled with its value. The diagonal entries σ_k(1 − σ_k) are positive (red), from {np.diag(J).min():.2f} "
    f"to {np.diag(J).max():.2f}; the off-diagonal entries −σ_k σ_k' are negative (blue), down to "
    f"{off_diagonal.min():.2f} where two large probabilities meet; the picture is symmetric about the diagonal."))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Property 1: $J$ is symmetric
#
# Off the diagonal $J_{kk'} = -\sigma_k\sigma_{k'} = -\sigma_{k'}\sigma_k = J_{k'k}$; equivalently $\operatorname{diag}(\sigma)$ and
# $\sigma\sigma^\top$ are both symmetric. So $J^\top = J$: the vector-Jacobian product $v^\top J$ used by backpropagation
# equals $(J v)^\top$.

# %%
assert np.array_equal(J, J.T)
assert np.allclose(J_num, J_num.T, rtol=0, atol=1e-9)     # also the finite-difference Jacobian

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Property 2: rows and columns sum to 0
#
# **Rows: shift invariance.** Adding the same number $\alpha$ to every logit changes nothing, $\sigma(a + \alpha\mathbf{1}) = \sigma(a)$ for
# every $\alpha$ (lecture 01). Its derivative in $\alpha$ is therefore 0, and by the chain rule that derivative is $J\mathbf{1}$, the vector of
# row sums: $\sum_c J_{kc} = 0$. Directly: $\sum_c \sigma_k(\delta_{kc} - \sigma_c) = \sigma_k(1 - 1) = 0$.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Columns: the probabilities always sum to 1.** $\sum_c \sigma_c(a) = 1$ for every $a$, so moving $a_{k'}$ cannot change
# the total: $\sum_c J_{ck'} = \dfrac{\partial}{\partial a_{k'}} 1 = 0$, i.e. $\mathbf{1}^\top J = 0$. (By symmetry each statement
# implies the other.)

# %%
ones = np.ones(K)
for alpha in (-3.0, 0.5, 40.0):
    assert np.allclose(softmax(a + alpha * ones), sigma)                # shift invariance
assert np.allclose(J @ ones, 0.0, rtol=0, atol=1e-15)             # rows
assert np.allclose(ones @ J, 0.0, rtol=0, atol=1e-15)             # columns
assert np.allclose(J_num @ ones, 0.0, rtol=0, atol=1e-9) and np.allclose(ones @ J_num, 0.0, rtol=0, atol=1e-9)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Property 3: $J$ is positive semi-definite
#
# For any vector $v \in \mathbb{R}^K$,
#
# $$v^\top J v = v^\top \operatorname{diag}(\sigma)\, v - (\sigma^\top v)^2 = \sum_c \sigma_c v_c^2 - \Big(\sum_c \sigma_c v_c\Big)^2 \;\ge\; 0 .$$
#
# It is the **variance** of a random variable $\xi$ that takes the value $v_c$ with probability $\sigma_c$,
# $\mathbb{E}[\xi^2] - \mathbb{E}[\xi]^2$, and a variance is never negative. So every eigenvalue $\mu$ of $J$ is $\ge 0$.

# %%
v_rows = rng.standard_normal((1000, K))           # 1000 random vectors v, one per row
quad = np.einsum("nk,kc,nc->n", v_rows, J, v_rows)  # v^T J v for each
var = v_rows**2 @ sigma - (v_rows @ sigma) ** 2   # sum_c sigma_c v_c^2 - (sum_c sigma_c v_c)^2
assert np.allclose(quad, var, rtol=0, atol=1e-12)
assert quad.min() >= -1e-12
mu = np.linalg.eigvalsh(J)                        # eigenvalues, ascending
assert mu.min() >= -1e-12
print("eigenvalues mu of J:", np.round(mu[1:], 4), "and one that is 0 up to round-off")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Property 4: rank $K-1$, null space spanned by $\mathbf{1}$
#
# Property 2 gave $J\mathbf{1} = 0$: the all-ones vector $\mathbf{1} = (1, \dots, 1)$ is in the null space. It is the **only**
# direction there: $v^\top J v$ is the variance of $v$ under $\sigma$, which is zero only if $v$ is constant (every $\sigma_c > 0$).
# Hence the null space is exactly $\operatorname{span}(\mathbf{1})$ and $\operatorname{rank} J = K - 1$.
# Softmax forgets one degree of freedom of the logits: their common level.

# %% slideshow={"slide_type": "subslide"}
assert np.linalg.matrix_rank(J) == K - 1
u = np.linalg.eigh(J)[1][:, 0]                                      # eigenvector of the smallest eigenvalue
assert abs(mu[0]) < 1e-12 and np.allclose(np.abs(u), 1 / np.sqrt(K), rtol=0, atol=1e-8)
fig, ax = plt.subplots(figsize=(4.5, 3))
ax.bar(np.arange(K), np.maximum(mu, 0.0), color=OKABE_ITO["blue"], edgecolor="black", linewidth=0.6)
ax.axhline(0.5, color="gray", ls=":", label="1/2 (see property 5)")
ax.set_xticks(np.arange(K))
ax.set_xlabel("index (ascending)")
ax.set_ylabel(r"eigenvalue $\mu$ of $J$")
ax.set_title(f"Spectrum of J: one zero (eigenvector 1/√K), rank {K - 1}")
ax.legend()
show_figures(fig, description=(
    f"Bar chart of the {K} eigenvalues of J in ascending order. The first is 0, with the all-ones direction "
    f"as eigenvector; the other {K - 1} are positive, from {mu[1]:.3f} to {mu[-1]:.3f}, all below the dotted "
    f"line at 1/2. So J has rank {K - 1}."))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Property 5: every eigenvalue of $J$ is at most $1/2$
#
# Again read $v^\top J v$ as the variance of $\xi$, which takes the values $v_c$. Two facts bound it:
#
# 1. **Popoviciu's inequality**: a variable with values between $\min_c v_c$ and $\max_c v_c$ has variance at most
#    $(\max_c v_c - \min_c v_c)^2 / 4$. (The variance is the smallest mean squared distance to a constant; take the midpoint
#    of the range, from which $\xi$ is never farther than half the range.)
# 2. With $v_{\max}$ and $v_{\min}$ the largest and smallest entry, $(v_{\max} - v_{\min})^2 \le 2 v_{\max}^2 + 2 v_{\min}^2 \le 2\|v\|^2$
#    (the first step is $(v_{\max} + v_{\min})^2 \ge 0$).

# %% [markdown] slideshow={"slide_type": "subslide"}
# Together, $v^\top J v \le \|v\|^2 / 2$ for every $v$. For a symmetric matrix the largest eigenvalue is the largest value of
# $v^\top J v / \|v\|^2$, so
#
# $$\mu_{\max}(J) \le \frac{1}{2} \qquad \text{for every } K \text{ and every } \sigma .$$
#
# Equality holds for $K = 2$, $\sigma = (\tfrac12, \tfrac12)$, $v = (1, -1)$. Lecture 05 uses this bound to choose a step size.
# Check on 72 000 random probability vectors, from peaked to flat, for $K = 2, \dots, 10$:

# %%
mu_max = 0.0
for K_r in range(2, 11):
    for conc in (0.05, 0.3, 1.0, 5.0):            # small: peaked sigma, large: nearly uniform sigma
        S_r = rng.dirichlet(np.full(K_r, conc), size=2000)         # 2000 random sigma, shape (2000, K_r)
        mu_max = max(mu_max, np.linalg.eigvalsh(softmax_jacobian(S_r)).max())
assert mu_max <= 0.5 + 1e-12
spread = v_rows.max(axis=1) - v_rows.min(axis=1)  # the same 1000 random v as above
assert np.all(var <= spread**2 / 4 + 1e-12) and np.all(spread**2 / 4 <= np.sum(v_rows**2, axis=1) / 2 + 1e-12)
assert np.allclose(np.linalg.eigvalsh(softmax_jacobian(np.array([0.5, 0.5]))), [0.0, 0.5], rtol=0, atol=1e-15)
print(f"largest eigenvalue found: {mu_max:.8f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Batched Jacobians: shape $(N, K, K)$
#
# For $N$ samples, $\mathbf{S} = \operatorname{softmax}(\mathbf{A})$ has shape $(N, K)$ and there is one Jacobian per row:
# `softmax_jacobian(S)` returns an array of shape $(N, K, K)$ whose slice $j$ is $J_j = \operatorname{diag}(\sigma) - \sigma\sigma^\top$
# for the $\sigma$ of sample $j$. We compare with $J_{kk'} = \sigma_k(\delta_{kk'} - \sigma_{k'})$ written with broadcasting.

# %%
N = 4
S = softmax(rng.standard_normal((N, K)))          # (N, K)
J_batch = softmax_jacobian(S)                     # (N, K, K)
J_formula = S[:, :, None] * (np.eye(K)[None, :, :] - S[:, None, :])   # sigma_k (delta_kk' - sigma_k')
assert J_batch.shape == (N, K, K)
assert np.allclose(J_batch, J_formula, rtol=0, atol=1e-15)
assert all(np.allclose(J_batch[j], softmax_jacobian(S[j])) for j in range(N))
print("softmax_jacobian(S).shape =", J_batch.shape)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The Jacobian-vector product without forming $J$
#
# Backpropagation never needs $J$ itself, only its product with a vector:
#
# $$J v = \operatorname{diag}(\sigma)\, v - \sigma\, (\sigma^\top v) = \sigma \odot \big(v - \sigma^\top v\big),$$
#
# where $\odot$ is the elementwise product and the number $\sigma^\top v$ is subtracted from every entry.
# That costs $O(K)$, instead of $O(K^2)$ to build $J$ and $O(K^2)$ to multiply (`softmax_jvp`). Since $J$ is symmetric,
# this is also the vector-Jacobian product $v^\top J$.

# %%
v = rng.standard_normal(K)
jv = sigma * (v - sigma @ v)                      # the formula, inline
assert np.allclose(jv, J @ v, rtol=0, atol=1e-15)
assert np.allclose(softmax_jvp(sigma, v), J @ v, rtol=0, atol=1e-15)
V_batch = rng.standard_normal((N, K))             # one vector per sample
assert np.allclose(softmax_jvp(S, V_batch), np.einsum("jkc,jc->jk", J_batch, V_batch), rtol=0, atol=1e-15)

# %% [markdown] slideshow={"slide_type": "fragment"}
# How much does it save? A timing for $K = 2000$ classes, where $J$ has four million entries (the ratio varies from
# machine to machine):

# %%
# NBVAL_IGNORE_OUTPUT
rng_t = np.random.default_rng(1)
K_big = 2000
sigma_big, v_big = softmax(rng_t.standard_normal(K_big)), rng_t.standard_normal(K_big)
assert np.allclose(softmax_jacobian(sigma_big) @ v_big, softmax_jvp(sigma_big, v_big), rtol=0, atol=1e-12)
t_full = min(timeit.repeat(lambda: softmax_jacobian(sigma_big) @ v_big, number=3, repeat=3)) / 3
t_jvp = min(timeit.repeat(lambda: softmax_jvp(sigma_big, v_big), number=100, repeat=3)) / 100
print(f"K = {K_big}: forming J and J @ v takes about {t_full / t_jvp:.0f} times as long as softmax_jvp")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## $K = 2$ is logistic regression
#
# With two classes, divide the numerator and the denominator of $\sigma_1$ by $e^{a_1}$:
#
# $$\sigma_1 = \frac{e^{a_1}}{e^{a_0} + e^{a_1}} = \frac{1}{1 + e^{-(a_1 - a_0)}}, \qquad \sigma_0 = 1 - \sigma_1 :$$
#
# the logistic function of the logit difference $a_1 - a_0$. Since $\sigma_0 \sigma_1 = \sigma_1(1 - \sigma_1)$ and
# $\sigma_k(1 - \sigma_k) = \sigma_1(1 - \sigma_1)$ for both $k$, the Jacobian is
#
# $$J = \sigma_1(1 - \sigma_1) \begin{pmatrix} 1 & -1 \\ -1 & 1 \end{pmatrix} .$$
#
# The familiar derivative of the logistic function, $\sigma_1(1 - \sigma_1)$, is an **entry** of this $2 \times 2$ Jacobian,
# not the whole of it. Its eigenvalues are $0$ and $2\sigma_1(1 - \sigma_1) \le \tfrac12$ (property 5, equality at $a_0 = a_1$).

# %%
A2 = 3 * rng.standard_normal((6, 2))              # logits of 6 samples, K = 2
s1 = softmax(A2)[:, 1]                            # sigma_1 of each sample
gap = A2[:, 1] - A2[:, 0]                         # a_1 - a_0
assert np.allclose(s1, 1 / (1 + np.exp(-gap)))    # the logistic function of the gap
J2 = softmax_jacobian(softmax(A2))                # (6, 2, 2)
assert np.allclose(J2, (s1 * (1 - s1))[:, None, None] * np.array([[1, -1], [-1, 1]]), rtol=0, atol=1e-15)
slope = (1 / (1 + np.exp(-(gap + h))) - 1 / (1 + np.exp(-(gap - h)))) / (2 * h)   # central differences
assert np.allclose(slope, s1 * (1 - s1), rtol=0, atol=1e-9)
assert np.allclose(np.linalg.eigvalsh(J2)[:, 1], 2 * s1 * (1 - s1)) and np.all(2 * s1 * (1 - s1) <= 0.5)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Only differences of weights matter.** By shift invariance (lecture 01), subtracting $a_0$ from every logit changes no
# probability, and $a_k - a_0 = (\tilde{w}_k - \tilde{w}_0)^\top \tilde{x}$. So replacing every $\tilde{w}_k$ by $\tilde{w}_k - \tilde{w}_0$
# fixes $\tilde{w}_0 = 0$ without changing the model: $K - 1$ weight vectors suffice (the rank $K - 1$ of property 4 again).
# For $K = 2$ what is left is $\sigma_1(\tilde{x}) = 1 / \big(1 + e^{-(\tilde{w}_1 - \tilde{w}_0)^\top \tilde{x}}\big)$: logistic regression
# with the weight vector $\tilde{w}_1 - \tilde{w}_0$ (bias included).

# %% slideshow={"slide_type": "subslide"}
X = add_bias(rng.standard_normal((6, 2)))         # 6 samples, D = 3
W = rng.standard_normal((3, K))                   # (D, K)
W_fixed = W - W[:, [0]]                           # w~_k - w~_0 in every column: column 0 is now 0
assert np.all(W_fixed[:, 0] == 0) and np.allclose(softmax(X @ W_fixed), softmax(X @ W))
W2 = W[:, :2]                                     # a K = 2 model
assert np.allclose(softmax(X @ W2)[:, 1], 1 / (1 + np.exp(-X @ (W2[:, 1] - W2[:, 0]))))
grid = np.linspace(-6, 6, 241)                    # a_1 - a_0
fig, ax = plt.subplots(figsize=(5.5, 3))
ax.plot(grid, 1 / (1 + np.exp(-grid)), label=r"$\sigma_1$", markevery=20, **series_style(0))
ax.plot(grid, 1 / (1 + np.exp(-grid)) * (1 - 1 / (1 + np.exp(-grid))), label=r"$J_{11} = \sigma_1(1 - \sigma_1)$, at most 1/4",
        markevery=20, **series_style(1))
ax.set_xlabel(r"$a_1 - a_0$")
ax.set_title("K = 2: softmax is the logistic function of the logit difference")
ax.legend()
show_figures(fig, description=(
    "Two curves against the logit difference a_1 − a_0 from −6 to 6: σ_1, the logistic S-curve rising from 0 "
    "to 1 through 1/2 at 0, and its slope J_11 = σ_1(1 − σ_1), a bump that peaks at 1/4 at 0. With two "
    "classes, softmax is the logistic function of the logit difference."))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## $J$ at work: the notes' road to $\partial \ell_j / \partial a$
#
# For one sample, $\ell_j = \log \sigma_{y_j}$ depends on the probabilities through one entry only:
# $\dfrac{\partial \ell_j}{\partial \sigma_c} = \dfrac{\delta_{c y_j}}{\sigma_{y_j}}$, i.e. $\dfrac{\partial \ell_j}{\partial \sigma} = \dfrac{e_{y_j}}{\sigma_{y_j}}$. The chain rule, with $J$:
#
# $$\frac{\partial \ell_j}{\partial a_k} = \sum_c \frac{\delta_{c y_j}}{\sigma_{y_j}}\, J_{ck} = \frac{J_{y_j k}}{\sigma_{y_j}}
# = \frac{\sigma_{y_j}\big(\delta_{y_j k} - \sigma_k\big)}{\sigma_{y_j}} = \mathbb{1}\{y_j = k\} - \sigma_k .$$
#
# The $\sigma_{y_j}$ cancels, and we get lecture 03's $\partial \ell_j / \partial a = e_{y_j} - \sigma$ (derived there, not here):
# a check of $J$, which the code below repeats numerically.

# %%
yj = 2                                            # a label for our sample
e_y = one_hot([yj], K)[0]
dl_dsigma = e_y / sigma[yj]                       # d l_j / d sigma
dl_dsigma_num = (np.log((sigma + h * unit)[:, yj]) - np.log((sigma - h * unit)[:, yj])) / (2 * h)
assert np.allclose(dl_dsigma, dl_dsigma_num, rtol=0, atol=1e-8)
da = J.T @ dl_dsigma                              # the chain rule through the Jacobian
assert np.allclose(da, J[yj] / sigma[yj], rtol=0, atol=1e-15) and np.allclose(da, e_y - sigma, rtol=0, atol=1e-15)
da_num = (log_softmax(a + h * unit)[:, yj] - log_softmax(a - h * unit)[:, yj]) / (2 * h)
assert np.allclose(da, da_num, rtol=0, atol=1e-9)
assert np.allclose(softmax_jvp(sigma, dl_dsigma), e_y - sigma, rtol=0, atol=1e-15)   # J symmetric
print("d l_j / d a =", np.round(da, 4))

# %% [markdown] slideshow={"slide_type": "subslide"}
# In exact arithmetic the two roads agree. In floating point the road through $\sigma$ **divides by $\sigma_{y_j}$**, which underflows
# to exactly 0 when the true class is far behind (a logit gap above about 745): $0 \cdot \infty$ then gives `nan`.
# Lecture 03's $e_{y_j} - \sigma$ divides by nothing, which is why code uses it.

# %%
sigma_far = softmax(np.array([0.0, 800.0, 0.0, 0.0, 0.0]))   # true class 0 is 800 behind class 1
assert sigma_far[0] == 0.0
with np.errstate(divide="ignore", invalid="ignore"):
    da_route2 = softmax_jacobian(sigma_far).T @ (one_hot([0], K)[0] / sigma_far[0])
assert np.all(np.isnan(da_route2))
print("through J:    ", da_route2)
print("e_y - sigma:  ", one_hot([0], K)[0] - sigma_far)

# %% [markdown] slideshow={"slide_type": "fragment"}
# With the diagonal-only mistake the same chain rule would give $(1-\sigma_{y_j})\,e_{y_j}$: the $-\sigma_k$ of the wrong
# classes disappears, and training would never push their logits down.

# %%
wrong = J_diag_only.T @ dl_dsigma
assert np.allclose(wrong, (1 - sigma[yj]) * e_y) and not np.allclose(wrong, e_y - sigma)
print("diagonal only:", np.round(wrong, 4))
print("correct:      ", np.round(e_y - sigma, 4))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises (paper and pencil)
#
# **Exercise 1.** Write $J$ for $\sigma = (\tfrac12, \tfrac14, \tfrac14)$. Find its three eigenvalues (hint: try $\mathbf{1}$ and
# $(0, 1, -1)$, then use the trace).
#
# <details><summary>Answer</summary>
#
# $J = \operatorname{diag}(\sigma) - \sigma\sigma^\top = \dfrac{1}{16}\begin{pmatrix} 4 & -2 & -2 \\ -2 & 3 & -1 \\ -2 & -1 & 3 \end{pmatrix}$: each row sums to 0.
# $J\mathbf{1} = 0$ gives the eigenvalue $0$. $J(0, 1, -1)^\top = \tfrac{1}{16}(0, 4, -4)^\top = \tfrac14 (0, 1, -1)^\top$ gives $\tfrac14$.
# The trace is $\sum_c \sigma_c(1 - \sigma_c) = \tfrac{4 + 3 + 3}{16} = \tfrac58$, so the third eigenvalue is $\tfrac58 - \tfrac14 = \tfrac38$
# (eigenvector $(2, -1, -1)$, orthogonal to the other two). All three lie in $[0, \tfrac12]$.
#
# </details>

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Exercise 2.** $K = 2$ with logits $a = (0, \log 3)$. Compute $\sigma$, $J$ and its eigenvalues, and the slope of the logistic
# function at $a_1 - a_0 = \log 3$.
#
# <details><summary>Answer</summary>
#
# $e^{a} = (1, 3)$, so $\sigma = (\tfrac14, \tfrac34)$ and $\sigma_1(1 - \sigma_1) = \tfrac{3}{16}$:
# $J = \tfrac{3}{16}\begin{pmatrix} 1 & -1 \\ -1 & 1 \end{pmatrix}$, with eigenvalues $0$ (eigenvector $(1, 1)$) and
# $2 \cdot \tfrac{3}{16} = \tfrac38$ (eigenvector $(1, -1)$). The slope of the logistic function there is the entry $J_{11} = \tfrac{3}{16}$.
#
# </details>

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Exercise 3.** For $K \ge 3$ and every $\sigma_c > 0$, can the bound $\mu_{\max}(J) \le \tfrac12$ be an equality?
#
# <details><summary>Answer</summary>
#
# No. Equality needs a $v \neq 0$ with equality in both steps of the proof. In
# $(v_{\max} - v_{\min})^2 \le 2v_{\max}^2 + 2v_{\min}^2 \le 2\|v\|^2$ it forces $v_{\min} = -v_{\max}$ and every other entry 0, so $v$ takes the value 0 at
# $K - 2 \ge 1$ positions, strictly between its largest and smallest value. Equality in Popoviciu's inequality needs $\xi$ to sit at
# the two ends of its range only, each with probability $\tfrac12$, so the probabilities of those middle positions must be 0:
# impossible when every $\sigma_c > 0$. So $\mu_{\max} < \tfrac12$; it comes arbitrarily close when $\sigma$ puts almost
# half of its mass on each of two classes.
#
# </details>

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Exercise 4.** Show that the Jacobian of log-softmax is $\dfrac{\partial \log \sigma_k}{\partial a_{k'}} = \delta_{kk'} - \sigma_{k'}$,
# and use its row $y_j$ to reach $\partial \ell_j / \partial a$ a third way.
#
# <details><summary>Answer</summary>
#
# $\log \sigma_k = a_k - \log \sum_c e^{a_c}$: the first term gives $\delta_{kk'}$, the second $-\sigma_{k'}$ (the derivative of
# log-sum-exp is softmax). Equivalently $\dfrac{1}{\sigma_k} J_{kk'} = \delta_{kk'} - \sigma_{k'}$: the matrix is $I - \mathbf{1}\sigma^\top$.
# Since $\ell_j = \log \sigma_{y_j}$, $\partial \ell_j / \partial a_{k'}$ is row $y_j$ of it: $\delta_{y_j k'} - \sigma_{k'}$, i.e. $e_{y_j} - \sigma$ again,
# with no division by $\sigma_{y_j}$.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - The curvature of $\ell$ (lecture 05) and the notes' road to $\partial \ell_j / \partial a$, through $\sigma$, both need the Jacobian
#   $J_{kk'} = \partial \sigma_k / \partial a_{k'}$.
# - The quotient rule gives $\sigma_k(1 - \sigma_k)$ if $k = k'$ and $-\sigma_k\sigma_{k'}$ otherwise: $J = \operatorname{diag}(\sigma) - \sigma\sigma^\top$,
#   checked against central differences; the diagonal-only version fails.
# - $J$ is symmetric; its rows sum to 0 (shift invariance) and so do its columns (probabilities sum to 1); it is positive
#   semi-definite ($v^\top J v$ is a variance), of rank $K - 1$ with null space $\operatorname{span}(\mathbf{1})$; and its eigenvalues are at
#   most $\tfrac12$ (Popoviciu), with equality for $K = 2$, $\sigma = (\tfrac12, \tfrac12)$; checked on 72 000 random $\sigma$.
# - For a batch, `softmax_jacobian(S)` has shape $(N, K, K)$; $J v = \sigma \odot (v - \sigma^\top v)$ costs $O(K)$ without forming $J$.
# - $K = 2$ is logistic regression in $\tilde{w}_1 - \tilde{w}_0$, and its $\sigma_1(1 - \sigma_1)$ is an entry of $J$; in general fixing
#   $\tilde{w}_0 = 0$ changes nothing.
# - Through $J$, $\partial \ell_j / \partial \sigma = e_{y_j} / \sigma_{y_j}$ becomes $\partial \ell_j / \partial a = e_{y_j} - \sigma$, lecture 03's result (a check of $J$);
#   the division by $\sigma_{y_j}$ can fail in floating point, lecture 03's form cannot.
#
# [← Previous: 03 · The chain rule and the gradient with respect to the logits](03_chain_rule.ipynb) | [Next: 05 · The gradient, assembled →](05_final_gradient.ipynb)
#
# Homework: [Homework 2 · The Jacobian, the gradient and gradient checking](../exercises/hw2_gradients.ipynb)
