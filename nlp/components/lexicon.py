"""Word lists the name, organisation and place rules share: surnames, boundary characters, provinces."""

from __future__ import annotations

from domain.names import SURNAMES_COMPOUND, SURNAMES_SINGLE

SURNAME_RE = "(?:" + "|".join(SURNAMES_COMPOUND) + "|[" + SURNAMES_SINGLE + "])"

# Characters that end a name or start the next word: function words, common verbs, punctuation.
BOUNDARY = ("在于和与跟同的是将把被从到向对等因为称说讲诉述供证明已了也又还便就即并及先后经通拿骑驾携窃盗趁"
            "至进来去系现均曾都共起男女岁住家处名下手电身份银微支转借欠给让叫打发收付要想没不很才刚再所其之以而伙往"
            "但却若该此这那哪有无会能可应当上里内外前时们称作做任职属受据开办入出回离等人某"
            "，。、；：:;！？!?（）()“”\"'《》【】[]<>…—-·\n\r\t 0123456789")

# Provinces and large cities, so a single-segment place (杭州市) still counts as a place.
PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
             "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
             "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门")
CITIES = ("杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水", "南京", "苏州",
          "无锡", "常州", "徐州", "南通", "扬州", "合肥", "福州", "厦门", "泉州", "南昌", "济南", "青岛", "郑州",
          "武汉", "长沙", "广州", "深圳", "珠海", "东莞", "佛山", "汕头", "南宁", "海口", "成都", "贵阳", "昆明",
          "西安", "兰州", "西宁", "银川", "乌鲁木齐", "拉萨", "呼和浩特", "石家庄", "太原", "沈阳", "大连",
          "长春", "哈尔滨", "义乌", "昆山", "保定", "唐山", "洛阳", "烟台", "潍坊", "临沂", "绵阳")

# Organisation and place names run left until one of these: punctuation, space, prepositions, pronouns.
# Much shorter than BOUNDARY: 上 (上海), 经 (经济犯罪侦查大队), 中 (中国) start real names.
NAME_EDGE = ("在于和与跟同的是将把被从到向对给由及系任住往我你他她其们这那、，。；：:;！？!?（）()“”\"'《》【】[]<>…—·"
             "\n\r\t \u3000")
