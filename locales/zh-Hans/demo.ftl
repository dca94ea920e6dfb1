# `wagedesk demo` 的演示记录（给运维和培训人员看）。

demo-title = wagedesk 演示：一位工人在手机上投诉欠薪（机器人运行在本地的 Telegram 替身上，不需要 Telegram 账号）
demo-pressed = [按下“{ $label }”]
demo-shared-phone = [分享手机号 { $phone }]
demo-sent-photo = [发送照片：欠条.jpg]
demo-stored = 数据库中的投诉：{ $case }　¥{ $amount } 元　{ $status }
demo-database = 数据库文件：{ $path }
