# The rights-protection signboard (条例 Art. 34) that `wagedesk signboard` prints, and the errors the
# operator sees. Boards are printed in Chinese; these English texts are for reference and tests.

signboard-title = Workers' Rights Information Board
signboard-legal-basis = Posted under Article 34 of the Regulations on Guaranteeing Payment of Migrant Workers' Wages
signboard-project-name = Project
signboard-section-parties = Parties and labour manager
signboard-builder = Builder
signboard-general-contractor = General contractor
signboard-project-department = Project department
signboard-subcontractors = Subcontractors
signboard-none = None
signboard-sector-regulator = Sector regulator
signboard-sector-regulator-none = Not registered (call the government service hotline { $phone })
signboard-labour-manager = Labour manager
signboard-labour-manager-value = { $name }, phone { $phone }
signboard-minimum-wage = Local minimum wage
signboard-minimum-wage-value = { $yuan } yuan/month
signboard-pay-day = Pay day
signboard-pay-day-value = Day { $day } of every month
signboard-section-phones = Complaint and help lines
signboard-phone-sector = Sector regulator
signboard-phone-labour = Labour inspection
signboard-phone-arbitration = Labour arbitration
signboard-arbitration-generic = The labour dispute arbitration institution where you work
signboard-phone-legal-aid = Legal aid
signboard-phone-public-legal = Public legal services
signboard-public-legal-hotline = Public legal service hotline
signboard-government-service = Government service hotline
signboard-scan-title = Scan to report unpaid wages
signboard-scan-step-1 = 1. Scan the QR code with WeChat "Scan" or the phone camera
signboard-scan-step-2 = 2. Open Telegram as the page says and tap "Start"
signboard-scan-step-3 = 3. Answer the questions; this worksite is already filled in
signboard-confidential = Complainants' identities are kept confidential by law
signboard-hotline-lead = Cannot scan? Call the wage-arrears line
signboard-footer = Site { $project } · code { $code } · in use since { $date } · once the code is replaced this board is void

signboard-error-no-font = No font that renders Chinese was found, so no board can be made. Install one (Debian / Ubuntu: apt-get install fonts-wqy-microhei, or fonts-noto-cjk), or name a font file with --font.
signboard-error-font-unreadable = Cannot read the font file { $path }: { $reason }
signboard-error-font-without-chinese = The font file { $path } has no Chinese glyphs. Use a Chinese font (e.g. NotoSansCJK-Regular.ttc from fonts-noto-cjk).
signboard-error-missing-glyphs = The font "{ $family }" lacks these characters: { $chars }; they would print as boxes. Install fonts-noto-cjk, or name a font that has them with --font.
signboard-error-unknown-project = No project "{ $project }" (see wagedesk projects list).
signboard-error-no-code = Project "{ $project }" has no active QR code; run wagedesk projects revoke-code { $project } to issue one.
signboard-error-no-bot-username = The bot's username is not known: set bot_username under [telegram] in the deployment file, or pass --bot-username.
signboard-error-bad-bot-username = "{ $name }" is not a bot username (5 to 32 letters, digits or underscores, ending in bot).
signboard-error-does-not-fit = Project "{ $project }" has too much text for one board (names too long?).
signboard-error-qr = Cannot make the QR code: { $reason }
signboard-error-render = Cannot write the board: { $reason }
signboard-error-write = Cannot write { $path }: { $reason }
signboard-error-database = Database error: { $reason }

# With the web channel on: the QR code leads to a web page that opens in WeChat too.
signboard-scan-web = Scan with WeChat or the phone camera
signboard-scan-web-step-2 = 2. Fill in the form on the page that opens; if you use Telegram, tap "Open in Telegram"
