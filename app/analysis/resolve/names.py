"""Chinese personal-name shapes: surnames, anonymised forms (黄某某), nicknames (老张), OCR look-alikes.

No pinyin anywhere: 张伟 and 章伟 sound alike but are two people unless identifiers join them.
"""

from __future__ import annotations

import re
import unicodedata

from domain.names import ALL_COMPOUND_SURNAMES as COMPOUND_SURNAMES

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ANON_TAIL = re.compile(r"^(.{1,2}?某某?)(?!某)[\u4e00-\u9fff]$")
_ANON = re.compile(r"^(?P<s>.{1,2}?)(?P<m>某某|某|[Xx×＊*]{1,2})$")
_NICK = [
    (re.compile(r"^阿(.)$"), "given"),
    (re.compile(r"^[老小](.)$"), "surname"),
    (re.compile(r"^(.{1,2})(?:老板|老大|哥|姐|总|胖子|老师|师傅)$"), "surname"),
    (re.compile(r"^大(.)$"), "given"),
]

# Pairs of characters that OCR confuses because they look alike (not because they sound alike).
_OCR_GROUPS = [
    "己已巳", "未末", "王玉主", "土士", "日曰", "人入八", "大太犬", "天夭", "千干于", "刀力", "贝见",
    "候侯", "戊戌戍", "晴睛", "拨拔", "辩辨辫", "茶荼", "杨扬", "李季", "陈阵", "林材", "明朋", "峰锋",
    "娟涓", "玲铃", "琳淋", "波坡", "涛祷", "辉挥", "斌赋", "杰杏", "鹏朋", "浩洁", "军车",
    "静睁", "敏敬", "晶品", "霞露", "婷停", "倩债", "莉利", "颖倾", "彤肜",
    "旭旬", "帅师", "宏宠", "春舂", "刚冈", "超起",
    "宇字", "凯剀", "晨晟", "龙尤", "东车", "海悔", "亮亭", "新親", "兵乒乓",
    "红虹", "萍苹", "雪雷", "慧彗", "洁沽", "英荚", "月用", "琴瑟",
    "丹舟", "璐路", "薇微", "蕾雷", "瑶遥", "怡恰", "俊浚", "平乎", "刘浏",
    "赵赳", "徐途", "孙逊", "朱未", "罗岁", "郑邓",
    "梁粱", "谢射", "宋宗", "唐庸", "许浒", "韩乾", "曹曾", "彭膨", "肖消", "田由甲申", "董童",
    "潘蟠", "袁衰", "蔡察", "蒋将", "余佘", "于干", "程呈", "魏巍", "苏芬", "吕目",
    "任仁", "姚桃", "沈沉", "钟钾", "姜羌", "崔催", "谭潭", "陆陵", "范苑", "汪注",
    "廖寥", "石右", "韦苇", "贾買", "夏复", "邹皱", "熊態", "白自", "孟盂",
    "秦泰奏", "邱丘", "江汪", "尹伊", "薛藓", "闫闰", "段锻", "雷雪", "黎梨", "史吏", "陶掏",
    "郝赦", "顾颐", "龚袭", "邵劭", "章彰", "戚威",
]
_LABEL_HEAD = re.compile(r"^(?:姓名|户名|账户名称|客户姓名|被讯问人|被询问人)[:：]?")
# Form labels an extractor sometimes tags as a person (a header cell, not a name).
NOT_NAMES = frozenset({"姓名", "性别", "名字", "本人", "被讯问人", "被询问人", "犯罪嫌疑人", "被害人", "证人",
                       "讯问人", "询问人", "记录人", "户名", "账户名称", "Account Account", "Account Name"})
OCR_CONFUSABLE: frozenset[tuple[str, str]] = frozenset(
    (a, b) for group in _OCR_GROUPS for a in group for b in group if a != b)


def strip_edge_punctuation(text: str) -> str:
    """Quotes and brackets an extractor caught at a span's edge (绰号“大文”): never part of a name; masks (*) stay."""
    lo, hi = 0, len(text)
    while lo < hi and _edge_mark(text[lo]):
        lo += 1
    while hi > lo and _edge_mark(text[hi - 1]):
        hi -= 1
    return text[lo:hi]


def _edge_mark(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] == "P" and ch not in "*＊"


def clean_name(text: str) -> str:
    """NFKC, no edge quotes or brackets, no spaces inside Chinese names, single spaces in Latin ones."""
    text = strip_edge_punctuation(unicodedata.normalize("NFKC", text or ""))
    if _CJK.search(text):
        text = re.sub(r"\s+", "", text)
        label = _LABEL_HEAD.match(text)   # 姓名 孟华琳: a form label caught in the span
        if label and len(text) - label.end() >= 2:
            text = text[label.end():]
        tail = _ANON_TAIL.match(text)   # 李某安(排): an extractor ran on into the next word; 某 is no name
        text = tail.group(1) if tail else text
        anon = _ANON.match(text)         # (亲)戚黄某: a two-character prefix that is no compound surname
        if anon and len(anon.group("s")) == 2 and anon.group("s") not in COMPOUND_SURNAMES and _CJK.match(text):
            text = text[1:]
        return text
    return re.sub(r"\s+", " ", text)


def is_latin(name: str) -> bool:
    return bool(name) and not _CJK.search(name)


def surname(name: str) -> str:
    """Family name: compound (欧阳) or first character; for Latin names the last word."""
    if is_latin(name):
        return name.split()[-1].lower() if name.split() else ""
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def anonymised(name: str) -> tuple[str, str] | None:
    """(surname, mask) for 黄某某 / 黄某 / 黄XX, else None."""
    m = _ANON.match(name)
    if not m or is_latin(name):
        return None
    return m.group("s"), m.group("m")


def nickname(name: str) -> tuple[str, str] | None:
    """(kind, character) for 阿伟 → ('given','伟'), 老张 / 张老板 → ('surname','张'); else None."""
    if is_latin(name) or anonymised(name):
        return None
    for pattern, kind in _NICK:
        m = pattern.match(name)
        if m:
            return kind, m.group(1)
    return None


def full_name(name: str) -> bool:
    """A real full name (2-4 CJK characters or a Latin name), not an anonymised form or nickname."""
    if is_latin(name):
        return len(name.split()) >= 2
    return 2 <= len(name) <= 4 and anonymised(name) is None and nickname(name) is None


def anon_compatible(masked: str, other: str) -> bool:
    """黄某某 / 黄某 fit any 黄 name (published texts write 某某 for two-character names too); never another surname."""
    a = anonymised(masked)
    if a is None or is_latin(other):
        return False
    s, _ = a
    if not other.startswith(s) or anonymised(other) is not None:
        return False
    return len(other) >= len(s) + 1


def anon_length_match(masked: str, other: str) -> bool:
    """The mask's length matches the given name's (黄某某 ↔ 黄晓明, 黄某 ↔ 黄伟): weaker evidence than identity."""
    a = anonymised(masked)
    return bool(a) and anon_compatible(masked, other) and len(other) == len(a[0]) + len(a[1])


def nickname_compatible(nick: str, other: str) -> bool:
    """老张 fits 张伟 (surname); 阿伟 fits 张伟 (last given character)."""
    n = nickname(nick)
    if n is None or not full_name(other) or is_latin(other):
        return False
    kind, ch = n
    return surname(other) == ch if kind == "surname" else other.endswith(ch)


def ocr_variant(a: str, b: str) -> bool:
    """Same length, exactly one character differs, and that pair looks alike (己/已, 未/末)."""
    if len(a) != len(b) or a == b or is_latin(a) or is_latin(b):
        return False
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diffs) == 1 and diffs[0] in OCR_CONFUSABLE


def one_char_apart(a: str, b: str) -> bool:
    if len(a) != len(b) or a == b:
        return False
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


def name_extension(a: str, b: str) -> bool:
    """One full Chinese name is the other plus one character (刘林 / 刘林成): a clipped or overrun span, or two people."""
    if is_latin(a) or is_latin(b) or abs(len(a) - len(b)) != 1:
        return False
    short, long_ = sorted((a, b), key=len)
    return full_name(short) and full_name(long_) and long_.startswith(short)


def char_ngrams(name: str) -> set[str]:
    """Unigrams and boundary-padded bigrams of the name's characters (masks removed)."""
    core = name.replace("某", "") if not is_latin(name) else name.lower()
    padded = f"^{core}$"
    return set(core) | {padded[i:i + 2] for i in range(len(padded) - 1)}


def name_similarity(a: str, b: str) -> float:
    """Dice coefficient over character n-grams (no pinyin folding)."""
    ga, gb = char_ngrams(a), char_ngrams(b)
    if not ga or not gb:
        return 0.0
    return 2 * len(ga & gb) / (len(ga) + len(gb))


def block_keys(name: str) -> set[str]:
    """Keys for blocking: surname, and the last given character for nicknames like 阿伟."""
    keys = set()
    nick = nickname(name)
    if nick:
        keys.add(("s:" if nick[0] == "surname" else "g:") + nick[1])
        return keys
    s = surname(name)
    if s:
        keys.add("s:" + s)
    if full_name(name) and not is_latin(name):
        keys.add("g:" + name[-1])
    return keys
