"""How long one full-batch gradient step of softmax regression takes, three ways.

    python benchmarks/train_speed.py                   # the full run (about a minute)
    python benchmarks/train_speed.py --quick           # the three small sizes only
    python benchmarks/train_speed.py --update-figure   # also replace the README's plot

(a) the lesson's per-sample loop through the softmax Jacobian: helpers.train with
    gradient=helpers.loss_gradient; (b) the vectorized helpers: helpers.train with its default
    gradient (dL/dZ = S - Y^T); (c) PyTorch eager on the CPU: nn.Linear + F.cross_entropy
    (reduction="sum") + optim.SGD, with as many threads as NumPy's BLAS.
All in float64 on seeded synthetic data. A step is forward pass, loss, gradient and update;
each is timed inside a run of K steps (time / K, after a warm-up run), and the median of
several runs is reported. The script prints a table, checks the targets below (with --quick,
the two targets at 150x4x3; the others are listed as not run), and writes a plot of time per
step against N to artifacts/benchmarks/ (ignored by git); --update-figure writes it over the
README's benchmarks/train_speed.png instead.

Targets (ratios measured in the same run): vectorized <= 0.2 x PyTorch at 150x4x3 and
<= 1.0 x at 60000x784x10; at 60000x784x10 the effective bandwidth (bytes of X / step time)
within 2x of the memory bandwidth of a large NumPy copy; the loop >= 50x slower than the
vectorized step at 150 rows.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import torch
from threadpoolctl import threadpool_info

import helpers

SIZES = [(1, 4, 3), (30, 4, 3), (150, 4, 3), (10_000, 64, 10), (60_000, 784, 10)]
QUICK_SIZES = SIZES[:3]
ROOT = Path(__file__).resolve().parent.parent
README_FIGURE = ROOT / "benchmarks" / "train_speed.png"
SCRATCH_FIGURE = ROOT / "artifacts" / "benchmarks" / "train_speed.png"
LOOP_LIMIT = 10_000 * 64  # N * D above which the per-sample loop takes too long to time
LEARNING_RATE = 1e-3
SEED = 20220106


def problem(n_samples, n_features, n_classes):
    """Seeded synthetic X (N, D), one-hot Y (N, C), small random W (C, D) and B (C, 1)."""
    rng = np.random.default_rng(SEED)
    X = rng.normal(size=(n_samples, n_features))
    Y = np.eye(n_classes)[rng.integers(0, n_classes, size=n_samples)]
    W = 0.01 * rng.normal(size=(n_classes, n_features))
    B = np.zeros((n_classes, 1))
    return X, Y, W, B


def seconds_per_step(run_steps, budget=0.3, repeats=5):
    """The time of one step inside a training run: (T(K) - T(0)) / K, where T(K) is the time
    of run_steps(K). T(0) is what a run costs besides its steps (helpers.train checks its
    inputs once and computes the final loss), so it is not charged to the steps. K is chosen
    so that a run takes about `budget` seconds; one untimed warm-up run first; the median of
    `repeats` pairs of runs."""
    run_steps(1)  # warm-up
    start = time.perf_counter()
    run_steps(1)
    steps = max(2, min(10_000, int(budget / (time.perf_counter() - start))))
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run_steps(0)
        fixed = time.perf_counter() - start
        start = time.perf_counter()
        run_steps(steps)
        samples.append((time.perf_counter() - start - fixed) / steps)
    return statistics.median(samples)


def numpy_runner(X, Y, W, B, gradient):
    def run(steps):
        helpers.train(X, Y, W, B, LEARNING_RATE, steps, gradient=gradient)

    return run


def torch_runner(X, Y, W, B):
    model = torch.nn.Linear(X.shape[1], W.shape[0], dtype=torch.float64)
    with torch.no_grad():
        model.weight.copy_(torch.from_numpy(W))
        model.bias.copy_(torch.from_numpy(B[:, 0]))
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    inputs, targets = torch.from_numpy(X), torch.from_numpy(np.argmax(Y, axis=1))

    def run(steps):
        for _ in range(steps):
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(inputs), targets, reduction="sum")
            loss.backward()
            optimizer.step()

    return run


def copy_bandwidth(n_bytes):
    """Bytes per second moved by np.copyto of an n_bytes array: read + written, as STREAM
    counts a copy."""
    source = np.ones(n_bytes // 8)
    target = np.empty_like(source)
    return 2 * source.nbytes / helpers.median_seconds(lambda: np.copyto(target, source))


def blas_description():
    pools = [
        f"{p['internal_api']} {p.get('version', '')} ({p.get('architecture', '?')}), "
        f"{p['num_threads']} threads"
        for p in threadpool_info()
    ]
    return "; ".join(pools) or "unknown"


def numpy_threads():
    counts = [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
    return max(counts) if counts else os.cpu_count()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the three small sizes")
    parser.add_argument(
        "--update-figure",
        action="store_true",
        help=f"write the plot over the README's {README_FIGURE.name} (default: {SCRATCH_FIGURE})",
    )
    args = parser.parse_args(argv)
    plot_path = README_FIGURE if args.update_figure else SCRATCH_FIGURE

    threads = numpy_threads()
    torch.set_num_threads(threads)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} logical CPUs, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )
    print(f"NumPy {np.__version__}, BLAS: {blas_description()}")
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads")
    print()

    rows = []
    header = (
        f"{'N x D x C':>16} {'loop':>11} {'vectorized':>11} {'PyTorch':>11} "
        f"{'vec/torch':>9} {'loop/vec':>9}"
    )
    print(header)
    print("-" * len(header))
    for size in QUICK_SIZES if args.quick else SIZES:
        X, Y, W, B = problem(*size)
        loop = (
            seconds_per_step(numpy_runner(X, Y, W, B, helpers.loss_gradient), budget=0.5)
            if size[0] * size[1] <= LOOP_LIMIT
            else None
        )
        vectorized = seconds_per_step(numpy_runner(X, Y, W, B, None))
        pytorch = seconds_per_step(torch_runner(X, Y, W, B))
        rows.append((size, loop, vectorized, pytorch))
        loop_text = f"{loop * 1e6:9.1f}us" if loop else f"{'-':>11}"
        ratio_text = f"{loop / vectorized:8.0f}x" if loop else f"{'-':>9}"
        print(
            f"{'x'.join(map(str, size)):>16} {loop_text} {vectorized * 1e6:9.1f}us "
            f"{pytorch * 1e6:9.1f}us {vectorized / pytorch:8.2f}x {ratio_text}"
        )

    results = {size: (loop, vectorized, pytorch) for size, loop, vectorized, pytorch in rows}
    print()
    checks = []
    if (150, 4, 3) in results:
        loop, vectorized, pytorch = results[(150, 4, 3)]
        checks.append(
            (
                "vectorized <= 0.2 x PyTorch at 150x4x3",
                vectorized / pytorch,
                0.2,
                vectorized / pytorch <= 0.2,
            )
        )
        checks.append(
            ("loop >= 50 x vectorized at 150x4x3", loop / vectorized, 50, loop / vectorized >= 50)
        )
    if (60_000, 784, 10) in results:
        _, vectorized, pytorch = results[(60_000, 784, 10)]
        checks.append(
            (
                "vectorized <= 1.0 x PyTorch at 60000x784x10",
                vectorized / pytorch,
                1.0,
                vectorized / pytorch <= 1.0,
            )
        )
        X, Y, W, B = problem(60_000, 784, 10)
        x_bytes = X.nbytes
        bandwidth = copy_bandwidth(x_bytes)
        effective = x_bytes / vectorized
        print(
            f"memory bandwidth (np.copyto of {x_bytes / 1e6:.0f} MB, read + write): "
            f"{bandwidth / 1e9:.1f} GB/s"
        )
        print(
            f"effective bandwidth at 60000x784x10 (bytes of X / step): NumPy "
            f"{effective / 1e9:.1f} GB/s, PyTorch {x_bytes / pytorch / 1e9:.1f} GB/s"
        )
        # Where the step's time goes: its two matrix products each read all of X.
        work = W @ X.T
        forward = helpers.median_seconds(lambda: W @ X.T)
        backward = helpers.median_seconds(lambda: work @ X)
        cached = X[:4096]
        cached_rate = 2 * cached.size * 10 / helpers.median_seconds(lambda: W @ cached.T, 50)
        print(
            f"  of a NumPy step: W @ X.T {forward * 1e3:.1f} ms, dZ @ X {backward * 1e3:.1f} ms;"
            f" the same product on 4096 rows in cache runs at {cached_rate / 1e9:.0f} GFLOP/s"
        )
        fixed = helpers.median_seconds(lambda: helpers.train(X, Y, W, B, LEARNING_RATE, 0))
        print(
            f"  helpers.train's one-off input check + final loss per call: "
            f"{fixed * 1e3:.0f} ms (not charged to the steps)"
        )
        checks.append(
            (
                "NumPy within 2x of the bandwidth bound",
                bandwidth / effective,
                2.0,
                bandwidth / effective <= 2.0,
            )
        )
    for name, value, target, ok in checks:
        print(f"{'met   ' if ok else 'MISSED'} {name}: measured {value:.2f} (target {target})")
    if (60_000, 784, 10) not in results:
        print("not run: the two targets at 60000x784x10 (run without --quick)")

    figure, axes = plt.subplots(figsize=(7, 4.5))
    n_values = [size[0] for size, *_ in rows]
    for column, label, style in (
        (1, "per-sample loop (Jacobian)", "o-"),
        (2, "vectorized NumPy (helpers)", "s-"),
        (3, "PyTorch eager (CPU)", "^-"),
    ):
        points = [(n, row[column]) for n, row in zip(n_values, rows, strict=True) if row[column]]
        axes.plot(*zip(*points, strict=True), style, label=label)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel(
        "N (samples); D x C grows too: "
        + ", ".join(f"{d}x{c}" for _, d, c in (size for size, *_ in rows))
    )
    axes.set_ylabel("seconds per gradient step")
    axes.set_title("One full-batch step of softmax regression, float64")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    plot_path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(plot_path, dpi=110)
    print(f"\nplot: {plot_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
