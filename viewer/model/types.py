"""Typed descriptor models: an issue, its pages and the blocks on them.

These are plain values (pydantic models, no Qt). Units are in the field
names: ``_mm`` for millimetres, ``_pt`` for typographic points (1/72 inch).
Grid positions are 1-based: column 1 is the leftmost column of the type
area, line 1 the top grid line.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import Strict as _NoConversion

from ..messages import Msg, Names

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"

# Numbers are taken as written: true or "6" is no integer, "6" no number.
Int = Annotated[int, _NoConversion()]
Num = Annotated[float, _NoConversion()]
Bool = Annotated[bool, _NoConversion()]

# The ranges a newspaper can use; beyond them a value is a mistake, and
# arithmetic on it would overflow or exhaust memory.
MAX_MM = 2000.0  # the largest page side
MAX_COLUMNS = 20
MAX_LINES = 2000  # grid lines on the tallest page at the smallest pitch
MAX_PAGES = 1000


class Strict(BaseModel):
    """Base for every descriptor model: unknown keys are errors, and so are
    NaN and infinite numbers."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Margins(Strict):
    """Page margins around the type area (版心), in millimetres."""

    top_mm: Num = Field(28.0, ge=0, le=500, description="Top margin; the page header (报眉) sits in it.")
    bottom_mm: Num = Field(20.0, ge=0, le=500)
    left_mm: Num = Field(20.0, ge=0, le=500)
    right_mm: Num = Field(20.0, ge=0, le=500)


class Grid(Strict):
    """The column grid of the type area."""

    columns: Int = Field(8, ge=1, le=MAX_COLUMNS, description="Number of columns (栏).")
    gutter_mm: Num = Field(2.8, ge=0, le=50, description="Minimum gap between columns; the gutters absorb what is left once every column is a whole number of characters wide.")
    body_size_pt: Num = Field(9.0, gt=3, le=30, description="Body type size; 小五 is 9 pt.")
    line_pitch_pt: Num = Field(14.0, gt=3, le=60, description="Distance from one grid line to the next.")


class Editors(Strict):
    """People named in the page header."""

    responsible: str | None = Field(None, description="责任编辑")
    art: str | None = Field(None, description="美编")
    proof: str | None = Field(None, description="校对")


class PageSize(Strict):
    width_mm: Num = Field(390.0, gt=50, le=MAX_MM)
    height_mm: Num = Field(546.0, gt=50, le=MAX_MM)


class PageDefaults(Strict):
    """Defaults that every page inherits unless it states its own."""

    size: PageSize = PageSize()
    margins: Margins = Margins()
    grid: Grid = Grid()


class Frame(Strict):
    """A rectangle on the page: on the grid, or in millimetres.

    Grid form: ``col``, ``span`` (columns), ``line``, ``lines`` (grid lines).
    Millimetre form: ``x_mm``, ``y_mm`` (from the type area's top-left),
    ``width_mm``, ``height_mm``. Give one form, not both.
    """

    col: Int | None = Field(None, ge=1, le=MAX_COLUMNS, description="First column, 1-based.")
    span: Int = Field(1, ge=1, le=MAX_COLUMNS, description="Number of columns covered.")
    line: Int | None = Field(None, ge=1, le=MAX_LINES, description="First grid line, 1-based.")
    lines: Int | None = Field(None, ge=1, le=MAX_LINES, description="Number of grid lines covered.")
    columns: Int | None = Field(None, ge=1, le=MAX_COLUMNS, description="For body text: how many text columns the frame is divided into (default: one per grid column spanned).")
    x_mm: Num | None = Field(None, ge=-MAX_MM, le=MAX_MM)
    y_mm: Num | None = Field(None, ge=-MAX_MM, le=MAX_MM)
    width_mm: Num | None = Field(None, gt=0, le=MAX_MM)
    height_mm: Num | None = Field(None, gt=0, le=MAX_MM)

    @model_validator(mode="after")
    def _one_form(self) -> "Frame":
        grid = [self.col, self.line, self.lines]
        mm = [self.x_mm, self.y_mm, self.width_mm, self.height_mm]
        if any(v is not None for v in mm):
            if not all(v is not None for v in mm):
                raise ValueError(Msg("a millimetre frame needs all of x_mm, y_mm, width_mm and height_mm"))
            if any(v is not None for v in grid):
                raise ValueError(Msg("give either grid fields (col, line, lines) or millimetre fields, not both"))
        elif not all(v is not None for v in grid):
            missing = [n for n, v in zip(("col", "line", "lines"), grid) if v is None]
            raise ValueError(Msg("a grid frame needs col, line and lines; missing: {missing}",
                                 missing=Names(missing, quote="", quoted=True)))
        return self

    @property
    def on_grid(self) -> bool:
        return self.col is not None


class Head(Strict):
    """Where and how an article's headline group (引题, 主题, 副题) is set."""

    frame: Frame | None = Field(None, description="The area of the headline group; by default the top lines of the first body frame's width.")
    direction: Literal["horizontal", "vertical"] = Field("horizontal", description="vertical = 竖排, set top to bottom, columns right to left.")
    size_pt: Num = Field(26.0, gt=4, le=200, description="Headline (主题) type size.")
    kicker_size_pt: Num | None = Field(None, gt=4, le=100, description="Kicker (引题) size; default about half the headline, at least 14 pt.")
    subtitle_size_pt: Num | None = Field(None, gt=4, le=100, description="Subtitle (副题) size; default like the kicker.")
    face: Literal["sans", "serif"] = Field("sans", description="Headline face: sans = 黑体, serif = 标宋 (bold serif).")
    align: Literal["center", "left", "right"] = Field("center", description="Where each line of a horizontal headline group sits across its frame.")
    vertical_align: Literal["top", "center", "bottom"] = Field("center", description="Where the headline group sits in its frame from top to bottom; for a vertical headline, where its columns sit along the frame.")


class Article(Strict):
    """A story: headline group, byline, body text flowing through frames."""

    type: Literal["article"]
    id: str = Field(pattern=ID_PATTERN, description="Unique in the issue.")
    kicker: str | None = Field(None, description="引题, set above the headline.")
    headline: str = Field(min_length=1, description="主题. A newline forces a line break.")
    subtitle: str | None = Field(None, description="副题, set below the headline.")
    byline: str | None = Field(None, description="Byline/dateline set in bold at the start of the first paragraph, e.g. 本报讯（记者 张伟）.")
    text: str | None = Field(None, description="Body text inline; paragraphs separated by blank lines.")
    text_file: str | None = Field(None, description="Body text file, UTF-8, relative to the issue folder.")
    signoff: str | None = Field(None, description="Sign-off (署名), right-aligned on its own line after the body.")
    sample: Bool = Field(False, description="True when the body is sample copy, not real reporting.")
    head: Head = Head()
    frames: list[Frame] = Field(min_length=1, max_length=100, description="Body frames in reading order.")
    continued_on: Int | None = Field(None, ge=1, le=MAX_PAGES, description="Page number where the rest of the text is set (needs a continuation block there).")
    boxed: Bool = Field(False, description="Draw a rule box around the article.")

    @model_validator(mode="after")
    def _text_source(self) -> "Article":
        if self.text is None and self.text_file is None:
            raise ValueError(Msg("an article needs its body: give text or text_file"))
        if self.text is not None and self.text_file is not None:
            raise ValueError(Msg("give text or text_file, not both"))
        return self


class Continuation(Strict):
    """The rest of an article continued from another page (接转)."""

    type: Literal["continuation"]
    article: str = Field(pattern=ID_PATTERN, description="Id of the article that continues here.")
    headline: str | None = Field(None, description="Headline shown over the continued part; by default the article's own headline.")
    head: Head = Head(size_pt=16.0)
    frames: list[Frame] = Field(min_length=1, max_length=100)
    boxed: Bool = False


class Photo(Strict):
    """A photo with its caption (图片说明) and credit, below the image."""

    type: Literal["photo"]
    id: str = Field(pattern=ID_PATTERN)
    image: str = Field(description="Image file (JPEG, PNG, TIFF) relative to the issue folder.")
    frame: Frame = Field(description="The whole block: image, then caption lines below it.")
    fit: Literal["cover", "contain"] = Field("cover", description="cover crops to fill the frame; contain shows the whole image.")
    crop: tuple[Num, Num, Num, Num] | None = Field(None, description="Part of the image to use, as fractions [left, top, right, bottom] in 0..1.")
    caption: str | None = None
    credit: str | None = Field(None, description="e.g. 新华社记者 张博文/摄, right-aligned after the caption.")
    article: str | None = Field(None, pattern=ID_PATTERN, description="The article this photo belongs to.")
    placeholder: Bool = Field(False, description="True when the image file stands in for a picture we do not have.")

    @model_validator(mode="after")
    def _crop(self) -> "Photo":
        if self.crop is not None:
            l, t, r, b = self.crop
            if not (0 <= l < r <= 1 and 0 <= t < b <= 1):
                raise ValueError(Msg("crop must be [left, top, right, bottom] with 0 <= left < right <= 1 and 0 <= top < bottom <= 1"))
        return self


class GuideEntry(Strict):
    title: str = Field(min_length=1)
    page: Int = Field(ge=1, le=MAX_PAGES)
    article: str | None = Field(None, pattern=ID_PATTERN, description="The article the entry points at.")


class Guide(Strict):
    """The guide box 本期导读: headlines inside the issue with their pages."""

    type: Literal["guide"]
    title: str = "本期导读"
    frame: Frame
    entries: list[GuideEntry] = Field(min_length=1, max_length=200)


class Rule(Strict):
    """A straight rule. On the grid a horizontal rule runs along the top of
    grid line ``line`` across ``span`` columns from ``col``; a vertical rule
    runs down the middle of the gutter left of column ``col`` for ``lines``
    lines. In millimetres: ``x_mm``, ``y_mm`` and ``length_mm``."""

    type: Literal["rule"]
    orientation: Literal["horizontal", "vertical"]
    col: Int | None = Field(None, ge=1, le=MAX_COLUMNS + 1)
    span: Int = Field(1, ge=1, le=MAX_COLUMNS)
    line: Int | None = Field(None, ge=1, le=MAX_LINES + 1)
    lines: Int = Field(1, ge=1, le=MAX_LINES)
    x_mm: Num | None = Field(None, ge=-MAX_MM, le=MAX_MM)
    y_mm: Num | None = Field(None, ge=-MAX_MM, le=MAX_MM)
    length_mm: Num | None = Field(None, gt=0, le=MAX_MM)
    weight_pt: Num = Field(0.5, gt=0, le=20)
    style: Literal["solid", "double", "thick-thin", "dashed", "dotted"] = "solid"

    @model_validator(mode="after")
    def _one_form(self) -> "Rule":
        mm = (self.x_mm, self.y_mm, self.length_mm)
        if any(v is not None for v in mm):
            if not all(v is not None for v in mm):
                raise ValueError(Msg("a millimetre rule needs x_mm, y_mm and length_mm"))
        elif self.col is None or self.line is None:
            raise ValueError(Msg("a grid rule needs col and line"))
        return self


class Box(Strict):
    """A rectangle drawn with a rule, optionally tinted."""

    type: Literal["box"]
    frame: Frame
    weight_pt: Num = Field(0.5, ge=0, le=20)
    fill: str | None = Field(None, pattern=r"^#[0-9A-Fa-f]{6}$", description="Tint as #RRGGBB.")


class Image(Strict):
    """An image block that is not a news photo, e.g. a QR code."""

    type: Literal["image"]
    id: str = Field(pattern=ID_PATTERN)
    image: str
    frame: Frame
    fit: Literal["cover", "contain"] = "contain"
    label: str | None = Field(None, description="Text set under the image, e.g. 微信公众号.")
    placeholder: Bool = False


class Advert(Strict):
    """An advertisement; always labelled 广告."""

    type: Literal["advert"]
    id: str = Field(pattern=ID_PATTERN)
    frame: Frame
    advertiser: str | None = None
    headline: str | None = None
    text: str | None = None
    image: str | None = None
    placeholder: Bool = False


class Masthead(Strict):
    """The masthead (报头), drawn from the issue's data."""

    type: Literal["masthead"]
    frame: Frame


Block = Annotated[
    Union[Masthead, Article, Continuation, Photo, Guide, Rule, Box, Image, Advert],
    Field(discriminator="type"),
]


class Page(Strict):
    """One newspaper page (版)."""

    number: Int = Field(ge=1, le=MAX_PAGES, description="Page number, 1..page_count.")
    section: str = Field(min_length=1, description="版名, e.g. 要闻.")
    size: PageSize | None = Field(None, description="Trimmed size; default from the issue.")
    margins: Margins | None = None
    grid: Grid | None = None
    editors: Editors | None = None
    blocks: list[Block] = Field(default_factory=list, max_length=1000)


class Issue(Strict):
    """The issue descriptor: paper, date, numbers and the pages."""

    paper: str = Field(min_length=1, description="Chinese paper name.")
    paper_en: str | None = Field(None, description="English paper name.")
    date: _dt.date
    weekday: str | None = Field(None, description="e.g. 星期一; derived from the date when omitted.")
    issue_number: Int = Field(ge=1, le=9999, description="期号 of the year.")
    serial_number: Int | None = Field(None, ge=1, le=9_999_999, description="总期号.")
    cn_number: str | None = Field(None, description="国内统一连续出版物号, e.g. CN 11-0237.")
    postal_code: str | None = Field(None, description="邮发代号, e.g. 1-206.")
    supervisor: str | None = Field(None, description="主管单位.")
    publisher: str | None = Field(None, description="主办单位.")
    page_count: Int = Field(ge=1, le=MAX_PAGES, description="今日 N 版.")
    website: str | None = None
    language: str = "zh-CN"
    punctuation: Literal["full-width", "kaiming"] = Field("full-width", description="Punctuation style of the text: full-width = 全角式 (every mark a full em, compressed only at a line's end and where two meet), kaiming = 开明式 (only 。？！ full width, the other marks half width).")
    defaults: PageDefaults = PageDefaults()
    pages: list[Union[str, Page]] | None = Field(None, max_length=MAX_PAGES, description="Page files relative to the issue folder, or inline pages; default: every pages/*.toml and pages/*.json.")

    @property
    def weekday_text(self) -> str:
        return self.weekday or "星期" + "一二三四五六日"[self.date.weekday()]
