# 网页渠道：用不了 Telegram 的工人在手机网页上投诉（微信里也能打开）。

web-landing-title = 这是你干活的工地吗？
web-landing-contractor = 施工总承包单位：{ $contractor }
web-fill-here = 在这里填写
web-open-telegram = 用 Telegram 打开
web-landing-note = 投诉人信息依法保密。在网页上填写不需要下载任何软件。
web-unknown-code-title = 找不到这个工地
web-unknown-code = 这个二维码不是有效的工地码（可能已经停用或者输错了）。请重新扫描告示牌上的二维码，或者拨打告示牌上的欠薪投诉电话。
web-not-found-title = 找不到这个页面
web-not-found = 这个网址不存在。请重新扫描工地告示牌上的二维码。
web-intake-title = 欠薪投诉
web-switch-language = 中文 / English
web-send = 发送
web-upload = 上传
web-upload-hint = 可以上传照片、录音或文件（每个不超过 { $limit }）。
web-new-complaint = 开始新的投诉
web-start-hint = 请扫描工地告示牌上的二维码开始投诉，或者点下面的按钮。
web-status-link-save = 请保存这个链接，或者截图保存：以后打开它就能看到办理进度、回复办理部门。不要把它发给别人。
web-refused-title = 没有办理
web-continue = 继续
web-no-session = 这个页面的会话已失效或不是本浏览器的（可能换了浏览器或清除了数据）。你填写的内容没有提交，请从工地告示牌的二维码重新开始。
web-stale-form = 这一页已经提交过了，或者已经过期，所以这次没有重复提交。请点“继续”看最新的一页。
web-too-many = 提交太频繁了，请稍等一分钟再试。
web-upload-too-large = 文件太大或者已经上传太多了，这个文件没有保存。之前上传的不受影响。
web-form-too-large = 这次发送的内容太长，没有保存。请返回上一页，把文字缩短一些再发送。
web-upload-bad = 没有收到文件，请重新选择文件再上传。
web-upload-not-now = 同意隐私说明、开始回答问题以后才能上传文件；这个文件没有保存。
web-unknown-status-title = 找不到这个投诉
web-unknown-status = 这个链接不对或已失效。请核对你保存的链接。
web-status-title = 投诉 { $case }
web-status-now = 当前状态：{ $status }
web-status-no-messages = 还没有消息。
web-status-file = （办理部门发来一个文件，请到办理部门查看或联系他们。）
web-reply-hint = 给办理部门留言（回答问题、说明情况）：
web-reply-case-closed = 这件投诉已经办结，留言没有转给办理部门。如有新的欠薪，请重新投诉。
# 提交以后补充材料（补正）：状态页上传的文件保存为这件投诉的证据，并转给办理部门。
web-material-hint = 补充材料：可以上传照片、录音或文件（每个不超过 { $limit }），会转给办理部门。
web-crew-link-status = 你是替工友投诉的。还没填的工友，请把这个链接在微信里转发给他们，每人填自己的名字、电话和被欠的钱：
web-material-case-closed = 这件投诉已经办结或撤回，文件没有保存，也没有转给办理部门。如有新的欠薪，请重新投诉。

# 班组成员的落地页（/s/j<班组码>）：只显示 Telegram 加入时看到的案件信息，不显示班组长的任何个人信息。
web-crew-title = 加入班组的欠薪投诉
web-crew-intro = 你的班组长替班组投诉了欠薪。工资要发到每个人自己手里，所以每位工友要自己加入这件案子，填自己被欠的钱、名字和电话。
web-crew-case =
    案件编号：{ $case }
    工地：{ $site }
    欠钱的一方：{ $employer }
    欠薪时间：{ $period }
web-crew-join = 加入并填写我的情况
web-crew-note = 别的工友的信息你看不到，他们也看不到你的。投诉人信息依法保密，在网页上填写不需要下载任何软件。
web-crew-unknown-title = 班组链接无效

# 改用 Telegram 接收通知（状态页上的链接；在 Telegram 里打开后，这个投诉的通知都发到 Telegram）。
web-connect-hint = 能用 Telegram（电报）吗？点下面的链接，以后这个投诉的进度和办理部门的消息都会发到你的 Telegram，在那里回复。
web-connect-link = 改用 Telegram 接收通知
web-connected = 已连接网页上的投诉：{ $cases }。以后进度和办理部门的消息都发到这里，直接在这里回复就可以。
web-connect-nothing = 这个链接已经用过了，或者它的投诉已经不在网页上。发送 /status 查看你的投诉。
web-moved-to-telegram = 这个投诉的通知已改为发到 Telegram，请在 Telegram 里查看和回复。以下是之前的消息。

# 网页版的说法：上面这些消息在 Telegram 里让人“发 /new”“发 /status”；网页上是按钮和状态链接。
idle-hint-web = 要投诉欠薪请点“开始新的投诉”；已经提交的投诉，请打开提交后给你的状态链接查看进度。
cancelled-web = 已取消，没填完的内容已删除。需要时点“开始新的投诉”重新开始。
consent-declined-web = 好的，没有你的同意我们不能记录投诉。需要时点“开始新的投诉”重新开始。也可以打 12333 电话投诉。
cancelled-too-old-web = 好的，这次先不投诉。需要时点“开始新的投诉”重新开始，法律援助请打 12348。
warn-period-too-old-web =
    注意：这段时间已经过去两年多了。超过两年的欠薪，劳动保障监察部门一般不再查处（《劳动保障监察条例》第二十条）。
    建议你申请劳动仲裁或者到法院起诉，可以打 12348 法律援助热线问问。
    你还要继续投诉吗？
submitted-web =
    投诉已提交！案件编号：{ $case }
    请记好这个编号。办理部门会在 5 个工作日内决定接不接手你的案子（是否受理），每有进展都会显示在下面的状态链接里。
filing-already-filed-web = 你已经就这个工地、这段时间投诉过了（案件编号 { $case }），不用重复提交。这次写的情况和发的材料已经加到这个案件里。请打开那次提交后给你的状态链接查看进度。
ask-phone-web = 请留一个能联系到你的手机号，直接写在下面。
outcome-unfounded-web = 经核查，暂时没有查实欠薪情况。原因：{ $reason }。如果你有新的证据（欠条、考勤、聊天记录等），可以扫工地告示牌上的二维码再投诉一次，或者打 12333 问问；也可以申请劳动仲裁
withdraw-none-web = 你现在没有可以撤回的投诉（只有还在办理中的投诉才能撤回）。投诉的进度就显示在这个页面上。
withdraw-refused-web = 这件投诉现在不能撤回了（可能已经办结或已撤回）。进度就显示在这个页面上。
erase-done-web = 你的个人信息已删除。案子的基本事实和“个人信息已删除”的记录会保留。以后需要的话，可以扫工地告示牌上的二维码重新投诉。
privacy-stale-web = 这个按钮已经失效了。需要的话，请再点一次“撤回投诉”或“删除我的个人信息”。
followup-recheck-thanks-web = 谢谢！如果以后又被拖欠，随时可以扫工地告示牌上的二维码再投诉。
crew-code-ended-web = 这个班组码对应的案子已经办完或撤回了，不能再加入。你可以扫工地告示牌上的二维码自己投诉。
crew-code-unknown-web = 没找到这个班组码。想自己投诉的话，请扫工地告示牌上的二维码。要加入班组的案子，请打开班组长转发给你的链接。
relay-sent-web = 已转给 { $office }（案件 { $case }）。要另外投诉一件，请扫工地告示牌上的二维码。
web-privacy-hint = 你可以撤回投诉，或者删除你的个人信息（案件只保留统计数字，不再有你的姓名、号码和留言）。操作前会再问你一次。
web-withdraw = 撤回投诉
web-erase = 删除我的个人信息
