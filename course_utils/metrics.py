"""Predictions and their quality: argmax class, accuracy, confusion matrix (lecture 08)."""

import numpy as np

from ._validation import as_labels, as_num_classes, check_model_inputs


def predict(W, X):
    """Most probable class argmax_k a_k for each row of X (lecture 08).

    Parameters
    ----------
    W : ndarray of shape (D, K)
    X : ndarray of shape (N, D)

    Returns
    -------
    ndarray of int64, shape (N,)

    Examples
    --------
    >>> import numpy as np
    >>> predict(np.array([[0.0, 1.0]]), np.array([[1.0], [-1.0]]))
    array([1, 0])
    """
    W, X = check_model_inputs(W, X)
    return np.argmax(X @ W, axis=1)


def accuracy(W, X, y):
    """Fraction of rows of X whose predicted class equals y (lecture 08)."""
    W, X, y = check_model_inputs(W, X, y)
    return float(np.mean(predict(W, X) == y))


def confusion_matrix(y_true, y_pred, num_classes):
    """C[i, j] = number of samples of true class i predicted as class j (lecture 08).

    Examples
    --------
    >>> confusion_matrix(np.array([0, 1, 1]), np.array([0, 0, 1]), 2)
    array([[1, 0],
           [1, 1]])
    """
    K = as_num_classes(num_classes)
    y_true = as_labels(y_true, "y_true", num_classes=K)
    y_pred = as_labels(y_pred, "y_pred", n_samples=y_true.shape[0], num_classes=K, per="entry of y_true")
    return np.bincount(y_true * K + y_pred, minlength=K * K).reshape(K, K)
