# Withdrawing a complaint and erasing personal data (Personal Information Protection Law, Art. 15, 47).

## The worker's commands

command-withdraw = Withdraw a complaint
command-delete_my_data = Delete my personal data

withdraw-none = You have no complaint that can be withdrawn (only complaints still being handled can). Send /status to see your complaints.
withdraw-ask =
    Which complaint do you want to withdraw?
    { $cases }
    The office will be told. If you are the only worker on the case, the case ends; if other workers are on it, it goes on for them. You can complain again later if you need to.
withdraw-case-line = • { $case } ({ $amount })
button-withdraw-case = Withdraw { $case }
button-withdraw-keep = Do not withdraw
withdraw-left = You have left case { $case }, and the office was told. The case goes on for the other workers. You can complain again later if you need to.
withdraw-left-kept = You have left case { $case }. The case goes on for the other workers. { $office } is not connected to this service yet, so it cannot see that you left; this is kept with the case for when it connects. To tell them yourself, call { $phone }. You can complain again later if you need to.
withdraw-kept = All right, your complaint was not withdrawn.
withdraw-refused = This complaint can no longer be withdrawn (it may be finished or already withdrawn). Send /status to see its progress.

erase-ask =
    Before your personal data is deleted, please read this:
    • Deleted: your name, phone number and ID number, what you wrote about what happened, the photos and files you sent as evidence, what you and the office wrote to each other, and any complaint you are filling in.
    • Kept: the facts of the case (number, area, employer, amount, period, progress) and its record of what was done, which will say "personal data deleted" but will not have your name or numbers.
    • A complaint still being handled is withdrawn first: a case with only you on it ends; a case with other workers goes on for them.
    • This cannot be undone, and the office can no longer reach you here.
button-erase-confirm = Delete my data
button-erase-keep = Do not delete
erase-done = Your personal data has been deleted. The facts of your cases and the record "personal data deleted" are kept. Send /new if you need to complain again.
erase-kept = All right, nothing was deleted.

privacy-stale = This button no longer works. Send /withdraw or /delete_my_data again if you need to.

## What offices see

notify-office-claimant-withdrew =
    A claimant withdrew their complaint and left this case (their claim: { $amount }). The case goes on for the { $others ->
        [one] other claimant
       *[other] { $others } other claimants
    }.
notify-office-personal-data-erased = At the worker's request, their personal data was erased on { $on } (name, phone, ID number, statement, evidence files and the content of messages). The facts of the case and its record are kept.
staff-card-claimant-erased = (personal data erased)
staff-relay-no-worker = No worker on this case can be reached here any more (they withdrew or had their data erased); the message was not passed on.
staff-relay-worker-left = The worker whose message you replied to is no longer on this case (they withdrew or had their data erased); your answer was not passed on to anyone.
timeline-claimant-withdrew = A claimant withdrew and left the case ({ $amount }, { $workers ->
        [one] 1 worker
       *[other] { $workers } workers
    })
timeline-personal-data-erased = Personal data erased on { $on } at the worker's request
timeline-personal-data-expired = Personal data erased on { $on }: the retention period ended

## The operator's command wagedesk erase

cli-erase-done = Erased the personal data of { $claimants ->
        [one] 1 claimant
       *[other] { $claimants } claimants
    } on case { $case } ({ $files ->
        [one] 1 evidence file
       *[other] { $files } evidence files
    }).
cli-erase-chat-done = Erased the personal data of chat { $chat }: { $cases ->
        [one] 1 case
       *[other] { $cases } cases
    }, { $files ->
        [one] 1 evidence file
       *[other] { $files } evidence files
    }.
cli-erase-no-case = There is no case numbered { $case }.
cli-erase-which-claimant = Case { $case } has several claimants ({ $count }): name one with --claimant N (its number on the case card).
cli-erase-no-claimant = Case { $case } has no claimant number { $number } (it has { $count }).
