# Unmasking: an alert on the member's own screen (at most 200 characters), never a post in the group.
unmask-alert-title = 🔓 { $case } (viewing recorded; do not share)
unmask-alert-line = { $n }. { $name } { $phone } ID { $id }
unmask-choose = Case { $case } has { $count ->
    [one] one claimant
   *[other] { $count } claimants
}, too many to show at once: tap the person to view (shown only on your screen).
unmask-limited = You have viewed full details as often as allowed this hour; please try again later.
export-limited = This group can export at most { $limit } ledgers an hour; please try again later.
