"""A reproducible corpus for the word screen: disguised listed words and ordinary questions.

Built in memory from a seed, never stored. The disguises are the ones seen in posts (spacing,
invisible characters, traditional script, full-width letters, pinyin, homophones, and mixes of
them), each inside an ordinary sentence; the ordinary questions cover the platform's topics and
include near misses: words that share characters or sounds with a listed word.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources

from opencc_purepy import OpenCC
from pypinyin import Style, lazy_pinyin

SEED = 11
INVISIBLE = "\u200b\u200c\u200d\u00ad\u2060\ufeff"
SPACERS = ".-_*/|·~+"
# Same syllable (tone aside) as the character they stand for, as people write them to dodge.
HOMOPHONES = {
    "网": "往王忘", "络": "落洛骆", "赌": "堵睹督", "博": "搏伯", "站": "战占栈", "六": "溜遛陆",
    "合": "和河盒", "彩": "菜采踩", "办": "半伴扮", "假": "甲价嫁", "证": "正政症",
    "代": "带待袋", "开": "凯揩", "发": "法罚乏", "票": "漂飘", "刷": "唰", "单": "丹担耽",
    "返": "反饭范", "利": "力立丽", "枪": "抢腔", "支": "知之汁", "出": "初", "售": "受兽寿",
    "管": "馆", "制": "至治志", "刀": "叨", "具": "巨句据",
}  # fmt: skip
CARRIERS = [
    "请问{}哪里有？",
    "有没有人知道{}的门路",
    "{}，私信我",
    "同学说{}来钱快，是真的吗",
    "我想了解一下{}。谢谢",
    "急！{}怎么联系",
]
# Traditional spellings from the finding, and 網路 as written in Taiwan (OpenCC gives 网路, a miss).
TRADITIONAL = {"网络赌博": ["網絡賭博", "網路賭博"], "办假证": ["辦假證"]}


@dataclass(frozen=True)
class Disguised:
    text: str
    word: str
    category: str
    disguise: str


def listed_words() -> dict[str, dict[str, list[str]]]:
    raw = resources.files("youthvoice.seed").joinpath("sensitive-words.json").read_text("utf-8")
    data: dict[str, dict[str, list[str]]] = json.loads(raw)
    return {severity: data[severity] for severity in ("hard", "soft")}


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _invisible(word: str, rng: random.Random) -> str:
    return "".join(c + rng.choice(INVISIBLE) for c in word[:-1]) + word[-1]


def _homophone(word: str, rng: random.Random, swaps: int) -> str:
    swappable = [i for i, c in enumerate(word) if c in HOMOPHONES]
    chosen = set(rng.sample(swappable, min(swaps, len(swappable))))
    return "".join(rng.choice(HOMOPHONES[c]) if i in chosen else c for i, c in enumerate(word))


def _pinyin(word: str) -> list[str]:
    syllables = lazy_pinyin(word, style=Style.NORMAL)
    return [
        "".join(syllables),
        "".join(s.capitalize() for s in syllables),
        " ".join(syllables),
        "-".join(syllables),
        _full_width("".join(syllables)),
    ]


def _disguises(
    to_traditional: OpenCC, hard: bool
) -> dict[str, Callable[[str, random.Random], list[str]]]:
    written: dict[str, Callable[[str, random.Random], list[str]]] = {
        "spaces": lambda w, r: [" ".join(w)],
        "full-width spaces": lambda w, r: ["\u3000".join(w)],
        "punctuation": lambda w, r: [r.choice(SPACERS).join(w), "，".join(w)],
        "format characters": lambda w, r: [_invisible(w, r), _invisible(w, r)],
        "traditional": lambda w, r: [to_traditional.convert(w), *TRADITIONAL.get(w, [])],
        "traditional + spaces": lambda w, r: [" ".join(to_traditional.convert(w))],
        "full-width + case": lambda w, r: [_full_width(w), w.swapcase()],
    }
    if not hard:
        return written
    return {
        **written,
        "pinyin": lambda w, r: _pinyin(w),
        "homophone": lambda w, r: [_homophone(w, r, 1), _homophone(w, r, 2)],
        "homophone + format characters": lambda w, r: [_invisible(_homophone(w, r, 1), r)],
    }


def disguised(seed: int = SEED) -> list[Disguised]:
    """Every disguise of every listed word, each in two sentences; pinyin and homophones only for
    the hard list, which is the one screened by sound."""
    rng = random.Random(seed)
    to_traditional = OpenCC("s2t")
    samples = []
    for severity, categories in listed_words().items():
        disguises = _disguises(to_traditional, hard=severity == "hard")
        for category, words in categories.items():
            for word in words:
                for name, disguise in disguises.items():
                    for variant in dict.fromkeys(disguise(word, rng)):
                        if variant == word:
                            continue
                        for carrier in rng.sample(CARRIERS, 2):
                            samples.append(Disguised(carrier.format(variant), word, category, name))
    return samples


OPENERS = ["", "请问", "想咨询一下，", "大家好，", "老师您好，", "我是一名大二学生，",
           "我今年刚毕业，", "我在县城上高中，", "我是留守儿童，", "本人90后，"]  # fmt: skip
SUBJECTS = {
    "employment": ["毕业后去哪里找工作", "试用期被辞退能拿到补偿吗", "考公务员还是进国企",
                   "简历上的实习经历怎么写", "面试时被问到薪资期望", "三方协议违约金",
                   "第一份工作做销售合适吗", "想回老家创业开奶茶店", "兼职做家教要签合同吗",
                   "网络主播这个职业前景", "被公司要求无偿加班", "灵活就业怎么交社保",
                   "人工智能会取代哪些岗位", "考研失败后再找工作", "应届生落户政策"],
    "study": ["考研选专业还是选学校", "高三数学成绩一直上不去", "大学挂科了会影响毕业吗",
              "英语四级听力怎么提高", "想转专业到计算机", "出国留学的费用", "研究生导师不管学生",
              "学生代表大会怎么参加", "代课老师教得很好想留下", "期末考试前焦虑睡不着",
              "网络课程哪个平台好", "自考本科的含金量", "书包过重对脊柱的影响",
              "博物馆研学活动报名", "人工智能会取代考试吗"],
    "health": ["经常熬夜心慌", "体检发现转氨酶偏高", "近视手术适合多大年龄做",
               "减肥期间可以吃面包吗", "面包过期了两天还能吃吗", "运动后膝盖疼",
               "长期玩手机颈椎不舒服", "青春期长痘怎么护理", "献血对身体有影响吗",
               "HPV疫苗在哪里预约", "失眠要不要吃药", "食堂饭菜太油", "色彩搭配对情绪有影响吗",
               "感冒发烧能不能洗澡", "牙齿矫正多少钱"],
    "law": ["租房押金不退怎么办", "网购遇到假货如何维权", "被网络贷款催收骚扰",
            "劳动合同没签能要双倍工资吗", "朋友借钱不还可以起诉吗", "身份证丢了怎么补办",
            "驾照怎么异地换证", "在网上被人造谣", "未成年人打工的规定", "交通事故责任认定",
            "校园贷的合同有效吗", "办理居住证需要什么材料", "遇到电信诈骗怎么报警",
            "合同里写的违约条款", "个人信息被泄露了"],
    "family": ["父母总是催婚", "和父母三观不合经常吵架", "弟弟沉迷网络游戏",
               "爷爷奶奶带孩子太溺爱", "父母离婚我该跟谁", "家里想让我回老家工作",
               "过年亲戚总问工资", "想给父母买保险", "家政服务员怎么找靠谱的",
               "想开一家家政公司，办家政需要什么手续", "红包过年该给多少",
               "钱包过安检被拿走了", "妈妈总翻我的手机", "家里经济困难想申请补助",
               "和兄弟姐妹分家产"],
    "psychology": ["最近总是提不起精神", "社交恐惧怎么克服", "感觉自己一事无成",
                   "和室友关系紧张", "考试焦虑心跳加速", "失恋后走不出来", "总是和别人比较",
                   "不敢在课堂上发言", "情绪低落要不要看心理医生", "压力大时赌气不吃饭",
                   "被同学孤立", "完美主义让我很累", "拖延症怎么改", "害怕被替代的感觉",
                   "晚上总是胡思乱想"],
    "charity": ["怎么报名成为志愿者", "去山区支教需要什么条件", "无偿献血的流程",
                "给灾区捐款哪个渠道可靠", "公益组织的账目公开吗", "大学生志愿服务时长认定",
                "想发起一个旧书捐赠活动", "社区养老院做义工", "扶贫助农直播怎么做",
                "网络募捐要注意什么", "旧衣服捐给谁", "帮助留守儿童的项目",
                "环保社团怎么成立", "器官捐献登记", "参加马拉松志愿者"],
    "culture": ["家乡的非遗项目有哪些", "想学书法从哪里开始", "南京六合区有什么好玩的",
                "博物馆的免费开放时间", "春节有哪些传统习俗", "汉服出门会被笑吗",
                "电视剧在网络独播平台上看", "推荐几本历史书", "学剪纸去哪里学",
                "地方戏曲怎么传承", "组合彩色铅笔画入门", "QQ音乐和网易云哪个好",
                "QQ群里有人发广告怎么办", "怎么添加微信好友", "民族音乐会门票"],
}  # fmt: skip
CLOSERS = ["", "？", "怎么办？", "有什么建议吗？", "需要注意什么？", "该怎么准备？",
           "，家里人不太支持。", "。最近压力很大，谢谢", " 求解答", "，在线等"]  # fmt: skip


def ordinary(seed: int = SEED, count: int = 2_400) -> list[str]:
    """`count` distinct questions across the topics, every subject used at least once."""
    rng = random.Random(seed)
    subjects = [subject for topic in SUBJECTS.values() for subject in topic]
    questions = dict.fromkeys(_questions(subjects, rng))
    while len(questions) < count:
        questions.update(dict.fromkeys(_questions([rng.choice(subjects)], rng)))
    return list(questions)[:count]


def _questions(subjects: list[str], rng: random.Random) -> Iterator[str]:
    for subject in subjects:
        yield f"{rng.choice(OPENERS)}{subject}{rng.choice(CLOSERS)}"
