# Evidence quotas (issue 15): a file past the worker's quota on a complaint is not kept, and the worker is told.
evidence-kind-photo = photo
evidence-kind-document = file
evidence-kind-voice = voice message
evidence-kind-video = video
evidence-kind-audio = recording
evidence-over-quota-files = This { $kind } ({ $size }) was not kept: a complaint keeps at most { $max_files ->
        [one] { $max_files } file
       *[other] { $max_files } files
    } from you, and that many are kept already. Everything you sent before is kept; if the office needs more, they will tell you how to send it.
evidence-over-quota-bytes = This { $kind } ({ $size }) was not kept: a complaint keeps at most { $max_size } of files from you, and { $used } are used. Everything you sent before is kept; if the office needs more, they will tell you how to send it.
