"""FieldExplorer (d2l_utils/widgets/field_explorer.py): its checks, presets, repr and vectors.

The numbers are d2l_utils.receptive_field's (tests/test_receptive_field.py, proven by
autodiff in tests/test_receptive_field_autodiff.py); the JavaScript is held to the same
through tests/vectors/receptive_field.json (tests/make_field_vectors.py).
"""
import json

import pytest

import make_field_vectors  # tests/make_field_vectors.py, beside this file
from d2l_utils import receptive_field as rf
from d2l_utils.widgets import FieldExplorer, bundle, constants, field_explorer
from d2l_utils.widgets.settings import InvalidSetting
from d2l_utils.widgets.window_widget import REPR_LIMIT

VECTORS = json.loads(make_field_vectors.PATH.read_text(encoding="utf8"))


def test_vectors_are_up_to_date():
    fresh = json.loads(make_field_vectors.dumps(make_field_vectors.build()))
    assert VECTORS == fresh, "tests/vectors/receptive_field.json is stale: run tests/make_field_vectors.py"


def test_the_limits_are_the_references():
    limits = constants.CONSTANTS["field_limits"]
    assert (limits["layers"], limits["size"], limits["step"], limits["kernel"]) == \
        (rf.MAX_LAYERS, rf.MAX_SIZE, rf.MAX_STEP, rf.MAX_KERNEL)


@pytest.mark.parametrize("name", sorted(field_explorer.PRESETS))
def test_every_preset_draws_with_a_short_repr_and_a_static_picture(name):
    w = FieldExplorer(preset=name)
    assert len(repr(w)) <= REPR_LIMIT
    assert w.title == field_explorer.say("en", f"rf.preset_{name}")
    html = w._static_html()
    assert html.count("<img ") == len(w.layers) + 1 and "r_1 = r_0" in html


def test_the_six_three_stack_sees_41_cells_and_the_dilated_one_doubles():
    assert repr(FieldExplorer(preset="ten_5x5")).endswith("sees 41 cells per axis, from 100 to 140)")
    assert [f["field_sizes"] for f in FieldExplorer(preset="dilated").field][0] == [1, 3, 7, 15, 31]


def test_a_refused_setting_names_it_and_changes_nothing():
    w = FieldExplorer(preset="lenet")
    before = (w.state(), repr(w), w._static_html())
    with pytest.raises(InvalidSetting, match=r"layers\[1\]\['dilation'\] must be an int from 1 to 1, got 2"):
        w.layers = [rf.conv(5, padding=2), rf.pool(2, mode="avg") | {"dilation": 2}]
    assert (w.state(), repr(w), w._static_html()) == before
    w.set(layers=[rf.conv(3)], size=3, selected=[1, 0, 0])
    assert repr(w) == "FieldExplorer(1 layers on 3x3: unit (0, 0) of layer 1 sees 3 cells per axis, from 0 to 2)"


@pytest.mark.parametrize("case", VECTORS["refused"], ids=lambda c: f"{c['trait']}={c['value']!r}"[:40])
def test_the_constructor_and_the_traits_give_the_vectors_messages(case):
    with pytest.raises((TypeError, ValueError)) as info:
        field_explorer.check_traits(case["state"])
    assert str(info.value) == case["error"]


def test_a_unit_seeing_padding_alone_and_a_field_wider_than_the_input_are_said():
    w = FieldExplorer([rf.conv(3, padding=1)] * 5, 8, 1, selected=[5, 0, 0])
    html = w._static_html()
    assert "runs into padding: 5 cells before the input and 0 after it" in html
    assert "wider than the input (11 &gt; 8 cells)" in html
    lonely = FieldExplorer([rf.conv(2, stride=3, padding=1), rf.conv(4, stride=3, padding=2),
                            rf.conv(2, padding=1, dilation=3)], 6, 1, selected=[3, 0, 0])
    assert "sees padding alone" in lonely._static_html()


def test_the_module_is_the_bundle_of_its_modules_and_speaks_chinese():
    assert FieldExplorer._esm == bundle.bundle(*field_explorer.MODULES)
    assert "第 10 层" in FieldExplorer(preset="ten_5x5", lang="zh")._static_html()
