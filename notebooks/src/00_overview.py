# %% [markdown] slideshow={"slide_type": "slide"}
# # 00 · Overview
#
# **What you'll learn**
#
# - where the course goes: from the likelihood of the softmax model to the gradient
#   $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ and to training on real data, one lecture per step;
# - the notation, with one meaning per symbol, written the same way in the formulas and in the code;
# - the two sign conventions you will meet (maximize the log-likelihood, or minimize its negative mean);
# - how to use the lectures, the exercises and the helper package `course_utils`.
#
# Prerequisites: none from this course (this is the first notebook); you need Python with NumPy,
# derivatives and the chain rule, and matrix products.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The problem and the roadmap
#
# We observe $N$ samples $(x_i, y_i)$: an input vector $x_i$ and a class label $y_i \in \{0, \dots, K-1\}$.
# Softmax regression gives every class $k$ a linear score $a_k = \tilde{w}_k^\top \tilde{x}$ and turns the
# $K$ scores into probabilities $\sigma_k$. We choose the weights that make the observed labels most
# probable, and every step of the derivation is checked by running code.
#
# | Lecture | What it does |
# |---|---|
# | [01 · The softmax model and the likelihood](01_softmax_likelihood.ipynb) | the bias trick, scores, softmax and its properties, the likelihood as a product (and why it underflows) |
# | [02 · The log-likelihood and log-sum-exp](02_log_likelihood.ipynb) | from product to sum, why there is no closed-form maximum, overflow and the max-shift fix |
# | [03 · The gradient by the chain rule](03_chain_rule.ipynb) | $\partial \ell / \partial \tilde{w}_k$ through the scores $a_k$ |
# | [04 · The Jacobian of softmax](04_softmax_jacobian.ipynb) | $\partial \sigma_i / \partial a_k$ by the quotient rule: $\mathrm{diag}(\sigma) - \sigma\sigma^\top$ |
# | [05 · The final gradient](05_final_gradient.ipynb) | per sample and in matrix form $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$, checked by finite differences |
# | [06 · A single sample and SGD](06_single_sample_sgd.ipynb) | the gradient of one sample, full-batch ascent versus stochastic steps, the learning rate |
# | [07 · Training on real data](07_training_real_data.ipynb) | handwritten digits: training, accuracy, what the weights look like |
# | [08 · The notes, corrected](08_notes_corrected.ipynb) | the original handwritten notes line by line, with their mistakes fixed |

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Notation
#
# One meaning per symbol, the same in LaTeX and in code. Samples are indexed $i$ or $j$ (as in the
# notes), classes $k$; a class index that is summed over is written $c$. Classes are numbered
# $0, \dots, K-1$, as Python does.
#
# | Symbol | Code | Shape | Meaning |
# |---|---|---|---|
# | $N$ | `N` | integer | number of samples |
# | $D$ | `D` | integer | number of features, **bias column included** |
# | $K$ | `K` | integer | number of classes |
# | $x_i$ | `X_raw[i]` | `(D-1,)` | raw input of sample $i$ |
# | $\tilde{x}_i = (1, x_i)$ | `X[i]` | `(D,)` | bias-augmented input (the "bias trick") |
# | $\mathbf{X}$ | `X = add_bias(X_raw)` | `(N, D)` | row $i$ is $\tilde{x}_i^\top$; column 0 is all ones |
# | $\tilde{w}_k = (b_k, w_k)$ | `W[:, k]` | `(D,)` | weights of class $k$, bias $b_k$ first |
# | $\mathbf{W}$ | `W` | `(D, K)` | column $k$ is $\tilde{w}_k$; row 0 holds the biases |
# | $a_k = \tilde{w}_k^\top \tilde{x}$ | `A[i, k]` | scalar | score (logit) of class $k$ for sample $i$ |
# | $\mathbf{A} = \mathbf{X}\mathbf{W}$ | `A = X @ W` | `(N, K)` | all logits |
# | $\sigma_k = e^{a_k} / \sum_{c} e^{a_c}$ | `S[i, k]` | scalar | model probability $P(y = k \mid \tilde{x}_i)$ |
# | $\mathbf{S}$ | `S = softmax(A)` | `(N, K)` | softmax of each row of $\mathbf{A}$; rows sum to 1 |
# | $y_i$ | `y[i]` | integer | observed class of sample $i$, in $0, \dots, K-1$ |
# | $\mathbf{y}$ | `y` | `(N,)` | all labels (integers) |
# | $\mathbb{1}\{y_i = k\}$ | `Y[i, k]` | 0 or 1 | indicator: 1 if sample $i$ has class $k$ |
# | $\mathbf{Y}$ | `Y = one_hot(y, K)` | `(N, K)` | one-hot labels |
# | $L(\mathbf{W}) = \prod_i \sigma_{y_i}(\tilde{x}_i)$ | `likelihood(W, X, y)` | scalar | likelihood (underflows, lecture 01) |
# | $\ell(\mathbf{W}) = \log L(\mathbf{W}) = \sum_j \ell_j$ | `log_likelihood(W, X, y)` | scalar | log-likelihood, to be **maximized** |
# | $\ell_j = \log \sigma_{y_j}(\tilde{x}_j)$ | `log_softmax(A)[j, y[j]]` | scalar | log-likelihood of sample $j$ |
# | $\nabla_{\mathbf{W}}\, \ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ | `dW = grad_log_likelihood(W, X, y)` | `(D, K)` | gradient of $\ell$ (ascent direction) |
# | $\partial \ell / \partial \mathbf{A} = \mathbf{Y}-\mathbf{S}$ | `dA` | `(N, K)` | gradient with respect to the logits |
# | $\mathrm{diag}(\sigma) - \sigma\sigma^\top$ | `softmax_jacobian(s)` | `(K, K)` | Jacobian $\partial \sigma_i / \partial a_k$ (lecture 04) |
#
# Gradients are named `dW`, `dA`, ... and always have the shape of what they differentiate.

# %% [markdown] slideshow={"slide_type": "fragment"}
# The shapes of the table, checked on a tiny example ($N = 5$ samples, 2 raw features so $D = 3$, $K = 4$ classes):

# %%
import numpy as np

from course_utils import add_bias, grad_log_likelihood, loss_and_grad, log_likelihood, one_hot, softmax

rng = np.random.default_rng(0)
N, K = 5, 4
X = add_bias(rng.standard_normal((N, 2)))           # (N, D), column 0 = ones
D = X.shape[1]
W = rng.standard_normal((D, K))                     # column k = w~_k
y = rng.integers(0, K, size=N)                      # labels in 0..K-1
A = X @ W
S = softmax(A)
Y = one_hot(y, K)
dW = grad_log_likelihood(W, X, y)
assert D == 3 and np.all(X[:, 0] == 1.0)
assert A.shape == S.shape == Y.shape == (N, K) and W.shape == dW.shape == (D, K) and y.shape == (N,)
assert np.isclose(A[1, 2], W[:, 2] @ X[1])          # a_k = w~_k^T x~ for sample i = 1, class k = 2
assert np.allclose(S.sum(axis=1), 1.0) and np.all(S > 0) and np.all(Y.sum(axis=1) == 1)
print(f"shapes match the table: X {X.shape}, W {W.shape}, A = S = Y {A.shape}, y {y.shape}, dW {dW.shape}")
print("every row of S is positive and sums to 1")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Two sign conventions
#
# The notes **maximize** the log-likelihood, by gradient **ascent** with a learning rate $\eta > 0$:
#
# $$\ell(\mathbf{W}) = \sum_{i=1}^{N} \log \sigma_{y_i}(\tilde{x}_i), \qquad
# \mathbf{W} \leftarrow \mathbf{W} + \eta\, \nabla_{\mathbf{W}}\, \ell, \qquad
# \nabla_{\mathbf{W}}\, \ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S}).$$
#
# Optimization libraries **minimize** a loss. `loss_and_grad` returns the **mean negative**
# log-likelihood and its gradient, and training steps by gradient **descent**:
#
# $$J(\mathbf{W}) = -\frac{1}{N}\,\ell(\mathbf{W}), \qquad
# \nabla_{\mathbf{W}} J = -\frac{1}{N}\,\mathbf{X}^\top(\mathbf{Y}-\mathbf{S}) = \frac{1}{N}\,\mathbf{X}^\top(\mathbf{S}-\mathbf{Y}), \qquad
# \mathbf{W} \leftarrow \mathbf{W} - \eta\, \nabla_{\mathbf{W}} J.$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# Both move $\mathbf{W}$ in the same direction: a descent step on $J$ with rate $\eta$ is an ascent step
# on $\ell$ with rate $\eta / N$. Whenever a function name says `log_likelihood`, bigger is better;
# whenever it says `loss`, smaller is better. Checked on the tiny example above:

# %%
loss, dW_loss = loss_and_grad(W, X, y)
assert np.isclose(loss, -log_likelihood(W, X, y) / N)
assert np.allclose(dW_loss, -dW / N)
eta = 0.1
assert np.allclose(W - eta * dW_loss, W + (eta / N) * dW)
print("loss = -log_likelihood / N and its gradient = -X^T(Y - S) / N: same step, opposite signs")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How to use the course
#
# - **Lectures** live in `notebooks/`. Run each one top to bottom (Kernel → Restart and Run All).
#   Every derivation step is followed by a code cell ending in an `assert`: if you change something and
#   an assertion fails, the mathematics and the code no longer agree. The sliders need a live kernel.
#   The notebooks are generated from the jupytext sources in `notebooks/src/`; edit those and rebuild
#   with `python tools/build_notebooks.py NN_name`.
# - **Homework** lives in `exercises/`. Each exercise comes with checks that do more than say
#   "wrong": they diagnose the usual mistakes (a flipped sign, a missing transpose, a forgotten
#   bias column, a product that underflows) and tell you which one you made.
# - **Solutions** live in `solutions/` and are meant for instructors.
# - **`course_utils`** is the helper package that every notebook imports (`pip install -e .` in the
#   repository root). Each function's docstring names the lecture where it is derived; a function is
#   used in a lecture only after that lecture has written the naive version itself and checked that
#   both agree.
# - The original handwritten notes (an OCR transcription) are followed for the order of ideas and the
#   notation; where they are wrong, the lectures say so and show the correction.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - The course follows the line likelihood → log-likelihood → chain rule → Jacobian of softmax →
#   $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ → training.
# - Notation: $\mathbf{X}$ is $(N, D)$ with the bias column first, $\mathbf{W}$ is $(D, K)$,
#   $\mathbf{A} = \mathbf{X}\mathbf{W}$, $\mathbf{S} = \mathrm{softmax}(\mathbf{A})$ and the one-hot
#   labels $\mathbf{Y}$ (`one_hot(y, K)`) are $(N, K)$; the shapes were checked by code.
# - Sign conventions: $\ell$ is maximized (ascent), the loss $-\ell/N$ is minimized (descent);
#   the two steps coincide up to the factor $1/N$ in the learning rate.
#
# [Next: 01 · The softmax model and the likelihood →](01_softmax_likelihood.ipynb)
