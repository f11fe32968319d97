"""Issue #23: a CMB-like statement whose counterparties have names and no accounts (people, merchants, platforms).

Builds the case (1,341 rows of one holder, 41 names, a planted scatter-in), resolves it, and prints the graph the
window draws (nodes, transfer edges, counterparties linked to the holder's account) and what `analyze` finds.
Run: .venv/bin/python eval/eval_named_counterparties.py OUT.case
"""
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.services.analysis import analyze  # noqa: E402
from app.services.resolve import resolve_case_file  # noqa: E402
from app.services.views import CaseView  # noqa: E402
from app.services.views import graph as views_graph  # noqa: E402
from app.store.db import open_case, transaction  # noqa: E402

random.seed(23)
people = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞", "徐明", "孙丽", "马超", "朱琳",
          "胡斌", "郭涛", "林峰", "何静", "高翔", "罗娟"]
merchants = [f"杭州{x}贸易有限公司" for x in "甲乙丙丁戊己庚辛"] + ["美团外卖商户", "滴滴出行", "国网电力有限公司", "中国移动",
             "北京住房公积金管理中心", "星巴克咖啡", "盒马鲜生", "京东商城"]
platforms = ["财付通支付科技有限公司", "支付宝（中国）网络技术有限公司", "网联清算有限公司", "中国银联股份有限公司", "微信零钱"]
names = people + merchants + platforms
case = Path(sys.argv[1])
case.unlink(missing_ok=True)
rows = []
t0 = 1_609_459_200
for i in range(1334):
    cp = random.choice(names)
    amt = round(random.choice([-1, -1, 1]) * random.lognormvariate(6, 1.5), 2)
    t = t0 + i * 23_000 + random.randint(0, 9_000)
    ts = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))
    rows.append(("6214830000001234", "李四", ts, amt, cp, None))
for k in range(6):  # a scatter-in: six payers, 50,000 each, within two days, then one payout
    rows.append(("6214830000001234", "李四", f"2021-06-0{1 + k // 3} 1{k}:00:00", 50_000.0, people[k], None))
rows.append(("6214830000001234", "李四", "2021-06-03 09:00:00", -290_000.0, "罗娟", None))
conn = open_case(case)
with transaction(conn):
    conn.executemany("INSERT INTO transactions (holder_account, holder_name, time, amount, cp_name, cp_account)"
                     " VALUES (?,?,?,?,?,?)", rows)
conn.close()
resolve_case_file(case)
data = views_graph.graph_data(CaseView(case))
holder = [k for k, n in data.nodes.items() if n.kind == "account"]
transfers = [e for e in data.edges if e.kind == "transfer"]
linked = {e.dst if e.src in holder else e.src for e in transfers}
print(f"nodes {len(data.nodes)}  transfer edges {len(transfers)}  counterparties linked to the holder {len(linked)} of {len(names)} names")
try:
    t = time.monotonic()
    alerts = analyze(case)
    print(f"analyze: {len(alerts)} alerts in {time.monotonic() - t:.2f} s:", sorted({a.rule for a in alerts}))
    print("max evidence rows in one alert:", max((len(a.transactions) for a in alerts), default=0))
except Exception:
    print("analyze FAILED:", traceback.format_exc().strip().splitlines()[-1])
