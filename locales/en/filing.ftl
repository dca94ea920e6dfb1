# After submitting: joining an open case, filing twice.

filing-joined =
    There is already an open wage case about this worksite (or this employer): { $case }.
    Your complaint joins that case as another worker; your amount and period are recorded separately. You will be told about every step.
filing-already-filed = You have already filed about this worksite and period (case { $case }); there is no need to file again. What you wrote and sent this time has been added to that case. Send /status to see the progress.
filing-already-filed-elsewhere = You already filed about this worksite and period (case { $case }), but from somewhere else (another Telegram account, or the web form). There is no need to file again: what you wrote and sent this time has been added to that case. Follow its progress where you filed it then.
filing-crew-case-ended = Your crew's case { $case } was finished or withdrawn meanwhile and can no longer be joined, so your complaint was filed as your own (its case number is above), with your amount recorded separately.
timeline-claimant-joined = Another worker joined this case
notify-office-claimant-joined = Another worker joined this case: { $amount } owed, { $workers ->
        [one] { $workers } worker
       *[other] { $workers } workers
    }.
notify-office-joined-crew-case = A crew leader filed this case for their crew. The worker who just joined filed alone, not through the leader's link: they may already be counted in the crew size and total the leader gave. Please check each person's amount so nobody is counted twice.
notify-worker-joined = This case is handled by { $office }.

## The filer for a crew gets a link and a code to pass on; each worker then gives their own amount.
crew-link = You filed for { $workers ->
        [one] { $workers } worker
       *[other] { $workers } workers
    }. Wages are paid to each worker personally, so please forward this link to your crew: each opens it and gives their own name, phone and amount owed; each will then be told of every step and asked whether they were paid:
    { $link }
    If the link does not open, they can send the bot: /join { $code }
crew-link-code-only = You filed for { $workers ->
        [one] { $workers } worker
       *[other] { $workers } workers
    }. Wages are paid to each worker personally: ask each to send the bot /join { $code } and give their own name, phone and amount owed.
# A web filer's crew: the web page's link, to forward in WeChat (t.me links do not open there).
crew-link-web = You filed for { $workers ->
        [one] { $workers } worker
       *[other] { $workers } workers
    }. Wages are paid to each worker personally, so please send this link to your crew members (forwarding it in WeChat works): each opens it and gives their own name, phone and amount owed; each will then be told of every step and asked whether they were paid:
    { $link }
crew-link-web-also = For crew members on WeChat who cannot open Telegram, send this web link instead: { $link }
