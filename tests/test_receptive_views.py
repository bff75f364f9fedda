"""Receptive-field and dilation views draw the right geometry; explorers react to controls.

Views are checked without a browser on plain ``Figure`` objects; explorers are driven
by setting control values and clicking buttons, and must change their PNG and readout.
"""

import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnbook import Layer, correlate2d, receptive_field
from cnnbook import views as rv
from cnnbook.explorers import dilation_explorer, network_diagram_explorer, receptive_field_explorer

LECTURE = [Layer(3), Layer(2, stride=2), Layer(3)]
NAMES = ["conv 3", "pool 2", "conv 3"]


def photo(h=48, w=40):
    rng = np.random.default_rng(0)
    return rng.uniform(0, 1, size=(h, w))


# --- pure helpers -------------------------------------------------------------------

def test_layer_table_matches_receptive_field_for_every_prefix():
    layers = [Layer(3, 1, 1), Layer(2, 2), Layer(3, 1, 1, 2), Layer(3, 2, 1)]
    rows, error = rv.layer_table(layers, 64)
    assert error is None and [r["out"] for r in rows] == [64, 32, 30, 15]
    for i, row in enumerate(rows):
        rf = receptive_field(layers[: i + 1])
        assert (row["rf"], row["jump"], row["start"]) == tuple(rf)


def test_layer_table_reports_the_layer_that_does_not_fit():
    rows, error = rv.layer_table([Layer(3), Layer(9)], 8)
    assert len(rows) == 1 and error.startswith("layer 2:")


def test_dilated_taps_has_holes():
    mask = rv.dilated_taps(3, 4)
    assert mask.shape == (9, 9) and mask.sum() == 9
    assert mask[0, 0] and mask[4, 4] and mask[8, 8] and not mask[1, 1]


# --- network diagram ---------------------------------------------------------------

def test_network_diagram_top_unit_reaches_all_eight_inputs():
    view = rv.draw_network_diagram(LECTURE, 8, 0, names=NAMES, fig=Figure())
    assert view.sizes == [8, 6, 3, 1]
    assert view.reach(3, 0)[0] == list(range(8))
    # highlighted connections: 3 into the top unit, 3 x 2 into the pool units, 6 x 3 into conv 1
    assert len(view.reached_lines.get_segments()) == 3 + 6 + 18


def test_network_diagram_lower_units_reach_their_receptive_field():
    view = rv.NetworkDiagramView(Figure(), LECTURE, 8, names=NAMES)
    for level in range(1, 4):
        rf = receptive_field(LECTURE[:level])
        for unit in range(view.sizes[level]):
            inputs = view.reach(level, unit)[0]
            start = unit * rf.stride - rf.padding
            assert inputs == list(range(max(start, 0), min(start + rf.size, 8)))
    readout = view.update(2, level=1)
    assert "<b>3</b> of 8" in readout


def test_network_diagram_rejects_a_unit_out_of_range():
    view = rv.NetworkDiagramView(Figure(), LECTURE, 8, names=NAMES)
    with pytest.raises(ValueError, match="unit must be between 0 and 0"):
        view.update(1)


# --- receptive field on a photo ----------------------------------------------------

def test_receptive_field_rectangle_is_where_the_formula_says():
    layers = [Layer(3, 1, 1), Layer(2, 2), Layer(3, 1, 1), Layer(2, 2)]
    view = rv.draw_receptive_field(photo(), layers, 3, 5, fig=Figure())
    rf = receptive_field(layers)
    assert (rf.size, rf.stride, rf.padding) == (10, 4, 3)
    assert view.rect.get_xy() == (5 * 4 - 3 - 0.5, 3 * 4 - 3 - 0.5)
    assert view.rect.get_width() == view.rect.get_height() == 10
    assert list(view.rf_line.get_ydata()) == [1, 3, 4, 8, 10]


def test_receptive_field_view_clips_the_unit_and_reports_a_bad_layer():
    view = rv.ReceptiveFieldView(Figure(), photo(20, 20))
    readout = view.update([Layer(3), Layer(30)], 100, 100)
    assert "does not fit" in readout and len(view.rows) == 1
    assert "unit (17, 17)" in readout  # clipped to the 18x18 output of the layer that fits


def test_rf_growth_tables_and_resolution():
    fig = Figure()
    tables = rv.draw_rf_growth({"dilated": [Layer(3, 1, d, d) for d in (1, 2, 4, 8)],
                                "pooled": [Layer(3, 1, 1), Layer(2, 2)] * 2}, input_size=64, fig=fig).tables
    assert [r["rf"] for r in tables["dilated"]] == [3, 7, 15, 31]
    assert [r["out"] for r in tables["dilated"]] == [64] * 4
    assert [r["out"] for r in tables["pooled"]] == [64, 32, 32, 16]
    assert len(fig.axes) == 2


def test_draw_dilated_kernels_and_footprints():
    axes = rv.draw_dilated_kernels((1, 2, 4), fig=Figure())
    assert [ax.images[0].get_array().shape for ax in axes] == [(3, 3), (5, 5), (9, 9)]
    axes = rv.draw_footprints([np.ones((3, 3)), np.ones((7, 7))], ["a", "b"], fig=Figure())
    assert len(axes) == 2
    with pytest.raises(ValueError, match="one entry per map"):
        rv.draw_footprints([np.ones((3, 3))], ["a", "b"], fig=Figure())


def test_dilation_view_computes_the_dilated_response():
    img = photo(30, 30)
    kernel = np.arange(9.0).reshape(3, 3) - 4
    view = rv.draw_dilation(img, kernel, 3, max_rate=4, fig=Figure())
    np.testing.assert_allclose(view.out_im.get_array(), correlate2d(img, kernel, padding="same", dilation=3))
    grid = view.kernel_im.get_array()
    assert grid.shape == (9, 9) and np.isfinite(grid).sum() == 9
    with pytest.raises(ValueError, match="at most max_rate=4"):
        view.update(5)


# --- explorers ------------------------------------------------------------------------

def test_network_diagram_explorer_follows_level_and_unit():
    ex = network_diagram_explorer(LECTURE, 8, names=NAMES)
    assert "<b>8</b> of 8" in ex.readout.value
    png, text = ex.image.value, ex.readout.value
    ex.controls["level"].value = 1  # conv 3 has 6 units
    assert ex.controls["unit"].max == 5
    ex.controls["unit"].value = 4
    assert "x4..x6" in ex.readout.value and ex.image.value != png and ex.readout.value != text


def test_receptive_field_explorer_controls_and_buttons():
    ex = receptive_field_explorer(photo(64, 64), [Layer(3, 1, 1), Layer(2, 2)])
    png, text = ex.image.value, ex.readout.value
    ex.controls["kernel"].value = 3  # edits layer 2 (the last one) into a 3x3 stride-2 pool
    assert ex.layers[1] == Layer(3, 2, 0, 1)
    assert ex.image.value != png and ex.readout.value != text
    ex.add_button.click()
    assert len(ex.layers) == 3 and ex.controls["layer"].value == 3 and ex.controls["layer"].max == 3
    png = ex.image.value
    ex.controls["dilation"].value = 2
    assert ex.layers[2] == Layer(3, 2, 0, 2) and ex.image.value != png
    assert ex.controls["row"].max == 13  # 64 -> 64 -> 31 -> 14 rows
    ex.controls["layer"].value = 1
    assert ex.controls["kernel"].value == 3 and ex.controls["padding"].value == 1
    text = ex.readout.value
    ex.remove_button.click()
    assert len(ex.layers) == 2 and ex.readout.value != text
    ex.remove_button.click()
    ex.remove_button.click()  # one layer always stays
    assert len(ex.layers) == 1


def test_dilation_explorer_rate_changes_image_and_readout():
    ex = dilation_explorer(photo(40, 40), max_rate=4)
    png, text = ex.image.value, ex.readout.value
    ex.controls["rate"].value = 4
    assert ex.image.value != png and "9x9" in ex.readout.value and ex.readout.value != text


def test_receptive_field_explorer_draws_once_when_built_and_once_per_change(monkeypatch):
    from cnnbook.explorers import receptive_field_explorer
    from cnnbook.views import ReceptiveFieldView

    calls = []
    original = ReceptiveFieldView.update
    monkeypatch.setattr(ReceptiveFieldView, "update", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    explorer = receptive_field_explorer(np.zeros((40, 48)))
    assert len(calls) == 1
    explorer.controls["kernel"].value = 5  # re-ranges the unit sliders too: still one draw
    explorer.add_layer()
    assert len(calls) == 3
