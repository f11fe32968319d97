from datetime import date

from app.analysis.records.compare import compare_records
from app.analysis.records.copies import find_copies
from app.analysis.records.model import RecordPage
from app.analysis.records.parse import parse_records
from app.analysis.records.timing import CaseBounds, case_bounds, find_timing
from tests.analysis.records_helpers import STANDARD, record_pages

PASSAGE = "那段时间，王五经常叫我去城西的茶楼碰头，每次都交代我不要对别人讲，我去了大概有七次，后来的事情我就不清楚了。"


def _records(*bodies, **kw):
    pages, people = [], ["张三", "李四", "王五", "赵六", "钱七"]
    for i, body in enumerate(bodies):
        day = 5 + i
        pages += record_pages(1 + 2 * i, person=people[i], body=body,
                              when=f"2021年3月{day}日9时10分至2021年3月{day}日11时20分", **kw)
    return parse_records(pages)


def test_copies_reports_a_copied_answer_with_ocr_noise_and_the_earlier_record():
    copied = PASSAGE.replace("，", "、", 1).replace("人", "入", 1)
    recs = _records(["问：还有什么？", "答：" + PASSAGE], ["问：知道什么？", "答：" + copied], ["问：好。", "答：好的。"])
    found = find_copies(recs)
    assert len(found) == 1
    f = found[0]
    assert (f.a.record.person, f.b.record.person) == ("张三", "李四")  # the earlier record is side a
    assert f.kind == "near_verbatim" and 0.9 <= f.score < 1.0 and len(f.b.text) >= 30
    assert f.a.page == 1 and f.b.page == 3


def test_copies_leave_out_boilerplate_common_to_many_records():
    recs = _records(["问：你是怎么认识他们的？", STANDARD], ["问：你是怎么认识他们的？", STANDARD],
                    ["问：你是怎么认识他们的？", STANDARD], ["问：你是怎么认识他们的？", STANDARD])
    assert find_copies(recs) == []


def test_copies_ignore_short_shared_answers_and_changed_facts():
    a = "答：2021年5月2日9时许，我在东湖区阳明路的茶楼把5000元现金交给了王五，他当场就点了数。"
    b = "答：2021年5月2日9时许，我在东湖区阳明路的茶楼把8000元现金交给了王五，他当场就点了数。"
    assert find_copies(_records(["问：？", a], ["问：？", b])) == []


def test_contradictions_same_event_with_a_changed_amount_across_people():
    a = "答：2021年5月2日9时许，我在东湖区茶楼把5000元现金交给了王五。"
    b = "答：2021年5月2日9时许，我陪张三去送钱，王五从我们手里收了8000元现金，地点是东湖区茶楼。"
    found = compare_records(_records(["问：钱呢？", a], ["问：钱呢？", b]))["contradictions"]
    assert len(found) == 1
    f = found[0]
    assert f.kind == "amount" and f.extra["scope"] == "across_persons"
    assert "5000元" in f.a.text and "8000元" in f.b.text
    assert "金额" in f.explanation_zh and "amount" in f.explanation_en


def test_contradictions_not_reported_for_consistent_accounts_or_two_events():
    a = "答：2021年5月2日9时许，我在东湖区茶楼把5000元现金交给了王五。"
    same = "答：2021年5月2日9时许，我陪张三去送钱，王五从我们手里收了5000元现金，地点是东湖区茶楼。"
    other = "答：2021年5月2日9时许，我在西湖区饭店把8000元现金交给了赵六。"  # place, amount, person: another event
    assert compare_records(_records(["问：？", a], ["问：？", same], ["问：？", other]))["contradictions"] == []


def test_timing_overlaps_duration_and_registration():
    body = ["问：？", "答：" + "我不知道。" * 200]
    pages = (record_pages(1, person="张三", when="2021年3月5日9时10分至2021年3月5日11时20分") +
             record_pages(3, person="李四", when="2021年3月5日10时00分至2021年3月5日12时00分") +
             record_pages(5, person="张三", officers="孙警官 周警官", recorder="吴记录",
                          when="2021年3月5日10时30分至2021年3月5日11时00分") +
             record_pages(7, person="王五", officers="孙警官 周警官", recorder="吴记录", body=body,
                          when="2021年3月1日14时00分至2021年3月1日14时05分"))
    recs = parse_records(pages)
    reg = RecordPage(99, "dossier.pdf", 99, "受 案 登 记 表\n接报时间\n2021年3月2日10时5分\n")
    bounds = case_bounds([reg], ["张三", "李四", "王五"])
    assert bounds.registered == date(2021, 3, 2)
    kinds = sorted((f.kind, f.a.record.person, f.b.record.person) for f in find_timing(recs, bounds))
    assert ("officer_overlap", "张三", "李四") in kinds
    assert ("person_overlap", "张三", "张三") in kinds
    assert ("duration", "王五", "王五") in kinds
    assert ("before_registration", "王五", "王五") in kinds
    assert not any(k[0] == "officer_overlap" and "王五" in k for k in kinds)


def test_timing_quiet_for_sequential_records():
    recs = _records(["问：？", "答：好。"], ["问：？", "答：好。"])
    assert find_timing(recs, CaseBounds()) == []
