/** The console's words, Chinese first; English for staff and visitors who prefer it. */
const zh = {
  title: "青年之声",
  nav_feed: "最新问题",
  nav_search: "搜索",
  nav_ask: "我要提问",
  nav_mine: "我的提问",
  nav_sign_in: "登录",
  sign_out: "退出",
  language: "English",
  platform: "平台",
  topic: "话题",
  all_topics: "全部话题",
  more: "加载更多",
  loading: "加载中…",
  empty: "还没有问题",
  failed: "出错了，请稍后再试",
  asked_at: "提问于",
  due_at: "回复期限",
  asker: "提问人",
  official_answers: "官方回答",
  peer_answers: "青帮青",
  no_answers: "还没有回答",
  accepted: "已采纳",
  likes: "赞",
  search_label: "搜索问题",
  search_button: "搜索",
  no_results: "没有找到相关问题",
  sign_in_title: "开发登录（仅本地）",
  sign_in_hint: "本地开发环境：选择角色和平台，由本地签名服务签发令牌。",
  user_id: "用户编号",
  role: "角色",
  sign_in_button: "登录",
  signed_in_as: "已登录：",
  ask_title: "我要提问",
  question_title: "标题",
  question_body: "详细描述",
  anonymous: "匿名提问",
  submit: "提交",
  similar: "相似的已答问题",
  asked: "提问成功",
  mine_title: "我的提问",
  sign_in_first: "请先登录",
  back: "返回",
  status_open: "待回答",
  status_answered: "已回答",
  status_resolved: "已解决",
  status_reopened: "重新打开",
  status_closed: "已关闭",
  role_youth: "青年",
  role_expert: "专家",
  role_staff: "工作人员",
  role_admin: "管理员",
  nav_notifications: "通知",
  nav_invitations: "我的邀请",
  unread: "未读",
  mark_all_read: "全部标为已读",
  nothing_yet: "暂无内容",
  your_answer: "我的回答",
  answer: "回答",
  decline: "婉拒",
  decline_reason: "婉拒的原因",
  state_invited: "待回答",
  state_answered: "已回答",
  state_declined: "已婉拒",
  state_withdrawn: "已撤回",
};

export type MessageKey = keyof typeof zh;
export type Language = "zh-CN" | "en";

const en: Record<MessageKey, string> = {
  title: "Youth Voice",
  nav_feed: "Newest",
  nav_search: "Search",
  nav_ask: "Ask",
  nav_mine: "My questions",
  nav_sign_in: "Sign in",
  sign_out: "Sign out",
  language: "中文",
  platform: "Platform",
  topic: "Topic",
  all_topics: "All topics",
  more: "Load more",
  loading: "Loading…",
  empty: "No questions yet",
  failed: "Something went wrong; please try again",
  asked_at: "Asked",
  due_at: "Due",
  asker: "Asked by",
  official_answers: "Official answers",
  peer_answers: "Peer answers",
  no_answers: "No answers yet",
  accepted: "Accepted",
  likes: "likes",
  search_label: "Search questions",
  search_button: "Search",
  no_results: "No matching questions",
  sign_in_title: "Development sign-in (local only)",
  sign_in_hint: "Local stack: pick a role and platform; the local signer issues the token.",
  user_id: "User id",
  role: "Role",
  sign_in_button: "Sign in",
  signed_in_as: "Signed in: ",
  ask_title: "Ask a question",
  question_title: "Title",
  question_body: "Details",
  anonymous: "Ask anonymously",
  submit: "Submit",
  similar: "Similar answered questions",
  asked: "Your question was posted",
  mine_title: "My questions",
  sign_in_first: "Please sign in first",
  back: "Back",
  status_open: "Open",
  status_answered: "Answered",
  status_resolved: "Resolved",
  status_reopened: "Reopened",
  status_closed: "Closed",
  role_youth: "Young person",
  role_expert: "Expert",
  role_staff: "Staff",
  role_admin: "Admin",
  nav_notifications: "Notifications",
  nav_invitations: "My invitations",
  unread: "Unread",
  mark_all_read: "Mark all read",
  nothing_yet: "Nothing yet",
  your_answer: "Your answer",
  answer: "Answer",
  decline: "Decline",
  decline_reason: "Why do you decline?",
  state_invited: "To answer",
  state_answered: "Answered",
  state_declined: "Declined",
  state_withdrawn: "Withdrawn",
};

const LANGUAGE_KEY = "youthvoice.language";
let current: Language = localStorage.getItem(LANGUAGE_KEY) === "en" ? "en" : "zh-CN";

export function language(): Language {
  return current;
}

export function setLanguage(chosen: Language): void {
  current = chosen;
  localStorage.setItem(LANGUAGE_KEY, chosen);
  document.documentElement.lang = chosen;
}

export function t(key: MessageKey): string {
  return (current === "en" ? en : zh)[key];
}

/** A timestamp in the reader's language and the province's time zone. */
export function when(iso: string): string {
  return new Intl.DateTimeFormat(current, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(new Date(iso));
}
