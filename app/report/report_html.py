"""The case report as HTML (also the source the PDF is typeset from): summary, people, accounts, alerts, pictures.

Every fact is followed by its citation, 〔document 第N页〕, taken from the export model's `cites` lists.
"""

from __future__ import annotations

import os
from html import escape

ROLE_NAMES = {"suspect": "犯罪嫌疑人", "victim": "被害人", "witness": "证人", "account_holder": "账户持有人",
              "reporter": "报案人", "accomplice": "同案人"}
RULE_NAMES = {"fast_in_fast_out": "快进快出", "scatter_in_gather_out": "分散转入集中转出",
              "gather_in_scatter_out": "集中转入分散转出", "threshold_evasion": "规避限额",
              "structuring": "拆分交易", "night_transfers": "夜间交易", "ant_moving": "蚂蚁搬家",
              "cycles": "资金回流", "transit_accounts": "过渡账户", "unrequested_accounts": "未调单账户",
              "common_counterparties": "共同交易对手", "double_counting": "重复计算",
              "identical_amount_relay": "同额过账", "split_fan_in": "拆分汇入", "same_name_transfers": "同名账户互转",
              "round_amounts": "整数金额", "tracing": "资金穿透"}
EVIDENCE_ROWS = 15
MAX_CITED_PAGES = 8
IMAGE_WIDTH = 495  # points: the A4 text width of the PDF
GROUPED_RULES = frozenset({"unrequested_accounts", "night_transfers"})  # many small alerts: one table each
HTML_FONTS = "font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"

CSS = """
body { font-family: cjk, sans-serif; font-size: 9pt; color: #1a1a1a; line-height: 1.35; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4pt 0; color: #102a4c; }
.subtitle { text-align: center; font-size: 10pt; color: #555; margin: 0 0 10pt 0; }
h2 { font-size: 12.5pt; color: #102a4c; border-bottom: 1px solid #102a4c; margin: 14pt 0 6pt 0; }
h3 { font-size: 10pt; margin: 10pt 0 3pt 0; color: #7a1f12; }
table { border-collapse: collapse; width: 100%; margin: 3pt 0 6pt 0; }
th { border: 0.8pt solid #445; color: #102a4c; padding: 2pt 3pt; font-size: 8pt; text-align: left; }
td { border: 0.6pt solid #999; padding: 2pt 3pt; font-size: 8pt; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
.cite { color: #555; font-size: 7.5pt; }
.meta td { border: none; padding: 1pt 4pt; font-size: 9pt; }
.note { color: #555; font-size: 8pt; }
"""


def cite(cites: list, limit: int = MAX_CITED_PAGES) -> str:
    """〔dossier.pdf 第3、5页〕 per document; long page lists end with 等N页."""
    if not cites:
        return ""
    by_doc: dict[str, list[int]] = {}
    for doc, page in cites:
        by_doc.setdefault(doc, []).append(page)
    parts = []
    for doc, pages in by_doc.items():
        shown = "、".join(str(p) for p in pages[:limit])
        more = f"等{len(pages)}页" if len(pages) > limit else "页"
        parts.append(f"〔{doc} 第{shown}{more}〕")
    return "".join(parts)


def money(value: float | None) -> str:
    if value is None:
        return ""
    return f"-¥{-value:,.2f}" if value < 0 else f"¥{value:,.2f}"


def _c(cites: list) -> str:
    return f'<span class="cite">{escape(cite(cites))}</span>'


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f'<td class="num">{v}</td>' if i in numeric else f"<td>{v}</td>"
                                    for i, v in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _summary(model: dict) -> str:
    case = model["case"]
    sel = case["selection"]
    scope = "全部 (whole case)"
    if sel["entity_ids"] is not None or sel["start"] or sel["end"]:
        bits = []
        if sel["entity_ids"] is not None:
            bits.append(f"{len(sel['entity_ids'])} 个选定实体 (selected entities)")
        if sel["start"] or sel["end"]:
            bits.append(f"{sel['start'] or '…'} 至 {sel['end'] or '…'}")
        scope = "；".join(bits)
    meta = [("案件 Case", escape(case["name"])), ("生成时间 Generated", escape(case["generated"])),
            ("范围 Scope", escape(scope)),
            ("卷宗 Documents", f"{len(case['documents'])} 份，共 {case['pages']} 页"),
            ("交易 Transactions", f"{case['transactions']} 笔"
                                  + (f"，{case['first']} 至 {case['last']}" if case["first"] else "")),
            ("预警 Alerts", f"{len(model['alerts'])} 条")]
    rows = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in meta)
    docs = _table(["#", "文件 Document", "类型 Kind", "页数 Pages", "SHA-256"],
                  [[str(d["id"]), escape(d["name"]), escape(d["kind"]), str(d["page_count"]),
                    f'<span class="cite">{d["sha256"][:16]}…</span>'] for d in case["documents"]], {3})
    return f'<h2>一、案件概况 Summary</h2><table class="meta">{rows}</table>{docs}' + _suspects(model)


def _suspects(model: dict) -> str:
    """The suspects as the window's case summary shows them (the same read model): accounts, money, counterparties."""
    suspects = model.get("suspects") or []
    if not suspects:
        return ""
    rows = []
    for p in suspects:
        accounts = "<br/>".join(escape(a["label"]) for a in p["accounts"]) or "—"
        cps = "<br/>".join(escape(f"{c['name'] or c['account']} {money(c['money_in'] + c['money_out'])}")
                           for c in p["counterparties"][:3])
        alerts = "、".join(dict.fromkeys(RULE_NAMES.get(a["rule"], a["rule"]) for a in p["alerts"]))
        cites = [(r["document"], r["number"]) for r in p["pages"]]
        rows.append([escape(p["name"]) + (f'<br/><span class="note">{ROLE_NAMES.get(p["role"], "")}</span>'
                                          if p["role"] else ""),
                     accounts, money(p["money_in"]), money(p["money_out"]), cps, escape(alerts), _c(cites)])
    why = "" if suspects[0]["chosen_by"] == "role" else '<p class="note">卷宗未载明犯罪嫌疑人：按资金量或提及次数列出。</p>'
    return ("<h3>重点人员 Suspects</h3>" + why
            + _table(["姓名 Name", "账户 Accounts", "转入 In", "转出 Out", "主要交易对手 Top counterparties",
                      "预警 Alerts", "出处 Source"], rows, {2, 3}))


def _people(model: dict) -> str:
    people = [p for p in model["parties"] if p["kind"] == "person"]
    rows = [[escape(p["name"]) + (f'<br/><span class="note">{escape("、".join(p["aliases"]))}</span>'
                                  if p["aliases"] else ""),
             escape("、".join(ROLE_NAMES.get(r, r) for r in p["roles"])),
             escape(" ".join(p["id_numbers"])), escape(" ".join(p["phones"])),
             escape(" ".join(p["accounts"][:6]) + (" …" if len(p["accounts"]) > 6 else "")),
             str(p["mentions"]), _c(p["cites"])] for p in people]
    orgs = [p for p in model["parties"] if p["kind"] == "organisation" and (p["roles"] or p["accounts"] and p["mentions"])]
    org_rows = [[escape(p["name"]), escape(" ".join(p["accounts"][:6])), str(p["mentions"]), _c(p["cites"])]
                for p in orgs]
    out = ["<h2>二、涉案人员 People</h2>",
           _table(["姓名 Name", "角色 Role", "身份证号 ID number", "电话 Phone", "账户 Accounts", "提及 Mentions",
                   "出处 Source"], rows, {5}) if rows else '<p class="note">无 (none)</p>']
    if org_rows:
        out += ["<h3>涉案单位 Organisations named in the documents and holding accounts</h3>",
                _table(["名称 Name", "账户 Accounts", "提及 Mentions", "出处 Source"], org_rows, {2})]
    return "".join(out)


def _accounts(model: dict) -> str:
    held = [a for a in model["accounts"] if a["statement"]]
    other = [a for a in model["accounts"] if not a["statement"]]
    rows = [[escape(a["number"]), escape("、".join(a["holders"])), money(a["total_in"]), money(a["total_out"]),
             str(a["count"]), escape(f"{(a['first'] or '')[:10]} 至 {(a['last'] or '')[:10]}"), _c(a["cites"])]
            for a in held]
    out = ["<h2>三、账户 Accounts</h2>", "<h3>已调取流水的账户 Accounts with statements</h3>",
           _table(["账号 Account", "户名 Holder", "转入合计 In", "转出合计 Out", "笔数 Rows", "期间 Period",
                   "出处 Source"], rows, {2, 3, 4}) if rows else '<p class="note">无 (none)</p>']
    if other:
        shown = other[:40]
        out += ["<h3>其他账户（仅见于对方信息或文书）Other accounts</h3>",
                _table(["账号 Account", "户名 Holder", "出处 Source"],
                       [[escape(a["number"]), escape("、".join(a["holders"])), _c(a["cites"])] for a in shown])]
        if len(other) > len(shown):
            out.append(f'<p class="note">另有 {len(other) - len(shown)} 个账户未列出 (more accounts in the entities '
                       "export)</p>")
    return "".join(out)


def _alert_detail(n: int, a: dict) -> str:
    name = RULE_NAMES.get(a["rule"], a["rule"])
    out = [f"<h3>{n}. {escape(name)} <span class=\"note\">{escape(a['rule'])}</span>　{money(a['amount'])}</h3>",
           f"<p>{escape(a['explanation'])} {_c(a['cites'])}</p>"]
    rows = [[escape((t["time"] or "")[:19].replace("T", " ")), escape(f"{t['holder_name'] or ''} {t['holder_account']}"),
             money(t["amount"]), escape(f"{t['cp_name'] or ''} {t['cp_account'] or ''}"),
             _c([[t["document"], t["page"]]])] for t in a["transactions"][:EVIDENCE_ROWS]]
    if rows:
        out.append(_table(["时间 Time", "本方 Account", "金额 Amount", "对方 Counterparty", "出处 Source"], rows, {2}))
    if len(a["transactions"]) > EVIDENCE_ROWS:
        out.append(f'<p class="note">另 {len(a["transactions"]) - EVIDENCE_ROWS} 笔见交易导出 '
                   "(more rows in the transactions export)</p>")
    return "".join(out)


def _alert_group(n: int, rule: str, alerts: list[dict]) -> str:
    name = RULE_NAMES.get(rule, rule)
    rows = []
    for a in alerts:
        ranked = a.get("params", {}).get("ranked")
        if ranked:  # one list alert (未调单账户): a line per account to request, in rank order
            rows += [[f"{a['id']}.{r['rank']}", money(r["total"]),
                      escape(f"{r.get('name') or ''} {r['account']}：与 {r['linked']} 个已调单账户往来 {r['count']} 笔"),
                      ""] for r in ranked]
        else:
            rows.append([str(a["id"]), money(a["amount"]), escape(a["explanation"]), _c(a["cites"])])
    return (f"<h3>{n}. {escape(name)} <span class=\"note\">{escape(rule)}</span>　{len(rows)} 条</h3>"
            + _table(["#", "金额 Amount", "说明 Explanation", "出处 Source"], rows, {1}))


def _alerts(model: dict) -> str:
    out = ["<h2>四、资金预警 Money-flow alerts</h2>"]
    if not model["alerts"]:
        return out[0] + '<p class="note">无预警 (no alerts; run `caselens analyze`)</p>'
    grouped: dict[str, list[dict]] = {}
    n = 0
    for a in model["alerts"]:
        if a["rule"] in GROUPED_RULES:
            grouped.setdefault(a["rule"], []).append(a)
            continue
        n += 1
        out.append(_alert_detail(n, a))
    for rule, alerts in grouped.items():
        n += 1
        out.append(_alert_group(n, rule, alerts))
    return "".join(out)


def _pictures(model: dict, images: dict[str, str]) -> str:
    out = ["<h2>五、关系图 Relationship graph</h2>"]
    g = model["graph"]
    if images.get("graph"):
        out.append(f'<img src="{images["graph"]}" width="{IMAGE_WIDTH}"/>')
    out.append(f'<p class="note">{len(g["nodes"])} 个节点、{len(g["edges"])} 条关系；图中只画最大关联网络中连接最多的节点。'
               "(the picture shows the best-connected nodes of the largest network; the graph exports hold all)</p>")
    rels = model.get("relations", [])[:60]
    names = {n["id"]: n["label"] for n in g["nodes"]}
    rows = [[escape(names.get(r["src"], str(r["src"]))), escape(r["kind"]), escape(names.get(r["dst"], str(r["dst"]))),
             _c(r["cites"])] for r in rels if r["kind"] in ("family", "associate", "co_suspect", "employer", "calls")]
    if rows:
        out.append(_table(["甲 From", "关系 Relation", "乙 To", "出处 Source"], rows))
    out.append("<h2>六、时间线 Timeline</h2>")
    if images.get("timeline"):
        out.append(f'<img src="{images["timeline"]}" width="{IMAGE_WIDTH}"/>')
    facts = [[escape(e["time"][:10]), escape("、".join(e["entities"])), escape(e["text"][:80]), _c(e["cites"])]
             for e in model["timeline"]["events"][:80]]
    if facts:
        out.append(_table(["日期 Date", "人员 Who", "内容 Fact", "出处 Source"], facts))
    return "".join(out)


def report_html(model: dict, images: dict[str, str] | None = None, *, standalone: bool = True) -> str:
    """The report body; `images` maps "graph"/"timeline" to an img src (data: URI or archive name)."""
    images = images or {}
    case = model["case"]
    body = (f"<h1>案件分析报告</h1><p class=\"subtitle\">Case analysis report — {escape(case['name'])}"
            f" — {escape(case['generated'][:10])}</p>"
            + _summary(model) + _people(model) + _accounts(model) + _alerts(model) + _pictures(model, images)
            + '<p class="note">出处格式 〔文件名 第N页〕 指卷宗文件及其页码。Citations give the document and its page.'
            " 本报告由 CaseLens 自动生成，结论须经办案人员核对原件。</p>")
    if not standalone:
        return body
    css = CSS.replace("font-family: cjk, sans-serif", HTML_FONTS)
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"/><title>案件分析报告 {escape(case["name"])}'
            f"</title><style>{css}</style></head><body>{body}</body></html>")


def write_report_html(model: dict, out: str | os.PathLike[str]) -> dict:
    """A single self-contained HTML file (pictures inline as data: URIs; SVG graph, PNG timeline)."""
    import base64
    from pathlib import Path

    from app.report.graph_image import graph_svg
    from app.report.timeline_image import timeline_png

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    svg = graph_svg(model["graph"], title="关系图 Relationship graph")
    images = {"graph": "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii"),
              "timeline": "data:image/png;base64," + base64.b64encode(
                  timeline_png(model["timeline"], title="时间线 Timeline")).decode("ascii")}
    out.write_text(report_html(model, images), encoding="utf-8")
    return {"pages": None}
