# The `wagedesk demo` transcript (for operators and trainers).

demo-title = wagedesk demo: a worker reports unpaid wages from a phone (the bot runs against the local Telegram stand-in; no Telegram account needed)
demo-pressed = [presses “{ $label }”]
demo-shared-phone = [shares phone number { $phone }]
demo-sent-photo = [sends a photo: IOU.jpg]
demo-stored = Complaint in the database: { $case }  ¥{ $amount }  { $status }
demo-database = Database file: { $path }
