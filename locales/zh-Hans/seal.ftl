# Unmasking: an alert on the member's own screen (at most 200 characters), never a post in the group.
unmask-alert-title = 🔓 { $case }（已记录查看，请勿外传）
unmask-alert-line = { $n }. { $name } { $phone } 身份证 { $id }
unmask-choose = 案件 { $case } 有 { $count } 名申请人，一次显示不下：请点要查看的人（只在你的屏幕上显示）。
unmask-limited = 你这一小时内查看完整信息的次数已达上限，请稍后再试。
export-limited = 本群一小时内最多导出 { $limit } 份台账，请稍后再试。
