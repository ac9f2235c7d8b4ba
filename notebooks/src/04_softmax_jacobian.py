# %% [markdown] slideshow={"slide_type": "slide"}
# # 04 · The Jacobian of softmax
#
# **What you'll learn**
#
# - how the quotient rule gives $\partial \sigma_i / \partial a_k$ in two cases, $\sigma_i(1-\sigma_i)$ and $-\sigma_i\sigma_k$,
#   and the matrix form $J = \operatorname{diag}(\sigma) - \sigma\sigma^\top$;
# - why "diagonal only, $\sigma(1-\sigma)$" is a mistake;
# - the properties of $J$: symmetric, rows and columns summing to 0, positive semi-definite, rank $K-1$;
# - batched Jacobians, and the Jacobian-vector product $J v = \sigma \odot (v - \sigma^\top v)$ that never forms $J$;
# - how the chain rule through $J$ gives back lecture 03's $\partial \ell / \partial a = e_y - \sigma$.
#
# Prerequisites: [03 · The gradient by the chain rule](03_chain_rule.ipynb) (the indicator $\mathbb{1}\{y = k\}$ and $\partial \ell_j / \partial a_k$).

# %%
import timeit

import numpy as np
import matplotlib.pyplot as plt

from course_utils import log_softmax, numerical_gradient, softmax, softmax_jacobian, softmax_jvp

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Softmax as a map from $K$ logits to $K$ probabilities
#
# $\sigma(a) = (\sigma_0, \dots, \sigma_{K-1})$ with $\sigma_i = e^{a_i} / Z$ and $Z = \sum_c e^{a_c}$. Every $\sigma_i$ depends on
# **every** logit (through $Z$), so its derivative is a $K \times K$ matrix, the **Jacobian**
#
# $$J_{ik} = \frac{\partial \sigma_i}{\partial a_k}, \qquad \text{row } i\text{: output } \sigma_i, \quad \text{column } k\text{: input } a_k .$$
#
# Our example: $K = 5$ random logits.

# %%
rng = np.random.default_rng(0)
K = 5
a = rng.standard_normal(K)                        # logits, shape (K,)
s = softmax(a)                                    # sigma(a), shape (K,)
assert np.isclose(s.sum(), 1.0)
print("a     =", np.round(a, 4))
print("sigma =", np.round(s, 4))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The quotient rule, two cases
#
# With $\sigma_i = e^{a_i} / Z$, the quotient rule $\left(\frac{f}{g}\right)' = \frac{f' g - f g'}{g^2}$ and
# $\dfrac{\partial Z}{\partial a_k} = e^{a_k}$ (only the $c = k$ term of $Z$ depends on $a_k$):

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Case $i = k$.** The numerator depends on $a_k$ too: $\dfrac{\partial e^{a_i}}{\partial a_i} = e^{a_i}$.
#
# $$\frac{\partial \sigma_i}{\partial a_i} = \frac{e^{a_i}\, Z - e^{a_i}\, e^{a_i}}{Z^2}
# = \frac{e^{a_i}}{Z} - \left(\frac{e^{a_i}}{Z}\right)^2 = \sigma_i - \sigma_i^2 = \sigma_i (1 - \sigma_i) .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Case $i \neq k$.** The numerator $e^{a_i}$ does not depend on $a_k$: its derivative is $0$.
#
# $$\frac{\partial \sigma_i}{\partial a_k} = \frac{0 \cdot Z - e^{a_i}\, e^{a_k}}{Z^2}
# = -\frac{e^{a_i}}{Z}\,\frac{e^{a_k}}{Z} = -\sigma_i \sigma_k .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Both cases in one formula**, with the indicator of lecture 03:
#
# $$\frac{\partial \sigma_i}{\partial a_k} = \begin{cases} \sigma_i (1 - \sigma_i) & \text{if } i = k,\\ -\sigma_i \sigma_k & \text{if } i \neq k, \end{cases}
# \qquad\text{i.e.}\qquad J_{ik} = \sigma_i \big(\mathbb{1}\{i = k\} - \sigma_k\big), \qquad J = \operatorname{diag}(\sigma) - \sigma \sigma^\top .$$

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Check: both cases and the whole matrix against central differences
#
# Row $i$ of $J$ is the gradient of the scalar function $a \mapsto \sigma_i(a)$, so `numerical_gradient` gives $J$ row by row.
# First the two cases as a literal loop, then the package's `softmax_jacobian`.

# %%
J_num = np.array([numerical_gradient(lambda a_: float(softmax(a_)[i]), a) for i in range(K)])
J_loop = np.empty((K, K))
for i in range(K):
    for k in range(K):
        J_loop[i, k] = s[i] * (1 - s[i]) if i == k else -s[i] * s[k]
on_diag = np.eye(K, dtype=bool)
assert np.allclose(J_num[on_diag], (s * (1 - s)), rtol=0, atol=1e-9)                # case i = k
assert np.allclose(J_num[~on_diag], -np.outer(s, s)[~on_diag], rtol=0, atol=1e-9)   # case i != k
assert np.allclose(J_loop, J_num, rtol=0, atol=1e-9)
J = softmax_jacobian(s)                           # diag(s) - s s^T
assert np.allclose(J, J_loop, rtol=0, atol=1e-15) and np.allclose(J, J_num, rtol=0, atol=1e-9)
print("both cases, the loop and softmax_jacobian match central differences (max error < 1e-9)")
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
# For an elementwise function such as the logistic sigmoid, output $i$ depends only on input $i$ and the Jacobian
# is diagonal, $\operatorname{diag}(\sigma(1-\sigma))$. Softmax is **not** elementwise: every $\sigma_i$ shares the
# normalizer $Z$, which produces the off-diagonal $-\sigma_i\sigma_k$. Dropping them fails the finite-difference check:

# %%
J_diag_only = np.diag(s * (1 - s))                # the mistake
err = np.max(np.abs(J_diag_only - J_num))
assert not np.allclose(J_diag_only, J_num, rtol=0, atol=1e-3)
print(f"diagonal-only Jacobian: max error {err:.4f} against central differences -> fails")
print("its row sums:", np.round(J_diag_only.sum(axis=1), 4), "(should all be 0, see below)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A picture of $J$
#
# Positive diagonal $\sigma_i(1-\sigma_i)$, negative off-diagonal $-\sigma_i\sigma_k$, largest in magnitude where the
# probabilities are large, and mirror-symmetric about the diagonal.

# %%
lim = np.abs(J).max()
fig, ax = plt.subplots(figsize=(4.8, 3.8))
im = ax.imshow(J, cmap="RdBu_r", vmin=-lim, vmax=lim)
for i in range(K):
    for k in range(K):
        ax.text(k, i, f"{J[i, k]:.2f}", ha="center", va="center", fontsize=8,
                color="white" if abs(J[i, k]) > 0.6 * lim else "black")
ax.set_xticks(np.arange(K))
ax.set_yticks(np.arange(K))
ax.set_xlabel(r"k (input logit $a_k$)")
ax.set_ylabel(r"i (output $\sigma_i$)")
ax.set_title(r"$J_{ik} = \partial \sigma_i / \partial a_k$")
fig.colorbar(im, ax=ax)
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Property 1: $J$ is symmetric
#
# Off the diagonal $J_{ik} = -\sigma_i\sigma_k = -\sigma_k\sigma_i = J_{ki}$; equivalently $(\operatorname{diag}(\sigma) - \sigma\sigma^\top)^\top$
# is the same matrix. So $J^\top = J$: the vector-Jacobian product $v^\top J$ used by backpropagation equals $(J v)^\top$.

# %%
assert np.array_equal(J, J.T)
assert np.allclose(J_num, J_num.T, rtol=0, atol=1e-9)     # also the finite-difference Jacobian
print("J equals its transpose (exactly for softmax_jacobian, to 1e-9 for central differences)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Property 2: rows and columns sum to 0
#
# **Columns.** $\sum_i \sigma_i(a) = 1$ for **every** $a$, so changing $a_k$ cannot change the total:
# $\sum_i \dfrac{\partial \sigma_i}{\partial a_k} = \dfrac{\partial}{\partial a_k} 1 = 0$.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Rows.** $\sum_k J_{ik} = \sigma_i\big(\sum_k \mathbb{1}\{i = k\} - \sum_k \sigma_k\big) = \sigma_i (1 - 1) = 0$.
# (By symmetry the two statements are the same; the row form says $J\mathbf{1} = 0$, used in property 4.)

# %%
assert np.allclose(J.sum(axis=0), 0.0, rtol=0, atol=1e-14)       # columns
assert np.allclose(J.sum(axis=1), 0.0, rtol=0, atol=1e-14)       # rows
assert np.allclose(J_num.sum(axis=0), 0.0, rtol=0, atol=1e-9)    # the same for central differences
print("rows and columns of J sum to 0 (|sum| < 1e-14; central differences < 1e-9)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Property 3: $J$ is positive semi-definite
#
# For any vector $v \in \mathbb{R}^K$,
#
# $$v^\top J v = v^\top \operatorname{diag}(\sigma) v - (\sigma^\top v)^2 = \sum_i \sigma_i v_i^2 - \Big(\sum_i \sigma_i v_i\Big)^2 \;\ge\; 0 .$$
#
# It is the **variance** of a random variable that takes the value $v_i$ with probability $\sigma_i$,
# $\mathbb{E}[v^2] - \mathbb{E}[v]^2$, and a variance is never negative. So all eigenvalues of $J$ are $\ge 0$.

# %%
V = rng.standard_normal((1000, K))                # 1000 random directions v
quad = np.einsum("ni,ik,nk->n", V, J, V)          # v^T J v for each
var = V**2 @ s - (V @ s) ** 2                     # sum_i s_i v_i^2 - (sum_i s_i v_i)^2
assert np.allclose(quad, var, rtol=0, atol=1e-12)
assert quad.min() >= -1e-12
eig = np.linalg.eigvalsh(J)                       # ascending
assert eig.min() >= -1e-12 and abs(eig[0]) < 1e-12
print("v^T J v equals the variance formula for 1000 random v, and is >= 0")
print("eigenvalues of J are >= 0 (smallest |lambda| < 1e-12); the others:", np.round(eig[1:], 4))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Property 4: rank $K-1$, null space spanned by $\mathbf{1}$
#
# Adding the same constant $t$ to every logit does not change softmax: $\sigma(a + t\mathbf{1}) = \sigma(a)$ (shift invariance,
# lecture 02). So the derivative along $\mathbf{1} = (1, \dots, 1)$ is zero: $J\mathbf{1} = \sigma - \sigma(\sigma^\top\mathbf{1}) = 0$.

# %% [markdown] slideshow={"slide_type": "fragment"}
# It is the **only** such direction: $v^\top J v$ is the variance of $v$ under $\sigma$, which is zero only if $v$ is constant
# (all $\sigma_i > 0$). Hence the null space is exactly $\operatorname{span}(\mathbf{1})$ and $\operatorname{rank} J = K - 1$.
# Consequence: $\sigma$ forgets one degree of freedom of the logits, which is why $W$ is only determined up to a common shift
# of its columns.

# %%
ones = np.ones(K)
assert np.allclose(softmax(a + 3.7 * ones), s)                      # shift invariance
assert np.allclose(J @ ones, 0.0, rtol=0, atol=1e-14)
assert np.linalg.matrix_rank(J) == K - 1
u = np.linalg.eigh(J)[1][:, 0]                                      # eigenvector of the smallest eigenvalue
assert np.allclose(np.abs(u), 1 / np.sqrt(K), rtol=0, atol=1e-8)    # parallel to (1, ..., 1)
print(f"J 1 = 0, rank J = {np.linalg.matrix_rank(J)} = K - 1, null space spanned by (1, ..., 1)")

# %% [markdown] slideshow={"slide_type": "fragment"}
# The spectrum at a glance: $K - 1$ positive eigenvalues and one zero (up to round-off), whose eigenvector is $\mathbf{1}/\sqrt{K}$.

# %%
fig, ax = plt.subplots(figsize=(4.5, 3))
ax.bar(np.arange(K), np.maximum(eig, 0.0), color="tab:blue")
ax.set_xticks(np.arange(K))
ax.set_xlabel("eigenvalue index (ascending)")
ax.set_ylabel(r"eigenvalue $\lambda$ of $J$")
ax.set_title(f"Spectrum of J: one zero, rank {K - 1}")
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Batched Jacobians: shape $(N, K, K)$
#
# For $N$ samples, $\mathbf{S}$ has shape $(N, K)$ and there is one Jacobian per row: `softmax_jacobian(S)` returns
# an array of shape $(N, K, K)$ with slice $n$ equal to $\operatorname{diag}(\sigma^{(n)}) - \sigma^{(n)}\sigma^{(n)\top}$.
# We compare with the formula $J_{ik} = \sigma_i(\mathbb{1}\{i=k\} - \sigma_k)$ written with broadcasting.

# %%
N = 4
S = softmax(rng.standard_normal((N, K)))          # (N, K)
J_batch = softmax_jacobian(S)                     # (N, K, K)
J_formula = S[:, :, None] * (np.eye(K)[None, :, :] - S[:, None, :])   # sigma_i (1{i = k} - sigma_k)
assert J_batch.shape == (N, K, K)
assert np.allclose(J_batch, J_formula, rtol=0, atol=1e-15)
assert all(np.allclose(J_batch[n], softmax_jacobian(S[n])) for n in range(N))
print("softmax_jacobian(S):", J_batch.shape, "- each slice is the Jacobian of its own sample")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The Jacobian-vector product without forming $J$
#
# Backpropagation never needs $J$ itself, only its product with a vector:
#
# $$J v = \operatorname{diag}(\sigma) v - \sigma (\sigma^\top v) = \sigma \odot \big(v - \sigma^\top v\big),$$
#
# where $\odot$ is the elementwise product and $\sigma^\top v$ is a number subtracted from every entry.
# That costs $O(K)$ instead of $O(K^2)$ to build $J$ and $O(K^2)$ to multiply (`softmax_jvp`). Since $J$ is symmetric
# this is also the vector-Jacobian product $v^\top J$.

# %%
v = rng.standard_normal(K)
jv = s * (v - s @ v)                              # the formula, inline
assert np.allclose(jv, J @ v, rtol=0, atol=1e-14)
assert np.allclose(softmax_jvp(s, v), J @ v, rtol=0, atol=1e-14)
Vb = rng.standard_normal((N, K))                  # one direction per sample
assert np.allclose(softmax_jvp(S, Vb), np.einsum("nik,nk->ni", J_batch, Vb), rtol=0, atol=1e-14)
print("s * (v - s.v) = softmax_jvp(s, v) = J @ v, for one sample and for a batch of", N)

# %% [markdown] slideshow={"slide_type": "fragment"}
# How much does it save? Timing for $K = 2000$ classes (machine-dependent; this cell's output is not compared).

# %%
# NBVAL_IGNORE_OUTPUT
rng_t = np.random.default_rng(0)
K_big = 2000
s_big, v_big = softmax(rng_t.standard_normal(K_big)), rng_t.standard_normal(K_big)
assert np.allclose(softmax_jacobian(s_big) @ v_big, softmax_jvp(s_big, v_big), rtol=0, atol=1e-12)
t_full = min(timeit.repeat(lambda: softmax_jacobian(s_big) @ v_big, number=3, repeat=3)) / 3
t_jvp = min(timeit.repeat(lambda: softmax_jvp(s_big, v_big), number=100, repeat=3)) / 100
print(f"K = {K_big}: forming J and J @ v takes about {t_full / t_jvp:.0f} times as long as softmax_jvp")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Back to lecture 03: the chain rule through $J$
#
# For one sample, $\ell = \log \sigma_y$ depends on the logits only through $\sigma$. As a function of $\sigma$ its gradient has
# a single nonzero entry, $\dfrac{\partial \ell}{\partial \sigma} = \dfrac{e_y}{\sigma_y}$ ($e_y$ = one-hot vector of $y$). The chain rule:
#
# $$\frac{\partial \ell}{\partial a_k} = \sum_i \frac{\partial \ell}{\partial \sigma_i}\,\frac{\partial \sigma_i}{\partial a_k}
# = \Big(J^\top \frac{\partial \ell}{\partial \sigma}\Big)_k = \frac{1}{\sigma_y} J_{yk}
# = \frac{1}{\sigma_y}\,\sigma_y\big(\mathbb{1}\{y = k\} - \sigma_k\big) = \mathbb{1}\{y = k\} - \sigma_k .$$
#
# The $\sigma_y$ cancels, and we recover lecture 03's $\partial \ell / \partial a = e_y - \sigma$ (ascent direction of $\ell$).

# %%
y = 2                                             # a label for our sample
e_y = np.eye(K)[y]
dl_ds = e_y / s[y]                                # d l / d sigma
assert np.allclose(dl_ds, numerical_gradient(lambda s_: float(np.log(s_[y])), s), rtol=0, atol=1e-8)
dl_da = J.T @ dl_ds                               # the chain rule through the Jacobian
assert np.allclose(dl_da, e_y - s, rtol=0, atol=1e-12)
assert np.allclose(dl_da, numerical_gradient(lambda a_: float(log_softmax(a_)[y]), a), rtol=0, atol=1e-8)
assert np.allclose(softmax_jvp(s, dl_ds), e_y - s, rtol=0, atol=1e-12)   # J symmetric: same as J v
print("J^T (e_y / sigma_y) = e_y - sigma, and both match central differences (max error < 1e-8)")
print("d l / d a =", np.round(dl_da, 4))

# %% [markdown] slideshow={"slide_type": "fragment"}
# With the diagonal-only mistake the same chain rule would give $(1-\sigma_y)\,e_y$: the $-\sigma_k$ for the wrong classes
# disappears, and training would never push their scores down.

# %%
wrong = J_diag_only.T @ dl_ds
assert np.allclose(wrong, (1 - s[y]) * e_y) and not np.allclose(wrong, e_y - s)
print("diagonal only:", np.round(wrong, 4))
print("correct:      ", np.round(e_y - s, 4))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - The quotient rule gives $\partial \sigma_i / \partial a_k = \sigma_i(1 - \sigma_i)$ if $i = k$ and $-\sigma_i\sigma_k$ otherwise:
#   $J = \operatorname{diag}(\sigma) - \sigma\sigma^\top$, checked against central differences; the diagonal-only version fails.
# - $J$ is symmetric, its rows and columns sum to 0 (probabilities always sum to 1), it is positive semi-definite
#   ($v^\top J v$ is a variance), and it has rank $K - 1$ with null space $\operatorname{span}(\mathbf{1})$ (shift invariance).
# - For a batch, `softmax_jacobian(S)` has shape $(N, K, K)$; the product $J v = \sigma \odot (v - \sigma^\top v)$ costs $O(K)$.
# - The chain rule through $J$ turns $\partial \ell / \partial \sigma = e_y / \sigma_y$ into $\partial \ell / \partial a = e_y - \sigma$,
#   the result of lecture 03.
#
# [← Previous: 03 · The gradient by the chain rule](03_chain_rule.ipynb) | [Next: 05 · The final gradient →](05_final_gradient.ipynb)
