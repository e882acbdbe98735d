"""The reader pane: one article reflowed for reading.

Kicker, headline, subtitle, byline, the body at an adjustable size, photos
with captions, the pages a continued article spans, and a notice when the
descriptors mark the body as sample copy. Search hits are marked in the text.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QTextBrowser, QToolButton, QVBoxLayout, QWidget

from ..fonts import ROLE_FAMILIES, qfont
from .i18n import tr
from . import messages

MIN_SIZE, MAX_SIZE = 9.0, 28.0
CLIP_MAX_PX = 4000  # the tallest picture of a scanned article's part
HIT_BACKGROUND = "#FFD54F"
SERIF = ROLE_FAMILIES["serif"][0]
SANS = ROLE_FAMILIES["sans"][0]
KAI = ROLE_FAMILIES["kai"][0]

def dateline_gap(byline: str) -> str:
    """The layout's gap after a byline (viewer.layout.flow), loaded when an
    article is first shown: flow brings the descriptor models."""
    from ..layout.flow import dateline_gap as gap

    return gap(byline)


_NAV_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Space}


class _Browser(QTextBrowser):
    """Keeps the scrolling keys for itself instead of the window's page turns."""

    def event(self, e) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and e.key() in _NAV_KEYS and not e.modifiers():
            e.accept()
            return True
        return super().event(e)


def _mark(text: str, query: str | None) -> str:
    """``text`` as HTML with the occurrences of ``query`` marked (white space in
    the query is ignored, as the page search ignores it)."""
    if not query or not re.sub(r"\s+", "", query):
        return html.escape(text)
    pattern = r"\s*".join(re.escape(c) for c in re.sub(r"\s+", "", query))
    out, pos = [], 0
    for m in re.finditer(pattern, text):
        out.append(html.escape(text[pos:m.start()]))
        out.append(f'<span style="background-color:{HIT_BACKGROUND}">{html.escape(m.group(0))}</span>')
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


class ReaderPane(QWidget):
    closed = Signal()
    exportRequested = Signal(str)
    sizeChanged = Signal(float)

    def __init__(self, parent=None, size_pt: float = 13.0):
        super().__init__(parent)
        self.doc = None
        self.article_id: str | None = None
        self.query: str | None = None
        self.size_pt = size_pt
        self.setAccessibleName(tr("reader.name"))
        self.setMinimumWidth(280)

        self.smaller = QToolButton(self)
        self.smaller.clicked.connect(lambda: self.set_size(self.size_pt - 1))
        self.larger = QToolButton(self)
        self.larger.clicked.connect(lambda: self.set_size(self.size_pt + 1))
        self.copy_button = QToolButton(self)
        self.copy_button.clicked.connect(self.copy_text)
        self.export_button = QToolButton(self)
        self.export_button.clicked.connect(lambda: self.article_id and self.exportRequested.emit(self.article_id))
        self.close_button = QToolButton(self)
        self.close_button.clicked.connect(self.closed.emit)
        self.status = QLabel(self)
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        for b in (self.smaller, self.larger, self.copy_button, self.export_button):
            bar.addWidget(b)
        bar.addWidget(self.status)
        bar.addWidget(self.close_button)

        self.browser = _Browser(self)
        self.browser.setOpenLinks(False)
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.browser.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.browser.document().setDocumentMargin(18)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)

        self._resize_timer = QTimer(self, singleShot=True, interval=120)
        self._resize_timer.timeout.connect(self._rebuild)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(tr("reader.name"))
        self.browser.setAccessibleName(tr("reader.name"))
        self.smaller.setText(tr("reader.smaller"))
        self.smaller.setToolTip(tr("reader.smaller.tip"))
        self.larger.setText(tr("reader.larger"))
        self.larger.setToolTip(tr("reader.larger.tip"))
        self.copy_button.setText(tr("reader.copy"))
        self.export_button.setText(tr("reader.export"))
        self.close_button.setText(tr("reader.close"))
        self.close_button.setToolTip(tr("act.close_article") + " (Esc)")
        self._rebuild()

    # ---- content
    def show_article(self, doc, article_id: str, query: str | None = None) -> bool:
        if doc is None or doc.reading(article_id) is None:
            return False
        self.doc = doc
        self.article_id = article_id
        self.query = query
        self.status.clear()
        self._rebuild()
        self.browser.verticalScrollBar().setValue(0)
        if query:
            self.scroll_to_hit()
        return True

    def set_query(self, query: str | None) -> None:
        if query != self.query:
            self.query = query
            self._rebuild()

    def clear(self) -> None:
        self.article_id = None
        self.browser.clear()

    def set_size(self, size_pt: float) -> None:
        size_pt = max(MIN_SIZE, min(MAX_SIZE, size_pt))
        if size_pt != self.size_pt:
            self.size_pt = size_pt
            self._rebuild()
            self.sizeChanged.emit(size_pt)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.article_id:
            self._resize_timer.start()

    def _rebuild(self) -> None:
        if not self.article_id or self.doc is None:
            return
        bar = self.browser.verticalScrollBar()
        keep = bar.value()
        doc = self.browser.document()
        doc.setDefaultFont(qfont("serif", self.size_pt))
        self.browser.setHtml(self.article_html())
        bar.setValue(keep)

    def article_html(self) -> str:
        art = self.doc.reading(self.article_id)
        q = self.query
        s = self.size_pt
        out = []
        if art.sample or art.ocr or art.notice:
            notice = tr("reader.sample") if art.sample else tr("reader.ocr") if art.ocr else messages.shown(art.notice)
            out.append(f'<table width="100%" cellpadding="6" style="background-color:#FFF4CE; border:1px solid #E0B000">'
                       f'<tr><td style="font-family:\'{SANS}\'; font-size:{s * 0.85:.1f}pt">{html.escape(notice)}'
                       f'</td></tr></table><p></p>')
        if art.kicker:
            out.append(f'<p align="center" style="font-family:\'{SANS}\'; font-size:{s * 1.05:.1f}pt; margin:0">{_mark(art.kicker, q)}</p>')
        headline = "<br/>".join(_mark(part, q) for part in art.headline.split("\n"))
        out.append(f'<h1 align="center" style="font-family:\'{SERIF}\'; font-weight:bold; font-size:{s * 1.9:.1f}pt; '
                   f'margin-top:6px; margin-bottom:6px">{headline}</h1>')
        if art.subtitle:
            out.append(f'<p align="center" style="font-family:\'{SANS}\'; font-size:{s * 1.1:.1f}pt; margin:0">{_mark(art.subtitle, q)}</p>')
        al = self.doc.article(self.article_id)
        pages = list(al.pages) if al else []
        if len(pages) > 1:
            refs = tr("reader.page_join").join(self.doc.caption(n, "ref") for n in pages)
            out.append(f'<p align="center" style="font-family:\'{SANS}\'; color:#555555; font-size:{s * 0.8:.1f}pt">'
                       f'{html.escape(tr("reader.pages", pages=refs))}</p>')
        out.append("<hr/>")
        if art.ocr:
            out.append(self._scan_clips_html())
        for photo in art.photos:
            out.append(self._photo_html(photo))
        for i, para in enumerate(art.paragraphs):
            body = _mark(para, q)
            if i == 0 and art.byline:
                body = f'<b style="font-family:\'{SANS}\'">{_mark(art.byline, q)}</b>' + dateline_gap(art.byline) + body
            out.append(f'<p style="text-indent:{2 * s:.1f}pt; line-height:165%; margin-bottom:{s * 0.5:.1f}pt">{body}</p>')
        if art.signoff:
            out.append(f'<p align="right" style="font-family:\'{KAI}\'">（{_mark(art.signoff, q)}）</p>')
        return "".join(out)

    def _scan_clips_html(self) -> str:
        """The article's part of each page's scan, as pictures (a scanned
        article reads best beside what the page shows)."""
        from PySide6.QtGui import QColor, QImage, QPainter, QTextDocument

        from ..export.sheets import article_sheets, set_clip
        from ..render.paint import PaintOptions, paint_page

        layout = self.doc.article_group_layout(self.article_id)
        if layout is None:
            return ""
        room = max(160, min(680, self.browser.viewport().width() - 40))
        parts = []
        for i, sheet in enumerate(article_sheets(layout, self.article_id)):
            w_pt, h_pt = sheet.width_pt, sheet.height_pt
            if w_pt <= 1 or h_pt <= 1:
                continue
            scale = min(room / w_pt, CLIP_MAX_PX / h_pt, 3.0) * self.devicePixelRatioF()
            img = QImage(max(1, round(w_pt * scale)), max(1, round(h_pt * scale)), QImage.Format.Format_RGB32)
            img.fill(QColor("#FFFFFF"))
            p = QPainter(img)
            p.scale(scale, scale)
            p.translate(*sheet.origin)
            set_clip(p, sheet)
            paint_page(p, sheet.layout, PaintOptions())
            p.end()
            url = QUrl(f"herald-clip:{self.article_id}/{i}")
            self.browser.document().addResource(QTextDocument.ResourceType.ImageResource, url, img)
            shown = round(img.width() / self.devicePixelRatioF())
            parts.append(f'<p align="center"><img src="{html.escape(url.toString())}" width="{shown}"/></p>')
        return "".join(parts)

    def _photo_html(self, photo) -> str:
        width = max(160, min(680, self.browser.viewport().width() - 40))
        parts = []
        if photo.path is not None:
            url = QUrl.fromLocalFile(str(photo.path)).toString()
            parts.append(f'<p align="center"><img src="{html.escape(url)}" width="{width}"/></p>')
        cap = []
        if photo.caption:
            cap.append(_mark(photo.caption, self.query))
        if photo.credit:
            cap.append(f"（{_mark(photo.credit, self.query)}）")
        if photo.placeholder:
            cap.append(f'<span style="color:#8A6D00">{html.escape(tr("reader.photo_placeholder"))}</span>')
        if cap:
            parts.append(f'<p style="font-family:\'{KAI}\'; font-size:{self.size_pt * 0.9:.1f}pt; color:#333333">'
                         f'{" ".join(cap)}</p>')
        return "".join(parts)

    def plain_text(self) -> str:
        """The article as plain text: head, byline and paragraphs."""
        if not self.article_id or self.doc is None:
            return ""
        art = self.doc.reading(self.article_id)
        lines = []
        if art.kicker:
            lines.append(art.kicker)
        lines.append(art.headline.replace("\n", " "))
        if art.subtitle:
            lines.append(art.subtitle)
        lines.append("")
        for i, para in enumerate(art.paragraphs):
            lines.append((art.byline + dateline_gap(art.byline) if i == 0 and art.byline else "") + para)
        if art.signoff:
            lines.append(f"（{art.signoff}）")
        return "\n".join(lines)

    def copy_text(self) -> None:
        """Copy the selection, or the whole article when nothing is selected."""
        cursor = self.browser.textCursor()
        text = cursor.selectedText().replace("\u2029", "\n") if cursor.hasSelection() else self.plain_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            if not cursor.hasSelection():
                self.status.setText(tr("reader.copied"))

    def highlighted_texts(self) -> list[str]:
        """The marked search hits in the shown text (for tests)."""
        out = []
        block = self.browser.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                if frag.isValid() and frag.charFormat().background().color().name().upper() == HIT_BACKGROUND:
                    out.append(frag.text())
                it += 1
            block = block.next()
        return out

    def scroll_to_hit(self) -> None:
        if not self.query:
            return
        q = re.sub(r"\s+", "", self.query)
        cursor = self.browser.document().find(q, 0)
        if not cursor.isNull():
            c = QTextCursor(cursor)
            c.clearSelection()
            self.browser.setTextCursor(c)
            self.browser.ensureCursorVisible()
