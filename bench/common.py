"""Shared helpers for benchmarks: timing, peak memory, deterministic test dossiers."""

from __future__ import annotations

import random
import resource
import time
from contextlib import contextmanager
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌波宇浩凯鑫婷雪琳晨欣"
WORDS = ("讯问 询问 笔录 犯罪嫌疑人 被害人 证人 转账 银行 账户 交易 金额 人民币 公司 有限公司 经理 朋友 老婆 "
         "现金 取款 存款 汇款 时间 地点 公安局 分局 大队 侦查 案件 合同 货款 借款 利息 手机 微信 支付宝").split()


@contextmanager
def timed(results: dict, key: str):
    start = time.perf_counter()
    yield
    results[key] = time.perf_counter() - start


def peak_rss_mb(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def page_text(rng: random.Random, lines: int = 40) -> list[str]:
    out = []
    for _ in range(lines):
        kind = rng.random()
        if kind < 0.3:
            out.append(f"问：你和{person(rng)}是什么关系？答：我们是{rng.choice(WORDS)}关系，认识{rng.randint(1, 20)}年了。")
        elif kind < 0.6:
            out.append(f"2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:"
                       f"{rng.randint(0, 59):02d}  转账  {rng.randint(100, 900000):,}.{rng.randint(0, 99):02d}"
                       f"  6222{rng.randint(10**11, 10**12 - 1)}  {person(rng)}")
        else:
            out.append("".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))) + "。")
    return out


def text_dossier(path: Path, pages: int, seed: int = 1) -> Path:
    """A born-digital Chinese dossier: interrogation-like and statement-like lines, ~40 lines a page."""
    import pymupdf

    rng = random.Random(seed)
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page()
        tw = pymupdf.TextWriter(page.rect)
        y = 50
        for line in page_text(rng):
            tw.append((40, y), line[:60], font=_font(), fontsize=9)
            y += 19
        tw.write_text(page)
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return path


_FONT = None


def _font():
    global _FONT
    if _FONT is None:
        import pymupdf

        _FONT = pymupdf.Font("china-s")
    return _FONT
