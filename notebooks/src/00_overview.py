# %% [markdown] slideshow={"slide_type": "slide"}
# # 00 · Overview
#
# **What you'll learn**
#
# - where the course goes: from the likelihood of the softmax model to the gradient
#   $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ and to training on real data, one lecture per step;
# - where the homework is, and which lectures prepare it;
# - the notation, with one meaning per symbol, written the same way in the formulas and in the code;
# - the two sign conventions you will meet (maximize the log-likelihood, or minimize its negative mean).
#
# Prerequisites: none from this course (this is the first notebook); you need Python with NumPy,
# derivatives and the chain rule, and matrix products.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The problem and the roadmap
#
# We observe $N$ samples $(x_i, y_i)$: an input vector $x_i$ and a class label $y_i \in \{0, \dots, K-1\}$.
# Softmax regression gives every class $k$ a linear score $a_k = \tilde{w}_k^\top \tilde{x}$ and turns the
# $K$ scores into probabilities $\sigma_k$. We choose the weights that make the observed labels most
# probable, and every step of the derivation is checked by running code. The lectures follow the order of
# the handwritten notes the course was built from: likelihood, log-likelihood, chain rule, Jacobian of
# softmax, the gradient, then training.
#
# | Lecture | What it does |
# |---|---|
# | [01 · The softmax model and the likelihood](01_softmax_likelihood.ipynb) | the bias trick, scores, softmax and its properties, the likelihood of a sample and of a data set (and why the product underflows) |
# | [02 · The log-likelihood and log-sum-exp](02_log_likelihood.ipynb) | from product to sum, why there is no closed-form maximum, cross-entropy, overflow and the max-shift fix |
# | [03 · The chain rule and the gradient with respect to the logits](03_chain_rule.ipynb) | one sample: $\partial \ell_j / \partial a = e_{y_j} - \sigma$ through log-sum-exp, and the gradient of one sample |
# | [04 · The Jacobian of softmax](04_softmax_jacobian.ipynb) | $J = \mathrm{diag}(\sigma) - \sigma\sigma^\top$ and the properties lecture 05's curvature needs (positive semi-definite, eigenvalues at most $\tfrac12$), $K = 2$ is logistic regression |
# | [05 · The gradient, assembled](05_final_gradient.ipynb) | the sum over samples, the matrix form $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$, its cost, the Hessian and concavity, a step size that always climbs |
# | [06 · Checking a gradient](06_gradient_checking.ipynb) | central differences, relative error, the V-shaped error curve |
# | [07 · A single sample and SGD](07_single_sample_sgd.ipynb) | stochastic and minibatch steps, the learning rate |
# | [08 · Training on real data](08_training_real_data.ipynb) | handwritten digits: validation, L2 as a prior, accuracy, what the weights look like |
# | [09 · The notes, corrected](09_notes_corrected.ipynb) | the original handwritten notes line by line, with their mistakes fixed |
# | [10 · Summary](10_summary.ipynb) | the course on one page: every formula with its shapes and its check |

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The homework
#
# Three notebooks in the `exercises/` folder (beside `notebooks/` in the file browser on the left). Each exercise
# is a function to write, followed by a check that runs it and, when it is wrong, says which input failed and the
# likely mistake; written derivation questions come with them.
#
# | Homework | Prepared by | What you write |
# |---|---|---|
# | [Homework 1 · A stable softmax and the log-likelihood](../exercises/hw1_softmax_likelihood.ipynb) | lectures 01–02 | `softmax`, `log_likelihood` |
# | [Homework 2 · The Jacobian, the gradient and gradient checking](../exercises/hw2_gradients.ipynb) | lectures 03–06 | `softmax_jacobian`, the gradient twice, `numerical_gradient`, `relative_error` |
# | [Homework 3 · SGD on handwritten digits](../exercises/hw3_sgd.ipynb) | lectures 07–08 | the gradient of one sample, an SGD trainer |

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Notation
#
# One meaning per symbol, the same in the formulas and in the code. Classes are numbered $0, \dots, K-1$, as
# Python does.
#
# | Symbol | Code | Shape | Meaning |
# |---|---|---|---|
# | $N$, $D$, $K$ | `N`, `D`, `K` | integers | samples, features (**bias column included**), classes |
# | $i$, $j$ | `i`, `j` | index | a sample ($j$ for the single sample of the notes' $\ell_j$) |
# | $k$, $k'$ | `k` | index | a class; a class index that is **summed over** is written $c$ |
# | $x_i$ | `X_raw[i]` | `(D-1,)` | raw input of sample $i$ |
# | $\tilde{x}_i = (1, x_i)$ | `X[i]` | `(D,)` | bias-augmented input (the "bias trick") |
# | $\mathbf{X}$ | `X = add_bias(X_raw)` | `(N, D)` | row $i$ is $\tilde{x}_i^\top$; column 0 is all ones |
# | $\tilde{w}_k = (b_k, w_k)$ | `W[:, k]` | `(D,)` | weights of class $k$, bias $b_k$ first |
# | $\mathbf{W}$, $\theta$ | `W` | `(D, K)` | column $k$ is $\tilde{w}_k$; $\theta$ is the notes' name for it |
# | $a_k = \tilde{w}_k^\top \tilde{x}$, $\mathbf{A} = \mathbf{X}\mathbf{W}$ | `A = X @ W` | `(N, K)` | scores (logits) |

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Notation, continued: probabilities, likelihood and objective
#
# | Symbol | Code | Shape | Meaning |
# |---|---|---|---|
# | $\sigma_k = e^{a_k} / \sum_{c} e^{a_c}$, $\mathbf{S}$ | `S = softmax(A)` | `(N, K)` | probabilities $P(y = k \mid \tilde{x})$; rows sum to 1 |
# | $y_i$ | `y[i]` (`y` holds all $N$) | `(N,)` | observed classes, integers in $0, \dots, K-1$ |
# | $\mathbb{1}\{\cdot\}$, $e_k$, $\delta_{kk'}$ | | | indicator, $k$-th one-hot vector, Kronecker delta |
# | $\mathbf{Y}$ | `Y = one_hot(y, K)` | `(N, K)` | one-hot labels: $Y_{ik} = \mathbb{1}\{y_i = k\}$ |
# | $\mathbf{T}$, $t_j$ | | `(N, K)` | soft labels: each row a probability vector, in place of $\mathbf{Y}$ (lecture 10) |
# | $L(\mathbf{W}) = \prod_i \sigma_{y_i}(\tilde{x}_i)$ | `likelihood(W, X, y)` | scalar | likelihood (underflows, lecture 01) |
# | $\ell(\mathbf{W}) = \log L = \sum_j \ell_j$ | `log_likelihood(W, X, y)` | scalar | log-likelihood, **maximized** |
# | $\ell_j = \log \sigma_{y_j}(\tilde{x}_j)$ | `log_softmax(A)[j, y[j]]` | scalar | log-likelihood of sample $j$ |
# | $\mathrm{CE}(p, q)$, $\mathrm{KL}(p \,\Vert\, q)$ | | scalar | cross-entropy $-\sum_c p_c \log q_c$, Kullback–Leibler divergence (lecture 02) |
# | $E(\mathbf{W}) = -\frac{1}{N}\ell(\mathbf{W}) + \frac{\lambda}{2}\Vert\mathbf{W}\Vert^2$ | `loss, dW = loss_and_grad(W, X, y, l2)` | scalar | training objective, **minimized** |

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Notation, continued: steps, gradients and curvature
#
# | Symbol | Code | Shape | Meaning |
# |---|---|---|---|
# | $\lambda$ | `l2` | scalar | L2 strength (its only meaning) |
# | $\eta$ | `lr` | scalar | learning rate |
# | $\nabla_{\mathbf{W}}\, \ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ | `dW = grad_log_likelihood(W, X, y)` | `(D, K)` | gradient of $\ell$ (ascent direction) |
# | $\partial \ell / \partial \mathbf{A} = \mathbf{Y}-\mathbf{S}$ | `dA` | `(N, K)` | gradient with respect to the logits |
# | $J = \mathrm{diag}(\sigma) - \sigma\sigma^\top$ | `softmax_jacobian(s)` | `(K, K)` | Jacobian $J_{kk'} = \partial \sigma_k / \partial a_{k'}$ (its only meaning; lecture 04) |
# | $\mathbf{H}$, $\mu$, $\kappa$ | | | Hessian of $\ell$ (lecture 05); an eigenvalue of a softmax Jacobian $J$ (lectures 04-05); a curvature of $E$, an eigenvalue of its Hessian (lecture 07) |
# | $\mathbf{V}$, $\beta$ | `V` | `(D, K)`, scalar | a direction in weight space; $\beta = \Vert\mathbf{X}\Vert_2^2/2$ bounds the curvature of $\ell$ (lecture 05; often called $L$ elsewhere, but here $L$ is the likelihood) |
# | $m$, $\tau$, $h$ | | scalar | the largest logit of a row, a temperature, a finite-difference step |
# | $u_j = \mathbf{V}^\top \tilde{x}_j$ | `U = X @ V` (row $j$) | `(K,)` | how sample $j$'s logits move along a direction $\mathbf{V}$ (lectures 05, 10) |
# | $\mathbf{G}$; $G$, $n$ | `G`; `G`, `n` | `(D, K)` | the gradient $\nabla_{\mathbf{W}}\,\ell$ taken as a step direction (lecture 05); an entry of an analytic gradient and its numerical estimate (lecture 06) |
# | $B$, $r$, $t$, $\alpha$ | `batch_size` | | a minibatch, a sample index drawn at random, a step counter, a position along a line $\mathbf{W} + \alpha\mathbf{V}$ |

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Notation, continued: symbols of one or two lectures
#
# | Symbol | Code | Shape | Meaning |
# |---|---|---|---|
# | $g$, $M$ | | scalar | a gap between scores: the two largest (lecture 01), a separating margin (lecture 02); the constant of the truncation error $M h^2$ (lecture 06) |
# | $\mathbf{B}$ | `B` | `(DK, DK)` | Böhning's bound $\tfrac12(I - \tfrac1K\mathbf{1}\mathbf{1}^\top) \otimes \mathbf{X}^\top\mathbf{X} \succeq -\mathbf{H}$ (lecture 05) |
# | $N_k$, $\nu$ | `N_k` | integer, scalar | the number of samples of class $k$; a Lagrange multiplier (lecture 01) |
# | $\gamma$, $\Delta$ | | scalar | a constant added to every logit; the range $\max_c a_c - \min_c a_c$ of a row (lectures 01-02) |
# | $\xi$ | | | a random variable taking the value $v_c$ with probability $\sigma_c$ (lecture 04) |
# | $\varepsilon$, $s_0$ | | scalar | the float64 rounding unit, $2.2 \times 10^{-16}$ (lecture 06); the standard deviation of the Gaussian prior on $\mathbf{W}$ (lecture 08) |

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Notation, continued: the letters of everyday calculus
#
# | Symbol | Code | Shape | Meaning |
# |---|---|---|---|
# | $d$ | `d` | index | a feature: row $d$ of $\mathbf{W}$, column $d$ of $\mathbf{X}$ (and the $d$ of a derivative $d/d\alpha$) |
# | $v$ | `v` | `(D,)` or `(K,)` | a vector: the same $v$ added to every class in the flat directions $v\mathbf{1}^\top$; the $v$ of a product $J v$ |
# | $f$, $z$ | | scalar | a function of one real variable ($\ell$ along a line, a test function of finite differences); the variable $z$ of lecture 07's bowl $f(z)$ |
# | $Z$, $I$ | | scalar, `(K, K)` | the normalizer $\sum_c e^{a_c}$ of softmax (lecture 04); the identity matrix |
# | $C$, $C_{\text{sk}}$ | `C` | `(K, K)`, scalar | the confusion matrix (lecture 08); scikit-learn's `C`, $1/(\lambda N)$ (lecture 08) |
#
# Gradients are named `dW`, `dA`, ... and always have the shape of what they differentiate.

# %% [markdown] slideshow={"slide_type": "subslide"}
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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Two sign conventions
#
# The notes **maximize** the log-likelihood, by gradient **ascent** with a learning rate $\eta > 0$:
#
# $$\ell(\mathbf{W}) = \sum_{i=1}^{N} \log \sigma_{y_i}(\tilde{x}_i), \qquad
# \mathbf{W} \leftarrow \mathbf{W} + \eta\, \nabla_{\mathbf{W}}\, \ell, \qquad
# \nabla_{\mathbf{W}}\, \ell = \mathbf{X}^\top(\mathbf{Y}-\mathbf{S}).$$
#
# Optimization libraries **minimize** a loss. `loss_and_grad` returns the **mean negative** log-likelihood
# (plus an optional L2 penalty, lecture 05) and its gradient, and training steps by gradient **descent**:
#
# $$E(\mathbf{W}) = -\frac{1}{N}\,\ell(\mathbf{W}), \qquad
# \nabla_{\mathbf{W}} E = \frac{1}{N}\,\mathbf{X}^\top(\mathbf{S}-\mathbf{Y}), \qquad
# \mathbf{W} \leftarrow \mathbf{W} - \eta\, \nabla_{\mathbf{W}} E.$$

# %% [markdown] slideshow={"slide_type": "fragment"}
# Both move $\mathbf{W}$ in the same direction: a descent step on $E$ with rate $\eta$ is an ascent step on $\ell$
# with rate $\eta / N$. Whenever a function name says `log_likelihood`, bigger is better; whenever it says
# `loss`, smaller is better. Checked on the tiny example above:

# %%
loss, dW_loss = loss_and_grad(W, X, y)
assert np.isclose(loss, -log_likelihood(W, X, y) / N)
assert np.allclose(dW_loss, -dW / N)
eta = 0.1
assert np.allclose(W - eta * dW_loss, W + (eta / N) * dW)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How to use the course
#
# - **Lectures** live in `notebooks/`. Run each one top to bottom (Kernel → Restart and Run All). Every
#   derivation step is followed by a code cell ending in an `assert`: if you change something and an assertion
#   fails, the mathematics and the code no longer agree. The widgets need a live kernel. Each lecture ends with
#   paper-and-pencil exercises whose answers you can reveal, and a link to the homework it prepares. Lectures
#   05 to 08 also end with a coding exercise: write the function in its cell and run it; its check prints what is
#   wrong, as the homework checks do, and the lecture still runs to its end.
# - **Homework** lives in `exercises/` (table above). Write each function, run the check below it, and read what
#   it says.
# - **`course_utils`** is the helper package every notebook imports. Each function's docstring names the
#   lecture where it is derived, and that lecture writes the naive version itself and checks that both agree.
#   Three cells use a function a little before its lecture, as a preview, and say so: `log_likelihood` in 01
#   (derived in 02), `loss_and_grad` in 02 (derived in 05) and `fit_lbfgs` in 07 (used for training in 08).
# - The original handwritten notes (an OCR transcription) are followed for the order of ideas and the notation;
#   where they are wrong, the lectures say so and show the correction (lecture 09 goes through them line by line).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises (paper and pencil)
#
# **Exercise 1.** With $N = 200$ samples of $D - 1 = 64$ raw features and $K = 10$ classes, give the shapes of
# $\mathbf{X}$, $\mathbf{W}$, $\mathbf{A}$, $\mathbf{Y}$ and $\nabla_{\mathbf{W}}\ell$, and the number of
# weights.
#
# <details><summary>Answer</summary>
#
# With the bias column, $D = 65$: $\mathbf{X}$ is $(200, 65)$, $\mathbf{W}$ is $(65, 10)$, $\mathbf{A}$ and
# $\mathbf{Y}$ are $(200, 10)$, and $\nabla_{\mathbf{W}}\ell$ has the shape of $\mathbf{W}$, $(65, 10)$: 650 weights.
#
# </details>
#
# **Exercise 2.** A descent step on $E(\mathbf{W}) = -\ell(\mathbf{W})/N$ uses $\eta = 0.5$ with $N = 100$. Which
# ascent step on $\ell$ moves $\mathbf{W}$ exactly the same way?
#
# <details><summary>Answer</summary>
#
# $\mathbf{W} - 0.5\, \nabla E = \mathbf{W} + \frac{0.5}{100} \nabla \ell$: an ascent step on $\ell$ with rate
# $\eta / N = 0.005$.
#
# </details>
#
# **Exercise 3.** Why does every row of $\mathbf{S}$ sum to 1, and every row of $\mathbf{Y} - \mathbf{S}$ to 0?
#
# <details><summary>Answer</summary>
#
# Row $i$ of $\mathbf{S}$ is $\sigma(\tilde{x}_i)$, and $\sum_c \sigma_c = \sum_c e^{a_c} / \sum_{c'} e^{a_{c'}} = 1$.
# Row $i$ of $\mathbf{Y}$ is a one-hot vector, which also sums to 1; the difference of two vectors that each sum
# to 1 sums to 0.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What we showed
#
# - The course follows the notes' line: likelihood → log-likelihood → chain rule → Jacobian of softmax →
#   $\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})$ → checking it → training; three homework sets go with it.
# - Notation: $\mathbf{X}$ is $(N, D)$ with the bias column first, $\mathbf{W}$ is $(D, K)$,
#   $\mathbf{A} = \mathbf{X}\mathbf{W}$, $\mathbf{S} = \mathrm{softmax}(\mathbf{A})$ and the one-hot labels
#   $\mathbf{Y}$ are $(N, K)$; one meaning per symbol; the shapes were checked by code.
# - Sign conventions: $\ell$ is maximized (ascent), the loss $E = -\ell/N$ is minimized (descent); the two steps
#   coincide up to the factor $1/N$ in the learning rate.
#
# [Next: 01 · The softmax model and the likelihood →](01_softmax_likelihood.ipynb)
#
# Homework: [Homework 1](../exercises/hw1_softmax_likelihood.ipynb) · [Homework 2](../exercises/hw2_gradients.ipynb) · [Homework 3](../exercises/hw3_sgd.ipynb)
