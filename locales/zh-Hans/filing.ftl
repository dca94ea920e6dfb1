# 提交后：加入已有案件、重复投诉。

filing-joined =
    这个工地（或这个老板）已经有一件正在办理的欠薪案件：{ $case }。
    你的投诉已作为这件案件的又一位工人加入，你的金额和时间单独记录。以后的进展也会通知你。
filing-already-filed = 你已经就这个工地、这段时间投诉过了（案件编号 { $case }），不用重复提交。发 /status 可以查看进度。
timeline-claimant-joined = 又一位工人加入本案
notify-office-claimant-joined = 又有一位工人加入本案：欠薪 { $amount }，{ $workers } 人。
notify-worker-joined = 本案由 { $office } 办理。
