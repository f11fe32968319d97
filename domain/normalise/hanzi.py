"""Han character forms PDFs and OCR give: radicals for ideographs, and traditional forms of common name characters.

Fonts in bank PDFs often map a glyph to a radical code point (账⼾ with U+2F3E for 户, ⺠ for 民); NFKC turns
the Kangxi radicals (U+2F00-U+2FD5) back into ideographs, the CJK radicals supplement (U+2E80-U+2EF3) needs the
table below. OCR and some banks print a traditional form in a simplified name (熊燕強 for 熊燕强): `to_simplified`
folds the characters of names, companies and places in TRADITIONAL_TO_SIMPLIFIED (a compact table of 521
one-to-one pairs, no dictionary package: names need no word-level conversion, and the ambiguous ones such as
乾/干, 著/着, 餘/余 and 係/系 are left out on purpose).
"""

from __future__ import annotations

import unicodedata

# CJK radicals supplement -> the ideograph it stands for (components with no ideograph of their own are left out).
_SUPPLEMENT = {
    0x2E81: "厂", 0x2E87: "几", 0x2E8E: "兀", 0x2E90: "尢", 0x2E92: "巳", 0x2E93: "幺", 0x2E94: "彑",
    0x2E97: "心", 0x2E9B: "旡", 0x2E9C: "日", 0x2E9D: "月", 0x2E9E: "歺", 0x2E9F: "母", 0x2EA0: "民",
    0x2EA1: "氵", 0x2EA3: "灬", 0x2EA4: "爫", 0x2EA6: "丬", 0x2EA8: "犭", 0x2EA9: "王", 0x2EAA: "疋",
    0x2EAB: "罒", 0x2EAC: "示", 0x2EAD: "礻", 0x2EAF: "糹", 0x2EB0: "纟", 0x2EB2: "罒", 0x2EB6: "羊",
    0x2EB7: "羊", 0x2EB9: "耂", 0x2EBA: "肀", 0x2EBC: "月", 0x2EBE: "艹", 0x2EBF: "艹", 0x2EC0: "艹",
    0x2EC1: "虎", 0x2EC2: "衤", 0x2EC3: "覀", 0x2EC4: "西", 0x2EC5: "见", 0x2EC6: "角", 0x2EC8: "讠",
    0x2EC9: "贝", 0x2ECB: "车", 0x2ECC: "辶", 0x2ECD: "辶", 0x2ECE: "辶", 0x2ECF: "阝", 0x2ED0: "钅",
    0x2ED1: "長", 0x2ED2: "镸", 0x2ED3: "长", 0x2ED4: "门", 0x2ED6: "阝", 0x2ED8: "青", 0x2ED9: "韦",
    0x2EDA: "页", 0x2EDB: "风", 0x2EDC: "飞", 0x2EDD: "食", 0x2EDF: "飠", 0x2EE0: "饣", 0x2EE2: "马",
    0x2EE3: "骨", 0x2EE4: "鬼", 0x2EE5: "鱼", 0x2EE6: "鸟", 0x2EE7: "卤", 0x2EE8: "麦", 0x2EE9: "黄",
    0x2EEA: "黾", 0x2EEB: "斉", 0x2EEC: "齐", 0x2EED: "歯", 0x2EEE: "齿", 0x2EEF: "竜", 0x2EF0: "龙",
    0x2EF1: "龜", 0x2EF2: "亀", 0x2EF3: "龟",
}
# Kangxi radicals whose NFKC form is the traditional shape where Chinese PDFs mean the simplified one.
_KANGXI_SIMPLIFIED = {0x2F3E: "户"}
RADICALS: dict[int, str] = {
    **{cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)},
    **_SUPPLEMENT, **_KANGXI_SIMPLIFIED,
}

_PAIRS = (
    "強强國国張张陳陈劉刘楊杨趙赵黃黄週周吳吴孫孙馬马鄭郑謝谢韓韩馮冯鄧邓許许蕭萧葉叶呂吕蘇苏盧卢蔣蒋賈贾閻阎鍾钟範范譚谭鄒邹陸陆龍龙萬万錢钱湯汤喬乔賀贺賴赖龔龚顧顾魯鲁鮑鲍歐欧偉伟華华軍军紅红麗丽傑杰濤涛"
    "東东鵬鹏輝辉興兴慶庆榮荣貴贵寶宝鳳凤蘭兰飛飞剛刚鋒锋銘铭靜静潔洁嬌娇婭娅瑩莹穎颖聰聪爾尔滿满傳传進进達达義义禮礼儀仪勝胜樂乐濱滨陽阳書书錦锦鐵铁鋼钢寧宁廣广豐丰雲云億亿倫伦綱纲紀纪維维緒绪紹绍經经絲丝"
    "純纯艷艳鳴鸣鶴鹤齊齐齡龄團团園园圓圆開开關关門门閣阁隊队際际雙双雞鸡難难電电靈灵韋韦順顺頌颂領领頭头顏颜願愿顯显風风飄飘館馆驗验騰腾驊骅體体鴻鸿鶯莺鷹鹰麥麦黨党點点區区縣县鎮镇鄉乡會会貿贸廠厂業业銀银"
    "號号務务財财產产術术設设計计責责實实現现運运輸输網网絡络訊讯資资買买賣卖證证險险導导環环農农醫医藥药廳厅處处場场標标學学師师總总鹽盐飲饮劃划製制機机構构發发廈厦滬沪閩闽粵粤瀋沈濟济灣湾臺台島岛遼辽嶺岭"
    "漢汉紡纺織织礦矿裝装飾饰車车輛辆輪轮轉转鐘钟鏈链庫库亞亚氣气燈灯營营認认識识話话語语說说讀读請请論论樓楼樹树橋桥莊庄藝艺衛卫補补規规親亲覺觉觀观訂订記记詩诗誠诚調调談谈譯译護护讓让貝贝負负貨货貸贷費费"
    "賓宾賞赏贊赞躍跃軒轩較较輕轻遠远適适選选遷迁遺遗郵邮鄰邻釋释鈞钧鈴铃銅铜鋁铝錫锡鍵键鏡镜長长閱阅陝陕隨随隱隐離离霧雾韻韵響响頂顶項项預预頓顿頻频養养騎骑驚惊鬱郁魚鱼鮮鲜鳥鸟齋斋兒儿內内兩两們们價价儲储"
    "優优償偿劍剑勞劳勢势勵励協协單单厲厉參参員员啟启嚴严圍围圖图塊块壓压壯壮壽寿夢梦奪夺奮奋婦妇媽妈寫写將将專专尋寻對对層层屬属峽峡崗岗幣币帶带幫帮應应廟庙彥彦從从徵征復复恆恒愛爱態态懷怀戰战戶户換换據据"
    "擇择擔担數数斷断時时晉晋曉晓曆历極极槍枪樣样權权歡欢歲岁歷历歸归殘残決决況况滅灭漁渔潤润澤泽濃浓燒烧爺爷獎奖獨独瑪玛畢毕當当監监盤盘眾众確确碼码禪禅種种稱称穩稳窮穷競竞筆笔節节簡简籃篮糧粮約约級级細细"
    "組组結结給给統统絕绝綠绿緊紧線线練练績绩繼继續续羅罗聖圣聯联聲声職职肅肃腦脑與与舉举舊旧萊莱蓋盖蓮莲薩萨藍蓝蘆芦蝦虾複复見见視视覽览訓训訴诉診诊評评試试誌志課课諸诸謀谋講讲議议變变貞贞貼贴賢贤質质贈赠"
    "跡迹軟软載载輔辅轄辖辦办辭辞邊边錄录鎖锁閉闭間间闊阔陣阵額额顆颗類类鴨鸭鵝鹅麼么琺珐璣玑瓊琼畝亩異异禎祯縉缙繽缤翹翘聞闻蘊蕴嬋婵嫻娴鳩鸠鸝鹂瀾澜灝灏煒炜燁烨琿珲瑋玮璽玺緯纬綺绮蔭荫薈荟蕓芸嶸嵘崢峥巒峦"
    "幗帼廬庐彌弥憶忆擁拥敘叙暉晖曄晔楨桢樺桦檸柠淵渊溫温滄沧漣涟瀅滢熾炽爍烁犖荦瑤瑶璦瑷"
)
TRADITIONAL_TO_SIMPLIFIED: dict[int, str] = {ord(_PAIRS[i]): _PAIRS[i + 1] for i in range(0, len(_PAIRS), 2)}


def fold_radicals(text: str) -> str:
    """Radical code points (⼾ ⾏ ⽇ ⺠ ⾦ ⼈ …) as the ideographs they stand for; everything else unchanged."""
    return text.translate(RADICALS)


def to_simplified(text: str) -> str:
    """The simplified form of a name (熊燕強 -> 熊燕强), character by character, from the compact table."""
    return text.translate(TRADITIONAL_TO_SIMPLIFIED)


def has_traditional(text: str) -> bool:
    """True when the text holds a character the table knows in a traditional form."""
    return any(ord(c) in TRADITIONAL_TO_SIMPLIFIED for c in text)
