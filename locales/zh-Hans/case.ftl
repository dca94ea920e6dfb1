# 案件办理：状态、结果、分派理由、操作被拒原因、通知、预警与督办。
# 参数约定：$office / $owner / $from 为单位名称；$county 为县（区）名称；$due 为日期；
# $amount 为金额（已按“元”格式化）；$days / $workers 为数字；$outcome / $status / $regulator 为另一条消息的文字。

## 状态

status-submitted = 已提交
status-need-info = 待补充材料
status-accepted = 已受理
status-transferred = 已转送
status-handling = 处理中
status-resolved = 已办结
status-reopened = 重新办理
status-closed = 已销账
status-withdrawn = 已撤回

## 办结结果

outcome-paid-in-full = 工资已全部支付
outcome-paid-in-part = 工资只付了一部分：{ $amount }。没付清的工资还要继续追讨
outcome-advanced-from-deposit = 先从工资保证金或应急周转金垫付了 { $amount }（先行垫付）。没付清的工资还要继续追讨
outcome-referred-to-arbitration = 这件事要通过劳动仲裁或法院解决。原因：{ $reason }。请到：{ $referral }
outcome-referred-to-police = 案子已交给公安机关（移送公安）。原因：{ $reason }。追讨工资的事没有停，本案继续跟进
outcome-not-wage-claim = 不属于欠薪，属于工程款纠纷。原因：{ $reason }。请到：{ $referral }（工程款纠纷不影响工资支付）
outcome-unfounded = 经核查，暂时没有查实欠薪情况。原因：{ $reason }。如果你有新的证据（欠条、考勤、聊天记录等），可以发 /new 再投诉一次，或者打 12333 问问；也可以申请劳动仲裁
outcome-merged = 和案件 { $case } 合在一起办理（并案）
outcome-not-accepted = 办理单位不能接手这件投诉（不予受理）。原因：{ $reason }。你可以到：{ $referral }

## 行业主管部门

regulator-housing-construction = 住房和城乡建设部门
regulator-transport = 交通运输部门
regulator-water = 水利部门

## 分派理由（记入办理记录）

routing-project-labour-office = 按项目“{ $project }”登记的信息，由 { $office } 负责办理
routing-county-jurisdiction = 按施工（工作）地点所在的{ $county }，由 { $office } 负责办理（劳动保障监察条例第十三条）
routing-default-intake-unknown-county = 所选地区“{ $county }”没有对应的劳动保障监察机构，先由默认受理单位接收，须及时转送有管辖权的单位
routing-default-intake-no-county = 未提供施工（工作）地点，先由默认受理单位接收，须及时转送有管辖权的单位
routing-note-co-handler-construction-cause = 欠薪由违法分包、挂靠或拖欠工程款等引起，{ $office } 协同办理（保障农民工工资支付条例第七条）
routing-note-co-handler-government-invested = 政府投资项目，{ $office } 协同办理
routing-note-no-sector-regulator = 需要{ $regulator }协同办理，但{ $county }未配置该部门，请人工联系
routing-note-township-notified = 已通知 { $office } 参与调解
routing-note-project-office-unknown = 项目“{ $project }”登记的监察机构“{ $office }”已不存在，改按地区分派

## 操作被拒原因（给办理人员）

case-error-not-owner = 只有责任单位 { $owner } 可以办理此案件
case-error-actor-not-allowed = 您不能进行这项操作
case-error-not-allowed-in-status = 案件当前状态为“{ $status }”，不能进行这项操作
case-error-transfer-without-reason = 转送必须写明理由
case-error-transfer-to-self = 不能转送给本单位
case-error-unknown-office = 找不到单位“{ $office }”
case-error-already-co-handler = { $office } 已经在协同办理此案件
case-error-co-handler-is-owner = 责任单位不能同时作为协办单位
case-error-empty-info-request = 请写明需要工人补充哪些材料
case-error-no-investigation-clock = 案件尚未受理，没有可以延长的办理期限
case-error-already-extended = 办理期限只能延长一次
case-error-extension-after-due = 60 个工作日的办理期限已于 { $due } 届满，不能再延长：延长须在期限届满前办理
case-error-info-request-after-due = 5 个工作日的受理期限已于 { $due } 届满：请先决定是否受理；受理后仍可以请工人补充材料（办理期限照常计算）
case-error-extension-without-reason = 延长办理期限必须写明理由
case-error-paid-amount-not-positive = 请填写实际支付的金额（必须大于零）
case-error-outcome-without-reason = 请写明理由
case-error-outcome-without-referral = 请写明工人应当去哪里办理
case-error-merge-without-target = 请填写要并入的案件编号
case-error-not-accepted-after-acceptance = 案件已经受理，不能再作“不予受理”
case-error-reopen-without-reason = 重新办理必须写明理由
case-error-nothing-to-confirm = 这个案件没有需要确认的工资支付

## 办理记录

case-timeline-accepted = 已受理，须在 { $due } 前办结
case-timeline-info-requested = 要求补充材料：{ $text }
case-timeline-info-provided = 工人已补充材料，受理期限重新计算至 { $due }
case-timeline-transferred = 由 { $from } 转送至 { $office }，理由：{ $reason }
case-timeline-co-handler-added = { $office } 加入协同办理
case-timeline-investigation-extended = 办理期限延长至 { $due }，理由：{ $reason }
case-timeline-handling-started = 开始调查处理
case-timeline-resolved = 已办结：{ $outcome }
case-timeline-payment-confirmed = 工资支付已确认，销账
case-timeline-reopened = 重新办理，理由：{ $reason }
case-timeline-withdrawn = 工人撤回了投诉

## 给工人的通知

notify-worker-submitted = 你的投诉已收到，由 { $office } 负责办理。他们会在 { $due } 前告诉你接不接手这件投诉（是否受理）。
notify-worker-accepted = { $office } 已经接手你的案子（已受理），会在 { $due } 前给出处理结果。
notify-worker-need-info = { $office } 需要你补充材料：{ $text }
notify-worker-transferred = 你的案子已从 { $from } 转给 { $office } 办理（转送）。原因：{ $reason }。{ $office } 会在 { $due } 前告诉你接不接手（是否受理）。
notify-worker-extended = 你的案子情况比较复杂，{ $office } 把办理期限延长到 { $due }。原因：{ $reason }
notify-worker-handling = { $office } 正在调查处理你的案子。
notify-worker-resolved = { $office } 对你的案子有了处理结果：{ $outcome }
notify-worker-confirm-payment = 我们会问你这笔钱到手没有。你确认收到之前，案子不会结（不销账）。
notify-worker-reopened = { $office } 重新办理你的案子。原因：{ $reason }
notify-worker-reopened-by-coworker = 这个案子里有一位工友反映钱没有收到（或没有收全），案子重新办理，{ $office } 要在 { $due } 前给出处理结果。你的钱如果也没到，直接在这里说。
notify-worker-withdrawn = 你的投诉已撤回。需要的话，可以随时重新投诉。
notify-worker-info-received = { $office } 已收到你补充的材料，会在 { $due } 前决定接不接手你的案子（是否受理）。
notify-worker-closed = 这个案子的工人都确认收到了工资，案子结了（销账）。{ $office } 过几周还会回访，问问工资有没有再被拖欠。

## 给单位的通知

notify-office-new-case = 收到新的欠薪投诉，请在 { $due } 前作出是否受理的决定。
notify-office-co-handling = 请协同 { $owner } 办理此欠薪案件。
notify-office-township-mediation = 您辖区内有一件欠薪投诉（责任单位：{ $owner }），请参与调解。
notify-office-transferred-in = { $from } 将一件欠薪投诉转给本单位，理由：{ $reason }。本单位的受理期限自转来之日起计算，至 { $due }。
notify-office-transferred-away = 此案件已被转给 { $office }，理由：{ $reason }
notify-office-first-office-update = 您首先接收的案件有新进展：{ $status }（责任单位：{ $owner }）
notify-office-info-provided = 工人已补充材料，请在 { $due } 前作出是否受理的决定。
notify-office-resolved = { $office } 已办结此案件：{ $outcome }
notify-office-payment-confirmed = 工人确认已收到工资，案件销账。
notify-office-closed-confirmed = 还在等待确认的工人已退出案件或删除了个人信息，其余工人都已确认收到工资，案件销账。
notify-office-reopened = 工人表示问题没有解决，案件重新办理。原因：{ $reason }。请在 { $due } 前办结。
notify-office-withdrawn = 工人已撤回此投诉。

## 给督办单位的通知

notify-supervisor-extended = { $office } 将一件案件的办理期限延长至 { $due }，理由：{ $reason }
notify-supervisor-reopened-by-worker = 工人反映 { $office } 办结的案件问题没有解决，已重新办理。原因：{ $reason }

## 期限预警与督办

clock-prewarning-acceptance = 预警：此案件须在 { $due } 前作出是否受理的决定。
clock-prewarning-investigation = 预警：此案件须在 { $due } 前办结。
clock-escalation-acceptance = 督办：{ $office } 的案件应在 { $due } 前决定是否受理，已超期 { $days } 个工作日。
clock-escalation-investigation = 督办：{ $office } 的案件应在 { $due } 前办结，已超期 { $days } 个工作日。
clock-escalation-owner-copy = 此案件已超期 { $days } 个工作日（期限 { $due }），已报督办单位。

## 即时预警

alert-key-case = 重点监控案件：欠薪 { $amount }，涉及 { $workers } 人（责任单位：{ $office }）
alert-emergency-keywords = 紧急：投诉内容提到“{ $keywords }”，可能发生群体性或极端事件，请立即处置（责任单位：{ $office }）
alert-emergency-classes = 紧急（{ $classes }）：投诉内容提到“{ $keywords }”，可能发生群体性或极端事件，请立即处置（责任单位：{ $office }）
alert-class-self-harm = 自伤自杀
alert-class-blocking-roads = 堵路
alert-class-climbing-heights = 爬高（塔吊、楼顶等）
alert-class-gathering = 聚集、罢工或上访
alert-class-violence = 暴力或威胁
alert-emergency-urgent = 紧急：工人标记为紧急情况，请立即联系处置（责任单位：{ $office }）
alert-retaliation = 工人反映因投诉遭到打击报复，请优先处理（责任单位：{ $office }）
alert-absconded-employer = 用人单位负责人可能已逃匿，请考虑移送公安机关（责任单位：{ $office }）
alert-emergency-worker-hotlines =
    我们已把你的情况紧急报告给有关部门。请注意安全，不要采取过激行为。
    劳动保障监察：{ $labour }
    法律援助：{ $legal_aid }
    政务服务热线：{ $government }
    遇到危险请立即报警：{ $police }
alert-emergency-worker-hotlines-unreported =
    你的紧急情况已经记下，但负责的部门还没有接入本系统，暂时看不到。请马上打下面的电话：
    劳动保障监察：{ $labour }
    法律援助：{ $legal_aid }
    政务服务热线：{ $government }
    遇到危险请立即报警：{ $police }
    请注意安全，不要采取过激行为。

# 发给办理单位和督办单位的通知都以案件编号开头。
notify-office-frame = 【{ $case }】{ $body }

notify-office-claimant-confirmed = 一位工人确认收到自己的工资 { $amount }；还有 { $waiting } 位工人未确认，全部确认后才销账。
case-timeline-alert-acknowledged = { $office } 确认收到警报

## The order to pay (责令限期支付) and the rules around it.
case-error-not-yet-accepted = 还没有作出受理决定：受理前只能“不予受理”（写明理由和去处）或并案，其他办结结果要先受理。
case-error-police-without-order = 移送公安（拒不支付劳动报酬）前，要先责令用人单位限期支付。
case-error-bad-order = 责令限期支付需要写明金额（大于 0）和今天以后的期限。
case-timeline-ordered-to-pay = 责令限期支付 { $amount }，期限 { $due }
clock-order-expired = 责令限期支付的期限（{ $due }，{ $amount }）已过，案件仍未办结。请核实是否已支付；逾期拒不支付的，可以移送公安。
clock-order-expired-police = 责令限期支付的期限（{ $due }，{ $amount }）已过仍未支付，金额已达本省拒不支付劳动报酬罪的数额标准（{ $threshold }）：请考虑移送公安（责任单位：{ $office }）。
notify-worker-ordered-to-pay = { $office } 已经责令欠钱的一方在 { $due } 前支付 { $amount }（责令限期支付）。到期没付，办事处会继续处理。
notify-worker-closed-settled = 这个案子能联系上的工人都确认收到了工资，联系不上的工人办事处已记录原因，案子结了（销账）。如果你的钱还没收到，请点下面的“我的钱没收到”，案子会重新办理。
case-timeline-closed-settled = 能联系上的申请人均已确认收到工资，其余已记录无法联系的原因，案件销账
case-timeline-closed-confirmed = 仍在等待确认的申请人已退出案件或删除了个人信息，其余申请人均已确认收到工资，案件销账
notify-worker-referred-to-police = { $office } 已把欠钱的一方拒不支付工资的情况交给公安机关（移送公安）。原因：{ $reason }。追讨工资的事没有停，你的案子还在办，有进展会告诉你。
notify-office-referred-to-police = { $office } 已将本案移送公安机关（拒不支付劳动报酬）。原因：{ $reason }。案件仍在办理，继续追讨工资。
case-timeline-referred-to-police = 移送公安机关：{ $reason }（案件继续办理）
case-error-bad-penalty = 行政处罚需要写明罚款金额（大于 0）和处罚决定书文号或说明。
case-error-already-blacklisted = 本案的用人单位已经提请列入失信联合惩戒名单。
case-timeline-penalty = 行政处罚：罚款 { $amount }，{ $decision }
case-timeline-blacklist = 提请列入拖欠农民工工资失信联合惩戒对象名单：{ $reason }
notify-office-blacklist-referred = { $office } 已提请将本案用人单位列入失信联合惩戒对象名单。理由：{ $reason }

## Clocks: a transfer after acceptance, waiting for material, passing on a misrouted case (issue 14)
notify-worker-transferred-accepted = 你的案子已从 { $from } 转给 { $office } 办理（转送）。原因：{ $reason }。案子照常办理，处理结果仍会在 { $due } 前给出。
notify-office-transferred-in-accepted = { $from } 将一件已受理的欠薪案件转给本单位，理由：{ $reason }。办案期限不变，仍为 { $due }。
notify-office-info-provided-investigating = 工人已补充材料，案件继续办理。
notify-worker-info-received-investigating = { $office } 已收到你补充的材料，会继续处理你的案子。
case-timeline-info-provided-investigating = 工人已补充材料，案件继续办理
notify-worker-need-info-reminder = 提醒：{ $office } 在 { $asked } 请你补充材料，还没有收到。请直接在这里发文字或照片。如果到 { $resumes } 还没有收到，{ $office } 会按现有材料决定接不接手（是否受理）。
notify-worker-need-info-reminder-investigating = 提醒：{ $office } 在 { $asked } 请你补充材料，还没有收到。请直接在这里发文字或照片，这样能帮助他们处理你的案子。
clock-need-info-expired = 工人自 { $asked } 起 { $days } 天未补充所要的材料。受理期限恢复计算，请按现有材料在 { $due } 前作出是否受理的决定。
clock-not-passed-on = 督办：工地所在的 { $county } 不在 { $office } 的管辖范围内，此案件应在 { $due } 前转送有管辖权的单位，至今未转送。
routing-note-co-handler-subcontracted-employer = 欠薪方是包工头或分包单位，按本地规定由 { $office } 协同办理（保障农民工工资支付条例第七条）
