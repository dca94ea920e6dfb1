# The web channel: workers who cannot use Telegram file on a mobile web page (it opens in WeChat too).

web-landing-title = Is this your worksite?
web-landing-contractor = General contractor: { $contractor }
web-fill-here = Fill in here
web-open-telegram = Open in Telegram
web-landing-note = Your identity is kept confidential by law. The web form needs no app.
web-unknown-code-title = Worksite not found
web-unknown-code = This QR code is not a valid worksite code (it may have been replaced or mistyped). Scan the code on the signboard again, or call the wage-arrears number printed on it.
web-not-found-title = Page not found
web-not-found = There is no such page. Scan the QR code on the worksite signboard again.
web-intake-title = Wage arrears complaint
web-switch-language = 中文 / English
web-send = Send
web-upload = Upload
web-upload-hint = You can upload photos, recordings or documents (up to { $limit } each).
web-new-complaint = Start a new complaint
web-start-hint = Scan the QR code on the worksite signboard to start, or press the button below.
web-status-link-save = Save this link or take a screenshot: open it later to see how your case goes and to reply to the office. Do not share it.
web-refused-title = Not done
web-continue = Continue
web-no-session = This page's session has expired or belongs to another browser (you may have switched browsers or cleared data). Nothing was submitted; please start again from the signboard's QR code.
web-stale-form = This page was already submitted or is out of date, so nothing was submitted twice. Press "Continue" to see the latest page.
web-too-many = Too many submissions; please wait a minute and try again.
web-upload-too-large = The file is too large, or you have uploaded too many; this file was not kept. What you uploaded before stays.
web-upload-bad = No file arrived; choose the file again and upload it.
web-unknown-status-title = Complaint not found
web-unknown-status = This link is wrong or no longer valid. Check the link you saved.
web-status-title = Complaint { $case }
web-status-now = Status now: { $status }
web-status-no-messages = No messages yet.
web-status-file = (The office sent a file; ask the office for it.)
web-reply-hint = A message to the office (more material, answers to its questions):
web-reply-case-closed = This complaint is closed; your message was not passed on. If you are owed wages again, file a new complaint.

# Notifications moved to Telegram (a link on the status page; opened in Telegram, the complaint's messages go there).
web-connect-hint = Can you use Telegram? Open the link below: from then on your complaint's progress and the office's messages reach your Telegram, and you reply there.
web-connect-link = Get notifications in Telegram instead
web-connected = Connected the complaint you filed on the web: { $cases }. Its progress and the office's messages now come here; reply here.
web-connect-nothing = This link was used already, or its complaint is no longer on the web page. Send /status to see your complaints.
web-moved-to-telegram = This complaint's notifications now go to Telegram: read and reply there. Earlier messages are below.
