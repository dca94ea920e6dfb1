# 工人填写欠薪投诉的对话。

language-name = 中文
ask-language = 请选择语言：
welcome = 你好！这里可以投诉拖欠工资（欠薪）。我们会一步一步问你几个问题，大部分按按钮就行。投诉会交给负责的政府部门办理，每有进展都会通知你。
ask-consent =
    在开始之前，请看一下个人信息说明：
    • 我们只收集办理欠薪投诉需要的信息：工地、欠薪单位、金额、时间、你的姓名和手机号，身份证号可以不填。
    • 手机号和身份证号加密保存，办理人员只看到部分号码。
    • 你的身份会被保密；打击报复投诉人是违法的。
    • 你可以随时撤回投诉，并要求删除你的个人信息。
    同意后才能继续。
button-agree = 同意，继续
button-disagree = 不同意
consent-declined = 好的，没有你的同意我们不能记录投诉。需要时发 /new 重新开始。也可以打 12333 电话投诉。
ask-county = 你是在哪个区县干活的？（按工地所在地选，不是老家，也不是公司注册地）
button-county-other = 不在这些地方
ask-township = 在哪个乡镇或街道？
button-not-sure = 不清楚
ask-site = 请写工地或工厂的名称、地址（比如：西湖区文三路某某小区二期工地）。
error-site = 请用 2 到 200 个字写一下工地名称或地址。
ask-sector = 是什么样的活？
sector-building = 盖房子（房建）
sector-municipal = 市政工程
sector-road = 修路（公路）
sector-port = 港口、航道
sector-water-works = 水利工程
sector-factory = 工厂
sector-services = 饭店、商店、保洁、保安等服务
sector-other = 其他
ask-employer-kind = 是谁欠你的钱？
employer-kind-company = 公司或单位
employer-kind-subcontractor = 分包公司、劳务公司
employer-kind-team-leader = 包工头、班组长
employer-kind-individual = 个人老板
ask-employer = 请写出欠钱的公司名称或老板的名字（知道多少写多少）。
error-employer = 请用 2 到 100 个字写一下欠钱的公司或老板。
ask-claim-kind = 欠的是什么钱？
claim-kind-wages = 我自己干活的工资
claim-kind-contract = 我承包活的工程款
claim-kind-both = 工资和工程款都有
note-contract-payment = 提醒：工程款纠纷不属于工资，但不能成为拖欠工人工资的理由。你们的工资会照常投诉办理，工程款部分我们会记下，由办理部门引导你通过其他途径解决。
ask-litigation = 这件事你是否已经申请了劳动仲裁，或者已经到法院起诉？
litigation-none = 没有
litigation-arbitration = 已申请劳动仲裁
litigation-court = 已到法院起诉
note-litigation = 提醒：已经在仲裁或法院处理的争议，劳动保障监察一般不再重复处理。我们仍会记录你的投诉，办理部门会告诉你怎么做，请同时关注仲裁或法院的进度。
ask-amount = 一共欠你多少钱？请写一个总数，比如 45000 或 4万5。（一伙人的话写大家加起来的总数）
ask-amount-confirm = 欠你 ¥{ $amount }，对吗？
ask-amount-confirm-approx = 大约欠你 ¥{ $amount }，对吗？（我们记为大约数）
button-yes-correct = 对
button-no-retype = 不对，重新填
ask-period = 是哪段时间的工资没给？比如：去年10月到今年1月，或者 3个月。
warn-period-too-old =
    注意：这段时间已经过去两年多了。超过两年的欠薪，劳动保障监察部门一般不再查处（法律依据发 /help 可以看）。
    建议你申请劳动仲裁或者到法院起诉，可以打 12348 法律援助热线问问。
    你还要继续投诉吗？
button-continue-anyway = 仍然继续
button-change-period = 重新填时间
button-stop-here = 不投诉了
cancelled-too-old = 好的，这次先不投诉。需要时发 /new 重新开始，法律援助请打 12348。
ask-workers = 被欠工资的只有你一个人，还是你们一伙人？
button-just-me = 只有我
button-crew = 我们一伙人
ask-crew-size = 一共多少人被欠工资（包括你）？比如：12个人。
error-crew-too-small = 一伙人至少要有 2 个人。如果被欠工资的只有你自己，请按下面的“只有我”。
ask-name = 请写你的真实姓名。
error-name = 请写 2 到 30 个字的姓名，不要带数字。
ask-phone = 请留一个能联系到你的手机号：按下面的“发送我的手机号”，或者直接写号码。
button-share-phone = 📱 发送我的手机号
phone-saved = 手机号已记下：{ $masked }
error-contact-not-own = 请发送你自己的手机号（按下面的按钮），或者直接写号码。
error-contact-not-now = 现在不需要手机号，请回答上面的问题。
ask-id-consent =
    身份证号（可以不填）：
    身份证号是敏感个人信息。填了可以帮助办理部门核实身份，不填也能投诉。
    只有你单独同意，我们才会收集；号码会加密保存，办理人员只看到部分号码。
button-id-give = 同意，我来填
button-id-skip = 不填，跳过
ask-id-number = 请写你的 18 位身份证号。
id-saved = 身份证号已记下：{ $masked }
ask-evidence = 有证据请发过来：欠条、考勤、工资单、合同、聊天记录、照片、录音都可以。一张一张发就行，发完了按下面的按钮。没有证据也可以直接按。
button-evidence-done = 发完了（{ $count } 件）
evidence-received = 收到第 { $count } 件证据。
evidence-received-early = 收到，已作为第 { $count } 件证据保存。
error-evidence-expects-media = 这一步请发照片、文件或语音；发完了请按“发完了”。
ask-description = 请用几句话说说情况：干了什么活、老板怎么说的、现在怎么样了。也可以发一段语音。
description-voice = （见语音）
error-description-short = 请多写几个字（至少 5 个字），或者发一段语音。
summary =
    请核对你的投诉：
    工地：{ $site }
    行业：{ $sector }
    欠钱的：{ $employer_kind } · { $employer }
    欠的是：{ $claim }
    仲裁/诉讼：{ $litigation }
    金额：{ $amount }
    时间：{ $period }
    人数：{ $workers }
    姓名：{ $name }
    手机：{ $phone }
    身份证：{ $id }
    证据：{ $evidence } 件
    情况：{ $description }
    { $urgent }
    要改哪一项就按哪一项；没问题请按“确认无误”。
summary-approx = 约 { $value }
summary-id-not-given = 未填
summary-urgent-yes = 🚨 已标记为紧急
edit-site = 改工地
edit-sector = 改行业
edit-employer = 改欠钱的
edit-claim = 改工资/工程款
edit-litigation = 改仲裁/诉讼
edit-amount = 改金额
edit-period = 改时间
edit-workers = 改人数
edit-name = 改姓名
edit-phone = 改手机
edit-id = 改身份证
edit-evidence = 补充证据
edit-description = 改情况说明
button-urgent-on = 🚨 情况紧急（堵路、人身危险等）
button-urgent-off = 取消紧急标记
urgent-on = 已标记为紧急，会优先通知负责部门。如有人身危险，请马上打 110。
urgent-off = 已取消紧急标记。
button-summary-ok = ✅ 确认无误，下一步
notice-false-claims =
    提交前请注意：
    投诉要实事求是。编造事实、用违法手段讨薪，或者借讨薪名义讨要工程款的，要依法承担责任。
    我保证以上内容属实。
button-submit = 我保证属实，提交
button-back-to-summary = 返回修改
submitted =
    投诉已提交！案件编号：{ $case }
    请记好这个编号。办理部门会在 5 个工作日内决定接不接手你的案子（是否受理），每有进展我们都会在这里通知你。
    发 /status 可以随时查看进度。
idle-hint = 要投诉欠薪请发 /new；查看进度请发 /status；帮助请发 /help。
resume = 你有一份投诉还没填完，我们接着填：
new-discarded = 之前没填完的投诉已作废，我们重新开始。
cancelled = 已取消，没填完的内容已删除。需要时发 /new 重新开始。
nothing-to-cancel = 现在没有正在填写的投诉。
language-changed = 语言已切换。
start-code-unknown = 这个二维码已经失效或无法识别，请手动选择你的工地所在地。
help =
    这个机器人帮你投诉拖欠工资：
    /new — 开始新的投诉
    /status — 查看我的投诉和进度
    /cancel — 取消正在填写的投诉
    /withdraw — 撤回投诉
    /delete_my_data — 删除我的个人信息
    /language — 切换语言
    /help — 帮助
    劳动保障监察电话 12333，法律援助 12348。
    法律依据：投诉人的身份依法保密（《劳动保障监察条例》第九条）；超过两年的违法行为，劳动保障监察部门一般不再查处（同条例第二十条）；投诉要实事求是（《保障农民工工资支付条例》第五十二条）。
unknown-command = 没有这个命令。发 /help 看看能用哪些命令。
status-none = 你还没有提交过投诉。发 /new 开始投诉。
status-header = 你有 { $count } 件投诉：
status-line =
    编号：{ $case }
    状态：{ $status }
    提交日期：{ $date }
    办理单位：{ $owner }
    期限：{ $due }
    金额：¥{ $amount }
# /status 里给工人看的状态：白话，后面括号里是工人在别处会看到的正式说法。$status 是状态代码，$name 是正式名称。
status-for-worker = { $status ->
        [submitted] 已提交，等办理单位决定接不接手（是否受理）
        [need_info] 等你补充材料
        [accepted] 办理单位已经接手（已受理）
        [transferred] 转给了别的单位办理（已转送）
        [handling] 正在调查处理
        [resolved] 办理单位给出了处理结果
        [reopened] 重新调查处理（重新办理）
        [closed] 案子结了（销账）
        [withdrawn] 你已撤回投诉
       *[other] { $name }
    }
error-too-long = 内容太长了，请控制在 { $max } 个字以内。
error-unsupported = 这里只能看懂文字、按钮、照片、文件和语音。请按提示回答。
error-stale-button = 这个按钮已经过期了，请用最新的消息。
error-press-button = 请按下面的按钮选择。
error-media-before-consent = 请先选择语言并同意个人信息说明，然后再发照片或文件。
error-edited-message = 修改过的消息我们看不到，请重新发一条。
error-state-reset = 抱歉，系统升级后没能恢复你之前填写的内容，请重新开始。
error-internal = 抱歉，系统出了点问题，你刚才的消息没有处理成功，请稍后再发一次。
timeline-submitted = 工人提交投诉
command-start = 开始
command-new = 新的欠薪投诉
command-status = 我的投诉进度
command-cancel = 取消正在填写的投诉
command-language = 切换语言
command-help = 帮助
error-slow-down = 你发得太快了，刚才的一些消息没有被处理。请等一会儿，再一条一条地发。

## A crew member joining the case their crew's filer opened (crew link or /join CODE).
ask-amount-own = 欠你自己多少钱？只写你一个人的，比如 8000 或 8千。
crew-join-card = 你要加入的案子是 { $case }：
    工地：{ $site }
    欠钱的一方：{ $employer }
    欠薪时间：{ $period }
    下面只问你自己的情况：欠你多少、你的名字和电话。别的工友的信息你看不到，他们也看不到你的。
crew-code-ended = 这个班组码对应的案子已经办完或撤回了，不能再加入。你可以发 /new 自己投诉。
crew-code-unknown = 没找到这个班组码。想自己投诉的话，发 /new。要加入班组的案子，请对照班组长发给你的 6 位码再发一次，比如 /join 7KQ2XM
