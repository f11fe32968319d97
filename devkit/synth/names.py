"""Name, place and organisation tables written from general knowledge, drawn by frequency."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Surname: rough share (per mille) of the population; the big ones dominate as in real life.
SURNAMES: dict[str, int] = {
    "王": 72, "李": 71, "张": 68, "刘": 54, "陈": 45, "杨": 31, "黄": 22, "赵": 21, "吴": 20, "周": 19,
    "徐": 16, "孙": 15, "马": 15, "朱": 13, "胡": 13, "郭": 12, "何": 12, "林": 11, "高": 11, "罗": 11,
    "郑": 10, "梁": 10, "谢": 8, "宋": 8, "唐": 8, "许": 7, "韩": 7, "冯": 7, "邓": 7, "曹": 7,
    "彭": 6, "曾": 6, "肖": 6, "田": 6, "董": 5, "潘": 5, "袁": 5, "蔡": 5, "蒋": 5, "余": 5,
    "于": 5, "杜": 4, "叶": 4, "程": 4, "魏": 4, "苏": 4, "吕": 4, "丁": 4, "任": 4, "卢": 4,
    "姚": 3, "沈": 3, "钟": 3, "姜": 3, "崔": 3, "谭": 3, "陆": 3, "范": 3, "汪": 3, "廖": 3,
    "石": 3, "金": 3, "韦": 3, "贾": 3, "夏": 2, "付": 2, "方": 2, "邹": 2, "熊": 2, "白": 2,
    "孟": 2, "秦": 2, "邱": 2, "侯": 2, "江": 2, "尹": 2, "薛": 2, "闫": 2, "段": 2, "雷": 2,
    "龙": 1, "黎": 1, "史": 1, "陶": 1, "贺": 1, "毛": 1, "郝": 1, "顾": 1, "龚": 1, "邵": 1,
    "章": 1, "戚": 1, "欧阳": 1, "司马": 0,
}
# Given-name characters with weights; common male/female preferences.
GIVEN_MALE: dict[str, int] = {
    "伟": 30, "强": 18, "磊": 16, "军": 16, "勇": 15, "杰": 14, "涛": 13, "斌": 12, "超": 12, "明": 12,
    "刚": 10, "平": 10, "辉": 10, "鹏": 9, "华": 9, "飞": 8, "鑫": 8, "波": 8, "宇": 8, "浩": 8,
    "建": 8, "国": 8, "文": 7, "志": 7, "俊": 7, "峰": 7, "龙": 6, "东": 6, "海": 6, "林": 6,
    "亮": 6, "凯": 5, "晨": 5, "帅": 5, "健": 5, "永": 5, "德": 4, "新": 4, "成": 4, "兵": 4,
    "博": 4, "宏": 4, "振": 3, "力": 3, "庆": 3, "春": 3, "锋": 3, "旭": 3, "阳": 3, "卫": 3,
}
GIVEN_FEMALE: dict[str, int] = {
    "芳": 25, "娜": 20, "敏": 18, "静": 18, "丽": 16, "艳": 15, "娟": 14, "霞": 13, "秀": 12, "玲": 12,
    "燕": 11, "萍": 10, "红": 10, "梅": 10, "婷": 10, "雪": 9, "琳": 8, "慧": 8, "颖": 8, "洁": 8,
    "倩": 7, "莉": 7, "晶": 7, "佳": 6, "欣": 6, "兰": 6, "英": 6, "华": 6, "月": 5, "云": 5,
    "琴": 5, "彤": 4, "楠": 4, "丹": 4, "悦": 4, "璐": 3, "薇": 3, "蕾": 3, "瑶": 3, "怡": 3,
}
NICKNAME_PATTERNS = ("阿{g}", "老{s}", "小{s}", "{s}老板", "大{g}", "{s}胖子", "{s}哥")
EN_FIRST_M = ("James", "John", "Robert", "Michael", "David", "William", "Richard", "Thomas", "Daniel", "Paul",
              "Mark", "Steven", "Andrew", "Kevin", "Brian", "George", "Edward", "Peter", "Simon", "Ryan")
EN_FIRST_F = ("Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Susan", "Jessica", "Sarah", "Karen",
              "Emma", "Olivia", "Laura", "Helen", "Amy", "Rachel", "Claire", "Anna", "Grace")
EN_LAST = ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Clark",
           "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Green", "Baker", "Carter", "Evans",
           "Turner", "Parker", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Morgan", "Bell", "Ward")
EN_STREETS = ("High Street", "Station Road", "Church Lane", "Park Avenue", "Victoria Road", "Queen Street",
              "Nathan Road", "Des Voeux Road Central", "Hennessy Road", "King's Road")
EN_CITIES = (("Hong Kong", "Kowloon"), ("Hong Kong", "Central"), ("London", "Westminster"),
             ("Singapore", "Orchard"), ("Hong Kong", "Wan Chai"))


@dataclass(frozen=True)
class Region:
    """A county-level region: its 6-digit code as used in resident IDs and its names."""

    code: str
    province: str
    city: str
    district: str
    roads: tuple[str, ...]


REGIONS: tuple[Region, ...] = (
    Region("330106", "浙江省", "杭州市", "西湖区", ("文三路", "天目山路", "古墩路", "教工路", "学院路")),
    Region("330102", "浙江省", "杭州市", "上城区", ("解放路", "清泰街", "望江路", "秋涛路")),
    Region("330302", "浙江省", "温州市", "鹿城区", ("人民路", "车站大道", "府前街", "锦绣路")),
    Region("330203", "浙江省", "宁波市", "海曙区", ("中山西路", "望京路", "柳汀街")),
    Region("320102", "江苏省", "南京市", "玄武区", ("中山路", "珠江路", "北京东路", "龙蟠路")),
    Region("320506", "江苏省", "苏州市", "吴中区", ("东吴北路", "宝带西路", "越溪路")),
    Region("310115", "上海市", "上海市", "浦东新区", ("张杨路", "世纪大道", "浦建路", "杨高南路")),
    Region("440106", "广东省", "广州市", "天河区", ("天河路", "黄埔大道西", "体育东路", "中山大道")),
    Region("440305", "广东省", "深圳市", "南山区", ("深南大道", "科技园路", "南海大道", "桃园路")),
    Region("350203", "福建省", "厦门市", "思明区", ("厦禾路", "湖滨南路", "莲前西路")),
    Region("420106", "湖北省", "武汉市", "武昌区", ("中南路", "武珞路", "中北路", "和平大道")),
    Region("430104", "湖南省", "长沙市", "岳麓区", ("麓山南路", "枫林一路", "银盆南路")),
    Region("410105", "河南省", "郑州市", "金水区", ("花园路", "经三路", "农业路", "纬五路")),
    Region("510107", "四川省", "成都市", "武侯区", ("人民南路四段", "武侯祠大街", "科华北路")),
    Region("340104", "安徽省", "合肥市", "蜀山区", ("长江西路", "黄山路", "潜山路")),
    Region("360102", "江西省", "南昌市", "东湖区", ("八一大道", "阳明路", "福州路")),
    Region("370202", "山东省", "青岛市", "市南区", ("香港中路", "山东路", "南京路")),
    Region("500103", "重庆市", "重庆市", "渝中区", ("解放碑步行街", "中山三路", "民族路")),
    Region("110105", "北京市", "北京市", "朝阳区", ("建国路", "朝阳北路", "东三环中路", "望京街")),
    Region("130104", "河北省", "石家庄市", "桥西区", ("中山西路", "红旗大街", "新石中路")),
)
ETHNICITIES = ("汉族",) * 18 + ("回族", "满族", "壮族", "土家族")
EDUCATION = ("初中", "高中", "中专", "大专", "本科", "小学", "研究生")
POLITICAL = ("群众",) * 8 + ("中共党员", "共青团员")
COMPANY_PREFIX = ("鑫", "华", "盛", "泰", "恒", "宏", "顺", "隆", "金", "瑞", "通", "达", "汇", "源",
                  "昌", "嘉", "正", "信", "安", "腾", "宇", "博", "中", "海", "创", "远", "丰", "利")
COMPANY_TRADE = ("贸易有限公司", "科技有限责任公司", "商贸有限公司", "投资管理有限公司", "供应链管理有限公司",
                 "电子商务有限公司", "建材有限公司", "信息技术有限公司", "餐饮管理有限公司", "实业有限公司",
                 "物流有限公司", "网络科技有限公司")
MERCHANTS = ("华润万家", "永辉超市", "美团外卖", "京东商城", "拼多多", "滴滴出行", "中国石化加油站", "大润发",
             "星巴克咖啡", "国家电网", "中国移动", "肯德基", "盒马鲜生", "苏宁易购", "沃尔玛", "屈臣氏")
BANKS: dict[str, str] = {
    "ICBC": "中国工商银行", "CCB": "中国建设银行", "ABC": "中国农业银行", "BOC": "中国银行",
    "CMB": "招商银行", "BOCOM": "交通银行", "HSBC": "HSBC Hong Kong",
}
BRANCH_SUFFIX = ("支行", "分理处", "营业部")


def weighted(rng: random.Random, table: dict[str, int]) -> str:
    keys = list(table)
    return rng.choices(keys, weights=[max(table[k], 1) for k in keys])[0]


def chinese_given(rng: random.Random, male: bool) -> str:
    """One- or two-character given name (two characters about 70% of the time)."""
    table = GIVEN_MALE if male else GIVEN_FEMALE
    first = weighted(rng, table)
    if rng.random() < 0.3:
        return first
    return weighted(rng, table if rng.random() < 0.7 else GIVEN_MALE | GIVEN_FEMALE) + first


def anonymise(name: str, double: bool) -> str:
    """Published-text form: 黄某某 (or 黄某); two-character surnames kept whole."""
    surname = name[:2] if name[:2] in SURNAMES else name[0]
    return surname + ("某某" if double else "某")


def surname_of(name: str) -> str:
    return name[:2] if name[:2] in SURNAMES else name[0]


def address(rng: random.Random, region: Region, *, with_room: bool = True) -> str:
    """Province/city/district/road/number, optionally with a block and room."""
    road = rng.choice(region.roads)
    prov = "" if region.province == region.city else region.province
    addr = f"{prov}{region.city}{region.district}{road}{rng.randint(1, 399)}号"
    if with_room:
        addr += f"{rng.choice(['', '', rng.choice('一二三四五六') + '区'])}{rng.randint(1, 28)}幢{rng.randint(1, 3)}单元{rng.randint(1, 32)}0{rng.randint(1, 4)}室"
    return addr


def company_name(rng: random.Random, region: Region) -> str:
    short = region.city.removesuffix("市")
    return short + "".join(rng.sample(COMPANY_PREFIX, 2)) + rng.choice(COMPANY_TRADE)


def branch_name(rng: random.Random, bank: str, region: Region) -> str:
    if bank == "HSBC":
        return "HSBC Hong Kong, Mong Kok Branch"
    road = rng.choice(region.roads).removesuffix("路").removesuffix("大道").removesuffix("街")
    return f"{BANKS[bank]}{region.city.removesuffix('市')}{road}{rng.choice(BRANCH_SUFFIX)}"


def police_unit(region: Region) -> tuple[str, str]:
    """(bureau, economic-crime brigade) of the city police."""
    bureau = f"{region.city}公安局"
    return bureau, f"{bureau}{region.district}分局经济犯罪侦查大队"


def english_name(rng: random.Random, male: bool) -> str:
    return f"{rng.choice(EN_FIRST_M if male else EN_FIRST_F)} {rng.choice(EN_LAST)}"


def english_address(rng: random.Random) -> str:
    city, district = rng.choice(EN_CITIES)
    return f"Flat {rng.randint(1, 30)}{rng.choice('ABCDEF')}, {rng.randint(1, 300)} {rng.choice(EN_STREETS)}, {district}, {city}"
