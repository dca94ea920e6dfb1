# 工人输入的内容没看懂时的回复。每条都告诉工人该怎么写。
# 两个语言文件必须有完全相同的 id（有测试检查）。

## 数字（通用）

number-error-invalid = 没看懂这个数字，请只写数字，比如 12。
number-error-too-large = 这个数字太大了，是不是多写了几个 0？请再看一下。

## 欠薪金额

amount-error-empty = 请写老板一共欠你多少钱，比如 35000 或 3.5万。
amount-error-not-a-number = 没看懂这个金额。请只写钱数，比如 35000 或 3.5万。
amount-error-zero = 钱数不能是 0。请写老板一共欠你多少钱，比如 35000。
amount-error-too-large = 这个钱数太大了，是不是多写了几个 0？请再看一下，重新写。
amount-error-negative = 钱数不能是负数。请写老板一共欠你多少钱，比如 35000。
amount-error-decimals = 钱数最多写到“分”，也就是小数点后两位，比如 3500.50。
amount-error-range = 请只写一个数字，比如 35000 或 3.5万。记不清就写个大概，比如“3万多”。
amount-error-rate = 请写老板一共欠你的总钱数，不是一天或一个月的工钱。比如欠了 3 个月、每月 5000，就写 15000。

## 身份证号码

id-error-empty = 请写你的 18 位身份证号码。
id-error-length = 身份证号码是 18 位，请对着身份证再数一下。
id-error-characters = 身份证号码只有数字，最后一位可能是 X。请不要写别的字。
id-error-province = 号码的前两位不对，请对着身份证再看一下。
id-error-birth-date = 号码里的出生日期（第 7 到 14 位）不对，请对着身份证再看一下。
id-error-checksum = 号码里有一位写错了，请对着身份证一位一位再核对一遍。

## 手机号

phone-error-empty = 请写你的手机号，11 位数字，比如 13800138000。
phone-error-invalid = 手机号只能写数字，请重新写，比如 13800138000。
phone-error-length = 手机号是 11 位数字，请数一下再写一遍。
phone-error-not-mobile = 这好像不是手机号。请写 1 开头的 11 位手机号，比如 13800138000。

## 人数

count-error-empty = 请写一共有几个人被欠工资，比如 12。
count-error-not-a-number = 没看懂人数，请只写一个数字，比如 12。
count-error-zero = 人数不能是 0。请写一共有几个人被欠工资（包括你），比如 12。
count-error-range = 请只写一个数字，比如 25。记不清就写个大概，比如“20多”。
count-error-too-large = 人数太多了，是不是多写了几个 0？请再看一下。

## 欠薪时间

period-error-empty = 请写哪几个月的工资没发，比如：去年10月到今年1月。
period-error-unparseable = 没看懂时间，请这样写：2025年3月到6月，或者：最近3个月。
period-error-invalid-month = 月份只有 1 月到 12 月，请再看一下。
period-error-future = 这个时间还没到。请写已经干了活、没拿到钱的月份。
period-error-end-before-start = 请把早的月份写在前面，比如：2025年3月到6月。

## 案件编号

case-number-error-malformed = 没看懂这个编号。案件编号是这样的：QX-330102-20261201-0007。
case-number-error-county = 编号第二段的 6 位数字不对，请对照收到的编号再写一遍。
case-number-error-date = 编号里的日期不对，请对照收到的编号再写一遍。
case-number-error-sequence = 编号最后一段数字不对，请对照收到的编号再写一遍。
