"""The messages of the error shape, in Chinese (the default) and English, keyed by code.

A field's message is its problem code's template, the first whose limits all came with the
problem, filled with the field's label and the limits; a client that words things its own way
reads `code` and `limits` instead. The service's own English text stays available as `detail`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from youthvoice.domain.errors import FieldProblem, Limit, ProblemCode

Language = Literal["zh-CN", "en"]
LANGUAGES: tuple[Language, ...] = ("zh-CN", "en")  # the first is the default

# Per problem code: (the limits a template needs, its Chinese, its English), most specific first.
FIELD_MESSAGES: dict[ProblemCode, tuple[tuple[tuple[str, ...], str, str], ...]] = {
    ProblemCode.REQUIRED: (((), "{field}：必填", "{field}: required"),),
    ProblemCode.UNKNOWN_FIELD: (((), "{field}：不是可用的字段", "{field}: not a known field"),),
    ProblemCode.WRONG_TYPE: (
        (("expected",), "{field}：应为{expected}", "{field}: must be {expected}"),
    ),
    ProblemCode.TOO_SHORT: (
        (("min",), "{field}：至少 {min} 个字", "{field}: at least {min} characters"),
    ),
    ProblemCode.TOO_LONG: (
        (("max",), "{field}：最多 {max} 个字", "{field}: at most {max} characters"),
    ),
    ProblemCode.TOO_FEW: ((("min",), "{field}：至少 {min} 项", "{field}: at least {min} items"),),
    ProblemCode.TOO_MANY: ((("max",), "{field}：最多 {max} 项", "{field}: at most {max} items"),),
    ProblemCode.TOO_DEEP: (
        (("max",), "{field}：嵌套不能超过 {max} 层", "{field}: nested more than {max} levels"),
    ),
    ProblemCode.OUT_OF_RANGE: (
        (("min", "max"), "{field}：应在 {min} 到 {max} 之间", "{field}: between {min} and {max}"),
        (("min",), "{field}：不能小于 {min}", "{field}: at least {min}"),
        (("max",), "{field}：不能大于 {max}", "{field}: at most {max}"),
        (("above",), "{field}：应大于 {above}", "{field}: more than {above}"),
        (("below",), "{field}：应小于 {below}", "{field}: less than {below}"),
        (
            ("min_year", "max_year"),
            "{field}：应在 {min_year} 年到 {max_year} 年之间",
            "{field}: in the years {min_year} to {max_year}",
        ),
        ((), "{field}：超出范围", "{field}: out of range"),
    ),
    ProblemCode.NOT_ALLOWED: (
        (("allowed",), "{field}：只能是 {allowed}", "{field}: one of {allowed}"),
    ),
    ProblemCode.INVALID_FORMAT: (
        ((), "{field}：格式不正确", "{field}: not in the expected format"),
    ),
    ProblemCode.INVALID_CHARACTER: (
        (
            ("character",),
            "{field}：不能含有字符 {character}",
            "{field}: must not contain the character {character}",
        ),
    ),
    ProblemCode.DUPLICATE: (((), "{field}：有重复项", "{field}: must not repeat"),),
    ProblemCode.NOT_AFTER: (
        (("after",), "{field}：应晚于{after}", "{field}: must be after {after}"),
    ),
    ProblemCode.TOO_EARLY: (
        (("earliest",), "{field}：不能早于{earliest}", "{field}: no earlier than {earliest}"),
    ),
    ProblemCode.TOO_LATE: (
        (("latest",), "{field}：不能晚于{latest}", "{field}: no later than {latest}"),
    ),
    ProblemCode.SPAN_TOO_LONG: (
        (("max_days",), "{field}：最长 {max_days} 天", "{field}: spans at most {max_days} days"),
    ),
    ProblemCode.UNKNOWN_REFERENCE: (
        ((), "{field}：所指的对象不存在", "{field}: names nothing that exists"),
    ),
    ProblemCode.SCREENED: (((), "{field}：含有不允许的词语", "{field}: holds words not allowed"),),
    ProblemCode.INVALID: (((), "{field}：不符合要求", "{field}: not valid"),),
}

# Field names in Chinese (English shows the field as the API spells it); `now` is a limit.
FIELD_LABELS_ZH = {
    "body": "内容",
    "title": "标题",
    "tags": "标签",
    "anonymous": "匿名",
    "topic": "话题",
    "topics": "话题",
    "platform_id": "平台",
    "season_id": "专题季",
    "name": "名称",
    "description": "说明",
    "location": "地点",
    "starts_at": "开始时间",
    "ends_at": "结束时间",
    "signup_opens_at": "报名开始时间",
    "signup_closes_at": "报名截止时间",
    "capacity": "名额",
    "reserved": "预留名额",
    "user_id": "用户",
    "expert_ids": "专家",
    "member_user_ids": "成员用户",
    "members": "成员单位",
    "bio": "简介",
    "note": "备注",
    "party_size": "人数",
    "nickname": "昵称",
    "reason": "理由",
    "limit": "每页条数",
    "cursor": "翻页位置",
    "from": "起始日期",
    "to": "截止日期",
    "now": "现在",
}
TYPE_NAMES_ZH = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "boolean": "布尔值（true 或 false）",
    "array": "列表",
    "object": "对象",
    "date": "日期",
    "date-time": "日期时间",
}

# Per error code: (Chinese, English). A code not listed falls back to its kind's (the class's).
ERROR_MESSAGES: dict[str, tuple[str, str]] = {
    "error": ("请求未能完成", "the request failed"),
    "validation_error": ("请求有误", "the request is not valid"),
    "unauthenticated": ("请先登录", "sign in first"),
    "forbidden": ("你没有权限这样做", "you may not do this"),
    "not_found": ("找不到要找的内容", "not found"),
    "not_acceptable": ("无法以所要求的格式回答", "cannot answer in a format the request accepts"),
    "conflict": ("与当前状态冲突，请刷新后再试", "conflicts with the current state: reload"),
    "payload_too_large": ("请求内容太大", "the request body is too large"),
    "unprocessable": ("无法处理这个请求", "the request cannot be processed"),
    "too_many_requests": ("操作太频繁，请稍后再试", "too many requests: try again later"),
    "content_blocked": ("内容含有不允许的词语", "the content holds words that are not allowed"),
    "idempotency_key_reused": (
        "这个 Idempotency-Key 已用于另一个请求",
        "this Idempotency-Key was used for another request",
    ),
    "expert_profile_active": (
        "请先由平台工作人员停用专家资料，再注销账号",
        "staff retire the expert profile before the account is erased",
    ),
    "already_signed_up": ("你已经报名了这个活动", "you have already signed up for this activity"),
    "already_checked_in": ("已经签到过了", "already checked in"),
    "outside_signup_window": ("现在不在报名时间内", "signups are not open now"),
    "season_out_of_scope": (
        "这个专题季不在联盟的范围内",
        "the season is outside the alliance's reach",
    ),
    "internal": ("服务内部出错", "an internal error occurred"),
    "method_not_allowed": ("不支持这个请求方法", "this method is not allowed here"),
    "unsupported_media_type": ("不支持这种内容类型", "this content type is not supported"),
    "bad_request": ("请求有误", "bad request"),
}
MORE_PROBLEMS = ("{first}（另有 {more} 处问题）", "{first} (and {more} more)")


def _in(language: Language, messages: tuple[str, str]) -> str:
    return messages[LANGUAGES.index(language)]


def field_label(field: str, language: Language) -> str:
    """`topics.2` is 话题（第 3 项）in Chinese; English keeps the API's spelling."""
    if language == "en":
        return field
    name, _, rest = field.partition(".")
    label = FIELD_LABELS_ZH.get(name, name)
    if rest.isdigit():
        return f"{label}（第 {int(rest) + 1} 项）"
    return f"{label}.{rest}" if rest else label


def _shown(name: str, value: Limit, language: Language) -> str:
    if isinstance(value, tuple):
        return ("、" if language == "zh-CN" else ", ").join(str(v) for v in value)
    if language == "zh-CN" and name == "expected":
        return TYPE_NAMES_ZH.get(str(value), str(value))
    if name in ("after", "earliest", "latest"):
        return field_label(str(value), language)
    return str(value)


def field_message(problem: FieldProblem, language: Language) -> str:
    for needed, chinese, english in FIELD_MESSAGES[problem.code]:
        if all(name in problem.limits for name in needed):
            template = _in(language, (chinese, english))
            shown = {name: _shown(name, problem.limits[name], language) for name in needed}
            return template.format(field=field_label(problem.field, language), **shown)
    return field_label(problem.field, language)


def error_message(codes: Sequence[str], fields: Sequence[FieldProblem], language: Language) -> str:
    """The first problem's message when fields came with the error; else the message of the
    first of `codes` (the error's own, then its kind's) that the catalogue has."""
    if fields:
        first = field_message(fields[0], language)
        if len(fields) == 1:
            return first
        return _in(language, MORE_PROBLEMS).format(first=first, more=len(fields) - 1)
    code = next((code for code in codes if code in ERROR_MESSAGES), "error")
    return _in(language, ERROR_MESSAGES[code])
