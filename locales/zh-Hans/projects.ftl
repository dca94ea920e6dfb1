# 从工地维权告示牌扫码进来的工人：先确认工地，再填投诉。

start-code-revoked = 这个二维码已经停用了（工地的告示牌换过新码）。请手动选择你的工地所在地。
ask-project-confirm =
    你扫的是这个工地的二维码：
    工地：{ $project }
    总承包单位：{ $contractor }
    你是在这个工地干活吗？
button-project-yes = 对，就是这个工地
button-project-no = 不是，我在别的工地
project-declined = 好的，请手动选择你的工地所在地。
