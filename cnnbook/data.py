"""The book's small real data sets, found relative to the package.

Files live in the repository's ``data/`` folder, beside the package: the book is
installed from its repository with ``pip install -e .``.  ``data/README.md`` is the
manifest: what each file is, where it came from, its licence and checksum.
Nothing is ever downloaded.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

import numpy as np

from cnnbook._validate import as_float_dtype, as_int, as_pair

__all__ = ["IMAGES", "SIGNALS", "data_dir", "load_digits", "load_image", "load_signal"]

#: Images shipped with the book: name -> (file, description).
IMAGES = {
    "grace_hopper": ("grace_hopper.jpg", "portrait of Grace Hopper, colour, 600 x 512 (H x W)"),
    "chelsea": ("chelsea.png", "Chelsea the cat, colour, 300 x 451"),
    "coffee": ("coffee.png", "a cup of coffee on a wooden table, colour, 400 x 600"),
    "astronaut": ("astronaut.png", "the astronaut Eileen Collins, colour, 256 x 256"),
    "rocket": ("rocket.jpg", "a Falcon 9 rocket at launch, colour, 427 x 640"),
}

#: Largest image (in pixels) :func:`load_image` agrees to decode: 25 megapixels is
#: far beyond what the book's pure-numpy filters handle at interactive speed, and a
#: small file that claims more is most likely a decompression bomb.
MAX_PIXELS = 25_000_000

#: Signals shipped with the book: name -> (file, description, samples per second).
SIGNALS = {
    "eeg": (
        "eeg.dat",
        "4 channels of an EEG recording, 800 samples each, standardised (unitless)",
        80.0,
    ),
    "speech": (
        "speech_arctic_a0007.wav",
        "a spoken English sentence (CMU ARCTIC, speaker awb, utterance a0007), 4.0 s, "
        "one channel, 16-bit, scaled to [-1, 1)",
        16000.0,
    ),
}


def data_dir() -> Path:
    """The folder holding the book's data files.

    Examples
    --------
    >>> (data_dir() / "README.md").is_file()
    True
    """
    candidate = Path(__file__).resolve().parent.parent / "data"
    if (candidate / "README.md").is_file():
        return candidate
    raise FileNotFoundError(
        "cnnbook's data folder was not found beside the package; install the book "
        "from its repository with `pip install -e .`"
    )


def _image_path(name):
    if isinstance(name, str) and name in IMAGES:
        return data_dir() / IMAGES[name][0]
    if isinstance(name, (str, PathLike)):
        path = Path(name).expanduser()
        if path.is_file():
            return path
        raise ValueError(
            f"name must be one of the book's images {sorted(IMAGES)} or the path of an image file, "
            f"got {str(name)!r}, which is neither"
        )
    raise TypeError(f"name must be a string or a path, got {type(name).__name__}")


def _target_size(size, shape):
    """(width, height) for PIL from ``size`` (longer side, or (h, w))."""
    h, w = shape
    if size is None:
        return None
    if isinstance(size, (tuple, list)):
        th, tw = as_pair(size, "size", minimum=1)
    else:
        longest = as_int(size, "size", minimum=1)
        scale = longest / max(h, w)
        th, tw = max(1, round(h * scale)), max(1, round(w * scale))
    if th * tw > MAX_PIXELS:
        raise ValueError(f"size asks for {th} x {tw} pixels, more than the limit of {MAX_PIXELS}")
    return (tw, th)


def load_image(name, *, gray=False, size=None):
    """Load one of the book's photographs, or the reader's own image file.

    Parameters
    ----------
    name : str or path-like
        One of ``cnnbook.data.IMAGES`` (``"grace_hopper"``, ``"chelsea"``,
        ``"coffee"``, ``"astronaut"``, ``"rocket"``) or the path of any image file Pillow can read.
    gray : bool, default False
        Convert to one luminance channel (ITU-R 601-2 weights, as Pillow's "L").
    size : int or (int, int), optional
        Resize (with antialiasing): an int is the length of the longer side, keeping
        the aspect ratio; a pair is ``(height, width)``.

    Returns
    -------
    ndarray of float64, values in [0, 1]
        Shape ``(H, W)`` if ``gray`` else ``(H, W, 3)`` (channels last, as images are
        stored and shown; use ``img.transpose(2, 0, 1)`` for the ``(C, H, W)`` layout
        that :func:`cnnbook.conv2d` expects).

    Raises
    ------
    TypeError
        ``name`` is not a string or path, or ``size`` is not an int or a pair.
    ValueError
        ``name`` is neither a known image nor an existing file (the message lists the
        known ones); the file is not a readable image; it holds more than
        ``MAX_PIXELS`` pixels (a likely decompression bomb); ``size`` < 1.

    Examples
    --------
    >>> img = load_image("chelsea")
    >>> img.shape, img.dtype, float(img.min()) >= 0.0, float(img.max()) <= 1.0
    ((300, 451, 3), dtype('float64'), True, True)
    >>> load_image("grace_hopper", gray=True, size=128).shape
    (128, 109)
    """
    import warnings

    from PIL import Image, UnidentifiedImageError

    path = _image_path(name)
    if not isinstance(gray, (bool, np.bool_)):
        raise TypeError(f"gray must be True or False, got {type(gray).__name__}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                w, h = img.size
                if w * h > MAX_PIXELS:
                    raise ValueError(
                        f"{path.name} claims {h} x {w} pixels, more than the limit of {MAX_PIXELS}: "
                        f"refusing to decode it (possible decompression bomb)"
                    )
                target = _target_size(size, (h, w))
                img = img.convert("L" if gray else "RGB")
                if target is not None:
                    img = img.resize(target, Image.Resampling.LANCZOS)
                pixels = np.asarray(img, dtype=np.float64) / 255.0
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValueError(f"{path.name} is not a readable image (or is implausibly large): {exc}") from None
    except OSError as exc:  # truncated or corrupt data
        raise ValueError(f"{path.name} could not be decoded as an image: {exc}") from None
    return pixels


def load_signal(name, *, return_rate=False):
    """Load one of the book's real 1D signals.

    Parameters
    ----------
    name : str
        One of ``cnnbook.data.SIGNALS`` (``"eeg"``, ``"speech"``).
    return_rate : bool, default False
        Also return the sampling rate in samples per second.

    Returns
    -------
    ndarray, shape (channels, samples), float64
        For ``"eeg"``: 4 channels of 800 samples, each standardised to mean 0 and
        standard deviation 1 (values roughly within -6..6).  With ``return_rate`` a
        For ``"speech"``: 1 channel of 64,000 samples (4.0 s at 16,000 samples
        per second), the 16-bit samples divided by 32768.  With ``return_rate`` a
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
    >>> speech, rate = load_signal("speech", return_rate=True)
    >>> speech.shape, rate
    ((1, 64000), 16000.0)
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    if name not in SIGNALS:
        raise ValueError(f"name must be one of {sorted(SIGNALS)}, got {name!r}")
    filename, _, rate = SIGNALS[name]
    if filename.endswith(".wav"):
        import wave  # standard library: reads uncompressed PCM

        with wave.open(str(data_dir() / filename), "rb") as clip:
            if clip.getsampwidth() != 2 or clip.getframerate() != rate:
                raise ValueError(f"{filename}: expected 16-bit samples at {rate:.0f} Hz")
            channels = clip.getnchannels()
            pcm = np.frombuffer(clip.readframes(clip.getnframes()), dtype="<i2")
        signal = (pcm.reshape(-1, channels).T / 32768.0).astype(np.float64)
        return (signal, rate) if return_rate else signal
    raw = np.fromfile(data_dir() / filename, dtype="<f8")
    # matplotlib's example stores the samples interleaved: 800 rows of 4 channels
    signal = raw.reshape(800, 4).T.copy()
    return (signal, rate) if return_rate else signal


def load_digits(*, dtype=np.float64):
    """Load the 8x8 hand-written digits, split into a training and a test set.

    1,797 digits written by 43 people, scanned and reduced to 8 x 8 grey levels (the
    UCI "Optical Recognition of Handwritten Digits" data, as scikit-learn ships it;
    see ``data/README.md``).  The split is fixed: 1,437 training images and 360 test
    images, 36 of each class, chosen once with seed 0 by ``tools/make_digits.py``.

    Parameters
    ----------
    dtype : {float64, float32}, default float64
        Floating type of the images (float32 halves memory and speeds up training).

    Returns
    -------
    x_train : ndarray, shape (1437, 1, 8, 8)
        Training images with one channel, values in [0, 1] (the stored grey levels
        0..16 divided by 16), in the ``(N, C, H, W)`` layout of :func:`cnnbook.conv2d`.
    y_train : ndarray of int64, shape (1437,)
        Their labels, 0..9.
    x_test : ndarray, shape (360, 1, 8, 8)
    y_test : ndarray of int64, shape (360,)

    Raises
    ------
    TypeError
        If ``dtype`` is not float32 or float64.

    Examples
    --------
    >>> x_train, y_train, x_test, y_test = load_digits()
    >>> x_train.shape, y_train.shape, x_test.shape, y_test.shape
    ((1437, 1, 8, 8), (1437,), (360, 1, 8, 8), (360,))
    >>> float(x_train.max()), sorted(set(y_test.tolist())) == list(range(10))
    (1.0, True)
    >>> load_digits(dtype=np.float32)[0].dtype
    dtype('float32')
    """
    dtype = as_float_dtype(dtype)
    with np.load(data_dir() / "digits.npz") as f:
        arrays = {name: f[name] for name in ("x_train", "y_train", "x_test", "y_test")}

    def images(raw):
        return (raw.astype(dtype) / dtype.type(16))[:, None]

    return (
        images(arrays["x_train"]),
        arrays["y_train"].astype(np.int64),
        images(arrays["x_test"]),
        arrays["y_test"].astype(np.int64),
    )
