"""Every data file is listed in data/README.md with the right checksum, and loads."""

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

import cnnbook
from cnnbook.data import data_dir

DATA = Path(__file__).resolve().parent.parent / "data"


def manifest():
    rows = {}
    for line in (DATA / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"[0-9a-f]{64}", cells[4]):
            name, what, source, licence, digest = cells
            rows[name] = dict(what=what, source=source, licence=licence, sha256=digest)
    return rows


def test_every_file_is_listed_and_every_listed_file_exists():
    files = {p.name for p in DATA.iterdir() if p.is_file() and p.name != "README.md"}
    listed = set(manifest())
    assert files == listed, f"not in the manifest: {files - listed}; listed but missing: {listed - files}"


@pytest.mark.parametrize("name", sorted(manifest()))
def test_checksum_and_provenance(name):
    row = manifest()[name]
    digest = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
    assert digest == row["sha256"], f"{name}: sha256 {digest} differs from the manifest"
    assert row["source"] and row["licence"] and row["what"]


def test_data_is_small():
    total = sum(p.stat().st_size for p in DATA.iterdir() if p.is_file())
    assert total < 4_000_000, f"data/ holds {total / 1e6:.1f} MB"


def test_package_finds_the_data_folder():
    assert data_dir().resolve() == DATA.resolve()


def test_eeg_signal():
    eeg, rate = cnnbook.load_signal("eeg", return_rate=True)
    assert eeg.shape == (4, 800) and eeg.dtype == np.float64 and rate == 80.0
    assert np.all(np.isfinite(eeg))
    assert np.allclose(eeg.std(axis=1), 1.0, atol=0.01)


def test_unknown_signal_lists_the_known_ones():
    with pytest.raises(ValueError, match="eeg"):
        cnnbook.load_signal("ecg")
    with pytest.raises(TypeError, match="name"):
        cnnbook.load_signal(3)


def test_digits():
    x_train, y_train, x_test, y_test = cnnbook.load_digits()
    assert x_train.shape == (1437, 1, 8, 8) and x_test.shape == (360, 1, 8, 8)
    assert y_train.shape == (1437,) and y_test.shape == (360,)
    assert x_train.dtype == np.float64 and y_train.dtype == np.int64
    assert 0.0 <= x_train.min() and x_train.max() == 1.0
    assert np.bincount(y_test).tolist() == [36] * 10
    assert np.bincount(y_train).sum() == 1437 and set(np.unique(y_train)) == set(range(10))
    assert cnnbook.load_digits(dtype=np.float32)[2].dtype == np.float32
    with pytest.raises(TypeError, match="dtype"):
        cnnbook.load_digits(dtype=np.int32)
    with pytest.raises(TypeError, match="dtype"):
        cnnbook.load_digits(dtype="banana")


def test_speech_signal():
    import wave

    speech, rate = cnnbook.load_signal("speech", return_rate=True)
    assert speech.shape == (1, 64000) and speech.dtype == np.float64 and rate == 16000.0
    with wave.open(str(DATA / "speech_arctic_a0007.wav"), "rb") as clip:  # independent read
        raw = np.frombuffer(clip.readframes(clip.getnframes()), dtype="<i2")
    assert np.array_equal(speech[0] * 32768, raw)
    assert -1 <= speech.min() and speech.max() < 1 and speech.std() > 0.01  # a real recording, not silence
    assert (DATA / "speech_arctic_a0007_COPYING.txt").read_text().count("Carnegie Mellon University") == 1
