# Delivery: when messages cannot reach a worker, the owning office is told (once per case and chat).

notify-office-worker-unreachable = The worker cannot be reached on Telegram: { $reason }. No further updates will reach them; please contact them by phone.
delivery-reason-blocked = the worker blocked the bot
delivery-reason-deactivated = the worker's Telegram account was deleted
delivery-reason-not-found = the worker's chat no longer exists
delivery-reason-other = Telegram refuses to deliver
