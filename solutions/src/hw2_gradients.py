# %% [markdown] slideshow={"slide_type": "slide"}
# # Homework 2 · The Jacobian, the gradient and gradient checking
#
# **What you'll learn**
#
# - to derive and implement the Jacobian of softmax, $J = \operatorname{diag}(\sigma) - \sigma\sigma^\top$;
# - to implement the gradient of the log-likelihood twice: literally with the notes' case formula, then vectorized
#   as $\mathbf{X}^\top(\mathbf{Y} - \mathbf{S})$;
# - to implement central differences and the relative error, the tools that check every gradient you will write.
#
# Prerequisites: lectures [03](../notebooks/03_chain_rule.ipynb), [04](../notebooks/04_softmax_jacobian.ipynb),
# [05](../notebooks/05_final_gradient.ipynb) and [06](../notebooks/06_gradient_checking.ipynb), and Homework 1.
#
# Replace each `raise NotImplementedError()` with your code and run the check below it. You may use the package's
# `softmax` and `one_hot` (from `course_utils`) as building blocks, but not the functions you are asked to write: when your
# notebook is graded, `course_utils` offers only the checks, `softmax` and `one_hot`. Each check refuses anything
# else (*Forbidden*), as the grader does. Return NumPy arrays of float64 numbers (not lists).
# Sign convention: gradients of the log-likelihood are **ascent** directions (the notes maximize $\ell$) and are
# **sums** over samples, not means.
#
# **Grading.** The written questions (4 points) are graded by hand by your TA from what you write in their
# answer cells; the code exercises (9 points) by their checks: the public ones below, which you can run, and
# hidden tests on other inputs. Each exercise earns its points when every check passes. Total: 13 points.

# %%
import numpy as np

from course_utils import one_hot, softmax
from course_utils.checks import (
    check_grad_log_likelihood, check_grad_log_likelihood_loop, check_numerical_gradient,
    check_relative_error, check_softmax_jacobian,
)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Question 1 (written): the derivative of softmax
#
# With $\sigma_k = e^{a_k} / \sum_c e^{a_c}$, derive $\partial \sigma_k / \partial a_{k'}$ by the quotient rule, for
# $k = k'$ and for $k \neq k'$, and write the $K \times K$ matrix of all of them in terms of $\sigma$ alone.

# %% [markdown] nbgrader={"grade": true, "grade_id": "q1_jacobian", "locked": false, "points": 1, "schema_version": 3, "solution": true, "task": false}
# Let $Z = \sum_c e^{a_c}$, so $\partial Z / \partial a_{k'} = e^{a_{k'}}$. The quotient rule gives
#
# - $k = k'$: $\dfrac{\partial \sigma_k}{\partial a_k} = \dfrac{e^{a_k} Z - e^{a_k} e^{a_k}}{Z^2} = \sigma_k - \sigma_k^2 = \sigma_k(1 - \sigma_k)$;
# - $k \neq k'$: the numerator $e^{a_k}$ does not depend on $a_{k'}$, so $\dfrac{\partial \sigma_k}{\partial a_{k'}} = \dfrac{0 \cdot Z - e^{a_k} e^{a_{k'}}}{Z^2} = -\sigma_k \sigma_{k'}$.
#
# Together $J_{kk'} = \sigma_k(\delta_{kk'} - \sigma_{k'})$, i.e. $J = \operatorname{diag}(\sigma) - \sigma\sigma^\top$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 1: `softmax_jacobian(s)`
#
# Given probabilities `s` of shape (K,), return $J$ of shape (K, K); given a batch of shape (N, K), return one
# Jacobian per row, shape (N, K, K).
#
# **Not allowed here:** `course_utils` functions other than `softmax` and `one_hot`. The check below says *Forbidden*
# if your function uses one, and the grader gives it no credit (status *forbidden import*).

# %% nbgrader={"grade": false, "grade_id": "softmax_jacobian", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_jacobian(s):
    """Jacobian diag(s) - s s^T of softmax at probabilities s.

    Parameters
    ----------
    s : ndarray of shape (K,) or (N, K)
        Softmax probabilities (rows sum to 1).

    Returns
    -------
    ndarray of shape (K, K) or (N, K, K)
    """
    ### BEGIN SOLUTION
    s = np.asarray(s, dtype=np.float64)
    eye = np.eye(s.shape[-1])
    return s[..., :, None] * eye - s[..., :, None] * s[..., None, :]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_softmax_jacobian", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_softmax_jacobian(softmax_jacobian)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Question 2 (written): the per-sample case formula
#
# For one sample, $\ell_j = a_{y_j} - \log\sum_c e^{a_c}$. Using the chain rule
# $\frac{\partial \ell_j}{\partial \tilde{w}_k} = \frac{\partial \ell_j}{\partial a_k}\frac{\partial a_k}{\partial \tilde{w}_k}$,
# give $\partial \ell_j / \partial \tilde{w}_k$ in the two cases $y_j = k$ and $y_j \neq k$.

# %% [markdown] nbgrader={"grade": true, "grade_id": "q2_cases", "locked": false, "points": 1, "schema_version": 3, "solution": true, "task": false}
# $\partial a_k / \partial \tilde{w}_k = \tilde{x}_j$ and $\partial \ell_j / \partial a_k = \mathbb{1}\{y_j = k\} - \sigma_k$, so
#
# $$\frac{\partial \ell_j}{\partial \tilde{w}_k} = \begin{cases} (1 - \sigma_{y_j})\,\tilde{x}_j & \text{if } y_j = k,\\ -\sigma_k\,\tilde{x}_j & \text{if } y_j \neq k. \end{cases}$$
#
# (The handwritten notes write "$y(j) = k$" in both cases; the second case is $y_j \neq k$.)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 2: `grad_log_likelihood_loop(W, X, y)`
#
# Implement Question 2 literally: loop over the samples $j$ and the classes $k$, add the right case to column $k$.
# Return the gradient of $\ell = \sum_j \ell_j$, shape (D, K).
#
# **Not allowed here:** `course_utils` functions other than `softmax` and `one_hot`. The check below says *Forbidden*
# if your function uses one, and the grader gives it no credit (status *forbidden import*).

# %% nbgrader={"grade": false, "grade_id": "grad_log_likelihood_loop", "locked": false, "schema_version": 3, "solution": true, "task": false}
def grad_log_likelihood_loop(W, X, y):
    """Gradient of the log-likelihood by the notes' case formula (loops over samples and classes).

    Parameters
    ----------
    W : ndarray of shape (D, K)
    X : ndarray of shape (N, D)
    y : ndarray of int, shape (N,)

    Returns
    -------
    dW : ndarray of shape (D, K)
        The ascent direction sum_j (1{y_j = k} - sigma_k) x~_j in column k.
    """
    ### BEGIN SOLUTION
    N, K = X.shape[0], W.shape[1]
    dW = np.zeros((X.shape[1], K))
    for j in range(N):
        sigma = softmax(X[j] @ W)
        for k in range(K):
            if y[j] == k:
                dW[:, k] += (1.0 - sigma[k]) * X[j]
            else:
                dW[:, k] -= sigma[k] * X[j]
    return dW
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_grad_log_likelihood_loop", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_grad_log_likelihood_loop(grad_log_likelihood_loop)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Question 3 (written): the matrix form
#
# Show that entry $(d, k)$ of the summed gradient, $\sum_j x_{jd}\,(\mathbb{1}\{y_j = k\} - \sigma_k(\tilde{x}_j))$, is
# entry $(d, k)$ of $\mathbf{X}^\top(\mathbf{Y} - \mathbf{S})$, and check the shapes.

# %% [markdown] nbgrader={"grade": true, "grade_id": "q3_matrix", "locked": false, "points": 1, "schema_version": 3, "solution": true, "task": false}
# With $Y_{jk} = \mathbb{1}\{y_j = k\}$ and $S_{jk} = \sigma_k(\tilde{x}_j)$, the sum is
# $\sum_j X_{jd}(Y_{jk} - S_{jk}) = \sum_j (\mathbf{X}^\top)_{dj} (\mathbf{Y} - \mathbf{S})_{jk} = [\mathbf{X}^\top(\mathbf{Y}-\mathbf{S})]_{dk}$.
# Shapes: $(D \times N)(N \times K) = D \times K$, the shape of $\mathbf{W}$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 3: `grad_log_likelihood(W, X, y)`, vectorized
#
# The same gradient without a Python loop over the samples (a loop over the $K$ classes is fine). The check also
# times your function against the reference on $N = 4000$ samples, $D = 3$, $K = 4$: more than 20 times slower
# means a loop over the samples is left, even in disguise.
#
# **Not allowed here:** `course_utils` functions other than `softmax` and `one_hot`. The check below says *Forbidden*
# if your function uses one, and the grader gives it no credit (status *forbidden import*).

# %% nbgrader={"grade": false, "grade_id": "grad_log_likelihood", "locked": false, "schema_version": 3, "solution": true, "task": false}
def grad_log_likelihood(W, X, y):
    """Vectorized gradient X^T (Y - S) of the log-likelihood.

    Parameters
    ----------
    W : ndarray of shape (D, K)
    X : ndarray of shape (N, D)
    y : ndarray of int, shape (N,)

    Returns
    -------
    dW : ndarray of shape (D, K)
        Ascent direction, summed over samples.
    """
    ### BEGIN SOLUTION
    S = softmax(X @ W)
    return X.T @ (one_hot(y, W.shape[1]) - S)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_grad_log_likelihood", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_grad_log_likelihood(grad_log_likelihood)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Question 4 (written): central differences
#
# Using Taylor expansions of $f(w \pm h)$, show that the central difference $\frac{f(w+h) - f(w-h)}{2h}$ has error
# $O(h^2)$ while the forward difference $\frac{f(w+h) - f(w)}{h}$ has error $O(h)$. Why does the error grow again
# when $h$ is very small?

# %% [markdown] nbgrader={"grade": true, "grade_id": "q4_central", "locked": false, "points": 1, "schema_version": 3, "solution": true, "task": false}
# $f(w \pm h) = f(w) \pm h f'(w) + \tfrac{h^2}{2} f''(w) \pm \tfrac{h^3}{6} f'''(w) + O(h^4)$. Subtracting,
# $\frac{f(w+h) - f(w-h)}{2h} = f'(w) + \tfrac{h^2}{6} f'''(w) + O(h^4)$: error $O(h^2)$. The forward difference is
# $f'(w) + \tfrac{h}{2} f''(w) + O(h^2)$: error $O(h)$. For tiny $h$, $f(w \pm h)$ are computed with a rounding error
# of about $\varepsilon |f|$ ($\varepsilon \approx 10^{-16}$), which the division by $h$ amplifies to $\varepsilon|f|/h$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 4: `numerical_gradient(f, W, h=1e-5)`
#
# Central differences for every entry of `W` (any shape). `W` must be unchanged when you return: perturb a
# float64 copy, or restore each entry after use.
#
# **Not allowed here:** `scipy.optimize.approx_fprime`, nor `course_utils` functions other than `softmax` and
# `one_hot`. The check below says *Forbidden* if your function uses one, and the grader gives it no credit (status
# *forbidden import*).

# %% nbgrader={"grade": false, "grade_id": "numerical_gradient", "locked": false, "schema_version": 3, "solution": true, "task": false}
def numerical_gradient(f, W, h=1e-5):
    """Central-difference gradient of a scalar function f at W.

    Parameters
    ----------
    f : callable
        f(W) returns a float.
    W : ndarray of float64, any shape
    h : float, default 1e-5

    Returns
    -------
    ndarray of float64, same shape as W
    """
    ### BEGIN SOLUTION
    Wc = np.array(W, dtype=np.float64)
    grad = np.zeros_like(Wc)
    for idx in np.ndindex(Wc.shape):
        old = Wc[idx]
        Wc[idx] = old + h
        f_plus = f(Wc)
        Wc[idx] = old - h
        f_minus = f(Wc)
        Wc[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_numerical_gradient", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_numerical_gradient(numerical_gradient)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 5: `relative_error(a, b, floor=1e-8)`
#
# The elementwise relative error $|a - b| / \max(|a|, |b|, \text{floor})$: scale-free, and $0$ (not $0/0$) where
# both are zero. Lecture 06 uses its maximum to compare analytic and numerical gradients.
#
# **Not allowed here:** `course_utils` functions other than `softmax` and `one_hot`. The check below says *Forbidden*
# if your function uses one, and the grader gives it no credit (status *forbidden import*).

# %% nbgrader={"grade": false, "grade_id": "relative_error", "locked": false, "schema_version": 3, "solution": true, "task": false}
def relative_error(a, b, floor=1e-8):
    """Elementwise |a - b| / max(|a|, |b|, floor).

    Parameters
    ----------
    a, b : ndarray of the same shape
    floor : float, default 1e-8

    Returns
    -------
    ndarray of float64, same shape as a
    """
    ### BEGIN SOLUTION
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_relative_error", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check_relative_error(relative_error)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Done
#
# With all five checks passing you have every piece of lectures 05 and 06. Next: Homework 3, *SGD* (`hw3_sgd.ipynb`).
