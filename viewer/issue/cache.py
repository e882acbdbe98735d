"""The layout cache: what laying out an issue made, kept in the user's cache
folder, so that opening the same issue again sets no type.

Every kind of issue goes through one hook, ``Issue.layout`` (base.py),
which calls ``cached_layout`` here: each page group's layout is read from
the cache when an entry for it holds, else laid out by the kind
(``Issue.lay_out``) and stored. ``remembered`` keeps other results the same
way (validate's problems, the facts of an issue of descriptors).

Where: ``HERALD_CACHE_DIR`` when set (empty: no cache at all), else the
user's cache folder (platformdirs' ``user_cache_dir("herald")``); in it
``layouts/``, one folder per issue (its kind and resolved folder), one file
per entry.

What an entry is valid for, its key: a SHA-256 of the format, the
program's version and a stamp of its code (each module's size and time),
the content of every bundled font file, the issue's kind and folder, and
what the kind says the result depends on (``Issue.cache_key``: for our
descriptors the content of every file in the issue folder; for a package
its METS file and the ALTO files and scans of the pages). A changed file,
font or program gives another key, and the entry is made again.

An entry is one line of JSON (the format, the key, the entry's name, the
length and SHA-256 of what follows), then the value as JSON. It is read
only when all of that matches; the value is then checked as it is decoded
(viewer/layout/codec.py). Anything else (a damaged, cut short, foreign or
planted file) is ignored and written anew. Entries are written whole or
not at all (viewer/atomic.py). A cache folder that cannot be written is
given up for the rest of the run, without a word: the program works as
without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import threading
import time
from pathlib import Path

ENV_DIR = "HERALD_CACHE_DIR"
STORE_FORMAT = 1
SUBFOLDER = "layouts"
LIMIT_BYTES = 512 * 2**20  # beyond this the issues least recently opened are dropped
MAX_ENTRY_BYTES = 512 * 2**20  # a larger file is not read
# an issue folder larger than this is not keyed (hashing it would cost more than it saves)
MAX_TREE_FILES = 20000
MAX_TREE_BYTES = 2 * 2**30
RACY_S = 2.0  # a file changed this recently may change again unseen by its time: hashed anew

_lock = threading.Lock()
_broken: set[str] = set()  # cache folders found unwritable in this run: given up


def cache_folder() -> Path | None:
    """The cache's folder, or None when there is to be no cache."""
    given = os.environ.get(ENV_DIR)
    if given is not None:
        return Path(given) / SUBFOLDER if given.strip() else None
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("herald", appauthor=False)) / SUBFOLDER
    except Exception:  # noqa: BLE001 (no home folder, an odd system: no cache)
        return None


# ------------------------------------------------------------ hashing files

# path -> (size, mtime_ns, ctime_ns, inode, digest), for files that had not
# changed for RACY_S when hashed: a file whose size, times and inode are the
# same is not read again. Kept in the cache folder between runs (the entry
# "digests"), as git's index keeps the files' times: a file written again
# gets a new change time (ctime), which no program sets back.
_digests: dict[str, tuple[int, int, int, int, str]] = {}
_memo = {"loaded": False, "dirty": False}
MEMO_NAME = "digests"
MEMO_KEY = "file digests, by path, size, times and inode"
MAX_MEMO = 50000


def _memo_store() -> "IssueStore | None":
    folder = cache_folder()
    if folder is None or str(folder) in _broken:
        return None
    return IssueStore(folder, "")


def _memo_load() -> None:
    """The digests kept by earlier runs, once per run."""
    if _memo["loaded"]:
        return
    _memo["loaded"] = True
    store = _memo_store()
    value = store.read(MEMO_NAME, MEMO_KEY) if store is not None else None
    if type(value) is not dict:
        return
    for path, known in value.items():
        if (type(known) is list and len(known) == 5 and all(type(v) is int for v in known[:4])
                and type(known[4]) is str and len(known[4]) == 64 and path not in _digests):
            _digests[path] = tuple(known)


def _memo_save() -> None:
    """Keep the digests made in this run for the next ones."""
    if not _memo["dirty"]:
        return
    _memo["dirty"] = False
    store = _memo_store()
    if store is None:
        return
    if len(_digests) > MAX_MEMO:
        _digests.clear()
    store.write(MEMO_NAME, MEMO_KEY, {path: list(v) for path, v in _digests.items()})


def file_digest(path: str | os.PathLike, st: os.stat_result | None = None) -> str:
    """The SHA-256 of a file's content ("" for one that cannot be read)."""
    _memo_load()
    path = os.fspath(path)
    try:
        st = st or os.stat(path)
    except OSError:
        return ""
    sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    known = _digests.get(path)
    if known is not None and known[:4] == sig:
        return known[4]
    try:
        with open(path, "rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return ""
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_S * 1e9:
        _digests[path] = (*sig, digest)
        _memo["dirty"] = True
    elif known is not None:
        del _digests[path]
    return digest


def tree_digest(root: Path) -> str | None:
    """A digest of every file under ``root`` (names, link targets and
    contents), or None when the folder is too large to be worth it or
    cannot be listed."""
    h = hashlib.sha256()
    files = 0
    size = 0
    stack = [""]
    try:
        while stack:
            rel = stack.pop()
            folder = os.path.join(root, rel) if rel else os.fspath(root)
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
            for e in entries:
                name = f"{rel}/{e.name}" if rel else e.name
                files += 1
                if files > MAX_TREE_FILES:
                    return None
                if e.is_symlink():
                    h.update(f"L\0{name}\0{os.readlink(e.path)}\0".encode("utf-8", "surrogateescape"))
                    if e.is_file():  # a link to a file: what it holds too
                        h.update(f"{file_digest(e.path)}\n".encode())
                elif e.is_dir(follow_symlinks=False):
                    h.update(f"D\0{name}\n".encode("utf-8", "surrogateescape"))
                    stack.append(name)
                elif e.is_file(follow_symlinks=False):
                    st = e.stat(follow_symlinks=False)
                    size += st.st_size
                    if size > MAX_TREE_BYTES:
                        return None
                    h.update(f"F\0{name}\0{file_digest(e.path, st)}\n".encode("utf-8", "surrogateescape"))
                else:
                    h.update(f"O\0{name}\n".encode("utf-8", "surrogateescape"))
    except (OSError, ValueError):
        return None
    return h.hexdigest()


def _code_stamp() -> str:
    """The program's modules, by name, size and time: a changed module (a
    checkout being worked on) is another program."""
    global _CODE
    if _CODE is None:
        h = hashlib.sha256()
        package = Path(__file__).resolve().parent.parent
        for folder, dirs, names in os.walk(package):
            dirs.sort()
            for name in sorted(names):
                if name.endswith(".py"):
                    try:
                        st = os.stat(os.path.join(folder, name))
                    except OSError:
                        continue
                    rel = os.path.relpath(os.path.join(folder, name), package)
                    h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
        _CODE = h.hexdigest()
    return _CODE


_CODE: str | None = None


def fonts_digest() -> str:
    """The content of every bundled font file."""
    from .. import resources_path

    h = hashlib.sha256()
    folder = resources_path.FONT_DIR
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return ""  # no font folder: a key of its own
    for name in names:
        h.update(f"{name}\0{file_digest(os.path.join(folder, name))}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def program_stamp() -> str:
    import viewer

    from ..layout.codec import FORMAT

    return f"{viewer.__version__}/{STORE_FORMAT}.{FORMAT}/{_code_stamp()}"


# ------------------------------------------------------------ one issue's entries


def _entry_file_name(name: str, suffix: str = ".json") -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    if len(safe) > 80 or safe != name:
        safe = safe[:40] + "-" + hashlib.sha256(name.encode()).hexdigest()[:24]
    return safe + suffix


class IssueStore:
    """The cache entries of one issue."""

    def __init__(self, folder: Path, base: str):
        self.folder = folder
        self.base = base  # the key's part common to every entry of the issue
        self.writable = True  # False: the issue's files changed while it was read: nothing is stored

    def key(self, depends: str) -> str:
        return hashlib.sha256(f"{self.base}\0{depends}".encode("utf-8", "surrogateescape")).hexdigest()

    def read(self, name: str, key: str):
        """The value stored under ``name`` for ``key``, or None."""
        body = self.read_bytes(name, key, ".json")
        if body is None:
            return None
        try:
            return json.loads(body)
        except (ValueError, RecursionError, MemoryError):
            return None

    def read_bytes(self, name: str, key: str, suffix: str = ".bin") -> bytes | None:
        """The bytes stored under ``name`` for ``key`` (their length and
        SHA-256 as the entry's header says), or None."""
        path = self.folder / _entry_file_name(name, suffix)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as f:
                if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                    return None
                head = f.readline(4096)
                header = json.loads(head)
                if (type(header) is not dict or header.get("format") != STORE_FORMAT or header.get("key") != key
                        or header.get("name") != name or type(header.get("size")) is not int
                        or not 0 <= header["size"] <= MAX_ENTRY_BYTES):
                    return None
                body = f.read(header["size"] + 1)
            if len(body) != header["size"] or hashlib.sha256(body).hexdigest() != header.get("sha256"):
                return None
            return body
        except (OSError, ValueError, RecursionError, MemoryError):
            return None

    def write(self, name: str, key: str, value) -> bool:
        """Store ``value`` (JSON values) under ``name`` for ``key``."""
        try:
            body = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
        except (TypeError, ValueError):
            return False
        return self.write_bytes(name, key, body, ".json")

    def write_bytes(self, name: str, key: str, body: bytes, suffix: str = ".bin") -> bool:
        """Store ``body`` under ``name`` for ``key``, after a header line
        with its length and SHA-256."""
        if not self.writable or str(self.folder.parent) in _broken or len(body) > MAX_ENTRY_BYTES:
            return False
        header = json.dumps({"format": STORE_FORMAT, "key": key, "name": name, "size": len(body),
                             "sha256": hashlib.sha256(body).hexdigest()}).encode() + b"\n"
        path = self.folder / _entry_file_name(name, suffix)
        try:
            from ..atomic import atomic_path

            new = not self.folder.is_dir()
            self.folder.mkdir(parents=True, exist_ok=True)
            if new:
                _trim(self.folder.parent, keep=self.folder)
            with contextlib.suppress(FileNotFoundError):
                if not stat.S_ISREG(path.lstat().st_mode):  # a link or anything else planted: not written through
                    path.unlink()
            with atomic_path(path, sync=False) as tmp:
                tmp.write_bytes(header + body)
        except Exception:  # noqa: BLE001 (an unwritable folder, a full disk: the program goes on without)
            _broken.add(str(self.folder.parent))
            return False
        return True

    def touch(self) -> None:
        """Mark the issue as just used (the least recently used go first)."""
        with contextlib.suppress(OSError):
            os.utime(self.folder)


def _trim(folder: Path, keep: Path, limit: int | None = None) -> None:
    """Drop the issues least recently used until the cache holds ``limit``
    (LIMIT_BYTES), never ``keep``."""
    limit = LIMIT_BYTES if limit is None else limit
    issues = []
    total = 0
    with contextlib.suppress(OSError):
        for d in os.scandir(folder):
            # only the issue folders this module made (32 hex digits): nothing else there is touched
            if not (len(d.name) == 32 and all(c in "0123456789abcdef" for c in d.name)) \
                    or not d.is_dir(follow_symlinks=False):
                continue
            size = 0
            with contextlib.suppress(OSError), os.scandir(d.path) as it:
                for e in it:
                    with contextlib.suppress(OSError):
                        size += e.stat(follow_symlinks=False).st_size
            total += size
            with contextlib.suppress(OSError):
                issues.append((d.stat(follow_symlinks=False).st_mtime, d.path, size))
    for _mtime, path, size in sorted(issues):
        if total <= limit:
            break
        if Path(path) == keep:
            continue
        import shutil

        shutil.rmtree(path, ignore_errors=True)
        total -= size


def open_store(kind: str, root: Path, opened: str = "") -> IssueStore | None:
    """The entries of the issue of ``kind`` in folder ``root`` (``opened``:
    how it was named, when that changes what is read), or None without a
    cache."""
    folder = cache_folder()
    if folder is None or str(folder) in _broken:
        return None
    try:
        where = str(Path(root).resolve())
    except (OSError, RuntimeError):
        return None
    ident = hashlib.sha256(f"{kind}\0{where}\0{opened}".encode("utf-8", "surrogateescape")).hexdigest()[:32]
    base = f"{program_stamp()}\0{fonts_digest()}\0{kind}\0{where}\0{opened}"
    _memo_save()
    store = IssueStore(folder / ident, base)
    store.touch()
    return store


# ------------------------------------------------------------ the hook


def store_of(issue):
    """The issue's store, made on first use (None: no cache, or a kind that
    does not say what its results depend on)."""
    store = getattr(issue, "_cache_store", False)
    if store is False:
        with _lock:
            store = getattr(issue, "_cache_store", False)
            if store is False:
                store = open_store(issue.kind, issue.root, issue.cache_opened) if issue.caches else None
                issue._cache_store = store
    return store


def remembered(issue, name: str, make, encode, decode, pages=None):
    """``make()``, or what it gave before for the same issue (``pages``: the
    pages the result depends on; None: the whole issue)."""
    store = store_of(issue)
    depends = issue.cache_key(None if pages is None else tuple(pages)) if store is not None else None
    if depends is None:
        return make()
    key = store.key(f"{name}\0{depends}")
    stored = store.read(name, key)
    if stored is not None:
        try:
            return decode(stored)
        except Exception:  # noqa: BLE001 (damaged or planted: made again below)
            pass
    value = make()
    try:
        encoded = encode(value)
    except Exception:  # noqa: BLE001 (a value the codec cannot store: kept only in memory)
        return value
    store.write(name, key, encoded)
    return value


def _split(layout, groups: list[tuple[int, ...]]):
    """The layout of several groups as one IssueLayout per group, or None
    when an article reaches over two groups (then nothing is stored)."""
    from ..layout.values import IssueLayout

    group_of = {n: g for g in groups for n in g}
    pages: dict[tuple, list] = {g: [] for g in groups}
    articles: dict[tuple, dict] = {g: {} for g in groups}
    for p in layout.pages:
        g = group_of.get(p.number)
        if g is None:
            return None
        pages[g].append(p)
    for aid, a in layout.articles.items():
        owners = {group_of.get(n) for n in a.pages}
        if len(owners) != 1 or None in owners:
            return None
        articles[owners.pop()][aid] = a
    return {g: IssueLayout(pages=tuple(pages[g]), articles=articles[g]) for g in groups}


def _joined(issue, parts: list):
    """One IssueLayout of the layouts of several groups, in the order one
    layout of them all gives: pages by number, articles in the issue's order."""
    from ..layout.values import IssueLayout

    if len(parts) == 1:
        return parts[0]
    pages = sorted((p for part in parts for p in part.pages), key=lambda p: p.number)
    articles = {k: a for part in parts for k, a in part.articles.items()}
    order = [k for k in issue.article_ids() if k in articles]
    listed = set(order)
    order += [k for k in articles if k not in listed]
    return IssueLayout(pages=tuple(pages), articles={k: articles[k] for k in order})


def cached_layout(issue, pages: list[int] | None):
    """The layout of ``pages`` (None: every page), each page group from the
    cache when it holds it, the rest laid out by the issue's kind (all the
    missing groups in one ``lay_out``) and stored."""
    from ..layout import codec

    store = store_of(issue)
    if store is None:
        return issue.lay_out(pages)
    groups = issue.groups()
    wanted = set(issue.numbers) if pages is None else set(pages)
    needed = [g for g in groups if wanted & set(g)]
    if {n for g in needed for n in g} != wanted:  # part of a group: a layout of its own, not stored
        return issue.lay_out(pages)
    found: dict[tuple, object] = {}
    keys = {}
    for g in needed:
        depends = issue.cache_key(g)
        if depends is None:
            return issue.lay_out(pages)
        name = "pages-" + "-".join(map(str, g))
        keys[g] = (name, store.key(f"{name}\0{depends}"))
        stored = store.read(*keys[g])
        if stored is not None:
            try:
                found[g] = codec.decode(stored, issue.root)
            except Exception:  # noqa: BLE001 (damaged or planted: laid out again)
                pass
    missing = [g for g in needed if g not in found]
    if missing:
        made = issue.lay_out(sorted(n for g in missing for n in g))
        split = _split(made, missing)
        if split is None:
            return made if not found else issue.lay_out(pages)
        for g, part in split.items():
            found[g] = part
            try:
                encoded = codec.encode(part, issue.root)
            except Exception:  # noqa: BLE001 (a picture outside the issue folder: not stored)
                continue
            store.write(*keys[g], encoded)
        _memo_save()
        if not [g for g in needed if g not in missing]:
            return made
    return _joined(issue, [found[g] for g in needed])


# ------------------------------------------------------------ the picture of the page shown first


def picture_entry(issue, number: int, size: tuple[int, ...], drawing: str, kind: str = "picture"):
    """Where the picture of page ``number`` at ``size`` device pixels is
    kept: (store, name, key), or None when the issue's layouts are not
    kept. One picture of each ``kind`` ("picture": the page a window opens
    at; "thumb": its thumbnail) per page number: the key names the layout
    of its page group, the size and ``drawing`` (how it was drawn: the
    painter's version), so a changed page, program, font or size is drawn
    again."""
    store = store_of(issue)
    if store is None:
        return None
    group = next((g for g in issue.groups() if number in g), None)
    depends = issue.cache_key(tuple(group)) if group is not None else None
    if depends is None:
        return None
    name = f"{kind}-{number}"
    return store, name, store.key(f"{name}\0{depends}\0{'x'.join(map(str, size))}\0{drawing}")
