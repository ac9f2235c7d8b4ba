"""Tests of course_utils.metrics: predict, accuracy, confusion_matrix."""

import numpy as np
import pytest
import scipy.special as sp

from course_utils import accuracy, confusion_matrix, predict

def test_predict_is_argmax_of_logits():
    """predict picks the class with the largest logit a_k = x^T w_k."""
    W = np.array([[0.0, 1.0, -1.0],      # biases
                  [1.0, 0.0, 2.0]])
    X = np.array([[1.0, 0.0],            # logits [0, 1, -1] -> 1
                  [1.0, 3.0],            # [3, 1, 5]          -> 2
                  [1.0, -0.9]])          # [-0.9, 1, -2.8]    -> 1
    np.testing.assert_array_equal(predict(W, X), [1, 2, 1])
    assert predict(W, X).dtype.kind == "i"


def test_accuracy_simple_cases():
    """Fraction of correct predictions: 1, 0 and 2/3 on hand-made labels."""
    W = np.array([[0.0, 1.0], [1.0, -1.0]])
    X = np.array([[1.0, 2.0], [1.0, -2.0], [1.0, 0.0]])   # logits [2,-1] [-2,3] [0,1] -> 0, 1, 1
    assert accuracy(W, X, np.array([0, 1, 1])) == 1.0
    assert accuracy(W, X, np.array([1, 0, 0])) == 0.0
    np.testing.assert_allclose(accuracy(W, X, np.array([0, 1, 0])), 2 / 3, rtol=1e-15)


def test_predict_agrees_with_max_probability():
    """argmax of logits == argmax of softmax probabilities (softmax is monotone)."""
    rng = np.random.default_rng(0)
    W, X = rng.standard_normal((4, 5)), rng.standard_normal((30, 4))
    np.testing.assert_array_equal(predict(W, X), np.argmax(sp.softmax(X @ W, axis=1), axis=1))


def test_confusion_matrix_counts_pairs_and_agrees_with_accuracy():
    """C[i, j] counts (true i, predicted j); its trace over N is the accuracy."""
    rng = np.random.default_rng(1)
    y_true, y_pred = rng.integers(0, 4, 50), rng.integers(0, 4, 50)
    C = confusion_matrix(y_true, y_pred, 4)
    expected = np.zeros((4, 4), dtype=int)
    for t, p in zip(y_true, y_pred):
        expected[t, p] += 1
    np.testing.assert_array_equal(C, expected)
    assert C.sum() == 50 and np.trace(C) == np.sum(y_true == y_pred)


def test_confusion_matrix_rejects_mismatched_labels():
    with pytest.raises(ValueError, match=r"y_pred must have one label per entry of y_true, i.e. shape \(3,\); got shape \(2,\)"):
        confusion_matrix(np.array([0, 1, 1]), np.array([0, 1]), 2)
    with pytest.raises(ValueError, match=r"y_pred must hold labels in 0..1 \(K = 2 classes\); got values from 0 to 2"):
        confusion_matrix(np.array([0, 1, 1]), np.array([0, 2, 1]), 2)
