"""Output paths: devices and FIFOs are never replaced, a full disk never
destroys an earlier file, and a killed run leaves nothing a later run
cannot clean."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from viewer.cli import main
from viewer.export import writing
from viewer.mupdf import load_pymupdf

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "layouts" / "2025-12-29"
pymupdf = load_pymupdf()


def run_cli(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    assert "unexpected failure" not in err.getvalue()
    return code, out.getvalue(), err.getvalue()


COMMANDS = [
    ("render", lambda out: ["render", BUNDLED, "--page", "1", "--dpi", "20", "-o", out]),
    ("export", lambda out: ["export", BUNDLED, "--pages", "1", "-o", out]),
    ("print", lambda out: ["print", BUNDLED, "--pages", "1", "--to-pdf", out]),
    ("screenshot", lambda out: ["screenshot", BUNDLED, "--size", "400x300", "-o", out]),
]


@pytest.mark.parametrize("name, argv", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_fifo_given_as_output_is_refused_and_left_as_it_is(tmp_path, name, argv):
    target = tmp_path / ("out.pdf" if name in ("export", "print") else "out.png")
    os.mkfifo(target)
    code, _, err = run_cli(*argv(target))
    assert code == 1
    assert err.splitlines()[-1] == f"error: '{target}' is a FIFO, not a file; it is left as it is"
    assert stat.S_ISFIFO(target.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_character_device_given_as_output_is_never_replaced(tmp_path):
    target = tmp_path / "null.png"
    try:
        os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
    except PermissionError:
        pytest.skip("this system does not let the tests make a device node")
    code, _, err = run_cli("render", BUNDLED, "--page", "1", "--dpi", "20", "-o", target)
    assert code == 1
    assert err.splitlines()[-1] == f"error: '{target}' is a character device, not a file; it is left as it is"
    assert stat.S_ISCHR(target.lstat().st_mode)


@pytest.fixture
def earlier(tmp_path):
    path = tmp_path / "issue.pdf"
    path.write_bytes(b"%PDF-1.4 the earlier file\n" * 100)
    path.chmod(0o640)
    return path, path.read_bytes()


def test_export_keeps_the_mode_of_the_file_it_replaces_and_gives_a_new_one_rw_r_r(earlier, tmp_path):
    path, _ = earlier
    assert run_cli("export", BUNDLED, "--pages", "1", "-o", path)[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    new = tmp_path / "new.pdf"
    assert run_cli("export", BUNDLED, "--pages", "1", "-o", new)[0] == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o644


def test_a_link_to_a_file_is_written_through(earlier, tmp_path):
    path, _ = earlier
    link = tmp_path / "link.pdf"
    link.symlink_to(path.name)
    assert run_cli("export", BUNDLED, "--pages", "1", "-o", link)[0] == 0
    assert link.is_symlink() and path.read_bytes()[:5] == b"%PDF-"


def test_export_on_a_full_disk_says_so_and_keeps_the_earlier_file(earlier, monkeypatch):
    path, before = earlier

    def full(doc, out):
        Path(out).write_bytes(doc.tobytes()[:1000])
        raise pymupdf.mupdf.FzErrorSystem("cannot fwrite: No space left on device")

    monkeypatch.setattr(writing, "_save", full)
    code, _, err = run_cli("export", BUNDLED, "--pages", "1", "-o", path)
    assert code == 1
    assert err.splitlines()[-1] == f"error: no space left on device while writing '{path}' (the earlier file is unchanged)"
    assert path.read_bytes() == before and [p.name for p in path.parent.iterdir()] == [path.name]


def test_print_to_pdf_that_qt_leaves_truncated_fails_and_keeps_the_earlier_file(earlier, monkeypatch):
    """Qt reports nothing when its writes fail: a full disk leaves a cut-off file."""
    from viewer.export import printing

    path, before = earlier
    real = printing.print_pages

    def cut_off(printer, *args, **kwargs):
        n = real(printer, *args, **kwargs)
        out = Path(printer.outputFileName())
        out.write_bytes(out.read_bytes()[: out.stat().st_size // 2])
        return n

    monkeypatch.setattr(printing, "print_pages", cut_off)
    code, _, err = run_cli("print", BUNDLED, "--pages", "1-2", "--to-pdf", path)
    assert code == 1
    assert err.splitlines()[-1].startswith(f"error: the PDF written for '{path}' came out damaged")
    assert path.read_bytes() == before and [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.fixture
def small_disk(tmp_path):
    """A 600 KB file system, when this system lets the tests mount one."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mnt)], capture_output=True)
    if proc.returncode != 0:
        pytest.skip("cannot mount a small file system here: " + proc.stderr.decode(errors="replace").strip())
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


@pytest.mark.parametrize("command", ["export", "print"])
def test_a_real_full_disk_never_destroys_the_earlier_pdf(small_disk, command):
    path = small_disk / "issue.pdf"
    assert run_cli("export", BUNDLED, "--pages", "1", "-o", path)[0] == 0  # a good earlier file, 300-odd KB
    before = path.read_bytes()
    argv = ["export", BUNDLED, "--pages", "1-3", "-o", path] if command == "export" else \
        ["print", BUNDLED, "--pages", "1-3", "--to-pdf", path]
    code, _, err = run_cli(*argv)
    assert code == 1
    assert err.splitlines()[-1] == f"error: no space left on device while writing '{path}' (the earlier file is unchanged)"
    assert path.read_bytes() == before
    assert [p.name for p in small_disk.iterdir()] == ["issue.pdf"]
    with pymupdf.open(path) as doc:
        assert doc.page_count == 1


def test_a_run_killed_while_writing_leaves_nothing_the_next_run_does_not_clean(tmp_path):
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "issue.pdf"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(private_tmp))
    child = subprocess.Popen([sys.executable, "-m", "viewer", "export", str(BUNDLED), "-o", str(target)], cwd=ROOT,
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not any(p.name.endswith(".herald-part") for p in out_dir.iterdir()):
            assert child.poll() is None, "the export ended before it was caught writing"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    left = sorted(p.name for p in out_dir.iterdir())
    assert left and all(n.startswith(f".issue.pdf.{child.pid}.") and n.endswith(".herald-part") for n in left)
    assert list(private_tmp.iterdir()) == []  # no folders in the temporary folder
    assert run_cli("export", BUNDLED, "--pages", "1", "-o", target)[0] == 0
    assert [p.name for p in out_dir.iterdir()] == ["issue.pdf"]


def test_only_the_parts_of_processes_that_are_gone_are_removed(tmp_path):
    target = tmp_path / "issue.pdf"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    live = tmp_path / f".issue.pdf.{os.getpid()}.herald-part"
    gone = tmp_path / f".issue.pdf.{dead.pid}.qt.herald-part"
    other = tmp_path / f".other.pdf.{dead.pid}.herald-part"
    for p in (live, gone, other):
        p.write_bytes(b"partial")
    assert run_cli("export", BUNDLED, "--pages", "1", "-o", target)[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, "issue.pdf"])


@pytest.mark.parametrize("exc, message", [
    (OSError(28, "No space left on device"), "no space left on device while writing 'out.pdf'"),
    (OSError(122, "Disk quota exceeded"), "no space left on device while writing 'out.pdf'"),
    (RuntimeError("code=2: cannot fwrite: No space left on device"), "no space left on device while writing 'out.pdf'"),
    (RuntimeError("cannot write: Disk quota exceeded"), "no space left on device while writing 'out.pdf'"),
    (OSError(30, "Read-only file system"), "the disk is read-only: cannot write 'out.pdf'"),
    (OSError(28, "disk full"), "no space left on device while writing 'out.pdf'"),  # by its number alone
    (OSError(122, "quota"), "no space left on device while writing 'out.pdf'"),
    (OSError(30, "read-only"), "the disk is read-only: cannot write 'out.pdf'"),
    (RuntimeError("fwrite: Read-only file system"), "the disk is read-only: cannot write 'out.pdf'"),
    (OSError(13, "Permission denied"), "could not write 'out.pdf': Permission denied"),
    (RuntimeError("the printer went away"), "could not write 'out.pdf': the printer went away"),
    (RuntimeError(), "could not write 'out.pdf': RuntimeError"),
])
def test_a_failed_write_is_said_in_plain_words(exc, message):
    from viewer.atomic import write_error

    assert write_error(exc, "out.pdf") == message


def test_a_target_that_becomes_a_fifo_while_it_is_written_is_left_as_it_is(earlier, monkeypatch):
    path, _ = earlier
    real = writing._save

    def save_then_swap(doc, out):
        real(doc, out)
        path.unlink()
        os.mkfifo(path)  # someone puts a FIFO where the file was

    monkeypatch.setattr(writing, "_save", save_then_swap)
    code, _, err = run_cli("export", BUNDLED, "--pages", "1", "-o", path)
    assert code == 1
    assert err.splitlines()[-1] == f"error: '{path}' is a FIFO, not a file; it is left as it is (the earlier file is unchanged)"
    assert stat.S_ISFIFO(path.lstat().st_mode)
    assert [p.name for p in path.parent.iterdir()] == [path.name]
