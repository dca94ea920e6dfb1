# `wagedesk demo` 的演示记录（给运维和培训人员看）。

demo-title = wagedesk 演示：一位工人在手机上投诉欠薪（机器人运行在本地的 Telegram 替身上，不需要 Telegram 账号）
demo-pressed = [按下“{ $label }”]
demo-shared-phone = [分享手机号 { $phone }]
demo-sent-photo = [发送照片：欠条.jpg]
demo-stored = 数据库中的投诉：{ $case }　¥{ $amount }　{ $status }
demo-database = 数据库文件：{ $path }
demo-clerk-name = 办事员小王
demo-operator-invite = 🛠 运维人员运行 wagedesk offices invite hz-xihu-ldjc，得到关联码 { $code }，交给单位的办案群：
demo-office-side = ──── 单位办案群（论坛群，每个案件一个话题） ────
demo-card-updated = （案件卡片已更新）
demo-interactive-title = wagedesk 培训模式：你可以扮演工人，也可以扮演单位办事员（本地 Telegram 替身，不需要账号）
demo-interactive-help = 输入方式：
    w 文字 —— 工人发消息（先发 w /start）
    w! 按钮文字 —— 工人按按钮
    w:photo —— 工人发一张照片
    s 文字 —— 办事员在当前案件话题里发言（会以单位名义转给工人）
    s:group 文字 —— 办事员在群里发言，例如 /cases、/help
    s! 按钮文字 —— 办事员按案件卡片上的按钮
    days 天数 —— 时间往后推几天，看期限提醒
    help —— 再看一遍；quit —— 退出
demo-interactive-unknown = 没看懂这一行。输入 help 查看用法。
demo-interactive-failed = 没做成：
demo-next-day = ──── 第二天：工人确认收到工资，案件才销账（不解决不销账） ────
