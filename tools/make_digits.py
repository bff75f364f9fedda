#!/usr/bin/env python3
"""Convert scikit-learn's 8x8 hand-written digits into ``data/digits.npz``, once.

    python tools/make_digits.py

The digits ship inside the scikit-learn wheel (nothing is downloaded).  They are the
test set of the UCI "Optical Recognition of Handwritten Digits" data (1,797 images of
8x8 pixels, each pixel a count 0..16 of "on" pixels in a 4x4 block of a 32x32
bitmap).  We store them as uint8 with a fixed, seeded, stratified train/test split, so
that the book needs neither scikit-learn nor a network at run time.

scikit-learn is needed only to run this script; re-running it rewrites the same bytes
(the split is seeded and ``np.savez_compressed`` is deterministic for equal input),
and ``tests/test_data_manifest.py`` checks the file against the sha256 in
``data/README.md``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "digits.npz"
SEED = 0
TEST_PER_CLASS = 36  # 360 test images, about 20 %


def split(labels, rng):
    """Indices (train, test): ``TEST_PER_CLASS`` random images of every class for test."""
    test = []
    for c in range(10):
        idx = np.flatnonzero(labels == c)
        test.extend(rng.choice(idx, size=TEST_PER_CLASS, replace=False))
    test = np.sort(np.array(test))
    train = np.setdiff1d(np.arange(len(labels)), test)
    # shuffle both so that a minibatch is not all one class
    return rng.permutation(train), rng.permutation(test)


def main():
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = digits.images.astype(np.uint8)  # values 0..16, shape (1797, 8, 8)
    labels = digits.target.astype(np.uint8)
    if images.shape != (1797, 8, 8) or images.max() != 16:
        raise RuntimeError(f"unexpected digits: shape {images.shape}, max {images.max()}")
    train, test = split(labels, np.random.default_rng(SEED))
    np.savez_compressed(
        OUT,
        x_train=images[train],
        y_train=labels[train],
        x_test=images[test],
        y_test=labels[test],
    )
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"wrote {OUT.relative_to(ROOT)}: {len(train)} train, {len(test)} test, sha256 {digest}")


if __name__ == "__main__":
    main()
