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
web-form-too-large = What you sent is too long and was not kept. Please go back, shorten the text and send it again.
web-upload-bad = No file arrived; choose the file again and upload it.
web-upload-not-now = Files are taken once you have agreed to the privacy notice and the questions are under way; nothing was kept.
web-unknown-status-title = Complaint not found
web-unknown-status = This link is wrong or no longer valid. Check the link you saved.
web-status-title = Complaint { $case }
web-status-now = Status now: { $status }
web-status-no-messages = No messages yet.
web-status-file = (The office sent a file; ask the office for it.)
web-reply-hint = A message to the office (answers to its questions, anything to add):
web-reply-case-closed = This complaint is closed; your message was not passed on. If you are owed wages again, file a new complaint.
# More material after filing: a file uploaded on the status page is kept as the complaint's evidence and passed on to the office.
web-material-hint = More material: you can upload photos, recordings or documents (up to { $limit } each); they go to the office.
web-crew-link-status = You filed for your crew. Send this link (forwarding it in WeChat works) to the crew members who have not filled in their part yet: each gives their own name, phone and amount owed:
web-material-case-closed = This complaint is closed or withdrawn; the file was not kept or passed on. If you are owed wages again, file a new complaint.

# A crew member's landing page (/s/j<code>): the case as the Telegram join shows it, nothing of the filer.
web-crew-title = Join your crew's wage complaint
web-crew-intro = Your team leader filed a wage complaint for your crew. Wages are paid to each worker personally, so each worker joins the case and gives their own amount owed, name and phone.
web-crew-case =
    Case number: { $case }
    Worksite: { $site }
    Who owes the money: { $employer }
    Period: { $period }
web-crew-join = Join and fill in my part
web-crew-note = You cannot see the other workers' details, and they cannot see yours. Your identity is kept confidential by law. The web form needs no app.
web-crew-unknown-title = Crew link not valid

# Notifications moved to Telegram (a link on the status page; opened in Telegram, the complaint's messages go there).
web-connect-hint = Can you use Telegram? Open the link below: from then on your complaint's progress and the office's messages reach your Telegram, and you reply there.
web-connect-link = Get notifications in Telegram instead
web-connected = Connected the complaint you filed on the web: { $cases }. Its progress and the office's messages now come here; reply here.
web-connect-nothing = This link was used already, or its complaint is no longer on the web page. Send /status to see your complaints.
web-moved-to-telegram = This complaint's notifications now go to Telegram: read and reply there. Earlier messages are below.

# The web page's wording of messages that, in Telegram, say "send /new" or "send /status": on the web
# those are a button and the status link.
idle-hint-web = To report unpaid wages tap “Start a new complaint”; for a complaint you filed, open the status link you were given.
cancelled-web = Cancelled; what you had typed is deleted. Tap “Start a new complaint” to start again whenever you like.
consent-declined-web = All right. Without your agreement we cannot record a complaint. Tap “Start a new complaint” to start again whenever you like, or call 12333.
cancelled-too-old-web = All right, no complaint this time. Tap “Start a new complaint” whenever you like; for legal aid call 12348.
warn-period-too-old-web =
    Please note: this period ended more than two years ago. Labour inspection usually does not pursue unpaid wages older than two years (Labour Security Supervision Regulations, Art. 20).
    We suggest labour arbitration or a court; the legal aid hotline 12348 can advise you.
    Do you still want to file this complaint?
submitted-web =
    Your complaint is filed! Case number: { $case }
    Please keep this number. The office decides within 5 working days whether to take on your case (accept it); every step will show on the status link below.
filing-already-filed-web = You have already filed about this worksite and period (case { $case }); there is no need to file again. What you wrote and sent this time has been added to that case. Open the status link you were given then to see the progress.
ask-phone-web = Please give a mobile number we can reach you on: type it below.
outcome-unfounded-web = The check has not confirmed unpaid wages so far. Reason: { $reason }. If you have more evidence (IOUs, attendance records, chat messages), scan the QR code on the worksite signboard to file again or call 12333; you can also apply for labour arbitration
withdraw-none-web = You have no complaint that can be withdrawn (only complaints still being handled can). Your complaint's progress shows on this page.
withdraw-refused-web = This complaint can no longer be withdrawn (it may be finished or already withdrawn). Its progress shows on this page.
erase-done-web = Your personal data has been deleted. The facts of your cases and the record "personal data deleted" are kept. Scan the QR code on the worksite signboard if you need to complain again.
privacy-stale-web = This button no longer works. Tap “Withdraw my complaint” or “Erase my personal data” again if you need to.
followup-recheck-thanks-web = Thank you! If you are owed wages again, scan the QR code on the worksite signboard to complain at any time.
crew-code-ended-web = The case this crew code belongs to is finished or was withdrawn, so it cannot be joined. Scan the QR code on the worksite signboard to file your own complaint.
crew-code-unknown-web = This crew code was not found. To file on your own, scan the QR code on the worksite signboard. To join your crew's case, open the link your team leader forwarded to you.
relay-sent-web = Sent to { $office } (case { $case }). To file another complaint, scan the QR code on the worksite signboard.
web-privacy-hint = You can withdraw your complaint, or have your personal data erased (the case keeps its figures, without your name, numbers or words). You are asked again before anything is done.
web-withdraw = Withdraw my complaint
web-erase = Erase my personal data
