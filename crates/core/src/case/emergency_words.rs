//! The default emergency lexicons: what a deployment file without `[campaign.emergency]` uses, and what
//! the sample `deploy/wagedesk.toml` shows. Written as workers type (colloquial, no punctuation), each
//! list checked both ways by `alerts_lexicon_tests.rs`. A word too common in harmless talk is left out
//! or written longer: "塔吊" alone is a crane operator's job, "停工" a site that stopped, "堵车" traffic.

/// Life at risk: the plans' "most serious" five minutes.
pub(super) const SELF_HARM_MINUTES: u32 = 5;
pub(super) const CLIMBING_HEIGHTS_MINUTES: u32 = 5;
pub(super) const VIOLENCE_MINUTES: u32 = 5;
pub(super) const BLOCKING_ROADS_MINUTES: u32 = 10;
pub(super) const GATHERING_MINUTES: u32 = 10;

#[rustfmt::skip]
pub(super) const SELF_HARM: &[&str] = &[
    "跳楼", "跳河", "跳江", "跳湖", "跳海", "跳桥", "跳下去", "跳下来", "自杀", "轻生", "寻死", "寻短见", "我想死",
    "真想死", "想死", "去死", "喝药", "不想活", "活不下去", "没法活", "不活了", "活够了", "死了算了", "一死了之", "以死相逼", "死给",
    "没有活路", "没活路", "割腕", "上吊", "吊死", "农药", "敌敌畏", "百草枯", "安眠药", "烧炭", "自焚", "同归于尽",
    "结束生命", "了结自己", "suicide", "kill myself", "killing myself", "kill himself", "end my life", "end it all",
    "take my own life", "jump*off", "jump*from", "want to die", "wanna die", "don't want to live",
    "do not want to live", "hang myself", "better off dead", "set myself on fire",
];

#[rustfmt::skip]
pub(super) const BLOCKING_ROADS: &[&str] = &[
    "堵路", "拦路", "堵马路", "堵公路", "堵高速", "堵国道", "堵省道", "堵桥", "堵路口", "堵大门", "堵门", "堵*高速",
    "堵*马路", "堵*公路", "堵*国道", "堵*路口", "堵*大门", "把*路*堵", "把*高速*堵", "把*大门*堵", "拦住车",
    "上高速拦车", "走上高速", "拦高速", "卧轨", "躺在路上", "躺在马路", "躺马路", "躺在高速", "坐在马路",
    "坐在路中间", "block*road", "block*roads", "block*highway", "block*street", "block*gate", "block*traffic",
    "block*expressway", "lie*on the road", "lie*in the road", "shut down the road", "stop*traffic",
];

#[rustfmt::skip]
pub(super) const CLIMBING_HEIGHTS: &[&str] = &[
    "爬塔吊", "爬*塔吊", "上了塔吊", "站在塔吊", "坐在塔吊", "塔吊上不下来", "爬*楼顶", "站*楼顶", "上了楼顶",
    "上到楼顶", "坐*楼顶", "爬*天台", "站*天台", "上了天台", "爬*屋顶", "站*屋顶", "爬*房顶", "站*房顶", "爬*烟囱",
    "爬*铁塔", "爬*电线杆", "爬*广告牌", "爬*大桥", "不肯下来", "在上面不下来", "死也不下来", "climb*crane",
    "climb*roof", "climb*tower", "climb*bridge", "climb*building", "on top of the crane", "up on the crane",
    "on top of the building", "up on the roof", "won't come down", "refuses to come down", "refused to come down",
];

#[rustfmt::skip]
pub(super) const GATHERING: &[&str] = &[
    "上访", "进京", "拉横幅", "拉条幅", "打横幅", "举牌", "举标语", "围堵", "围*项目部", "围*政府", "堵*项目部",
    "堵*政府", "政府门口", "去*政府*闹", "聚集", "聚众", "集体讨薪", "集体停工", "全体停工", "罢工", "静坐", "示威",
    "游行", "抗议", "闹事", "闹大", "去闹", "大闹", "strike", "protest", "protesting", "petition", "petitioning",
    "sit-in", "sit in", "banner", "gather at", "gathering at", "rally",
];

#[rustfmt::skip]
pub(super) const VIOLENCE: &[&str] = &[
    "打人", "打死", "打伤", "打残", "打了一顿", "被打", "挨打", "把我打", "把我们打", "打了我们", "叫人打", "找人打",
    "动手打", "打架", "打起来", "揍", "砍人", "砍死", "拿刀", "动刀", "带刀", "捅死", "捅了", "捅他", "杀了他",
    "杀了你", "杀了老板", "杀人", "宰了他", "弄死", "放火", "烧了他", "烧了工地", "烧了项目部", "烧死", "浇汽油",
    "泼汽油", "炸药", "炸了他", "炸掉", "炸了项目部", "同归于尽", "不会放过", "让他好看", "要他命", "要他的命",
    "血债", "报仇", "跟他拼了", "和他拼了", "跟老板拼了", "拼了这条命", "威胁", "恐吓", "黑社会", "找打手", "雇打手",
    "铁棍", "棍子", "kill him", "kill her", "kill them", "kill you", "kill the boss", "stab", "stabbed", "beat me",
    "beat us", "beat up", "beaten", "hit me", "hit us", "knife", "knives", "burn down", "set fire", "blow up", "bomb",
    "hurt him", "hurt them", "threaten", "threatened", "threatening", "thugs",
];

/// Negations, and cues that put what follows in the past or in the news: an incident of last year or
/// one on the news is context for the office, not an emergency to acknowledge in minutes. Hearsay
/// (听说) is no cue: "听说工友们明天要去堵路" is a plan, and alerts.
#[rustfmt::skip]
pub(super) const NEGATIONS: &[&str] = &[
    "不想", "不会", "不要", "不打算", "不准备", "不敢", "不能", "不去", "不用", "不必", "不至于", "不可能", "不应该",
    "不该", "并不", "绝不", "决不", "没有", "没打算", "没想", "没准备", "没去", "没要", "没说", "没敢", "从没",
    "从来没", "从不", "别", "去年", "前年", "以前", "上次", "曾经", "新闻", "not", "no", "never", "don't", "dont",
    "won't", "wont", "didn't", "didnt", "wouldn't", "wouldnt", "last year", "used to", "in the news",
];

/// Where a negation stops reaching, as a comma would.
#[rustfmt::skip]
pub(super) const CLAUSE_BREAKS: &[&str] = &[
    "但", "可是", "不过", "然而", "只能", "只好", "只有", "就", "了", "我", "俺", "咱", "然后", "否则", "不然",
    "要是", "如果", "but", "so", "then", "otherwise", "unless", "i", "i'll", "i'm", "we", "we'll", "we're",
];

/// Job descriptions and everyday phrases that contain a word, a cue or a break but mean none.
#[rustfmt::skip]
pub(super) const HARMLESS: &[&str] = &[
    // A crane operator, a roofer or a road builder describing the job.
    "塔吊司机", "开塔吊", "塔吊工", "塔司", "塔吊操作", "开吊车", "吊车司机", "吊车", "信号工", "塔吊上班",
    "塔吊干活", "塔吊上干活", "塔吊作业", "每天爬塔吊", "天天爬塔吊", "楼顶干活", "楼顶上干活", "楼顶施工",
    "楼顶作业", "屋顶干活", "屋顶防水", "天台干活", "高空作业", "修路", "crane operator", "crane driver",
    "drive a crane", "drive the crane", "operate a crane", "operate the crane", "work on the roof",
    "worked on the roof", "working on the roof", "roofer", "road works", "road construction",
    // Everyday words that contain an alarming one.
    "跳楼价", "跳楼甩卖", "跳楼大甩卖", "堵车", "打农药", "喷农药", "动手术", "打死也不", "打死都不", "被打回",
    "被打折", "气炸", "拼死", "累死", "吊钢筋", "吊东西", "吊材料", "吊货", "吊砖", "吊模板",
    // 喝药 as medicine, 想死 as missing someone, 去死 cursing another, 不想死 (its 不想 overlaps the word).
    // "在喝药" stays an alert: it may be poison being drunk now.
    "每天喝药", "天天喝药", "喝药治", "打针喝药", "喝药打针", "想死你", "想死我了", "想死他了", "不想死",
    "你去死", "你们去死", "他去死", "他们去死", "老板去死",
    // Not a negation: 别 in 别人, 不会 in 会不会, 没有 in 没有钱; "别逼我" and "别怪我" are threats.
    "别人", "别的", "特别", "分别", "区别", "个别", "级别", "类别", "告别", "别墅", "别处", "识别", "别逼", "不要逼",
    "别让我", "不要让我", "别怪我", "不要怪我", "别管", "会不会", "要不要", "没有钱", "没有人", "没人", "没钱",
    "没有办法", "没有工资", "没有活干", "no choice", "no money", "no one", "don't make me", "do not make me",
    "don't force me", "don't push me",
    // Not a clause break: the 了 of 为了 and 除了.
    "为了", "除了",
];
