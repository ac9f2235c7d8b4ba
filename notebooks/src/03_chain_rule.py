# %% [markdown] slideshow={"slide_type": "slide"}
# # 03 · The gradient by the chain rule
#
# **What you'll learn**
#
# - how the chain rule splits $\partial \ell_j / \partial \tilde{w}_k$ into two simple factors,
#   $\dfrac{\partial \ell_j}{\partial a_k} \cdot \dfrac{\partial a_k}{\partial \tilde{w}_k}$;
# - why $\partial a_k / \partial \tilde{w}_k = \tilde{x}$, and why no other score depends on $\tilde{w}_k$;
# - why $\partial \ell_j / \partial a_k = \mathbb{1}\{y_j = k\} - \sigma_k$, the indicator, and its vector form `one_hot`;
# - the gradient $\nabla_{\tilde{w}_k} \ell = \sum_j \big(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\big)\,\tilde{x}_j$,
#   its matrix form $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$, and a shape check;
# - where the handwritten notes' transcription of this step goes astray.
#
# Prerequisites: [02 · The log-likelihood and log-sum-exp](02_log_likelihood.ipynb) (the log-likelihood $\ell$ and log-sum-exp).

# %%
import numpy as np
import matplotlib.pyplot as plt

from course_utils import (
    add_bias, grad_log_likelihood, log_likelihood, log_softmax, logsumexp, loss_and_grad,
    numerical_gradient, one_hot, softmax,
)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The quantity we differentiate
#
# For one sample $(\tilde{x}_j, y_j)$ the scores are $a_k = \tilde{w}_k^\top \tilde{x}_j$, $k = 0, \dots, K-1$,
# and its log-likelihood (lecture 02) is
#
# $$\ell_j = a_{y_j} - \log \sum_{k} e^{a_k} = \log \sigma_{y_j}, \qquad \ell = \sum_{j=1}^{N} \ell_j .$$
#
# The notes **maximize** $\ell$, so every gradient in this lecture is the **ascent** direction.
# We work on a small random problem: $N = 6$ samples, $D = 3$ (bias + 2 features), $K = 4$ classes.

# %%
rng = np.random.default_rng(0)
N, D, K = 6, 3, 4
X = add_bias(rng.standard_normal((N, D - 1)))     # (N, D), rows are x~_j, column 0 is the bias 1
W = rng.standard_normal((D, K))                   # (D, K), column k is w~_k
y = rng.permutation(np.arange(N) % K)             # labels, every class present
A = X @ W                                         # logits a_k(x~_j), shape (N, K)

ell_j = A[np.arange(N), y] - logsumexp(A, axis=1)      # the formula, per sample
assert np.allclose(ell_j, log_softmax(A)[np.arange(N), y])
assert np.isclose(ell_j.sum(), log_likelihood(W, X, y))
print("y =", y)
print(f"l = sum_j l_j = {ell_j.sum():.4f}  (matches log_likelihood)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The chain rule, as in the notes
#
# $\tilde{w}_k$ reaches $\ell_j$ only through the scores. In general the chain rule sums over **all** scores:
#
# $$\frac{\partial \ell_j}{\partial \tilde{w}_k} = \sum_{c} \frac{\partial \ell_j}{\partial a_c}\,\frac{\partial a_c}{\partial \tilde{w}_k} .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# But $a_c = \tilde{w}_c^\top \tilde{x}_j$ contains only its own weight vector, so $\partial a_c / \partial \tilde{w}_k = 0$
# for $c \neq k$ and a single term survives, which is the notes' formula:
#
# $$\frac{\partial \ell_j}{\partial \tilde{w}_k} = \underbrace{\frac{\partial \ell_j}{\partial a_k}}_{\text{a number}} \;\cdot\; \underbrace{\frac{\partial a_k}{\partial \tilde{w}_k}}_{\text{a vector in } \mathbb{R}^D} .$$
#
# We compute the two factors separately (steps 1 and 2), then multiply (step 3).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 1: $\partial a_k / \partial \tilde{w}_k = \tilde{x}$
#
# Written out, $a_k = \tilde{w}_k^\top \tilde{x} = \sum_{d} W_{dk}\, \tilde{x}_d$ is linear in the weights, so
#
# $$\frac{\partial a_k}{\partial W_{dk}} = \tilde{x}_d, \quad\text{i.e.}\quad \frac{\partial a_k}{\partial \tilde{w}_k} = \tilde{x},
# \qquad\qquad \frac{\partial a_c}{\partial \tilde{w}_k} = 0 \ \text{ for } c \neq k .$$
#
# Check: differentiate each score $a_c$ with respect to the whole matrix $W$ by central differences. The result must be
# $\tilde{x}$ in column $c$ and zeros in every other column.

# %%
x = X[0]                                          # one sample x~, shape (D,)
for c in range(K):
    da_c_dW = numerical_gradient(lambda W_: float(x @ W_[:, c]), W)   # shape (D, K)
    expected = np.zeros((D, K))
    expected[:, c] = x                            # x~ in column c, 0 elsewhere
    assert np.allclose(da_c_dW, expected, rtol=0, atol=1e-9)
print("d a_c / d w_k matches central differences: x~ if c = k, 0 otherwise (max error < 1e-9)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 2: $\partial \ell_j / \partial a_k$
#
# Treat $\ell_j = a_{y_j} - \log \sum_c e^{a_c}$ as a function of the $K$ logits and differentiate both terms.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **First term.** $a_{y_j}$ is one of the logits: its derivative with respect to $a_k$ is $1$ if $k$ is that logit and
# $0$ otherwise. We write this with the **indicator**
#
# $$\frac{\partial a_{y_j}}{\partial a_k} = \mathbb{1}\{y_j = k\} = \begin{cases} 1 & \text{if } y_j = k,\\ 0 & \text{otherwise.} \end{cases}$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Second term.** The chain rule through the logarithm, $(\log u)' = u'/u$, with $u = \sum_c e^{a_c}$ and
# $\partial u / \partial a_k = e^{a_k}$ (only the $c = k$ term depends on $a_k$):
#
# $$\frac{\partial}{\partial a_k} \log \sum_c e^{a_c} = \frac{e^{a_k}}{\sum_c e^{a_c}} = \sigma_k .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Together:**
#
# $$\boxed{\ \frac{\partial \ell_j}{\partial a_k} = \mathbb{1}\{y_j = k\} - \sigma_k\ }$$
#
# Check against central differences of $\ell_j$ as a function of the logits $a$ (sample $j = 0$).

# %%
a, yj = A[0], y[0]                                # logits of sample 0, shape (K,), and its label
dl_da = (np.arange(K) == yj) - softmax(a)         # 1{y_j = k} - sigma_k, for k = 0..K-1
dl_da_num = numerical_gradient(lambda a_: float(a_[yj] - logsumexp(a_)), a)
assert np.allclose(dl_da, dl_da_num, rtol=0, atol=1e-8)
print("d l_j / d a_k = 1{y_j = k} - sigma_k matches central differences (max error < 1e-8)")
print("d l_j / d a =", np.round(dl_da, 4))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The indicator as a vector: one-hot labels
#
# For a fixed label $y$, the $K$ numbers $\mathbb{1}\{y = k\}$, $k = 0,\dots,K-1$, form the one-hot vector $e_y$.
# Stacking one row per sample gives the matrix $\mathbf{Y}$ with $Y_{jk} = \mathbb{1}\{y_j = k\}$ (`one_hot(y, K)`).
# With $\mathbf{S} = \operatorname{softmax}(\mathbf{A})$ row by row, step 2 for all samples and classes at once is
#
# $$\frac{\partial \ell}{\partial A_{jk}} = \mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)
# \qquad\Longleftrightarrow\qquad \texttt{dA} = \mathbf{Y} - \mathbf{S} \quad (N \times K).$$
#
# ($A_{jk}$ appears only in $\ell_j$, so $\partial \ell / \partial A_{jk} = \partial \ell_j / \partial a_k$.)
# First the indicator literally, as a double loop; then the package's `one_hot`.

# %%
Y_loop = np.array([[1.0 if y[j] == k else 0.0 for k in range(K)] for j in range(N)])
Y = one_hot(y, K)
assert np.array_equal(Y, Y_loop)
S = softmax(A)
dA = Y - S                                        # (N, K), shaped like A
dA_num = numerical_gradient(lambda A_: float(np.sum(log_softmax(A_)[np.arange(N), y])), A)
assert np.allclose(dA, dA_num, rtol=0, atol=1e-8)
print("one_hot(y, K) equals the literal indicator loop")
print("dA = Y - S matches central differences of l(A) (max error < 1e-8)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What $\mathbf{Y} - \mathbf{S}$ looks like for one sample
#
# The true class gets $1 - \sigma_{y_j} > 0$, every other class gets $-\sigma_k < 0$, and the components sum to
# $\sum_k \mathbb{1}\{y_j = k\} - \sum_k \sigma_k = 1 - 1 = 0$.
# Read as an **ascent** direction: to raise $\ell_j$, push the true score up and all other scores down,
# each in proportion to the probability it wrongly holds.

# %%
j = 2
row = dA[j]
assert np.isclose(row.sum(), 0.0, rtol=0, atol=1e-12)
assert row[y[j]] > 0 and np.all(np.delete(row, y[j]) < 0)
print(f"sample {j}: true class {y[j]}, components sum to 0 (|sum| < 1e-12)")
fig, ax = plt.subplots(figsize=(5, 3))
ax.bar(np.arange(K), row, color=["tab:green" if k == y[j] else "tab:red" for k in range(K)])
ax.axhline(0, color="k", lw=0.8)
ax.set_xticks(np.arange(K), [f"k={k}" for k in range(K)])
ax.set_xlabel("class k")
ax.set_ylabel(r"$\mathbb{1}\{y_j = k\} - \sigma_k$")
ax.set_title(f"dA for sample j = {j} (true class {y[j]})")
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 3: combine the two factors
#
# Multiplying step 2 by step 1:
#
# $$\frac{\partial \ell_j}{\partial \tilde{w}_k} = \big(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\big)\,\tilde{x}_j
# = \begin{cases} \big(1 - \sigma_{y_j}(\tilde{x}_j)\big)\,\tilde{x}_j & \text{if } y_j = k,\\[2pt]
# -\sigma_k(\tilde{x}_j)\,\tilde{x}_j & \text{if } y_j \neq k, \end{cases}$$
#
# the two cases written in the notes. Check for sample $j = 0$ against central differences of its log-likelihood $\ell_0$.

# %%
dl0_dW = np.outer(X[0], dA[0])                    # column k is (1{y_0 = k} - sigma_k) x~_0, shape (D, K)
dl0_dW_num = numerical_gradient(lambda W_: log_likelihood(W_, X[:1], y[:1]), W)
assert np.allclose(dl0_dW, dl0_dW_num, rtol=0, atol=1e-8)
print("d l_0 / d w_k = (1{y_0 = k} - sigma_k) x~_0 matches central differences (max error < 1e-8)")

# %% [markdown] slideshow={"slide_type": "fragment"}
# The log-likelihood is a sum over samples, so its gradient is the sum of the per-sample gradients:
#
# $$\nabla_{\tilde{w}_k} \ell = \sum_{j=1}^{N} \big(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\big)\,\tilde{x}_j ,
# \qquad k = 0, \dots, K-1 .$$
#
# Check: the literal double sum against central differences of `log_likelihood` over all $D \cdot K$ weights.

# %%
dW_loop = np.zeros((D, K))
for j in range(N):
    sigma = softmax(X[j] @ W)
    for k in range(K):
        dW_loop[:, k] += ((y[j] == k) - sigma[k]) * X[j]
dW_num = numerical_gradient(lambda W_: log_likelihood(W_, X, y), W)
assert np.allclose(dW_loop, dW_num, rtol=0, atol=1e-8)
print("sum_j (1{y_j = k} - sigma_k(x~_j)) x~_j matches central differences of log L (max error < 1e-8)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The chain rule in matrix form: a shape check
#
# Entry $(d, k)$ of the sum above is $\sum_j X_{jd}\,(Y_{jk} - S_{jk})$: a matrix product.
# In terms of the whole matrices, $\mathbf{A} = \mathbf{X}\mathbf{W}$ and the chain rule reads
#
# $$\underbrace{\texttt{dW}}_{D \times K} = \underbrace{\mathbf{X}^\top}_{D \times N}\ \underbrace{\texttt{dA}}_{N \times K}
# = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S}).$$
#
# The shapes leave no other choice: only $\mathbf{X}^\top \texttt{dA}$ has the shape $(D, K)$ of $\mathbf{W}$.
# (Lecture 05 treats this form in full.)

# %%
dW = X.T @ dA                                     # X^T (Y - S)
print("X:", X.shape, " dA:", dA.shape, " dW = X.T @ dA:", dW.shape, " W:", W.shape)
assert dW.shape == W.shape
assert np.allclose(dW, dW_loop, rtol=0, atol=1e-12)
assert np.allclose(dW, grad_log_likelihood(W, X, y), rtol=0, atol=1e-12)
print("X^T (Y - S) equals the double loop and course_utils.grad_log_likelihood")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Where the notes' transcription goes astray
#
# At this step the OCR'd notes read (verbatim):
#
# $$= \underbrace{\sum_{j=1}^{N} -1}_{\xi \in \alpha_{k}(\tilde{x}(j))} \times e^{\alpha_{k}(\tilde{x}(j))} \times \tilde{x}^{(j)}
# \qquad
# \nabla L = \sum_{j=1}^{\infty} \left[\Sigma_{ji} - \frac{e^{\Omega_{k}(\tilde{x}(j))}}{\sum_{k=1}^{\infty} e^{\Omega_{k}(\tilde{x}(j))}} . \tilde{x}^{(j)} \right]$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# What goes wrong, and the correction:
#
# - **Sums to $\infty$.** There are $N$ samples and $K$ classes: $\sum_{j=1}^{N}$ over samples, $\sum_{c}$ over the $K$ classes.
#   (Reusing $k$ as the summation index inside $\sigma_k$ also clashes with the fixed class $k$: we write $c$.)
# - **"$-1 \times e^{a_k}$".** Read literally, this is the derivative of $-\sum_c e^{a_c}$, i.e. the $\log$ is forgotten.
#   The derivative of $-\log \sum_c e^{a_c}$ carries the factor $1/\sum_c e^{a_c}$ (the "1" is its numerator):
#   $-\dfrac{1}{\sum_c e^{a_c}} \times e^{a_k} = -\sigma_k$.
# - **The first term** ($\Sigma_{ji}$, later $I_{ji}$) is the indicator $\mathbb{1}\{y_j = k\}$, and the gradient is with
#   respect to one weight vector, $\nabla_{\tilde{w}_k}$; $\tilde{x}_j$ multiplies the **whole** bracket.
#
# $$\nabla_{\tilde{w}_k} \ell = \sum_{j=1}^{N} \left[\mathbb{1}\{y_j = k\} - \frac{e^{a_k(\tilde{x}_j)}}{\sum_{c} e^{a_c(\tilde{x}_j)}}\right] \tilde{x}_j$$
#
# Check: the literal "$-e^{a_k}$" version fails the finite-difference test that the corrected formula passed above.

# %%
dW_literal = X.T @ (Y - np.exp(A))                # "-1 x e^{a_k}": the normalization is missing
err_literal = np.max(np.abs(dW_literal - dW_num))
assert not np.allclose(dW_literal, dW_num, rtol=0, atol=1e-3)
assert np.allclose(X.T @ (Y - np.exp(A) / np.exp(A).sum(axis=1, keepdims=True)), dW_num, rtol=0, atol=1e-8)
print(f"literal '-e^a_k' version: max error {err_literal:.2f} -> fails")
print("with the division by sum_c e^a_c (= sigma_k): passes (max error < 1e-8)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Sign convention: ascent on $\ell$, descent on the loss
#
# $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ is the gradient of the log-likelihood, which the notes **maximize**: a small step
# $\mathbf{W} + \eta\,\texttt{dW}$ raises $\ell$ (gradient ascent). `loss_and_grad` instead returns the mean **negative**
# log-likelihood, whose gradient is $-\frac{1}{N}\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$, to be descended.

# %%
eta = 1e-3
ll_before, ll_after = log_likelihood(W, X, y), log_likelihood(W + eta * dW, X, y)
assert ll_after > ll_before
loss, dW_loss = loss_and_grad(W, X, y)
assert np.isclose(loss, -ll_before / N) and np.allclose(dW_loss, -dW / N, rtol=0, atol=1e-12)
print(f"log L: {ll_before:.4f} -> {ll_after:.4f} after a small step along +dW (ascent)")
print("loss_and_grad returns -(1/N) log L and -(1/N) X^T (Y - S) (descent)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - The chain rule keeps one term, $\frac{\partial \ell_j}{\partial \tilde{w}_k} = \frac{\partial \ell_j}{\partial a_k}\frac{\partial a_k}{\partial \tilde{w}_k}$,
#   because $\tilde{w}_k$ enters only its own score; $\partial a_k / \partial \tilde{w}_k = \tilde{x}$.
# - $\partial \ell_j / \partial a_k = \mathbb{1}\{y_j = k\} - \sigma_k$; for a batch $\texttt{dA} = \mathbf{Y} - \mathbf{S}$, whose rows sum to 0.
# - $\nabla_{\tilde{w}_k} \ell = \sum_{j=1}^{N} (\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j))\,\tilde{x}_j$, i.e.
#   $\texttt{dW} = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ of shape $(D, K)$: the ascent direction of $\ell$.
# - The notes' "$-1 \times e^{a_k}$" misses the $1/\sum_c e^{a_c}$ from the log, and their sums run to $N$ and $K$, not $\infty$.
#
# Every step passed a central-difference check. Next we look inside $\sigma$ itself: its Jacobian.
#
# [← Previous: 02 · The log-likelihood and log-sum-exp](02_log_likelihood.ipynb) | [Next: 04 · The Jacobian of softmax →](04_softmax_jacobian.ipynb)
