"""The layout cache (viewer/issue/cache.py): an issue opened again is read
from it without setting type; any change to what a layout is made of makes
it again; a damaged, foreign or planted entry is never trusted; without a
writable cache folder everything works as before, silently."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import BUNDLED

DATA = Path(__file__).resolve().parent / "data"
STATESMAN = DATA / "bl-statesman-1824-02-17"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of the test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("HERALD_CACHE_DIR", str(folder))
    return folder / "layouts"


@pytest.fixture
def issue_copy(tmp_path):
    """A copy of the bundled issue that the test may change."""
    return Path(shutil.copytree(BUNDLED, tmp_path / "issue"))


@pytest.fixture
def typesetting(monkeypatch):
    """The calls of the engine and of the descriptor loader, counted."""
    import viewer.layout.engine as engine
    import viewer.model.load as load

    calls = {"layout": 0, "load": 0}
    real_layout, real_load = engine.layout_issue, load.load_issue

    def counted_layout(*args, **kwargs):
        calls["layout"] += 1
        return real_layout(*args, **kwargs)

    def counted_load(*args, **kwargs):
        calls["load"] += 1
        return real_load(*args, **kwargs)

    monkeypatch.setattr(engine, "layout_issue", counted_layout)
    monkeypatch.setattr(load, "load_issue", counted_load)
    return calls


def open_issue(path):
    from viewer.issue import open_issue as real

    return real(path)


def entries(cache: Path) -> dict[str, Path]:
    return {p.name: p for p in cache.glob("*/*.json")}


def laid_out_again(path, calls, pages=None) -> bool:
    before = calls["layout"]
    open_issue(path).layout(pages)
    return calls["layout"] > before


# ------------------------------------------------------------ the second opening


def test_second_opening_sets_no_type_and_reads_no_descriptors(cache, issue_copy, typesetting):
    first = open_issue(issue_copy)
    fresh = first.layout()
    problems = first.validate()
    assert typesetting["layout"] >= 1 and typesetting["load"] == 1
    typesetting.update(layout=0, load=0)

    again = open_issue(issue_copy)
    cached = again.layout()
    assert again.validate() == problems
    g1 = next(g for g in again.groups() if 1 in g)
    assert again.layout(list(g1)).pages == tuple(fresh.page(n) for n in g1)
    assert typesetting == {"layout": 0, "load": 0}
    assert cached == fresh
    assert list(cached.articles) == list(fresh.articles)  # the order a whole layout gives
    for p, q in zip(cached.pages, fresh.pages):
        assert p == q and p.fit_problems == q.fit_problems and p.warnings == q.warnings
    # what the window and the commands ask before any layout, without the descriptors
    assert again.numbers == first.numbers and again.groups() == first.groups()
    assert again.meta == first.meta and again.summary() == first.summary()
    assert [again.section(n) for n in again.numbers] == [first.section(n) for n in first.numbers]
    assert [again.page_size(n) for n in again.numbers] == [first.page_size(n) for n in first.numbers]
    assert again.article_ids() == first.article_ids() and again.photo_ids() == first.photo_ids()
    assert again.problems == first.problems and again.check() == first.check()
    assert typesetting == {"layout": 0, "load": 0}
    # asking for what needs the descriptors reads them then
    art = first.article_ids()[0]
    assert again.reading(art) == first.reading(art)
    assert typesetting["load"] == 1


def test_a_group_at_a_time_then_the_whole_issue(cache, issue_copy, typesetting):
    issue = open_issue(issue_copy)
    direct = issue.lay_out()
    for g in issue.groups()[:3]:
        issue.layout(list(g))
    joined = open_issue(issue_copy).layout()  # three groups from the cache, the rest laid out in one go
    assert joined == direct and list(joined.articles) == list(direct.articles)
    assert open_issue(issue_copy).layout() == direct  # now every group from the cache


def test_part_of_a_group_is_laid_out_on_its_own(cache, issue_copy, typesetting):
    issue = open_issue(issue_copy)
    tied = next(g for g in issue.groups() if len(g) > 1)
    issue.layout(list(tied))
    assert laid_out_again(issue_copy, typesetting, [tied[0]])  # not the group's layout: an article runs on


def test_a_warm_validate_needs_neither_pydantic_nor_the_engine(cache, tmp_path):
    import subprocess

    env = dict(os.environ, HERALD_CACHE_DIR=str(cache.parent), PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    code = ("import sys; from viewer.cli import main; code = main(['validate', sys.argv[1]]); "
            "print(sorted(m for m in ('pydantic', 'viewer.layout.engine', 'viewer.model.load', 'lxml', 'PySide6') "
            "if m in sys.modules)); sys.exit(code)")
    runs = [subprocess.run([sys.executable, "-c", code, str(BUNDLED)], capture_output=True, text=True, env=env)
            for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout.splitlines()[0] == runs[1].stdout.splitlines()[0]  # the same verdict
    assert runs[1].stdout.splitlines()[-1] == "[]", runs[1].stdout


# ------------------------------------------------------------ what makes it again


@pytest.mark.parametrize("change", ["issue", "page", "text", "image", "new file"])
def test_a_changed_file_of_the_issue_makes_the_layout_again(cache, issue_copy, typesetting, change):
    open_issue(issue_copy).layout()
    assert not laid_out_again(issue_copy, typesetting)
    if change == "issue":
        with open(issue_copy / "issue.toml", "a", encoding="utf-8") as f:
            f.write("\n# a comment changes the file, not the issue\n")
    elif change == "page":
        page = issue_copy / "pages" / "01.toml"
        page.write_text(page.read_text(encoding="utf-8").replace('section = "', 'section = "新'), encoding="utf-8")
    elif change == "text":
        text = sorted((issue_copy / "text").iterdir())[0]
        text.write_text(text.read_text(encoding="utf-8") + "又一句。\n", encoding="utf-8")
    elif change == "image":
        image = sorted(p for p in (issue_copy / "images").rglob("*") if p.is_file())[0]
        data = bytearray(image.read_bytes())
        data[-1] ^= 1  # one bit of one byte, same size, same name
        image.write_bytes(bytes(data))
    else:
        (issue_copy / "images" / "unused.txt").write_text("x", encoding="utf-8")
    assert laid_out_again(issue_copy, typesetting)
    assert not laid_out_again(issue_copy, typesetting)  # and kept again


def test_a_changed_font_makes_the_layout_again(cache, issue_copy, typesetting, tmp_path, monkeypatch):
    import viewer.resources_path as rp

    fonts = Path(shutil.copytree(rp.FONT_DIR, tmp_path / "fonts"))
    monkeypatch.setattr(rp, "FONT_DIR", fonts)  # what the cache's key reads
    open_issue(issue_copy).layout([1])
    assert not laid_out_again(issue_copy, typesetting, [1])
    font = sorted(fonts.glob("*.otf"))[0]
    with open(font, "ab") as f:
        f.write(b"\0")
    assert laid_out_again(issue_copy, typesetting, [1])


def test_another_program_version_makes_the_layout_again(cache, issue_copy, typesetting, monkeypatch):
    import viewer

    open_issue(issue_copy).layout([1])
    assert not laid_out_again(issue_copy, typesetting, [1])
    monkeypatch.setattr(viewer, "__version__", viewer.__version__ + ".1")
    assert laid_out_again(issue_copy, typesetting, [1])


def test_an_issue_given_in_memory_is_not_cached(cache, issue_copy, typesetting):
    from viewer.issue import as_issue
    from viewer.model import load_issue

    data = load_issue(issue_copy)
    as_issue(data).layout([1])
    assert not cache.exists() or not entries(cache)
    assert laid_out_again(issue_copy, typesetting, [1])  # the opened issue has nothing to read yet


# ------------------------------------------------------------ never trusted


def _entry(cache, name="pages-1.json") -> Path:
    return entries(cache)[name]


def _damage(path: Path, how: str) -> None:
    raw = path.read_bytes()
    head, body = raw.split(b"\n", 1)
    header = json.loads(head)
    if how == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif how == "garbage":
        path.write_bytes(os.urandom(len(raw)))
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "foreign":
        path.write_text(json.dumps({"some": "other program's file"}), encoding="utf-8")
    elif how == "wrong hash":  # valid JSON, values changed, the header as it was but for the length
        value = json.loads(body)
        if isinstance(value, list):
            value.append(["issue.toml", "", "planted", "error", ""])
        elif "pages" in value:
            value["pages"][0]["section"] = "伪造"
        else:
            value["issue_file"] = "planted.toml"
        body = json.dumps(value, ensure_ascii=False).encode()
        header["size"] = len(body)
        path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    elif how == "wrong key":  # whole and consistent, but for another issue or program
        header["key"] = "0" * 64
        path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    elif how in ("planted values", "planted picture", "planted role"):  # consistent, with a true hash, but not a layout
        import hashlib

        value = json.loads(body)
        if how == "planted values":
            value["pages"][0]["lines"][0][3] = ["x", 1, 2, 3]
        elif how == "planted picture":
            value["pages"][0]["images"][0][1] = "../../../../etc/passwd"
        else:
            value["pages"][0]["lines"][0][4][0][0] = "__import__('os')"
        body = json.dumps(value, ensure_ascii=False).encode()
        header.update(size=len(body), sha256=hashlib.sha256(body).hexdigest())
        path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    elif how == "deep":
        path.write_bytes(head + b"\n" + b"[" * 100000)


@pytest.mark.parametrize("how", ["truncated", "garbage", "empty", "foreign", "wrong hash", "wrong key",
                                 "planted values", "planted picture", "planted role", "deep"])
def test_a_damaged_or_planted_entry_is_ignored_and_written_anew(cache, issue_copy, typesetting, how):
    fresh = open_issue(issue_copy).layout([1])
    entry = _entry(cache)
    good = entry.read_bytes()
    _damage(entry, how)
    assert entry.read_bytes() != good
    again = open_issue(issue_copy).layout([1])
    assert typesetting["layout"] == 2  # not trusted: laid out again
    assert again == fresh
    assert entry.read_bytes() == good  # and written anew, whole
    assert not laid_out_again(issue_copy, typesetting, [1])


@pytest.mark.parametrize("name", ["facts.json", "validate.json", "check.json"])
def test_damaged_facts_and_problems_are_made_again(cache, issue_copy, typesetting, name):
    first = open_issue(issue_copy)
    problems = first.validate()
    _damage(_entry(cache, name), "wrong hash")
    again = open_issue(issue_copy)
    assert again.validate() == problems and again.numbers == first.numbers and again.meta == first.meta
    _damage(_entry(cache, name), "garbage")
    assert open_issue(issue_copy).validate() == problems


def test_a_planted_link_is_replaced_not_written_through(cache, issue_copy, tmp_path):
    open_issue(issue_copy).layout([1])
    entry = _entry(cache)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    entry.unlink()
    entry.symlink_to(victim)
    open_issue(issue_copy).layout([1])
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not entry.is_symlink() and entry.is_file()


def test_an_unwritable_cache_folder_changes_nothing_and_says_nothing(tmp_path, monkeypatch, issue_copy, typesetting,
                                                                      capfd):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("HERALD_CACHE_DIR", str(blocker))
    first = open_issue(issue_copy)
    laid = first.layout()
    assert first.validate() == []
    assert open_issue(issue_copy).layout() == laid
    assert typesetting["layout"] >= 2
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_a_read_only_cache_folder(tmp_path, monkeypatch, issue_copy, capfd):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv("HERALD_CACHE_DIR", str(folder))
    try:
        assert open_issue(issue_copy).layout([1]).page(1) is not None
    finally:
        folder.chmod(0o700)
    assert capfd.readouterr() == ("", "")


def test_no_cache_when_the_variable_is_empty(tmp_path, monkeypatch, issue_copy, typesetting):
    from viewer.issue.cache import cache_folder

    monkeypatch.setenv("HERALD_CACHE_DIR", "")
    assert cache_folder() is None
    open_issue(issue_copy).layout([1])
    assert laid_out_again(issue_copy, typesetting, [1])


def test_the_default_folder_is_the_users_cache_folder(monkeypatch):
    from platformdirs import user_cache_dir

    from viewer.issue.cache import cache_folder

    monkeypatch.delenv("HERALD_CACHE_DIR")
    assert cache_folder() == Path(user_cache_dir("herald", appauthor=False)) / "layouts"


def test_the_cache_is_bounded(cache, tmp_path, monkeypatch):
    from viewer.issue import cache as cache_module

    monkeypatch.setattr(cache_module, "LIMIT_BYTES", 1)
    issues = [Path(shutil.copytree(BUNDLED, tmp_path / f"issue{i}")) for i in range(3)]
    for issue in issues:
        open_issue(issue).layout([1])
    assert len([d for d in cache.iterdir() if d.is_dir()]) == 1  # only the last opened stays


# ------------------------------------------------------------ the same pages


def test_rendered_pages_are_the_same_pixels_with_and_without_the_cache(cache, issue_copy, typesetting):
    from viewer.render.paint import render_image

    first = open_issue(issue_copy)
    for n in (1, 3, 16):
        first.layout([m for g in first.groups() if n in g for m in g])  # stored
    typesetting["layout"] = 0
    again = open_issue(issue_copy)
    for n in (1, 3, 16):
        group = [m for g in again.groups() if n in g for m in g]
        cached = again.layout(group).page(n)
        direct = first.lay_out(group).page(n)
        a, b = render_image(cached, 60), render_image(direct, 60)
        assert (a.width(), a.height()) == (b.width(), b.height())
        assert a == b, f"page {n} differs"
    assert typesetting["layout"] == 3  # the direct ones only


def test_render_command_output_is_the_same_warm(cache, issue_copy, tmp_path, cli):
    outs = []
    for i in range(2):
        out = tmp_path / f"p{i}.png"
        code, _, err = cli("render", issue_copy, "--page", "3", "--dpi", "40", "-o", out)
        assert code == 0, err
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


# ------------------------------------------------------------ a library's package


def test_a_package_page_is_read_from_the_cache(cache, tmp_path, monkeypatch):
    import viewer.layout.scanned as scanned

    package = Path(shutil.copytree(STATESMAN, tmp_path / "statesman"))
    calls = []
    real = scanned.layout_scanned_page
    monkeypatch.setattr(scanned, "layout_scanned_page", lambda issue, sp: calls.append(sp.number) or real(issue, sp))
    first = open_issue(package)
    fresh = first.layout()
    assert calls
    calls.clear()
    again = open_issue(package)
    assert again.layout() == fresh and not calls
    assert again.layout([1]) == first.lay_out([1])
    # a page's ALTO file changed: its group is laid out again, no other
    alto = package / "0002647_18240217_0003.xml"
    alto.write_bytes(alto.read_bytes().replace(b"CONTENT=\"", b"CONTENT=\"x", 1))
    calls.clear()
    third = open_issue(package)
    changed = third.layout()
    group = next(g for g in third.groups() if 3 in g)
    assert sorted(calls) == sorted(group)
    assert changed != fresh


# ------------------------------------------------------------ an e-paper site's pages


def test_an_epaper_page_is_read_from_the_cache(cache, tmp_path, monkeypatch):
    """A saved site's pages (drawn from the publisher's PDFs, their text an
    invisible layer) come back from the cache equal, without reading the
    PDFs' text again; a changed page PDF or article file lays out again."""
    import viewer.layout.epaper as epaper

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    from make_epaper_site import make_site

    site = make_site(tmp_path / "gxdb", dates=2, pages=[1, 2, 3])
    calls = []
    real = epaper.pdf_text_lines
    monkeypatch.setattr(epaper, "pdf_text_lines", lambda page: calls.append(page.number) or real(page))
    first = open_issue(site)
    fresh = first.layout()
    assert sorted(calls) == [1, 2, 3] and fresh.page(1).images[0].kind == "pdf"
    assert any(ln.kind == "pdf" for ln in fresh.page(1).lines) and fresh.articles
    calls.clear()
    again = open_issue(site)
    assert again.layout() == fresh and not calls
    # the other date of the same site folder is an issue of its own, not this one's entries
    older = site / "html" / "2025-12" / "28"
    other = open_issue(older)
    assert other.cache_opened != again.cache_opened
    other.layout()
    assert calls
    # a page PDF written anew: the groups that draw it are laid out again
    calls.clear()
    pdf = again.issue.page(2).pdf
    data = pdf.read_bytes()
    pdf.write_bytes(data.replace(b"/Producer", b"/Producer ", 1) if b"/Producer" in data else data + b"\n%")
    third = open_issue(site)
    third.layout()
    group = next(g for g in third.groups() if 2 in g)
    assert sorted(calls) == sorted(group)
    # an article file's text changed: every page is laid out again (its text may stand on any preview's zone)
    calls.clear()
    art = site / third.issue.articles[0].file
    art.write_bytes(art.read_bytes().replace("。".encode("gbk"), "！".encode("gbk"), 1))
    fourth = open_issue(site)
    assert fourth.issue.articles[0] != third.issue.articles[0]
    fourth.layout()
    assert sorted(calls) == [1, 2, 3]


# ------------------------------------------------------------ the files' digests kept between runs


def test_a_file_written_again_with_its_time_set_back_is_seen(cache, issue_copy, typesetting, monkeypatch):
    import time

    from viewer.issue import cache as cache_module

    monkeypatch.setattr(cache_module, "RACY_S", 0.0)  # every digest kept at once
    open_issue(issue_copy).layout([1])
    assert (cache / "digests.json").is_file()
    time.sleep(0.05)
    text = sorted((issue_copy / "text").iterdir())[0]
    st = text.stat()
    data = bytearray(text.read_bytes())
    data[-1] = ord(" ") if data[-1] != ord(" ") else ord("\n")  # the last byte: one character more in the text
    text.write_bytes(bytes(data))
    os.utime(text, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same modification time
    assert text.stat().st_size == st.st_size and text.stat().st_mtime_ns == st.st_mtime_ns
    cache_module._digests.clear()
    cache_module._memo["loaded"] = False  # as a new run: the digests from the cache folder
    assert laid_out_again(issue_copy, typesetting)


@pytest.mark.parametrize("how", ["garbage", "wrong hash", "planted values"])
def test_damaged_kept_digests_are_ignored(cache, issue_copy, typesetting, monkeypatch, how):
    from viewer.issue import cache as cache_module

    monkeypatch.setattr(cache_module, "RACY_S", 0.0)
    fresh = open_issue(issue_copy).layout([1])
    memo = cache / "digests.json"
    if how == "planted values":
        import hashlib

        head, body = memo.read_bytes().split(b"\n", 1)
        header = json.loads(head)
        value = {k: [v[0], v[1], v[2], v[3], "0" * 64] if k.startswith(str(issue_copy)) else ["x"]
                 for k, v in json.loads(body).items()}
        body = json.dumps(value).encode()
        header.update(size=len(body), sha256=hashlib.sha256(body).hexdigest())
        memo.write_bytes(json.dumps(header).encode() + b"\n" + body)
    else:
        _damage(memo, how)
    cache_module._digests.clear()
    cache_module._memo["loaded"] = False
    again = open_issue(issue_copy).layout([1])
    assert again == fresh
    # planted digests that match the files' times make another key: laid out again, never a wrong page
    assert typesetting["layout"] == (2 if how == "planted values" else 1)


def test_the_cache_touches_nothing_of_others_in_its_folder(tmp_path, monkeypatch, issue_copy):
    from viewer.issue import cache as cache_module

    folder = tmp_path / "shared"
    other = folder / "layouts" / "someone-elses"
    other.mkdir(parents=True)
    (other / "data.bin").write_bytes(b"x" * 1000)
    monkeypatch.setenv("HERALD_CACHE_DIR", str(folder))
    monkeypatch.setattr(cache_module, "LIMIT_BYTES", 1)
    for i in range(2):
        open_issue(Path(shutil.copytree(BUNDLED, tmp_path / f"i{i}"))).layout([1])
    assert (other / "data.bin").read_bytes() == b"x" * 1000


# ------------------------------------------------------------ the picture of the page a window opens at


def _window_at(qtbot, path, page=1):
    from conftest import open_window

    win = open_window(qtbot, path=path, page=page, size=(1200, 900))

    def shown():
        win.view.finish_rendering()
        assert _shown(win, page) is not None

    qtbot.waitUntil(shown, timeout=20000)
    return win


def _shown(win, n):
    scale = win.view._zoom * win.view.devicePixelRatioF()
    return win.view.cache.get(win.view._key(n, scale))


def test_the_page_a_window_opens_at_is_shown_again_from_its_kept_picture(cache, issue_copy, qtbot, ui_settings,
                                                                        monkeypatch):
    """The picture of the page a window opened at is kept once drawn; the
    next window on the same issue at the same size shows it without drawing
    (the same pixels); a changed file of the issue draws the page again, and
    a planted or damaged picture is never shown."""
    import viewer.render.paint as paint

    first = _window_at(qtbot, issue_copy, page=3)
    drawn = _shown(first, 3).copy()
    first.view._write_picture()  # what the window does when idle, or at the latest when the program ends
    kept = [p for p in cache.glob("*/picture-3.bin")]
    assert len(kept) == 1 and not list(cache.glob("*/picture-1.bin"))
    calls = []
    real = paint.render_image
    monkeypatch.setattr(paint, "render_image", lambda page, *a, **k: calls.append(page.number) or real(page, *a, **k))
    second = _window_at(qtbot, issue_copy, page=3)
    assert 3 not in calls
    again = _shown(second, 3)
    assert again.size() == drawn.size() and again.convertToFormat(drawn.format()) == drawn
    # the picture damaged, then one of another size planted with a matching header: drawn again, and equal
    body = kept[0].read_bytes()
    head, png = body.split(b"\n", 1)
    kept[0].write_bytes(head + b"\n" + png[:-20] + b"\0" * 20)
    calls.clear()
    third = _window_at(qtbot, issue_copy, page=3)
    assert 3 in calls and _shown(third, 3) == _shown(second, 3)
    third.view._write_picture()  # the picture drawn again is kept before another is planted
    import hashlib
    import json as _json

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    small = QImage(10, 10, QImage.Format.Format_RGB32)
    small.fill(0)
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    small.save(buf, "PNG")
    planted = bytes(buf.data())
    header = _json.loads(head)
    header.update(size=len(planted), sha256=hashlib.sha256(planted).hexdigest())
    kept[0].write_bytes(_json.dumps(header).encode() + b"\n" + planted)
    calls.clear()
    fourth = _window_at(qtbot, issue_copy, page=3)
    assert 3 in calls and _shown(fourth, 3) == _shown(second, 3)
    # a text of page 3 changed: its picture is not shown, the page is drawn anew
    fourth.view._write_picture()
    text = next((issue_copy / "text").glob("p03*"))
    text.write_text(text.read_text(encoding="utf-8").replace("。", "，", 1), encoding="utf-8")
    calls.clear()
    fifth = _window_at(qtbot, issue_copy, page=3)
    assert 3 in calls


def test_a_scanned_page_shown_from_its_kept_picture_is_laid_out_once_it_is_on_screen(cache, tmp_path, qtbot,
                                                                                     ui_settings, monkeypatch):
    """A real library package (NDNP) opened again: its first page is shown
    from the picture kept of it before its thousands of OCR words are read
    back, and laid out right after; the article list and the page's
    description then say what the first window said. A window of another
    size draws the page, and keeps that picture in place of the other."""
    import viewer.render.paint as paint
    from conftest import open_window

    package = Path(shutil.copytree(DATA / "ndnp-mnhi-1878-01-03", tmp_path / "ndnp"))
    first = _window_at(qtbot, package, page=1)
    qtbot.waitUntil(lambda: first.articles.count() > 0, timeout=20000)
    drawn, listed = _shown(first, 1).copy(), first.articles.count()
    described = first.view.accessibleDescription()
    first.view._write_picture()
    assert len(list(cache.glob("*/picture-1.bin"))) == 1 and described
    calls = []
    real = paint.render_image
    monkeypatch.setattr(paint, "render_image", lambda page, *a, **k: calls.append(page.number) or real(page, *a, **k))

    second = open_window(qtbot, path=package, page=1, size=(1200, 900))
    # opened, not yet painted: page 1 waits for its picture to be on screen
    assert second.doc.deferred(1) and second.doc.cached_page(1) is None
    assert second.articles.count() == 0 and second.view.accessibleDescription() == ""
    qtbot.waitUntil(lambda: _shown(second, 1) is not None, timeout=20000)
    assert _shown(second, 1).convertToFormat(drawn.format()) == drawn
    qtbot.waitUntil(lambda: second.articles.count() == listed, timeout=20000)
    assert not second.doc.deferred(1) and second.doc.cached_page(1) is not None
    assert second.view.accessibleDescription() == described
    assert 1 not in calls
    # another size: the page is laid out and drawn, and that picture kept instead
    third = open_window(qtbot, path=package, page=1, size=(900, 700))
    qtbot.waitUntil(lambda: third.articles.count() == listed, timeout=20000)
    third.view.finish_rendering()
    assert 1 in calls and not third.doc.deferred(1) and _shown(third, 1).size() != drawn.size()
    assert third.view.accessibleDescription() == described
    third.view._write_picture()
    assert len(list(cache.glob("*/picture-1.bin"))) == 1


def _thumbnails(win) -> dict[int, bytes]:
    strip = win.thumbnails
    strip.start()
    while strip.pending():
        strip._render_next()
    out = {}
    for n, item in strip._by_page.items():
        img = item.icon().pixmap(strip.iconSize()).toImage()
        out[n] = bytes(img.constBits())
    return out


def test_the_thumbnails_are_kept_and_shown_again_without_drawing(cache, issue_copy, qtbot, ui_settings, monkeypatch):
    """The page strip's thumbnails are kept in the layout cache as they are
    drawn; the next window on the issue shows the same pixels without
    drawing a page; a change to the issue draws them again, and the
    window's background layout starts once the thumbnails are all there."""
    import viewer.render.paint as paint

    first = _window_at(qtbot, issue_copy, page=1)
    drawn = _thumbnails(first)
    # those not made from an image the view drew (page 1, a neighbour pre-rendered) are kept
    kept = {int(p.stem.split("-")[1]) for p in cache.glob("*/thumb-*.bin")}
    assert len(drawn) == 24 and len(kept) >= 20 and kept <= set(drawn)
    calls = []  # thumbnails drawn (the view draws at a resolution, the strip at a width)
    real = paint.render_image

    def counted(page, *a, **k):
        if k.get("width_px"):
            calls.append(page.number)
        return real(page, *a, **k)

    monkeypatch.setattr(paint, "render_image", counted)
    second = _window_at(qtbot, issue_copy, page=1)
    again = _thumbnails(second)
    assert {n: again[n] for n in kept} == {n: drawn[n] for n in kept}
    assert not set(calls) & kept
    # the background layout waited for the thumbnails and runs now
    qtbot.waitUntil(lambda: second.doc.is_complete, timeout=20000)
    # page 5's text changed: the layouts kept for the issue no longer hold, nor its thumbnails
    text = next((issue_copy / "text").glob("p05*"))
    text.write_text(text.read_text(encoding="utf-8").replace("。", "，", 1), encoding="utf-8")
    calls.clear()
    third = _window_at(qtbot, issue_copy, page=1)
    _thumbnails(third)
    assert 5 in calls and kept <= set(calls)


# ------------------------------------------------------------ an e-paper date's reading


def _site(tmp_path, dates=1, pages=(1, 2, 3)):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    from make_epaper_site import make_site

    return make_site(tmp_path / "gxdb", dates=dates, pages=list(pages))


def _as_read(issue) -> dict:
    """An EpaperIssue's values, without the site object it belongs to."""
    import dataclasses

    return {f.name: getattr(issue, f.name) for f in dataclasses.fields(issue) if f.name != "site"}


@pytest.fixture
def readings(monkeypatch):
    """The dates of e-paper sites read from their files (not from the cache)."""
    import viewer.sources.epaper.issue as reader

    calls = []
    real = reader.read_issue
    monkeypatch.setattr(reader, "read_issue", lambda site, folder, start: calls.append(folder) or
                        real(site, folder, start))
    return calls


def test_an_epaper_date_opened_again_is_not_read_again_and_is_the_same(cache, tmp_path, readings):
    """The second opening of a saved site's date takes what the reading gave
    from the cache, equal to a fresh reading, without reading a page or
    article file; a page file opened, and the site folder, are the same
    date with the same reading."""
    from viewer.sources.epaper import open_site

    site = _site(tmp_path)
    day = site / "html" / "2025-12" / "29"
    first = open_issue(day)
    assert len(readings) == 1
    again = open_issue(day)
    assert len(readings) == 1
    assert _as_read(again.issue) == _as_read(first.issue) == _as_read(open_site(day))
    assert again.layout() == first.layout()
    # the site folder opens its newest date: the same reading, from the cache too
    readings.clear()
    whole = open_issue(site)
    assert readings == [] and _as_read(whole.issue) == _as_read(first.issue)
    # a page file opened: a reading of its own (the page it starts at differs), then kept
    page3 = next(day.glob("node_3.*"))
    expected = open_site(page3).start_page
    assert expected not in (None, 1)
    readings.clear()
    assert open_issue(page3).start_page == expected and len(readings) == 1
    assert open_issue(page3).start_page == expected and len(readings) == 1


@pytest.mark.parametrize("change", ["article", "page file added", "pdf removed", "preview", "link"])
def test_a_change_to_what_an_epaper_date_was_read_from_reads_it_again(cache, tmp_path, readings, change):
    """An article file written anew, a page file added to the date folder, a
    page PDF taken away, a preview image changed, or a file put in place of
    what a link resolved to: the date is read again, and what it shows is
    the change."""
    from viewer.sources.epaper import open_site

    site = _site(tmp_path)
    day = site / "html" / "2025-12" / "29"
    first = open_issue(day)
    if change == "article":
        art = site / first.issue.articles[0].file
        art.write_bytes(art.read_bytes().replace("。".encode("gbk"), "！".encode("gbk"), 1))
    elif change == "page file added":
        # the first page file by name: the date is entered there now
        assert not list(day.glob("node_0.*"))
        shutil.copy(next(day.glob("node_3.*")), day / "node_0.htm")
    elif change == "pdf removed":
        first.issue.page(2).pdf.unlink()
    elif change == "preview":
        from PIL import Image

        preview = first.issue.page(1).preview
        with Image.open(preview) as im:
            im.resize((im.width // 2, im.height // 2)).save(preview)
    else:  # the page PDF of page 3 made a link to page 1's
        pdf3, pdf1 = first.issue.page(3).pdf, first.issue.page(1).pdf
        pdf3.unlink()
        pdf3.symlink_to(pdf1)
    readings.clear()
    again = open_issue(day)
    assert len(readings) == 1
    assert _as_read(again.issue) == _as_read(open_site(day))
    if change != "preview":  # the preview's size is read, but the page's size and zones come from the PDF here
        assert _as_read(again.issue) != _as_read(first.issue)


def test_a_damaged_or_planted_epaper_reading_is_not_trusted(cache, tmp_path, readings, monkeypatch):
    """A kept reading cut short, or one whose answers name a file outside the
    site folder (directly or through a link inside it), is read again, and
    nothing outside the site folder is looked at."""
    import json as _json

    import viewer.issue.site_reading as kept

    site = _site(tmp_path)
    day = site / "html" / "2025-12" / "29"
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"%PDF-1.4 not of the site")
    (site / "link.pdf").symlink_to(outside)
    first = open_issue(day)
    entry = next(cache.glob("*/reading.json"))
    head, body = entry.read_bytes().split(b"\n", 1)
    looked = []
    real = kept._answer
    monkeypatch.setattr(kept, "_answer", lambda what, path, *more: looked.append(path) or real(what, path, *more))

    def planted(change):
        value = _json.loads(body)
        change(value)
        data = _json.dumps(value).encode()
        header = _json.loads(head)
        header.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
        entry.write_bytes(_json.dumps(header).encode() + b"\n" + data)

    entry.write_bytes(head + b"\n" + body[:-40])  # cut short
    readings.clear()
    assert _as_read(open_issue(day).issue) == _as_read(first.issue) and len(readings) == 1
    for path in (str(outside), str(site / "link.pdf"), str(site / ".." / "secret.pdf")):
        planted(lambda v: v["noted"].append(["file", path, ""]))
        readings.clear()
        looked.clear()
        assert _as_read(open_issue(day).issue) == _as_read(first.issue) and len(readings) == 1
        assert not [p for p in looked if "secret" in p or p.endswith("link.pdf")]
    # a reading whose issue names a path outside: read again
    planted(lambda v: v["issue"]["pages"][0].__setitem__(4, "../../secret.pdf"))
    readings.clear()
    again = open_issue(day)
    assert len(readings) == 1 and again.issue.page(1).pdf == first.issue.page(1).pdf
