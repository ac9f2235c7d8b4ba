# %% [markdown] slideshow={"slide_type": "slide"}
# # Homework 1 · A stable softmax and the log-likelihood
#
# **What you'll learn**
#
# - to implement softmax so that it never overflows or underflows, whatever the logits;
# - to compute the log-likelihood $\ell(W) = \sum_i \log \sigma_{y_i}(\tilde{x}_i)$ without ever forming the product;
# - to read a check's diagnosis and fix the mistake it names.
#
# Prerequisites: lectures [01](../notebooks/01_softmax_likelihood.ipynb) and [02](../notebooks/02_log_likelihood.ipynb).
#
# **How this works.** Each exercise is a function with the same name and signature as in `course_utils`.
# Replace `raise NotImplementedError()` with your code, run the cell, then run the check below it.
# A check either prints one line with the error it measured, or tells you *which* input failed and the likely mistake.
# Written questions come first; each is paired with the code exercise that checks your answer numerically.
#
# **Grading.** The written questions (2 points) are graded by hand by your TA from what you write in their
# answer cells; the code exercises (6 points) by their checks: the public ones below, which you can run, and
# hidden tests on other inputs. Each exercise earns its points when every check passes. Total: 8 points.
# Do not import the function you are asked to write from `course_utils` or SciPy: each exercise says what is not
# allowed, its check refuses it (*Forbidden*), and the grader gives no credit for it (status *forbidden import*). When
# your notebook is graded, `course_utils` offers only the checks. Return NumPy arrays of float64 numbers (not lists).
#
# Notation: $N$ samples, $D$ features (bias column included), $K$ classes; `X` (N, D) rows $\tilde{x}_i$,
# `W` (D, K) column $k$ is $\tilde{w}_k$, `A = X @ W`, `S = softmax(A)`, `y` (N,) integer labels.

# %%
import numpy as np

from course_utils.checks import check_log_likelihood, check_softmax

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Question 1 (written): why may we subtract the maximum?
#
# Show that for any constant $\gamma$, $\sigma_k(a - \gamma) = \sigma_k(a)$ for every class $k$. Then explain why choosing
# $\gamma = m = \max_c a_c$ **for each row separately** makes the computation safe from overflow (no `inf`) and from
# $0/0$ (at least one term of the denominator equals 1).

# %% [markdown] nbgrader={"grade": true, "grade_id": "q1_shift", "locked": false, "points": 1, "schema_version": 3, "solution": true, "task": false}
# $\sigma_k(a - \gamma) = \dfrac{e^{a_k - \gamma}}{\sum_c e^{a_c - \gamma}} = \dfrac{e^{-\gamma}\, e^{a_k}}{e^{-\gamma} \sum_c e^{a_c}} = \sigma_k(a)$,
# since the factor $e^{-\gamma} > 0$ cancels. With $\gamma = m = \max_c a_c$ every exponent $a_c - m \le 0$, so every term is at
# most $1$ and nothing overflows; the term of the maximal logit is exactly $e^0 = 1$, so the denominator is at least 1
# and never $0$. The maximum must be taken per row: with one global maximum, a row whose logits are all far below it
# underflows to $0/0$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 1: `softmax(a, axis=-1)`
#
# $$\sigma_k(a) = \frac{e^{a_k - m}}{\sum_c e^{a_c - m}}, \qquad m = \max_c a_c \text{ along } \texttt{axis}.$$
#
# It must work for a vector (K,), a matrix (N, K) normalized along `axis`, logits like 1000 or −1000, and `-inf`
# entries (probability 0). Don't modify the input.
#
# **Not allowed here:** `scipy.special.softmax`, nor any `course_utils` function (while graded it offers only the
# checks). The check below says *Forbidden* if your function uses one, and the grader gives it no credit (status
# *forbidden import*).

# %% nbgrader={"grade": false, "grade_id": "softmax", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax(a, axis=-1):
    """Numerically stable softmax along ``axis``.

    Parameters
    ----------
    a : ndarray of shape (K,) or (N, K)
        Logits.
    axis : int, default -1
        The class axis: the result sums to 1 along it.

    Returns
    -------
    ndarray of float64, same shape as ``a``
    """
    ### BEGIN SOLUTION
    a = np.asarray(a, dtype=np.float64)
    z = a - np.max(a, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_softmax", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
check_softmax(softmax)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Question 2 (written): the log of a softmax probability
#
# Show that $\log \sigma_{y}(a) = a_{y} - m - \log \sum_c e^{a_c - m}$ with $m = \max_c a_c$, and explain why computing
# `np.log(softmax(a))[y]` instead can return `-inf` even though the true value is finite (try $a = (0, -1000)$, $y = 1$).

# %% [markdown] nbgrader={"grade": true, "grade_id": "q2_log_softmax", "locked": false, "points": 1, "schema_version": 3, "solution": true, "task": false}
# $\log \sigma_y(a) = \log e^{a_y - m} - \log \sum_c e^{a_c - m} = a_y - m - \log \sum_c e^{a_c - m}$, using the shift
# invariance of Question 1. For $a = (0, -1000)$, $\sigma_1 = e^{-1000}/(1 + e^{-1000}) \approx e^{-1000}$, which
# underflows to $0$ in float64, and $\log 0 = -\infty$; the formula above gives $-1000 - \log(1 + e^{-1000}) = -1000$
# exactly, because it never exponentiates before taking the logarithm.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 2: `log_likelihood(W, X, y)`
#
# $$\ell(W) = \sum_{i=1}^{N} \Big[a_{y_i}(\tilde{x}_i) - \log \sum_{c} e^{a_c(\tilde{x}_i)}\Big], \qquad a_k(\tilde{x}_i) = \tilde{w}_k^\top \tilde{x}_i .$$
#
# Return the **sum** over samples (not the mean), with the sign of the notes (a log-likelihood, $\le 0$, to be
# maximized). Use the stable form of Question 2; never form the product of probabilities (lecture 01 showed it underflows).
#
# **Not allowed here:** `scipy.special.logsumexp`, `scipy.special.log_softmax`, `scipy.special.softmax`, nor any
# `course_utils` function (while graded it offers only the checks). The check below says *Forbidden* if your function
# uses one, and the grader gives it no credit (status *forbidden import*).

# %% nbgrader={"grade": false, "grade_id": "log_likelihood", "locked": false, "schema_version": 3, "solution": true, "task": false}
def log_likelihood(W, X, y):
    """Log-likelihood of softmax regression, summed over samples.

    Parameters
    ----------
    W : ndarray of shape (D, K)
        Weights; column k is w~_k.
    X : ndarray of shape (N, D)
        Bias-augmented inputs, one row per sample.
    y : ndarray of int, shape (N,)
        Labels in 0..K-1.

    Returns
    -------
    float
        sum_i log sigma_{y_i}(x~_i)  (<= 0; the notes maximize it).
    """
    ### BEGIN SOLUTION
    A = X @ W
    m = A.max(axis=1, keepdims=True)
    log_probs = A - m - np.log(np.exp(A - m).sum(axis=1, keepdims=True))
    return float(log_probs[np.arange(len(y)), y].sum())
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_log_likelihood", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
check_log_likelihood(log_likelihood)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Done
#
# Both checks print one line when your functions are right. Next: Homework 2, *Gradients* (`hw2_gradients.ipynb`).
