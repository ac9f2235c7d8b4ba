# %% [markdown] slideshow={"slide_type": "slide"}
# # 03 · The chain rule and the gradient with respect to the logits
#
# **What you'll learn**
#
# - the log-likelihood of **one** sample as a function of its logits, $\ell_j = a_{y_j} - \log \sum_c e^{a_c}$;
# - the chain-rule skeleton of the notes, $\dfrac{\partial \ell_j}{\partial \tilde{w}_k} = \dfrac{\partial \ell_j}{\partial a_k} \cdot \dfrac{\partial a_k}{\partial \tilde{w}_k}$,
#   and why only $a_k$ depends on $\tilde{w}_k$;
# - step 1, $\partial a_k / \partial \tilde{w}_k = \tilde{x}_j$; step 2, the derivative of log-sum-exp is softmax, so
#   $\partial \ell_j / \partial a = e_{y_j} - \sigma$ (one-hot minus probabilities, summing to 0);
# - the notes' two cases for $\partial \ell_j / \partial \tilde{w}_k$, checked against central differences;
# - where the notes' transcription of these lines goes astray.
#
# Prerequisites: [01 · The softmax model and the likelihood](01_softmax_likelihood.ipynb) (scores, softmax, the bias trick) and
# [02 · The log-likelihood and log-sum-exp](02_log_likelihood.ipynb) (the log-likelihood $\ell$ and a stable log-sum-exp).

# %%
import matplotlib.pyplot as plt
import numpy as np

from course_utils import add_bias, grad_log_likelihood_sample, log_softmax, logsumexp, one_hot, softmax
from course_utils.figures import OKABE_ITO, class_style, show_figures

# %% [markdown] slideshow={"slide_type": "slide"}
# ## One sample, as a function of its logits
#
# The log-likelihood is a sum over the samples, $\ell = \sum_j \ell_j$ (lecture 02). As the notes do ("we can also
# derive for a single sample"), we differentiate **one** term. For a sample $(\tilde{x}_j, y_j)$ with logits
# $a_c = \tilde{w}_c^\top \tilde{x}_j$, $c = 0, \dots, K-1$,
#
# $$\ell_j = \log \sigma_{y_j}(\tilde{x}_j) = \log \frac{e^{a_{y_j}}}{\sum_{c} e^{a_c}} = a_{y_j} - \log \sum_{c=0}^{K-1} e^{a_c} .$$
#
# Summing the per-sample gradients, and writing them as one matrix product, is lecture 05's job; lecture 04 builds the Jacobian of
# softmax that lecture 05 needs for the curvature of $\ell$, and checks it against this lecture's result.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **A slip of the notes.** They write the sum as $\log \sum_{k=1}^{2} e^{a_k}$: the upper limit should be the number of
# classes $K$, and the summation index is $k$, the very letter they then use for the class whose weights $\tilde{w}_k$
# we differentiate. With $k$ both free and summed, "$\partial / \partial a_k$ of $\sum_k e^{a_k}$" has no clear meaning.
# We sum over $c$ and keep $k$ free. The notes maximize $\ell$, so every gradient here is an **ascent** direction.
#
# Our example: $D = 3$ (bias + 2 features), $K = 4$ classes, one sample with label $y_j = 2$.

# %%
rng = np.random.default_rng(0)
D, K = 3, 4
W = rng.standard_normal((D, K))                   # column k is w~_k
x_tilde = add_bias(rng.standard_normal(D - 1))    # x~_j = (1, x_j), shape (D,)
yj = 2                                            # its label
a = x_tilde @ W                                   # logits a_c = w~_c^T x~_j, shape (K,)
ell_j = a[yj] - np.log(np.sum(np.exp(a)))         # a_{y_j} - log sum_c e^{a_c}, literally
assert np.isclose(ell_j, np.log(np.exp(a[yj]) / np.exp(a).sum()))   # = log sigma_{y_j}
assert np.isclose(ell_j, a[yj] - logsumexp(a)) and np.isclose(ell_j, log_softmax(a)[yj])
print("logits a =", np.round(a, 4))
print(f"l_j = {ell_j:.4f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The chain rule, as in the notes
#
# $\tilde{w}_k$ reaches $\ell_j$ only through the logits. In general the chain rule sums over **all** of them:
#
# $$\frac{\partial \ell_j}{\partial \tilde{w}_k} = \sum_{c} \frac{\partial \ell_j}{\partial a_c}\,\frac{\partial a_c}{\partial \tilde{w}_k} .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# But $a_c = \tilde{w}_c^\top \tilde{x}_j$ contains only its own weight vector, column $c$ of $\mathbf{W}$. So
# $\partial a_c / \partial \tilde{w}_k = 0$ for $c \neq k$, a single term survives, and we get the notes' formula:
#
# $$\frac{\partial \ell_j}{\partial \tilde{w}_k} = \underbrace{\frac{\partial \ell_j}{\partial a_k}}_{\text{a number (step 2)}} \;\cdot\; \underbrace{\frac{\partial a_k}{\partial \tilde{w}_k}}_{\text{a vector in } \mathbb{R}^D \text{ (step 1)}} .$$
#
# Check: move only column $k$ of $\mathbf{W}$; then only the logit $a_k$ changes.

# %%
for k in range(K):
    V = np.zeros((D, K))
    V[:, k] = rng.standard_normal(D)              # a direction that moves w~_k only
    a_moved = x_tilde @ (W + V)
    assert np.array_equal(np.delete(a_moved, k), np.delete(a, k))    # every other logit: unchanged, exactly
    assert not np.isclose(a_moved[k], a[k])                          # a_k: changed

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 1: $\partial a_k / \partial \tilde{w}_k = \tilde{x}_j$
#
# Written out, $a_k = \tilde{w}_k^\top \tilde{x}_j = \sum_{d} W_{dk}\, \tilde{x}_{jd}$ is linear in the weights, so
#
# $$\frac{\partial a_k}{\partial W_{dk}} = \tilde{x}_{jd}, \qquad\text{i.e.}\qquad \frac{\partial a_k}{\partial \tilde{w}_k} = \tilde{x}_j ,$$
#
# the same vector for every class $k$. Check with central differences, $\dfrac{f(w + h) - f(w - h)}{2h}$, one weight at a time.

# %%
h = 1e-5
da_dW = np.empty((D, K))                          # entry (d, k): d a_k / d W_dk
for d in range(D):
    for k in range(K):
        W_plus, W_minus = W.copy(), W.copy()
        W_plus[d, k] += h
        W_minus[d, k] -= h
        da_dW[d, k] = ((x_tilde @ W_plus)[k] - (x_tilde @ W_minus)[k]) / (2 * h)
assert np.allclose(da_dW, np.column_stack([x_tilde] * K), rtol=0, atol=1e-9)
print("x~_j =", np.round(x_tilde, 4))
print("d a_k / d w~_k by central differences, one column per k:")
print(np.round(da_dW, 4))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 2: $\partial \ell_j / \partial a_k$ through log-sum-exp
#
# Treat $\ell_j = a_{y_j} - \log \sum_c e^{a_c}$ as a function of the $K$ logits and differentiate both terms.
#
# **First term.** $a_{y_j}$ is one of the logits: its derivative with respect to $a_k$ is the **indicator**
#
# $$\frac{\partial a_{y_j}}{\partial a_k} = \mathbb{1}\{y_j = k\} = \begin{cases} 1 & \text{if } y_j = k,\\ 0 & \text{otherwise.} \end{cases}$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Second term.** The chain rule through the logarithm, $(\log u)' = u'/u$, with $u = \sum_c e^{a_c}$. Only the term
# $c = k$ of $u$ depends on $a_k$, so $\partial u / \partial a_k = e^{a_k}$ (here the summation letter $c$ matters):
#
# $$\frac{\partial}{\partial a_k} \log \sum_c e^{a_c} = \frac{e^{a_k}}{\sum_c e^{a_c}} = \sigma_k :
# \qquad \text{the derivative of log-sum-exp is softmax.}$$
#
# Check: central differences of `logsumexp` along each logit give $\sigma$.

# %%
unit = np.eye(K)                                  # row k: the unit step along a_k
lse_slopes = (logsumexp(a + h * unit, axis=1) - logsumexp(a - h * unit, axis=1)) / (2 * h)
assert np.allclose(lse_slopes, softmax(a), rtol=0, atol=1e-9)
print("slopes of log sum_c e^{a_c}:", np.round(lse_slopes, 4))
print("sigma(a)                   :", np.round(softmax(a), 4))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 2, together: one-hot minus probabilities
#
# Subtracting the second term from the first,
#
# $$\boxed{\ \frac{\partial \ell_j}{\partial a_k} = \mathbb{1}\{y_j = k\} - \sigma_k\ }
# \qquad\text{i.e.}\qquad \frac{\partial \ell_j}{\partial a} = e_{y_j} - \sigma \in \mathbb{R}^K ,$$
#
# where $e_{y_j}$ is the one-hot vector of the label (`one_hot`). Check against central differences of $\ell_j(a)$.
# The literal $e^{a_k} / \sum_c e^{a_c}$ overflows for large logits (lecture 02): we use the stable `softmax`.

# %%
da = one_hot([yj], K)[0] - softmax(a)             # e_{y_j} - sigma, shape (K,) like a
A_plus, A_minus = a + h * unit, a - h * unit           # row k: a with a_k moved by +h or -h
da_num = ((A_plus[:, yj] - logsumexp(A_plus, axis=1)) - (A_minus[:, yj] - logsumexp(A_minus, axis=1))) / (2 * h)
assert np.allclose(da, da_num, rtol=0, atol=1e-9)
da_naive = (np.arange(K) == yj) - np.exp(a) / np.exp(a).sum()     # the literal formula
assert np.allclose(da_naive, da, rtol=0, atol=1e-15)
with np.errstate(over="ignore", invalid="ignore"):
    big = (np.arange(K) == yj) - np.exp(a + 1000) / np.exp(a + 1000).sum()
assert np.all(np.isnan(big)) and np.allclose(one_hot([yj], K)[0] - softmax(a + 1000), da)
print("d l_j / d a =", np.round(da, 4))
print("logits + 1000, literal formula:", big)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What $e_{y_j} - \sigma$ looks like for one sample
#
# The true class gets $1 - \sigma_{y_j} > 0$, every other class gets $-\sigma_k < 0$, and the components sum to
# $\sum_c \mathbb{1}\{y_j = c\} - \sum_c \sigma_c = 1 - 1 = 0$.
# Read as an **ascent** direction: to raise $\ell_j$, push the true logit up and every other logit down, each in
# proportion to the probability it wrongly holds. A sample the model already gets right with $\sigma_{y_j} \approx 1$
# has $e_{y_j} - \sigma \approx 0$: it barely asks for a change. Our sample is the opposite case: the model puts most of
# its probability on class 0 while the label is 2, so the gradient pushes $a_2$ up by almost 1 and $a_0$ down by almost as much.

# %% slideshow={"slide_type": "subslide"}
assert np.isclose(da.sum(), 0.0, rtol=0, atol=1e-12)
assert da[yj] > 0 and np.all(np.delete(da, yj) < 0)
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(9, 3), sharey=True)
for i, (heights, name) in enumerate([(one_hot([yj], K)[0], r"$e_{y_j}$"), (softmax(a), r"$\sigma$")]):
    ax0.bar(np.arange(K) + 0.4 * i - 0.2, heights, width=0.4, label=name, edgecolor="black", linewidth=0.6,
            color=class_style(i)["color"], hatch=class_style(i)["hatch"])
ax0.set_title(f"one-hot label (y_j = {yj}) and probabilities")
ax0.legend()
ax1.bar(np.arange(K), da, color=[OKABE_ITO["blue"] if k == yj else OKABE_ITO["vermillion"] for k in range(K)],
        edgecolor="black", linewidth=0.6)
ax1.set_title(r"$\partial \ell_j / \partial a = e_{y_j} - \sigma$ (sums to 0)")
for ax in (ax0, ax1):
    ax.axhline(0, color="k", lw=0.8)
    ax.set_xticks(np.arange(K), [f"k={k}" for k in range(K)])
sig = softmax(a)
show_figures(fig, description=(
    f"Left: for one sample with label {yj}, the one-hot vector (1 at class {yj}, plain bars) beside the "
    f"probabilities σ = ({', '.join(f'{p:.2f}' for p in sig)}) (hatched bars): the model puts "
    f"{sig.max():.2f} on class {int(np.argmax(sig))}. Right: the derivative e_y − σ, one bar per class, "
    f"({', '.join(f'{d:.2f}' for d in da)}): only the true class's bar is positive, and the bars sum to 0."))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 3: combine, the notes' two cases
#
# Multiplying step 2 by step 1:
#
# $$\frac{\partial \ell_j}{\partial \tilde{w}_k} = \big(\mathbb{1}\{y_j = k\} - \sigma_k\big)\,\tilde{x}_j
# = \begin{cases} \big(1 - \sigma_{k}\big)\,\tilde{x}_j & \text{if } y_j = k,\\[2pt]
# -\sigma_k\,\tilde{x}_j & \text{if } y_j \neq k, \end{cases}$$
#
# the two cases of the notes (in the first, $\sigma_k = \sigma_{y_j}$, which is how the notes write it). Placed side
# by side as the $K$ columns of a $(D, K)$ array, they form the outer product $\tilde{x}_j\,(e_{y_j} - \sigma)^\top$,
# which is what `grad_log_likelihood_sample` returns. First the cases literally:

# %%
sigma = softmax(a)
dW_cases = np.empty((D, K))                       # column k: d l_j / d w~_k
for k in range(K):
    if yj == k:
        dW_cases[:, k] = (1 - sigma[yj]) * x_tilde
    else:
        dW_cases[:, k] = -sigma[k] * x_tilde
dW = grad_log_likelihood_sample(W, x_tilde, yj)   # x~_j (e_{y_j} - sigma)^T
assert dW.shape == W.shape
assert np.allclose(dW_cases, dW, rtol=0, atol=1e-15) and np.allclose(dW, np.outer(x_tilde, da), rtol=0, atol=1e-15)
print("d l_j / d W, column k = d l_j / d w~_k:")
print(np.round(dW, 4))

# %% [markdown] slideshow={"slide_type": "subslide"}
# And against central differences of $\ell_j$ itself, one weight $W_{dk}$ at a time:

# %%
dW_num = np.empty((D, K))
for d in range(D):
    for k in range(K):
        W_plus, W_minus = W.copy(), W.copy()
        W_plus[d, k] += h
        W_minus[d, k] -= h
        dW_num[d, k] = (log_softmax(x_tilde @ W_plus)[yj] - log_softmax(x_tilde @ W_minus)[yj]) / (2 * h)
assert np.allclose(dW_cases, dW_num, rtol=0, atol=1e-9)

# %% [markdown] slideshow={"slide_type": "fragment"}
# Two facts of this outer product that later lectures cite. It has **rank one**: every column is a multiple of
# $\tilde{x}_j$. And every **row sums to 0**, since the entries of $e_{y_j} - \sigma$ do: the columns of a gradient
# add up to zero, so a gradient step never changes $\sum_c \tilde{w}_c$, the flat direction $v\mathbf{1}^\top$ of lecture 02.

# %%
assert np.linalg.matrix_rank(dW) == 1 and np.allclose(dW.sum(axis=1), 0.0, rtol=0, atol=1e-15)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Where the notes' transcription goes astray
#
# The lines of the notes that this lecture covers, as transcribed (verbatim), and what they should say:
#
# - $L_{j}|\theta\rangle = \alpha_{g(j)} (\overline{x}^{(j)}) - \log_{k=1}^{2} e^{\alpha_{k}} (\overline{x}^{(j)})$ is
#   $\ell_j = a_{y_j}(\tilde{x}_j) - \log \sum_{c} e^{a_c(\tilde{x}_j)}$: the $\Sigma$ fell out, the sum runs over the $K$ classes
#   (not to 2), and its index should not be $k$ (first section).
# - $\nabla_{\tilde{w}_{i}} L = \frac{\partial L}{\partial \alpha_{i}} \times \frac{\partial \alpha_{i}}{\partial \tilde{w}_{i}}$ is
#   right: the class is called $i$ there, $k$ here, and for one sample $L$ is $\ell_j$.

# %% [markdown] slideshow={"slide_type": "fragment"}
# - $= \underbrace{\sum_{j=1}^{N} -1}_{\xi \in \alpha_{k}(\tilde{x}(j))} \times e^{\alpha_{k}(\tilde{x}(j))} \times \tilde{x}^{(j)}$
#   (the sum over samples is lecture 05's) is step 2 for the second term. Read literally, "$-1 \times e^{a_k}$" is the
#   derivative of $-\sum_c e^{a_c}$: the $\log$ is forgotten. The derivative of $-\log \sum_c e^{a_c}$ carries the factor
#   $1 / \sum_c e^{a_c}$ (the "1" is its numerator): $-\dfrac{1}{\sum_c e^{a_c}} \times e^{a_k} = -\sigma_k$.
# - The last lines give the two cases of step 3, but with "$y^{(j)} = k$" under **both**: the second case is $y_j \neq k$.
#   (Their variant without tildes, $\partial / \partial w_k$ with $x_j$, is the same formula without the bias row.)
#
# Check: the literal "$-e^{a_k}$" fails the central-difference test that $e_{y_j} - \sigma$ passed.

# %%
da_literal = one_hot([yj], K)[0] - np.exp(a)      # "-1 x e^{a_k}": the 1 / sum_c e^{a_c} is missing
assert not np.allclose(da_literal, da_num, rtol=0, atol=1e-3)
assert np.allclose(one_hot([yj], K)[0] - np.exp(a) / np.exp(a).sum(), da_num, rtol=0, atol=1e-9)
assert np.allclose(dW[1:], np.outer(x_tilde[1:], da)) and np.allclose(dW[0], da)   # raw weights; bias row
print(f"literal '-e^a_k': max error {np.max(np.abs(da_literal - da_num)):.2f} against central differences")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises (paper and pencil)
#
# **Exercise 1.** One sample with $K = 3$ logits $a = (0, \log 2, \log 5)$, label $y_j = 1$, and $\tilde{x}_j = (1, 2)$.
# Compute $\sigma$, $\partial \ell_j / \partial a$ and the three vectors $\partial \ell_j / \partial \tilde{w}_k$.
#
# <details><summary>Answer</summary>
#
# $e^{a} = (1, 2, 5)$ with sum $8$, so $\sigma = (1/8,\ 1/4,\ 5/8)$. Then
# $\partial \ell_j / \partial a = e_1 - \sigma = (-1/8,\ 3/4,\ -5/8) = (-0.125,\ 0.75,\ -0.625)$, which sums to 0.
# Multiplying each component by $\tilde{x}_j = (1, 2)$:
# $\partial \ell_j / \partial \tilde{w}_0 = (-0.125, -0.25)$, $\partial \ell_j / \partial \tilde{w}_1 = (0.75, 1.5)$ (the case $y_j = k$:
# $(1 - \sigma_1)\tilde{x}_j$), $\partial \ell_j / \partial \tilde{w}_2 = (-0.625, -1.25)$.
#
# </details>

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Exercise 2.** Show that $\sum_{c=0}^{K-1} \partial \ell_j / \partial \tilde{w}_c = 0$. What does this say about adding the same
# vector $v$ to every $\tilde{w}_k$?
#
# <details><summary>Answer</summary>
#
# $\sum_c (\mathbb{1}\{y_j = c\} - \sigma_c)\,\tilde{x}_j = (1 - \sum_c \sigma_c)\,\tilde{x}_j = (1 - 1)\,\tilde{x}_j = 0$.
# Moving every $\tilde{w}_k$ to $\tilde{w}_k + \alpha v$ changes $\ell_j$ at the rate $\sum_c v^\top \partial \ell_j / \partial \tilde{w}_c = 0$. Indeed
# it adds the same number $\alpha\, v^\top \tilde{x}_j$ to every logit, and softmax is shift invariant (lecture 01): $\ell_j$
# does not change at all.
#
# </details>

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Exercise 3.** What does $\partial \ell_j / \partial a$ tend to when the model becomes certain and right
# ($\sigma \to e_{y_j}$)? Certain and wrong ($\sigma \to e_{k'}$, $k' \neq y_j$)? Show that $\|\partial \ell_j / \partial a\| \le \sqrt{2}$ always.
#
# <details><summary>Answer</summary>
#
# Certain and right: $e_{y_j} - \sigma \to 0$, the sample stops pulling on the weights. Certain and wrong:
# $e_{y_j} - \sigma \to e_{y_j} - e_{k'}$, with $+1$ for the true class and $-1$ for the wrong favourite, while $\ell_j \to -\infty$:
# the gradient stays bounded even though $\ell_j$ does not. In general
# $\|e_{y_j} - \sigma\|^2 = (1 - \sigma_{y_j})^2 + \sum_{c \neq y_j} \sigma_c^2 \le (1 - \sigma_{y_j})^2 + \big(\sum_{c \neq y_j} \sigma_c\big)^2 = 2(1 - \sigma_{y_j})^2 \le 2$,
# since the $\sigma_c \ge 0$ and $\sum_{c \neq y_j} \sigma_c = 1 - \sigma_{y_j}$.
#
# </details>

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Exercise 4.** The first entry of $\tilde{w}_k = (b_k, w_k)$ is the bias. What is $\partial \ell_j / \partial b_k$, and what is the
# vector of these derivatives for all $k$?
#
# <details><summary>Answer</summary>
#
# The first entry of $\tilde{x}_j = (1, x_j)$ is 1, so $\partial \ell_j / \partial b_k = (\mathbb{1}\{y_j = k\} - \sigma_k) \cdot 1$ and, for all
# classes, $\partial \ell_j / \partial b = e_{y_j} - \sigma$: the gradient with respect to the biases **is** the gradient with
# respect to the logits (row 0 of `dW`). The raw weights get $\partial \ell_j / \partial w_k = (\mathbb{1}\{y_j = k\} - \sigma_k)\, x_j$.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - For one sample, $\ell_j = a_{y_j} - \log \sum_c e^{a_c}$, with the class summed over called $c$ (the notes reuse $k$
#   and stop the sum at 2).
# - The chain rule keeps one term, $\frac{\partial \ell_j}{\partial \tilde{w}_k} = \frac{\partial \ell_j}{\partial a_k}\frac{\partial a_k}{\partial \tilde{w}_k}$,
#   because moving $\tilde{w}_k$ moves only $a_k$ (checked); $\partial a_k / \partial \tilde{w}_k = \tilde{x}_j$ (checked).
# - The derivative of log-sum-exp is softmax, so $\partial \ell_j / \partial a = e_{y_j} - \sigma$, one-hot minus probabilities,
#   summing to 0 (checked against central differences; the literal formula overflows, the stable one does not).
# - $\partial \ell_j / \partial \tilde{w}_k = (\mathbb{1}\{y_j = k\} - \sigma_k)\,\tilde{x}_j$: the notes' two cases, with $y_j \neq k$ in the
#   second, equal to `grad_log_likelihood_sample` and to central differences; as a $(D, K)$ array it is the outer product
#   $\tilde{x}_j\,(e_{y_j} - \sigma)^\top$, of rank one, with rows summing to 0.
# - The notes' "$-1 \times e^{a_k}$" misses the $1/\sum_c e^{a_c}$ from the log (it fails the check).
#
# [← Previous: 02 · The log-likelihood and log-sum-exp](02_log_likelihood.ipynb) | [Next: 04 · The Jacobian of softmax →](04_softmax_jacobian.ipynb)
#
# Homework: [Homework 2 · The Jacobian, the gradient and gradient checking](../exercises/hw2_gradients.ipynb)
