# 撤回投诉与删除个人信息（《个人信息保护法》第十五条、第四十七条）。

## 工人的命令

command-withdraw = 撤回投诉
command-delete_my_data = 删除我的个人信息

withdraw-none = 你现在没有可以撤回的投诉（只有还在办理中的投诉才能撤回）。发 /status 可以查看你的投诉。
withdraw-ask =
    你要撤回哪件投诉？
    { $cases }
    撤回后，办理单位会收到通知。如果这个案子只有你一个人，案子就结束了；如果还有其他工友，案子会继续为他们办理。以后需要的话，你仍然可以重新投诉。
withdraw-case-line = • { $case }（{ $amount }）
button-withdraw-case = 撤回 { $case }
button-withdraw-keep = 不撤回
withdraw-left = 你已退出案件 { $case }，办理单位已收到通知。这个案子会继续为其他工友办理。以后需要的话，你仍然可以重新投诉。
withdraw-left-kept = 你已退出案件 { $case }。这个案子会继续为其他工友办理。{ $office } 还没有接入本系统，暂时看不到你退出的消息；这件事已经记在案件里，等他们接入后能看到。要直接告诉他们，请打 { $phone }。以后需要的话，你仍然可以重新投诉。
withdraw-kept = 好的，投诉没有撤回。
withdraw-refused = 这件投诉现在不能撤回了（可能已经办结或已撤回）。发 /status 可以查看进度。

erase-ask =
    删除个人信息之前，请看清楚：
    • 会删除：你的姓名、手机号、身份证号，你写的情况说明，你发的证据照片和文件，你和办理单位之间的消息内容，还有正在填写的投诉。
    • 会保留：案子的基本事实（编号、地区、欠薪单位、金额、时间、办理状态）和办理记录，记录里会写明“个人信息已删除”，但不会有你的名字和号码。
    • 还在办理中的投诉会先撤回：只有你一个人的案子就此结束，有其他工友的案子继续为他们办理。
    • 删除后不能恢复，办理单位也不能再通过这里联系你。
button-erase-confirm = 确认删除
button-erase-keep = 不删除
erase-done = 你的个人信息已删除。案子的基本事实和“个人信息已删除”的记录会保留。以后需要的话，可以发 /new 重新投诉。
erase-kept = 好的，什么都没有删除。

privacy-stale = 这个按钮已经失效了。需要的话，请重新发 /withdraw 或 /delete_my_data。

## 办理单位看到的

notify-office-claimant-withdrew =
    一位申请人撤回了自己的投诉，已退出此案件（其主张金额 { $amount }）。案件继续为其余 { $others } 位申请人办理。
notify-office-personal-data-erased = 应工人本人要求，其个人信息已于 { $on } 删除（姓名、电话、身份证号、陈述、证据文件和往来消息内容）。案件的基本事实和办理记录保留。
staff-card-claimant-erased = （个人信息已删除）
staff-relay-no-worker = 这件案件已经没有可以联系的工人（已退出或已删除个人信息），消息没有转发。
staff-relay-worker-left = 你回复的这位工人已经不在这件案件里（已退出或已删除个人信息），你的回复没有转给任何人。
timeline-claimant-withdrew = 一位申请人撤回投诉并退出案件（{ $amount }，{ $workers } 人）
timeline-personal-data-erased = 应工人本人要求，个人信息已于 { $on } 删除
timeline-personal-data-expired = 保存期限届满，个人信息已于 { $on } 删除

## 运维命令 wagedesk erase

cli-erase-done = 已删除案件 { $case } 中 { $claimants } 位申请人的个人信息（证据文件 { $files } 个）。
cli-erase-chat-done = 已删除聊天 { $chat } 的个人信息：{ $cases } 件案件，证据文件 { $files } 个。
cli-erase-no-case = 没有编号为 { $case } 的案件。
cli-erase-which-claimant = 案件 { $case } 有 { $count } 位申请人：请用 --claimant N 指明是哪一位（按案件卡片上的序号）。
cli-erase-no-claimant = 案件 { $case } 没有第 { $number } 位申请人（共 { $count } 位）。
