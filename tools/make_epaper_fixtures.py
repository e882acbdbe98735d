"""Write the saved e-paper sites of tests/data/epaper/.

Three small copies of sites, their markup modelled on real saved pages
(docs/epaper-sites.md lists them): a Founder classic site in GBK with two
dates (polygon, rect and circle areas, unquoted attributes, ``?div=``
queries, repeated areas, a page image with and one without width and
height), a newer Founder site in UTF-8 whose hot zones are positioned
elements (pixels and per cent; one page with a BOM and CRLF line ends), and
a mirror of People's Daily in both of its forms (``nbs.D110000renmrb_PP.htm``
pages with script-written headline lists; ``pc/layout`` pages with float
coordinates, a ``.jpg.2`` preview and uuid-named PDFs).

The articles, names and numbers are made up. Each page PDF is a real PDF
with each article's headline and text set at the place its zone covers,
in the bundled Kai font (subset), so that a test can check that a zone
lies on its article's words; each preview is that page drawn at the size
the page file shows it.

    python tools/make_epaper_fixtures.py          # writes tests/data/epaper/
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image

from viewer.mupdf import load_pymupdf

OUT = ROOT / "tests" / "data" / "epaper"
FONT = ROOT / "viewer" / "resources" / "fonts" / "HeraldKai-Regular.ttf"
PAGE = (700.0, 1100.0)  # points, every fixture page

pymupdf = load_pymupdf()


# ---------------------------------------------------------------- page PDFs and previews


def make_pdf(path: Path, articles: list[tuple[str, tuple[float, float, float, float], str]]) -> bytes:
    """A one-page PDF: each article's headline and text inside its box (points)."""
    doc = pymupdf.open()
    page = doc.new_page(width=PAGE[0], height=PAGE[1])
    page.insert_font(fontname="hs", fontfile=str(FONT))
    for headline, (x0, y0, x1, y1), body in articles:
        page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), color=(0.6, 0.6, 0.6), width=0.5)
        page.insert_textbox(pymupdf.Rect(x0 + 6, y0 + 6, x1 - 6, y0 + 40), headline, fontname="hs", fontsize=18)
        page.insert_textbox(pymupdf.Rect(x0 + 6, y0 + 44, x1 - 6, y1 - 6), body, fontname="hs", fontsize=10)
    doc.subset_fonts()
    path = norm(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = doc.tobytes(garbage=4, deflate=True)
    path.write_bytes(data)
    return data


def make_preview(pdf: bytes, path: Path, width_px: int) -> None:
    """The page drawn ``width_px`` wide, as a JPEG."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        scale = width_px / PAGE[0]
        pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(scale, scale), colorspace=pymupdf.csGRAY)
        im = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=40)
    path = norm(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def make_photo(path: Path) -> None:
    im = Image.new("L", (80, 60), 170)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=40)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def write(path: Path, text: str, encoding: str = "utf-8", bom: bool = False, crlf: bool = False) -> None:
    path = norm(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if crlf:
        text = text.replace("\n", "\r\n")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))


def norm(path: Path) -> Path:
    return Path(os.path.normpath(path))


def scaled(box, s):
    """A box in displayed pixels, as pages write them: 180, not 180.0."""
    return tuple(int(v) if v == int(v) else v for v in (round(v * s, 2) for v in box))


def body(n: int, lead: str) -> str:
    return lead + "。" + "本报讯测试正文，用于检验阅读顺序与热区位置。" * n


# ---------------------------------------------------------------- Founder classic, GBK

CLASSIC_ARTICLES = {
    # id: (page, headline, box in points, kicker, subtitle, author, paragraphs)
    "1001": ("2025-03/14", "滨江新区春季开工项目全面启动", (20, 20, 680, 300), "稳中求进 开局有力", "四十个重点项目同日开工",
             "本报记者 王喆", ["全市重点项目集中开工仪式昨日举行。", "项目总投资超过三百亿元。"]),
    "1002": ("2025-03/14", "科技小院里的春耕新图景", (20, 320, 340, 1080), "", "", "记者 周堃",
             ["田间地头，农技人员指导春耕。", "智能农机让播种更精准。"]),
    "1003": ("2025-03/14", "滨江图书馆延长开放时间", (360, 320, 680, 680), "", "", "", ["市图书馆自本周起延长开放时间。"]),
    "1004": ("2025-03/14", "老旧小区改造惠及万户居民", (360, 700, 680, 900), "民生实事", "", "本报记者 李明",
             ["今年全市计划改造老旧小区一百个。", "改造内容包括加装电梯和管网更新。（下转第2版）"]),
    "1005": ("2025-03/14", "老旧小区改造惠及万户居民", (20, 20, 680, 400), "", "", "",
             ["（上接第1版）改造工作将于年底前完成。"]),
    "1006": ("2025-03/14", "春日赏花地图发布", (260, 560, 440, 740), "", "", "", ["全市二十处赏花点位一览。"]),
    "1101": ("2025-03/15", "滨江湿地迎来候鸟高峰", (20, 20, 680, 500), "", "", "本报记者 王喆", ["湿地观测到候鸟两万余只。"]),
}


def classic_page(date: str, node: int, number: int, section_spaced: str, areas: str, img: str, pdf: str,
                 headlines: list[str], pages: list[tuple[int, str, str]], date_text: str) -> str:
    nav = "".join(f" <Li>&nbsp;<a id=pageLink href=node_{n + 1}.htm>{n:02d}： {s}</a></Li>" for n, s, _ in pages)
    rows = "".join(f"<tr><td class=default align=left>&nbsp;<a id=pageLink href=node_{n + 1}.htm>第{n:02d}版：{s}</a>"
                   f"</td><td nowrap align=middle width=55><a href={p}><img height=16 src=\"../../../tplimg/pdf.gif\" "
                   f"width=16 border=0></a></td></tr>" for n, s, p in pages)
    items = "".join(f"<li><img src=\"../../../tplimg/checkbox.bmp\" /><a href=content_{aid}.htm?div=-1>"
                    f"<div style=\"display:inline\" id=mp{aid}>{CLASSIC_ARTICLES[aid][1]}</div></a>\n" for aid in headlines)
    section = section_spaced.replace(" ", "")
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>滨江日报--数字报</title>
<link href="../../../../tplimg/global.css" type="text/css" rel="stylesheet">
<SCRIPT language=Javascript src="../../../tplimg/mp.js"></SCRIPT>
<SCRIPT id=oMapScript event=onmouseover() for=pagepicmap>
 drawLine(event.srcElement);
</SCRIPT>
</head>
<SPAN id=leveldiv title=点击查看内容 style="Z-INDEX: 100; LEFT: 233px; WIDTH: 210px; POSITION: absolute; TOP: 123px; HEIGHT: 34px"></SPAN>
<body onLoad="initialize();initMPPage();">
<DIV id=pgn>
 <UL>{nav}</UL>
</DIV>
<table width=1002 align=center border=0><tr>
<td valign=top width=400>
<MAP NAME="pagepicmap">{areas}</MAP><img src={img} {{size}} border=0 USEMAP=#PagePicMap>
<table width=411><tr><td class="banci">第{number:02d}版：<STRONG>{section}</STRONG></td>
<td class=px12><a class=preart href="node_{node + 1}.htm">下一版</a></td>
<td class="pdf"><a href={pdf}><IMG height=16 src="../../../tplimg/pdf.gif" width=16 border=0></a></td></tr></table>
<div class="title"><ul class="list01">
{items}</ul></div>
</td>
<td valign=top width=602>
<div class="date">{date_text}</div>
<table cellspacing=0 cellpadding=2 width=100% border=0><tbody>{rows}</tbody></table>
<a href="../13/node_2.htm">上一期</a>
</td></tr></table>
</body>
</html>
<!--enpproperty <founder-date>{date.replace('/', '-')} 23:59:59</founder-date><founder-pagenum>{number:02d}</founder-pagenum><founder-papername>滨江日报</founder-papername><founder-type>2</founder-type><founder-content>滨江日报</founder-content> /enpproperty-->
"""


def classic_article(aid: str, photo: str | None = None) -> str:
    _, headline, _, kicker, subtitle, author, paras = CLASSIC_ARTICLES[aid]
    ps = "".join(f"<P>　　{p}</P>\n" for p in paras)
    pic = (f"<table align=center><tr><td><img src={photo} border=0></td></tr>"
           f"<tr><td align=center class=font03>图为科技小院的农技人员在田间指导。</td></tr></table>\n") if photo else ""
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>滨江日报--数字报</title>
</head>
<body>
<MAP NAME="pagepicmap"><Area coords="10,10,340,10,340,150,10,150" shape="polygon" href="content_1001.htm"></MAP><img src=../../../images/xx.jpg USEMAP=#PagePicMap>
<table width=98% align=center>
<tr><td class="font02" align=center>{kicker}</td></tr>
<tr><td class="font01" align=center>{headline}</td></tr>
<tr><td class="font02" align=center>{subtitle}</td></tr>
<tr><td class="font03" align=center>{author}</td></tr>
<tr><td>{pic}<div id=ozoom><!--enpcontent--><!--enpcontent-->{ps}<!--/enpcontent--><!--/enpcontent--></div></td></tr>
</table>
<!--enpproperty <articleid>{aid}</articleid><date>2025-03-14 09:28:27.0</date><author>{author}</author><title>{headline}</title><keyword></keyword><subtitle>{subtitle}</subtitle><introtitle>{kicker}</introtitle><siteid>2</siteid><nodeid>423</nodeid><nodename>要闻</nodename><nodesearchname></nodesearchname><picurl></picurl>/enpproperty-->
</body>
</html>
"""


def make_classic(root: Path) -> None:
    img = "../../../images/{d}/{n:02d}/BJRB{c}{n:02d}_b.jpg"
    pdf = "../../../images/{d}/{n:02d}/BJRB{c}{n:02d}.pdf"
    day = {"2025-03/14": ("20250314", "2025年03月14日 星期五"), "2025-03/15": ("20250315", "2025年03月15日 星期六")}
    pages = {
        ("2025-03/14", 1): (["1001", "1002", "1003", "1004"], "要 闻", 350),
        ("2025-03/14", 2): (["1005", "1006"], "综 合", 525),
        ("2025-03/15", 1): (["1101"], "要 闻", 350),
    }
    for (d, n), (aids, section, width) in pages.items():
        compact, date_text = day[d]
        boxes = [(CLASSIC_ARTICLES[a][1], CLASSIC_ARTICLES[a][2], body(4, CLASSIC_ARTICLES[a][6][0])) for a in aids]
        pdf_rel = pdf.format(d=d, n=n, c=compact)
        data = make_pdf(root / "html" / d / pdf_rel, boxes)
        make_preview(data, root / "html" / d / img.format(d=d, n=n, c=compact), width)
        s = width / PAGE[0]
        if (d, n) == ("2025-03/14", 1):
            a1 = scaled((20, 20, 680, 300), s)
            a2 = scaled((20, 320, 340, 1080), s)
            photo = scaled((20, 320, 340, 600), s)
            a3 = scaled((360, 320, 680, 680), s)
            l4 = [(360, 700), (680, 700), (680, 1080), (520, 1080), (520, 900), (360, 900)]
            areas = (
                f'<Area coords="{a1[2]},{a1[1]},{a1[0]},{a1[1]},{a1[0]},{a1[1] + 30},{a1[0]},{a1[3]},{a1[2]},{a1[3]}" '
                f'shape="polygon" href="content_1001.htm?div=-1">'
                f'<Area coords="{a1[2]},{a1[1]},{a1[0]},{a1[1]},{a1[0]},{a1[1] + 30},{a1[0]},{a1[3]},{a1[2]},{a1[3]}" '
                f'shape="polygon" href="content_1001.htm?div=-1">'
                f'<Area coords="{photo[0]},{photo[1]},{photo[2]},{photo[1]},{photo[2]},{photo[3]},{photo[0]},{photo[3]}" '
                f'shape="polygon" href="content_1002.htm?div=0">'
                f'<Area coords="{a2[0]},{a2[1]},{a2[2]},{a2[1]},{a2[2]},{a2[3]},{a2[0]},{a2[3]}" shape="polygon" '
                f'href="content_1002.htm?div=-1">'
                f'<AREA shape=rect coords={a3[0]},{a3[1]},{a3[2]},{a3[3]} href=content_1003.htm>'
                f'<Area coords="{",".join(f"{x * s:g},{y * s:g}" for x, y in l4)}" shape="polygon" '
                f'href="content_1004.htm?div=-1">')
            size = f"width={width} height={round(PAGE[1] * s)}"
            headlines = ["1001", "1003", "1002", "1004"]  # the list's order, not the map's
        elif (d, n) == ("2025-03/14", 2):
            a5 = scaled((20, 20, 680, 400), s)
            areas = (f'<Area coords="{a5[0]},{a5[1]},{a5[2]},{a5[1]},{a5[2]},{a5[3]},{a5[0]},{a5[3]}" shape="polygon" '
                     f'href="content_1005.htm?div=-1">'
                     f'<area shape="circle" coords="{350 * s:g},{650 * s:g},{150 * s:g}" href="content_1006.htm">')
            size = ""  # no width and height: the zones are in the image's own pixels
            headlines = ["1005", "1006"]
        else:
            a = scaled((20, 20, 680, 500), s)
            areas = (f'<Area coords="{a[0]},{a[1]},{a[2]},{a[1]},{a[2]},{a[3]},{a[0]},{a[3]}" shape="polygon" '
                     f'href="content_1101.htm?div=-1">')
            size = f"width={width} height={round(PAGE[1] * s)}"
            headlines = ["1101"]
        day_pages = [(k[1], v[1], pdf.format(d=d, n=k[1], c=compact)) for k, v in pages.items() if k[0] == d]
        html = classic_page(d, n + 1, n, section, areas, img.format(d=d, n=n, c=compact), pdf_rel, headlines,
                            day_pages, date_text).replace("{size}", size)
        write(root / "html" / d / f"node_{n + 1}.htm", html, "gbk")
        for aid in aids:
            photo = None
            if aid == "1002":
                photo = f"../../../images/{d}/{n:02d}/pic1002.jpg"
                make_photo(root / "images" / d / f"{n:02d}" / "pic1002.jpg")
            write(root / "html" / d / f"content_{aid}.htm", classic_article(aid, photo), "gbk")
    write(root / "paperindex.htm", '<META HTTP-EQUIV="REFRESH" CONTENT="0; URL=html/2025-03/15/node_2.htm">\n', "gbk")


# ---------------------------------------------------------------- newer Founder, UTF-8, positioned hot zones

NEWER_ARTICLES = {
    "2001": (1, "数字经济核心产业增加值稳步提升", (20, 20, 680, 400), "高质量发展", "前十一个月同比增长百分之九", "本报记者 陈静",
             ["数字经济核心产业增加值稳步提升。", "新型基础设施建设加快推进。"]),
    "2002": (1, "冬季文旅消费持续升温", (20, 420, 680, 1080), "", "", "本报记者 刘洋", ["冰雪旅游订单同比增长。"]),
    "2003": (2, "社区食堂让老人吃得更好", (35, 110, 665, 550), "", "", "", ["社区食堂提供平价餐食。"]),
    "2004": (2, "年末岁初安全生产检查启动", (35, 605, 665, 1045), "", "", "", ["检查覆盖重点行业领域。"]),
}


def newer_page(n: int, count: int, img: str, img_size: str, zones: str, pdf: str) -> str:
    slides = "".join(f'\n\t\t\t<div class="swiper-slide"><a id="pageLink" href="node_{k:02d}.html">{k:02d}版：'
                     f'{"要闻" if k == 1 else "民生"}</a></div>' for k in range(1, count + 1))
    items = "".join(f'\n\t\t\t<li><a href="../../../content/202512/29/content_{aid}.html">{a[1]}</a></li>'
                    for aid, a in NEWER_ARTICLES.items() if a[0] == n)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
\t<meta charset="utf-8">
\t<title>海城晚报</title>
\t<link href="../../../../../../static/epaper/css/style.css" rel="stylesheet">
</head>
<body>
\t<div class="main">
\t\t<div class="left paper-box">
\t\t\t<div class="paper" style="position: relative;">
\t\t\t\t<img src="{img}" {img_size} alt="">{zones}
\t\t\t</div>
\t\t\t<div class="paper-bot">
\t\t\t\t<p class="left ban">第{n:02d}版：{"要闻" if n == 1 else "民生"}</p>
\t\t\t\t<p class="right btn"><a href="{pdf}">PDF下载</a></p>
\t\t\t</div>
\t\t</div>
\t\t<div class="right right-main">
\t\t\t<p class="date left">海城晚报 <span class="newstime">2025年12月29日 星期一</span></p>
\t\t\t<div class="swiper-box"><div class="swiper-container">{slides}
\t\t\t</div></div>
\t\t\t<ul class="news-list">{items}
\t\t\t</ul>
\t\t</div>
\t</div>
</body>
</html>
"""


def newer_article(aid: str) -> str:
    _, headline, _, kicker, subtitle, author, paras = NEWER_ARTICLES[aid]
    ps = "".join(f"\n<p>　　{p}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{headline}</title></head>
<body>
<div class="main"><div class="article-box"><div class="article">
<h3>{kicker}</h3>
<h1>{headline}</h1>
<h2>{subtitle}</h2>
<p class="sec">{author}<span class="date">《海城晚报》（2025年12月29日 第 01 版）</span></p>
<div id="ozoom"><founder-content>{ps}
</founder-content></div>
</div></div></div>
</body>
</html>
"""


def make_newer(root: Path) -> None:
    layout = root / "pc" / "layout" / "202512" / "29"
    for n in (1, 2):
        aids = [a for a, v in NEWER_ARTICLES.items() if v[0] == n]
        boxes = [(NEWER_ARTICLES[a][1], NEWER_ARTICLES[a][2], body(4, NEWER_ARTICLES[a][6][0])) for a in aids]
        data = make_pdf(root / "pc" / "page" / "202512" / "29" / f"hcwb20251229{n:02d}.pdf", boxes)
        width = 420 if n == 1 else 350
        make_preview(data, root / "pc" / "pic" / "202512" / "29" / f"hcwb20251229{n:02d}_b.jpg", width)
        s = width / PAGE[0]
        zones = ""
        for aid in aids:
            x0, y0, x1, y1 = NEWER_ARTICLES[aid][2]
            href = f"../../../content/202512/29/content_{aid}.html"
            if n == 1:  # pixels of the displayed image, the link inside the positioned div
                zones += (f'\n\t\t\t\t<div class="hot" style="position:absolute; left:{x0 * s:g}px; top:{y0 * s:g}px; '
                          f'width:{(x1 - x0) * s:g}px; height:{(y1 - y0) * s:g}px;"><a href="{href}"></a></div>')
            else:  # per cent of the image, on the link itself
                zones += (f'\n\t\t\t\t<a href="{href}" style="position:absolute;left:{x0 / PAGE[0] * 100:g}%;'
                          f'top:{y0 / PAGE[1] * 100:g}%;width:{(x1 - x0) / PAGE[0] * 100:g}%;'
                          f'height:{(y1 - y0) / PAGE[1] * 100:g}%"></a>')
        img_size = f'width="{width}" height="{round(PAGE[1] * s)}"' if n == 1 else ""
        html = newer_page(n, 2, f"../../../pic/202512/29/hcwb20251229{n:02d}_b.jpg", img_size, zones,
                          f"../../../page/202512/29/hcwb20251229{n:02d}.pdf")
        write(layout / f"node_{n:02d}.html", html, bom=(n == 2), crlf=(n == 2))
        for aid in aids:
            write(root / "pc" / "content" / "202512" / "29" / f"content_{aid}.html", newer_article(aid))


# ---------------------------------------------------------------- People's Daily, both forms

RMRB_OLD = {
    # (page, article): (headline, box, kicker, subtitle, author, paragraphs)
    (1, 1): ("测试书稿出版发行", (408, 4, 794, 222), "", "", "", ["本报北京10月15日电 测试书稿近日出版发行。"]),
    (1, 2): ("座谈会征求各方意见", (4, 192, 390, 746), "", "征求对测试报告的意见", "本报记者 张三",
             ["座谈会在京召开。", "与会者发言。（下转第二版）"]),
    (2, 1): ("座谈会征求各方意见", (4, 4, 794, 400), "", "", "", ["（上接第一版）会议强调，要凝聚共识。"]),
}
RMRB_NEW = {
    "30048054": (1, "为老百姓提供用得上的信息服务", (7.44, 185.61, 388.8, 647.105), "总书记的人民情怀", "", "本报记者 李四",
                 ["信息服务走进千家万户。"]),
    "30048055": (1, "深化生态文明体制改革", (411.28, 7.475, 792.64, 327.29), "", "改革增动力 发展添活力", "",
                 ["生态文明体制改革稳步推进。"]),
    "30048056": (1, "国务院常务会议召开", (411.28, 346.15, 792.64, 644.575), "", "", "", ["会议研究部署有关工作。"]),
    "30048070": (2, "读者来信选登", (20, 20, 780, 600), "", "", "", ["来信反映社区服务改进情况。"]),
}
RMRB_PAGE = (800.0, 1150.0)


def old_rmrb_page(n: int, areas: str) -> str:
    items = "".join(f'\n<li>\n<a href=nw.D110000renmrb_20171016_{a}-{p:02d}.htm><script>document.write(view("'
                    f'{v[0]}  "))</script></a></li>' for (p, a), v in RMRB_OLD.items() if p == n)
    rows = "".join(f'\n<div class="right_title{1 + (k + 1) % 2}">\n<div class="right_title-name"><a id=pageLink '
                   f'href={"./" if k == 1 else ""}nbs.D110000renmrb_{k:02d}.htm>第{k:02d}版：{"要闻" if k == 1 else "评论"}'
                   f'</a></div>\n<div class="right_title-pdf"><a href=../../../page/2017-10/16/{k:02d}/rmrb20171016{k:02d}.pdf>'
                   f'<img src="../../../tplimg/ico3.gif" border=0 /></a></div>\n</div>' for k in (1, 2))
    return f"""
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="utf-8">
<head>
<meta http-equiv="content-type" content="text/html;charset=utf-8" />
<link href="../../../tplimg/mulu_m1.css" type="text/css" rel="stylesheet" rev="stylesheet" media="all" />
<title>人民日报-人民网</title>
<script language="javascript">
function view(str)
{{
 var len = 20;
 var ret = "";
str=str.replace(/<br>/gi," ");
 if(str.length > len)
  ret = "<span title='" + str + "'>" + str.substring(0, len) + "...</span>";
 else
  ret = str;
 return ret;
}}
</script>
</head>
<body onLoad="initialize();initMPPage();">
<div class="div_bg"><div class="div_center">
  <div class="left_c">
    <div class="ban">
      <div>
        <map name=PagePicMap>{areas}</map><img  width=400 height=575 src=../../../page/2017-10/16/{n:02d}/rmrb20171016{n:02d}_b.jpg border=0 USEMAP=#PagePicMap></div>
    </div>
    <div class="ban_t">
      <div>
        <ul>
          <li>
            {n:02d}版:{"要闻" if n == 1 else "评论"}
            &nbsp;
            <a href=../../../page/2017-10/16/{n:02d}/rmrb20171016{n:02d}.pdf><IMG src="../../../tplimg/ico4.gif" border=0></a>
            PDF版下载</li>
        </ul>
      </div>
    </div>
  </div>
  <div class="right_c">
            <div id="riqi_"  style="float:left;">
            人民日报
            2017年10月16日 星期一
            </div>
    <DIV id="ozoom" style="zoom:100%;">
      <div class="list_t">
        <div class="list_l">
          <div class="l_t">
            {n:02d}版:{"要闻" if n == 1 else "评论"}
          </div>
          <div class="l_c">
            <div id="titleList"  style="height:440px;overflow:hidden;">
              <!-- list starting -->
              <ul>
{items}

</ul><!-- list endding -->
            </div>
          </div>
        </div>
        <div class="list_r">
          <div class="l_t l_t1">版面目录</div>
          <div class="l_c l_c1">
            <div id="pageList" style="overflow:hidden;height:440px;">
              <!-- list starting -->
              <ul>{rows}
</ul><!-- list endding -->
            </div>
          </div>
        </div>
      </div>
    </div>
  </div>
</div></div>
</body>
</html>
"""


def old_rmrb_article(key) -> str:
    headline, _, kicker, subtitle, author, paras = RMRB_OLD[key]
    ps = "".join(f"<P>　　{p}</P>\n" for p in paras)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="content-type" content="text/html;charset=utf-8" />
<title>人民日报-人民网</title>
</head>
<body>
<div class="text_c">
<h3>{kicker}</h3>
<h1>{headline}</h1>
<h2>{subtitle}</h2>
<h4>{author}</h4>
<div class="lai">《 人民日报 》（ 2017年10月16日   {key[0]:02d} 版）</div>
<div class="c_c"><div id="ozoom"><!--enpcontent-->{ps}<!--/enpcontent--></div></div>
</div>
<!-- 以下是供复制全文用 -->
<div style="display:none"><!--enpcontent-->{ps}<!--/enpcontent--></div>
</body>
</html>
"""


def new_rmrb_page(n: int, areas: str, pic: str, pdf: str, download: str) -> str:
    slides = "".join(f'\n\t\t\t\t\t\t\t<div class="swiper-slide">\n\t\t\t\t\t\t\t\t<a id="pageLink" href="node_{k:02d}.html">'
                     f'{k:02d}版：{"要闻" if k == 1 else "评论"}</a>\n\t\t\t\t\t\t\t</div>' for k in (1, 2))
    items = "".join(f'\n\t\t\t\t\t\t\t\t<li>\n\t\t\t\t\t\t\t\t\t<span>·</span>\n\t\t\t\t\t\t\t\t\t<a href="../../../content/'
                    f'202412/25/content_{aid}.html"> {v[1]} </a>\n\t\t\t\t\t\t\t\t</li>'
                    for aid, v in RMRB_NEW.items() if v[0] == n)
    return f"""
<!DOCTYPE html>
<html lang="en">

<head>
\t<meta http-equiv="Content-Type" content="text/html;charset=utf-8" />
\t\t<title>人民日报-人民网</title>
\t<link href="../../../../../../testx/template/amucsite/projectPaper/rmPaper/files/default.css" rel="stylesheet">
\t<script type="text/javascript"
\t\tsrc="../../../../../../testx/template/amucsite/projectPaper/rmPaper/files/app.js"></script>
</head>
\t<body onLoad="initialize();initMPPage();">
\t\t<div class="main w1000">
\t\t\t<div class="left paper-box">
\t\t\t\t<div class="paper">
\t\t\t\t\t<MAP NAME="PagePicMap">{areas}</MAP>
\t\t\t\t\t<img width="400" height="575" src="{pic}" border="0" USEMAP=#PagePicMap>
\t\t\t\t</div>
\t\t\t\t<div class="paper-bot">
\t\t\t\t\t<p class="left ban">
\t\t\t\t\t\t第{n:02d}版：{"要闻" if n == 1 else "评论"}
\t\t\t\t\t</p>
\t\t\t\t\t<p class="right btn">
\t\t\t\t\t\t<a href="{pdf}" download="{download}">PDF下载</a>
\t\t\t\t\t</p>
\t\t\t\t</div>
\t\t\t</div>
\t\t\t<div class="right right-main">
\t\t\t\t<div class="date-box">
\t\t\t\t\t<p class="date left">
\t\t\t\t\t\t人民日报 <span class="newstime">2024年12月25日 Wed</span>
\t\t\t\t\t</p>
\t\t\t\t</div>
\t\t\t\t<div class="swiper-box">
\t\t\t\t\t<div class="swiper-container">{slides}
\t\t\t\t\t</div>
\t\t\t\t</div>
\t\t\t\t<div class="news">
\t\t\t\t\t<ul class="news-list">{items}
\t\t\t\t\t</ul>
\t\t\t\t</div>
\t\t\t</div>
\t\t</div>
\t</body>
</html>"""


def new_rmrb_article(aid: str, photo: str | None) -> str:
    _, headline, _, kicker, subtitle, author, paras = RMRB_NEW[aid]
    ps = "".join(f"\n\t\t\t\t\t<p>　　{p}</p>" for p in paras)
    pic = (f'\n\t\t\t\t\t<table class="pci_c"><tr><td><img src="{photo}"></td></tr>'
           f"<tr><td><p>图为社区工作人员为老人讲解信息服务。</p></td></tr></table>") if photo else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
\t<meta http-equiv="Content-Type" content="text/html;charset=utf-8" />
\t<title>人民日报-人民网</title>
</head>
<body>
\t<div class="main w1000">
\t\t<div class="right right-main">
\t\t\t<div class="article-box">
\t\t\t\t<div class="article">
\t\t\t\t\t<h3>{kicker}</h3>
\t\t\t\t\t<h1>{headline}</h1>
\t\t\t\t\t<h2>{subtitle}</h2>
\t\t\t\t\t<p class="sec">{author}<span class="date">《人民日报》（2024年12月25日 第 01 版）</span></p>{pic}
\t\t\t\t\t<div id="ozoom">{ps}
\t\t\t\t\t</div>
\t\t\t\t</div>
\t\t\t</div>
\t\t</div>
\t</div>
</body>
</html>"""


def _pdf_and_preview(pdf: Path, jpg: Path, boxes, size) -> None:
    global PAGE
    kept, PAGE = PAGE, size
    try:
        make_preview(make_pdf(pdf, boxes), jpg, 400)
    finally:
        PAGE = kept


def make_rmrb(mirror: Path) -> None:
    rmrb = mirror / "paper.people.com.cn" / "rmrb"
    s = 400 / RMRB_PAGE[0]
    html = rmrb / "html" / "2017-10" / "16"
    for n in (1, 2):
        keys = [k for k in RMRB_OLD if k[0] == n]
        boxes = [(RMRB_OLD[k][0], RMRB_OLD[k][1], body(4, RMRB_OLD[k][5][0])) for k in keys]
        page_dir = rmrb / "page" / "2017-10" / "16" / f"{n:02d}"
        _pdf_and_preview(page_dir / f"rmrb20171016{n:02d}.pdf", page_dir / f"rmrb20171016{n:02d}_b.jpg", boxes, RMRB_PAGE)
        areas = ""
        for k in keys:
            x0, y0, x1, y1 = scaled(RMRB_OLD[k][1], s)
            areas += (f'<Area coords="{x1:g},{y0 + 15:g},{x1:g},{y0:g},{x0:g},{y0:g},{x0:g},{y1:g},{x1:g},{y1:g}" '
                      f'shape="polygon" href="nw.D110000renmrb_20171016_{k[1]}-{n:02d}.htm">')
        write(html / f"nbs.D110000renmrb_{n:02d}.htm", old_rmrb_page(n, areas))
        for k in keys:
            write(html / f"nw.D110000renmrb_20171016_{k[1]}-{n:02d}.htm", old_rmrb_article(k))
    pics = {1: "0f88d5f4-cdbd-4b8b-a600-8b44f707a067", 2: "1a2b3c4d-0000-4b8b-a600-8b44f707a068"}
    pdfs = {1: "58d97d37-6229-4f3b-872d-3911f85cb11b", 2: "6e1c2a10-1111-4f3b-872d-3911f85cb11c"}
    layout = rmrb / "pc" / "layout" / "202412" / "25"
    for n in (1, 2):
        aids = [a for a, v in RMRB_NEW.items() if v[0] == n]
        boxes = [(RMRB_NEW[a][1], RMRB_NEW[a][2], body(4, RMRB_NEW[a][6][0])) for a in aids]
        _pdf_and_preview(rmrb / "pc" / "attachement" / "202412" / "25" / f"{pdfs[n]}.pdf",
                         rmrb / "pc" / "pic" / "202412" / "25" / f"{pics[n]}.jpg.2", boxes, RMRB_PAGE)
        areas = ""
        for aid in aids:
            x0, y0, x1, y1 = (v * s for v in RMRB_NEW[aid][2])
            areas += (f'<Area coords="{x0:g},{y0:g},{x1:g},{y0:g},{x1:g},{y1:g},{x0:g},{y1:g}" shape="polygon" '
                      f'href="../../../content/202412/25/content_{aid}.html">')
        # page 2 names its PDF by an absolute address of the site's own host (the copy has the host's folder)
        pdf = (f"../../../attachement/202412/25/{pdfs[n]}.pdf" if n == 1 else
               f"https://paper.people.com.cn/rmrb/pc/attachement/202412/25/{pdfs[n]}.pdf")
        write(layout / f"node_{n:02d}.html", new_rmrb_page(n, areas, f"../../../pic/202412/25/{pics[n]}.jpg.2", pdf,
                                                            f"rmrb20241225{n:02d}.pdf"))
        for aid in aids:
            photo = None
            if aid == "30048054":
                photo = "../../../pic/202412/25/photo-30048054.jpg"
                make_photo(rmrb / "pc" / "pic" / "202412" / "25" / "photo-30048054.jpg")
            write(rmrb / "pc" / "content" / "202412" / "25" / f"content_{aid}.html", new_rmrb_article(aid, photo))


def main() -> None:
    for name in ("classic-gbk", "founder-utf8", "rmrb-mirror"):
        shutil.rmtree(OUT / name, ignore_errors=True)
    make_classic(OUT / "classic-gbk")
    make_newer(OUT / "founder-utf8")
    make_rmrb(OUT / "rmrb-mirror")
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {OUT.relative_to(ROOT)}: {sum(1 for p in OUT.rglob('*') if p.is_file())} files, {total // 1024} KB")


if __name__ == "__main__":
    main()
