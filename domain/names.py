"""Chinese surname tables, held once: the name rules (nlp), the NER features (nlp/ner/features.py) and name
splitting in entity resolution (app/analysis/resolve/names.py) read them from here.

The NER model's features were trained on SURNAMES_SINGLE, the first characters of SURNAMES_COMPOUND and
nlp/ner/features.EXTRA_SURNAMES: changing those tables changes the model's inputs, so they change only
with a retrained model. RARE_COMPOUND_SURNAMES are compound surnames the rules and features leave out
(太, 申, 呼 … start far more words than names) but a name already found must still split after them.
"""

from __future__ import annotations

# Common single-character surnames (the top few hundred cover nearly everyone).
SURNAMES_SINGLE = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢"
    "姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常"
    "汤康易乔赖文施洪辛柯庄章戚尤葛牛温芦卓蔺祁单包左盛殷倪屈翟聂阎鲁甘欧焦柴岳齐安樊宁梅庞颜耿晏关纪舒"
    "伍路祝邢褚申霍车佘阮鲍司储蒲滕涂华骆连麦粟裴季符宫党宗凌诸兰游卞池简童丘敖靳苗谷巫吉植籍霍管"
)
SURNAMES_COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "公孙", "端木", "尉迟",
                     "夏侯", "长孙", "宇文", "司徒", "澹台", "钟离", "南宫", "西门")
RARE_COMPOUND_SURNAMES = ("独孤", "轩辕", "呼延", "太史", "申屠")
ALL_COMPOUND_SURNAMES = frozenset(SURNAMES_COMPOUND + RARE_COMPOUND_SURNAMES)
