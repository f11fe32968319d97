"""Synthetic scanned dossier pages (200 dpi, blur, noise, JPEG, slight skew) with their ground-truth text.

Used by bench_ocr.py until the shared synthetic dossier generator (devkit/synth) ships scanned output:
Chinese record pages, English pages and bank-statement tables, typed with PyMuPDF and degraded like
an office scanner would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红玉兰志鹏飞云海波宇浩然婷雪梅"
PLACES = ["北京市朝阳区", "上海市浦东新区", "广州市天河区", "深圳市南山区", "杭州市西湖区", "成都市武侯区",
          "南京市鼓楼区", "武汉市洪山区", "西安市雁塔区", "重庆市渝中区"]
BANKS = ["中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "招商银行", "交通银行"]
QUESTIONS = ["你把当天的经过讲一下", "这笔钱是从哪里来的", "你和对方是什么关系", "你什么时候认识他的",
             "转账是谁操作的", "你知道这个账户是谁在使用吗", "你为什么要去那里", "当时还有谁在场"]
ANSWERS = ["我记不清楚了，大概是晚上八点左右", "钱是他让我转到这个账户上的", "我们是朋友关系，平时一起做生意",
           "二零一九年在饭局上认识的", "是我自己用手机银行操作的", "这个账户一直是他本人在使用",
           "我去那里是为了取现金", "当时只有我们两个人在场"]
EN_LINES = ["Witness statement regarding the transfer of funds", "The account holder confirmed the payment",
            "Statement recorded at the district police station", "Amount received by bank transfer",
            "The suspect denied knowing the recipient", "Invoice number and date were checked",
            "Receipt issued by the supplier on request", "The officer read the record back to the witness"]


@dataclass(frozen=True)
class ScannedPage:
    kind: str  # zh | en | table
    lines: list[str]  # ground truth, in reading order


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def zh_page(rng: random.Random) -> ScannedPage:
    name = _name(rng)
    lines = ["讯问笔录", f"时间 2021年{rng.randint(1, 12)}月{rng.randint(1, 28)}日 地点 {rng.choice(PLACES)}公安分局",
             f"被讯问人 {name} 身份证号 {_digits(rng, 6)}19{_digits(rng, 10)}",
             f"联系电话 13{_digits(rng, 9)} 住址 {rng.choice(PLACES)}{rng.randint(1, 300)}号"]
    for _ in range(12):
        lines.append("问：" + rng.choice(QUESTIONS) + "？")
        lines.append("答：" + rng.choice(ANSWERS) + "，金额" + f"{rng.randint(1, 99)},{_digits(rng, 3)}.00元。")
    return ScannedPage("zh", lines)


def en_page(rng: random.Random) -> ScannedPage:
    lines = [f"Case {_digits(rng, 4)}-{_digits(rng, 3)} Record of interview"]
    for _ in range(24):
        lines.append(f"{rng.choice(EN_LINES)} {rng.randint(1, 28)}/{rng.randint(1, 12)}/2021 ref {_digits(rng, 6)}")
    return ScannedPage("en", lines)


def table_rows(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    header = ["交易日期", "摘要", "金额", "余额", "对方户名", "对方账号"]
    rows = []
    balance = rng.randint(10_000, 90_000)
    for _ in range(26):
        amount = rng.randint(100, 20_000)
        balance += amount if rng.random() < 0.5 else -amount
        rows.append([f"2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", rng.choice(["转账", "取现", "消费", "工资"]),
                     f"{amount:,}.00", f"{balance:,}.00", _name(rng), "6222" + _digits(rng, 12)])
    return header, rows


def table_page(rng: random.Random) -> tuple[ScannedPage, list[list[str]]]:
    header, rows = table_rows(rng)
    title = f"{rng.choice(BANKS)}个人账户交易明细 户名 {_name(rng)} 账号 6222{_digits(rng, 15)}"
    return ScannedPage("table", [title, " ".join(header)] + [" ".join(r) for r in rows]), [header] + rows


COLS = [40, 110, 150, 225, 300, 360, 560]
# A Song-style (宋体-like) serif CJK font with proportional Latin, as in real dossiers; PyMuPDF's built-in
# china-s sets Latin and digits full-width. Falls back to china-s where Noto CJK is not installed.
SERIF_CJK = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


def _font() -> dict:
    return {"fontname": "notoserif", "fontfile": str(SERIF_CJK)} if SERIF_CJK.exists() else {"fontname": "china-s"}


def _draw(page, sp: ScannedPage, table: list[list[str]] | None) -> None:
    import pymupdf

    font = _font()
    if table is None:
        y = 70
        for line in sp.lines:
            page.insert_text((56, y), line, fontsize=11, **font)
            y += 28
        return
    page.insert_text((40, 60), sp.lines[0], fontsize=11, **font)
    y0, h = 80, 26
    for r, row in enumerate(table):
        y = y0 + r * h
        for c, cell in enumerate(row):
            page.insert_text((COLS[c] + 3, y + 17), cell, fontsize=8.5, **font)
        page.draw_line(pymupdf.Point(COLS[0], y), pymupdf.Point(COLS[-1], y), width=0.6)
    bottom = y0 + len(table) * h
    page.draw_line(pymupdf.Point(COLS[0], bottom), pymupdf.Point(COLS[-1], bottom), width=0.6)
    for x in COLS:
        page.draw_line(pymupdf.Point(x, y0), pymupdf.Point(x, bottom), width=0.6)


def degrade(gray, rng: random.Random, *, skew: float | None = None, rotate: int = 0) -> bytes:
    """Scanner look: slight skew, blur, noise, JPEG; returns JPEG bytes. rotate: 0/90/180/270 clockwise."""
    import cv2
    import numpy as np

    nprng = np.random.default_rng(rng.randrange(1 << 30))
    h, w = gray.shape
    angle = rng.uniform(-1.5, 1.5) if skew is None else skew
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    img = cv2.warpAffine(gray, m, (w, h), borderValue=255, flags=cv2.INTER_LINEAR)
    img = cv2.GaussianBlur(img, (3, 3), 0.7)
    noise = nprng.normal(0, 9, img.shape)
    img = np.clip(img.astype(np.float32) * 0.92 + 12 + noise, 0, 255).astype(np.uint8)
    if rotate:
        code = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}[rotate]
        img = cv2.rotate(img, code)
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(65, 85)])
    assert ok
    return buf.tobytes()


def make_scanned_pdf(path: Path, n_pages: int, *, seed: int = 1, dpi: int = 200,
                     rotations: dict[int, int] | None = None) -> list[ScannedPage]:
    """Write an image-only PDF of n_pages scanned pages (zh, en, table in turn); returns the ground truth."""
    import numpy as np
    import pymupdf

    rng = random.Random(seed)
    rotations = rotations or {}
    out = pymupdf.open()
    truth = []
    for i in range(n_pages):
        kind = ("zh", "table", "en")[i % 3]
        table = None
        if kind == "zh":
            sp = zh_page(rng)
        elif kind == "en":
            sp = en_page(rng)
        else:
            sp, table = table_page(rng)
        src = pymupdf.open()
        page = src.new_page(width=595, height=842)
        _draw(page, sp, table)
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).copy()
        src.close()
        rot = rotations.get(i, 0)
        jpeg = degrade(gray, rng, rotate=rot)
        w, h = (842, 595) if rot in (90, 270) else (595, 842)
        target = out.new_page(width=w, height=h)
        target.insert_image(target.rect, stream=jpeg)
        truth.append(sp)
    out.save(path, deflate=True)
    out.close()
    return truth
