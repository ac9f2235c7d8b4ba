"""Time loss_and_grad and grad_log_likelihood against the floor of their two matrix products.

Run:  python bench/bench_gradients.py [--repeats 15]

For each shape (N, D, K) the floor is ``X @ W`` plus ``X.T @ G`` with G of
shape (N, K): no gradient can skip these two products.  Also times the loop
oracle on a small shape and scikit-learn's ``LinearModelLoss.loss_gradient``
(multinomial, same data) when scikit-learn is installed.  Prints medians
and ratios; targets: <= 1.10x the floor on the MNIST shape, <= 2.0x on the
digits shape, and no slower than scikit-learn.
"""

import argparse
import statistics
import time

import numpy as np

from course_utils import grad_log_likelihood, grad_log_likelihood_loop, loss_and_grad

SHAPES = {"digits": (1797, 65, 10), "mnist": (60000, 785, 10)}
TARGETS = {"digits": 2.0, "mnist": 1.10}


def median_time(fn, repeats, min_seconds=0.5):
    """Median of at least ``repeats`` timed calls, more for fast functions (>= min_seconds in all)."""
    t0 = time.perf_counter()
    fn()  # warm up
    first = time.perf_counter() - t0
    times = []
    for _ in range(max(repeats, int(min_seconds / max(first, 1e-6)))):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def sklearn_loss_gradient(X, y, K):
    try:
        from sklearn._loss.loss import HalfMultinomialLoss
        from sklearn.linear_model._linear_loss import LinearModelLoss
    except ImportError:
        return None
    lml = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=K), fit_intercept=False)
    coef = np.zeros((K, X.shape[1]))
    yf = y.astype(np.float64)
    return lambda: lml.loss_gradient(coef, X, yf, l2_reg_strength=0.0, n_threads=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    ok = True
    for name, (N, D, K) in SHAPES.items():
        X = rng.standard_normal((N, D))
        W = 0.01 * rng.standard_normal((D, K))
        y = rng.integers(0, K, N)
        G = rng.standard_normal((N, K))
        floor = median_time(lambda: (X @ W, X.T @ G), args.repeats)
        GT = np.ascontiguousarray(G.T)
        floor_t = median_time(lambda: (W.T @ X.T, GT @ X), args.repeats)
        t_lg = median_time(lambda: loss_and_grad(W, X, y), args.repeats)
        t_g = median_time(lambda: grad_log_likelihood(W, X, y), args.repeats)
        print(f"{name} (N={N}, D={D}, K={K}):")
        print(f"  floor X@W + X.T@G        {floor * 1e3:9.2f} ms")
        print(f"  same products, layout used by course_utils (W.T@X.T + G.T@X) {floor_t * 1e3:.2f} ms")
        print(f"  loss_and_grad            {t_lg * 1e3:9.2f} ms   {t_lg / floor:5.2f}x floor (target <= {TARGETS[name]:.2f}x)")
        print(f"  grad_log_likelihood      {t_g * 1e3:9.2f} ms   {t_g / floor:5.2f}x floor")
        ok &= t_lg / floor <= TARGETS[name]
        sk = sklearn_loss_gradient(X, y, K)
        if sk is not None:
            t_sk = median_time(sk, args.repeats)
            print(f"  sklearn loss_gradient    {t_sk * 1e3:9.2f} ms   loss_and_grad is {t_sk / t_lg:5.2f}x faster")
            ok &= t_lg <= t_sk
    n_small = 200
    Xs, Ws, ys = X[:n_small, :65], W[:65], y[:n_small]
    t_loop = median_time(lambda: grad_log_likelihood_loop(Ws, Xs, ys), 3)
    t_vec = median_time(lambda: grad_log_likelihood(Ws, Xs, ys), args.repeats)
    print(f"small (N={n_small}, D=65, K={K}): loop {t_loop * 1e3:.2f} ms, vectorized {t_vec * 1e3:.3f} ms, "
          f"speed-up {t_loop / t_vec:.0f}x")
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
