# 不解决不销账：办结后问工人钱是否到手，销账后问是否满意，到期回头看。

followup-payment-ask = 案件 { $case }：{ $office } 说工资已经支付。你收到 { $amount } 了吗？
followup-payment-remind = 提醒一下：案件 { $case } 还在等你确认。{ $office } 说已经支付 { $amount }，你收到了吗？
followup-satisfaction-ask = 案件 { $case } 结了（销账）。你对 { $office } 的办理满意吗？
followup-recheck-ask = 案件 { $case } 结了（销账）有一段时间了，{ $office } 再来问问你（回头看）：工钱都拿到了吗？之后有没有又被拖欠？

followup-button-received = 收到了
followup-button-partly = 只收到一部分
followup-button-not-received = 没收到
followup-button-satisfied = 满意
followup-button-mostly-satisfied = 基本满意
followup-button-dissatisfied = 不满意
followup-button-no-words = 不用了
followup-button-still-paid = 都拿到了，没有再拖欠
followup-button-not-paid = 没拿到 / 又被拖欠了
followup-button-not-arrived = 我的钱没收到

followup-stale = 这个问题已经过时了，不用再回答。
followup-payment-closed = 谢谢确认！案件 { $case } 结了（销账）。
followup-payment-ask-amount = 你实际收到了多少钱？请直接输入金额，比如 3000 或 3千。
followup-payment-amount-invalid = 没看懂这个金额。请只输入一个数字，比如 3000 或 3千。
followup-payment-partly-recorded = 已记下：你收到了 { $amount }，还欠你 { $rest }。钱没付清，案子不会结（不销账），{ $office } 会继续追讨。
followup-payment-covered-after-part = 谢谢确认！已记下你应得的 { $expected } 都收到了。{ $office } 登记的是只付了一部分，案件会重新办理，核实其余的欠款；有新进展会通知你。
followup-reopened = 案件 { $case } 已重新办理，{ $office } 要在 { $due } 前给出处理结果。有新进展会通知你。
followup-satisfaction-words = 还有什么想说的吗？直接输入就行；不想说就点“不用了”。
followup-satisfaction-words-escalated = 你的意见已转给上级督办部门。还有什么想说的吗？直接输入就行；不想说就点“不用了”。
followup-satisfaction-thanks = 谢谢你的评价！
followup-recheck-thanks = 谢谢！如果以后又被拖欠，随时发 /new 再投诉。

# 案件时间线和办案单位看到的原因（中文）。
followup-reason-not-received = 工人说没有收到钱
followup-reason-recheck = 回头看：工人说没拿到钱或又被拖欠
followup-reason-not-arrived = 案件在部分工人无法联系的情况下销账后，一位工人说自己的钱没有收到

notify-office-payment-unconfirmed = 已请工人确认是否收到 { $amount } 并提醒过一次，仍未回复：本案未确认、不能销账。请电话核实。
notify-supervisor-dissatisfied = 工人对 { $office } 的办理结果不满意。
notify-supervisor-dissatisfied-words = 不满意的工人补充说：{ $words }

followup-payment-confirmed-waiting = 谢谢确认！已记下你收到了全部工资。案件 { $case } 还在等另外 { $waiting } 位工友确认，大家都确认了才结案（销账）。
followup-reason-rest-owed = 工人收到 { $amount }，应得 { $expected }，还欠 { $rest }
