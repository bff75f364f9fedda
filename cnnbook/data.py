"""The book's small real data sets, found relative to the package.

Files live in the repository's ``data/`` folder (an editable install reads them
there) or, in a wheel, inside the package as ``cnnbook/_data``.  ``data/README.md``
is the manifest: what each file is, where it came from, its licence and checksum.
Nothing is ever downloaded.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["data_dir", "load_signal", "SIGNALS"]

#: Signals shipped with the book: name -> (file, description, samples per second).
SIGNALS = {
    "eeg": (
        "eeg.dat",
        "4 channels of an EEG recording, 800 samples each, standardised (unitless)",
        80.0,
    ),
}


def data_dir() -> Path:
    """The folder holding the book's data files.

    Examples
    --------
    >>> (data_dir() / "README.md").is_file()
    True
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data", here.parent / "data"):
        if (candidate / "README.md").is_file():
            return candidate
    raise FileNotFoundError(
        "cnnbook's data folder was not found beside the package; install the book "
        "from its repository with `pip install -e .`"
    )


def load_signal(name, *, return_rate=False):
    """Load one of the book's real 1D signals.

    Parameters
    ----------
    name : str
        One of ``cnnbook.data.SIGNALS`` (``"eeg"``).
    return_rate : bool, default False
        Also return the sampling rate in samples per second.

    Returns
    -------
    ndarray, shape (channels, samples), float64
        For ``"eeg"``: 4 channels of 800 samples, each standardised to mean 0 and
        standard deviation 1 (values roughly within -6..6).  With ``return_rate`` a
        tuple ``(signal, rate)``.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If ``name`` is not a known signal; the message lists the known ones.

    Examples
    --------
    >>> eeg, rate = load_signal("eeg", return_rate=True)
    >>> eeg.shape, rate
    ((4, 800), 80.0)
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    if name not in SIGNALS:
        raise ValueError(f"name must be one of {sorted(SIGNALS)}, got {name!r}")
    filename, _, rate = SIGNALS[name]
    raw = np.fromfile(data_dir() / filename, dtype="<f8")
    # matplotlib's example stores the samples interleaved: 800 rows of 4 channels
    signal = raw.reshape(800, 4).T.copy()
    return (signal, rate) if return_rate else signal
