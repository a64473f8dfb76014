"""book/icon_subset.py without Sphinx: code points read from the theme's stylesheet, the icon
names a page uses, the stylesheet cut to those icons, and fonts cut to their glyphs (fontTools
on matplotlib's DejaVu Sans, standing in for Font Awesome's TrueType files)."""
import pathlib
import shutil

import matplotlib
import pytest
from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont

from book import icon_subset

DEJAVU = pathlib.Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


@pytest.mark.parametrize("css, points", [
    ('.fa-xmark:before{content:"\\f00d"}', {"fa-xmark": 0xF00D}),
    # Aliases share a rule; :after counts too; hex digits in either case.
    ('.fa-close:before,.fa-xmark:before,.fa-times:after{content:"\\F00D"}',
     {"fa-close": 0xF00D, "fa-xmark": 0xF00D, "fa-times": 0xF00D}),
    ('.fa-a:before{content:"\\41"}.x{color:red}.fa-b:before{content:"\\e0b7"}',
     {"fa-a": 0x41, "fa-b": 0xE0B7}),
    # Not icon rules: other properties, other classes, a content that is no code point.
    ('.fa-a:before{color:red}.fb-a:before{content:"\\41"}.fa-c:before{content:"x"}', {}),
    ("", {}),
])
def test_code_points_from_the_theme_stylesheet(css, points):
    assert icon_subset.code_points(css) == points


@pytest.mark.parametrize("texts, names", [
    (['<i class="fa-solid fa-xmark"></i>'], {"fa-solid", "fa-xmark"}),
    # The theme's scripts make icons too, by name in a string.
    (['<p>fa-</p>', 'el.classList.add("fa-regular", "fa-sun")'], {"fa-regular", "fa-sun"}),
    (["sofa-bed", "FA-XMARK", "fa-Upper", "fa--x"], set()),
    (["fa-2x fa-arrow-up-right-from-square"], {"fa-2x", "fa-arrow-up-right-from-square"}),
    ([], set()),
])
def test_icons_used_finds_every_fa_class(texts, names):
    assert icon_subset.icons_used(texts) == names


THEME = ('.a{color:red}.fa-xmark:before,.fa-close:before{content:"\\f00d"}'
         '.fa-sun:before{content:"\\f185"}.fa-moon:before{content:"\\f186"}.b{color:blue}')


@pytest.mark.parametrize("names, kept", [
    (["fa-sun"], '.a{color:red}.fa-sun:before{content:"\\f185"}.b{color:blue}'),
    # Of two aliases, the used one keeps the rule.
    (["fa-close", "fa-moon"],
     '.a{color:red}.fa-close:before{content:"\\f00d"}.fa-moon:before{content:"\\f186"}.b{color:blue}'),
    ([], ".a{color:red}.b{color:blue}"),
    (["fa-xmark", "fa-close", "fa-sun", "fa-moon"], THEME),
])
def test_only_icon_rules_keeps_the_used_icons_and_every_other_rule(names, kept):
    assert icon_subset.only_icon_rules(THEME, names) == kept


def test_font_face_declares_the_theme_family_and_weight():
    assert icon_subset.font_face("Font Awesome 6 Free", 900, "d2l-icons/fa-solid-900.woff") == (
        '@font-face{font-display:block;font-family:"Font Awesome 6 Free";font-style:normal;'
        'font-weight:900;src:url(d2l-icons/fa-solid-900.woff) format("woff")}\n')


def test_subset_font_keeps_only_the_asked_glyphs(tmp_path):
    dest = tmp_path / "out" / "icons.woff"
    assert icon_subset.subset_font(DEJAVU, {0x41, 0x42, 0xF00D}, dest)  # 0xf00d: not in DejaVu
    font = TTFont(dest)
    assert font.flavor == "woff"
    assert set(font.getBestCmap()) == {0x41, 0x42}
    assert dest.stat().st_size < DEJAVU.stat().st_size / 20


def test_subset_font_writes_nothing_for_a_font_without_those_glyphs(tmp_path):
    dest = tmp_path / "icons.woff"
    assert icon_subset.subset_font(DEJAVU, {0xF00D, 0xE0B7}, dest) is False
    assert not dest.exists()


def only_glyphs(source, points, dest):
    """A TrueType copy of ``source`` holding just ``points``."""
    font = TTFont(source)
    subsetter = ft_subset.Subsetter(ft_subset.Options())
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    dest.parent.mkdir(parents=True, exist_ok=True)
    font.save(dest)


def test_write_icon_fonts_serves_only_the_icons_pages_and_scripts_use(tmp_path):
    static = tmp_path / "_static"
    fonts = static / icon_subset.THEME_FONTS
    fonts.mkdir(parents=True)
    # Solid and regular have letters A-C; brands has only Z, an icon no page uses.
    shutil.copy(DEJAVU, fonts / "fa-solid-900.ttf")
    shutil.copy(DEJAVU, fonts / "fa-regular-400.ttf")
    only_glyphs(DEJAVU, [0x5A], fonts / "fa-brands-400.ttf")
    theme = ('.fa-a:before{content:"\\41"}.fa-b:before{content:"\\42"}'
             '.fa-c:before{content:"\\43"}.fa-z:before{content:"\\5a"}')
    (static / icon_subset.THEME_CSS).parent.mkdir(parents=True)
    (static / icon_subset.THEME_CSS).write_text(theme)
    (static / "scripts").mkdir()
    (static / "scripts" / "theme.js").write_text('i.className = "fa-b";')
    stale = static / icon_subset.FONT_DIR / "fa-brands-400.woff"
    stale.parent.mkdir()
    stale.write_bytes(b"from an earlier build")

    names = icon_subset.write_icon_fonts(static, ['<i class="fa-a fa-not-an-icon"></i>'])

    assert names == ["fa-a", "fa-b"]
    css = (static / icon_subset.CSS_FILE).read_text()
    assert css.startswith("/* Font Awesome icons the book shows (book/icon_subset.py): fa-a fa-b */\n")
    assert css.count("@font-face") == 2
    assert 'font-weight:900;src:url(d2l-icons/fa-solid-900.woff)' in css
    assert 'font-weight:400;src:url(d2l-icons/fa-regular-400.woff)' in css
    assert "Brands" not in css and not stale.exists()
    assert set(TTFont(static / icon_subset.FONT_DIR / "fa-solid-900.woff").getBestCmap()) == {0x41, 0x42}
    assert (static / icon_subset.THEME_CSS).read_text() == (
        '.fa-a:before{content:"\\41"}.fa-b:before{content:"\\42"}')
