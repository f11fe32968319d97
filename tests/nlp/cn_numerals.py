"""Reference Chinese numeral writer for tests, independent of the parser under test."""

from __future__ import annotations

_D, _U = "零一二三四五六七八九", ("", "十", "百", "千")


def chinese(n: int) -> str:
    """Reference writer for 0 < n < 10^8 (the usual 零 rules), independent of the parser."""
    def four(x: int) -> str:
        out, zero = "", False
        for i in range(3, -1, -1):
            d = x // 10**i % 10
            if d == 0:
                zero = bool(out)
                continue
            out += (_D[0] if zero else "") + _D[d] + _U[i]
            zero = False
        return out
    high, low = divmod(n, 10_000)
    text = (four(high) + "万" if high else "") + ((_D[0] if high and low < 1000 and low else "") + four(low))
    return text
