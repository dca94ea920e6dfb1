# Evidence quotas (issue 15): a file past the worker's quota on a complaint is not kept, and the worker is told.
evidence-kind-photo = 照片
evidence-kind-document = 文件
evidence-kind-voice = 语音
evidence-kind-video = 视频
evidence-kind-audio = 音频
evidence-over-quota-files = 这个{ $kind }（{ $size }）没有保存：每件投诉最多保存你发来的 { $max_files } 个文件，已经存满了。你之前发的文件都保存着；办案单位需要更多材料时会告诉你怎么交。
evidence-over-quota-bytes = 这个{ $kind }（{ $size }）没有保存：每件投诉保存你发来的文件一共不超过 { $max_size }，已经用了 { $used }。你之前发的文件都保存着；办案单位需要更多材料时会告诉你怎么交。
