# 办案群（单位的 Telegram 群）：案件卡片、按钮、命令、转达。

staff-card-county-unknown = 地区不明
staff-card-approx = 约 { $amount }
staff-card-none = 无
staff-card-title = 📋 案件 { $case } · { $county }
staff-card-status = 状态：{ $status } · 责任单位：{ $owner }
staff-card-co-handlers = 协办单位：{ $offices }
staff-card-channel-web = 🌐 渠道：网页（工人在手机网页上投诉，你们的回复照常发在这里，工人在网页上看到）
staff-card-site = 工地 / 单位：{ $site }
staff-card-employer = 欠薪方：{ $employer }（{ $kind }）
staff-card-sector = 行业：{ $sector }
staff-card-amount = 金额：{ $amount } · 期间：{ $from } 至 { $to }
staff-card-workers = 人数：{ $workers } 人（已登记申请人 { $claimants } 位）
staff-card-flags = 标记：{ $flags }
staff-card-clocks = 受理期限：{ $acceptance } · 办结期限：{ $investigation }
staff-card-evidence = 证据材料：{ $count } 件
staff-card-tags = 标签：{ $tags }
staff-card-claimants = 申请人（个人信息已遮盖）：
    { $claimants }
staff-card-description = 工人陈述：{ $text }
staff-card-footer-co-handler = （本单位为协办单位：可查看、发表意见和内部备注）
staff-card-footer-supervisor = （督办视图：可查看、发表意见和内部备注）
staff-card-footer-read-only = （只读：案件已由其他单位负责）

staff-flag-contract-dispute = 涉及工程款
staff-flag-in-litigation = 已仲裁或起诉
staff-flag-over-two-years = 超过两年
staff-flag-urgent = 紧急

staff-tag-suspected-contract-payment = 疑似工程款纠纷
staff-tag-suspected-false-claim = 疑似虚假投诉（待核实，不作处理依据）

staff-button-view = 查看案件
staff-button-accept = ✅ 受理
staff-button-ask = 📝 要求补充材料
staff-button-transfer = ↪️ 转办
staff-button-cohandler = ➕ 增加协办
staff-button-extend = ⏳ 延长办理期限
staff-button-resolve = 🏁 办结
staff-button-tag = 🏷 标记
staff-button-unmask = 🔓 显示个人信息
staff-button-invalid = 这个按钮无法识别。
staff-button-stale = 这个按钮已过期，请使用案件最新的卡片。

staff-media-photo = 照片
staff-media-document = 文件
staff-media-voice = 语音
staff-media-video = 视频
staff-media-audio = 音频
staff-media-other = 消息
staff-evidence-caption = 【{ $case }】工人提供的{ $what }

staff-refused-private = 办案命令只能在单位的办案群里使用。
staff-refused-unlinked = 本群尚未关联任何单位。请由运维人员生成关联码后发送 /link 关联码。
staff-refused-anonymous = 匿名管理员身份无法办理案件，请关闭匿名后再操作（每项操作都要记录经办人）。
staff-refused-forwarded = 转发的消息不会被执行，请直接发送。
staff-refused-not-member = 只有本群成员才能办理案件。
staff-refused-not-your-case = 此案件不属于本单位。
staff-refused-read-only = 本单位对此案件只能查看、发表意见和内部备注，办理操作由责任单位进行。
staff-refused-edited = 修改过的命令不会被执行，请重新发送。

staff-opened = 已打开案件 { $case }。
staff-done = 案件 { $case } 已更新：{ $status }。
staff-transferred-unlinked = 注意：{ $office } 还没有关联办案群，案件 { $case } 已转过去，但该单位要等关联办案群之后才能看到并办理。请联系运维人员为该单位生成关联码。
staff-transferred-unlinked-supervisor = 案件 { $case } 已转给 { $office }，但该单位还没有关联办案群，暂时没有人能看到这件案件。请督促其尽快关联（运维人员：wagedesk offices invite）。
staff-prompt-ask = 请直接回复要请工人补充的内容（案件 { $case }）。发送 /cancel 取消。
staff-prompt-extend = 请回复延长办理期限的理由（案件 { $case }）。发送 /cancel 取消。
staff-prompt-transfer-reason = 请回复转办理由（案件 { $case }）。发送 /cancel 取消。
staff-prompt-paid-amount = 请回复实际支付的金额，例如 30000 或 3万（案件 { $case }）。发送 /cancel 取消。
staff-prompt-reason-referral = 请回复：理由；应去的渠道，用分号隔开（案件 { $case }）。发送 /cancel 取消。
staff-prompt-reason = 请回复理由（案件 { $case }）。发送 /cancel 取消。
staff-prompt-needs-text = 请用文字回复。发送 /cancel 取消。
staff-prompt-paid-amount-again = 没有看懂这个金额，请写确切数额，例如 30000 或 3万。
staff-prompt-reason-referral-again = 请写理由和应去的渠道，中间用分号隔开，例如：劳动关系有争议；区劳动人事争议仲裁院。
staff-choose-transfer = 转给哪个单位？
staff-choose-co-handler = 请哪个单位协办？
staff-choose-outcome = 办结结果是？
staff-choose-tag = 加什么标签？（标签只作提示，不作处理依据）

staff-outcome-paid-in-full = 已足额支付
staff-outcome-paid-in-part = 部分支付
staff-outcome-advanced-from-deposit = 保证金 / 应急周转金垫付
staff-outcome-referred-to-arbitration = 转仲裁或法院
staff-outcome-referred-to-police = 移送公安
staff-outcome-not-wage-claim = 不属于工资（工程款）
staff-outcome-unfounded = 经核实不成立
staff-outcome-not-accepted = 不予受理

staff-tagged = 已加标签：{ $tag }。
staff-unmask-unreadable = （无法解密）

staff-help-title = 办案群命令：
staff-help-case = /case 案件编号 — 显示案件卡片（在案件话题里可省略编号）
staff-help-cases = /cases — 本单位未办结案件，按期限先后排列
staff-help-overdue = /overdue — 本单位已超期的案件
staff-help-note = /note 内容 — 内部备注，只记入案件记录，不发给工人（在案件话题里或回复案件消息时使用）
staff-help-cancel = /cancel — 取消正在进行的操作
staff-help-link = /link 关联码 — 把本群关联到单位（关联码由运维人员生成，机器人须为管理员）
staff-help-unlink = /unlink — 解除本群与单位的关联，机器人随后退出
staff-help-help = /help — 显示本说明
staff-help-start = 在案件话题里直接发消息（或回复案件消息）就会以单位名义转给这件案件的每一位工人；回复某位工人的消息只转给这位工人。工人的回复会出现在同一话题里。
staff-unlinked-help = 本群尚未关联单位。请运维人员运行 wagedesk offices invite 单位编号 生成关联码，然后在本群发送 /link 关联码（机器人需为管理员）。工人请私聊机器人投诉，群里不受理投诉。

staff-cancelled = 已取消。
staff-nothing-to-cancel = 没有正在进行的操作。
staff-cases-title = 本单位未办结案件（按期限）：
staff-overdue-title = 本单位已超期案件：
staff-cases-line = { $case } · { $status } · 期限 { $due } · { $employer }
staff-cases-none = 本单位目前没有未办结的案件。
staff-overdue-none = 本单位目前没有超期案件。
staff-case-not-found = 没有找到这个案件，请写完整的案件编号。
staff-note-empty = 请在 /note 后面写备注内容。
staff-note-kept = 内部备注已记录（不会发给工人）。

staff-link-usage = 请发送 /link 关联码。
staff-link-invalid = 关联码无效、已用过或已过期。请运维人员重新生成。
staff-link-needs-admin = 请先把机器人设为本群管理员（论坛群还需“管理话题”权限），再发送 /link。
staff-link-serves-other = 本群已关联到 { $current }，不能再关联到 { $office }：一个群只服务一个单位。如确需改为 { $office }，请先在本群发送 /unlink 解除与 { $current } 的关联（机器人会退出，需重新拉入并设为管理员），再用关联码关联；或为 { $office } 另建一个群。这个关联码没有用掉。
staff-linked = 本群已关联到 { $office }。{ $mode }
staff-linked-forum = 每个案件会在本群开一个话题。
staff-linked-plain = 每个案件会在本群发一张卡片，回复卡片即可办理。
staff-moved-away = { $office } 已改用另一个群办案，本群不再接收案件。
staff-unlinked = 本群已解除与 { $office } 的关联，机器人将退出本群。
staff-leaving-unlinked = 本群一直没有关联单位，机器人将退出。如需使用，请重新拉机器人入群并发送 /link 关联码。

staff-from-worker = 【{ $case }】工人留言：{ $text }
staff-from-named-worker = 【{ $case }】工人{ $who }留言：{ $text }
staff-sent-by = 发送人：{ $who }
staff-comment = 【{ $office }】意见：{ $text }
staff-comment-kept = 责任单位 { $owner } 还没有关联办案群，这条意见转达不到，只记在案件记录里。

relay-which-case = 你有几件案件在办理中。这条消息是关于哪一件的？
relay-choice-stale = 这个选择已失效，请重新发送消息。
relay-sent = 已转给 { $office }（案件 { $case }）。要另外投诉一件，请发 /new。
relay-kept-unlinked =
    你的消息已经记在案件 { $case } 里，但 { $office } 还没有接入本系统，暂时看不到，也没法回复你。着急的话请打电话：
    劳动保障监察：{ $labour }
    法律援助：{ $legal_aid }
    政务服务热线：{ $government }
    遇到危险请立即报警：{ $police }
relay-from-office = 【{ $office }】关于案件 { $case }：
    { $text }
relay-unsupported = 这类消息无法转给办案单位。请发文字、照片、语音或文件。

timeline-tagged = 加标签：{ $tag }
timeline-unmasked = 查看了申请人的完整个人信息
timeline-note = 内部备注：{ $text }
timeline-worker-message = 工人发来消息（{ $kind }）
timeline-worker-message-kept = 工人发来消息（{ $kind }），当时办理单位未接入、未能转达：{ $words }
timeline-staff-replied = 单位回复了工人
timeline-comment = 协办或督办单位发表意见
timeline-comment-kept = 协办或督办单位发表意见（当时责任单位未接入、未能转达）：{ $words }

cli-office-invite = 单位 { $office } 的关联码：{ $code }
    有效期至 { $expires }，只能使用一次。请把机器人拉进单位的群并设为管理员，然后在群里发送：
    /link { $code }

staff-menu-cases = 本单位未办结案件
staff-menu-overdue = 已超期案件
staff-menu-case = 显示案件卡片（加案件编号）
staff-menu-note = 内部备注（不发给工人）
staff-menu-cancel = 取消正在进行的操作
staff-menu-help = 办案群命令说明
staff-help-ledger = /ledger — 本单位台账摘要（未办结、超期、人数、金额、按期办结率）
staff-help-export = /export [起始日期 截止日期] — 导出本单位台账 Excel（默认今年至今，个人信息已遮盖）
staff-export-usage = 用法：/export 或 /export 2026-01-01 2026-12-31
staff-export-caption = 本单位台账 { $from } 至 { $to }（个人信息已遮盖）
staff-menu-ledger = 本单位台账摘要
staff-menu-export = 导出台账 Excel

## Alerts that wait for a person to acknowledge them.
alert-button-acknowledge = ✋ 我已收到，马上处理
alert-ack-done = 已确认收到。
alert-ack-already = 这条警报已经有人确认过了。
alert-ack-not-yours = 只有收到这条警报的办公室的群成员才能确认。
alert-acknowledged = ✅ { $office } 已确认收到案件 { $case } 的警报。
alert-unacknowledged = ⚠️ 第 { $repeat } 次提醒：这条警报 { $minutes } 分钟没人确认，已同时报上一级。
alert-unacknowledged-top = ⚠️ 第 { $repeat } 次提醒：这条警报 { $minutes } 分钟没人确认；已到最上一级，没有可再上报的部门。

## The order to pay (责令限期支付).
staff-button-order = 📜 责令限期支付
staff-prompt-order = 案件 { $case }：请回复责令支付的金额和期限，比如 45000 2027-01-15，或者 4.5万 15天。
staff-prompt-order-again = 没看懂。请写确切金额和期限，中间空一格，比如 45000 2027-01-15，或者 4.5万 15天。
staff-card-order = 责令限期支付：{ $amount }，期限 { $due }（{ $issued } 下达）

## Each claimant on the card, and the verified amounts (核定金额).
staff-card-claimant-money = 申请 { $amount } · 核定 { $verified } · { $paid }
staff-card-claimant-confirmed = 已确认收到
staff-card-claimant-unconfirmed = 未确认收到
staff-card-claimant-paid = 已确认收到 { $amount }
staff-button-verify = ⚖️ 核定金额
staff-prompt-verify = 案件 { $case }：请按卡片上申请人的顺序写出核定的欠薪金额，用空格分开，比如 12000 8000 0（查明不欠的写 0）。
staff-prompt-verify-again = 没看懂。请按卡片上申请人的顺序，每人写一个确切金额，用空格分开，人数要对上，比如 12000 8000 0。
staff-verified = 案件 { $case } 已核定 { $count } 位申请人的欠薪金额，共 { $amount }。
case-timeline-amount-verified = 核定欠薪金额 { $amount }（{ $count } 人）

## A claimant who cannot be reached to confirm payment.
staff-help-unreachable = /unreachable 序号 联系情况 — 记录某位申请人（卡片上的序号）无法联系、不能确认收款的原因和联系经过；其余人都确认后案件销账
staff-unreachable-usage = 用法：在案件话题里发 /unreachable 序号 联系经过，比如 /unreachable 2 12月5日至9日打了四次电话、发了两次短信都没有回复。
staff-unreachable-no-claimant = 卡片上没有第 { $number } 位申请人，或这位申请人已经确认收款了。
staff-unreachable-recorded = 已记录第 { $number } 位申请人（{ $name }）无法联系。还有 { $waiting } 位申请人没确认收款。
staff-unreachable-closed = 已记录第 { $number } 位申请人（{ $name }）无法联系。其余申请人都已确认收款，案件 { $case } 已销账。
case-timeline-claimant-unreachable = 第 { $number } 位申请人无法联系：{ $attempts }
staff-card-police = 已移送公安：{ $on }，{ $reason }（继续追讨工资）

## Penalties and the blacklist referral (失信联合惩戒).
staff-button-penalty = 🧾 行政处罚
staff-button-blacklist = 🚫 失信惩戒
staff-prompt-penalty = 案件 { $case }：请回复罚款金额和处罚决定书文号，中间空一格，比如 20000 西人社监罚〔2026〕3号。
staff-prompt-penalty-again = 没看懂。请先写确切的罚款金额，再空一格写决定书文号，比如 20000 西人社监罚〔2026〕3号。
staff-prompt-blacklist = 案件 { $case }：请回复提请列入失信联合惩戒对象名单的理由。
staff-card-penalties = 行政处罚：{ $count } 次，共罚款 { $amount }
staff-card-blacklist = 已提请列入失信联合惩戒名单：{ $on }
## Clocks and prompts (issue 14)
staff-card-waiting-acceptance = 等待工人补充材料：{ $asked } 起；到 { $resumes } 仍未补充的，受理期限恢复计算
staff-card-waiting = 等待工人补充材料：{ $asked } 起（办结期限照常计算）
staff-card-pass-on = 工地所在区县不在本单位管辖范围内：请在 { $due } 前转送有管辖权的单位
staff-prompt-dropped = 案件 { $case } 在您回复之前已有变化（现为“{ $status }”），之前按钮的提示已取消。没有执行任何操作，这条消息也没有转给工人；如果是要发给工人的，请再发一次。
staff-prompt-lapsed = 案件 { $case } 上按钮的提示已超过 { $minutes } 分钟，已失效：没有执行任何操作，这条消息也没有转给工人。要办理，请重新按按钮；如果是要发给工人的，请再发一次。
staff-reply-to-colleagues-prompt = 机器人的这个提问是问按下按钮的那位同事的，只有他本人的回复才会被采用。你的这条消息没有办理任何操作，也没有转给工人。
staff-reply-to-bot-not-relayed = 这是对机器人提示的回复，没有转给工人。要回复工人，请直接在案件话题里发送，或回复工人的消息或案件卡片。
