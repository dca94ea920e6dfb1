# Office groups (an office's Telegram group): case cards, buttons, commands, relay.

staff-card-county-unknown = county unknown
staff-card-approx = about { $amount }
staff-card-none = none
staff-card-title = 📋 Case { $case } · { $county }
staff-card-status = Status: { $status } · Owner: { $owner }
staff-card-co-handlers = Co-handlers: { $offices }
staff-card-channel-web = 🌐 Channel: web (the worker filed on the mobile web page; reply here as usual, they read it on the page)
staff-card-site = Site / workplace: { $site }
staff-card-employer = Owed by: { $employer } ({ $kind })
staff-card-sector = Sector: { $sector }
staff-card-amount = Amount: { $amount } · Period: { $from } to { $to }
staff-card-workers = Workers: { $workers } ({ $claimants ->
        [one] { $claimants } claimant
       *[other] { $claimants } claimants
    } registered)
staff-card-flags = Flags: { $flags }
staff-card-clocks = Acceptance due: { $acceptance } · Investigation due: { $investigation }
staff-card-evidence = Evidence: { $count ->
        [one] { $count } item
       *[other] { $count } items
    }
staff-card-tags = Tags: { $tags }
staff-card-claimants = Claimants (personal data masked):
    { $claimants }
staff-card-description = Worker's account: { $text }
staff-card-footer-co-handler = (Your office co-handles this case: view, comment and internal notes)
staff-card-footer-supervisor = (Supervision view: view, comment and internal notes)
staff-card-footer-read-only = (Read-only: another office owns this case now)

staff-flag-contract-dispute = construction payment involved
staff-flag-in-litigation = before arbitration or a court
staff-flag-over-two-years = over two years
staff-flag-urgent = urgent

staff-tag-suspected-contract-payment = suspected construction-payment dispute
staff-tag-suspected-false-claim = suspected false claim (to verify; never grounds for action)

staff-button-view = Open case
staff-button-accept = ✅ Accept
staff-button-ask = 📝 Ask for more
staff-button-transfer = ↪️ Transfer
staff-button-cohandler = ➕ Add co-handler
staff-button-extend = ⏳ Extend deadline
staff-button-resolve = 🏁 Resolve
staff-button-tag = 🏷 Tag
staff-button-unmask = 🔓 Show personal data
staff-button-invalid = This button is not recognised.
staff-button-stale = This button is out of date; use the case's latest card.

staff-media-photo = photo
staff-media-document = document
staff-media-voice = voice message
staff-media-video = video
staff-media-audio = audio
staff-media-other = message
staff-evidence-caption = [{ $case }] { $what } from the worker

staff-refused-private = Office commands work only in the office's group.
staff-refused-unlinked = This group is not linked to an office. Ask the operator for a link code, then send /link CODE.
staff-refused-anonymous = Anonymous administrators cannot act on cases; turn anonymity off first (every action records who did it).
staff-refused-forwarded = Forwarded messages are not acted on; send it directly.
staff-refused-not-member = Only members of this group can act on cases.
staff-refused-not-your-case = This case does not belong to your office.
staff-refused-read-only = Your office can view, comment and keep notes on this case; the owning office acts on it.
staff-refused-edited = Edited commands are not acted on; please send it again.

staff-opened = Case { $case } opened here.
staff-done = Case { $case } updated: { $status }.
staff-transferred-unlinked = Note: { $office } has no linked group yet. Case { $case } was transferred to it, but its staff will see and handle the case only once they link one. Please ask the operator for a link code for that office.
staff-transferred-unlinked-supervisor = Case { $case } was transferred to { $office }, which has no linked group yet: nobody can see the case there. Please have it linked soon (operator: wagedesk offices invite).
staff-prompt-ask = Reply with what the worker should add (case { $case }). Send /cancel to stop.
staff-prompt-extend = Reply with the reason for the extension (case { $case }). Send /cancel to stop.
staff-prompt-transfer-reason = Reply with the reason for the transfer (case { $case }). Send /cancel to stop.
staff-prompt-paid-amount = Reply with the amount actually paid, e.g. 30000 (case { $case }). Send /cancel to stop.
staff-prompt-reason-referral = Reply with: reason; where the worker should go, separated by a semicolon (case { $case }). Send /cancel to stop.
staff-prompt-reason = Reply with the reason (case { $case }). Send /cancel to stop.
staff-prompt-needs-text = Please reply in text. Send /cancel to stop.
staff-prompt-paid-amount-again = That amount is not clear; write the exact sum, e.g. 30000.
staff-prompt-reason-referral-again = Write the reason and where to go, separated by a semicolon, e.g.: employment disputed; district arbitration commission.
staff-choose-transfer = Transfer to which office?
staff-choose-co-handler = Which office should co-handle?
staff-choose-outcome = What is the outcome?
staff-choose-tag = Which tag? (Tags are hints, never grounds for action.)

staff-outcome-paid-in-full = Paid in full
staff-outcome-paid-in-part = Paid in part
staff-outcome-advanced-from-deposit = Advanced from deposit / emergency fund
staff-outcome-referred-to-arbitration = Referred to arbitration or court
staff-outcome-referred-to-police = Referred to police
staff-outcome-not-wage-claim = Not wages (construction payment)
staff-outcome-unfounded = Unfounded after checking
staff-outcome-not-accepted = Not accepted

staff-tagged = Tagged: { $tag }.
staff-unmask-unreadable = (cannot be decrypted)

staff-help-title = Office group commands:
staff-help-case = /case NUMBER — show the case card (the number can be left out inside the case's topic)
staff-help-cases = /cases — this office's open cases, soonest due first
staff-help-overdue = /overdue — this office's overdue cases
staff-help-note = /note TEXT — internal note, kept in the case record, never sent to the worker (in the case's topic or replying to a case message)
staff-help-cancel = /cancel — stop the action in progress
staff-help-link = /link CODE — link this group to an office (the operator makes the code; the bot must be an administrator)
staff-help-unlink = /unlink — unlink this group from its office; the bot then leaves
staff-help-help = /help — this list
staff-help-start = Writing in a case's topic (or replying to a case message) reaches every worker on the case in the office's name; replying to a worker's message reaches that worker only. The workers' replies appear in the same topic.
staff-unlinked-help = This group is not linked to an office. The operator runs `wagedesk offices invite OFFICE` for a link code; then send /link CODE here (the bot must be an administrator). Workers file complaints in a private chat with the bot, not in groups.

staff-cancelled = Cancelled.
staff-nothing-to-cancel = Nothing in progress.
staff-cases-title = This office's open cases (by deadline):
staff-overdue-title = This office's overdue cases:
staff-cases-line = { $case } · { $status } · due { $due } · { $employer }
staff-cases-none = This office has no open cases.
staff-overdue-none = This office has no overdue cases.
staff-case-not-found = No such case; write the full case number.
staff-note-empty = Write the note after /note.
staff-note-kept = Internal note kept (not sent to the worker).

staff-link-usage = Send /link CODE.
staff-link-invalid = This link code is invalid, used or expired. Ask the operator for a new one.
staff-link-needs-admin = Make the bot an administrator of this group first (forums also need "manage topics"), then send /link.
staff-link-serves-other = This group is linked to { $current } and cannot also be linked to { $office }: a group serves one office. To switch it to { $office }, first send /unlink here to end the link with { $current } (the bot leaves; add it back as an administrator), then link with the code; or make another group for { $office }. The code was not used up.
staff-linked = This group is now linked to { $office }. { $mode }
staff-linked-forum = Each case gets its own topic here.
staff-linked-plain = Each case gets a card here; reply to it to act.
staff-moved-away = { $office } now works in another group; this group receives no more cases.
staff-unlinked = This group is no longer linked to { $office }; the bot will leave.
staff-leaving-unlinked = Nobody linked this group to an office, so the bot is leaving. Add it again and send /link CODE to use it.

staff-from-worker = [{ $case }] The worker writes: { $text }
staff-from-named-worker = [{ $case }] { $who } writes: { $text }
staff-sent-by = Sent by { $who }
staff-comment = [{ $office }] comments: { $text }
staff-comment-kept = The owning office { $owner } has no linked group, so this comment cannot reach it; it is kept on the case's record only.

relay-which-case = You have several cases in progress. Which one is this message about?
relay-choice-stale = This choice is no longer valid; please send your message again.
relay-sent = Sent to { $office } (case { $case }). To file another complaint, send /new.
relay-kept-unlinked =
    Your message is kept with case { $case }, but { $office } is not connected to this service yet, so it cannot see it or answer you. If it is urgent, please call:
    Labour inspection: { $labour }
    Legal aid: { $legal_aid }
    Government service hotline: { $government }
    In danger, call the police: { $police }
relay-from-office = [{ $office }] about case { $case }:
    { $text }
relay-unsupported = This kind of message cannot be passed to the office. Please send text, a photo, a voice message or a document.

timeline-tagged = Tagged: { $tag }
timeline-unmasked = Viewed the claimants' full personal data
timeline-note = Internal note: { $text }
timeline-worker-message = The worker sent a message ({ $kind })
timeline-worker-message-kept = The worker sent a message ({ $kind }) that could not be passed on, the office not being connected yet: { $words }
timeline-staff-replied = The office replied to the worker
timeline-comment = A co-handling or supervising office commented
timeline-comment-kept = A co-handling or supervising office commented (not passed on, the owning office not being connected then): { $words }

cli-office-invite = Link code for office { $office }: { $code }
    Valid until { $expires }, usable once. Add the bot to the office's group as an administrator, then send there:
    /link { $code }

staff-menu-cases = This office's open cases
staff-menu-overdue = Overdue cases
staff-menu-case = Show a case card (add its number)
staff-menu-note = Internal note (never sent to the worker)
staff-menu-cancel = Stop the action in progress
staff-menu-help = Office group commands
staff-help-ledger = /ledger — this office's ledger summary (open, overdue, workers, amounts, on-time closure rate)
staff-help-export = /export [FROM TO] — this office's ledger as an Excel workbook (default: this year so far; personal data masked)
staff-export-usage = Usage: /export or /export 2026-01-01 2026-12-31
staff-export-caption = This office's ledger { $from } to { $to } (personal data masked)
staff-menu-ledger = This office's ledger summary
staff-menu-export = Export the ledger (Excel)

## Alerts that wait for a person to acknowledge them.
alert-button-acknowledge = ✋ Received, acting on it
alert-ack-done = Acknowledged.
alert-ack-already = Someone has already acknowledged this alert.
alert-ack-not-yours = Only members of an office that received this alert can acknowledge it.
alert-acknowledged = ✅ { $office } acknowledged the alert on case { $case }.
alert-unacknowledged = ⚠️ Reminder { $repeat }: nobody acknowledged this alert for { $minutes } minutes; it has gone one level up too.
alert-unacknowledged-top = ⚠️ Reminder { $repeat }: nobody acknowledged this alert for { $minutes } minutes; it is already at the top level, with no office above to report to.

## The order to pay (责令限期支付).
staff-button-order = 📜 Order to pay
staff-prompt-order = Case { $case }: reply with the amount and the deadline of the order to pay, for example 45000 2027-01-15, or 4.5万 15天.
staff-prompt-order-again = Not understood. Write the exact amount and the deadline with a space between, for example 45000 2027-01-15, or 4.5万 15天.
staff-card-order = Order to pay: { $amount } by { $due } (issued { $issued })

## Each claimant on the card, and the verified amounts (核定金额).
staff-card-claimant-money = claims { $amount } · verified { $verified } · { $paid }
staff-card-claimant-confirmed = confirmed paid
staff-card-claimant-unconfirmed = not confirmed paid
staff-card-claimant-paid = confirmed { $amount } received
staff-button-verify = ⚖️ Verify amounts
staff-prompt-verify = Case { $case }: write the verified amount owed to each claimant in the card's order, separated by spaces, for example 12000 8000 0 (0 for one found owed nothing).
staff-prompt-verify-again = Not understood. Write one exact amount per claimant in the card's order, separated by spaces, as many as there are claimants, for example 12000 8000 0.
staff-verified = Case { $case }: verified amounts recorded for { $count ->
        [one] { $count } claimant
       *[other] { $count } claimants
    }, { $amount } in all.
case-timeline-amount-verified = Verified amounts owed: { $amount } ({ $count ->
        [one] { $count } claimant
       *[other] { $count } claimants
    })

## A claimant who cannot be reached to confirm payment.
staff-help-unreachable = /unreachable number attempts — record that a claimant (their number on the card) cannot be reached to confirm payment, and the attempts made; once the others confirmed, the case is closed
staff-unreachable-usage = Usage: in the case's topic, /unreachable number attempts, for example /unreachable 2 called four times and texted twice from 5 to 9 Dec, no answer.
staff-unreachable-no-claimant = There is no claimant { $number } on the card, or they already confirmed payment.
staff-unreachable-recorded = Claimant { $number } ({ $name }) recorded as unreachable. { $waiting ->
        [one] { $waiting } claimant has
       *[other] { $waiting } claimants have
    } not confirmed payment yet.
staff-unreachable-closed = Claimant { $number } ({ $name }) recorded as unreachable. Everyone else confirmed payment, so case { $case } is closed.
case-timeline-claimant-unreachable = Claimant { $number } cannot be reached: { $attempts }
staff-card-police = Referred to the police on { $on }: { $reason } (wages still pursued)

## Penalties and the blacklist referral (失信联合惩戒).
staff-button-penalty = 🧾 Penalty
staff-button-blacklist = 🚫 Blacklist
staff-prompt-penalty = Case { $case }: reply with the fine and the penalty decision's number, separated by a space, for example 20000 西人社监罚〔2026〕3号.
staff-prompt-penalty-again = Not understood. Write the exact fine first, then a space and the decision's number, for example 20000 西人社监罚〔2026〕3号.
staff-prompt-blacklist = Case { $case }: reply with the reason for referring the employer for joint punishment.
staff-card-penalties = Penalties: { $count ->
        [one] { $count } decision
       *[other] { $count } decisions
    }, fines of { $amount } in all
staff-card-blacklist = Referred for joint punishment on { $on }
## Clocks and prompts (issue 14)
staff-card-waiting-acceptance = Waiting for the worker's material since { $asked }; if none arrives by { $resumes }, the acceptance clock runs again
staff-card-waiting = Waiting for the worker's material since { $asked } (the investigation clock keeps running)
staff-card-pass-on = The worksite county is outside this office's jurisdiction: pass the case on to the competent office by { $due }
staff-prompt-dropped = Case { $case } changed before you replied (it is now "{ $status }"), so the earlier button's prompt was dropped. No action was taken and this message was not passed on to the worker; if it was meant for the worker, send it again.
staff-prompt-lapsed = The button's prompt on case { $case } lapsed after { $minutes } minutes: no action was taken and this message was not passed on to the worker. Press the button again to act; if the message was meant for the worker, send it again.
staff-reply-to-colleagues-prompt = The bot's question was for the colleague who pressed the button: only their answer is taken. Your message did nothing and was not passed on to the worker.
staff-reply-to-bot-not-relayed = This replies to one of the bot's notices, so it was not passed on to the worker. To answer the worker, write in the case's topic, or reply to the worker's message or to the case card.
