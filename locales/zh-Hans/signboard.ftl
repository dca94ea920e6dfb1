# 维权信息告示牌（《保障农民工工资支付条例》第三十四条）：wagedesk signboard 打印的内容，以及运维人员看到的错误。

signboard-title = 农民工维权信息告示牌
signboard-legal-basis = 依据《保障农民工工资支付条例》第三十四条设置
signboard-project-name = 工程名称
signboard-section-parties = 参建单位及劳资专管员
signboard-builder = 建设单位
signboard-general-contractor = 施工总承包单位
signboard-project-department = 总承包项目部
signboard-subcontractors = 分包单位
signboard-none = 无
signboard-sector-regulator = 行业主管部门
signboard-sector-regulator-none = 未登记（可拨打 { $phone } 政务服务便民热线）
signboard-labour-manager = 劳资专管员
signboard-labour-manager-value = { $name }　电话 { $phone }
signboard-minimum-wage = 当地最低工资标准
signboard-minimum-wage-value = { $yuan } 元/月
signboard-pay-day = 工资支付日
signboard-pay-day-value = 每月 { $day } 日
signboard-section-phones = 投诉举报及维权电话
signboard-phone-sector = 行业主管部门
signboard-phone-labour = 劳动保障监察
signboard-phone-arbitration = 劳动争议仲裁
signboard-arbitration-generic = 工作所在地劳动人事争议仲裁院
signboard-phone-legal-aid = 法律援助
signboard-phone-public-legal = 公共法律服务
signboard-public-legal-hotline = 公共法律服务热线
signboard-government-service = 政务服务便民热线
signboard-scan-title = 扫码投诉欠薪
signboard-scan-step-1 = ① 用微信“扫一扫”或手机相机扫描二维码
signboard-scan-step-2 = ② 按页面提示打开 Telegram（电报），点“开始”
signboard-scan-step-3 = ③ 按提示一步步填写，本工地信息已自动带入
signboard-confidential = 投诉人信息依法保密
signboard-hotline-lead = 不方便扫码？请拨打欠薪投诉电话
signboard-footer = 工地编号 { $project } · 二维码 { $code } · { $date } 启用 · 二维码停用后此牌作废，请更换新牌

signboard-error-no-font = 找不到能显示中文的字体，无法生成告示牌。请安装中文字体（Debian / Ubuntu：apt-get install fonts-wqy-microhei，或 fonts-noto-cjk），或用 --font 指定字体文件。
signboard-error-font-unreadable = 无法读取字体文件 { $path }：{ $reason }
signboard-error-font-without-chinese = 字体文件 { $path } 里没有中文字形。请换一个中文字体（例如 fonts-noto-cjk 的 NotoSansCJK-Regular.ttc）。
signboard-error-missing-glyphs = 字体“{ $family }”缺少这些字：{ $chars }，印出来会是方框。请安装 fonts-noto-cjk，或用 --font 指定包含这些字的字体。
signboard-error-unknown-project = 没有工地“{ $project }”（见 wagedesk projects list）。
signboard-error-no-code = 工地“{ $project }”没有有效的二维码，请运行 wagedesk projects revoke-code { $project } 生成新码。
signboard-error-no-bot-username = 不知道机器人的用户名：请在部署文件的 [telegram] 里设置 bot_username，或使用 --bot-username。
signboard-error-bad-bot-username = “{ $name }”不是机器人的用户名（5 到 32 个字母、数字或下划线，以 bot 结尾）。
signboard-error-does-not-fit = 工地“{ $project }”的内容太多，一张告示牌放不下（名称过长？）。
signboard-error-qr = 无法生成二维码：{ $reason }
signboard-error-render = 无法生成告示牌文件：{ $reason }
signboard-error-write = 无法写入 { $path }：{ $reason }
signboard-error-database = 读取数据库出错：{ $reason }

# 开通网页渠道后：二维码指向网页，微信里也能打开。
signboard-scan-web = 用微信或手机相机扫一扫
signboard-scan-web-step-2 = ② 在打开的网页上直接填写；能用 Telegram（电报）的，也可以点“用 Telegram 打开”
