"""Data for the course, all offline: digits, iris, a synthetic 2-D generator, and preprocessing.

``make_blobs_2d`` draws the toy problems of lectures 01-07; the digits, iris and the preprocessing are used in
lecture 08 (training on real data).  Every function returning
random data takes a ``seed`` so that notebooks are reproducible.
"""

import gzip
from importlib import resources

import numpy as np

from ._validation import as_float_array, as_labels, as_num_classes, positive_float, positive_int


def _data_file(name):
    return resources.files("course_utils").joinpath("datasets", name)


def load_digits():
    """The 8x8 handwritten digits (1797 images, 10 classes), bundled (lecture 08).

    Returns
    -------
    X : ndarray of shape (1797, 64)
        Pixel intensities 0..16, row-major 8x8 images (no bias column).
    y : ndarray of int64, shape (1797,)
        The digit 0..9.

    Examples
    --------
    >>> X, y = load_digits()
    >>> X.shape, y.shape, int(y.max())
    ((1797, 64), (1797,), 9)
    """
    with _data_file("digits.csv.gz").open("rb") as raw, gzip.open(raw, "rt") as fh:
        data = np.loadtxt(fh, delimiter=",")
    return data[:, :-1], data[:, -1].astype(np.int64)


def load_iris():
    """Fisher's iris flowers (150 samples, 4 features, 3 classes), bundled (lecture 08).

    Returns
    -------
    X : ndarray of shape (150, 4)
        Sepal length, sepal width, petal length, petal width in cm.
    y : ndarray of int64, shape (150,)
        0 = setosa, 1 = versicolor, 2 = virginica.

    Examples
    --------
    >>> X, y = load_iris()
    >>> X.shape, np.bincount(y).tolist()
    ((150, 4), [50, 50, 50])
    """
    with _data_file("iris.csv").open("r") as fh:
        data = np.loadtxt(fh, delimiter=",", skiprows=1)
    return data[:, :-1], data[:, -1].astype(np.int64)


def make_blobs_2d(n_per_class=50, num_classes=3, spread=1.0, seed=0):
    """Seeded 2-D Gaussian blobs, one per class, centred on a circle of radius 3 (lectures 01-08).

    Parameters
    ----------
    n_per_class : int, default 50
    num_classes : int, default 3
        K.
    spread : float, default 1.0
        Standard deviation of each blob.
    seed : int, default 0

    Returns
    -------
    X : ndarray of shape (n_per_class * K, 2)
    y : ndarray of int64, shape (n_per_class * K,)

    Examples
    --------
    >>> X, y = make_blobs_2d(n_per_class=4, num_classes=2, seed=1)
    >>> X.shape, y.tolist()
    ((8, 2), [0, 0, 0, 0, 1, 1, 1, 1])
    """
    n = positive_int(n_per_class, "n_per_class")
    K = as_num_classes(num_classes)
    spread = positive_float(spread, "spread")
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(K) / K
    centres = 3.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    y = np.repeat(np.arange(K), n)
    X = centres[y] + spread * rng.standard_normal((n * K, 2))
    return X, y


def standardize(X_train, X_test=None):
    """Scale each feature to mean 0 and standard deviation 1 using the *training* statistics.

    Constant features (e.g. always-blank pixels of digits) are only centred.  Inputs are not modified.

    Parameters
    ----------
    X_train : ndarray of shape (N, D)
    X_test : ndarray of shape (M, D), optional
        Transformed with the training mean and std (no information leaks from it).

    Returns
    -------
    ndarray of shape (N, D), or a tuple of it and the (M, D) test array

    Examples
    --------
    >>> standardize(np.array([[1.0, 5.0], [3.0, 5.0]]))
    array([[-1.,  0.],
           [ 1.,  0.]])
    """
    X_train = as_float_array(X_train, "X_train", ndim=2)
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std[np.ptp(X_train, axis=0) == 0] = 1.0   # constant features: std is 0 up to round-off
    if X_test is None:
        return (X_train - mean) / std
    X_test = as_float_array(X_test, "X_test", ndim=2)
    if X_test.shape[1] != X_train.shape[1]:
        raise ValueError(
            f"X_test must have the {X_train.shape[1]} columns of X_train; got shape {X_test.shape}"
        )
    return (X_train - mean) / std, (X_test - mean) / std


def train_test_split(X, y, test_fraction=0.25, seed=0):
    """Seeded stratified split: each class keeps its proportion in both parts.

    Parameters
    ----------
    X : ndarray of shape (N, D)
    y : ndarray of int, shape (N,)
    test_fraction : float in (0, 1), default 0.25
    seed : int, default 0

    Returns
    -------
    X_train, X_test, y_train, y_test

    Examples
    --------
    >>> X, y = np.arange(20.0).reshape(10, 2), np.array([0] * 5 + [1] * 5)
    >>> X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_fraction=0.4)
    >>> np.bincount(y_te).tolist(), X_tr.shape
    ([2, 2], (6, 2))
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_labels(y, "y", n_samples=X.shape[0])
    if not isinstance(test_fraction, (int, float)) or not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be a number in (0, 1); got {test_fraction!r}")
    rng = np.random.default_rng(seed)
    test = []
    for k in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == k))
        test.append(idx[: int(round(test_fraction * idx.size))])
    test = np.sort(np.concatenate(test))
    train = np.setdiff1d(np.arange(X.shape[0]), test)
    if test.size == 0 or train.size == 0:
        raise ValueError(f"test_fraction={test_fraction} leaves an empty part for N = {X.shape[0]} samples")
    train, test = rng.permutation(train), rng.permutation(test)
    return X[train], X[test], y[train], y[test]
