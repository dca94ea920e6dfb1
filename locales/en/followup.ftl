# Closing the loop: after a paid resolution the worker confirms the money arrived, after closure rates
# the handling, and on the follow-up day says whether they are still paid.

followup-payment-ask = Case { $case }: { $office } says the wages were paid. Did you receive { $amount }?
followup-payment-remind = A reminder: case { $case } is waiting for your answer. { $office } says { $amount } was paid. Did you receive it?
followup-satisfaction-ask = Case { $case } is closed. Are you satisfied with how { $office } handled it?
followup-recheck-ask = Follow-up: case { $case } was closed a while ago. { $office } would like to know: were you paid everything, and has your employer kept paying since?

followup-button-received = Received
followup-button-partly = Only part of it
followup-button-not-received = Not received
followup-button-satisfied = Satisfied
followup-button-mostly-satisfied = Mostly satisfied
followup-button-dissatisfied = Not satisfied
followup-button-no-words = Nothing to add
followup-button-still-paid = Paid, and still paid
followup-button-not-paid = Not paid / owed again
followup-button-not-arrived = My money has not arrived

followup-stale = This question is closed; there is no need to answer it.
followup-payment-closed = Thank you! Case { $case } is closed.
followup-payment-ask-amount = How much did you actually receive? Type the amount, e.g. 3000.
followup-payment-amount-invalid = I could not read that amount. Please type one number, e.g. 3000.
followup-payment-partly-recorded = Noted: you received { $amount }; { $rest } is still owed to you. The case stays open and { $office } keeps working to recover it.
followup-payment-covered-after-part = Thank you! We noted that you received all of the { $expected } owed to you. { $office } recorded only part of the wages as paid, so the case is handled again to check what is still owed; you will hear of any progress.
followup-reopened = Case { $case } is reopened; { $office } must give a result by { $due }. We will tell you what happens.
followup-satisfaction-words = Anything you would like to add? Just type it, or press "Nothing to add".
followup-satisfaction-words-escalated = Your view has been passed to the supervising office. Anything you would like to add? Just type it, or press "Nothing to add".
followup-satisfaction-thanks = Thank you for your feedback!
followup-recheck-thanks = Thank you! If you are owed wages again, send /new to complain at any time.

# The reason recorded on the case and shown to the office.
followup-reason-not-received = The worker says the money did not arrive
followup-reason-recheck = Follow-up: the worker says they were not paid or are owed again
followup-reason-not-arrived = After the case was closed with some workers unreachable, a worker says their money did not arrive

notify-office-payment-unconfirmed = The worker was asked to confirm receiving { $amount } and reminded once, without an answer: the payment is unconfirmed and the case cannot be closed. Please check by phone.
notify-supervisor-dissatisfied = The worker is not satisfied with how { $office } handled the case.
notify-supervisor-dissatisfied-words = The dissatisfied worker adds: { $words }

followup-payment-confirmed-waiting = Thank you! We noted that you received all your wages. Case { $case } is waiting for { $waiting } more workers to confirm; it is closed only when everyone has.
followup-reason-rest-owed = The worker received { $amount } of { $expected }; { $rest } is still owed
