# %% [markdown] slideshow={"slide_type": "slide"}
# # 09 · The notes, corrected
#
# **What you'll learn**
#
# - to read the handwritten notes the course follows, formula by formula, in their order;
# - for each formula: what the transcription says, what is correct, and whether the difference is
#   an OCR misreading or a genuine mathematical slip (and when we cannot tell);
# - why each correction matters, shown by running both versions and asserting which one is right.
#
# Prerequisites: [08 · Training on real data](08_training_real_data.ipynb), and really the whole
# course: every correct formula here was derived in lectures 01–05 and is checked with the central
# differences of lecture 06.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How to read this lecture
#
# The notes are a machine transcription (OCR) of handwriting, 156 lines long; the line numbers
# below refer to that transcription. For each formula, in the notes' order, we give:
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
# $1$ often becomes $i$.
#
# **From the notes' notation to ours.** The notes write the parameters $\theta$ (for us
# $\theta = \mathbf{W}$), a sample as a superscript $x^{(i)}$ (we write $\tilde{x}_i$), the number of
# samples $m$ (we write $N$), and $L$ both for the likelihood and for its logarithm (we write $L$
# and $\ell$, and $\ell_j$ for one sample). They number the classes $1, \dots, K$; we number them
# $0, \dots, K-1$, in the formulas as in the code, so a sum the notes would run from $1$ to $K$
# runs here from $c = 0$ to $K-1$. A class index that is summed over is always $c$.
#
# **Sign convention.** The notes **maximize** the log-likelihood $\ell$ (gradient ascent), and so
# does every formula here: `grad_log_likelihood` returns $\nabla \ell$. `loss_and_grad` returns the
# training objective $E(\mathbf{W}) = -\frac{1}{N}\ell(\mathbf{W}) + \frac{\lambda}{2}\lVert\mathbf{W}\rVert^2$
# and its gradient, to be minimized (lecture 05; used for training in lecture 08).

# %% [markdown] slideshow={"slide_type": "subslide"}
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
X = add_bias(X_raw)                         # (N, D), rows x~_i, column 0 = ones
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
# $$P(y_i = k \mid \tilde{x}_i, \mathbf{W}) = \sigma_k(\tilde{x}_i).$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** The brackets `[ ] }` for $( \mid )$ and the stray subscript $\pi$ are
# **OCR**. The letter $i$ names both the sample ($x^{(i)}$) and the class ($= i$,
# $\mathrm{Softmax}_i$): **unclear** whether the hand wrote $k$ or reused $i$ (a notational slip).
# **Why it matters:** the likelihood needs, for each sample $i$, the probability of *its observed*
# class, $\sigma_{y_i}(\tilde{x}_i)$ = `S[i, y[i]]`. Reading "class $i$ of sample $i$"
# picks the diagonal `S[i, i]` instead: other numbers, and undefined for $i \ge K$.

# %%
picked = S[rows, y]                  # sigma_{y_i}(x~_i): one factor of the likelihood per sample
diag = np.diag(S)                    # literal "y(i) = i": only min(N, K) = 4 entries exist
assert np.allclose(S.sum(axis=1), 1) and np.all(S > 0)
assert np.isclose(np.prod(picked), likelihood(W, X, y))
assert diag.shape == (K,) and not np.allclose(diag, picked[:K])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Softmax: the denominator (line 4)
#
# As transcribed:
# ```text
# Softmax_{i}(x) = \frac{e^{i \tilde{i}_{i}^{T}x}}{x^{2}}
# ```
# Correct:
# $$\sigma_k(\tilde{x}) = \frac{e^{a_k}}{\sum_{c=0}^{K-1} e^{a_c}}, \qquad a_k = \tilde{w}_k^\top \tilde{x}.$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** The numerator's $\tilde{w}_i$ was read as $i\,\tilde{i}_i$, and the
# denominator $\sum_c e^{a_c}$ became $x^2$: **OCR**. We cannot see the handwriting, but $x^2$
# cannot be what was meant: it does not make the outputs sum to 1 (and for a vector $x$, $x^2$ is
# not even defined without choosing a reading such as $\tilde{x}^\top\tilde{x}$; with that reading,
# the four "probabilities" of sample 0 below add up to about 1.54).
# **Why it matters:** the denominator is what turns $K$ positive scores into a probability
# distribution, and it couples the classes (raising one score lowers every other probability,
# section 14).

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
# $$L(\mathbf{W}) = \prod_{i=1}^{N} P(y_i \mid \tilde{x}_i, \mathbf{W}) = \prod_{i=1}^{N} \sigma_{y_i}(\tilde{x}_i).$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** All **OCR**: `Limbod` is "Likelihood"; the product sign $\prod_i$ became
# `\frac{\pi}{i}` ("$\pi$ over $i$"); $\rangle$ is a parenthesis; the first sample
# $\tilde{x}^{(1)}$ reads $\tilde{x}^{(i)}$ (most likely 1 misread as i); line 10 writes the product out
# factor by factor and is cut off mid-formula. One subtlety that is *not* an error: the notes
# start from the joint $P(\tilde{x}, y \mid \theta) = P(y \mid \tilde{x}, \theta)\,P(\tilde{x})$;
# $P(\tilde{x})$ does not depend on $\theta$, so both have the same maximizer.
# **Why it matters:** independence is what turns "make every observed label probable" into one
# product; and a product of many numbers below 1 underflows (for $N = 400$ samples and $K = 10$
# equally likely classes it is $10^{-400}$, stored as exactly `0.0`), which is why lecture 02 takes logs.

# %%
L = np.prod(S[rows, y])                            # prod_i sigma_{y_i}(x~_i)
assert np.isclose(L, likelihood(W, X, y)) and np.isclose(L, np.exp(log_likelihood(W, X, y)))
X_big, y_big = np.ones((400, 1)), np.zeros(400, dtype=int)
W_zero = np.zeros((1, 10))                         # K = 10 classes, each of probability 1/10
assert likelihood(W_zero, X_big, y_big) == 0.0     # 10**-400 underflows float64
assert np.isclose(log_likelihood(W_zero, X_big, y_big), -400 * np.log(10))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. The log-likelihood (line 12)
#
# As transcribed:
# ```text
# \log L_{i} = L = \mathbb{E}\left[a_{g(i)}\left(\tilde{x}^{(i)}\right)
#                  - \log \mathbb{E}\left(a_{g(i)}\left(\tilde{x}^{(i)}\right)\right)\right]
# ```
# Correct:
# $$\ell(\mathbf{W}) = \log L(\mathbf{W}) = \sum_{i=1}^{N} \Bigl[ a_{y_i}(\tilde{x}_i) - \log \sum_{c=0}^{K-1} e^{a_c(\tilde{x}_i)} \Bigr].$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** $\mathbb{E}$ for $\sum$ (twice) and $g$ for $y$: **OCR**. Read charitably,
# $\mathbb{E}$ as the *empirical mean* gives $\ell / N$, which has the same maximizer (it is
# $-E(\mathbf{W})$ with $\lambda = 0$, what `loss_and_grad` minimizes). The inner term is the real
# problem: it must be $\log \sum_{c} e^{a_c}$, a sum over **all $K$ classes** of exponentials, but the
# transcription has the label's own logit $a_{y(i)}$ and no exponential. A lost superscript
# $e^{\cdot}$ could be OCR; the subscript $y(i)$ inside the inner sum would be a slip: **unclear**.
# **Why it matters:** with only the label's term inside, $\log e^{a_{y_i}} = a_{y_i}$ cancels the first
# term and $\ell \equiv 0$ for every $\mathbf{W}$: nothing to maximize. The sum over all classes
# is what makes the wrong classes compete.

# %%
ell = np.sum(A[rows, y] - logsumexp(A, axis=1))              # the correct formula
assert np.isclose(ell, log_likelihood(W, X, y)) and np.isclose(ell, np.log(likelihood(W, X, y)))
assert np.isclose(ell / N, -loss_and_grad(W, X, y, l2=0.0)[0])   # E read as a mean: ell / N = -E
label_only = lambda V: np.sum((X @ V)[rows, y] - np.log(np.exp((X @ V)[rows, y])))
assert ell < 0 and all(abs(label_only(V)) < 1e-12 for V in (W, -2 * W, W**2))   # always 0

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
# condition itself is right, and since $\ell$ is concave (lecture 05, with the Hessian) every solution is a global maximum. But it can't be solved in closed form: $\sigma_k$
# depends on $\mathbf{W}$ through exponentials, so these $DK$ equations are *nonlinear* (unlike least
# squares, where $\nabla = 0$ is a linear system). We **iterate** instead: gradient ascent with a step
# size that always climbs (lecture 05), SGD (lecture 07), L-BFGS (lecture 08). Two more facts the notes
# do not mention (lecture 02): the maximizer is **not unique** (adding one vector to every
# $\tilde{w}_k$ changes no $\sigma_k$), and for **separable** data there is **no** finite maximizer.

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

# %% [markdown] slideshow={"slide_type": "subslide"}
# On separable data, scaling a separating $\mathbf{W}$ up by $t$ always increases $\ell$ towards
# its supremum $0$, which is never attained: $\nabla \ell = 0$ has no solution (the numbers below
# rise towards 0 as $t$ grows). This is why lecture 08 adds an L2 penalty.

# %%
X3, y3 = make_blobs_2d(n_per_class=10, num_classes=3, spread=0.3, seed=0)   # well separated
X3b = add_bias(X3)
W_sep, _ = fit_lbfgs(X3b, y3, 3, l2=1e-3)
ells = [log_likelihood(t * W_sep, X3b, y3) for t in (1.0, 1.5, 2.0, 3.0)]
assert all(e1 < e2 < 0 for e1, e2 in zip(ells, ells[1:]))
print("ell(t W) for t = 1, 1.5, 2, 3:", ", ".join(f"{e:.1e}" for e in ells))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. The chain rule (line 18)
#
# As transcribed:
# ```text
# \nabla \tilde{w}_{i} L = \frac{\partial L}{\partial \tilde{w}_{i}}
#     = \frac{\partial L}{\partial \alpha_{i}} \times \frac{\partial \alpha_{i}}{\partial \tilde{w}_{i}}
# ```
# Correct (each sample $j$ has its own logits; only $a_k$ contains $\tilde{w}_k$):
# $$\nabla_{\tilde{w}_k} \ell = \sum_{j=1}^{N} \sum_{c=0}^{K-1} \frac{\partial \ell_j}{\partial a_c(\tilde{x}_j)}\,\frac{\partial a_c(\tilde{x}_j)}{\partial \tilde{w}_k}
# = \sum_{j=1}^{N} \frac{\partial \ell_j}{\partial a_k(\tilde{x}_j)}\,\tilde{x}_j .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** Almost nothing: $\alpha$ for $a$ (**OCR**), and $i$ for the class index (the
# letter the notes also use for samples). The notes keep only the term $c = k$, which is right
# because $\partial a_c / \partial \tilde{w}_k = 0$ for $c \neq k$, and leave the sum over samples
# implicit (a shorthand, not an error).
# **Why it matters:** this factorization is the whole derivation: lecture 03 computes
# $\partial a_k / \partial \tilde{w}_k = \tilde{x}_j$ and
# $\partial \ell_j / \partial a_k = \mathbb{1}\{y_j = k\} - \sigma_k$ (lecture 04 finds it again
# through the Jacobian). All three facts, checked against central differences:

# %%
j, k = 0, 1
da_dwk = [numerical_gradient(lambda V: (X[j] @ V)[c], W)[:, k] for c in range(K)]
assert all(np.allclose(da_dwk[c], X[j] if c == k else 0, atol=1e-9) for c in range(K))
dlj_da = numerical_gradient(lambda v: log_softmax(v)[y[j]], A[j])
assert np.allclose(dlj_da, Y[j] - S[j], atol=1e-9)                  # 1{y_j = k} - sigma_k
chain = sum((Y[i, k] - S[i, k]) * X[i] for i in range(N))           # sum over all samples
assert np.allclose(chain, numerical_gradient(lambda V: log_likelihood(V, X, y), W)[:, k], atol=1e-8)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. The "$-1 \times e^{a_k}$" line (lines 20–22)
#
# As transcribed (line 22 repeats it without the last factor):
# ```text
# = \underbrace{\sum_{j=1}^{N} -1}_{\xi \in \alpha_{k}(\tilde{x}(j))}
#     \times e^{\alpha_{k}(\tilde{x}(j))} \times \tilde{x}^{(j)}
# ```
# Correct: the second term of $\ell$ differentiates to
# $$\frac{\partial}{\partial \tilde{w}_k}\Bigl(-\sum_{j=1}^{N} \log \sum_{c=0}^{K-1} e^{a_c(\tilde{x}_j)}\Bigr)
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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 8. The gradient, with sums to $\infty$ (line 24)
#
# As transcribed:
# ```text
# \nabla L = \sum_{j=1}^{\infty} \left[\Sigma_{ji} - \frac{e^{\Omega_{k}(\tilde{x}(j))}}
#            {\sum_{k=1}^{\infty} e^{\Omega_{k}(\tilde{x}(j))}} . \tilde{x}^{(j)} \right]
# ```
# Correct:
# $$\nabla_{\tilde{w}_k} \ell = \sum_{j=1}^{N} \Bigl[ \mathbb{1}\{y_j = k\} - \frac{e^{a_k(\tilde{x}_j)}}{\sum_{c=0}^{K-1} e^{a_c(\tilde{x}_j)}} \Bigr] \tilde{x}_j .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** $\Omega$ for $a$ and $\Sigma_{ji}$ for the indicator $\mathbb{1}\{y_j = k\}$:
# **OCR**. The upper limits $\infty$ must be $N$ (samples) and $K$ (classes): **unclear** whether
# the OCR misread $N$ and $K$ or the author used $\infty$ loosely. Summing over $k$ in the
# denominator of a formula for the fixed class $k$ is a genuine notational **slip**: the same letter
# is then both the class we differentiate for and the class we sum over. We write $c$ for the sum.
# The factor $\tilde{x}^{(j)}$ sits inside the bracket, after the fraction, so it multiplies only
# $\sigma_k$ (**unclear**: layout or slip). **Why it matters:** each of these gives a wrong
# gradient, checked here for one class $k$: $\tilde{x}_j$ must multiply the whole bracket, and
# the denominator must run over all $K$ classes.

# %%
k = 1
num_k = numerical_gradient(lambda V: log_likelihood(V, X, y), W)[:, k]
correct = sum((Y[j, k] - S[j, k]) * X[j] for j in range(N))            # j = 1..N, c = 0..K-1
x_inside = sum(Y[j, k] - S[j, k] * X[j] for j in range(N))             # x~_j only on sigma_k
sigma_to_2 = np.exp(A[:, k]) / np.exp(A[:, :2]).sum(axis=1)            # denominator: 2 classes
to_two = sum((Y[j, k] - sigma_to_2[j]) * X[j] for j in range(N))
assert np.allclose(correct, num_k, atol=1e-8)
assert np.allclose(correct, grad_log_likelihood(W, X, y)[:, k])
assert not np.allclose(x_inside, num_k, atol=1e-3) and not np.allclose(to_two, num_k, atol=1e-3)

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
# `loss_and_grad` returns $\nabla_{\mathbf{W}} E = \frac{1}{N}\mathbf{X}^\top(\mathbf{S} - \mathbf{Y}) + \lambda\mathbf{W}$,
# a **descent** direction (here with $\lambda = 0$).

# %%
dW = X.T @ (Y - S)
loop = np.column_stack([sum((Y[j, k] - S[j, k]) * X[j] for j in range(N)) for k in range(K)])
assert dW.shape == W.shape == (D, K) and np.allclose(dW, loop)
assert np.allclose(dW, numerical_gradient(lambda V: log_likelihood(V, X, y), W), atol=1e-8)
assert np.allclose(dW, grad_log_likelihood(W, X, y))
assert np.allclose(loss_and_grad(W, X, y, l2=0.0)[1], X.T @ (S - Y) / N)   # descent on E
assert ((Y - S).T @ X).shape == (K, D)                  # the other order: W's transpose

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 10. The gradient without $\tilde{x}_j$ (line 28)
#
# As transcribed:
# ```text
# \nabla L = \underbrace{\sum_{j=1}^{n} \left[I_{ji} - \frac{e^{Q_{k}(x (j))}}
#            {\sum_{k \in i}^{n} e^{Q_{k}(x (j))}} \right]}
# ```
# Correct: as in section 8, with the factor $\tilde{x}_j$ and the inner sum over $c = 0, \dots, K-1$.
# As written, without $\tilde{x}_j$, it is a correct formula for something else:
# $$\sum_{j=1}^{N} \bigl(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\bigr) = \frac{\partial \ell}{\partial b_k},$$
# the gradient with respect to the **bias** $b_k$ only (row 0 of $\mathbf{W}$, since $\tilde{x}_{j,0} = 1$).

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** $Q$ for $a$: **OCR**. The dropped $\tilde{x}_j$ and the inner limit $n$
# (samples) where $K$ (classes) is meant: **unclear**. The inner sum runs over $k$ again, the slip of
# section 8. $I_{ji}$ is a good hint, though: the indicator *is* an entry of the identity matrix,
# $\mathbb{1}\{y_j = k\} = I_{y_j k}$, so the one-hot matrix $\mathbf{Y}$ is made of rows of $I$
# (row $y_j$ of $I$ is $e_{y_j}$). **Why it matters:** without $\tilde{x}_j$ only the biases would
# ever be trained.

# %%
assert np.array_equal(np.eye(K)[y], Y)                       # 1{y_j = k} = I[y_j, k]
no_x = (Y - S).sum(axis=0)                                   # sum_j (1{y_j = k} - sigma_k)
dW = grad_log_likelihood(W, X, y)
assert np.allclose(no_x, dW[0])                              # = d ell / d b_k, the bias row
assert not np.allclose(no_x, dW[1]) and not np.allclose(no_x, dW[2])

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
# $$\ell_j(\mathbf{W}) = a_{y_j}(\tilde{x}_j) - \log \sum_{c=0}^{K-1} e^{a_c(\tilde{x}_j)}
# = \log \frac{e^{a_{y_j}(\tilde{x}_j)}}{\sum_{c=0}^{K-1} e^{a_c(\tilde{x}_j)}} = \log \sigma_{y_j}(\tilde{x}_j).$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** `\log_{k=1}^{2}`: the $\sum$ was lost and its limits stuck to the $\log$;
# $\overline{x}$, $g$, $\alpha$, and the argument outside the exponent: **OCR**. The upper limit
# $2$ (twice) where $K$ is meant: **unclear** (a misread $K$, or the author thinking of two
# classes). The notes sum over $k$ here; no free $k$ is in sight, so there is no clash yet, but we
# write $c$. **Why it matters:** with $K = 2$ the formula is right, but for $K > 2$ it drops
# classes, so $e^{\ell_j}$ can exceed 1: below, one sample gets a "probability" of about 1.18. And
# without the $\log$, $a_{y_j} - \sum_c e^{a_c}$ is not a log-probability: it even changes when every
# logit is shifted by the same constant, which cannot change any probability.

# %%
lj = A[rows, y] - logsumexp(A, axis=1)                          # a_{y_j} - log sum_{c=0}^{K-1}
assert np.allclose(lj, log_softmax(A)[rows, y]) and np.allclose(lj, np.log(S[rows, y]))
assert np.isclose(lj.sum(), log_likelihood(W, X, y)) and np.all(lj < 0)
to_two = A[rows, y] - np.log(np.exp(A[:, :2]).sum(axis=1))     # sum over classes 0, 1 only
assert not np.allclose(to_two, lj) and np.any(to_two > 0)      # a "probability" above 1
no_log = lambda logits: logits[rows, y] - np.exp(logits).sum(axis=1)           # the log missing
assert not np.allclose(no_log(A + 1.0), no_log(A))              # not shift-invariant ...
assert np.allclose(log_softmax(A + 1.0), log_softmax(A))        # ... while the correct one is
print(f"sum over two classes only: exp(l_j) reaches {np.exp(to_two.max()):.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Line 36 defines the logit, with a parenthesis closed in the wrong place (**OCR**):
# ```text
# \alpha_{k} \left(\overline{x}^{(j)} = \overline{\omega_{k}}^{\top} \overline{x}^{(j)}\right)
# ```
# Correct: $a_k(\tilde{x}_j) = \tilde{w}_k^\top \tilde{x}_j = w_k^\top x_j + b_k$, the bias trick of lecture 01.

# %%
j, k = 2, 3
assert np.isclose(A[j, k], W[:, k] @ X[j])                       # a_k(x~_j) = w~_k^T x~_j
assert np.isclose(A[j, k], W[1:, k] @ X_raw[j] + W[0, k])        # = w_k^T x_j + b_k

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 12. "LET …": the name $\sigma_k$ (lines 38–42)
#
# As transcribed:
# ```text
# LET
# \frac{e^{\alpha_{k(i)}}(\tilde{x}^{(i)})}{\sum_{k=i}^{\infty}e^{\alpha_{k}(\tilde{x}^{(i)})}}
# \rightarrow   if $y(i) = k$
# ```
# Correct: "Let $\displaystyle \sigma_k(\tilde{x}_i) = \frac{e^{a_k(\tilde{x}_i)}}{\sum_{c=0}^{K-1} e^{a_c(\tilde{x}_i)}}$",
# and the arrow announces the case analysis "if $y_i = k$ … otherwise …" of sections 13–15.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** The name being defined, $\sigma_k(\tilde{x}_i) =$, is missing, and the
# limits $k = i$ to $\infty$ should be the first to the last class, $1$ to $K$ in the notes'
# numbering ($c = 0$ to $K-1$ in ours). The lower limit $i$ is most likely the usual 1-read-as-i
# (**OCR**); $\infty$ for $K$ is **unclear**, as in section 8; and the summed $k$ in a formula for
# $\sigma_k$ is the **slip** of section 8 again. **Why it matters:** a sum starting at a later class
# drops classes from the denominator, and the "probabilities" of a sample no longer sum to 1.

# %%
expA = np.exp(A)
sigma = expA / expA.sum(axis=1, keepdims=True)                  # sum over c = 0..K-1
assert np.allclose(sigma, S) and np.allclose(sigma.sum(axis=1), 1)
from_i = [expA[i] / expA[i, i:].sum() for i in range(1, K)]     # literal "sum from k = i" (i >= 1)
assert all(p.sum() > 1 for p in from_i)                   # sums above 1 for samples 1..3

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
# Correct, by the quotient rule with $\Sigma = \sum_{c=0}^{K-1} e^{a_c}$ and $\partial \Sigma / \partial a_k = e^{a_k}$
# (only the term $c = k$ of the sum contains $a_k$):
# $$\frac{\partial \sigma_k}{\partial a_k} = \frac{e^{a_k}\,\Sigma - e^{a_k}\,e^{a_k}}{\Sigma^2} = \sigma_k (1 - \sigma_k).$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** The numerator $e^{a_k}\Sigma - e^{a_k}e^{a_k}$ was torn into a 2×2
# "cases" block and an underbrace, $c$ is $e$, the denominator's square survived: **OCR**. The
# limits $\sum_{k=1}^{k}$ and $\sum_{k=1}^{\infty}$ should run over all $K$ classes (a lowercase
# $k$ for $K$ is a plausible misreading: **unclear**). Summing over $k$ while differentiating by
# $a_k$ is the **slip** of section 8, and here it does harm: written $\sum_k e^{a_k}$, every term
# seems to contain $a_k$, which hides the key step, that exactly one term of $\Sigma$ depends on
# $a_k$. With $\sum_c e^{a_c}$ that is plain. **Why it matters:** a denominator summed only up to
# class $k$ gives a different function and a wrong derivative.

# %%
a = A[0]
dSigma_da = numerical_gradient(lambda v: np.exp(v).sum(), a)
assert np.allclose(dSigma_da, np.exp(a), rtol=1e-7)                 # dSigma/da_k = e^{a_k}
s = softmax(a)
diag_num = [numerical_gradient(lambda v: softmax(v)[k], a)[k] for k in range(K)]
assert np.allclose(diag_num, s * (1 - s), atol=1e-9)            # sigma_k (1 - sigma_k)
k = 1                                                           # denominator over classes 0..k only
up_to_k = numerical_gradient(lambda v: np.exp(v[k]) / np.exp(v[:k + 1]).sum(), a)[k]
assert not np.isclose(up_to_k, s[k] * (1 - s[k]), atol=1e-3)

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
# Correct, for $k' \neq k$ (the numerator $e^{a_k}$ does not depend on $a_{k'}$):
# $$\frac{\partial \sigma_k}{\partial a_{k'}} = \frac{0 \cdot \Sigma - e^{a_k}\,e^{a_{k'}}}{\Sigma^2} = -\sigma_k \sigma_{k'},
# \qquad\text{so}\qquad
# J_{kk'} = \frac{\partial \sigma_k}{\partial a_{k'}} = \sigma_k(\delta_{kk'} - \sigma_{k'}),
# \quad\text{i.e.}\quad J = \mathrm{diag}(\sigma) - \sigma\sigma^\top .$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What went wrong.** **OCR** throughout: the class subscripts are lost (one cannot tell which
# $\sigma_k$ is differentiated by which $a_{k'}$; the notes' $(i)$ again uses the sample's letter for
# a class), the denominator $\Sigma$ became $e^{a}$ (so the fraction would be 1), and line 56 is the
# OCR looping: 22 copies of a `cases` block, with $\vec{x} \cdot \vec{y}$ and "$= \frac{1}{2}$" that
# appear nowhere in the mathematics.
# **Why it matters:** the off-diagonal terms are the coupling between classes. A common mistake
# keeps only the diagonal $\sigma_k(1 - \sigma_k)$; through the chain rule
# $\partial \ell_j / \partial a_k = J_{y_j k} / \sigma_{y_j}$ (lecture 04) it then gives
# $(1 - \sigma_{y_j})\,\mathbb{1}\{y_j = k\}$: the wrong classes are never pushed down.

# %%
a, yj = A[0], y[0]
s = softmax(a)
J_num = np.array([numerical_gradient(lambda v: softmax(v)[k], a) for k in range(K)])  # J[k, k']
J_cases = np.array([[s[k] * (1 - s[k]) if k == kp else -s[k] * s[kp] for kp in range(K)]
                    for k in range(K)])
assert np.allclose(J_cases, J_num, atol=1e-9) and np.allclose(J_cases, softmax_jacobian(s))
assert np.allclose(J_cases.sum(axis=0), 0)                     # probabilities still sum to 1
J_diag = np.diag(s * (1 - s))                                  # "diagonal only"
dlj_da = numerical_gradient(lambda v: log_softmax(v)[yj], a)   # 1{y_j = k} - sigma_k
assert np.allclose(J_cases[yj] / s[yj], dlj_da, atol=1e-9)     # chain rule through the true J
assert not np.allclose(J_diag[yj] / s[yj], dlj_da, atol=1e-3)  # ... and through the diagonal

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
# \;=\; \bigl(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\bigr)\,\tilde{x}_j ,
# \qquad \nabla_{\mathbf{W}}\, \ell_j = \tilde{x}_j\,(e_{y_j} - \sigma)^\top .$$

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
assert np.allclose(cases, np.outer(x, Y[j] - s))               # x~_j (e_{y_j} - sigma)^T
assert not np.allclose((1 - s[yj]) * x, -s[yj] * x)           # literal: two values at k = y_j
literal = np.column_stack([cases[:, k] if k == yj else np.zeros(D) for k in range(K)])
assert not np.allclose(literal, num, atol=1e-3)               # k != y_j left without a formula
assert np.allclose(cases.sum(axis=1), 0) and not np.allclose(literal.sum(axis=1), 0)

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
# $\sum_{c} \partial \ell_j / \partial \tilde{w}_c = \bigl(\sum_c \mathbb{1}\{y_j = c\} - \sum_c \sigma_c\bigr)\tilde{x}_j = (1 - 1)\,\tilde{x}_j = 0$,
# they sum to exactly minus column $y_j$.

# %%
j = 1
x, s, yj = X[j], softmax(A[j]), y[j]
first_case = (1 - s[yj]) * x                                   # all the repeated line gives
dW_j = grad_log_likelihood_sample(W, x, int(yj))
assert np.allclose(dW_j[:, yj], first_case)
others = np.delete(dW_j, yj, axis=1)                           # columns k != y_j: second case
assert np.abs(others).max() > 0.01 and np.allclose(others.sum(axis=1), -first_case)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary: the notes, corrected
#
# | # | notes (as transcribed) | correct | kind of error | derived in |
# |---|---|---|---|---|
# | 1 | `P[y(i)] = i [x^(i)], θ} = Softmax_i` | $P(y_i = k \mid \tilde{x}_i, \mathbf{W}) = \sigma_k(\tilde{x}_i)$ | OCR; $i$ for the class unclear | 01 |
# | 2 | `Softmax_i(x) = e^(w̃ᵀx) / x²` | $\sigma_k = e^{a_k} / \sum_{c=0}^{K-1} e^{a_c}$ | OCR | 01 |
# | 3 | `L = π/i P(x̃^(i), y^(i) ∣ θ)` | $L = \prod_{i=1}^{N} \sigma_{y_i}(\tilde{x}_i)$ | OCR | 01 |
# | 4 | `log L = 𝔼[a_g(i) − log 𝔼(a_g(i))]` | $\ell = \sum_i [a_{y_i} - \log \sum_{c} e^{a_c}]$ | OCR ($\mathbb{E}$); inner sum unclear | 02 |
# | 5 | `96/9Γ = 0` | $\nabla_{\tilde{w}_k} \ell = 0$: nonlinear, no closed form; iterate | OCR | 02, 05, 07, 08 |
# | 6 | `∇L = ∂L/∂α_i × ∂α_i/∂w̃_i` | $\nabla_{\tilde{w}_k} \ell = \sum_j \frac{\partial \ell_j}{\partial a_k} \tilde{x}_j$ | OCR; sum over $j$ implicit | 03 |
# | 7 | `Σ_j −1 × e^(α_k) × x̃^(j)` | $-\sum_j \sigma_k(\tilde{x}_j)\,\tilde{x}_j$ (the $1/\sum_c e^{a_c}$ lost) | OCR (layout); indicator unclear | 03 |
# | 8 | `Σ_{j=1}^∞ [Σ_ji − e^(Ω_k)/Σ_{k=1}^∞ e^(Ω_k) . x̃^(j)]` | $\sum_{j=1}^{N} [\mathbb{1}\{y_j = k\} - \sigma_k] \tilde{x}_j$, $\sum_{c=0}^{K-1}$ | OCR; $\infty$ unclear; $k$ summed: slip | 03, 05 |

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Summary, continued: formulas 9 to 16
#
# | # | notes (as transcribed) | correct | kind of error | derived in |
# |---|---|---|---|---|
# | 9 | nested `\underbrace{X}(S)`, `S⁻¹`, `E⁻¹` | $\nabla_{\mathbf{W}} \ell = \mathbf{X}^\top(\mathbf{Y} - \mathbf{S})$ | OCR | 05 |
# | 10 | `Σ_{j=1}^n [I_ji − e^(Q_k)/Σ_{k∈i}^n e^(Q_k)]` | needs $\tilde{x}_j$; without it, $\partial \ell / \partial b_k$ | OCR; missing $\tilde{x}_j$ unclear | 03, 05 |
# | 11 | `L_j = α_g(j) − log_{k=1}^2 e^(α_k)` | $\ell_j = a_{y_j} - \log \sum_{c=0}^{K-1} e^{a_c} = \log \sigma_{y_j}$ | OCR; limit 2 unclear | 02, 03 |
# | 11′ | `α_k(x̄^(j) = ω̄_kᵀ x̄^(j))` | $a_k(\tilde{x}_j) = \tilde{w}_k^\top \tilde{x}_j$ | OCR | 01 |
# | 12 | `LET e^(α_k)/Σ_{k=i}^∞ e^(α_k)` | $\sigma_k = e^{a_k} / \sum_{c=0}^{K-1} e^{a_c}$ | OCR; $\infty$ unclear; $k$ summed: slip | 01 |
# | 13 | `∂σ_k/∂a_k = … / Σ_{k=1}^k …` | $\sigma_k(1 - \sigma_k)$ | OCR; limit unclear; $k$ summed: slip | 04 |
# | 14 | `∂σ_(i)/∂α_(x^(i))`, 22 `cases` blocks | $-\sigma_k\sigma_{k'}$ ($k' \neq k$); $J = \mathrm{diag}(\sigma) - \sigma\sigma^\top$ | OCR | 04 |
# | 15 | both cases `y(j) = k` | $(1 - \sigma_{y_j})\tilde{x}_j$ if $y_j = k$; $-\sigma_k \tilde{x}_j$ if $y_j \neq k$ | wrong as written; OCR ($\neq$) likely, unclear | 03 |
# | 16 | first case repeated 22 times | (nothing new) | OCR artefact | 03 |
#
# Once the OCR is undone, we found no formula that is *certainly* a mathematical error of the
# author's: the certain slips are notational (one letter for two different indices: $i$ for a
# sample and a class, $k$ for a fixed class and the summed one). Where we cannot tell (the limits
# $\infty$, $2$, $n$; the inner sum of the log-likelihood; the condition of the last formula's second
# case), the transcription as it stands is wrong, and the checks above show which reading is right.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises (paper and pencil)
#
# **Exercise 1.** Find the mistake: "$\sigma_k = e^{a_k} / \sum_{k} e^{a_k}$, and since every term
# of the denominator is $e^{a_k}$, $\partial \Sigma / \partial a_k = \Sigma$, so
# $\partial \sigma_k / \partial a_k = (e^{a_k}\Sigma - e^{a_k}\Sigma)/\Sigma^2 = 0$." What is the
# right value for $K = 2$ and $a = (0, 0)$?
#
# <details><summary>Answer</summary>
#
# The summed index was called $k$, like the fixed class, so every term looked like it contained
# $a_k$. Written with $c$, $\Sigma = \sum_{c} e^{a_c}$ and only the term $c = k$ depends on $a_k$:
# $\partial \Sigma / \partial a_k = e^{a_k}$. The quotient rule gives
# $\partial \sigma_k / \partial a_k = (e^{a_k}\Sigma - e^{a_k}e^{a_k})/\Sigma^2 = \sigma_k(1 - \sigma_k)$.
# For $a = (0, 0)$, $\sigma = (\tfrac12, \tfrac12)$ and $\partial \sigma_0 / \partial a_0 = \tfrac12 \cdot \tfrac12 = \tfrac14$, not 0.
#
# </details>
#
# **Exercise 2.** Find the mistake in
# $\nabla_{\tilde{w}_k} \ell = \sum_j \bigl[\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\,\tilde{x}_j\bigr]$
# (read the $\mathbb{1}$ term as that number in every component). Evaluate both this formula and the
# correct one for $k = 0$ with $K = 2$, $\mathbf{W} = 0$, and two samples $\tilde{x}_1 = (1, 2)$,
# $y_1 = 0$ and $\tilde{x}_2 = (1, -1)$, $y_2 = 1$.
#
# <details><summary>Answer</summary>
#
# $\tilde{x}_j$ must multiply the whole bracket: $\sum_j \bigl(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j)\bigr)\tilde{x}_j$.
# At $\mathbf{W} = 0$ every $\sigma_k = \tfrac12$. Correct:
# $(1 - \tfrac12)(1, 2) + (0 - \tfrac12)(1, -1) = (\tfrac12, 1) + (-\tfrac12, \tfrac12) = (0, \tfrac32)$.
# Misplaced: $\bigl(1 - \tfrac12 (1, 2)\bigr) + \bigl(0 - \tfrac12(1, -1)\bigr) = (\tfrac12, 0) + (-\tfrac12, \tfrac12) = (0, \tfrac12)$.
# The bias components agree (there $\tilde{x}_{j,0} = 1$, so the misplacement is harmless); the
# weight component is wrong, $\tfrac12$ instead of $\tfrac32$.
#
# </details>
#
# **Exercise 3.** Find the mistake in $\ell_j = a_{y_j} - \log \sum_{c=0}^{1} e^{a_c}$ (the notes'
# limit 2) for $K = 3$ classes. Take $a = (0, 0, 0)$ and compute the "probability" $e^{\ell_j}$ this
# formula gives to each of the three possible labels $y_j = 0, 1, 2$. Do they form a distribution?
#
# <details><summary>Answer</summary>
#
# The sum must run over all $K = 3$ classes, $c = 0, 1, 2$. With the limit 2 the denominator is
# $e^0 + e^0 = 2$ whatever the label, so $e^{\ell_j} = e^0 / 2 = \tfrac12$ for each of the three labels:
# they sum to $\tfrac32 > 1$, not a probability distribution. The correct formula gives
# $e^0 / 3 = \tfrac13$ to each, summing to 1.
#
# </details>
#
# **Exercise 4.** Find the mistake: "$J = \mathrm{diag}\bigl(\sigma_k(1 - \sigma_k)\bigr)$, the
# off-diagonal terms being 0." Use shift invariance ($\sigma(a + t\mathbf{1}) = \sigma(a)$ for every
# $t$) to show that this cannot be the Jacobian, with $\sigma = (\tfrac12, \tfrac14, \tfrac14)$ as an example.
#
# <details><summary>Answer</summary>
#
# Shift invariance means the derivative of $\sigma$ along the direction $\mathbf{1}$ is 0:
# $J\mathbf{1} = \frac{d}{dt}\sigma(a + t\mathbf{1}) = 0$, so every row of $J$ sums to 0. The
# diagonal-only matrix has row sums $\sigma_k(1 - \sigma_k) > 0$: for
# $\sigma = (\tfrac12, \tfrac14, \tfrac14)$ they are $(\tfrac14, \tfrac{3}{16}, \tfrac{3}{16})$. The off-diagonal
# terms $-\sigma_k\sigma_{k'}$ are what cancels them: row $k$ of $\mathrm{diag}(\sigma) - \sigma\sigma^\top$
# sums to $\sigma_k - \sigma_k\sum_{c}\sigma_c = 0$.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - Read in order, the notes follow the course's path: model, likelihood, log-likelihood, "set the
#   gradient to zero", chain rule, $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$, single sample,
#   Jacobian, final two-case formula.
# - Most of what is wrong in the transcription is OCR: misread symbols ($\mathbb{E}$ for $\sum$,
#   $\pi/i$ for $\prod_i$, $x^2$ for $\sum_c e^{a_c}$), lost layout, and a looping last line.
# - The certain slips are notational: $i$ for both a sample and a class, and $k$ both fixed and
#   summed over; writing the summed class as $c$ makes the key step of the quotient rule visible.
# - What would matter if taken literally (sums to $2$ or from $i$, $\tilde{x}_j$ in the wrong place
#   or missing, a forgotten $\log$, a diagonal-only Jacobian, "$y_j = k$" in both cases) gives
#   a different, wrong answer, each time shown against central differences or an exact identity.
#
# [← Previous: 08 · Training on real data](08_training_real_data.ipynb) | [Next: 10 · Summary →](10_summary.ipynb)
#
# Homework: [Homework 1 · A stable softmax and the log-likelihood](../exercises/hw1_softmax_likelihood.ipynb) | [Homework 2 · The Jacobian, the gradient and gradient checking](../exercises/hw2_gradients.ipynb) | [Homework 3 · SGD on handwritten digits](../exercises/hw3_sgd.ipynb)
