"""Synthetic case-register sentences with known PERSON/ORG/PLACE spans, to teach the dossier style."""

from __future__ import annotations

import random

from nlp.ner.data import Example, clean_spans

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
                "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
                "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
                "单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
                "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
                "查麻苑迟邝") + ["欧阳", "司马", "诸葛", "上官", "慕容", "东方"]
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红鹏辉建文斌宇浩凯健俊帆帅旭宁龙林欢阳佳"
             "婷雪琳晨怡欣悦涵梓子轩博文志国庆春海波东亮飞云峰成明德永福贵金山水兵卫红光荣新利彬晓晶莉燕琴慧巧")
ANON_SUFFIX = ["某", "某某", "某甲", "某乙", "某丙", "某1", "某2", "某某某"]
ROLES_BEFORE = ["犯罪嫌疑人", "被害人", "证人", "报案人", "被讯问人", "被询问人", "被告人", "同案人", "民警", "侦查员",
                "嫌疑人", "当事人", "受害人", "辩护人", "法定代理人", "见证人", "户名", "姓名：", "经办人", "介绍人"]
VERBS_AFTER = ["供述", "证实", "陈述", "称", "辩解", "承认", "于", "在", "将", "向", "与", "伙同", "携带", "驾驶"]
CITIES = ["北京市", "上海市", "广州市", "深圳市", "杭州市", "成都市", "武汉市", "西安市", "南京市", "长沙市", "郑州市",
          "昆明市", "合肥市", "福州市", "南宁市", "贵阳市", "太原市", "石家庄市", "哈尔滨市", "沈阳市", "蛟河市", "义乌市"]
DISTRICTS = ["朝阳区", "海淀区", "天河区", "福田区", "西湖区", "武侯区", "江汉区", "雁塔区", "鼓楼区", "岳麓区", "金水区",
             "五华区", "新城区", "城关镇", "开发区"]
ROADS = ["人民路", "解放路", "建设路", "中山路", "和平街", "文化路", "长江路", "新华街", "光明路", "胜利路"]
BANKS = ["中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "交通银行", "招商银行", "中国邮政储蓄银行",
         "兴业银行", "浦发银行"]
ORG_KINDS = ["公安局", "派出所", "人民检察院", "人民法院", "刑侦大队", "经侦支队", "有限公司", "商贸有限公司",
             "科技有限公司", "物流有限公司"]
OTHERS = ["2021年3月5日", "当日14时许", "案发后", "经查", "次日凌晨", "同年6月", "2019年至2020年间"]


def _name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    roll = rng.random()
    if roll < 0.4:
        return surname + rng.choice(ANON_SUFFIX)
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _place(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(CITIES) + rng.choice(DISTRICTS) + rng.choice(ROADS) + f"{rng.randint(1, 300)}号"
    if roll < 0.5:
        return rng.choice(CITIES) + "**区**路**号"
    if roll < 0.75:
        return rng.choice(CITIES) + rng.choice(DISTRICTS)
    return rng.choice(CITIES)


def _org(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(BANKS) + rng.choice(CITIES)[:-1] + rng.choice(["分行", "支行", "营业部"])
    city = rng.choice(CITIES)
    kind = rng.choice(ORG_KINDS)
    if "公司" in kind:
        return city[:-1] + "".join(rng.choice(GIVEN) for _ in range(2)) + kind
    return city + kind


class _Builder:
    def __init__(self) -> None:
        self.text = ""
        self.spans: list[tuple[int, int, str]] = []

    def add(self, piece: str, label: str | None = None) -> None:
        if label:
            self.spans.append((len(self.text), len(self.text) + len(piece), label))
        self.text += piece


def _sentence(rng: random.Random) -> Example:
    b = _Builder()
    form = rng.randrange(7)
    if form == 0:
        b.add(rng.choice(OTHERS) + "，")
        b.add(rng.choice(ROLES_BEFORE[:4]))
        b.add(_name(rng), "PERSON")
        b.add("在")
        b.add(_place(rng), "PLACE")
        b.add(rng.choice(["盗窃", "骗取", "殴打"]) + "被害人")
        b.add(_name(rng), "PERSON")
        b.add(rng.choice(["的手机一部。", "现金人民币3000元。", "，致其轻伤。"]))
    elif form == 1:
        b.add(rng.choice(ROLES_BEFORE))
        b.add(_name(rng), "PERSON")
        b.add(rng.choice(["，男，", "，女，"]) + f"{rng.randint(1960, 2003)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日出生，"
              + "住")
        b.add(_place(rng), "PLACE")
        b.add("。")
    elif form == 2:
        b.add("问：你认识")
        b.add(_name(rng), "PERSON")
        b.add("吗？答：认识，他是我" + rng.choice(["朋友", "同事", "表哥", "老乡"]) + "，在")
        b.add(_org(rng), "ORG")
        b.add("上班。")
    elif form == 3:
        b.add(_name(rng), "PERSON")
        b.add(rng.choice(VERBS_AFTER))
        b.add(rng.choice(["：", "，", ""]) + rng.choice(["其通过微信向", "当天其将钱转给", "其与"]))
        b.add(_name(rng), "PERSON")
        b.add(rng.choice(["转账50000元。", "见面。", "一起去了"]))
        if b.text.endswith("去了"):
            b.add(_place(rng), "PLACE")
            b.add("。")
    elif form == 4:
        b.add("户名")
        b.add(_name(rng), "PERSON")
        b.add("在")
        b.add(_org(rng), "ORG")
        b.add(f"开立的账户（卡号6222{rng.randint(10**11, 10**12 - 1)}）于{rng.choice(OTHERS)}转出资金。")
    elif form == 5:
        b.add(_org(rng), "ORG")
        b.add("民警")
        b.add(_name(rng), "PERSON")
        b.add("、")
        b.add(_name(rng), "PERSON")
        b.add("依法对" + rng.choice(["犯罪嫌疑人", "被讯问人"]))
        b.add(_name(rng), "PERSON")
        b.add("进行讯问。")
    else:
        b.add("经")
        b.add(_org(rng), "ORG")
        b.add("鉴定，")
        b.add(_name(rng), "PERSON")
        b.add("被盗的" + rng.choice(["电动车", "手机", "金项链"]) + "价值人民币" + f"{rng.randint(100, 9000)}元。")
    return Example(b.text, clean_spans(b.text, b.spans))


def synthetic_sentences(n: int, seed: int = 7) -> list[Example]:
    rng = random.Random(seed)
    return [_sentence(rng) for _ in range(n)]
