# 台账：/ledger 卡片、Excel 导出的工作表和表头、督办日报。

ledger-card =
    【{ $office }】台账 · 截至 { $date }
    在办 { $open } 件，其中超期 { $overdue } 件；涉及工人 { $workers } 人，欠薪 { $claimed }
    累计 { $cases } 件：核实 { $verified }，已支付 { $paid }
    按期办结率 { $closure }，办结率 { $resolution }
    政府投资项目：{ $gov_cases } 件（在办 { $gov_open } 件），欠薪 { $gov_claimed }
    协办在办 { $co_open } 件；已转出 { $transferred } 件

ledger-sheet-cases = 案件
ledger-sheet-employers = 欠薪企业
ledger-sheet-government = 政府投资项目
ledger-sheet-overdue = 超期

ledger-col-case = 案件编号
ledger-col-role = 办理角色
ledger-col-status = 状态
ledger-col-submitted = 投诉日期
ledger-col-accepted = 受理日期
ledger-col-due = 办理期限
ledger-col-overdue-days = 超期工作日
ledger-col-finished = 办结日期
ledger-col-in-time = 按期办结
ledger-col-outcome = 办理结果
ledger-col-owner = 主办单位
ledger-col-first-office = 首问单位
ledger-col-county = 区县
ledger-col-site = 工地
ledger-col-project = 项目名称
ledger-col-project-id = 项目编号
ledger-col-government = 政府投资
ledger-col-employer = 欠薪企业
ledger-col-filer = 投诉人
ledger-col-phone = 联系电话
ledger-col-id-number = 身份证号
ledger-col-workers = 人数
ledger-col-cases = 案件数
ledger-col-claimed = 欠薪金额
ledger-col-verified = 核实金额
ledger-col-paid = 已支付金额
ledger-col-open = 在办
ledger-col-overdue = 超期
ledger-col-builder = 建设单位
ledger-col-contractor = 施工总承包单位

ledger-yes = 是
ledger-no = 否
ledger-role-owner = 主办
ledger-role-co-handler = 协办

ledger-outcome-paid-in-full = 全部支付
ledger-outcome-paid-in-part = 部分支付
ledger-outcome-advanced-from-deposit = 保证金垫付
ledger-outcome-referred-to-arbitration = 引导仲裁/诉讼
ledger-outcome-referred-to-police = 移送公安
ledger-outcome-not-wage-claim = 工程款纠纷
ledger-outcome-unfounded = 不属实
ledger-outcome-merged = 并案
ledger-outcome-not-accepted = 不予受理

ledger-timeline-unmasked-export = 操作员导出台账时查看了未遮挡的个人信息（{ $file }）

digest-title-daily = 【欠薪台账日报】{ $from }
digest-title-weekly = 【欠薪台账周报】{ $from } 至 { $to }
digest-title-monthly = 【欠薪台账月报】{ $from } 至 { $to }
digest-office-line = { $office }：新增 { $new }，受理 { $accepted }，办结 { $closed }；在办 { $open }（工人 { $workers } 人，尚欠 { $owed }），超期 { $overdue }
digest-totals = 合计：新增 { $new }，受理 { $accepted }，办结 { $closed }；在办 { $open }，超期 { $overdue }
digest-no-cases = 所辖单位本期没有案件，也没有在办案件。
digest-key-cases = 在办重点监控案件：
digest-key-case = { $case } · { $office } · { $amount } · { $workers } 人 · { $status }
digest-key-case-overdue = { $case } · { $office } · { $amount } · { $workers } 人 · { $status } · 超期 { $days } 个工作日
digest-key-cases-more = ……另有 { $count } 件
digest-no-key-cases = 没有在办的重点监控案件。
digest-chart-caption = 图：各单位在办和超期案件；近 30 天新增、办结和在办。
digest-chart-offices = 各单位在办和超期案件
digest-chart-trend = 近 30 天新增、办结和在办
digest-chart-open = 在办
digest-chart-overdue = 超期
digest-chart-new = 新增
digest-chart-closed = 办结
digest-chart-axis-office = 单位
digest-chart-axis-cases = 案件数（件）
digest-chart-axis-open = 每天结束时的在办案件（件）
digest-chart-axis-daily = 每天新增和办结的案件（件）
digest-chart-axis-date = 日期（月-日）
ledger-col-order-due = 责令支付期限
digest-waiting-alerts = 还没有人确认的警报：
digest-waiting-alert = { $case } · { $office } · { $raised } 发出 · 已提醒 { $repeats } 次
digest-due-orders = 责令限期支付到期：
digest-due-order = { $case } · { $office } · { $amount } · { $due } 到期
digest-due-order-past = { $case } · { $office } · { $amount } · { $due } 已到期，案件仍在办
ledger-col-penalty = 罚款金额
ledger-col-blacklisted = 提请失信惩戒日期
