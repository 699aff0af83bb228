"""The built web site in headless Chromium, as a reader on a network with no CDN sees it.

The site (built once per session, tests/site_build.py) is served from a loopback HTTP server;
every request for anything that is not on that server is blocked (Playwright route) and
recorded. Each page is opened once, in one tab, and waited for until it is as a reader finds it
(settle: formulas typeset, fonts loaded, every scrolling box given its tab stop); then
- every formula rendered: MathJax (served by the site) made one rendered element per formula,
  none is an error, and no raw `\\(`, `\\[` or `$$` is left in the page's text;
- no request left the site;
- axe-core (bundled by axe-playwright-python) finds no serious or critical violation (every
  finding is written to artifacts/browser/axe.json). It sees inside the code boxes on the
  pages of CODE_AUDITED only; a test fails if any page's code boxes hold a kind of element
  (tag, attributes, text style, scrolling) that no page of CODE_AUDITED holds, a box outside
  the main landmark, or a box's id twice;
- the page is never wider than the window: a wide code or output box scrolls inside itself;
- on a Korean page, every tooltip, label and alternative text, those the scripts add too (the
  copy buttons'), is Korean (tests/test_site.py checks the HTML as built).
Needs Chromium and Playwright like tests/test_browser.py (skipped without them, a failure under
CI=true). Static pages only, no kernel: about 2.6 s a page.
"""

import functools
import http.server
import json
import os
import threading
from pathlib import Path

import pytest
from browsers import launch_chromium, require_browser
from editions import SHOWN_ATTRIBUTES, is_english

try:  # axe-core, bundled by the pinned axe-playwright-python (no download)
    from axe_playwright_python.sync_playwright import Axe

    AXE = Axe()
except ImportError:  # without Playwright, require_browser() says what is missing
    AXE = None

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", ROOT / "artifacts" / "browser"))
FAILING_IMPACTS = {"serious", "critical"}  # axe's moderate and minor findings are reported
AXE_REPORT = {}  # page -> ["rule (impact) x nodes", ...], written to artifacts/browser/axe.json


def _pages():
    """Every page of the site, from the sources: the front pages and one per notebook."""
    notebooks = [
        path.relative_to(NOTEBOOK_DIR).with_suffix(".html").as_posix()
        for path in sorted(NOTEBOOK_DIR.rglob("*.ipynb"))
        if not {"_build", ".ipynb_checkpoints"} & set(path.parts)
    ]
    return ["intro.html", "ko/intro.html", *notebooks]


PAGES = _pages()

# The code boxes held most of each page's elements (thousands of syntax-coloured tokens) and
# most of axe's time on it (CONTRIBUTING.md, Performance). What axe finds in a box is set by its
# elements (tags, attributes, styles, whether it scrolls) and by its landmark, and the whole
# site's code comes in a few such kinds inside <main>: the pages of CODE_AUDITED are audited
# whole, every other page without its code boxes, and a test fails if a page's code boxes hold
# a kind of element that no page of CODE_AUDITED holds, or a box outside <main>.
CODE_BOXES = ".highlight pre"
CODE_AUDITED = ("08_batch_gradient.html", "ko/08_batch_gradient.html")

# The code boxes' elements as axe's rules weigh them. Per element: its tag; its attributes (the
# values of those a rule reads: role, tabindex, lang, dir, aria-*; only the name of the others;
# class and style act through the computed style); its text style (colour, own background,
# font size, weight and style, the box's and its block's backgrounds); and, for the box, whether
# its content is wider than the box (a scrolling region must be reachable by keyboard). Also
# how many boxes are outside the main landmark, and how many share their id with another element
# (duplicate-id sees a box's id only on the pages audited whole).
READ_CODE_BOXES_JS = """(selector) => {
  const valued = name => ['role', 'tabindex', 'lang', 'dir'].includes(name)
    || name.startsWith('aria-');
  const kinds = new Set();
  let outside = 0, shared_id = 0;
  for (const box of document.querySelectorAll(selector)) {
    if (!box.closest('main, [role="main"]')) outside++;
    if (box.id && document.querySelectorAll(`[id="${box.id}"]`).length > 1) shared_id++;
    const backgrounds = [getComputedStyle(box).backgroundColor,
                         getComputedStyle(box.closest('.highlight')).backgroundColor];
    for (const el of [box, ...box.querySelectorAll('*')]) {
      const s = getComputedStyle(el);
      const attributes = Array.from(el.attributes)
        .filter(a => !['class', 'style'].includes(a.name))
        .map(a => valued(a.name) ? `${a.name}=${a.value}` : a.name).sort();
      const scrolls = el === box && box.scrollWidth > box.clientWidth + 1 ? 'scrolls' : '';
      kinds.add([el.tagName.toLowerCase(), attributes.join(' '), scrolls, s.color,
                 s.backgroundColor, s.fontSize, s.fontWeight, s.fontStyle,
                 ...backgrounds].join(' | '));
    }
  }
  return {kinds: Array.from(kinds).sort(), outside_main: outside, shared_id: shared_id};
}"""


def audit(page, whole):
    """axe's violations on `page`, every rule: on the whole page, or (not `whole`) on the page
    without its code boxes. (axe-core's own `axe.run`, with the script that axe-playwright-python
    bundles; only the violations come back, not the rules that passed.)"""
    context = None if whole else {"exclude": [[CODE_BOXES]]}
    page.evaluate(AXE.axe_script)
    return page.evaluate(
        "([context]) => axe.run(context || document, {resultTypes: ['violations']})"
        ".then(results => results.violations)",
        [context],
    )


# The theme makes each box that scrolls reachable by keyboard (tabindex 0, and -1 for a box that
# does not): once at the page's load event, and again 300 ms after the last change to the page
# (a formula typeset by MathJax is one). A box that scrolls and has no tab stop yet is waited
# for; one the theme never reaches is left to axe (scrollable-region-focusable).
THEME_SCROLL_BOXES = (
    "pre, .nboutput > .output_area, .cell_output > .output, .jp-RenderedHTMLCommon,"
    " .pst-scrollable-table-container"
)
SCROLL_BOXES_REACHABLE_JS = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter(el => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight)
  .every(el => el.hasAttribute('tabindex') && el.tabIndex >= 0)"""


def settle(page, timeout_ms=10_000):
    """Wait until `page` is as a reader finds it: its formulas typeset (MathJax's startup
    promise), its fonts loaded, and every box that scrolls given its tab stop by the theme, or
    `timeout_ms` gone by (then axe names the box). Returns READ_MATH_JS's reading."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    math = page.evaluate(READ_MATH_JS)
    page.evaluate("() => document.fonts.ready.then(() => null)")
    try:
        page.wait_for_function(
            SCROLL_BOXES_REACHABLE_JS, arg=THEME_SCROLL_BOXES, timeout=timeout_ms
        )
    except PlaywrightTimeout:
        pass
    return math


# Runs in the page once MathJax is done: per formula (Sphinx marks each .math), how many
# rendered containers and errors it holds; and any raw TeX delimiter left in the page's text
# outside code.
READ_MATH_JS = r"""async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const formulas = Array.from(document.querySelectorAll('.math')).map(el => ({
    rendered: el.querySelectorAll('mjx-container').length,
    errors: el.querySelectorAll('mjx-merror').length,
    source: el.textContent.slice(0, 60),
  }));
  const raw = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: node => node.parentElement.closest('pre, code, script, style, mjx-container')
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent;
    if (/\\\(|\\\[|\$\$/.test(text)) raw.push(text.trim().slice(0, 80));
  }
  return {formulas: formulas, raw: raw, mathjax: !!window.MathJax};
}"""


# Code and output boxes: the page itself is never wider than the window, and a box whose
# content is wider than the box scrolls inside it (overflow-x auto or scroll).
READ_LAYOUT_JS = """() => {
  const root = document.documentElement;
  const wide = Array.from(document.querySelectorAll('pre'))
    .filter(pre => pre.scrollWidth > pre.clientWidth + 1);
  const stuck = wide.filter(pre => !['auto', 'scroll'].includes(getComputedStyle(pre).overflowX));
  return {page_wider: root.scrollWidth > root.clientWidth + 1, wide: wide.length,
          not_scrolling: stuck.map(pre => pre.textContent.slice(0, 60))};
}"""


# Every tooltip, label, placeholder and alternative text in the page as its scripts left it, and
# every SVG icon's <title> (its name for a screen reader), with the language of its element.
READ_SHOWN_JS = """(attributes) => {
  const shown = [];
  for (const el of document.querySelectorAll('*')) {
    const lang = el.closest('[lang]') ? el.closest('[lang]').lang : '';
    for (const name of attributes) {
      const value = (el.getAttribute(name) || '').trim();
      if (value) shown.push([lang, el.tagName.toLowerCase() + ' ' + name, value]);
    }
    if (el.tagName.toLowerCase() === 'title' && el.closest('svg')) {
      shown.push([lang, 'svg title', el.textContent.trim()]);
    }
  }
  return shown;
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served_site(site):
    """The built site on http://127.0.0.1:PORT/ (a thread of this process)."""
    require_browser()
    html, _, _ = site
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site_browser(served_site):
    """(a browser context whose requests off the site are blocked, the list they go into)."""
    from playwright.sync_api import sync_playwright

    blocked = []

    def only_the_site(route):
        if route.request.url.startswith(served_site):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            context = chromium.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", only_the_site)
            yield context, blocked
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def opened(served_site, site_browser):
    """Open a page once (by its path in the site): what the checks read from it."""
    context, blocked = site_browser
    results = {}
    page = context.new_page()  # one tab, as a reader follows links: each page a new document

    def open_page(name):
        if name not in results:
            before = len(blocked)
            page.goto(served_site + name, wait_until="load")
            math = settle(page)
            layout = page.evaluate(READ_LAYOUT_JS)
            shown = page.evaluate(READ_SHOWN_JS, list(SHOWN_ATTRIBUTES))
            found = audit(page, whole=name in CODE_AUDITED)
            results[name] = {
                "math": math,
                "layout": layout,
                "blocked": blocked[before:],
                "axe": found,
                "lang": page.evaluate("() => document.documentElement.lang"),
                "shown": shown,
                "code_boxes": page.evaluate(READ_CODE_BOXES_JS, CODE_BOXES),
            }
            AXE_REPORT[name] = [f"{v['id']} ({v['impact']}) x {len(v['nodes'])}" for v in found]
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / "axe.json").write_text(json.dumps(AXE_REPORT, indent=1, sort_keys=True))
        return results[name]

    yield open_page
    page.close()


@pytest.mark.parametrize("name", PAGES)
def test_every_formula_renders_from_the_site_itself(opened, name):
    result = opened(name)
    math = result["math"]
    assert not result["blocked"], f"{name}: requests left the site: {result['blocked']}"
    assert not math["raw"], f"{name}: raw TeX left as text: {math['raw'][:3]}"
    if math["formulas"]:
        assert math["mathjax"], f"{name}: formulas but no MathJax"
    wrong = [f for f in math["formulas"] if f["rendered"] != 1 or f["errors"]]
    assert not wrong, f"{name}: {len(wrong)} formulas not rendered once: {json.dumps(wrong[:3])}"


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_or_critical_violation(opened, name):
    failing = [
        f"{v['id']} ({v['impact']}): {v['help']}; e.g. {v['nodes'][0]['target']}"
        for v in opened(name)["axe"]
        if v["impact"] in FAILING_IMPACTS
    ]
    assert not failing, f"{name}:\n" + "\n".join(failing)


def _audited_code_kinds(opened):
    return {kind for page in CODE_AUDITED for kind in opened(page)["code_boxes"]["kinds"]}


@pytest.mark.parametrize("name", PAGES)
def test_the_code_boxes_are_like_those_audited_whole(opened, name):
    audited = _audited_code_kinds(opened)
    assert audited  # the pages audited whole have code boxes
    boxes = opened(name)["code_boxes"]
    left = sorted(set(boxes["kinds"]) - audited)
    assert not left, f"{name}: code box elements of kinds no page of CODE_AUDITED holds: {left}"
    assert boxes["outside_main"] == 0, f"{name}: code boxes outside the main landmark"
    assert boxes["shared_id"] == 0, f"{name}: code boxes whose id another element has too"


@pytest.mark.parametrize("name", PAGES)
def test_wide_code_scrolls_inside_its_box(opened, name):
    layout = opened(name)["layout"]
    assert not layout["page_wider"], f"{name}: the page is wider than the window"
    assert not layout["not_scrolling"], f"{name}: {layout['not_scrolling']}"


def _english_shown(result, language):
    return sorted({f"{where}: {text!r}" for lang, where, text in result["shown"]
                   if lang == language and is_english(text)})  # fmt: skip


@pytest.mark.parametrize("name", [name for name in PAGES if name.startswith("ko/")])
def test_every_label_and_tooltip_on_a_korean_page_is_korean(opened, name):
    left = _english_shown(opened(name), "ko")
    assert not left, f"{name}: English on a Korean page:\n" + "\n".join(left)
    # The check can fail: the English page's copy buttons and the theme's labels are English.
    assert len(_english_shown(opened(name.removeprefix("ko/")), "en")) >= 10


# Draws each distinct Hangul syllable of `text` on a canvas in the page's own font stack (the
# fallback a reader's browser uses): with no font that has Hangul, every syllable is the same
# empty box, the one an unassigned code point gets.
HANGUL_GLYPHS_JS = r"""(text) => {
  const family = getComputedStyle(document.querySelector('h1')).fontFamily;
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext('2d');
  const draw = ch => {
    ctx.clearRect(0, 0, 64, 64); ctx.font = '40px ' + family; ctx.fillText(ch, 4, 48);
    const pixels = ctx.getImageData(0, 0, 64, 64).data;
    let ink = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) ink++;
    return {shape: Array.from(pixels).join(','), ink: ink};
  };
  const syllables = [...new Set([...text].filter(c => /[\uac00-\ud7a3]/.test(c)))];
  const box = draw('\u{10FFFD}').shape, box2 = draw('\u{10FFFC}').shape;
  const drawn = syllables.map(draw);
  return {syllables: syllables.length, shapes: new Set(drawn.map(d => d.shape)).size,
          boxes: drawn.filter(d => d.shape === box).length, blank: drawn.filter(d => !d.ink).length,
          unassigned_look_alike: box === box2};
}"""


def test_a_korean_page_shows_hangul_not_empty_boxes(served_site, site_browser):
    """A screenshot of a Korean page (kept in artifacts/browser/) with its lang attribute;
    each Hangul syllable of its title is drawn as a glyph of its own, not as the empty box of
    a missing font (.ci/run installs Debian's fonts-noto-cjk when no font has Hangul)."""
    context, _ = site_browser
    page = context.new_page()
    try:
        page.goto(served_site + "ko/02_forward.html", wait_until="load")
        lang = page.evaluate("() => document.documentElement.lang")
        title = page.locator("h1").first.inner_text()
        glyphs = page.evaluate(HANGUL_GLYPHS_JS, title)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "site_ko_02_forward.png"))
    finally:
        page.close()
    assert lang == "ko"
    assert glyphs["unassigned_look_alike"]  # the check can see a missing glyph
    assert glyphs["syllables"] >= 5, title
    assert glyphs["boxes"] == 0 and glyphs["blank"] == 0, glyphs
    assert glyphs["shapes"] == glyphs["syllables"], glyphs


def test_the_check_sees_a_formula_left_raw_and_a_request_off_the_site(
    served_site, site_browser, opened
):
    """The checks prove themselves: a page whose MathJax never loads and that asks another
    host for an image is caught on both counts; and a faint code token is a contrast
    violation in a whole audit, is not seen by the audit that leaves the code boxes to the
    pages of CODE_AUDITED, and is named by the test that compares the code boxes with theirs;
    so is a code box that scrolls but cannot be reached by keyboard."""
    context, blocked = site_browser
    page = context.new_page()
    try:
        before = len(blocked)
        page.set_content(
            '<p>raw <span class="math">\\(x^2\\)</span></p>'
            '<img src="https://cdn.example.invalid/badge.svg" alt="a badge">'
            '<pre style="width: 100px; overflow-x: visible">' + "x" * 400 + "</pre>"
            '<div class="highlight"><pre><span style="color: #aaa">faint</span></pre></div>'
            '<div class="highlight"><pre style="width: 100px; overflow-x: auto">'
            + "y" * 400
            + "</pre></div>"
        )
        math = settle(page, timeout_ms=500)  # the "y" box never gets a tab stop
        layout = page.evaluate(READ_LAYOUT_JS)
        whole = [v["id"] for v in audit(page, whole=True)]
        without_code = [v["id"] for v in audit(page, whole=False)]
        boxes = page.evaluate(READ_CODE_BOXES_JS, CODE_BOXES)
    finally:
        page.close()
    assert blocked[before:] == ["https://cdn.example.invalid/badge.svg"]
    assert math["raw"] == ["\\(x^2\\)"]
    assert math["formulas"] == [{"rendered": 0, "errors": 0, "source": "\\(x^2\\)"}]
    assert layout["page_wider"] and layout["not_scrolling"] == ["x" * 60]
    assert layout["wide"] == 2  # the "y" box scrolls inside itself
    assert "html-has-lang" in whole and "html-has-lang" in without_code  # axe sees no lang
    for rule in ("color-contrast", "scrollable-region-focusable"):
        assert rule in whole and rule not in without_code, rule
    audited = _audited_code_kinds(opened)
    faint = [kind for kind in boxes["kinds"] if kind.startswith("span |  |  | rgb(170, 170, 170)")]
    unreachable = [kind for kind in boxes["kinds"] if kind.startswith("pre |  | scrolls | ")]
    assert len(faint) == 1 and faint[0] not in audited
    assert len(unreachable) == 1 and unreachable[0] not in audited
    assert boxes["outside_main"] == 2  # set_content has no <main>


def test_the_audit_waits_for_a_tab_stop_given_after_the_page_loaded(site_browser):
    """settle() waits for the tab stop that a script gives a scrolling box some time after the
    page has loaded (as the theme does 300 ms after MathJax's last change), so axe sees the box
    as a reader's keyboard finds it; without the tab stop axe names the box."""
    context, _ = site_browser
    page = context.new_page()
    try:
        page.set_content(
            '<main><pre id="late" style="width: 100px; overflow-x: auto">'
            + "z" * 400
            + "</pre></main>"
        )
        unreached = [v["id"] for v in audit(page, whole=True)]
        page.evaluate(
            "() => setTimeout(() => { document.getElementById('late').tabIndex = 0 }, 300)"
        )
        settle(page)
        tab_stop = page.evaluate("() => document.getElementById('late').getAttribute('tabindex')")
        reached = [v["id"] for v in audit(page, whole=True)]
    finally:
        page.close()
    assert "scrollable-region-focusable" in unreached
    assert tab_stop == "0"
    assert "scrollable-region-focusable" not in reached
