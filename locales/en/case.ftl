# Case handling: statuses, outcomes, routing reasons, refusals, notifications, clocks and alerts.
# Arguments: $office / $owner / $from are office names; $county is a county name; $due is a date;
# $amount is money already formatted in yuan; $days / $workers are numbers; $outcome / $status /
# $regulator are the text of another message.

## Statuses

status-submitted = Submitted
status-need-info = More information needed
status-accepted = Accepted
status-transferred = Transferred
status-handling = Being handled
status-resolved = Resolved
status-reopened = Reopened
status-closed = Closed
status-withdrawn = Withdrawn

## Outcomes

outcome-paid-in-full = The wages were paid in full
outcome-paid-in-part = Only part of the wages was paid: { $amount }. The wages still unpaid will be pursued
outcome-advanced-from-deposit = { $amount } was advanced from the wage deposit or the emergency fund. The wages still unpaid will be pursued
outcome-referred-to-arbitration = This has to be settled by labour arbitration or a court. Reason: { $reason }. Where to go: { $referral }
outcome-referred-to-police = The case was passed to the police (referred). Reason: { $reason }. Recovering the wages goes on, and the case stays tracked
outcome-not-wage-claim = Not a wage claim but a contract-payment dispute. Reason: { $reason }. Where to go: { $referral } (that dispute does not excuse unpaid wages)
outcome-unfounded = The check has not confirmed unpaid wages so far. Reason: { $reason }. If you have more evidence (IOUs, attendance records, chat messages), send /new to file again or call 12333; you can also apply for labour arbitration
outcome-merged = Handled together with case { $case } (merged)
outcome-not-accepted = The office cannot take on this complaint (not accepted). Reason: { $reason }. You can go to: { $referral }

## Sector regulators

regulator-housing-construction = housing and construction authority
regulator-transport = transport authority
regulator-water = water authority

## Routing reasons (timeline)

routing-project-labour-office = Project "{ $project }" is registered with { $office }, which handles the case
routing-county-jurisdiction = The worksite is in { $county }, so { $office } handles the case (Labour Inspection Regulations, Art. 13)
routing-default-intake-unknown-county = No labour-inspection office covers "{ $county }"; the default intake office received the case and must transfer it to the competent office
routing-default-intake-no-county = No worksite was given; the default intake office received the case and must transfer it to the competent office
routing-note-co-handler-construction-cause = The arrears come from illegal subcontracting, 挂靠 or unpaid contract payments, so { $office } co-handles (Wage Payment Regulations, Art. 7)
routing-note-co-handler-government-invested = Government-invested project: { $office } co-handles
routing-note-no-sector-regulator = The { $regulator } should co-handle, but none is configured for { $county }; contact it by hand
routing-note-township-notified = { $office } was told, for mediation
routing-note-project-office-unknown = Project "{ $project }" names office "{ $office }", which no longer exists; routed by county instead

## Refusals (for staff)

case-error-not-owner = Only the owning office, { $owner }, can act on this case
case-error-actor-not-allowed = You cannot do this
case-error-not-allowed-in-status = The case is "{ $status }"; this is not possible now
case-error-transfer-without-reason = A transfer needs a reason
case-error-transfer-to-self = A case cannot be transferred to its own office
case-error-unknown-office = Unknown office "{ $office }"
case-error-already-co-handler = { $office } already co-handles this case
case-error-co-handler-is-owner = The owning office cannot also be a co-handler
case-error-empty-info-request = Say what the worker should provide
case-error-no-investigation-clock = The case is not accepted yet, so there is no deadline to extend
case-error-already-extended = The deadline can be extended only once
case-error-extension-after-due = The 60-working-day period ended on { $due }; it can no longer be extended (an extension must be made before the period ends)
case-error-info-request-after-due = The 5-working-day acceptance period ended on { $due }: decide whether to accept the complaint first; after accepting you can still ask the worker for material (the investigation clock keeps running)
case-error-extension-without-reason = An extension needs a reason
case-error-paid-amount-not-positive = Enter the amount actually paid (more than zero)
case-error-outcome-without-reason = Give the reason
case-error-outcome-without-referral = Say where the worker should go instead
case-error-merge-without-target = Enter the number of the case to merge into
case-error-not-accepted-after-acceptance = The case was accepted already; it cannot be closed as not accepted
case-error-reopen-without-reason = Reopening needs a reason
case-error-nothing-to-confirm = There is no payment to confirm on this case

## Timeline

case-timeline-accepted = Accepted; to be finished by { $due }
case-timeline-info-requested = More information requested: { $text }
case-timeline-info-provided = The worker provided the information; acceptance now due by { $due }
case-timeline-transferred = Transferred from { $from } to { $office }. Reason: { $reason }
case-timeline-co-handler-added = { $office } joined as co-handler
case-timeline-investigation-extended = Deadline extended to { $due }. Reason: { $reason }
case-timeline-handling-started = Investigation started
case-timeline-resolved = Resolved: { $outcome }
case-timeline-payment-confirmed = Payment confirmed; case closed
case-timeline-reopened = Reopened. Reason: { $reason }
case-timeline-withdrawn = The worker withdrew the complaint

## To the worker

notify-worker-submitted = We received your complaint. { $office } is handling it and will tell you by { $due } whether it takes on your case (accepts it).
notify-worker-accepted = { $office } has taken on your case (accepted it) and will give you a result by { $due }.
notify-worker-need-info = { $office } needs more from you: { $text }
notify-worker-transferred = Your complaint was passed from { $from } to { $office }. Reason: { $reason }. { $office } will tell you by { $due } whether it takes on your case (accepts it).
notify-worker-extended = Your case is complex; { $office } extended the deadline to { $due }. Reason: { $reason }
notify-worker-handling = { $office } is investigating your case.
notify-worker-resolved = { $office } has a result on your case: { $outcome }
notify-worker-confirm-payment = We will ask you to confirm that this money reached you; until you do, the case is not closed.
notify-worker-reopened = { $office } reopened your case. Reason: { $reason }
notify-worker-reopened-by-coworker = A co-worker on your case reported that the money did not arrive (or not all of it), so the case is reopened; { $office } must give a result by { $due }. If your money has not arrived either, say so here.
notify-worker-withdrawn = Your complaint was withdrawn. You can complain again at any time.
notify-worker-info-received = { $office } received the information you sent and will decide by { $due } whether to take on your case (accept it).
notify-worker-closed = Every worker on this case confirmed being paid, so the case is closed. { $office } will check back in a few weeks that wages are not owed again.

## To offices

notify-office-new-case = New wage-arrears complaint. Decide on acceptance by { $due }.
notify-office-co-handling = Please co-handle this wage-arrears case with { $owner }.
notify-office-township-mediation = A wage-arrears complaint in your area (owner: { $owner }); please help mediate.
notify-office-transferred-in = { $from } transferred a complaint to you. Reason: { $reason }. Your acceptance period runs from the transfer: decide by { $due }.
notify-office-transferred-away = This case was transferred to { $office }. Reason: { $reason }
notify-office-first-office-update = News on a case you first received: { $status } (owner: { $owner })
notify-office-info-provided = The worker provided the information. Decide on acceptance by { $due }.
notify-office-resolved = { $office } resolved this case: { $outcome }
notify-office-payment-confirmed = The worker confirmed receiving the wages; the case is closed.
notify-office-closed-confirmed = The worker still to confirm left the case or had their personal data erased, and every other worker had confirmed receiving the wages: the case is closed.
notify-office-reopened = The worker says the problem is not solved; the case is reopened. Reason: { $reason }. Finish by { $due }.
notify-office-withdrawn = The worker withdrew this complaint.

## To the supervisor

notify-supervisor-extended = { $office } extended a case's deadline to { $due }. Reason: { $reason }
notify-supervisor-reopened-by-worker = A worker says a case resolved by { $office } is not solved; it is reopened. Reason: { $reason }

## Clocks

clock-prewarning-acceptance = Reminder: decide on accepting this case by { $due }.
clock-prewarning-investigation = Reminder: this case must be finished by { $due }.
clock-escalation-acceptance = Overdue: { $office } had to decide on acceptance by { $due }; { $days ->
        [one] { $days } working day
       *[other] { $days } working days
    } late.
clock-escalation-investigation = Overdue: { $office } had to finish this case by { $due }; { $days ->
        [one] { $days } working day
       *[other] { $days } working days
    } late.
clock-escalation-owner-copy = This case is { $days ->
        [one] { $days } working day
       *[other] { $days } working days
    } overdue (due { $due }) and was reported to the supervisor.

## Immediate alerts

alert-key-case = Key case: { $amount } owed to { $workers ->
        [one] { $workers } worker
       *[other] { $workers } workers
    } (owner: { $office })
alert-emergency-keywords = Emergency: the complaint mentions "{ $keywords }"; risk of a mass or extreme incident, act now (owner: { $office })
alert-emergency-classes = Emergency ({ $classes }): the complaint mentions "{ $keywords }"; risk of a mass or extreme incident, act now (owner: { $office })
alert-class-self-harm = self-harm
alert-class-blocking-roads = blocking roads
alert-class-climbing-heights = climbing a height (crane, roof)
alert-class-gathering = gathering, strike or petition
alert-class-violence = violence or threats
alert-emergency-urgent = Emergency: the worker marked this as urgent; contact them now (owner: { $office })
alert-retaliation = The worker reports retaliation for complaining; handle first (owner: { $office })
alert-absconded-employer = The employer may have absconded; consider referring to the police (owner: { $office })
alert-emergency-worker-hotlines =
    We have reported your situation as urgent. Please stay safe and do not take risks.
    Labour inspection: { $labour }
    Legal aid: { $legal_aid }
    Government service hotline: { $government }
    In danger, call the police: { $police }
alert-emergency-worker-hotlines-unreported =
    Your urgent situation is on record, but the office responsible is not connected to this service yet and cannot see it. Please call now:
    Labour inspection: { $labour }
    Legal aid: { $legal_aid }
    Government service hotline: { $government }
    In danger, call the police: { $police }
    Please stay safe and do not take risks.

# Notifications to offices and supervisors start with the case number.
notify-office-frame = [{ $case }] { $body }

notify-office-claimant-confirmed = A worker confirmed receiving their wages of { $amount }; { $waiting } more must confirm before the case is closed.
case-timeline-alert-acknowledged = { $office } acknowledged the alert

## The order to pay (责令限期支付) and the rules around it.
case-error-not-yet-accepted = No decision on acceptance yet: before accepting, a case can only be not accepted (with the reason and where to go) or merged; other outcomes need acceptance first.
case-error-police-without-order = A police referral for refusing to pay needs an order to pay first.
case-error-bad-order = An order to pay needs an amount above zero and a deadline after today.
case-timeline-ordered-to-pay = Ordered to pay { $amount } by { $due }
clock-order-expired = The deadline of the order to pay ({ $due }, { $amount }) has passed and the case is still open. Check whether it was paid; a refusal to pay may be referred to the police.
clock-order-expired-police = The deadline of the order to pay ({ $due }, { $amount }) has passed unpaid, and the amount reaches the province's threshold for refusing to pay wages ({ $threshold }): consider referring the case to the police (owner: { $office }).
notify-worker-ordered-to-pay = { $office } ordered the employer to pay { $amount } by { $due } (an order to pay). If it is not paid by then, the office keeps working on it.
notify-worker-closed-settled = Every worker on this case who could be reached confirmed being paid, and the office recorded why the others could not be reached, so the case is closed. If your money has not arrived, press "My money has not arrived" below and the case will be reopened.
case-timeline-closed-settled = Every reachable claimant confirmed payment and the office recorded why the others cannot be reached: closed
case-timeline-closed-confirmed = The claimant still to confirm left the case or had their personal data erased, and every other claimant had confirmed payment: closed
notify-worker-referred-to-police = { $office } passed the employer's refusal to pay to the police (referred). Reason: { $reason }. Recovering your wages goes on: your case is still open and you will be told of every step.
notify-office-referred-to-police = { $office } referred this case to the police (refusal to pay wages). Reason: { $reason }. The case stays open and the wages are still pursued.
case-timeline-referred-to-police = Referred to the police: { $reason } (the case stays open)
case-error-bad-penalty = A penalty needs a fine above zero and the decision's number or words.
case-error-already-blacklisted = The employer of this case was already referred for joint punishment.
case-timeline-penalty = Administrative penalty: fine of { $amount }, { $decision }
case-timeline-blacklist = Referred for the list of dishonest employers in wage arrears (joint punishment): { $reason }
notify-office-blacklist-referred = { $office } referred the employer of this case for the list of dishonest employers (joint punishment). Reason: { $reason }

## Clocks: a transfer after acceptance, waiting for material, passing on a misrouted case (issue 14)
notify-worker-transferred-accepted = Your complaint was passed from { $from } to { $office }. Reason: { $reason }. It stays open and you will still get a result by { $due }.
notify-office-transferred-in-accepted = { $from } transferred an accepted case to you. Reason: { $reason }. The investigation deadline is unchanged: { $due }.
notify-office-info-provided-investigating = The worker provided the information; the investigation goes on.
notify-worker-info-received-investigating = { $office } received the information you sent and keeps working on your case.
case-timeline-info-provided-investigating = The worker provided the information; the investigation goes on
notify-worker-need-info-reminder = Reminder: on { $asked } { $office } asked you for more information and has not received it yet. Send text or photos right here. If nothing arrives by { $resumes }, { $office } will decide with what it has whether to take on your case (accept it).
notify-worker-need-info-reminder-investigating = Reminder: on { $asked } { $office } asked you for more information and has not received it yet. Send text or photos right here; it helps them work on your case.
clock-need-info-expired = The worker has not provided the material asked for on { $asked } in { $days ->
        [one] { $days } day
       *[other] { $days } days
    }. The acceptance clock runs again: decide on acceptance with what you have by { $due }.
clock-not-passed-on = Overdue: the worksite county { $county } is outside { $office }'s jurisdiction; the case had to be passed on to the competent office by { $due } and has not been.
routing-note-co-handler-subcontracted-employer = The employer is a team leader or subcontractor, so by local rule { $office } co-handles (Wage Payment Regulations, Art. 7)
