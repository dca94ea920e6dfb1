# After submitting: joining an open case, filing twice.

filing-joined =
    There is already an open wage case about this worksite (or this employer): { $case }.
    Your complaint joins that case as another worker; your amount and period are recorded separately. You will be told about every step.
filing-already-filed = You have already filed about this worksite and period (case { $case }); there is no need to file again. Send /status to see the progress.
timeline-claimant-joined = Another worker joined this case
notify-office-claimant-joined = Another worker joined this case: { $amount } owed, { $workers ->
        [one] { $workers } worker
       *[other] { $workers } workers
    }.
notify-worker-joined = This case is handled by { $office }.
