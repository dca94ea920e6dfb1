//! The emergency lexicons on sentences as workers type them (colloquial, little punctuation, some
//! English): each must alert with its class, or stay quiet. Decided here: a negation, a job
//! description, an incident of last year or on the news stay quiet; what others plan or are doing now
//! alerts ("工友们说明天要去爬塔吊"), and so does a threat phrased with a negation ("别逼我跳楼").
//! Run with `--nocapture` to see the figures.

use super::alerts::{ComplaintFacts, ImmediateAlert, detect_alerts};
use super::emergency::EmergencyClass::{self, *};
use crate::deployment::Campaign;
use crate::deployment::testing::sample;

const ALERT: &[(&str, EmergencyClass)] = &[
    // Self-harm.
    ("老板再不给钱我就从楼上跳下去", SelfHarm),
    ("实在活不下去了 欠了半年工资 孩子学费都交不起", SelfHarm),
    ("我不想活了，三个月工资一分没拿到", SelfHarm),
    ("再拖下去我只能喝农药了", SelfHarm),
    ("我老公说这个月还不发钱他就去跳河", SelfHarm),
    ("工友老王昨晚喝了敌敌畏 现在医院抢救", SelfHarm),
    ("逼得我没办法只能跳楼了", SelfHarm),
    ("老板不给钱我就死给他看", SelfHarm),
    ("他说拿不到钱就一死了之", SelfHarm),
    ("别逼我跳楼", SelfHarm),
    ("没有办法了只能去跳楼", SelfHarm),
    ("他说要 跳 楼", SelfHarm),
    ("I will kill myself if they don't pay me", SelfHarm),
    ("no money for 4 months i want to die", SelfHarm),
    ("My husband said he will jump off the bridge", SelfHarm),
    // A negation of something else (发工资, 回家过年, paid) does not take back the word after it.
    ("拿不到钱不能回家过年要跳楼", SelfHarm),
    ("老板一直不给钱 逼得我要喝药", SelfHarm),
    ("工资要不回来我还不如去死", SelfHarm),
    ("半年没拿到钱 好想死", SelfHarm),
    // Blocking roads.
    ("老板不给钱，我们明天去堵路", BlockingRoads),
    ("工友们商量好了明天一起去堵高速", BlockingRoads),
    ("再不发工资我们就把路堵了", BlockingRoads),
    ("几十个工人躺在马路上不让车走", BlockingRoads),
    ("明天要去堵工地大门 不让车进出", BlockingRoads),
    ("要是还拖 咱们就上高速拦车", BlockingRoads),
    ("我们不想再等了明天去堵路", BlockingRoads),
    ("没人管我们就去堵国道", BlockingRoads),
    ("听说工友们明天要去堵路", BlockingRoads),
    ("we will block the highway tomorrow if no one pays us", BlockingRoads),
    ("Workers are blocking the main road right now", BlockingRoads),
    ("三个月没有发工资要去堵路", BlockingRoads),
    ("老板不给钱我们明天去堵路", BlockingRoads),
    ("not paid for 3 months will block the road", BlockingRoads),
    // Climbing heights.
    ("工友们说明天要去爬塔吊讨薪，我很担心出事。", ClimbingHeights),
    ("有个工友爬到塔吊上不下来了 说不给钱就跳下来", ClimbingHeights),
    ("我老乡已经站在楼顶上了 你们快来", ClimbingHeights),
    ("班长爬上了楼顶拉横幅", ClimbingHeights),
    ("有人爬到工地的塔吊上面去了", ClimbingHeights),
    ("老板说了不会给钱的我们明天就去爬塔吊", ClimbingHeights),
    ("我们几个人上了天台 老板不来就不下去", ClimbingHeights),
    ("几个工友坐在楼顶边上要个说法", ClimbingHeights),
    ("he climbed up the tower crane and won't come down", ClimbingHeights),
    ("my brother is up on the roof of the site office", ClimbingHeights),
    // Gathering, strikes, petitioning.
    ("我们准备去北京上访", Gathering),
    ("几十个工友明天集体去区政府门口讨薪", Gathering),
    ("大家商量好了 明天全体罢工", Gathering),
    ("工头不让我们进工地 大家准备明天集体停工", Gathering),
    ("工人们拉横幅围堵项目部", Gathering),
    ("实在没办法了，我们只能去上访", Gathering),
    ("老板不给钱 我们明天去项目部门口静坐", Gathering),
    ("工友们都在项目部门口聚集了", Gathering),
    ("再不给钱就去政府那里闹", Gathering),
    ("we are going on strike on monday", Gathering),
    ("we will protest at the government office", Gathering),
    // Violence and threats.
    ("老板叫了几个社会上的人把我们打了一顿", Violence),
    ("再不给钱我就拿刀去找他", Violence),
    ("工头说谁再要钱就弄死谁", Violence),
    ("我要跟老板同归于尽", Violence),
    ("包工头找人打了我们好几个工友", Violence),
    ("老板威胁我们说要找人收拾我们", Violence),
    ("我不会放过他的", Violence),
    ("别怪我不客气 我要砍死他", Violence),
    ("they threatened to beat us if we keep asking", Violence),
    ("I will burn down his office", Violence),
];

const QUIET: &[&str] = &[
    // Describing the job.
    "我是开塔吊的，老板欠了我三个月工资",
    "我是塔吊司机 干了半年没拿到钱",
    "我在工地开吊车，老板一直拖工资",
    "我是塔吊工 每天爬塔吊上班 工资拖了四个月",
    "我上吊车干活 干了三个月",
    "我在塔吊上吊钢筋 一天三百 欠了两个月",
    "吊车司机和信号工一共6个人 工资都拖了",
    "我们班组在楼顶做防水 做完了老板不给钱",
    "我在楼顶干活的时候摔伤了 老板不给医药费也不给工资",
    "塔吊上的活干完了，工钱一直没结",
    "我们是修路的 路修完了钱没给",
    "I am a crane operator and I haven't been paid for two months",
    "I drive a crane at the site, wages unpaid since October",
    "I worked on the roof for three months and got nothing",
    "我是塔吊司机 每天爬上塔吊干活 老板欠了四个月",
    "家里种地要打农药 钱都没有",
    // Saying they will not.
    "我不想上访，只想要回工资",
    "没打算堵路 就想把钱要回来",
    "我们不会去堵路的，请你们帮帮忙",
    "放心我不会跳楼的 只想要回血汗钱",
    "我们没有想过要去上访 相信政府",
    "我不打算去上访，希望劳动监察帮忙",
    "大家别去堵路 走正规途径",
    "我没去上访 一直在等你们处理",
    "我不会去堵高速的 放心",
    "我们几个工友从来没有想过闹事",
    "我们不想闹事 只想拿回工资",
    "我老婆叫我别做傻事 我不会跳楼的",
    "我们不会因为这点钱去堵路",
    "老板说等楼盘卖了再给钱，我不想闹，就想按时拿到工资",
    "I don't want to petition, I just want my wages",
    "we won't block the road, we just want our money",
    "I will not go on strike, please help me get paid",
    "we didn't block any road, we just asked for our wages",
    "我们不打算罢工，只想老板把钱结了",
    "大家不要去上访 等监察大队处理",
    "别担心 我们不会闹事的",
    "我们没准备去堵路",
    "我不想去政府门口闹 只想你们帮忙",
    "他们没有打人 就是一直拖着不给",
    "I'm not going to hurt him, I just want my money",
    "我们不要再去堵路了",
    "我们绝不会去上访",
    "we would never block the road",
    "放心 我没有想过跳楼",
    // 喝药 is also medicine, 想死 also missing someone, 去死 also a curse.
    "我生病了每天喝药 老板还欠我三个月工资",
    "孩子想死我了 过年想回家 工资还没发",
    "我不想死 只想要回工资",
    "老板你去死吧 欠钱不还",
    "we have no plan to protest",
    // A past incident, or one on the news.
    "去年有个工友讨薪爬塔吊被拘留了",
    "新闻上说有人讨薪跳楼 我们不会这样",
    "以前有人在这个工地堵过路 后来也没用",
    "last year someone jumped off a building over wages",
    // Ordinary complaints with 楼, 路, 塔吊, 打 or 别 in them.
    "欠了三个月工资",
    "老板一直拖着不给钱，现在电话也不接",
    "每天早上堵车到工地 干了两个月没拿钱",
    "工地停工了 老板说等开工再发工资",
    "楼盘卖不出去 老板说没钱发工资",
    "塔吊拆了以后老板就不见人了",
    "老板说公司要倒闭了 跳楼价把设备都卖了 就是不给我们钱",
    "商场跳楼大甩卖的时候老板还买了车 就是不给我们发工资",
    "工头说别人的工资都发了 就我的没发",
    "老板打电话说下个月给钱",
    "我们一起去项目部找老板要钱，他不在",
    "从去年十月干到今年一月，老板一直拖着不给钱，说年底再说，现在电话也不接。",
    "we worked from March to June and were never paid",
];

/// The classes of the emergency alert the sentence raises, if any.
fn classes(text: &str, campaign: &Campaign) -> Option<Vec<EmergencyClass>> {
    let facts = ComplaintFacts { description: text.into(), ..Default::default() };
    detect_alerts(&facts, campaign).into_iter().find_map(|a| match a {
        ImmediateAlert::Emergency { classes, .. } => Some(classes),
        _ => None,
    })
}

#[test]
fn the_lexicon_table_alerts_with_the_right_class_and_stays_quiet_otherwise() {
    let campaign = Campaign::default();
    let mut failures = Vec::new();
    for (text, class) in ALERT {
        match classes(text, &campaign) {
            Some(found) if found.contains(class) => {}
            found => failures.push(format!("should alert {class:?}: {text:?} (found {found:?})")),
        }
    }
    let alerted = ALERT.len() - failures.len();
    for text in QUIET {
        if let Some(found) = classes(text, &campaign) {
            failures.push(format!("should stay quiet: {text:?} (found {found:?})"));
        }
    }
    let quiet = QUIET.len() - (failures.len() - (ALERT.len() - alerted));
    // The quiet half must test the negations and harmless phrases, not only sentences with no word.
    let mut bare = campaign.clone();
    bare.emergency.negations.clear();
    bare.emergency.harmless.clear();
    let taken_back = QUIET.iter().filter(|t| classes(t, &bare).is_some()).count();
    println!(
        "lexicon: {alerted}/{} alert, {quiet}/{} quiet ({taken_back} of the quiet contain a word that a negation \
         or a harmless phrase takes back)",
        ALERT.len(),
        QUIET.len()
    );
    assert!(ALERT.len() >= 40 && QUIET.len() >= 40, "the table needs 40 sentences each way");
    assert!(taken_back >= 30, "only {taken_back} quiet sentences contain a word");
    assert!(failures.is_empty(), "{} sentences failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_class_has_sentences_both_in_chinese_and_in_english() {
    for class in EmergencyClass::ALL {
        let of_class: Vec<&str> = ALERT.iter().filter(|(_, c)| *c == class).map(|(t, _)| *t).collect();
        assert!(of_class.iter().any(|t| !t.is_ascii()) && of_class.iter().any(|t| t.is_ascii()), "{class:?}");
    }
}

#[test]
fn the_sample_deployment_file_shows_the_default_lexicons() {
    assert_eq!(sample().campaign.emergency, Campaign::default().emergency);
}

#[test]
fn a_lexicon_from_the_deployment_file_replaces_the_defaults() {
    let mut campaign = Campaign::default();
    campaign.emergency.gathering.words = vec!["讨说法".into()];
    assert_eq!(classes("我们明天去上访", &campaign), None, "上访 is no longer a word");
    assert_eq!(classes("我们明天一起去讨说法", &campaign), Some(vec![Gathering]));
    campaign.emergency.harmless.push("讨说法的流程".into());
    assert_eq!(classes("请问讨说法的流程是什么", &campaign), None);
}
