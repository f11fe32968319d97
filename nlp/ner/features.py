"""Hashed per-character features for the linear NER (nlp/ner/linear.py), vectorised in numpy.

A text becomes an array of normalised code points (digits -> 0, full-width ASCII -> ASCII, Latin
lower-cased) and a small character class (CJK, digit, Latin, punctuation, space, surname, foreign-name
syllable, ...). Each character gets N_TEMPLATES feature ids: character uni/bi/tri-grams in a +-2 window,
the class window and a bias, hashed into `dim` buckets. No Python loop over characters: the same code
serves training (devkit/ner/train_linear.py) and run time, so both see identical features.
"""

from __future__ import annotations

import numpy as np

from domain.names import SURNAMES_COMPOUND, SURNAMES_SINGLE

PAD = 0  # code point used before, after and between texts
# Classes (uint8). Order matters only for stability: changing it changes every hashed feature.
C_OTHER, C_CJK, C_DIGIT, C_LATIN, C_PUNCT, C_SPACE, C_SURNAME, C_FOREIGN, C_NUMERAL, C_PAD, C_UPPER, C_SUFFIX = range(12)
EXTRA_SURNAMES = ("俞柳尚詹毕成曲翁冉蓝饶解牟艾阳时穆农缪项娄窦岑景费卜冷席卫米柏瞿桂全佟应臧闵苟邬边姬师仇"
                  "栾隋商刁沙荣寇桑郎甄丛仲虞巩明查麻苑迟邝段")
# Characters typical of transliterated foreign names (克林顿, 普京, 费尔南德斯).
FOREIGN = ("斯尔克特拉尼德伊亚诺夫基科里维娃莎琳卡奇洛罗巴布纳姆森普勒茨格赫埃奥乌阿耶兹霍沃韦佩蒂吉季凯米塔索萨泽"
           "顿丁迪杰戈贝利汉雷默朗弗莱克曼恩茜妮娅伦蒙迈佐托西希菲沙乔盖塞舍瓦怀玛")
NUMERALS = "一二三四五六七八九十百千万亿零〇两壹贰叁肆伍陆柒捌玖拾佰仟"
# Characters that end organisation and place names (公司, 银行, 省, 市, 路) or follow a name (先生, 说).
SUFFIXES = "司行局所队院校部会委厅处社团党省市区县镇乡村路街巷州国山河湖岛港"
N_TEMPLATES = {1: 16, 2: 20, 3: 25, 4: 32, 5: 40}   # feature set version -> templates per character (the last is the bias)
FEATURES = 5                    # the version new models are trained with
_MUL = np.uint64(0x100000001B3)
_SEED = np.uint64(0x9E3779B97F4A7C15)


def _class_table() -> np.ndarray:
    table = np.full(0x110000, C_OTHER, dtype=np.uint8)
    table[0x3400:0xA000] = C_CJK
    table[0xF900:0xFB00] = C_CJK
    table[ord("0"):ord("9") + 1] = C_DIGIT
    table[ord("a"):ord("z") + 1] = C_LATIN
    table[ord("A"):ord("Z") + 1] = C_UPPER
    for ch in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~，。、；：？！“”‘’（）《》【】…—·「」『』〈〉":
        table[ord(ch)] = C_PUNCT
    for ch in " \t\n\r\u3000\xa0":
        table[ord(ch)] = C_SPACE
    for ch in NUMERALS:
        table[ord(ch)] = C_NUMERAL
    for ch in SUFFIXES:
        table[ord(ch)] = C_SUFFIX
    for ch in FOREIGN:
        table[ord(ch)] = C_FOREIGN
    for ch in SURNAMES_SINGLE + EXTRA_SURNAMES + "".join(s[0] for s in SURNAMES_COMPOUND):
        table[ord(ch)] = C_SURNAME
    table[PAD] = C_PAD
    return table


CLASSES = _class_table()


def codepoints(text: str) -> np.ndarray:
    """The text as uint32 code points (one per character, so offsets are character offsets)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def normalise(cp: np.ndarray) -> np.ndarray:
    """Full-width ASCII -> ASCII, ASCII digits -> '0', Latin letters lower-cased (uint64 for hashing)."""
    n = cp.astype(np.int64)
    full = (n >= 0xFF01) & (n <= 0xFF5E)
    n[full] -= 0xFEE0
    n[(n >= 48) & (n <= 57)] = 48
    upper = (n >= 65) & (n <= 90)
    n[upper] += 32
    return n.astype(np.uint64)


def _hash(template: int, *cols: np.ndarray) -> np.ndarray:
    h = np.full(cols[0].shape, (template + 1) * 0x9E3779B1, dtype=np.uint64) * _SEED
    for c in cols:
        h = (h ^ c) * _MUL
    return h ^ (h >> np.uint64(29))


def _runs(flag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each position: how many flagged characters end at it (left run) and start at it (right run)."""
    idx = np.arange(len(flag))
    last_off = np.maximum.accumulate(np.where(flag, -1, idx))          # last unflagged index <= i
    left = np.where(flag, idx - last_off, 0)
    rev = flag[::-1]
    last_off_r = np.maximum.accumulate(np.where(rev, -1, idx))
    right = np.where(rev, idx - last_off_r, 0)[::-1]
    return left.astype(np.uint64), right.astype(np.uint64)


def feature_ids(cp: np.ndarray, dim: int, version: int = FEATURES, names: np.ndarray | None = None,
                namelist: np.ndarray | None = None, clusters: np.ndarray | None = None) -> np.ndarray:
    """(len(cp), N_TEMPLATES[version]) int32 feature ids for a PAD-separated stream of code points.

    Version 1: uni/bi/tri-grams within +-2, class window, surname/class context, bias. Version 2 adds
    characters at +-3 and the bigrams (+2,+3), (-3,-2): a title or verb just after a three-character
    name (江泽民表示) reaches its first character. Version 3 adds surname/given-name likelihood buckets
    (`names`, a table from nlp/ner/namechars.py) in three windows and the length of the run of
    transliteration characters on either side (赫里斯坚科). Version 4 adds the surname/given-name buckets
    of the name list (`namelist`, nlp/ner/namelist.py) in four windows and character 4-grams reaching
    three characters left and right (organisation and place suffixes: …委员会, …自治区). Version 5 adds
    character clusters (`clusters`, nlp/ner/charclusters.py: characters of similar contexts) alone, in
    windows and with the neighbouring characters."""
    n = len(cp)
    padded = np.concatenate([np.zeros(4, np.uint32), cp, np.zeros(4, np.uint32)])
    cls = CLASSES[padded].astype(np.uint64)
    norm = normalise(padded)

    def at(arr: np.ndarray, k: int) -> np.ndarray:
        return arr[4 + k:4 + k + n]

    c = {k: at(norm, k) for k in range(-3, 4)}
    k = {j: at(cls, j) for j in range(-2, 3)}
    cls_window = (((k[-2] * 16 + k[-1]) * 16 + k[0]) * 16 + k[1]) * 16 + k[2]
    cols = [
        _hash(0, c[0]), _hash(1, c[-1]), _hash(2, c[1]), _hash(3, c[-2]), _hash(4, c[2]),
        _hash(5, c[-1], c[0]), _hash(6, c[0], c[1]), _hash(7, c[-2], c[-1]), _hash(8, c[1], c[2]),
        _hash(9, c[-1], c[1]),
        _hash(10, c[-1], c[0], c[1]), _hash(11, c[-2], c[-1], c[0]), _hash(12, c[0], c[1], c[2]),
        _hash(13, cls_window), _hash(14, k[-1], c[0], k[1]),
    ]
    if version >= 2:
        cols += [_hash(15, c[-3]), _hash(16, c[3]), _hash(17, c[2], c[3]), _hash(18, c[-3], c[-2])]
    if version >= 3:
        if names is None:
            raise ValueError("feature set 3 needs the model's name-character table")
        nm = names[padded].astype(np.uint64)
        sur, giv = nm >> np.uint64(4), nm & np.uint64(15)
        s_ = {j: at(sur, j) for j in (-2, -1, 0)}
        g_ = {j: at(giv, j) for j in range(-1, 3)}
        left, right = _runs(cls == C_FOREIGN)
        run = np.minimum(at(left, 0), 5) * 8 + np.minimum(at(right, 0), 5)
        cols += [_hash(19, s_[-1], g_[0], g_[1]), _hash(20, s_[0], g_[1], g_[2]),
                 _hash(21, s_[-2], g_[-1], g_[0]), _hash(22, g_[-1], g_[0], g_[1]),
                 _hash(23, run, k[-1], k[1])]
    if version >= 4:
        if namelist is None:
            raise ValueError("feature set 4 needs the model's name-list table")
        nl = namelist[padded].astype(np.uint64)
        ls, lg = nl >> np.uint64(4), nl & np.uint64(15)
        ls_ = {j: at(ls, j) for j in (-2, -1, 0)}
        lg_ = {j: at(lg, j) for j in range(-1, 3)}
        cols += [_hash(24, ls_[0], lg_[1], lg_[2]), _hash(25, ls_[-1], lg_[0], lg_[1]),
                 _hash(26, ls_[-2], lg_[-1], lg_[0]), _hash(27, ls_[0], lg_[1], k[2]),
                 _hash(28, ls_[-1], lg_[0], k[1]),
                 _hash(29, c[-3], c[-2], c[-1], c[0]), _hash(30, c[0], c[1], c[2], c[3])]
    if version >= 5:
        if clusters is None:
            raise ValueError("feature set 5 needs the model's character clusters")
        cl = clusters[padded].astype(np.uint64)
        q = {j: at(cl, j) for j in range(-2, 3)}
        cols += [_hash(31, q[0]), _hash(32, q[-1], q[0]), _hash(33, q[0], q[1]), _hash(34, q[-1], q[0], q[1]),
                 _hash(35, q[-2], q[-1], q[0]), _hash(36, q[0], q[1], q[2]), _hash(37, q[-1], c[0]),
                 _hash(38, c[0], q[1])]
    out = np.zeros((n, len(cols) + 1), dtype=np.int32)     # last column: the bias, row 0
    for j, h in enumerate(cols):
        out[:, j] = (h % np.uint64(dim - 1)).astype(np.int32) + 1
    return out
