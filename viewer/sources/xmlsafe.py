"""XML from other people's packages, parsed without letting the file reach
anything else: no DTD is loaded, no entity is expanded, nothing is fetched
from the network, and a document that declares entities is refused outright
(an entity can name a file on this computer, XXE, or expand a few bytes
into gigabytes, "billion laughs"). Malformed XML becomes a Problem with the
file, line and column, and libxml2's reason, told by its error's code
(``libxml2_reason``).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator

from lxml import etree

from ..messages import Foreign, Msg
from ..model.problems import Problem

_ENTITY_DECL = re.compile(rb"<!ENTITY\b")
_DOCTYPE = re.compile(rb"<!DOCTYPE\b")
# files of the BnF declare ISO-8859-1 and are written in UTF-8: when the bytes
# are valid UTF-8 (Latin-1 text with accents almost never is), they are read as such
_LATIN1_DECLARED = re.compile(rb"""\s*<\?xml[^>]*encoding\s*=\s*["'](?:iso-?8859-1|latin-?1)["']""", re.I)
_DOCTYPE_NAME = re.compile(rb"<!DOCTYPE\s+([A-Za-z_][\w.:-]*)")
# documents whose bytes the scan for entity declarations cannot read as they are: UTF-32
# and UTF-16, told by their byte order mark or by how the first '<' is written (XML 1.0,
# appendix F), with the size of a character
_WIDE = ((codecs.BOM_UTF32_LE, "utf-32-le", 4), (codecs.BOM_UTF32_BE, "utf-32-be", 4),
         (codecs.BOM_UTF16_LE, "utf-16-le", 2), (codecs.BOM_UTF16_BE, "utf-16-be", 2),
         (b"<\0\0\0", "utf-32-le", 4), (b"\0\0\0<", "utf-32-be", 4), (b"<\0?\0", "utf-16-le", 2),
         (b"\0<\0?", "utf-16-be", 2))


class XmlRefused(Exception):
    """The document cannot be used; ``problem`` says where and why."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


class _NoResolver(etree.Resolver):
    """Answers every request for an outside resource (DTD, entity) with
    nothing. With DTD loading and entity resolution off, libxml2 asks for
    none; this is the second lock on the door."""

    def resolve(self, system_url, public_id, context):
        return self.resolve_string("", context)


def _parser(**extra) -> etree.XMLParser:
    # collect_ids=False: libxml2 need not hash every ID (each ALTO word has one); a tenth of the parse
    p = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                        collect_ids=False, **extra)
    p.resolvers.add(_NoResolver())
    return p


def _entity_line(data: bytes) -> int | None:
    """The line of the first entity declaration, or None when the document
    declares none. Declarations stand in a DOCTYPE; outside one, the text
    "<!ENTITY" cannot occur unescaped except in a comment or CDATA section,
    which is refused too rather than told apart. A document in UTF-16 or
    UTF-32 is read as text first."""
    data = _scannable(data)
    doctype = _DOCTYPE.search(data)
    if doctype is None:
        return None
    m = _ENTITY_DECL.search(data, doctype.end())
    return None if m is None else data.count(b"\n", 0, m.start()) + 1


def _scannable(data: bytes) -> bytes:
    """``data`` in bytes the scan for entity declarations reads: a document
    in UTF-16 or UTF-32 written again in UTF-8 (its beginning, when ``data``
    is that: a character cut at the end is left out)."""
    for head, codec, size in _WIDE:
        if data.startswith(head):
            return data[:len(data) - len(data) % size].decode(codec, errors="replace").encode("utf-8")
    return data


def refused_entities(file: str, line: int | None) -> Problem:
    return Problem(file, Msg("line {line}", line=line) if line else "",
                   Msg("the XML declares entities in a DTD; it is refused, because an entity can read other "
                       "files or expand without bound"))


def parse_bytes(data: bytes, file: str) -> etree._Element:
    """The root element of ``data``; ``file`` names it in problems.

    Raises XmlRefused for a document that declares entities or is not
    well-formed."""
    line = _entity_line(data)
    if line is not None:
        raise XmlRefused(refused_entities(file, line))
    encoding = "utf-8" if _LATIN1_DECLARED.match(data) and _is_utf8(data) else None
    try:
        root = etree.fromstring(data, _parser(encoding=encoding) if encoding else _parser())
    except etree.XMLSyntaxError as exc:
        raise XmlRefused(syntax_problem(file, exc)) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        # declared in an encoding the byte scan above cannot read (UTF-16)
        raise XmlRefused(refused_entities(file, None))
    return root


def parse_head(source, file: str, enough: Callable[[str, etree._Element], bool],
               chunk: int = 16 * 1024) -> etree._Element:
    """The root element of the tree of a document's beginning: ``source``, a
    binary file, is read a chunk at a time and parsed until ``enough(event,
    element)`` is true of a "start" or "end" event (a start event's element
    has its attributes, not yet its content), else to its end.

    Refused as by parse_bytes: entity declarations (they stand before the
    root element, so in the bytes read), malformed XML in the part read. What
    comes after the point that was enough is not looked at."""
    first = source.read(chunk)
    if not first:
        return parse_bytes(first, file)  # says that the document is empty, as it says for a whole one
    encoding = None
    if _LATIN1_DECLARED.match(first):
        # which encoding the text is in is told by the whole document, as in parse_bytes
        data = first + source.read()
        encoding = "utf-8" if _is_utf8(data) else None
        chunks: Iterator[bytes] = (data[i:i + chunk] for i in range(0, len(data), chunk))
    else:
        chunks = _chunks(first, source, chunk)
    parser = etree.XMLPullParser(events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, collect_ids=False, encoding=encoding)
    parser.resolvers.add(_NoResolver())
    prolog = b""  # the bytes before the root element's start tag, where a DTD stands
    root = None

    def done() -> bool:
        nonlocal root
        for event, el in parser.read_events():
            if root is None:
                root = el
            if enough(event, el):
                return True
        return False

    try:
        for data in chunks:
            if root is None:
                prolog += data
                line = _entity_line(prolog)
                if line is not None:
                    raise XmlRefused(refused_entities(file, line))
            parser.feed(data)
            if done():
                break
        else:
            parser.close()
            done()
    except etree.XMLSyntaxError as exc:
        if not done():
            raise XmlRefused(syntax_problem(file, exc)) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise XmlRefused(refused_entities(file, None))
    return root


def _chunks(first: bytes, source, chunk: int) -> Iterator[bytes]:
    data = first
    while data:
        yield data
        data = source.read(chunk)


def _is_utf8(data: bytes) -> bool:
    """True when ``data`` has non-ASCII bytes and all of them are UTF-8."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def syntax_problem(file: str, exc: etree.XMLSyntaxError) -> Problem:
    line, col = exc.position if exc.position else (exc.lineno, 0)
    msg = (exc.msg or str(exc)).strip()
    # lxml appends "(<string>, line N)" or ", line N, column C": the place is given apart
    msg = re.sub(r",? line \d+, column \d+.*$", "", msg)
    msg = re.sub(r"\s*\(<string>, line \d+\)$", "", msg)
    name = error_name(exc.code)
    if name == "ERR_ENTITY_LOOP":
        # entities that name each other, in a document whose declarations the scan could not read
        return refused_entities(file, line)
    return Problem(file, Msg("line {line}, column {column}", line=line, column=col),
                   Msg("malformed XML: {detail}", detail=libxml2_reason(name, msg)))


_ERROR_NAMES: dict[int, str] = {}


def error_name(code: int) -> str:
    """libxml2's name of an error code (lxml's ``ErrorTypes``): 76 ->
    ERR_TAG_NAME_MISMATCH; the number itself for one lxml does not name."""
    if not _ERROR_NAMES:
        for name in dir(etree.ErrorTypes):
            value = getattr(etree.ErrorTypes, name)
            if name.isupper() and isinstance(value, int):
                _ERROR_NAMES.setdefault(value, name)
    return _ERROR_NAMES.get(code, str(code))


# the values libxml2 writes into the reasons of a few errors, which their Chinese
# forms name: taken out of its text for that error's code (the code says what the
# error is; its wording is never what is recognised)
_VALUES = {
    "ERR_TAG_NAME_MISMATCH": re.compile(r".*: (?P<opening>\S+) line (?P<line>\d+) and (?P<ending>\S+)"),
    "ERR_TAG_NOT_FINISHED": re.compile(r".* in tag (?P<tag>\S+) line (?P<line>\d+)"),
    "ERR_ATTRIBUTE_REDEFINED": re.compile(r"\S+ (?P<name>\S+) redefined"),
    "ERR_UNDECLARED_ENTITY": re.compile(r"\S+ '(?P<name>[^']+)' not defined"),
    "NS_ERR_UNDEFINED_NAMESPACE": re.compile(r".* (?P<prefix>\S+) on (?P<element>\S+) is not defined"),
}


def libxml2_reason(name: str, text: str) -> Foreign:
    """What libxml2 says of an error: its words as it wrote them, translated
    by the error's name (``error_name``; an ``error_log`` entry's
    ``type_name``), with the values those words carry. When the values of a
    reason whose Chinese form names them cannot be taken out of its text (a
    libxml2 that words it otherwise), it is told in libxml2's words."""
    pattern = _VALUES.get(name)
    if pattern is None:
        return Foreign("libxml2", name, text)
    m = pattern.fullmatch(text)
    if m is None:
        return Foreign("libxml2", f"{name} (worded otherwise)", text)
    return Foreign("libxml2", name, text, **{k: int(v) if k == "line" else v for k, v in m.groupdict().items()})


def root_name(source, limit: int = 64 * 1024, chunk: int = 4096) -> str | None:
    """The local name of the root element of an XML document, or None when
    it is not XML. ``source`` is the document's first bytes or a binary file,
    read a few kilobytes at a time until the root's start tag, at most
    ``limit`` bytes. Nothing is resolved or expanded."""
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False)
    parser.resolvers.add(_NoResolver())
    head = b""
    while len(head) < limit:
        data = source[len(head):len(head) + chunk] if isinstance(source, bytes) else source.read(chunk)
        if not data:
            break
        head += data
        try:
            parser.feed(data)
        except etree.XMLSyntaxError:
            # a document broken after its root's start tag is still that kind of file (and its
            # error is told when it is read); a root start tag that uses a refused entity fails,
            # but the DOCTYPE names the root too
            for _event, el in parser.read_events():
                return local_name(el.tag)
            m = _DOCTYPE_NAME.search(head)
            return m.group(1).decode("ascii").rpartition(":")[2] if m else None
        for _event, el in parser.read_events():
            return local_name(el.tag)
    return None


def local_name(tag) -> str:
    """``{namespace}Name`` -> ``Name``; comments and processing instructions -> ''."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def shown(raw: str) -> str:
    """An attribute's value as a problem quotes it: at most 24 characters."""
    return raw if len(raw) <= 24 else raw[:23] + "…"
