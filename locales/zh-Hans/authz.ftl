# 权限检查的拒绝提示（谁可以在办案群里办理）。
authz-refused-via-bot = 通过其他机器人（内联模式）发出的消息不会被执行，请直接发送。
authz-refused-unverified = 暂时无法核实你是否为本群成员，请稍后再试。
authz-refused-not-admin = 只有本群的管理员才能关联或解除关联单位。
authz-refused-public-group = 公开群（有公开链接、任何人都能加入）不能关联单位，否则谁都能看到案件。请先在群设置里改为私密群，再发送 /link 关联码。
