# 提交后：加入已有案件、重复投诉。

filing-joined =
    这个工地（或这个老板）已经有一件正在办理的欠薪案件：{ $case }。
    你的投诉已作为这件案件的又一位工人加入，你的金额和时间单独记录。以后的进展也会通知你。
filing-already-filed = 你已经就这个工地、这段时间投诉过了（案件编号 { $case }），不用重复提交。这次写的情况和发的材料已经加到这个案件里。发 /status 可以查看进度。
filing-already-filed-elsewhere = 你之前已经就这个工地、这段时间投诉过了（案件编号 { $case }），那次是用别的方式提交的（另一个 Telegram 账号，或者网页）。不用重复提交，这次写的情况和发的材料已经加到这个案件里。请在你当初提交的地方查看进度。
filing-crew-case-ended = 你班组的案件 { $case } 已经办结或撤回，不能再加入，所以你的投诉按你自己的投诉提交了（编号见上），你的金额单独记录。
timeline-claimant-joined = 又一位工人加入本案
notify-office-claimant-joined = 又有一位工人加入本案：欠薪 { $amount }，{ $workers } 人。
notify-office-joined-crew-case = 本案是班组长替工友投诉的。刚加入的这位工人是自己单独投诉的，没有用班组长的链接，可能已经算在班组长填的人数和金额里。请核对各人的金额，避免重复计算。
notify-worker-joined = 本案由 { $office } 办理。

## The filer for a crew gets a link and a code to pass on; each worker then gives their own amount.
crew-link = 你是替 { $workers } 个人投诉的。工资要发到每个人自己手里，所以请把下面的链接转发给工友，每人点开后填自己的名字、电话和被欠的钱，以后每个人都会收到进展通知，也会分别问他们收到钱没有：
    { $link }
    打不开链接的，让他们给机器人发：/join { $code }
crew-link-code-only = 你是替 { $workers } 个人投诉的。工资要发到每个人自己手里，请让每位工友给机器人发：/join { $code }，填自己的名字、电话和被欠的钱。
# A web filer's crew: the web page's link, to forward in WeChat (t.me links do not open there).
crew-link-web = 你是替 { $workers } 个人投诉的。工资要发到每个人自己手里，所以请把下面的链接发给工友（在微信里转发就行）。每人点开后填自己的名字、电话和被欠的钱，以后每个人都会收到进展通知，也会分别问他们收到钱没有：
    { $link }
crew-link-web-also = 在微信里打不开 Telegram 的工友，请把这个网页链接发给他们：{ $link }
