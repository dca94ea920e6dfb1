# Replies when the bot could not read what a worker typed. Each one says what to type instead.
# Both language files must define exactly the same ids (a test checks this).

## Numbers (shared)

number-error-invalid = Sorry, that is not a number. Please type digits only, for example 12.
number-error-too-large = That number is too large. Is there an extra 0? Please check it.

## Amount owed

amount-error-empty = Please type how much you are owed in total, for example 35000.
amount-error-not-a-number = Sorry, we could not read that amount. Please type a number, for example 35000.
amount-error-zero = The amount cannot be 0. Please type how much you are owed in total, for example 35000.
amount-error-too-large = That amount is too large. Is there an extra 0? Please check it and type it again.
amount-error-negative = The amount cannot be negative. Please type how much you are owed in total, for example 35000.
amount-error-decimals = Please use at most two decimal places, for example 3500.50.
amount-error-range = Please give one number, for example 35000. If you are not sure, an estimate is fine, for example "about 30000".
amount-error-rate = Please type the TOTAL you are owed, not the pay per day or per month. For example, 3 months at 5000 a month: type 15000.

## ID number

id-error-empty = Please type your 18-character ID number.
id-error-length = An ID number has 18 characters. Please count them again on your ID card.
id-error-characters = An ID number has only digits; the last one may be X. Please type nothing else.
id-error-province = The first two digits are not right. Please check them on your ID card.
id-error-birth-date = The birth date in the number (digits 7 to 14) is not right. Please check it on your ID card.
id-error-checksum = One digit is wrong. Please compare the number with your ID card, digit by digit.

## Mobile number

phone-error-empty = Please type your mobile number, 11 digits, for example 13800138000.
phone-error-invalid = A mobile number has only digits. Please type it again, for example 13800138000.
phone-error-length = A mobile number has 11 digits. Please count them and type it again.
phone-error-not-mobile = That does not look like a mobile number. Please type an 11-digit number starting with 1, for example 13800138000.

## Number of workers

count-error-empty = Please type how many workers are owed wages, for example 12.
count-error-not-a-number = Sorry, we could not read that. Please type one number, for example 12.
count-error-zero = The number cannot be 0. Please type how many workers are owed wages, you included, for example 12.
count-error-range = Please give one number, for example 25. If you are not sure, an estimate is fine, for example "about 20".
count-error-too-large = That is too many people. Is there an extra 0? Please check it.

## Unpaid period

period-error-empty = Please type which months were not paid, for example: 2025.10-2026.1, or: 3 months.
period-error-unparseable = Sorry, we could not read those months. Please type them like this: 2025.3-2025.6, or: 3 months.
period-error-invalid-month = Months go from 1 to 12. Please check it.
period-error-future = Those months have not come yet. Please type the months you worked and were not paid for.
period-error-end-before-start = Please put the earlier month first, for example: 2025.3-2025.6.

## Case number

case-number-error-malformed = Sorry, that is not a case number. A case number looks like this: QX-330102-20261201-0007.
case-number-error-county = The six digits after QX are not right. Please copy the case number you received.
case-number-error-date = The date in the case number is not right. Please copy the case number you received.
case-number-error-sequence = The last part of the case number is not right. Please copy the case number you received.
