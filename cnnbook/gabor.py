"""Gabor functions, gratings and the measures chapter 9 applies to filters and cells.

A *2D Gabor function* is a Gaussian envelope times a sinusoidal carrier,

    g(x, y) = exp(-(u**2 + v**2) / (2 sigma**2)) * cos(2 pi f u + phase),
    u = (x - x0) cos(theta) + (y - y0) sin(theta),
    v = -(x - x0) sin(theta) + (y - y0) cos(theta),

the standard description of the receptive fields of simple cells in the primary visual
cortex.  Coordinates are in pixels, ``x`` to the right and ``y`` **upwards** (so row
indices grow as ``y`` falls), both zero at the centre of the array; ``theta`` is the
direction of the carrier's wave vector in degrees counter-clockwise from ``+x`` (the
stripes run perpendicular to it) and ``f`` is in cycles per pixel.

The module has:

* :func:`gabor_kernel` and :func:`grating`: the two stimuli/filters;
* :func:`fit_gabor`: the best Gabor for each filter by an exhaustive grid search
  (amplitude and phase are solved exactly by least squares at every grid point), with
  the fit's R^2;
* :func:`opponent_energy`: how much of a colour filter's energy lies in the
  red-green and blue-yellow opponent channels rather than the achromatic one;
* :func:`smooth_noise_filters`: Gaussian-smoothed random filters, the baseline;
* :func:`modulation_ratio`: F1/F0 of a response to a drifting grating
  (Skottun et al. 1991).

Everything is plain numpy and deterministic (randomness arrives as ``rng``).
"""

from __future__ import annotations

import functools

import numpy as np

from cnnbook._validate import as_array, as_int, as_number, describe

__all__ = [
    "FIT_FREQUENCIES",
    "FIT_ORIENTATIONS",
    "FIT_SIGMAS",
    "GaborFit",
    "cell_responses",
    "fit_gabor",
    "gabor_kernel",
    "grating",
    "modulation_ratio",
    "opponent_energy",
    "smooth_noise_filters",
]

#: Orientations (degrees) that :func:`fit_gabor` tries: every 11.25 degrees.
FIT_ORIENTATIONS = np.arange(0.0, 180.0, 11.25)
#: Carrier frequencies (cycles per pixel) that :func:`fit_gabor` tries; 0 is a plain
#: Gaussian blob (no carrier), 0.5 the highest frequency a pixel grid holds.
FIT_FREQUENCIES = np.array([0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45])
#: Envelope widths (standard deviation, pixels) that :func:`fit_gabor` tries.
FIT_SIGMAS = np.array([0.75, 1.0, 1.5, 2.0, 3.0])

#: Orthonormal opponent-colour axes (rows) in RGB space: achromatic (R+G+B),
#: red-green (R-G) and blue-yellow (2B-R-G).
OPPONENT_AXES = np.array(
    [
        [1.0, 1.0, 1.0],
        [1.0, -1.0, 0.0],
        [-1.0, -1.0, 2.0],
    ]
) / np.sqrt([[3.0], [2.0], [6.0]])


def _number(value, name, *, positive=False):
    value = as_number(value, name)  # the package's one check of a real, finite number
    if positive and value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return value


def _coordinates(size):
    """x (rightwards) and y (upwards) of every pixel, zero at the array's centre."""
    h, w = size
    y, x = np.mgrid[0:h, 0:w].astype(float)
    return x - (w - 1) / 2, (h - 1) / 2 - y


def _wave(size, theta, frequency, phase):
    """The checked size, and theta and phase in radians, of a sinusoid on a square grid."""
    size = as_int(size, "size", minimum=1)
    frequency = _number(frequency, "frequency")
    if frequency < 0:
        raise ValueError(f"frequency must be >= 0 cycles per pixel, got {frequency}")
    return size, np.deg2rad(_number(theta, "theta")), frequency, np.deg2rad(_number(phase, "phase"))


def gabor_kernel(size, *, theta, frequency, sigma, phase=0.0, centre=(0.0, 0.0)):
    """A 2D Gabor function sampled on a ``size x size`` pixel grid.

    Parameters
    ----------
    size : int
        Side of the square kernel, in pixels (>= 1).
    theta : float
        Direction of the carrier's wave vector, degrees counter-clockwise from the
        +x axis (the stripes run perpendicular to it; y points up).
    frequency : float
        Carrier frequency, cycles per pixel (>= 0; 0 gives a Gaussian blob).
    sigma : float
        Standard deviation of the Gaussian envelope, pixels (> 0).
    phase : float, default 0
        Phase of the carrier at the centre, degrees (0: even, a bright bar in the
        middle; 90: odd, an edge).
    centre : (float, float), default (0, 0)
        ``(x0, y0)`` of the envelope relative to the array's centre, pixels.

    Returns
    -------
    ndarray of float64, shape (size, size)

    Raises
    ------
    TypeError, ValueError
        An argument is not a number, or out of range.

    Examples
    --------
    >>> g = gabor_kernel(5, theta=0, frequency=0.25, sigma=1.0)
    >>> g.shape
    (5, 5)
    >>> np.round(g[2], 3)       # the middle row: cos(2 pi x / 4) under a Gaussian
    array([-0.135,  0.   ,  1.   ,  0.   , -0.135])
    >>> np.allclose(g, g[:, ::-1])      # even phase: mirror-symmetric
    True
    >>> np.allclose(gabor_kernel(5, theta=90, frequency=0.25, sigma=1.0), g.T)
    True
    """
    size, theta, frequency, phase = _wave(size, theta, frequency, phase)
    sigma = _number(sigma, "sigma", positive=True)
    if not isinstance(centre, (tuple, list)) or len(centre) != 2:
        raise TypeError(f"centre must be a pair (x0, y0), got {describe(centre)}")
    x0, y0 = (_number(c, "centre") for c in centre)
    x, y = _coordinates((size, size))
    x, y = x - x0, y - y0
    u = x * np.cos(theta) + y * np.sin(theta)
    envelope = np.exp(-(x**2 + y**2) / (2 * sigma**2))
    return envelope * np.cos(2 * np.pi * frequency * u + phase)


def grating(size, *, theta, frequency, phase=0.0):
    """A full-contrast sinusoidal grating, ``cos(2 pi f u + phase)``, on a square grid.

    Same coordinates as :func:`gabor_kernel` (``u`` along the direction ``theta``),
    without the envelope.  Advancing ``phase`` makes the stripes drift along
    ``-theta``: a drifting grating is a sequence of phases.

    Parameters
    ----------
    size : int
        Side in pixels.
    theta, frequency, phase : float
        As in :func:`gabor_kernel` (degrees, cycles per pixel, degrees).

    Returns
    -------
    ndarray of float64, shape (size, size), values in [-1, 1]

    Examples
    --------
    >>> np.round(grating(4, theta=0, frequency=0.25), 3)[0]   # x = -1.5, -0.5, 0.5, 1.5
    array([-0.707,  0.707,  0.707, -0.707])
    >>> np.allclose(grating(4, theta=0, frequency=0.25, phase=180), -grating(4, theta=0, frequency=0.25))
    True
    """
    size, theta, frequency, phase = _wave(size, theta, frequency, phase)
    x, y = _coordinates((size, size))
    return np.cos(2 * np.pi * frequency * (x * np.cos(theta) + y * np.sin(theta)) + phase)


class GaborFit:
    """What :func:`fit_gabor` returns: one entry per filter (arrays of shape (N,)).

    Attributes
    ----------
    r2 : ndarray
        Fraction of each filter's energy (sum of squares) the best Gabor explains,
        in [0, 1].
    theta, frequency, sigma, phase : ndarray
        The best Gabor's parameters (degrees, cycles per pixel, pixels, degrees).
    x0, y0 : ndarray
        Its envelope's centre relative to the filter's centre (pixels, y up).
    fitted : ndarray, shape (N, k, k)
        The best Gabor, scaled: what the filter looks like to the fit.
    """

    def __init__(self, **fields):
        for name, value in fields.items():
            setattr(self, name, value)

    def __len__(self):
        return len(self.r2)

    def __repr__(self):
        return f"GaborFit({len(self)} filters, median R^2 {np.median(self.r2):.2f})"


@functools.lru_cache(maxsize=8)
def _cached_bank(k, orientations, frequencies, sigmas, max_offset):
    # the bank depends only on the grid, so a chapter that fits many sets of filters builds it once
    offsets = np.arange(-max_offset, max_offset + 1, dtype=float)
    centres = [(x0, y0) for y0 in offsets for x0 in offsets]
    bank, params = _template_bank(k, np.array(orientations), np.array(frequencies), np.array(sigmas), centres)
    gram = np.einsum("mcp,mdp->mcd", bank, bank) + 1e-12 * np.eye(2)  # a blob's odd template is all zeros
    for array in (bank, params, gram):
        array.flags.writeable = False
    return bank, params, np.linalg.inv(gram)


def _template_bank(k, orientations, frequencies, sigmas, centres):
    """Cosine and sine Gabor templates for every grid point: (M, 2, k*k) and the parameters."""
    params = np.array([
        (theta, f, sigma, x0, y0)
        for x0, y0 in centres
        for sigma in sigmas
        for f in frequencies
        for theta in (orientations if f > 0 else orientations[:1])  # a blob has no direction
    ])
    theta, f, sigma, x0, y0 = (p[:, None] for p in params.T)
    x, y = (c.ravel()[None] for c in _coordinates((k, k)))
    x, y = x - x0, y - y0
    theta = np.deg2rad(theta)
    envelope = np.exp(-(x**2 + y**2) / (2 * sigma**2))
    carrier = 2 * np.pi * f * (x * np.cos(theta) + y * np.sin(theta))
    # the same functions gabor_kernel computes, for phase 0 and phase -90 degrees
    bank = np.stack([envelope * np.cos(carrier), envelope * np.sin(carrier)], axis=1)
    return bank, params


def fit_gabor(filters, *, orientations=FIT_ORIENTATIONS, frequencies=FIT_FREQUENCIES, sigmas=FIT_SIGMAS,
              max_offset=None):
    """Fit a 2D Gabor function to each of a stack of square filters, by grid search.

    For every combination of orientation, frequency, envelope width and centre on the
    grid, the best amplitude and phase are found exactly: ``a*even + b*odd`` is linear
    in ``(a, b)``, a 2 x 2 least-squares problem.  The grid point explaining most of the
    filter's energy wins.  A grid search cannot get stuck in a local optimum; its price
    is resolution (every 11.25 degrees, 0.05 cycles per pixel, the ``sigmas``, whole-pixel
    centres).

    Parameters
    ----------
    filters : array_like, shape (N, k, k) or (k, k)
        Real filters (for colour filters, pass one channel, e.g. the achromatic part).
    orientations, frequencies, sigmas : 1D array_like
        The grid (degrees, cycles per pixel, pixels).
    max_offset : int, optional
        Largest distance of the envelope's centre from the filter's centre, in whole
        pixels along x and along y; default ``k // 2 - 1`` (at least 0).

    Returns
    -------
    GaborFit
        ``r2`` = 1 - (residual energy) / (filter energy), and the best parameters.

    Raises
    ------
    ValueError
        Filters that are not square, or an all-zero filter (R^2 is undefined).

    Examples
    --------
    >>> g = gabor_kernel(7, theta=45, frequency=0.2, sigma=1.5, phase=30)
    >>> fit = fit_gabor(g)
    >>> float(fit.theta[0]), float(fit.frequency[0]), float(fit.sigma[0]), round(float(fit.phase[0]))
    (45.0, 0.2, 1.5, 30)
    >>> bool(fit.r2[0] > 0.9999)
    True
    >>> noise = np.random.default_rng(0).standard_normal((200, 7, 7))
    >>> bool(np.median(fit_gabor(noise).r2) < 0.4)      # white noise is not Gabor-like
    True
    """
    f = as_array(filters, "filters")
    if f.ndim == 2:
        f = f[None]
    if f.ndim != 3 or f.shape[1] != f.shape[2]:
        raise ValueError(f"filters must have shape (N, k, k) or (k, k) with square filters, got {f.shape}")
    n, k, _ = f.shape
    energy = np.sum(f.reshape(n, -1) ** 2, axis=1)
    if np.any(energy == 0):
        raise ValueError(f"filters {np.flatnonzero(energy == 0).tolist()} are all zeros: their fit quality is undefined")
    grids = []
    for name, values in (("orientations", orientations), ("frequencies", frequencies), ("sigmas", sigmas)):
        values = as_array(values, name, ndim=1)
        grids.append(values.astype(float))
    if (grids[1] < 0).any() or (grids[2] <= 0).any():
        raise ValueError("frequencies must be >= 0 and sigmas > 0")
    if max_offset is None:
        max_offset = max(k // 2 - 1, 0)
    max_offset = as_int(max_offset, "max_offset", minimum=0)
    bank, params, inverse = _cached_bank(k, *(tuple(g.tolist()) for g in grids), max_offset)  # (M, 2, P)
    flat = f.reshape(n, -1)
    proj = (flat @ bank.reshape(-1, k * k).T).reshape(n, -1, 2)  # (N, M, 2), one matrix product
    coef = np.einsum("mcd,nmd->nmc", inverse, proj, optimize=True)
    explained = np.sum(proj * coef, axis=2)
    best = explained.argmax(axis=1)
    a, b = coef[np.arange(n), best].T
    fitted = np.einsum("nc,ncp->np", np.stack([a, b], 1), bank[best]).reshape(n, k, k)
    theta, freq, sigma, x0, y0 = params[best].T
    return GaborFit(
        r2=np.clip(explained[np.arange(n), best] / energy, 0.0, 1.0),
        theta=theta, frequency=freq, sigma=sigma, x0=x0, y0=y0,
        # a*cos(w) + b*sin(w) = A cos(w - phi): phase of cos(w + phase) is -phi
        phase=np.rad2deg(-np.arctan2(b, a)) % 360,
        fitted=fitted,
    )


def opponent_energy(filters):
    """Share of each colour filter's energy in the red-green and blue-yellow channels.

    The RGB weights at every pixel are rotated into three orthonormal opponent axes
    (``OPPONENT_AXES``): achromatic (R+G+B)/sqrt(3), red-green (R-G)/sqrt(2) and
    blue-yellow (2B-R-G)/sqrt(6).  The rotation keeps the total energy, so the shares
    add up to 1.  A grey filter (equal weights in R, G and B) scores 0; a filter whose
    channels are independent random numbers scores 2/3 on average.

    Parameters
    ----------
    filters : array_like, shape (N, 3, k, k) or (3, k, k)
        RGB filters, channels first (the ``(K, C, kh, kw)`` weight layout).

    Returns
    -------
    opponency : ndarray, shape (N,)
        (E_red-green + E_blue-yellow) / E_total, in [0, 1].
    channels : ndarray, shape (N, 3, k, k)
        The filters in the opponent axes: [achromatic, red-green, blue-yellow].

    Examples
    --------
    >>> grey = np.ones((3, 5, 5))
    >>> float(opponent_energy(grey)[0][0])
    0.0
    >>> red_green = np.stack([np.ones((5, 5)), -np.ones((5, 5)), np.zeros((5, 5))])
    >>> float(opponent_energy(red_green)[0][0])
    1.0
    """
    f = as_array(filters, "filters")
    if f.ndim == 3:
        f = f[None]
    if f.ndim != 4 or f.shape[1] != 3:
        raise ValueError(f"filters must have shape (N, 3, k, k) or (3, k, k) (RGB, channels first), got {f.shape}")
    channels = np.einsum("oc,nchw->nohw", OPPONENT_AXES, f)
    energy = np.sum(channels**2, axis=(2, 3))  # (N, 3)
    total = energy.sum(axis=1)
    if np.any(total == 0):
        raise ValueError(f"filters {np.flatnonzero(total == 0).tolist()} are all zeros: their opponency is undefined")
    return (energy[:, 1] + energy[:, 2]) / total, channels


def smooth_noise_filters(n, size, *, sigma, channels=1, rng):
    """Random filters: white Gaussian noise blurred by a Gaussian of width ``sigma``.

    The noise is drawn on a grid larger than the filter (by ``3 sigma`` on each side),
    blurred, and the centre cut out, so the blur has no edge effects.  Each filter is
    scaled to unit energy.

    Parameters
    ----------
    n : int
        Number of filters.
    size : int
        Side of each filter, pixels.
    sigma : float
        Standard deviation of the blur, pixels (> 0).
    channels : int, default 1
        Independent noise channels per filter.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of float64, shape (n, channels, size, size)

    Examples
    --------
    >>> f = smooth_noise_filters(4, 7, sigma=1.0, channels=3, rng=np.random.default_rng(0))
    >>> f.shape
    (4, 3, 7, 7)
    >>> np.allclose((f**2).sum(axis=(1, 2, 3)), 1.0)
    True
    """
    from scipy.ndimage import gaussian_filter

    n = as_int(n, "n", minimum=1)
    size = as_int(size, "size", minimum=1)
    channels = as_int(channels, "channels", minimum=1)
    sigma = _number(sigma, "sigma", positive=True)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator (np.random.default_rng(seed)), got {describe(rng)}")
    margin = int(np.ceil(3 * sigma))
    noise = rng.standard_normal((n, channels, size + 2 * margin, size + 2 * margin))
    smooth = gaussian_filter(noise, sigma=(0, 0, sigma, sigma), mode="wrap")
    out = smooth[:, :, margin : margin + size, margin : margin + size]
    return out / np.sqrt(np.sum(out**2, axis=(1, 2, 3), keepdims=True))


def modulation_ratio(response, cycles):
    """F1/F0 of a response sampled over a whole number of cycles of a drifting grating.

    F0 is the mean response; F1 the amplitude of its Fourier component at the
    grating's temporal frequency, ``2 |mean(r * exp(-2 pi i c t / T))|`` with ``c``
    cycles in ``T`` samples.  Skottun et al. (1991) classify cells with
    F1/F0 > 1 as simple and F1/F0 < 1 as complex.

    Parameters
    ----------
    response : array_like, shape (T,)
        Non-negative responses (firing rates), sampled at equal steps of time.
    cycles : int
        How many whole grating cycles the T samples span (>= 1, < T / 2).

    Returns
    -------
    float
        F1 / F0.

    Raises
    ------
    ValueError
        A negative response, a mean response of zero, or a bad ``cycles``.

    Examples
    --------
    >>> t = np.arange(1000)
    >>> half_wave = np.maximum(np.cos(2 * np.pi * t / 100), 0)    # 10 cycles, rectified
    >>> round(modulation_ratio(half_wave, 10), 3), round(np.pi / 2, 3)
    (1.571, 1.571)
    >>> modulation_ratio(np.full(64, 3.0), 2)                    # no modulation at all
    0.0
    """
    r = as_array(response, "response", ndim=1)
    cycles = as_int(cycles, "cycles", minimum=1)
    if 2 * cycles >= len(r):
        raise ValueError(f"cycles must be below half the number of samples ({len(r)}), got {cycles}")
    if np.any(r < 0):
        raise ValueError(f"response must be non-negative (a firing rate), got a minimum of {r.min():g}")
    f0 = r.mean()
    if f0 == 0:
        raise ValueError("response is zero throughout: F1/F0 is undefined")
    t = np.arange(len(r))
    f1 = 2 * np.abs(np.mean(r * np.exp(-2j * np.pi * cycles * t / len(r))))
    return float(f1 / f0)


def cell_responses(simple, complex_, *, size, theta, frequency, n_phases=36, orientations=None):
    """Responses of two model cells to a grating, over a drift cycle and over orientations.

    Parameters
    ----------
    simple, complex_ : callable
        Each takes a ``(size, size)`` image and returns one non-negative number.
    size : int
        Side of the grating image, pixels.
    theta, frequency : float
        The grating's orientation (degrees) and spatial frequency (cycles per pixel).
    n_phases : int, default 36
        Samples per drift cycle (phases 0, 360/n, ... degrees).
    orientations : 1D array_like, optional
        Orientations for the tuning curve (default every 7.5 degrees from 0 to 180).

    Returns
    -------
    dict
        ``phases``, ``simple``, ``complex`` (responses over one cycle), ``orientations``,
        ``tuning_simple``, ``tuning_complex`` (mean over a cycle at each orientation),
        ``f1f0`` (the two modulation ratios; nan for a cell silent throughout the cycle).

    Examples
    --------
    >>> r = cell_responses(lambda im: max(im[2, 2], 0), lambda im: 1.0, size=5, theta=0, frequency=0.25)
    >>> round(r["f1f0"][0], 2), r["f1f0"][1]
    (1.57, 0.0)
    """
    for name, fn in (("simple", simple), ("complex_", complex_)):
        if not callable(fn):
            raise TypeError(f"{name} must be a function image -> response, got {type(fn).__name__}")
    size = as_int(size, "size", minimum=1)
    n_phases = as_int(n_phases, "n_phases", minimum=3)
    phases = np.arange(n_phases) * 360.0 / n_phases
    if orientations is None:
        orientations = np.arange(0.0, 180.1, 7.5)
    orientations = as_array(orientations, "orientations", ndim=1)

    def cycle(th):
        images = [grating(size, theta=th, frequency=frequency, phase=p) for p in phases]
        return np.array([simple(im) for im in images], float), np.array([complex_(im) for im in images], float)

    s, c = cycle(theta)
    tuning = np.array([[r.mean() for r in cycle(th)] for th in orientations])
    return {
        "phases": phases, "simple": s, "complex": c,
        "orientations": orientations, "tuning_simple": tuning[:, 0], "tuning_complex": tuning[:, 1],
        # a cell silent for the whole cycle has no F1/F0: nan rather than an error in a live explorer
        "f1f0": tuple(modulation_ratio(x, 1) if x.mean() > 0 else float("nan") for x in (s, c)),
    }
