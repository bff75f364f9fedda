"""cnnbook.gabor: Gabor kernels, gratings, the Gabor fit, opponency, smooth noise, F1/F0."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnbook.exercises import _REGISTRY
from cnnbook.gabor import (
    FIT_FREQUENCIES,
    FIT_ORIENTATIONS,
    FIT_SIGMAS,
    OPPONENT_AXES,
    cell_responses,
    fit_gabor,
    gabor_kernel,
    grating,
    modulation_ratio,
    opponent_energy,
    smooth_noise_filters,
)


# --- gabor_kernel and grating ------------------------------------------------------------


def test_gabor_kernel_matches_its_formula_written_out():
    k, theta, f, sigma, phase, (x0, y0) = 9, 33.0, 0.17, 1.7, 40.0, (1.0, -0.5)
    g = gabor_kernel(k, theta=theta, frequency=f, sigma=sigma, phase=phase, centre=(x0, y0))
    for row in range(k):
        for col in range(k):
            x, y = col - (k - 1) / 2 - x0, (k - 1) / 2 - row - y0  # y points up
            u = x * np.cos(np.deg2rad(theta)) + y * np.sin(np.deg2rad(theta))
            want = np.exp(-(x**2 + y**2) / (2 * sigma**2)) * np.cos(2 * np.pi * f * u + np.deg2rad(phase))
            assert g[row, col] == pytest.approx(want)


def test_theta_is_counter_clockwise_with_y_up():
    # theta = 90: the carrier varies along y (up); an odd phase makes the top bright, bottom dark
    g = gabor_kernel(7, theta=90, frequency=0.1, sigma=2.0, phase=-90)
    assert g[0, 3] > 0 > g[6, 3]
    assert np.allclose(g[:, 0], g[:, 6])  # no variation along x


def test_grating_drifts_and_is_the_gabor_carrier():
    a = grating(16, theta=20, frequency=0.2, phase=0)
    b = grating(16, theta=20, frequency=0.2, phase=90)
    assert not np.allclose(a, b)
    huge = gabor_kernel(16, theta=20, frequency=0.2, sigma=1e6, phase=90)
    assert np.allclose(huge, b)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(size=0, theta=0, frequency=0.1, sigma=1), ValueError, "size"),
        (dict(size="7", theta=0, frequency=0.1, sigma=1), TypeError, "size"),
        (dict(size=7, theta="up", frequency=0.1, sigma=1), TypeError, "theta"),
        (dict(size=7, theta=0, frequency=-0.1, sigma=1), ValueError, "frequency"),
        (dict(size=7, theta=0, frequency=0.1, sigma=0), ValueError, "sigma"),
        (dict(size=7, theta=0, frequency=0.1, sigma=1, centre=3), TypeError, "centre"),
        (dict(size=7, theta=0, frequency=0.1, sigma=1, phase=float("nan")), ValueError, "phase"),
    ],
)
def test_gabor_kernel_validation_names_the_argument(kwargs, error, match):
    size = kwargs.pop("size")
    with pytest.raises(error, match=match):
        gabor_kernel(size, **kwargs)


def test_grating_validation():
    with pytest.raises(ValueError, match="frequency"):
        grating(8, theta=0, frequency=-1)
    with pytest.raises(TypeError, match="theta"):
        grating(8, theta=None, frequency=0.1)


# --- fit_gabor ------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    theta=st.sampled_from(list(FIT_ORIENTATIONS)),
    f=st.sampled_from([f for f in FIT_FREQUENCIES if f > 0]),
    sigma=st.sampled_from(list(FIT_SIGMAS)),
    phase=st.floats(0, 359),
    amplitude=st.floats(0.1, 10),
    x0=st.integers(-2, 2),
    y0=st.integers(-2, 2),
)
def test_fit_recovers_a_gabor_on_the_grid(theta, f, sigma, phase, amplitude, x0, y0):
    g = amplitude * gabor_kernel(7, theta=theta, frequency=f, sigma=sigma, phase=phase, centre=(x0, y0))
    fit = fit_gabor(g)
    assert fit.r2[0] > 0.999999
    assert np.allclose(fit.fitted[0], g, atol=1e-6 * amplitude)


def test_fit_is_scale_invariant_and_ignores_sign():
    rng = np.random.default_rng(1)
    f = rng.standard_normal((20, 7, 7))
    a, b = fit_gabor(f).r2, fit_gabor(-3.5 * f).r2
    assert np.allclose(a, b)


def test_fit_r2_is_a_fraction_and_noise_scores_low_smooth_noise_higher():
    rng = np.random.default_rng(2)
    white = fit_gabor(rng.standard_normal((100, 7, 7))).r2
    smooth = fit_gabor(smooth_noise_filters(100, 7, sigma=2.0, rng=rng)[:, 0]).r2
    assert np.all((0 <= white) & (white <= 1))
    assert np.median(white) + 0.3 < np.median(smooth)  # why the chapter's baseline must be smooth


def test_fit_validation():
    with pytest.raises(ValueError, match="square"):
        fit_gabor(np.ones((3, 5, 6)))
    with pytest.raises(ValueError, match="all zeros"):
        fit_gabor(np.zeros((2, 5, 5)))
    with pytest.raises(TypeError, match="filters"):
        fit_gabor("abc")
    with pytest.raises(ValueError, match="max_offset"):
        fit_gabor(np.ones((5, 5)), max_offset=-1)


# --- opponent_energy ----------------------------------------------------------------------


def test_opponent_axes_are_orthonormal():
    assert np.allclose(OPPONENT_AXES @ OPPONENT_AXES.T, np.eye(3))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_opponency_keeps_energy_and_matches_a_loop(seed):
    w = np.random.default_rng(seed).standard_normal((3, 3, 4, 4))
    opp, ch = opponent_energy(w)
    assert np.allclose((ch**2).sum(axis=(1, 2, 3)), (w**2).sum(axis=(1, 2, 3)))
    for n in range(3):
        r, g, b = w[n]
        a = (r + g + b) / np.sqrt(3)
        assert opp[n] == pytest.approx(1 - np.sum(a**2) / np.sum(w[n] ** 2))


def test_independent_random_channels_score_two_thirds():
    w = np.random.default_rng(3).standard_normal((4000, 3, 5, 5))
    assert opponent_energy(w)[0].mean() == pytest.approx(2 / 3, abs=0.01)


def test_opponency_validation():
    with pytest.raises(ValueError, match=r"\(N, 3, k, k\)"):
        opponent_energy(np.ones((2, 4, 5, 5)))
    with pytest.raises(ValueError, match="all zeros"):
        opponent_energy(np.zeros((3, 5, 5)))


# --- smooth_noise_filters -----------------------------------------------------------------


def test_smooth_noise_is_smoother_with_a_larger_sigma_and_seeded():
    def roughness(f):
        return np.mean(np.abs(np.diff(f, axis=-1)))

    a = smooth_noise_filters(200, 7, sigma=0.5, rng=np.random.default_rng(0))
    b = smooth_noise_filters(200, 7, sigma=2.0, rng=np.random.default_rng(0))
    assert roughness(b) < 0.5 * roughness(a)
    assert np.array_equal(b, smooth_noise_filters(200, 7, sigma=2.0, rng=np.random.default_rng(0)))


def test_smooth_noise_validation():
    with pytest.raises(TypeError, match="rng"):
        smooth_noise_filters(3, 5, sigma=1.0, rng=0)
    with pytest.raises(ValueError, match="sigma"):
        smooth_noise_filters(3, 5, sigma=-1.0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="n"):
        smooth_noise_filters(0, 5, sigma=1.0, rng=np.random.default_rng(0))


# --- modulation_ratio and cell_responses ----------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(n=st.integers(16, 80), cycles=st.integers(1, 5), a=st.floats(0.1, 5), c=st.floats(0.0, 5), phi=st.floats(0, 6.3))
def test_f1f0_of_a_sinusoid_plus_offset_matches_a_plain_dft_loop(n, cycles, a, c, phi):
    if 2 * cycles >= n:
        return
    t = np.arange(n)
    r = c + a + a * np.cos(2 * np.pi * cycles * t / n + phi)  # non-negative
    re = sum(r[k] * np.cos(2 * np.pi * cycles * k / n) for k in range(n)) / n
    im = sum(r[k] * np.sin(2 * np.pi * cycles * k / n) for k in range(n)) / n
    want = 2 * np.hypot(re, im) / np.mean(r)
    assert modulation_ratio(r, cycles) == pytest.approx(want)
    assert modulation_ratio(r, cycles) == pytest.approx(a / (a + c))  # the amplitude over the mean


def test_modulation_ratio_validation():
    with pytest.raises(ValueError, match="non-negative"):
        modulation_ratio([1.0, -1.0, 1.0, 1.0, 1.0], 1)
    with pytest.raises(ValueError, match="zero throughout"):
        modulation_ratio(np.zeros(10), 1)
    with pytest.raises(ValueError, match="cycles"):
        modulation_ratio(np.ones(10), 5)
    with pytest.raises(ValueError, match="response"):
        modulation_ratio(np.ones((3, 3)), 1)


def test_simple_and_complex_model_cells():
    k = gabor_kernel(15, theta=0, frequency=0.2, sigma=2.5)
    quad = [gabor_kernel(15, theta=0, frequency=0.2, sigma=2.5, phase=p) for p in (0, 90, 180, 270)]
    r = cell_responses(lambda im: max(np.sum(k * im), 0.0), lambda im: max(max(np.sum(q * im), 0.0) for q in quad),
                       size=15, theta=0, frequency=0.2)
    assert r["f1f0"][0] > 1.3 and r["f1f0"][1] < 0.3
    assert r["orientations"][np.argmax(r["tuning_complex"])] in (0, 180)  # the same orientation


def test_a_silent_cell_has_no_modulation_ratio_but_does_not_raise():
    r = cell_responses(lambda im: 0.0, lambda im: 1.0, size=5, theta=0, frequency=0.1)
    assert np.isnan(r["f1f0"][0]) and r["f1f0"][1] == pytest.approx(0.0, abs=1e-12)


def test_cell_responses_validation():
    with pytest.raises(TypeError, match="simple"):
        cell_responses(3, lambda im: 1.0, size=5, theta=0, frequency=0.1)
    with pytest.raises(ValueError, match="n_phases"):
        cell_responses(lambda im: 1.0, lambda im: 1.0, size=5, theta=0, frequency=0.1, n_phases=2)


# --- chapter 9's exercises, against independent computations ------------------------------


def test_exercise_9_1_reference_against_numpy_fft():
    ex = _REGISTRY["9.1"]
    reference = ex.expected()
    for response, cycles in ex.cases(np.random.default_rng(0)):
        spectrum = np.fft.rfft(response) / len(response)
        assert reference(response, cycles) == pytest.approx(2 * abs(spectrum[cycles]) / spectrum[0].real, abs=1e-12)


def test_exercise_9_1_recognises_the_classic_mistakes():
    from cnnbook import check

    def half(response, cycles):
        t = np.arange(len(response))
        return np.abs(np.mean(response * np.exp(-2j * np.pi * cycles * t / len(response)))) / np.mean(response)

    def one_cycle(response, cycles):
        t = np.arange(len(response))
        return 2 * np.abs(np.mean(response * np.exp(-2j * np.pi * t / len(response)))) / np.mean(response)

    def unnormalised_fft(response, cycles):
        return 2 * np.abs(np.fft.fft(response)[cycles]) / np.mean(response)

    def right(response, cycles):
        spectrum = np.fft.rfft(response) / len(response)
        return 2 * abs(spectrum[cycles]) / spectrum[0].real

    assert "twice" in repr(check("9.1", half))
    assert "`cycles` cycles" in repr(check("9.1", one_cycle))
    assert "divide the coefficient by T" in repr(check("9.1", unnormalised_fft))
    assert "returns None" in repr(check("9.1", lambda r, c: None))
    def f0_is_peak(response, cycles):
        spectrum = np.fft.rfft(response) / len(response)
        return 2 * abs(spectrum[cycles]) / np.max(response)

    def rms(response, cycles):
        spectrum = np.fft.rfft(response) / len(response)
        return np.sqrt(2) * abs(spectrum[cycles]) / spectrum[0].real

    assert "*mean* response" in repr(check("9.1", f0_is_peak))
    assert "RMS" in repr(check("9.1", rms))
    assert check("9.1", right)
    assert "should return" in repr(check("9.1", half)) and "but returned" in repr(check("9.1", half))


def test_exercises_9_2_and_9_3_against_hand_computations():
    # r = max(cos(phi) - c, 0) with c = 1/2 fires for |phi| < a = arccos(c) = pi/3:
    # F0 = (sin a - c a) / pi, F1 = (a + sin a cos a - 2 c sin a) / pi
    c = 0.5
    a = np.arccos(c)
    f0 = (np.sin(a) - c * a) / np.pi
    f1 = (a + np.sin(a) * np.cos(a) - 2 * c * np.sin(a)) / np.pi
    assert _REGISTRY["9.2"].expected() == pytest.approx(f1 / f0, abs=1e-6)
    assert _REGISTRY["9.3"].expected() == 64 * 100 + 100 + 100 * 10 + 10


def test_exercise_9_2_accepts_rounding_and_hints_the_classic_wrong_answers():
    from cnnbook import check

    assert check("9.2", 1.79) and check("9.2", 1.794)
    for wrong, words in ((np.pi / 2, "no threshold"), (1.57, "no threshold"), (0.9, "twice"), (0, "once per cycle")):
        result = check("9.2", wrong)
        assert not result and words in repr(result)
    assert not check("9.2", 1.7)


def test_exercise_9_3_hints_name_the_classic_miscounts():
    from cnnbook import check

    for wrong, words in ((7400, "weights only"), (7410, "hidden layer's 100"), (6500, "first layer only"),
                         (6510, "100 x 10 weights")):
        result = check("9.3", wrong)
        assert not result and words in repr(result)
    assert check("9.3", 7510) and check("9.3", 7510.0)
