//! What the bot says: wagedesk's Chinese questions and buttons, as constants and small helpers.

use teloxide::types::{
    ButtonRequest, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, KeyboardMarkup, ReplyMarkup,
};

pub const ASK_LANGUAGE: &str = "请选择语言：\nChoose your language:";
pub const LANGUAGES: &[&str] = &["中文", "English"];
pub const WELCOME: &str = "你好！这里可以投诉拖欠工资（欠薪）。我们会一步一步问你几个问题，大部分按按钮就行。投诉会交给负责的政府部门办理，每有进展都会通知你。";
pub const ASK_CONSENT: &str = "在开始之前，请看一下个人信息说明：\n• 我们只收集办理欠薪投诉需要的信息：工地、欠薪单位、金额、时间、你的姓名和手机号，身份证号可以不填。\n• 手机号和身份证号加密保存，办理人员只看到部分号码。\n• 你的身份会被保密（《劳动保障监察条例》第九条）；打击报复投诉人是违法的。\n• 你可以随时撤回投诉，并要求删除你的个人信息。\n同意后才能继续。";
pub const CONSENT: &[&str] = &["同意，继续", "不同意"];
pub const DECLINED: &str = "好的，没有你的同意我们不能记录投诉。需要时发 /new 重新开始。也可以打 12333 电话投诉。";
pub const ASK_COUNTY: &str = "你是在哪个区县干活的？（按工地所在地选，不是老家，也不是公司注册地）";
/// County, its code (for case numbers), its townships and the office that handles it.
pub const COUNTIES: &[(&str, &str, &[&str], &str)] = &[
    ("西湖区", "330106", &["转塘街道", "留下街道", "蒋村街道", "三墩镇", "双浦镇"], "西湖区劳动保障监察大队"),
    ("拱墅区", "330105", &["小河街道", "拱宸桥街道", "康桥街道"], "拱墅区劳动保障监察大队"),
    ("滨江区", "330108", &["西兴街道", "长河街道", "浦沿街道"], "滨江区劳动保障监察大队"),
];
pub const COUNTY_OTHER: &str = "不在这些地方";
pub const DEFAULT_OFFICE: &str = "杭州市根治欠薪工作领导小组办公室";
pub const ASK_TOWNSHIP: &str = "在哪个乡镇或街道？";
pub const NOT_SURE: &str = "不清楚";
pub const ASK_SITE: &str = "请写工地或工厂的名称、地址（比如：西湖区文三路某某小区二期工地）。";
pub const ERROR_SITE: &str = "请用 2 到 200 个字写一下工地名称或地址。";
pub const ASK_SECTOR: &str = "是什么样的活？";
pub const SECTORS: &[&str] = &[
    "盖房子（房建）",
    "市政工程",
    "修路（公路）",
    "港口、航道",
    "水利工程",
    "工厂",
    "饭店、商店、保洁、保安等服务",
    "其他",
];
pub const ASK_EMPLOYER_KIND: &str = "是谁欠你的钱？";
pub const EMPLOYER_KINDS: &[&str] = &["公司或单位", "分包公司、劳务公司", "包工头、班组长", "个人老板"];
pub const ASK_EMPLOYER: &str = "请写出欠钱的公司名称或老板的名字（知道多少写多少）。";
pub const ERROR_EMPLOYER: &str = "请用 2 到 100 个字写一下欠钱的公司或老板。";
pub const ASK_CLAIM: &str = "欠的是什么钱？";
pub const CLAIMS: &[&str] = &["我自己干活的工资", "我承包活的工程款", "工资和工程款都有"];
pub const ASK_LITIGATION: &str = "这件事你是否已经申请了劳动仲裁，或者已经到法院起诉？";
pub const LITIGATION: &[&str] = &["没有", "已申请劳动仲裁", "已到法院起诉"];
pub const ASK_AMOUNT: &str = "一共欠你多少钱？请写一个总数，比如 45000 或 4万5。（一伙人的话写大家加起来的总数）";
pub const ERROR_RATE: &str = "请写老板一共欠您的总钱数，不是一天或一个月的工钱。比如欠了 3 个月、每月 5000，就写 15000。";
pub const ERROR_AMOUNT: &str = "没看懂这个金额，请写一个数字，比如 45000 或 4万5。";
pub const AMOUNT_CONFIRM: &[&str] = &["对", "不对，重新填"];
pub const ASK_PERIOD: &str = "是哪段时间的工资没给？比如：去年10月到今年1月，或者 3个月。";
pub const ASK_WORKERS: &str = "被欠工资的只有你一个人，还是你们一伙人？";
pub const WORKERS: &[&str] = &["只有我", "我们一伙人"];
pub const ASK_NAME: &str = "请写你的真实姓名。";
pub const ERROR_NAME: &str = "请写 2 到 30 个字的姓名，不要带数字。";
pub const ASK_PHONE: &str = "请留一个能联系到你的手机号：按下面的“发送我的手机号”，或者直接写号码。";
pub const SHARE_PHONE: &str = "📱 发送我的手机号";
pub const ERROR_PHONE: &str = "请写 11 位手机号，或者按下面的按钮发送。";
pub const ASK_ID_CONSENT: &str = "身份证号（可以不填）：\n身份证号是敏感个人信息。填了可以帮助办理部门核实身份，不填也能投诉。\n只有你单独同意，我们才会收集；号码会加密保存，办理人员只看到部分号码。";
pub const ID_CONSENT: &[&str] = &["同意，我来填", "不填，跳过"];
pub const ASK_ID: &str = "请写你的 18 位身份证号。";
pub const ERROR_ID: &str = "身份证号应该是 18 位，最后一位可以是 X。";
pub const ASK_EVIDENCE: &str = "有证据请发过来：欠条、考勤、工资单、合同、聊天记录、照片、录音都可以。一张一张发就行，发完了按下面的按钮。没有证据也可以直接按。";
pub const ERROR_EVIDENCE: &str = "这一步请发照片、文件或语音；发完了请按“发完了”。";
pub const ASK_DESCRIPTION: &str = "请用几句话说说情况：干了什么活、老板怎么说的、现在怎么样了。也可以发一段语音。";
pub const ERROR_DESCRIPTION: &str = "请多写几个字（至少 5 个字），或者发一段语音。";
/// The summary's buttons: one per answer to change, then urgent and OK.
pub const SUMMARY: &[&str] = &[
    "改工地",
    "改行业",
    "改欠钱的",
    "改工资/工程款",
    "改仲裁/诉讼",
    "改金额",
    "改时间",
    "改人数",
    "改姓名",
    "改手机",
    "改身份证",
    "补充证据",
    "改情况说明",
    "🚨 情况紧急（堵路、人身危险等）",
    "✅ 确认无误，下一步",
];
pub const NOTICE: &str = "提交前请注意（《保障农民工工资支付条例》第五十二条）：\n投诉要实事求是。编造事实、用违法手段讨薪，或者借讨薪名义讨要工程款的，要依法承担责任。\n我保证以上内容属实。";
pub const SUBMIT: &[&str] = &["我保证属实，提交", "返回修改"];
pub const USE_BUTTONS: &str = "请按上面消息里的按钮回答。";
pub const STALE_BUTTON: &str = "这个按钮已经过期了。";

/// Inline buttons labelled `options`, `per_row` to a row; each carries `step:index`.
pub fn buttons(step: &str, options: &[&str], per_row: usize) -> ReplyMarkup {
    let all: Vec<InlineKeyboardButton> = options
        .iter()
        .enumerate()
        .map(|(i, label)| InlineKeyboardButton::callback(*label, format!("{step}:{i}")))
        .collect();
    ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(all.chunks(per_row).map(<[_]>::to_vec)))
}

pub fn evidence_done(count: usize) -> ReplyMarkup {
    let label = format!("发完了（{count} 件）");
    ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(label, "evidence:0")]]))
}

pub fn share_phone() -> ReplyMarkup {
    let button = KeyboardButton::new(SHARE_PHONE).request(ButtonRequest::Contact);
    ReplyMarkup::Keyboard(KeyboardMarkup::new([[button]]).resize_keyboard().one_time_keyboard())
}

/// The option a pressed button chose, if it belongs to `step`.
pub fn picked(data: Option<&str>, step: &str, options: &[&'static str]) -> Option<(usize, &'static str)> {
    let index: usize = data?.strip_prefix(step)?.strip_prefix(':')?.parse().ok()?;
    options.get(index).map(|label| (index, *label))
}

/// `45000` → `45,000`.
pub fn yuan(amount: u64) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A total in yuan: `45000`, `4万5`, `4.5万`, `45000元`. A daily or monthly rate is refused.
pub fn parse_amount(text: &str) -> Result<u64, &'static str> {
    let text: String = text.chars().filter(|c| !c.is_whitespace() && *c != ',' && *c != '，').collect();
    if ["天", "日", "月", "每"].iter().any(|w| text.contains(w)) {
        return Err(ERROR_RATE);
    }
    let text = text.trim_end_matches(['元', '块']);
    let number = |s: &str| s.parse::<f64>().ok().filter(|n| *n >= 0.0);
    let value = match text.split_once('万') {
        Some((wan, "")) => number(wan).map(|w| w * 10_000.0),
        // `4万5` is 45,000: a single digit after 万 counts thousands.
        Some((wan, rest)) if rest.len() == 1 => number(wan).zip(number(rest)).map(|(w, r)| w * 10_000.0 + r * 1_000.0),
        Some((wan, rest)) => number(wan).zip(number(rest)).map(|(w, r)| w * 10_000.0 + r),
        None => number(text),
    };
    match value {
        Some(v) if v >= 1.0 && v < 1e12 => Ok(v.round() as u64),
        _ => Err(ERROR_AMOUNT),
    }
}

/// The last 11 digits, if they look like a mainland mobile number.
pub fn parse_phone(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let number = digits.get(digits.len().checked_sub(11)?..)?.to_owned();
    (number.starts_with('1') && (digits.len() == 11 || digits.starts_with("86"))).then_some(number)
}

pub fn mask_phone(phone: &str) -> String {
    format!("{}****{}", &phone[..3], &phone[phone.len() - 4..])
}

pub fn parse_id(text: &str) -> Option<String> {
    let id = text.trim().to_uppercase();
    let ok = id.len() == 18
        && id[..17].bytes().all(|b| b.is_ascii_digit())
        && id[17..].bytes().all(|b| b.is_ascii_digit() || b == b'X');
    ok.then_some(id)
}

pub fn mask_id(id: &str) -> String {
    format!("{}**********{}", &id[..4], &id[14..])
}
