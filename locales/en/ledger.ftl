# The ledger: the /ledger card, the Excel export's sheets and headers, the supervisors' digest.

ledger-card =
    { $office }: ledger as of { $date }
    Open: { $open ->
        [one] { $open } case
       *[other] { $open } cases
    }, { $overdue } overdue; { $workers ->
        [one] { $workers } worker
       *[other] { $workers } workers
    } owed { $claimed }
    All cases: { $cases }; verified { $verified }, paid { $paid }
    Closed in time: { $closure }; resolved: { $resolution }
    Government-invested projects: { $gov_cases ->
        [one] { $gov_cases } case
       *[other] { $gov_cases } cases
    } ({ $gov_open } open), owed { $gov_claimed }
    Co-handling { $co_open ->
        [one] { $co_open } open case
       *[other] { $co_open } open cases
    }; transferred out: { $transferred }

ledger-sheet-cases = Cases
ledger-sheet-employers = Employers
ledger-sheet-government = Government projects
ledger-sheet-overdue = Overdue

ledger-col-case = Case number
ledger-col-role = Role
ledger-col-status = Status
ledger-col-submitted = Filed on
ledger-col-accepted = Accepted on
ledger-col-due = Due
ledger-col-overdue-days = Working days overdue
ledger-col-finished = Finished on
ledger-col-in-time = In time
ledger-col-outcome = Outcome
ledger-col-owner = Owner office
ledger-col-first-office = First office
ledger-col-county = County
ledger-col-site = Worksite
ledger-col-project = Project
ledger-col-project-id = Project id
ledger-col-government = Government-invested
ledger-col-employer = Employer
ledger-col-filer = Filer
ledger-col-phone = Phone
ledger-col-id-number = ID number
ledger-col-workers = Workers
ledger-col-cases = Cases
ledger-col-claimed = Claimed
ledger-col-verified = Verified
ledger-col-paid = Paid
ledger-col-open = Open
ledger-col-overdue = Overdue
ledger-col-builder = Builder
ledger-col-contractor = General contractor

ledger-yes = yes
ledger-no = no
ledger-role-owner = owner
ledger-role-co-handler = co-handler

ledger-outcome-paid-in-full = paid in full
ledger-outcome-paid-in-part = paid in part
ledger-outcome-advanced-from-deposit = advanced from deposit
ledger-outcome-referred-to-arbitration = to arbitration or court
ledger-outcome-referred-to-police = to the police
ledger-outcome-not-wage-claim = contract-price dispute
ledger-outcome-unfounded = unfounded
ledger-outcome-merged = merged
ledger-outcome-not-accepted = not accepted

ledger-timeline-unmasked-export = An operator exported the ledger with personal data unmasked ({ $file })

digest-title-daily = Wage arrears daily: { $from }
digest-title-weekly = Wage arrears weekly: { $from } to { $to }
digest-title-monthly = Wage arrears monthly: { $from } to { $to }
digest-office-line = { $office }: { $new } new, { $accepted } accepted, { $closed } finished; { $open } open (workers: { $workers }, still owed: { $owed }), { $overdue } overdue
digest-totals = Total: { $new } new, { $accepted } accepted, { $closed } finished; { $open } open, { $overdue } overdue
digest-no-cases = No cases in this period and none open in the offices supervised.
digest-key-cases = Open key cases:
digest-key-case = { $case } · { $office } · { $amount } · { $workers ->
        [one] { $workers } worker
       *[other] { $workers } workers
    } · { $status }
digest-key-case-overdue = { $case } · { $office } · { $amount } · { $workers ->
        [one] { $workers } worker
       *[other] { $workers } workers
    } · { $status } · { $days ->
        [one] { $days } working day
       *[other] { $days } working days
    } overdue
digest-key-cases-more = …and { $count } more
digest-no-key-cases = No open key cases.
digest-chart-caption = Chart: open and overdue cases per office; new, finished and open over the last 30 days.
digest-chart-offices = Open and overdue cases by office
digest-chart-trend = New, finished and open over the last 30 days
digest-chart-open = Open
digest-chart-overdue = Overdue
digest-chart-new = New
digest-chart-closed = Finished
digest-chart-axis-office = Office
digest-chart-axis-cases = Cases
digest-chart-axis-open = Open cases at the end of each day
digest-chart-axis-daily = Cases new and finished each day
digest-chart-axis-date = Date (month-day)
ledger-col-order-due = Order to pay by
digest-waiting-alerts = Alerts nobody has acknowledged yet:
digest-waiting-alert = { $case } · { $office } · raised { $raised } · repeated { $repeats } times
digest-due-orders = Orders to pay falling due:
digest-due-order = { $case } · { $office } · { $amount } · due { $due }
digest-due-order-past = { $case } · { $office } · { $amount } · was due { $due }, case still open
ledger-col-penalty = Fines
ledger-col-blacklisted = Referred for joint punishment
