"""Packages from elsewhere cannot make Herald read anything but their own
files: XML entities (external ones, parameter ones, billion laughs) are
refused, every path a METS or ALTO names must stay inside the package after
links are followed, and FIFOs are never opened for reading."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.model.problems import IssueLoadError
from viewer.sources.alto import read_alto
from viewer.sources.package import open_package
from viewer.sources.xmlsafe import root_name

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "fixtures"
UNSAFE = FIXTURES / "unsafe"
SECRET = "HERALD-SECRET-4f1c9e"
REFUSED = ("the XML declares entities in a DTD; it is refused, because an entity can read other files or expand "
           "without bound")


def everything(issue) -> str:
    """Every value and message of an opened issue, as text (every page and
    article read)."""
    issue.load_all()
    return repr(issue) + "".join(repr(p) for p in issue.pages) + "".join(repr(a) for a in issue.articles)


def test_the_secret_is_there_to_be_leaked():
    """The file the entities name really holds the marker: the tests below
    would show it if anything read it."""
    assert SECRET in (UNSAFE / "secret.txt").read_text()


@pytest.mark.parametrize("name,line", [("xxe-alto.xml", 3), ("xxe-parameter.xml", 3), ("billion-laughs.xml", 3)])
def test_entity_declarations_are_refused_in_one_line(name, line):
    with pytest.raises(IssueLoadError) as exc:
        open_package(UNSAFE / name)
    assert [str(p) for p in exc.value.problems] == [f"{name}: line {line}: {REFUSED}"]
    assert "\n" not in str(exc.value)
    assert SECRET not in str(exc.value)


def test_entity_in_a_mets_is_refused():
    with pytest.raises(IssueLoadError) as exc:
        open_package(UNSAFE / "xxe-mets")
    assert [str(p) for p in exc.value.problems] == [f"mets.xml: line 3: {REFUSED}"]


def test_a_package_page_with_an_entity_is_left_out_and_nothing_leaks(tmp_path):
    """A good page 1 and a page 2 whose ALTO names the secret through an
    entity: page 1 opens; the secret is in no value and no message."""
    pkg = tmp_path / "pkg"
    shutil.copytree(FIXTURES / "bad" / "missing-alto", pkg)
    shutil.copy(pkg / "ALTO" / "0002.xml", pkg / "ALTO" / "0001.xml")
    shutil.copy(UNSAFE / "secret.txt", tmp_path / "secret.txt")  # where the entity points: ../../secret.txt
    xxe = (UNSAFE / "xxe-alto.xml").read_text().replace('SYSTEM "secret.txt"', 'SYSTEM "../../secret.txt"')
    (pkg / "ALTO" / "0002.xml").write_text(xxe)
    issue = open_package(pkg)
    assert [p.number for p in issue.pages] == [1]
    assert f"ALTO/0002.xml: line 3: {REFUSED}" in [str(p) for p in issue.errors]
    assert SECRET not in everything(issue)
    assert not any(SECRET in str(p) for p in issue.problems)


def test_the_parser_below_the_refusal_expands_nothing():
    """The second lock: lxml as configured, given the documents with their
    own location (so "secret.txt" would be found), neither reads the file
    nor expands the laughs."""
    from lxml import etree

    from viewer.sources.xmlsafe import _parser

    for name in ("xxe-alto.xml", "xxe-parameter.xml", "billion-laughs.xml"):
        data = (UNSAFE / name).read_bytes()
        try:
            root = etree.fromstring(data, _parser(), base_url=str(UNSAFE / name))
        except etree.XMLSyntaxError as exc:
            assert SECRET not in str(exc)
            continue
        text = etree.tostring(root, encoding="unicode")
        assert SECRET not in text and "lollollol" not in text


def test_sniffing_an_entity_document_reads_no_entity():
    assert root_name((UNSAFE / "xxe-alto.xml").read_bytes()) == "alto"
    assert root_name((UNSAFE / "billion-laughs.xml").read_bytes()) == "alto"
    assert root_name(b"not xml at all") is None


# ---------------------------------------------------------------- paths


def test_every_path_escape_is_refused_with_its_place():
    issue = open_package(FIXTURES / "bad" / "escapes")
    assert [p.number for p in issue.pages] == [1]
    assert [str(p) for p in issue.errors] == [
        "mets.xml: line 15: the scan of page 1: '../../unsafe/secret.txt' leads outside the package folder; "
        "it is not read",
        "mets.xml: line 8: the OCR file of page 2: '../../unsafe/secret.txt' leads outside the package folder; "
        "it is not read",
        "mets.xml: line 9: the OCR file of page 3: 'file:///etc/passwd' is an absolute path; only files inside "
        "the package folder are read",
        "mets.xml: line 10: the OCR file of page 4: '/etc/hostname' is an absolute path; only files inside the "
        "package folder are read",
        "mets.xml: line 11: the OCR file of page 5: 'http://example.org/0005.xml' is a web address; nothing is "
        "downloaded",
        "mets.xml: line 12: the OCR file of page 6: 'file://./ALTO/../../../unsafe/secret.txt' leads outside the "
        "package folder; it is not read",
    ]
    assert issue.pages[0].scan is None
    assert SECRET not in everything(issue)


def _package_with(tmp_path: Path, name: str) -> Path:
    pkg = tmp_path / "pkg"
    shutil.copytree(FIXTURES / "bad" / "missing-alto", pkg)
    shutil.copy(pkg / "ALTO" / "0002.xml", pkg / "ALTO" / "0001.xml")
    return pkg / "ALTO" / name


def test_a_link_leading_out_of_the_package_is_refused(tmp_path):
    outside = tmp_path / "outside.xml"
    outside.write_text((FIXTURES / "bad" / "missing-alto" / "ALTO" / "0002.xml").read_text()
                       .replace('CONTENT="Tiny"', f'CONTENT="{SECRET}"'))
    link = _package_with(tmp_path, "0003.xml")
    link.symlink_to(outside)
    (link.parent / "0002.xml").unlink()
    (link.parent / "0002.xml").symlink_to("0001.xml")  # a link that stays inside is fine
    issue = open_package(link.parent.parent)
    assert [p.number for p in issue.pages] == [1, 2]
    assert [str(p) for p in issue.errors] == [
        "mets.xml: line 8: the OCR file of page 3: 'ALTO/0003.xml' leads outside the package folder; it is not read"]
    assert SECRET not in everything(issue)


def test_a_loop_of_links_is_said_to_be_a_loop(tmp_path):
    link = _package_with(tmp_path, "0003.xml")
    link.symlink_to("0004.xml")
    (link.parent / "0004.xml").symlink_to("0003.xml")
    (link.parent / "0002.xml").unlink()
    (link.parent / "0002.xml").symlink_to("loop/0002.xml")  # a folder on the way that is a link to itself
    (link.parent / "loop").symlink_to("loop")
    issue = open_package(link.parent.parent)
    assert [p.number for p in issue.pages] == [1]
    assert [str(p) for p in issue.errors] == [
        "mets.xml: line 7: the OCR file of page 2: 'ALTO/0002.xml' is a loop of symbolic links; it is not read",
        "mets.xml: line 8: the OCR file of page 3: 'ALTO/0003.xml' is a loop of symbolic links; it is not read"]


def test_a_link_to_a_device_is_refused(tmp_path):
    link = _package_with(tmp_path, "0003.xml")
    link.symlink_to("/dev/zero")
    issue = open_package(link.parent.parent)
    assert [str(p) for p in issue.errors] == [
        "mets.xml: line 8: the OCR file of page 3: 'ALTO/0003.xml' leads outside the package folder; it is not read"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_waiting(tmp_path):
    """Opening a FIFO for reading would wait for a writer forever: the
    package opens in a child process that must finish within seconds."""
    fifo = _package_with(tmp_path, "0003.xml")
    os.mkfifo(fifo)
    code = ("from viewer.sources.package import open_package\n"
            f"issue = open_package({str(fifo.parent.parent)!r})\n"
            "print([p.number for p in issue.pages]); print([str(p) for p in issue.errors])")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "[1, 2]",
        "[\"mets.xml: line 8: the OCR file of page 3: 'ALTO/0003.xml' is not a regular file; it is not read\"]"]


def test_a_fifo_given_as_the_package_is_refused(tmp_path):
    fifo = tmp_path / "page.xml"
    os.mkfifo(fifo)
    with pytest.raises(IssueLoadError) as exc:
        open_package(fifo)
    assert [p.message for p in exc.value.problems] == ["'page.xml' is not a regular file; it is not read"]


# ---------------------------------------------------------------- encodings


def test_latin1_declared_utf8_content_is_read_as_utf8():
    """Files of the BnF declare ISO-8859-1 and are written in UTF-8."""
    xml = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<alto xmlns="http://bibnum.bnf.fr/ns/alto_prod">'
           '<Description><MeasurementUnit>pixel</MeasurementUnit></Description><Layout><Page WIDTH="10" HEIGHT="10">'
           '<PrintSpace><TextBlock><TextLine><String CONTENT="RÉSISTANCE" HPOS="1" VPOS="1" WIDTH="1" HEIGHT="1"/>'
           '</TextLine></TextBlock></PrintSpace></Page></Layout></alto>')
    for data in (xml.encode("utf-8"), xml.encode("latin-1")):
        page = read_alto(data, "bnf.xml")
        assert page.blocks[0].lines[0].words[0].text == "RÉSISTANCE"


# ---------------------------------------------------------------- references


@pytest.mark.parametrize("href,rel", [
    ("file://./ALTO/00001.xml", "ALTO/00001.xml"),
    ("file:ALTO/00001.xml", "ALTO/00001.xml"),
    ("file://ALTO/00001.xml", "ALTO/00001.xml"),
    ("./0011.xml", "0011.xml"),
    ("ALTO\\00001.xml", "ALTO/00001.xml"),
    ("file://./images/page%20one.jp2", "images/page one.jp2"),
])
def test_relative_references(href, rel):
    from viewer.sources.files import href_to_relative

    assert href_to_relative(href) == rel


@pytest.mark.parametrize("href,reason", [
    ("file:///etc/passwd", "is an absolute path"),
    ("file://localhost/etc/passwd", "is an absolute path"),
    ("/etc/passwd", "is an absolute path"),
    ("C:\\scans\\0001.tif", "is an absolute path"),
    ("\\\\server\\share\\0001.tif", "is an absolute path"),
    ("https://example.org/0001.xml", "is a web address"),
    ("", "the reference is empty"),
])
def test_references_that_are_not_relative_are_refused(href, reason):
    from viewer.sources.files import Refused, href_to_relative

    with pytest.raises(Refused) as exc:
        href_to_relative(href)
    assert reason in str(exc.value)
