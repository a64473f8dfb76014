"""The theme's Font Awesome icons as small fonts that hold only the icons the book shows.

pydata-sphinx-theme 0.17 puts Font Awesome 6 on every page twice: scripts/fontawesome.js
(the SVG+JS kit, 1.5 MB, 543 KB gzip, which swaps each <i class="fa-..."> for an SVG) and
the icon font rules in its own stylesheet, whose font files (fa-solid-900.woff2 156 KB,
fa-brands-400.woff2 118 KB) the page downloaded too. book/templates/layout.html leaves
the script out; the stylesheet's rules then draw the icons with the font, and this module
gives the font families a last, smaller @font-face each:

- after the build, every `fa-<name>` in the written pages and in the theme's scripts (the
  theme's JavaScript makes a few icons itself, e.g. fa-xmark) is looked up in the theme's
  stylesheet for its code point;
- the theme's TrueType fonts are cut down to those code points (fontTools, which comes
  with matplotlib) and written as WOFF to _static/d2l-icons/;
- _static/d2l-icons.css declares them for the same families, weights and styles as the
  theme. The last matching @font-face wins, so the theme's big font files are never
  requested;
- the theme's stylesheet in the output keeps the `.fa-<name>:before` rules of those icons
  only (the other 1,800 are 20 KB of its 66 KB gzip, on the critical path of every page).
"""
import io
import pathlib
import re

from book.atomic_write import write_atomically
from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont

CSS_FILE = "d2l-icons.css"
FONT_DIR = "d2l-icons"
THEME_CSS = "styles/pydata-sphinx-theme.css"
THEME_FONTS = "vendor/fontawesome/webfonts"
# (file stem in the theme, font-family, font-weight) as the theme's stylesheet declares them.
FACES = (("fa-solid-900", "Font Awesome 6 Free", 900),
         ("fa-regular-400", "Font Awesome 6 Free", 400),
         ("fa-brands-400", "Font Awesome 6 Brands", 400))
ICON_RULE = re.compile(r'((?:\.fa-[\w-]+:(?:before|after),?)+)\{content:"\\([0-9a-fA-F]+)"\}')
ICON_NAME = re.compile(r"\bfa-[a-z0-9][a-z0-9-]*")


def code_points(theme_css):
    """{"fa-xmark": 0xf00d, ...} from the theme's stylesheet (aliases included)."""
    points = {}
    for selectors, hex_point in ICON_RULE.findall(theme_css):
        for name in re.findall(r"\.(fa-[\w-]+):", selectors):
            points[name] = int(hex_point, 16)
    return points


def icons_used(texts):
    """Every fa-<name> class in the given HTML and JavaScript texts."""
    names = set()
    for text in texts:
        names.update(ICON_NAME.findall(text))
    return names


def subset_font(source, points, dest):
    """Write the glyphs of ``points`` from the TrueType ``source`` as WOFF to ``dest``;
    False if the font has none of them."""
    font = TTFont(source)
    present = set(font.getBestCmap()) & set(points)
    if not present:
        return False
    options = ft_subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.name_IDs = []
    options.notdef_outline = True
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(present))
    subsetter.subset(font)
    font.flavor = "woff"
    woff = io.BytesIO()
    font.save(woff)
    write_atomically(dest, woff.getvalue())
    return True


def font_face(family, weight, url):
    return ("@font-face{font-display:block;font-family:\"%s\";font-style:normal;"
            "font-weight:%d;src:url(%s) format(\"woff\")}\n" % (family, weight, url))


def write_icon_fonts(static, pages):
    """Subset the theme's icon fonts for ``pages`` (HTML texts) into ``static``; returns
    the icon names that have a glyph."""
    static = pathlib.Path(static)
    points = code_points((static / THEME_CSS).read_text(encoding="utf8"))
    scripts = [p.read_text(encoding="utf8", errors="replace")
               for p in sorted((static / "scripts").glob("*.js"))]
    names = sorted(name for name in icons_used(list(pages) + scripts) if name in points)
    wanted = {points[name] for name in names}
    css = ["/* Font Awesome icons the book shows (book/icon_subset.py): %s */\n" % " ".join(names)]
    for stem, family, weight in FACES:
        dest = static / FONT_DIR / (stem + ".woff")
        if subset_font(static / THEME_FONTS / (stem + ".ttf"), wanted, dest):
            css.append(font_face(family, weight, f"{FONT_DIR}/{dest.name}"))
        elif dest.exists():
            dest.unlink()
    write_atomically(static / CSS_FILE, "".join(css))
    theme_css = static / THEME_CSS
    write_atomically(theme_css, only_icon_rules(theme_css.read_text(encoding="utf8"), names))
    return names


def only_icon_rules(theme_css, names):
    """``theme_css`` without the icon rules of icons not in ``names``."""
    keep = set(names)

    def rule(match):
        selectors = [s for s in match.group(1).split(",") if s]
        kept = [s for s in selectors if s[1:].split(":")[0] in keep]
        return ",".join(kept) + '{content:"\\%s"}' % match.group(2) if kept else ""

    return ICON_RULE.sub(rule, theme_css)
