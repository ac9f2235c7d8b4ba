"""Tests of course_utils.data: bundled data sets, the blob generator, standardize, train_test_split."""

import numpy as np
import pytest

from course_utils import load_digits, load_iris, make_blobs_2d, standardize, train_test_split


# ---------------------------------------------------------------- bundled data sets

def test_load_digits_shapes_labels_pixels():
    """1797 images of 64 pixels, integer intensities 0..16, labels 0..9 each about 180 times."""
    X, y = load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.dtype == np.float64 and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 16.0
    np.testing.assert_array_equal(X, np.round(X))
    counts = np.bincount(y)
    assert counts.size == 10 and counts.sum() == 1797
    assert counts.min() >= 170 and counts.max() <= 190


def test_load_digits_matches_scikit_learn_copy():
    """The bundled file is scikit-learn's digits (independent loader): same pixels, same labels."""
    from sklearn.datasets import load_digits as sk_load_digits

    X, y = load_digits()
    X_sk, y_sk = sk_load_digits(return_X_y=True)
    np.testing.assert_array_equal(X, X_sk)
    np.testing.assert_array_equal(y, y_sk)


def test_load_iris_shapes_and_classes():
    """150 flowers, 4 positive measurements in cm, 50 of each of the 3 classes."""
    X, y = load_iris()
    assert X.shape == (150, 4) and y.shape == (150,)
    np.testing.assert_array_equal(np.bincount(y), [50, 50, 50])
    assert np.all(X > 0) and X.max() < 10.0


def test_load_iris_matches_scikit_learn_copy():
    """The bundled iris equals scikit-learn's copy."""
    from sklearn.datasets import load_iris as sk_load_iris

    X, y = load_iris()
    X_sk, y_sk = sk_load_iris(return_X_y=True)
    np.testing.assert_allclose(X, X_sk, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(y, y_sk)


def test_loaders_return_fresh_arrays():
    """Writing into a loaded array does not affect the next load."""
    X, _ = load_iris()
    X[:] = -1.0
    assert np.all(load_iris()[0] > 0)


# ---------------------------------------------------------------- make_blobs_2d

def test_blobs_shapes_and_labels():
    """n_per_class * K points in 2-D, labels 0..K-1 in blocks of n_per_class."""
    X, y = make_blobs_2d(n_per_class=7, num_classes=4, seed=3)
    assert X.shape == (28, 2) and y.shape == (28,)
    np.testing.assert_array_equal(y, np.repeat(np.arange(4), 7))


def test_blobs_seeded_reproducible():
    """Same seed, same data; different seed, different data (same labels)."""
    X1, y1 = make_blobs_2d(n_per_class=10, seed=5)
    X2, y2 = make_blobs_2d(n_per_class=10, seed=5)
    X3, y3 = make_blobs_2d(n_per_class=10, seed=6)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)
    np.testing.assert_array_equal(y1, y3)


def test_blobs_centres_on_circle_of_radius_3_with_spread():
    """Class means are near 3 (cos 2 pi k / K, sin 2 pi k / K); per-coordinate std near spread."""
    K, n, spread = 3, 4000, 0.5
    X, y = make_blobs_2d(n_per_class=n, num_classes=K, spread=spread, seed=0)
    for k in range(K):
        centre = 3.0 * np.array([np.cos(2 * np.pi * k / K), np.sin(2 * np.pi * k / K)])
        pts = X[y == k]
        np.testing.assert_allclose(pts.mean(axis=0), centre, atol=5 * spread / np.sqrt(n))
        np.testing.assert_allclose(pts.std(axis=0), spread, rtol=0.05)


# ---------------------------------------------------------------- standardize

def test_standardize_uses_training_statistics():
    """Train: mean 0, std 1 per column; test: transformed with the *training* mean and std."""
    rng = np.random.default_rng(0)
    X_tr = rng.normal(5.0, 3.0, size=(50, 3))
    X_te = rng.normal(-2.0, 0.5, size=(20, 3))
    Z_tr, Z_te = standardize(X_tr, X_te)
    np.testing.assert_allclose(Z_tr.mean(axis=0), 0.0, atol=1e-13)
    np.testing.assert_allclose(Z_tr.std(axis=0), 1.0, rtol=1e-13)
    np.testing.assert_allclose(Z_te, (X_te - X_tr.mean(0)) / X_tr.std(0), rtol=1e-13)
    assert np.all(Z_te.mean(axis=0) < -1.0)      # not re-centred on the test data
    np.testing.assert_array_equal(standardize(X_tr), Z_tr)


def test_standardize_matches_scikit_learn_scaler():
    """Same result as sklearn's StandardScaler fitted on the training part (non-constant columns)."""
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(1)
    X_tr, X_te = rng.standard_normal((30, 4)) * [1, 10, 0.1, 3], rng.standard_normal((7, 4))
    sc = StandardScaler().fit(X_tr)
    Z_tr, Z_te = standardize(X_tr, X_te)
    np.testing.assert_allclose(Z_tr, sc.transform(X_tr), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(Z_te, sc.transform(X_te), rtol=1e-12, atol=1e-13)


def test_standardize_constant_zero_column_is_only_centred():
    """A constant column (a blank digits pixel) stays finite: centred, not divided by 0."""
    X_tr = np.array([[0.0, 1.0], [0.0, 2.0], [0.0, 4.0]])
    X_te = np.array([[3.0, 1.0]])
    with np.errstate(all="raise"):
        Z_tr, Z_te = standardize(X_tr, X_te)
    assert np.all(np.isfinite(Z_tr)) and np.all(np.isfinite(Z_te))
    np.testing.assert_array_equal(Z_tr[:, 0], 0.0)
    np.testing.assert_array_equal(Z_te[:, 0], 3.0)      # centred by 0, scaled by 1


def test_standardize_digits_blank_pixels_finite():
    """On digits (several always-0 pixels) every standardized value is finite."""
    X, _ = load_digits()
    Z = standardize(X)
    assert np.all(np.isfinite(Z))
    const = X.std(axis=0) == 0
    assert const.any()
    np.testing.assert_array_equal(Z[:, const], 0.0)


@pytest.mark.parametrize("value, n", [(0.1, 3), (0.3, 10)])
def test_standardize_constant_nonzero_column_is_only_centred(value, n):
    """A constant column of any value must map to 0 (centred), like a constant 0 column."""
    X = np.column_stack([np.full(n, value), np.arange(n, dtype=float)])
    Z = standardize(X)
    np.testing.assert_allclose(Z[:, 0], 0.0, atol=1e-6)


def test_standardize_inputs_not_modified():
    """X_train and X_test keep their values; integer input is accepted."""
    rng = np.random.default_rng(2)
    X_tr, X_te = rng.standard_normal((10, 3)), rng.standard_normal((4, 3))
    a, b = X_tr.copy(), X_te.copy()
    standardize(X_tr, X_te)
    np.testing.assert_array_equal(X_tr, a)
    np.testing.assert_array_equal(X_te, b)
    Xi = np.array([[1, 2], [3, 2]])
    np.testing.assert_array_equal(standardize(Xi), [[-1.0, 0.0], [1.0, 0.0]])
    np.testing.assert_array_equal(Xi, [[1, 2], [3, 2]])


# ---------------------------------------------------------------- train_test_split

def split_with_ids(N=100, fractions=(0.5, 0.3, 0.2), test_fraction=0.25, seed=0):
    """Split X = row ids so that the indices that went where can be recovered."""
    counts = np.round(np.array(fractions) * N).astype(int)
    y = np.repeat(np.arange(len(counts)), counts)
    X = np.column_stack([np.arange(y.size, dtype=float), np.zeros(y.size)])
    return (y,) + train_test_split(X, y, test_fraction=test_fraction, seed=seed)


def test_split_disjoint_and_covering():
    """Every sample goes to exactly one part; rows keep their labels."""
    y, X_tr, X_te, y_tr, y_te = split_with_ids()
    ids_tr, ids_te = X_tr[:, 0].astype(int), X_te[:, 0].astype(int)
    assert np.intersect1d(ids_tr, ids_te).size == 0
    np.testing.assert_array_equal(np.sort(np.concatenate([ids_tr, ids_te])), np.arange(y.size))
    np.testing.assert_array_equal(y_tr, y[ids_tr])
    np.testing.assert_array_equal(y_te, y[ids_te])


@pytest.mark.parametrize("test_fraction", [0.2, 0.25, 0.5])
def test_split_stratified(test_fraction):
    """Each class contributes round(test_fraction * n_k) test samples (proportions preserved)."""
    y, X_tr, X_te, y_tr, y_te = split_with_ids(N=200, test_fraction=test_fraction)
    n_k = np.bincount(y)
    te_k = np.bincount(y_te, minlength=n_k.size)
    assert np.all(np.abs(te_k - test_fraction * n_k) <= 1.0)
    np.testing.assert_array_equal(te_k + np.bincount(y_tr, minlength=n_k.size), n_k)


def test_split_digits_stratified():
    """On digits with 25 % test, every class has about 25 % of its samples in the test part."""
    X, y = load_digits()
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_fraction=0.25, seed=0)
    assert X_tr.shape[0] + X_te.shape[0] == 1797
    np.testing.assert_allclose(np.bincount(y_te) / np.bincount(y), 0.25, atol=0.01)


def test_split_seeded():
    """Same seed: identical parts; different seed: a different test set."""
    a = split_with_ids(seed=1)
    b = split_with_ids(seed=1)
    c = split_with_ids(seed=2)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert set(a[2][:, 0]) != set(c[2][:, 0])


def test_split_shuffles_order():
    """The training part is not in the original (class-sorted) order."""
    _, X_tr, _, y_tr, _ = split_with_ids()
    assert np.any(np.diff(X_tr[:, 0]) < 0)
    assert np.any(np.diff(y_tr) < 0)


def test_split_inputs_not_modified():
    """X and y keep their values and order."""
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((20, 2)), np.repeat([0, 1], 10)
    X0, y0 = X.copy(), y.copy()
    train_test_split(X, y, seed=4)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
