# The `wagedesk demo` transcript (for operators and trainers).

demo-title = wagedesk demo: a worker reports unpaid wages from a phone (the bot runs against the local Telegram stand-in; no Telegram account needed)
demo-pressed = [presses “{ $label }”]
demo-shared-phone = [shares phone number { $phone }]
demo-sent-photo = [sends a photo: IOU.jpg]
demo-stored = Complaint in the database: { $case }  ¥{ $amount }  { $status }
demo-database = Database file: { $path }
demo-clerk-name = Clerk Wang
demo-operator-invite = 🛠 The operator runs wagedesk offices invite hz-xihu-ldjc and hands the link code { $code } to the office's group:
demo-office-side = ──── The office's group (a forum: one topic per case) ────
demo-card-updated = (case card updated)
demo-interactive-title = wagedesk training mode: play the worker or an office clerk (local Telegram stand-in, no account needed)
demo-interactive-help = Type:
    w TEXT — the worker sends a message (start with w /start)
    w! LABEL — the worker presses a button
    w:photo — the worker sends a photo
    s TEXT — the clerk writes in the current case topic (relayed to the worker in the office's name)
    s:group TEXT — the clerk writes in the group, e.g. /cases, /help
    s! LABEL — the clerk presses a button on the case card
    days N — move time forward N days to see deadline alerts
    help — this list; quit — leave
demo-interactive-unknown = That line is not understood. Type help for how to play.
demo-interactive-failed = That did not work:
demo-next-day = ──── The next day: the case closes only when the worker confirms the money arrived ────
