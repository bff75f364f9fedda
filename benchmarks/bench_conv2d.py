"""How fast is cnnbook.conv2d?  Run by hand:  python benchmarks/bench_conv2d.py

For three layer shapes it times, side by side in one run and in round-robin order
(so that a busy machine slows every contender alike), the median of several repeats of

* ``cnnbook.conv2d`` (float32, im2col + one matrix product per image);
* the loop twin ``cnnbook.reference.conv2d_naive`` on a reduced problem, scaled up by
  the ratio of multiply-adds;
* ``scipy.signal.correlate2d`` once per (image, filter, channel), on a reduced number of
  images and filters, scaled up (for stride 2 it computes every position and keeps one
  in four, as scipy has no stride);
* ``torch.nn.functional.conv2d`` on the CPU with 2 threads, if torch is installed (it is
  never a dependency of cnnbook);
* numpy's matrix product of the same size as the layer's GEMM, (K, C*kh*kw) @
  (C*kh*kw, N*Ho*Wo): the practical limit of the im2col approach.

It prints the ratio cnnbook / torch, the fraction of the GEMM rate that conv2d reaches,
and the peak memory conv2d allocates beyond its output, relative to the input's size
(measured with tracemalloc, which sees numpy's allocations).

All BLAS libraries are limited to 2 threads, and OpenMP's idle threads sleep instead of
spinning (both set before numpy and torch are imported).
"""

from __future__ import annotations

import argparse
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "2")
# Contenders take turns, so idle worker threads must sleep, not spin: by default
# PyTorch's OpenMP threads busy-wait after each call and take the cores away from
# whatever is timed next (cnnbook measured 16-18 ms instead of 10 ms on the 7x7 stem).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import time  # noqa: E402
import tracemalloc  # noqa: E402

import numpy as np  # noqa: E402
import scipy.signal  # noqa: E402

import cnnbook  # noqa: E402
from cnnbook.reference import conv2d_naive  # noqa: E402

try:  # optional: the reference point, never a dependency
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(2)
except ImportError:  # pragma: no cover - depends on the machine
    torch = None

# (x shape, weight shape, stride, padding): two ResNet-style 3x3 layers and a 7x7 stem
SHAPES = [
    ((8, 64, 56, 56), (64, 64, 3, 3), 1, 1),
    ((8, 128, 28, 28), (128, 128, 3, 3), 1, 1),
    ((4, 3, 224, 224), (64, 3, 7, 7), 2, 3),
]


def macs(x_shape, w_shape, ho, wo):
    return x_shape[0] * w_shape[0] * w_shape[1] * w_shape[2] * w_shape[3] * ho * wo


def scipy_conv(x, w, stride, padding):
    """conv2d as scipy.signal.correlate2d per (image, filter, channel)."""
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out = None
    for n in range(x.shape[0]):
        for k in range(w.shape[0]):
            acc = sum(scipy.signal.correlate2d(xp[n, c], w[k, c], mode="valid") for c in range(x.shape[1]))
            acc = acc[::stride, ::stride]
            if out is None:
                out = np.empty((x.shape[0], w.shape[0], *acc.shape), x.dtype)
            out[n, k] = acc
    return out


def peak_extra_memory(x, w, stride, padding):
    """Peak bytes conv2d allocates beyond its output."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    out = cnnbook.conv2d(x, w, stride=stride, padding=padding)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak - out.nbytes


def bench(repeats):
    rng = np.random.default_rng(0)
    rows = []
    for x_shape, w_shape, stride, padding in SHAPES:
        x = rng.standard_normal(x_shape, dtype=np.float32)
        w = rng.standard_normal(w_shape, dtype=np.float32)
        N, C, H, W = x_shape
        K, _, kh, kw = w_shape
        out = cnnbook.conv2d(x, w, stride=stride, padding=padding)
        ho, wo = out.shape[-2:]
        total = macs(x_shape, w_shape, ho, wo)

        # reduced problems for the slow contenders, scaled up by multiply-adds
        hs = 8 if stride == 1 else 16
        xn = x[:1, : min(C, 4), :hs, :hs]
        wn = w[:2, : min(C, 4)]
        naive_scale = total / macs(xn.shape, wn.shape, *cnnbook.conv2d(xn, wn, stride=stride, padding=padding).shape[-2:])
        xs, ws = x[:1], w[:4]
        scipy_scale = (N * K) / (xs.shape[0] * ws.shape[0])
        assert np.allclose(scipy_conv(xs, ws, stride, padding), out[:1, :4], rtol=1e-3, atol=1e-3)

        A = rng.standard_normal((K, C * kh * kw), dtype=np.float32)
        B = rng.standard_normal((C * kh * kw, N * ho * wo), dtype=np.float32)
        contenders = {
            "cnnbook": lambda: cnnbook.conv2d(x, w, stride=stride, padding=padding),
            "gemm": lambda: A @ B,
            "naive": lambda: conv2d_naive(xn, wn, stride=stride, padding=padding),
            "scipy": lambda: scipy_conv(xs, ws, stride, padding),
        }
        if torch is not None:
            tx, tw = torch.from_numpy(x), torch.from_numpy(w)

            def run_torch():
                with torch.no_grad():
                    return F.conv2d(tx, tw, stride=stride, padding=padding)

            assert np.allclose(run_torch().numpy(), out, rtol=1e-3, atol=1e-3)
            contenders["torch"] = run_torch
        times = {name: [] for name in contenders}
        for name, fn in contenders.items():  # warm up
            fn()
        for _ in range(repeats):
            for name, fn in contenders.items():
                if name in ("naive", "scipy") and len(times[name]) >= 3:
                    continue  # slow and not the point: three repeats are enough
                t0 = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - t0)
        med = {name: float(np.median(t)) for name, t in times.items()}
        best = {name: float(np.min(t)) for name, t in times.items()}
        med["naive"] *= naive_scale
        med["scipy"] *= scipy_scale
        rows.append(dict(
            shape=f"{x_shape}x{w_shape} s{stride} p{padding}",
            gflop=2 * total / 1e9,
            med=med,
            best=best,
            extra=peak_extra_memory(x, w, stride, padding) / x.nbytes,
        ))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="repeats per contender (median reported)")
    args = parser.parse_args()
    rows = bench(args.repeats)
    print(f"numpy {np.__version__}, torch {torch.__version__ if torch else 'not installed'}, "
          f"float32, 2 threads, median of {args.repeats} repeats (naive/scipy: 3, reduced and scaled)")
    header = (f"{'layer':52s} {'GFLOP':>6s} {'cnnbook':>9s} {'torch':>9s} {'gemm':>9s} {'naive':>10s} "
              f"{'scipy':>10s} {'ours/torch':>10s} {'of GEMM':>8s} {'GFLOP/s':>8s} {'extra mem':>9s}")
    print(header)
    print("-" * len(header))
    for r in rows:
        m = r["med"]
        torch_t = m.get("torch")
        print(
            f"{r['shape']:52s} {r['gflop']:6.2f} {1e3 * m['cnnbook']:7.1f}ms "
            + (f"{1e3 * torch_t:7.1f}ms " if torch_t else f"{'-':>9s} ")
            + f"{1e3 * m['gemm']:7.1f}ms {m['naive']:9.0f}s {m['scipy']:9.1f}s "
            + (f"{m['cnnbook'] / torch_t:10.2f} " if torch_t else f"{'-':>10s} ")
            + f"{m['gemm'] / m['cnnbook']:8.0%} {r['gflop'] / m['cnnbook']:8.0f} {r['extra']:8.2f}x"
        )
    if torch is not None:
        print("best of repeats, ours/torch: " + ", ".join(
            f"{r['best']['cnnbook'] / r['best']['torch']:.2f}" for r in rows))


if __name__ == "__main__":
    main()
