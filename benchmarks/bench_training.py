#!/usr/bin/env python3
"""One training epoch of chapter 8's digit network: cnnbook's numpy layers vs PyTorch.

    python benchmarks/bench_training.py [--repeats 7] [--threads 2]

Both sides train the same network (conv 1->8 5x5, ReLU, max-pool 2, conv 8->16 3x3,
ReLU, max-pool 4, flatten, dense 64->10) with the same initial weights, on the same
1,437 training digits, upsampled to 16x16 as in the chapter, in the same minibatch
order (batches of 32), with SGD (learning rate 0.04, momentum 0.9, weight decay 0.015).  Runs are interleaved (cnnbook, torch, cnnbook, torch, ...)
so that a burst of load on a shared machine hits both alike, and the median of the
repeats is reported with the ratio.  Before timing, one float64 epoch on both sides
checks that they compute the same thing (the weights after the epoch agree).

PyTorch is optional: without it only cnnbook's times are printed.  torch is never a
dependency of the book; ``torch.set_num_threads`` is set to ``--threads``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cnnbook import SGD, Conv2d, Dense, Flatten, MaxPool2d, ReLU, Sequential, SoftmaxCrossEntropy, load_digits  # noqa: E402

LR, MOMENTUM, WEIGHT_DECAY, BATCH = 0.04, 0.9, 0.015, 32


def upsample2x(images):
    """Bilinear 2x upsampling of (N, C, H, W), as written out in chapter 8."""
    for axis in (2, 3):
        n = images.shape[axis]
        padded = np.concatenate([images.take([0], axis), images, images.take([n - 1], axis)], axis)
        before = 0.75 * images + 0.25 * padded.take(range(0, n), axis)
        after = 0.75 * images + 0.25 * padded.take(range(2, n + 2), axis)
        shape = list(images.shape)
        shape[axis] *= 2
        images = np.stack([before, after], axis=axis + 1).reshape(shape)
    return images


def cnnbook_net(dtype):
    rng = np.random.default_rng(0)
    return Sequential(
        Conv2d(1, 8, 5, padding=2, rng=rng, dtype=dtype),
        ReLU(),
        MaxPool2d(2),
        Conv2d(8, 16, 3, padding=1, rng=rng, dtype=dtype),
        ReLU(),
        MaxPool2d(4),
        Flatten(),
        Dense(64, 10, rng=rng, dtype=dtype),
    )


def cnnbook_epoch(net, x, y, order):
    loss_fn = SoftmaxCrossEntropy()
    opt = SGD(net.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY)
    for i in range(0, len(order), BATCH):
        batch = order[i : i + BATCH]
        loss_fn.forward(net.forward(x[batch]), y[batch])
        net.backward(loss_fn.backward())
        opt.step()


def torch_net(torch, dtype, like):
    """The same network in PyTorch, with ``like``'s (a cnnbook net's) weights."""
    nn = torch.nn
    net = nn.Sequential(
        nn.Conv2d(1, 8, 5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(4),
        nn.Flatten(),
        nn.Linear(64, 10),
    ).to(dtype)
    with torch.no_grad():
        for i in (0, 3, 7):
            net[i].weight.copy_(torch.from_numpy(np.asarray(like[i].weight.value, dtype=np.float64)))
            net[i].bias.copy_(torch.from_numpy(np.asarray(like[i].bias.value, dtype=np.float64)))
    return net


def torch_epoch(torch, net, x, y, order):
    opt = torch.optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY)
    loss_fn = torch.nn.CrossEntropyLoss()
    for i in range(0, len(order), BATCH):
        batch = order[i : i + BATCH]
        opt.zero_grad()
        loss_fn(net(x[batch]), y[batch]).backward()
        opt.step()


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7, help="timed epochs per implementation (median reported)")
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    args = parser.parse_args(argv)

    x8, y, _, _ = load_digits()
    x64 = upsample2x(x8)
    x32 = x64.astype(np.float32)
    order = np.random.default_rng(1).permutation(len(x64))
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed: timing cnnbook only")

    if torch is not None:
        torch.set_num_threads(args.threads)
        # same computation? one float64 epoch on both sides from the same weights
        ours = cnnbook_net(np.float64)
        theirs = torch_net(torch, torch.float64, ours)
        cnnbook_epoch(ours, x64, y, order)
        torch_epoch(torch, theirs, torch.from_numpy(x64), torch.from_numpy(y), order)
        diff = max(
            float(np.abs(ours[i].weight.value - theirs[i].weight.detach().numpy()).max()) for i in (0, 3, 7)
        )
        print(f"after one float64 epoch from the same start, the weights differ by at most {diff:.1e}")
        if diff > 1e-8:
            raise SystemExit("cnnbook and PyTorch disagree: the benchmark would compare different computations")

    # interleaved timing; a fresh network per run, one untimed warm-up each
    runs = {"cnnbook float64": [], "cnnbook float32": []}
    if torch is not None:
        runs["PyTorch float32"] = []
        xt, yt = torch.from_numpy(x32), torch.from_numpy(y)
    for rep in range(args.repeats + 1):
        t64 = timed(lambda: cnnbook_epoch(cnnbook_net(np.float64), x64, y, order))
        t32 = timed(lambda: cnnbook_epoch(cnnbook_net(np.float32), x32, y, order))
        if torch is not None:
            net = torch_net(torch, torch.float32, cnnbook_net(np.float32))
            tt = timed(lambda: torch_epoch(torch, net, xt, yt, order))
        if rep == 0:
            continue  # warm-up: caches, lazy imports, thread pools
        runs["cnnbook float64"].append(t64)
        runs["cnnbook float32"].append(t32)
        if torch is not None:
            runs["PyTorch float32"].append(tt)

    medians = {name: statistics.median(times) for name, times in runs.items()}
    print(f"\none epoch: {len(x64)} digits of 16x16, batches of {BATCH}, median of {args.repeats} "
          f"(torch threads: {args.threads if torch is not None else '-'})")
    print("ratio = time / PyTorch's time (above 1: slower than PyTorch); on a shared machine the")
    print("ratio of the minima is the steadier of the two")
    print(f"{'implementation':18s} {'median (s)':>11s} {'min (s)':>9s} {'ratio (median)':>15s} {'ratio (min)':>12s}")
    reference = medians.get("PyTorch float32")
    for name, times in runs.items():
        if reference:
            ratio = f"{medians[name] / reference:14.2f}x {min(times) / min(runs['PyTorch float32']):11.2f}x"
        else:
            ratio = f"{'-':>15s} {'-':>12s}"
        print(f"{name:18s} {medians[name]:11.3f} {min(times):9.3f} {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
