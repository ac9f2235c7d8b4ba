# %% [markdown] slideshow={"slide_type": "slide"}
# # Homework 3 · SGD on handwritten digits
#
# **What you'll learn**
#
# - to derive and implement the gradient of a single sample's log-likelihood, an outer product;
# - to write a minibatch SGD training loop exactly to a specification, and see it reach about 95 % test accuracy on the
#   digits data set.
#
# Prerequisites: lectures [07](../notebooks/07_single_sample_sgd.ipynb) and [08](../notebooks/08_training_real_data.ipynb),
# and Homework 2.
#
# You may use `softmax`, `one_hot`, `add_bias` and the data helpers (`load_digits`, `load_iris`, `standardize`,
# `train_test_split`) from `course_utils`, but not `grad_log_likelihood_sample` or the trainers: when your notebook is
# graded, `course_utils` offers only these and the checks. Each check refuses anything else (*Forbidden*), as the
# grader does. Return NumPy arrays of float64 numbers (not lists).
#
# **Grading.** The written questions (2 points) are graded by hand by your TA from what you write in their
# answer cells; the code exercises (5 points) by their checks: the public ones below, which you can run, and
# hidden tests on other inputs. Each exercise earns its points when every check passes. Total: 7 points.

# %%
import numpy as np

from course_utils import one_hot, softmax
from course_utils.checks import check_grad_log_likelihood_sample, check_train_sgd

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Question 1 (written): one sample's gradient as an outer product
#
# For one sample $(\tilde{x}, y)$, $\ell = a_y - \log \sum_c e^{a_c}$ with $a = W^\top \tilde{x}$. Show that the
# gradient with respect to the whole matrix $W$ (shape $D \times K$) is the outer product $\tilde{x}\,(e_y - \sigma)^\top$,
# where $e_y$ is the one-hot vector of $y$.

# %% [markdown] nbgrader={"grade": true, "grade_id": "q1_outer", "locked": false, "points": 1, "schema_version": 3, "solution": true, "task": false}
# Column $k$ of the gradient is $\partial \ell / \partial \tilde{w}_k = (\mathbb{1}\{y = k\} - \sigma_k)\,\tilde{x}$
# (lecture 03). Entry $(d, k)$ is therefore $\tilde{x}_d\,(e_y - \sigma)_k$, which is entry $(d, k)$ of the outer
# product $\tilde{x}\,(e_y - \sigma)^\top$: a $(D \times 1)(1 \times K) = D \times K$ matrix.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 1: `grad_log_likelihood_sample(W, x, y)`
#
# `x` has shape (D,), `y` is an `int`. Return the ascent direction of $\ell = \log \sigma_y(W^\top x)$, shape (D, K).
#
# **Not allowed here:** `course_utils` functions other than `add_bias`, `one_hot`, `softmax` and the data helpers. The
# check below says *Forbidden* if your function uses one, and the grader gives it no credit (status *forbidden
# import*).

# %% nbgrader={"grade": false, "grade_id": "grad_log_likelihood_sample", "locked": false, "schema_version": 3, "solution": true, "task": false}
def grad_log_likelihood_sample(W, x, y):
    """Gradient of one sample's log-likelihood, x (e_y - sigma)^T.

    Parameters
    ----------
    W : ndarray of shape (D, K)
    x : ndarray of shape (D,)
    y : int

    Returns
    -------
    dW : ndarray of shape (D, K)
    """
    ### BEGIN SOLUTION
    r = -softmax(x @ W)
    r[y] += 1.0
    return np.outer(x, r)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_grad_log_likelihood_sample", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check_grad_log_likelihood_sample(grad_log_likelihood_sample)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Question 2 (written): why minibatches?
#
# The full-batch gradient of the mean log-likelihood is $\frac{1}{N}\sum_j \nabla \ell_j$. Explain why the mean
# gradient of a random minibatch is an unbiased estimate of it, and what the batch size trades off.

# %% [markdown] nbgrader={"grade": true, "grade_id": "q2_minibatch", "locked": false, "points": 1, "schema_version": 3, "solution": true, "task": false}
# If the batch $B$ is drawn uniformly, each sample is in it with the same probability, so
# $\mathbb{E}\big[\frac{1}{|B|}\sum_{j \in B} \nabla \ell_j\big] = \frac{1}{N}\sum_j \nabla \ell_j$: unbiased.
# Its variance shrinks like $1/|B|$: small batches give many cheap, noisy steps per pass over the data; large batches
# give fewer, more accurate (and better vectorized) steps.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 2: `train_sgd(X, y, num_classes, lr, epochs, batch_size, seed)`
#
# Minibatch SGD on the mean log-likelihood, exactly as follows: start from $W = 0$ of shape $(D, K)$; create one
# generator `np.random.default_rng(seed)` before the first epoch; every epoch, draw a permutation of the $N$ samples
# from it and cut it into consecutive batches of `batch_size` (the last may be smaller); for each batch $B$ step
# $W \leftarrow W + \text{lr} \cdot \frac{1}{|B|} \mathbf{X}_B^\top(\mathbf{Y}_B - \mathbf{S}_B)$ (ascent).
#
# The check compares your weights with this algorithm on a small problem (so a slip is named, not just seen), then
# trains with the settings it fixes (lr = 0.1, 10 epochs, batches of 32, seed 0) on standardized digits with
# `add_bias`: a trainer that follows the algorithm reaches about 95 % test accuracy, so the required 93 % is a
# consequence of a correct trainer, not a target to tune.
#
# **Not allowed here:** `course_utils` functions other than `add_bias`, `one_hot`, `softmax` and the data helpers. The
# check below says *Forbidden* if your function uses one, and the grader gives it no credit (status *forbidden
# import*).

# %% nbgrader={"grade": false, "grade_id": "train_sgd", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_sgd(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Minibatch SGD (ascent on the mean log-likelihood) from W = 0.

    Parameters
    ----------
    X : ndarray of shape (N, D)
        Bias-augmented inputs.
    y : ndarray of int, shape (N,)
    num_classes : int
        K.
    lr : float
    epochs : int
    batch_size : int
    seed : int
        Seeds the shuffling; the same seed gives the same W.

    Returns
    -------
    W : ndarray of shape (D, K)
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    N = X.shape[0]
    W = np.zeros((X.shape[1], num_classes))
    for _ in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            b = order[start:start + batch_size]
            S = softmax(X[b] @ W)
            W += lr * X[b].T @ (one_hot(y[b], num_classes) - S) / len(b)
    return W
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check_train_sgd", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
check_train_sgd(train_sgd)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Done
#
# You have implemented the whole line of the course: softmax, log-likelihood, Jacobian, gradient, gradient check,
# and training. Compare your trainer's curves with lecture [08](../notebooks/08_training_real_data.ipynb).
