# The worker's intake dialogue.

language-name = English
ask-language = Choose your language:
welcome = Hello! Here you can report unpaid wages. We will ask a few short questions, mostly with buttons. Your complaint goes to the government office responsible, and we will tell you every time something happens.
ask-consent =
    Before we start, please read how we use your information:
    • We collect only what is needed for a wage complaint: worksite, employer, amount, period, your name and mobile number. The ID number is optional.
    • Mobile and ID numbers are stored encrypted; office staff see them partly hidden.
    • Your identity is kept confidential; retaliation against a complainant is illegal.
    • You can withdraw your complaint at any time and ask us to erase your personal data.
    You need to agree to continue.
button-agree = I agree, continue
button-disagree = I do not agree
consent-declined = All right. Without your agreement we cannot record a complaint. Send /new to start again whenever you like, or call 12333.
ask-county = In which district or county did you work? (Where the worksite is, not your home town or the company's address.)
button-county-other = Somewhere else
ask-township = Which township or street?
button-not-sure = Not sure
ask-site = Please write the name or address of the worksite or factory.
error-site = Please write the worksite's name or address in 2 to 200 characters.
ask-sector = What kind of work was it?
sector-building = Building construction
sector-municipal = Municipal works
sector-road = Road construction
sector-port = Ports and waterways
sector-water-works = Water works
sector-factory = Factory
sector-services = Restaurant, shop, cleaning, security or other services
sector-other = Other
ask-employer-kind = Who owes you the money?
employer-kind-company = A company or organisation
employer-kind-subcontractor = A subcontractor or labour company
employer-kind-team-leader = A labour contractor or team leader
employer-kind-individual = An individual boss
ask-employer = Please write the name of the company or the boss who owes you (as much as you know).
error-employer = Please write who owes you in 2 to 100 characters.
ask-claim-kind = What money is owed?
claim-kind-wages = Wages for my own work
claim-kind-contract = Payment for work I contracted
claim-kind-both = Both wages and contract payment
note-contract-payment = Note: a dispute over contract payment is not a wage claim, but it never excuses unpaid wages. The wages will be handled as a complaint; the contract part is noted and the office will tell you where to settle it.
ask-litigation = Have you already applied for labour arbitration or gone to court about this?
litigation-none = No
litigation-arbitration = I applied for labour arbitration
litigation-court = I went to court
note-litigation = Note: labour inspection usually does not handle a dispute already before arbitration or a court. We still record your complaint and the office will tell you what to do; keep following the arbitration or court case too.
ask-amount = How much are you owed in total? Write one number, for example 45000 or 4.5万. (For a crew, the total for everyone.)
ask-amount-confirm = You are owed ¥{ $amount }, is that right?
ask-amount-confirm-approx = You are owed about ¥{ $amount }, is that right? (We note it as approximate.)
button-yes-correct = Yes
button-no-retype = No, type again
ask-period = For which period were you not paid? For example: Oct 2025 to Jan 2026, or 3 months.
warn-period-too-old =
    Please note: this period ended more than two years ago. Labour inspection usually does not pursue unpaid wages older than two years (send /help for the legal basis).
    We suggest labour arbitration or a court; the legal aid hotline 12348 can advise you.
    Do you still want to file this complaint?
button-continue-anyway = Continue anyway
button-change-period = Change the period
button-stop-here = Stop here
cancelled-too-old = All right, no complaint this time. Send /new whenever you like; for legal aid call 12348.
ask-workers = Are you the only one owed wages, or a crew?
button-just-me = Just me
button-crew = A crew of us
ask-crew-size = How many workers are owed wages, you included? For example: 12.
error-crew-too-small = A crew has at least 2 people. If you are the only one owed wages, press "Just me" below.
ask-name = Please write your real name.
error-name = Please write a name of 2 to 30 characters without digits.
ask-phone = Please give a mobile number we can reach you on: press "Share my phone number" below, or type it.
button-share-phone = 📱 Share my phone number
phone-saved = Mobile number saved: { $masked }
error-contact-not-own = Please share your own number (press the button below), or type it.
error-contact-not-now = No phone number is needed now; please answer the question above.
ask-id-consent =
    ID number (optional):
    An ID number is sensitive personal information. It helps the office confirm who you are, but you can file without it.
    We collect it only with your separate agreement; it is stored encrypted and staff see it partly hidden.
button-id-give = I agree, I will type it
button-id-skip = Skip
ask-id-number = Please type your 18-character ID number.
id-saved = ID number saved: { $masked }
ask-evidence = Send any evidence you have: IOUs, attendance records, pay slips, contracts, chat screenshots, photos, recordings. One at a time is fine; press the button when you are done. No evidence? Just press it.
button-evidence-done = Done ({ $count ->
        [one] { $count } item
       *[other] { $count } items
    })
evidence-received = Evidence item { $count } received.
evidence-received-early = Received; kept as evidence item { $count }.
error-evidence-expects-media = At this step please send photos, files or voice messages, then press "Done".
ask-description = In a few sentences, what happened: what work you did, what the boss said, how things stand now. A voice message is fine too.
description-voice = (see voice message)
error-description-short = Please write a little more (at least 5 characters), or send a voice message.
summary =
    Please check your complaint:
    Worksite: { $site }
    Sector: { $sector }
    Owed by: { $employer_kind } · { $employer }
    Money owed: { $claim }
    Arbitration/court: { $litigation }
    Amount: { $amount }
    Period: { $period }
    Workers: { $workers }
    Name: { $name }
    Mobile: { $phone }
    ID number: { $id }
    Evidence: { $evidence ->
        [one] { $evidence } item
       *[other] { $evidence } items
    }
    What happened: { $description }
    { $urgent }
    Press an item to change it, or "All correct" to go on.
summary-approx = about { $value }
summary-id-not-given = not given
summary-urgent-yes = 🚨 Marked as urgent
edit-site = Worksite
edit-sector = Sector
edit-employer = Employer
edit-claim = Wages/contract
edit-litigation = Arbitration/court
edit-amount = Amount
edit-period = Period
edit-workers = Workers
edit-name = Name
edit-phone = Mobile
edit-id = ID number
edit-evidence = Add evidence
edit-description = What happened
button-urgent-on = 🚨 Urgent (roads blocked, someone in danger)
button-urgent-off = Remove the urgent mark
urgent-on = Marked as urgent: the office will be alerted first. If anyone is in danger, call 110 now.
urgent-off = The urgent mark is removed.
button-summary-ok = ✅ All correct, next
notice-false-claims =
    Before you submit:
    A complaint must be true. Making up facts, using illegal means to demand wages, or using a wage claim to demand contract payment is dealt with according to law.
    I confirm that the above is true.
button-submit = It is true, submit
button-back-to-summary = Go back and change
submitted =
    Your complaint is filed! Case number: { $case }
    Please keep this number. The office decides within 5 working days whether to take on your case (accept it), and we will tell you here about every step.
    Send /status at any time to see the progress.
idle-hint = To report unpaid wages send /new; to see your cases send /status; for help send /help.
resume = You have a complaint that is not finished yet; let us continue:
new-discarded = The unfinished complaint was discarded; let us start again.
cancelled = Cancelled; what you had typed is deleted. Send /new to start again whenever you like.
nothing-to-cancel = There is no complaint being filled in right now.
language-changed = Language changed.
start-code-unknown = This QR code is no longer valid or was not recognised. Please choose your worksite's location by hand.
help =
    This bot helps you report unpaid wages:
    /new — start a new complaint
    /status — see my complaints and their progress
    /cancel — cancel the complaint being filled in
    /withdraw — withdraw a complaint
    /delete_my_data — delete my personal data
    /language — change the language
    /help — help
    Labour inspection hotline 12333, legal aid 12348.
    Legal basis: a complainant's identity is kept confidential (Labour Security Supervision Regulations, Art. 9); labour inspection does not pursue violations older than two years (same Regulations, Art. 20); a complaint must be true (Regulations on Ensuring Payment of Wages to Migrant Workers, Art. 52).
unknown-command = There is no such command. Send /help to see the commands.
status-none = You have not filed a complaint yet. Send /new to start one.
status-header = You have { $count ->
        [one] one complaint
       *[other] { $count } complaints
    }:
status-line =
    Case: { $case }
    Status: { $status }
    Filed on: { $date }
    Handled by: { $owner }
    Due by: { $due }
    Amount: ¥{ $amount }
# The status a worker reads in /status: plain words, the official term in brackets where they will meet it.
# $status is the status code, $name its official name.
status-for-worker = { $status ->
        [submitted] Filed; the office will decide whether to take it on (accept it)
        [need_info] Waiting for more information from you
        [accepted] The office has taken it on (accepted)
        [transferred] Passed to another office (transferred)
        [handling] Being investigated
        [resolved] The office has given a result
        [reopened] Being handled again (reopened)
        [closed] Closed: the payment was confirmed
        [withdrawn] You withdrew it
       *[other] { $name }
    }
error-too-long = That is too long; please keep it under { $max } characters.
error-unsupported = I can only read text, buttons, photos, files and voice messages here. Please answer as asked.
error-stale-button = This button is out of date; please use the latest message.
error-press-button = Please choose with the buttons below.
error-media-before-consent = Please choose a language and agree to the privacy notice first, then send photos or files.
error-edited-message = I cannot see edited messages; please send a new one.
error-state-reset = Sorry, after an upgrade we could not restore what you had filled in. Please start again.
error-internal = Sorry, something went wrong and your last message was not processed. Please send it again in a moment.
timeline-submitted = The worker filed the complaint
command-start = Start
command-new = New wage complaint
command-status = My complaints
command-cancel = Cancel the complaint being filled in
command-language = Change language
command-help = Help
error-slow-down = You are sending messages too fast; some of the last ones were not read. Please wait a little, then send them one at a time.

## A crew member joining the case their crew's filer opened (crew link or /join CODE).
ask-amount-own = How much are you owed yourself? Only your own amount, for example 8000 or 8千.
crew-join-card = You are joining case { $case }:
    Worksite: { $site }
    Who owes the money: { $employer }
    Period: { $period }
    Next we ask only about you: what you are owed, your name and phone. You cannot see the other workers' details, and they cannot see yours.
crew-code-ended = The case this crew code belongs to is finished or was withdrawn, so it cannot be joined. Send /new to file your own complaint.
crew-code-unknown = This crew code was not found. To file on your own, send /new. To join your crew's case, check the 6-character code your team leader sent you and send it again, for example /join 7KQ2XM
