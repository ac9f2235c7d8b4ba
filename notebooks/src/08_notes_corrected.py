# %% [markdown] slideshow={"slide_type": "slide"}
# # 08 · The notes, corrected
#
# **What you'll learn**
#
# - to read the handwritten notes this course grew from, formula by formula, in their order;
# - for each formula: what the transcription says, what is correct, and whether the difference is
#   an OCR misreading or a genuine mathematical slip (and when we cannot tell);
# - why each correction matters, shown by running both versions and asserting which one is right.
#
# Prerequisites: [07 · Training on real data](07_training_real_data.ipynb), and really the whole
# course: every correct formula here was derived in lectures 01–06.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How to read this lecture
#
# The notes are a machine transcription (OCR) of handwriting, kept verbatim in the course's seed
# folder (`softmax-derivation-notes.txt`, 156 lines; line numbers below refer to it). For each
# formula, in the notes' order, we give:
#
# 1. **As transcribed**: a short verbatim quote, in a code block (much of it does not even
#    compile as LaTeX);
# 2. **Correct**: the formula in the course's notation;
# 3. **What went wrong**, labelled **OCR** (the transcription misread or lost symbols that the
#    author clearly meant), **slip** (the formula as written is wrong, whatever the
#    handwriting), or **unclear** (we cannot tell which from the transcription alone);
# 4. **Why it matters**, and a code cell that asserts the correct version and, where the wrong
#    one means something, that it gives a different, wrong answer.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **A glossary of recurring misreadings.** `Limbod` = likelihood, `MAKIMIZE THE LOW LIKELIHOOD`
# = maximize the log-likelihood, `DERDUE FOR A SINDLE SAMPLE` = derive for a single sample;
# $g$ = $y$ (a handwritten y); $\alpha$, $\Omega$, $Q$ = $a$ (the logits); $\omega$ = $w$;
# $\overline{x}$ = $\tilde{x}$; $c$ = $e$; $\mathbb{E}$ = $\sum$; `\frac{\pi}{i}` = $\prod_i$; and
# $1$ often becomes $i$. The notes call the number of samples $m$ (we write $N$) and number the
# classes $1, \dots, K$; we keep that numbering in the formulas (a summed class index is $c$),
# while the code numbers classes $0, \dots, K-1$.
#
# **Sign convention.** The notes **maximize** the log-likelihood $\ell$ (gradient ascent), and so
# does every formula here: `grad_log_likelihood` returns $\nabla \ell$. `loss_and_grad` returns the
# mean **negative** log-likelihood and its gradient (descent), used for training in lecture 07.

# %% [markdown] slideshow={"slide_type": "fragment"}
# One small problem serves all the checks: $N = 6$ samples, $D = 3$ (bias + 2 features),
# $K = 4$ classes (more than 2, on purpose).

# %%
import numpy as np

from course_utils import (
    add_bias, fit_lbfgs, grad_log_likelihood, grad_log_likelihood_sample, likelihood,
    log_likelihood, log_softmax, logsumexp, loss_and_grad, make_blobs_2d, numerical_gradient,
    one_hot, softmax, softmax_jacobian,
)

rng = np.random.default_rng(0)
N, K = 6, 4
X_raw = rng.standard_normal((N, 2))
X = add_bias(X_raw)                         # (N, D), rows x~_j, column 0 = ones
W = rng.standard_normal((X.shape[1], K))    # (D, K), column k = w~_k
y = rng.permutation(np.arange(N) % K)       # labels 0..K-1, every class present
A, S, Y = X @ W, softmax(X @ W), one_hot(y, K)
D, rows = X.shape[1], np.arange(N)
print(f"N = {N}, D = {D}, K = {K}, labels y = {y.tolist()}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The model: $P(y = k \mid \tilde{x}, \theta)$ (line 2)
#
# As transcribed:
# ```text
# P_{\pi} [y(i)] = i [x^{(i)}], \theta \} = Softmax_{i} [x^{(i)}]
# ```
# Correct: the probability that sample $i$ has class $k$ is the $k$-th softmax output,
# $$P(y^{(i)} = k \mid \tilde{x}^{(i)}, \theta) = \sigma_k(\tilde{x}^{(i)}).$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** The brackets `[ ] }` for $( \mid )$ and the stray subscript $\pi$ are
# **OCR**. The letter $i$ names both the sample ($x^{(i)}$) and the class ($= i$,
# $\mathrm{Softmax}_i$): **unclear** whether the hand wrote $k$ or reused $i$ (a notational slip).
# **Why it matters:** the likelihood needs, for each sample $i$, the probability of *its observed*
# class, $\sigma_{y^{(i)}}(\tilde{x}^{(i)})$ = `S[i, y[i]]`. Reading "class $i$ of sample $i$"
# picks the diagonal `S[i, i]` instead: other numbers, and undefined for $i \ge K$.

# %%
picked = S[rows, y]                  # sigma_{y_i}(x~_i): one factor of the likelihood per sample
diag = np.diag(S)                    # literal "y(i) = i": only min(N, K) = 4 entries exist
assert np.allclose(S.sum(axis=1), 1) and np.all(S > 0)
assert np.isclose(np.prod(picked), likelihood(W, X, y))
assert diag.shape == (K,) and not np.allclose(diag, picked[:K])
print("S[i, y_i] gives the likelihood's factors; the diagonal S[i, i] does not")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Softmax: the denominator (line 4)
#
# As transcribed:
# ```text
# Softmax_{i}(x) = \frac{e^{i \tilde{i}_{i}^{T}x}}{x^{2}}
# ```
# Correct:
# $$\sigma_k(\tilde{x}) = \frac{e^{a_k}}{\sum_{c=1}^{K} e^{a_c}}, \qquad a_k = \tilde{w}_k^\top \tilde{x}.$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** The numerator's $\tilde{w}_i$ was read as $i\,\tilde{i}_i$, and the
# denominator $\sum_j e^{a_j}$ became $x^2$: **OCR**. We cannot see the handwriting, but $x^2$
# cannot be what was meant: it does not make the outputs sum to 1 (and for a vector $x$, $x^2$ is
# not even defined without choosing a reading such as $\tilde{x}^\top\tilde{x}$).
# **Why it matters:** the denominator is what turns $K$ positive scores into a probability
# distribution, and it couples the classes (raising one score lowers every other probability,
# section 13).

# %%
a = A[0]                                           # the K logits of sample 0
sigma = np.exp(a) / np.sum(np.exp(a))             # the correct formula, written out
notes = np.exp(a) / (X[0] @ X[0])                 # the notes' e^{a_k} / x^2, with x^2 = x~^T x~
assert np.allclose(sigma, softmax(a)) and np.isclose(sigma.sum(), 1.0)
assert not np.isclose(notes.sum(), 1.0)
print(f"correct softmax sums to {sigma.sum():.4f}; the notes' e^a_k / x^2 sums to {notes.sum():.4f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. The likelihood (lines 6–10)
#
# As transcribed:
# ```text
# Like Limbod:
# L_{\pi} = P(\tilde{x}^{(i)}), ..., \tilde{x}^{(m)}, y^{(i)} ... y^{(m)} | \theta \rangle
#         = \frac{\pi}{i} P(\tilde{x}^{(i)}, y^{(i)}) | \theta \rangle
# = \frac{\pi}{i} P[y^{(i)}] P(y^{(i)}] P(y^{(i)}) P(y^{(i
# ```
# Correct, for $N$ i.i.d. samples:
# $$L(\theta) = \prod_{i=1}^{N} P(y^{(i)} \mid \tilde{x}^{(i)}, \theta) = \prod_{i=1}^{N} \sigma_{y^{(i)}}(\tilde{x}^{(i)}).$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** All **OCR**: `Limbod` is "Likelihood"; the product sign $\prod_i$ became
# `\frac{\pi}{i}` ("$\pi$ over $i$"); $\rangle$ is a parenthesis; the first sample
# $\tilde{x}^{(1)}$ reads $\tilde{x}^{(i)}$ (most likely 1 misread as i); line 10 writes the product out
# factor by factor and is cut off mid-formula. One subtlety that is *not* an error: the notes
# start from the joint $P(\tilde{x}, y \mid \theta) = P(y \mid \tilde{x}, \theta)\,P(\tilde{x})$;
# $P(\tilde{x})$ does not depend on $\theta$, so both have the same maximizer.
# **Why it matters:** independence is what turns "make every observed label probable" into one
# product; and a product of many numbers below 1 underflows, which is why lecture 02 takes logs.

# %%
L = np.prod(S[rows, y])                            # prod_i sigma_{y_i}(x~_i)
assert np.isclose(L, likelihood(W, X, y)) and np.isclose(L, np.exp(log_likelihood(W, X, y)))
X_big, y_big = np.ones((400, 1)), np.zeros(400, dtype=int)
W_zero = np.zeros((1, 10))                         # K = 10 classes, each of probability 1/10
assert likelihood(W_zero, X_big, y_big) == 0.0     # 10**-400 underflows float64
assert np.isclose(log_likelihood(W_zero, X_big, y_big), -400 * np.log(10))
print(f"product = likelihood = exp(log-likelihood) = {L:.4e}")
print("for N = 400, K = 10 the product underflows to 0.0; its log, -400 log 10, does not")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. The log-likelihood (line 12)
#
# As transcribed:
# ```text
# \log L_{i} = L = \mathbb{E}\left[a_{g(i)}\left(\tilde{x}^{(i)}\right)
#                  - \log \mathbb{E}\left(a_{g(i)}\left(\tilde{x}^{(i)}\right)\right)\right]
# ```
# Correct:
# $$\ell(\theta) = \log L(\theta) = \sum_{i=1}^{N} \Bigl[ a_{y^{(i)}}(\tilde{x}^{(i)}) - \log \sum_{c=1}^{K} e^{a_c(\tilde{x}^{(i)})} \Bigr].$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** $\mathbb{E}$ for $\sum$ (twice) and $g$ for $y$: **OCR**. Read charitably,
# $\mathbb{E}$ as the *empirical mean* gives $\ell / N$, which has the same maximizer (it is
# what `loss_and_grad` uses, negated). The inner term is the real problem: it must be
# $\log \sum_{c} e^{a_c}$, a sum over **all $K$ classes** of exponentials, but the transcription
# has the label's own logit $a_{y(i)}$ and no exponential. A lost superscript $e^{\cdot}$ could be
# OCR; the subscript $y(i)$ inside the inner sum would be a slip: **unclear**.
# **Why it matters:** with only the label's term inside, $\log e^{a_{y}} = a_{y}$ cancels the first
# term and $\ell \equiv 0$ for every $\mathbf{W}$: nothing to maximize. The sum over all classes
# is what makes the wrong classes compete.

# %%
ell = np.sum(A[rows, y] - logsumexp(A, axis=1))              # the correct formula
assert np.isclose(ell, log_likelihood(W, X, y)) and np.isclose(ell, np.log(likelihood(W, X, y)))
assert np.isclose(ell / N, -loss_and_grad(W, X, y)[0])       # E read as a mean: ell / N
label_only = lambda V: np.sum((X @ V)[rows, y] - np.log(np.exp((X @ V)[rows, y])))
assert ell < 0 and all(abs(label_only(V)) < 1e-12 for V in (W, -2 * W, W**2))   # always 0
print(f"ell = {ell:.4f} = log L; as a mean, ell / N = {ell / N:.4f} = -loss")
print("with only the label's term in the inner sum, the 'log-likelihood' is 0 for every W")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. "Maximize the log-likelihood": set the gradient to zero (lines 14–16)
#
# As transcribed:
# ```text
# WE WANT TO MAKIMIZE THE LOW LIKELIHOOD:
# \frac{96}{9\Gamma} = 0
# ```
# Correct: "We want to maximize the log-likelihood", with first-order condition
# $\partial \ell / \partial \theta = 0$, i.e. for every class $k$
# $$\nabla_{\tilde{w}_k} \ell = \sum_{j=1}^{N} \bigl(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\bigr)\,\tilde{x}_j = 0.$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** `96/9Γ` is $\partial \ell / \partial \theta$ with $\partial$ read as 9, $\ell$
# as 6, $\theta$ as $\Gamma$ (some readings give "$\partial G / \partial \Gamma$"): **OCR**. The
# condition itself is right, but it can't be solved in closed form: $\sigma_k$ depends on
# $\mathbf{W}$ through exponentials, so these $DK$ equations are *nonlinear* (unlike least squares,
# where $\nabla = 0$ is a linear system). We **iterate** instead: gradient ascent (lecture 06),
# L-BFGS (lecture 07). Two more facts the notes do not mention: the maximizer is **not unique**
# (adding one vector to every $\tilde{w}_k$ changes no $\sigma_k$), and for **separable** data
# there is **no** finite maximizer at all.

# %%
G = lambda V: grad_log_likelihood(V, X, y)
assert not np.allclose(G(2 * W), 2 * G(W) - G(0 * W))   # the gradient is not affine in W
X2, y2 = make_blobs_2d(n_per_class=30, num_classes=3, spread=2.0, seed=0)   # overlapping
X2b = add_bias(X2)
W_hat, _ = fit_lbfgs(X2b, y2, 3, l2=0.0, tol=1e-10, max_iter=1000)         # iterate, l2 = 0
assert np.abs(grad_log_likelihood(W_hat, X2b, y2)).max() / len(y2) < 1e-5   # grad ell = 0
shift = np.array([1.0, -2.0, 0.5])[:, None]                # the same vector added to every w~_k
assert np.isclose(log_likelihood(W_hat + shift, X2b, y2), log_likelihood(W_hat, X2b, y2))
assert np.abs(grad_log_likelihood(W_hat + shift, X2b, y2)).max() / len(y2) < 1e-5
print("grad ell is nonlinear in W: no closed form")
print("L-BFGS reaches grad ell = 0 (below 1e-5 per sample)")
print("W + (a vector in every column) has the same ell and zero gradient: not unique")

# %% [markdown] slideshow={"slide_type": "fragment"}
# On separable data, scaling a separating $\mathbf{W}$ up by $t$ always increases $\ell$ towards
# its supremum $0$, which is never attained: $\nabla \ell = 0$ has no solution. (This is why
# lecture 07 adds an L2 penalty.)

# %%
X3, y3 = make_blobs_2d(n_per_class=10, num_classes=3, spread=0.3, seed=0)   # well separated
X3b = add_bias(X3)
W_sep, _ = fit_lbfgs(X3b, y3, 3, l2=1e-3)
ells = [log_likelihood(t * W_sep, X3b, y3) for t in (1.0, 1.5, 2.0, 3.0)]
assert all(e1 < e2 < 0 for e1, e2 in zip(ells, ells[1:]))
print("ell(t W) for t = 1, 1.5, 2, 3:", ", ".join(f"{e:.1e}" for e in ells), "(rising to 0)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. The chain rule (line 18)
#
# As transcribed:
# ```text
# \nabla \tilde{w}_{i} L = \frac{\partial L}{\partial \tilde{w}_{i}}
#     = \frac{\partial L}{\partial \alpha_{i}} \times \frac{\partial \alpha_{i}}{\partial \tilde{w}_{i}}
# ```
# Correct (each sample $j$ has its own logits; only $a_k$ contains $\tilde{w}_k$):
# $$\nabla_{\tilde{w}_k} \ell = \sum_{j=1}^{N} \sum_{c=1}^{K} \frac{\partial \ell_j}{\partial a_c(\tilde{x}_j)}\,\frac{\partial a_c(\tilde{x}_j)}{\partial \tilde{w}_k}
# = \sum_{j=1}^{N} \frac{\partial \ell_j}{\partial a_k(\tilde{x}_j)}\,\tilde{x}_j .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** Almost nothing: $\alpha$ for $a$ (**OCR**), and $i$ for the class index. The
# notes keep only the term $c = k$, which is right because $\partial a_c / \partial \tilde{w}_k = 0$
# for $c \neq k$, and leave the sum over samples implicit (a shorthand, not an error).
# **Why it matters:** this factorization is the whole derivation: lectures 03–04 compute
# $\partial \ell_j / \partial a_k = \mathbb{1}\{y_j = k\} - \sigma_k$ and
# $\partial a_k / \partial \tilde{w}_k = \tilde{x}_j$. All three facts, checked numerically:

# %%
j, k = 0, 1
da_dwk = [numerical_gradient(lambda V: (X[j] @ V)[c], W)[:, k] for c in range(K)]
assert all(np.allclose(da_dwk[c], X[j] if c == k else 0, atol=1e-9) for c in range(K))
dlj_da = numerical_gradient(lambda v: log_softmax(v)[y[j]], A[j])
assert np.allclose(dlj_da, Y[j] - S[j], atol=1e-9)                  # 1{y_j = k} - sigma_k
chain = sum((Y[i, k] - S[i, k]) * X[i] for i in range(N))           # sum_j dl_j/da_k * x~_j
assert np.allclose(chain, numerical_gradient(lambda V: log_likelihood(V, X, y), W)[:, k], atol=1e-8)
print("d a_c / d w~_k = x~_j if c = k else 0; d l_j / d a_k = 1{y_j = k} - sigma_k")
print("their product, summed over samples, matches central differences of ell (to 1e-8)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. The "$-1 \times e^{a_k}$" line (lines 20–22)
#
# As transcribed (line 22 repeats it without the last factor):
# ```text
# = \underbrace{\sum_{j=1}^{N} -1}_{\xi \in \alpha_{k}(\tilde{x}(j))}
#     \times e^{\alpha_{k}(\tilde{x}(j))} \times \tilde{x}^{(j)}
# ```
# Correct: the second term of $\ell$ differentiates to
# $$\frac{\partial}{\partial \tilde{w}_k}\Bigl(-\sum_{j=1}^{N} \log \sum_{c=1}^{K} e^{a_c(\tilde{x}_j)}\Bigr)
# = -\sum_{j=1}^{N} \frac{1}{\sum_{c} e^{a_c(\tilde{x}_j)}} \times e^{a_k(\tilde{x}_j)} \times \tilde{x}_j
# = -\sum_{j=1}^{N} \sigma_k(\tilde{x}_j)\,\tilde{x}_j .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** The "$-1$" is the numerator of $-1/\sum_c e^{a_c}$; its denominator seems to
# have slid into the underbrace (`\xi \in \alpha_k(...)`), and line 22 lost the factor
# $\tilde{x}^{(j)}$: the layout is **OCR**. Whether the indicator term was on this line, we
# cannot tell (**unclear**). **Why it matters:** read literally, $-\sum_j e^{a_k}\tilde{x}_j$ is the
# gradient of $-\sum_j \sum_c e^{a_c}$: the $\log$ has been forgotten, and the result is a
# different function's gradient.

# %%
second_term = lambda V: -np.sum(logsumexp(X @ V, axis=1))    # -sum_j log sum_c e^{a_c}
num = numerical_gradient(second_term, W)
correct = -X.T @ S                                # column k: -sum_j sigma_k(x~_j) x~_j
literal = -X.T @ np.exp(A)                        # "-1 x e^{a_k} x x~_j", no denominator
assert np.allclose(correct, num, atol=1e-8) and not np.allclose(literal, num, atol=1e-2)
assert np.allclose(literal, numerical_gradient(lambda V: -np.sum(np.exp(X @ V)), W), atol=1e-6)
print("-sum_j sigma_k x~_j matches central differences of -sum_j log sum_c e^a_c (to 1e-8)")
print("the literal -sum_j e^a_k x~_j is the gradient of -sum_j sum_c e^a_c: the log is missing")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 8. The gradient, with sums to $\infty$ (line 24)
#
# As transcribed:
# ```text
# \nabla L = \sum_{j=1}^{\infty} \left[\Sigma_{ji} - \frac{e^{\Omega_{k}(\tilde{x}(j))}}
#            {\sum_{k=1}^{\infty} e^{\Omega_{k}(\tilde{x}(j))}} . \tilde{x}^{(j)} \right]
# ```
# Correct:
# $$\nabla_{\tilde{w}_k} \ell = \sum_{j=1}^{N} \Bigl[ \mathbb{1}\{y_j = k\} - \frac{e^{a_k(\tilde{x}_j)}}{\sum_{c=1}^{K} e^{a_c(\tilde{x}_j)}} \Bigr] \tilde{x}_j .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** $\Omega$ for $a$ and $\Sigma_{ji}$ for the indicator $\mathbb{1}\{y_j = k\}$:
# **OCR**. The upper limits $\infty$ must be $N$ (samples) and $K$ (classes): **unclear** whether
# the OCR misread $N$ and $K$ or the author used $\infty$ loosely. Reusing $k$ as the summation
# index inside a formula for the fixed class $k$ is a genuine notational **slip** (we write $c$).
# The factor $\tilde{x}^{(j)}$ sits inside the bracket, after the fraction, so it multiplies only
# $\sigma_k$ (**unclear**: layout or slip). **Why it matters:** each of these gives a wrong
# gradient, checked here for one class $k$: $\tilde{x}_j$ must multiply the whole bracket, and
# the denominator must run over all $K$ classes.

# %%
k = 1
num_k = numerical_gradient(lambda V: log_likelihood(V, X, y), W)[:, k]
correct = sum((Y[j, k] - S[j, k]) * X[j] for j in range(N))            # j = 1..N, c = 1..K
x_inside = sum(Y[j, k] - S[j, k] * X[j] for j in range(N))             # x~_j only on sigma_k
sigma_to_2 = np.exp(A[:, k]) / np.exp(A[:, :2]).sum(axis=1)            # denominator: 2 classes
to_two = sum((Y[j, k] - sigma_to_2[j]) * X[j] for j in range(N))
assert np.allclose(correct, num_k, atol=1e-8)
assert np.allclose(correct, grad_log_likelihood(W, X, y)[:, k])
assert not np.allclose(x_inside, num_k, atol=1e-3) and not np.allclose(to_two, num_k, atol=1e-3)
print(f"class k = {k}: sum over N samples and K classes matches central differences (to 1e-8)")
print("x~_j inside the bracket, or a denominator over 2 classes: both wrong")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 9. The matrix form (line 26)
#
# As transcribed (shortened; the line nests about thirty `\underbrace`s):
# ```text
# \nabla L = \underbrace{\underbrace{ ... \underbrace{X}(S)}}_{S^{-1}}}_{S^{-1}}
#            \left[ ... \underbrace{X}(S) ... _{E^{-1}} - ... _{E^{-1}} \right]} . x^{(ij)}
# ```
# Correct, all $K$ columns at once ($\mathbf{Y}$ one-hot labels, $\mathbf{S}$ softmax outputs):
# $$\nabla_{\mathbf{W}} \ell = \mathbf{X}^\top (\mathbf{Y} - \mathbf{S}), \qquad (D \times N)(N \times K) = D \times K .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** **OCR**, beyond repair: one recognizes $X$, $S$, a bracketed difference and
# labels under the factors (plausibly their shapes), but there is no inverse anywhere in the true
# formula ($\mathbf{S}$ is $N \times K$, not even square). **Why it matters:** one matrix product
# replaces the double loop over samples and classes, and the shapes check themselves. The sign
# matters too: $\mathbf{Y} - \mathbf{S}$ is the **ascent** direction of $\ell$;
# `loss_and_grad` returns $\frac{1}{N}\mathbf{X}^\top(\mathbf{S} - \mathbf{Y})$, the descent
# direction of the mean negative log-likelihood.

# %%
dW = X.T @ (Y - S)
loop = np.column_stack([sum((Y[j, k] - S[j, k]) * X[j] for j in range(N)) for k in range(K)])
assert dW.shape == W.shape == (D, K) and np.allclose(dW, loop)
assert np.allclose(dW, numerical_gradient(lambda V: log_likelihood(V, X, y), W), atol=1e-8)
assert np.allclose(dW, grad_log_likelihood(W, X, y))
assert np.allclose(loss_and_grad(W, X, y)[1], X.T @ (S - Y) / N)     # descent convention
assert ((Y - S).T @ X).shape == (K, D)                  # the other order: W's transpose
print("X^T (Y - S): shape (D, K) like W, equal to the loop and to central differences")
print("loss_and_grad returns X^T (S - Y) / N: the same direction, negated and averaged")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 10. The gradient without $\tilde{x}_j$ (line 28)
#
# As transcribed:
# ```text
# \nabla L = \underbrace{\sum_{j=1}^{n} \left[I_{ji} - \frac{e^{Q_{k}(x (j))}}
#            {\sum_{k \in i}^{n} e^{Q_{k}(x (j))}} \right]}
# ```
# Correct: as in section 8, with the factor $\tilde{x}_j$ and the inner sum over $c = 1, \dots, K$.
# As written, without $\tilde{x}_j$, it is a correct formula for something else:
# $$\sum_{j=1}^{N} \bigl(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\bigr) = \frac{\partial \ell}{\partial b_k},$$
# the gradient with respect to the **bias** $b_k$ only (row 0 of $\mathbf{W}$, since $\tilde{x}_{j,0} = 1$).

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** $Q$ for $a$: **OCR**. The dropped $\tilde{x}_j$ and the inner limit $n$
# (samples) where $K$ (classes) is meant: **unclear**. $I_{ji}$ is a good hint, though: the
# indicator *is* an entry of the identity matrix, $\mathbb{1}\{y_j = k\} = I_{y_j k}$, so the
# one-hot matrix $\mathbf{Y}$ is made of rows of $I$. **Why it matters:** without $\tilde{x}_j$
# only the biases would ever be trained.

# %%
assert np.array_equal(np.eye(K)[y], Y)                       # 1{y_j = k} = I[y_j, k]
no_x = (Y - S).sum(axis=0)                                   # sum_j (1{y_j = k} - sigma_k)
dW = grad_log_likelihood(W, X, y)
assert np.allclose(no_x, dW[0])                              # = d ell / d b_k, the bias row
assert not np.allclose(no_x, dW[1]) and not np.allclose(no_x, dW[2])
print("one-hot Y = rows y_j of the identity matrix")
print("without x~_j the formula gives row 0 of the gradient (the biases), not the weights")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 11. A single sample (lines 30–34)
#
# As transcribed:
# ```text
# WE CAN ALSO DERDUE FOR A SINDLE SAMPLE:
# L_{j}|\theta\rangle = \alpha_{g(j)} \left(\overline{x}^{(j)}\right)
#                       - \log_{k=1}^{2} e^{\alpha_{k}} \left(\overline{x}^{(j)}\right)
# = \log \left(\frac{e^{\alpha_{g(j)}}(\overline{x}^{(j)})}{\sum_{k=1}^{2} e^{\alpha_{k}}(\overline{x}^{(j)})}\right)
# ```
# Correct:
# $$\ell_j(\theta) = a_{y_j}(\tilde{x}_j) - \log \sum_{c=1}^{K} e^{a_c(\tilde{x}_j)}
# = \log \frac{e^{a_{y_j}(\tilde{x}_j)}}{\sum_{c=1}^{K} e^{a_c(\tilde{x}_j)}} = \log \sigma_{y_j}(\tilde{x}_j).$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** `\log_{k=1}^{2}`: the $\sum$ was lost and its limits stuck to the $\log$;
# $\overline{x}$, $g$, $\alpha$, and the argument outside the exponent: **OCR**. The upper limit
# $2$ (twice) where $K$ is meant: **unclear** (a misread $K$, or the author thinking of two
# classes). **Why it matters:** with $K = 2$ the formula is right, but for $K > 2$ it drops
# classes, so $e^{\ell_j}$ can exceed 1 (a "probability" above 1). And without the $\log$,
# $a_{y_j} - \sum_c e^{a_c}$ is not a log-probability: it even changes when every logit is shifted
# by the same constant, which cannot change any probability.

# %%
lj = A[rows, y] - logsumexp(A, axis=1)                          # a_{y_j} - log sum_{c=1}^{K}
assert np.allclose(lj, log_softmax(A)[rows, y]) and np.allclose(lj, np.log(S[rows, y]))
assert np.isclose(lj.sum(), log_likelihood(W, X, y)) and np.all(lj < 0)
to_two = A[rows, y] - np.log(np.exp(A[:, :2]).sum(axis=1))     # sum over classes 1..2 only
assert not np.allclose(to_two, lj) and np.any(to_two > 0)      # a "probability" above 1
no_log = lambda B: B[rows, y] - np.exp(B).sum(axis=1)           # the log missing
assert not np.allclose(no_log(A + 1.0), no_log(A))              # not shift-invariant ...
assert np.allclose(log_softmax(A + 1.0), log_softmax(A))        # ... while the correct one is
print("l_j = a_{y_j} - log sum_c e^{a_c} = log sigma_{y_j} <= 0, and sums to ell")
print(f"sum to 2: exp(l_j) up to {np.exp(to_two.max()):.4f} > 1; without the log: not shift-invariant")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Line 36 defines the logit, with a parenthesis closed in the wrong place (**OCR**):
# ```text
# \alpha_{k} \left(\overline{x}^{(j)} = \overline{\omega_{k}}^{\top} \overline{x}^{(j)}\right)
# ```
# Correct: $a_k(\tilde{x}_j) = \tilde{w}_k^\top \tilde{x}_j = w_k^\top x_j + b_k$, the bias trick of lecture 01.

# %%
j, k = 2, 3
assert np.isclose(A[j, k], W[:, k] @ X[j])                       # a_k(x~_j) = w~_k^T x~_j
assert np.isclose(A[j, k], W[1:, k] @ X_raw[j] + W[0, k])        # = w_k^T x_j + b_k
print("a_k(x~_j) = w~_k^T x~_j = w_k^T x_j + b_k (bias in row 0 of W)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 12. "LET …": the name $\sigma_k$ (lines 38–42)
#
# As transcribed:
# ```text
# LET
# \frac{e^{\alpha_{k(i)}}(\tilde{x}^{(i)})}{\sum_{k=i}^{\infty}e^{\alpha_{k}(\tilde{x}^{(i)})}}
# \rightarrow   if $y(i) = k$
# ```
# Correct: "Let $\displaystyle \sigma_k(\tilde{x}^{(i)}) = \frac{e^{a_k(\tilde{x}^{(i)})}}{\sum_{c=1}^{K} e^{a_c(\tilde{x}^{(i)})}}$",
# and the arrow announces the case analysis "if $y^{(i)} = k$ … otherwise …" of sections 13–15.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** The name being defined, $\sigma_k(\tilde{x}^{(i)}) =$, is missing, and the
# limits $k = i$ to $\infty$ should be $c = 1$ to $K$. The lower limit $i$ is most likely the
# usual 1-read-as-i (**OCR**); $\infty$ for $K$ is **unclear**, as in section 8. **Why it
# matters:** a sum starting at a later class drops classes from the denominator, and the
# "probabilities" of a sample no longer sum to 1.

# %%
e = np.exp(A)
sigma = e / e.sum(axis=1, keepdims=True)                  # sum over c = 1..K
assert np.allclose(sigma, S) and np.allclose(sigma.sum(axis=1), 1)
from_i = [e[i] / e[i, i:].sum() for i in range(1, K)]     # literal "sum from k = i" (i >= 1)
assert all(p.sum() > 1 for p in from_i)
print("sigma_k with the sum over all K classes sums to 1 for every sample")
print("starting the sum at class i drops classes: the sums exceed 1 for samples i = 1..3")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 13. The Jacobian of softmax, diagonal case (lines 44–48)
#
# As transcribed (shortened):
# ```text
# \frac{\partial \sigma_{k}(\tilde{x}^{(i)})}{\partial a_{k}(\tilde{x}^{(i)})}
#   = \frac{\partial}{\partial a_{k}(\tilde{x}^{(i)})}
#     \left(\frac{e^{a_{k}(\tilde{x}^{(i)})}}{\sum_{k=1}^{k} e^{a_{k}(\tilde{x}^{(i)})}}\right)
# = \underbrace{\begin{cases} e^{\alpha_{k}(x^{ij})} & e^{\alpha_{k}(x^{ij})} \\ ... \end{cases}}
#     _{-e^{\alpha_{k}(x^{ij})} \cdot e^{\alpha_{k}(x^{ij})}}
# \left[\sum_{k=1}^{\infty} c^{\alpha_k(\overline{x}(i))} \right]^2
# ```
# Correct, by the quotient rule with $\Sigma = \sum_{c=1}^{K} e^{a_c}$ and $\partial \Sigma / \partial a_k = e^{a_k}$:
# $$\frac{\partial \sigma_k}{\partial a_k} = \frac{e^{a_k}\,\Sigma - e^{a_k}\,e^{a_k}}{\Sigma^2} = \sigma_k (1 - \sigma_k).$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** The numerator $e^{a_k}\Sigma - e^{a_k}e^{a_k}$ was torn into a 2×2
# "cases" block and an underbrace, $c$ is $e$, the denominator's square survived: **OCR**. The
# limits $\sum_{k=1}^{k}$ and $\sum_{k=1}^{\infty}$ should both be $\sum_{c=1}^{K}$ (a lowercase
# $k$ for $K$ is a plausible misreading: **unclear**), and summing over $k$ while differentiating
# by $a_k$ is the index clash of section 8 (**slip**): it hides the key step, that exactly one term
# of $\Sigma$ depends on $a_k$. **Why it matters:** a denominator summed only up to class $k$
# gives a different function and a wrong derivative.

# %%
a = A[0]
dS_da = numerical_gradient(lambda v: np.exp(v).sum(), a)
assert np.allclose(dS_da, np.exp(a), rtol=1e-7)                 # dSigma/da_k = e^{a_k}
s = softmax(a)
diag_num = [numerical_gradient(lambda v: softmax(v)[k], a)[k] for k in range(K)]
assert np.allclose(diag_num, s * (1 - s), atol=1e-9)            # sigma_k (1 - sigma_k)
k = 1                                                           # notes: sum_{k=1}^{k}
up_to_k = numerical_gradient(lambda v: np.exp(v[k]) / np.exp(v[:k + 1]).sum(), a)[k]
assert not np.isclose(up_to_k, s[k] * (1 - s[k]), atol=1e-3)
print("d sigma_k / d a_k = sigma_k (1 - sigma_k) matches central differences (to 1e-9)")
print("with the denominator summed only up to class k the derivative is wrong")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 14. The Jacobian of softmax, off-diagonal case (lines 50–56)
#
# As transcribed (line 50 appears three times, then line 56 loops):
# ```text
# \frac{\partial \sigma_{(i)}}{\partial \alpha_{(x^{(i)})}} = \frac{\partial}{\partial \alpha_{(x^{(i)})}}
#     \left(\frac{e^{\alpha_{(x^{(i)})}}}{e^{\alpha_{(x^{(i)})}}} \right)
# = \underbrace{\begin{cases} e^{a_{k}(\vec{x} \cdot \vec{y})} \\ -e^{a_{k}(\vec{x} \cdot \vec{y})} ...
#     \end{cases}}_{= \frac{1}{2}} e^{a_{k}(\vec{x} \cdot \vec{y})} \cdot ...   (22 times)
# ```
# Correct, for $i \neq k$ (the numerator $e^{a_i}$ does not depend on $a_k$):
# $$\frac{\partial \sigma_i}{\partial a_k} = \frac{0 \cdot \Sigma - e^{a_i}\,e^{a_k}}{\Sigma^2} = -\sigma_i \sigma_k,
# \qquad\text{so}\qquad
# \frac{\partial \sigma_i}{\partial a_k} = \begin{cases} \sigma_k (1 - \sigma_k) & i = k \\ -\sigma_i \sigma_k & i \neq k \end{cases}
# \quad\text{i.e.}\quad J = \mathrm{diag}(\sigma) - \sigma\sigma^\top .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** **OCR** throughout: the class subscripts are lost (one cannot tell which
# $\sigma_i$ is differentiated by which $a_k$), the denominator $\Sigma$ became $e^{a}$ (so the
# fraction would be 1), and line 56 is the OCR looping: 22 copies of a `cases` block, with
# $\vec{x} \cdot \vec{y}$ and "$= \frac{1}{2}$" that appear nowhere in the mathematics.
# **Why it matters:** the off-diagonal terms are the coupling between classes. A common mistake
# keeps only the diagonal $\sigma_k(1 - \sigma_k)$; through the chain rule it then gives
# $\partial \ell_j / \partial a_k = (1 - \sigma_{y_j})\,\mathbb{1}\{y_j = k\}$: the wrong classes
# are never pushed down.

# %%
a, yj = A[0], y[0]
s = softmax(a)
J_num = np.array([numerical_gradient(lambda v: softmax(v)[i], a) for i in range(K)])  # J[i, k]
J_cases = np.array([[s[k] * (1 - s[k]) if i == k else -s[i] * s[k] for k in range(K)]
                    for i in range(K)])
assert np.allclose(J_cases, J_num, atol=1e-9) and np.allclose(J_cases, softmax_jacobian(s))
assert np.allclose(J_cases.sum(axis=0), 0)                     # probabilities still sum to 1
J_diag = np.diag(s * (1 - s))                                  # "diagonal only"
dlj_da = numerical_gradient(lambda v: log_softmax(v)[yj], a)   # 1{y_j = k} - sigma_k
assert np.allclose(J_cases[yj] / s[yj], dlj_da, atol=1e-9)     # chain rule through the true J
assert not np.allclose(J_diag[yj] / s[yj], dlj_da, atol=1e-3)  # ... and through the diagonal
print("the two-case Jacobian = diag(sigma) - sigma sigma^T matches central differences (to 1e-9)")
print("a diagonal-only Jacobian gives the wrong d l_j / d a through the chain rule")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 15. The final formula: two cases (lines 58–66)
#
# As transcribed (lines 63–66 repeat it with $\omega_k$ and $x$, tildes dropped):
# ```text
# \frac{\partial L_{j}[\theta]}{\partial \widetilde{\omega}_{k}} = \begin{cases}
# (1 - \sigma_{g(j)}(\widetilde{x}^{(j)})_{\widetilde{x}^{(j)}}, g^{(j)}_{=k} \\
# -\sigma_{k}(\widetilde{x}^{(j)})_{\widetilde{x}^{(i)}}, g^{(j)}_{=k}
# \end{cases}
# ```
# Correct:
# $$\frac{\partial \ell_j}{\partial \tilde{w}_k} = \begin{cases} \bigl(1 - \sigma_{y_j}(\tilde{x}_j)\bigr)\,\tilde{x}_j & \text{if } y_j = k \\ -\sigma_k(\tilde{x}_j)\,\tilde{x}_j & \text{if } y_j \neq k \end{cases}
# \;=\; \bigl(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\bigr)\,\tilde{x}_j .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** Both cases carry the condition "$y(j) = k$". As written this is
# **wrong**: the cases overlap (column $k = y_j$ gets two different values) and nothing covers
# $k \neq y_j$. The likeliest cause is that the OCR dropped the stroke of $\neq$, but a slip of the
# pen cannot be ruled out: **unclear**. Also: the factor $\tilde{x}$ set as a subscript, $g$ for
# $y$, $\omega$ for $w$ (**OCR**), $\tilde{x}^{(i)}$ for $\tilde{x}^{(j)}$ in the second case
# (**unclear**), and dropping the tilde (lines 63–66) would mean the weights *without* the bias
# (**OCR**). **Why it matters:** the second case is the one that lowers the scores of the wrong
# classes.

# %%
j = 1
x, s, yj = X[j], softmax(A[j]), y[j]
cases = np.column_stack([(1 - s[yj]) * x if yj == k else -s[k] * x for k in range(K)])
num = numerical_gradient(lambda V: log_likelihood(V, X[j:j + 1], y[j:j + 1]), W)
assert np.allclose(cases, num, atol=1e-9)
assert np.allclose(cases, grad_log_likelihood_sample(W, x, int(yj)))
assert np.allclose(cases, np.outer(x, Y[j] - s))               # (1{y_j = k} - sigma_k) x~_j
assert not np.allclose((1 - s[yj]) * x, -s[yj] * x)           # literal: two values at k = y_j
literal = np.column_stack([cases[:, k] if k == yj else np.zeros(D) for k in range(K)])
assert not np.allclose(literal, num, atol=1e-3)               # k != y_j left without a formula
assert np.allclose(cases.sum(axis=1), 0) and not np.allclose(literal.sum(axis=1), 0)
print(f"sample j = {j} (label {yj}): the corrected cases match central differences (to 1e-9)")
print("with 'y_j = k' in both cases, columns k != y_j get no formula: the gradient is wrong")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 16. The repeated final line (lines 68–156)
#
# As transcribed, this block appears **22 times** in a row, and the file ends with a dangling
# `\frac{\partial L_{j}[\theta]}{\partial \omega_{k}} =`:
# ```text
# \frac{\partial L_{j}[\theta]}{\partial \omega_{k}} = \begin{cases}
# (1 - \sigma_{g(j)}(x^{(j)})_{x^{(i)}}, g^{(j)}_{=k}
# \end{cases}
# ```
# Correct: nothing new, the notes end with the two-case formula of section 15.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** A transcription artefact (**OCR** looping on one line, then truncated): it
# adds no content and should be read once. **Why it matters:** the repeated line keeps only the
# first case, which gives only column $y_j$ of the gradient. The other $K - 1$ columns, from the
# second case, are not small: since the $K$ columns add up to the zero vector,
# $\sum_{k} \partial \ell_j / \partial \tilde{w}_k = \bigl(\sum_k \mathbb{1}\{y_j = k\} - \sum_k \sigma_k\bigr)\tilde{x}_j = 0$,
# they sum to exactly minus column $y_j$.

# %%
j = 1
x, s, yj = X[j], softmax(A[j]), y[j]
first_case = (1 - s[yj]) * x                                   # all the repeated line gives
dW_j = grad_log_likelihood_sample(W, x, int(yj))
assert np.allclose(dW_j[:, yj], first_case)
others = np.delete(dW_j, yj, axis=1)                           # columns k != y_j: second case
assert np.abs(others).max() > 0.01 and np.allclose(others.sum(axis=1), -first_case)
print(f"the first case is column y_j = {yj}; the other {K - 1} columns sum to minus that column")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary: the notes, corrected
#
# | # | notes (as transcribed) | correct | kind of error | derived in |
# |---|---|---|---|---|
# | 1 | `P[y(i)] = i [x^(i)], θ} = Softmax_i` | $P(y^{(i)} = k \mid \tilde{x}^{(i)}, \theta) = \sigma_k(\tilde{x}^{(i)})$ | OCR; $i$ for the class unclear | 01 |
# | 2 | `Softmax_i(x) = e^(w̃ᵀx) / x²` | $\sigma_k = e^{a_k} / \sum_{c=1}^{K} e^{a_c}$ | OCR | 01 |
# | 3 | `L = π/i P(x̃^(i), y^(i) ∣ θ)` | $L = \prod_{i=1}^{N} \sigma_{y^{(i)}}(\tilde{x}^{(i)})$ | OCR | 01 |
# | 4 | `log L = 𝔼[a_g(i) − log 𝔼(a_g(i))]` | $\ell = \sum_i [a_{y^{(i)}} - \log \sum_{c=1}^{K} e^{a_c}]$ | OCR ($\mathbb{E}$); inner sum unclear | 02 |
# | 5 | `96/9Γ = 0` | $\nabla_{\tilde{w}_k} \ell = 0$: nonlinear, no closed form; iterate | OCR | 02, 06 |
# | 6 | `∇L = ∂L/∂α_i × ∂α_i/∂w̃_i` | $\nabla_{\tilde{w}_k} \ell = \sum_j \frac{\partial \ell_j}{\partial a_k} \tilde{x}_j$ | OCR; sum over $j$ implicit | 03 |
# | 7 | `Σ_j −1 × e^(α_k) × x̃^(j)` | $-\sum_j \sigma_k(\tilde{x}_j)\,\tilde{x}_j$ (the $1/\sum_c e^{a_c}$ lost) | OCR (layout); indicator unclear | 03 |
# | 8 | `Σ_{j=1}^∞ [Σ_ji − e^(Ω_k)/Σ_{k=1}^∞ e^(Ω_k) . x̃^(j)]` | $\sum_{j=1}^{N} [\mathbb{1}\{y_j = k\} - \sigma_k] \tilde{x}_j$, $\sum_{c=1}^{K}$ | OCR; $\infty$ unclear; index clash slip | 03, 05 |
# | 9 | nested `\underbrace{X}(S)`, `S⁻¹`, `E⁻¹` | $\nabla_{\mathbf{W}} \ell = \mathbf{X}^\top(\mathbf{Y} - \mathbf{S})$ | OCR | 05 |
# | 10 | `Σ_{j=1}^n [I_ji − e^(Q_k)/Σ_{k∈i}^n e^(Q_k)]` | needs $\tilde{x}_j$; without it, $\partial \ell / \partial b_k$ | OCR; missing $\tilde{x}_j$ unclear | 03, 05 |
# | 11 | `L_j = α_g(j) − log_{k=1}^2 e^(α_k)` | $\ell_j = a_{y_j} - \log \sum_{c=1}^{K} e^{a_c} = \log \sigma_{y_j}$ | OCR; limit 2 unclear | 02, 06 |
# | 11′ | `α_k(x̄^(j) = ω̄_kᵀ x̄^(j))` | $a_k(\tilde{x}_j) = \tilde{w}_k^\top \tilde{x}_j$ | OCR | 01 |
# | 12 | `LET e^(α_k)/Σ_{k=i}^∞ e^(α_k)` | $\sigma_k = e^{a_k} / \sum_{c=1}^{K} e^{a_c}$ | OCR; $\infty$ unclear | 01 |
# | 13 | `∂σ_k/∂a_k = … / Σ_{k=1}^k …` | $\sigma_k(1 - \sigma_k)$ | OCR; limit unclear; index clash slip | 04 |
# | 14 | `∂σ_(i)/∂α_(x^(i))`, 22 `cases` blocks | $-\sigma_i\sigma_k$ ($i \neq k$); $J = \mathrm{diag}(\sigma) - \sigma\sigma^\top$ | OCR | 04 |
# | 15 | both cases `y(j) = k` | $(1 - \sigma_{y_j})\tilde{x}_j$ if $y_j = k$; $-\sigma_k \tilde{x}_j$ if $y_j \neq k$ | wrong as written; OCR ($\neq$) likely, unclear | 05 |
# | 16 | first case repeated 22 times | (nothing new) | OCR artefact | 05 |
#
# Once the OCR is undone, we found no formula that is *certainly* a mathematical error of the
# author's: the certain slips are notational (one letter for two different indices). Where we
# cannot tell (the limits $\infty$, $2$, $n$; the inner sum of the log-likelihood; the condition
# of the last formula's second case), the transcription as it stands is wrong, and the executable
# checks above show which reading is right.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - Read in order, the notes follow the course's path: model, likelihood, log-likelihood, "set the
#   gradient to zero", chain rule, $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$, single sample,
#   Jacobian, final two-case formula.
# - Most of what is wrong in the transcription is OCR: misread symbols ($\mathbb{E}$ for $\sum$,
#   $\pi/i$ for $\prod_i$, $x^2$ for $\sum_c e^{a_c}$), lost layout, and a looping last line.
# - What would matter if taken literally (sums to $2$ or from $i$, $\tilde{x}_j$ in the wrong place
#   or missing, a forgotten $\log$, a diagonal-only Jacobian, "$y_j = k$" in both cases) gives
#   a different, wrong answer, and each was caught by an assertion against central differences or
#   an exact identity.
#
# [← Previous: 07 · Training on real data](07_training_real_data.ipynb)
