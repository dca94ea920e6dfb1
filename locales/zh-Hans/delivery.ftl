# 投递：消息无法送达投诉人时，告诉办理单位（每件案件、每个聊天只说一次）。

notify-office-worker-unreachable = 无法通过 Telegram 联系投诉人：{ $reason }。之后的进展消息都无法送达，请改用电话联系。
delivery-reason-blocked = 投诉人已屏蔽本机器人
delivery-reason-deactivated = 投诉人的 Telegram 账号已注销
delivery-reason-not-found = 找不到投诉人的聊天
delivery-reason-other = Telegram 拒绝投递
