# Open311 GeoReport v2 read API: read by city dashboards and open-data portals, never by workers.

open311-service-group = Wage arrears complaints
open311-service-wage-arrears-name = Unpaid wages
open311-service-wage-arrears-description = A migrant worker's wages for their own work are unpaid. Handled by the labour inspection office of the county or district where the worksite is.
open311-service-wage-arrears-keywords = wage arrears,unpaid wages,migrant workers
open311-service-wage-arrears-notice = Acceptance is decided within 5 working days; an accepted case is concluded within 60 working days, extendable by 30 for complex cases.
open311-service-contract-payment-name = Unpaid contract payment
open311-service-contract-payment-description = Payment for contracted work (工程款) is unpaid. A contract payment dispute is not a wage claim: it is referred to the competent office, arbitration or a court, while any unpaid wages in it are still pursued.
open311-service-contract-payment-keywords = contract payment,unpaid contract payment
open311-service-contract-payment-notice = Acceptance is decided within 5 working days; the contract payment dispute is referred on as the law provides, and any unpaid wages in it are handled as usual.
open311-service-both-name = Unpaid wages and contract payment
open311-service-both-description = Both wages and payment for contracted work are unpaid. The wages are handled by labour inspection; the contract payment dispute is referred to the competent office, arbitration or a court.
open311-service-both-keywords = wage arrears,unpaid wages,contract payment,unpaid contract payment
open311-service-both-notice = Acceptance is decided within 5 working days; the wages are concluded within 60 working days of acceptance, and the contract payment dispute is referred on.
open311-contact = Wage arrears hotline: { $phone }
open311-key-service = No API key is needed: this API is read-only and publishes case data without personal information.
open311-address-township = { $township }, { $county }
open311-error-not-found = There is no complaint with this number.
open311-error-no-such-path = There is no such resource. Available: discovery.json, services.json, requests.json, requests/<number>.json.
open311-error-format = Only the JSON format is served: replace .xml with .json.
open311-error-query = The query parameters could not be read.
open311-error-service = There is no such service_code: { $value }
open311-error-status = status must be open or closed (got { $value }).
open311-error-date = The { $field } value { $value } is not a W3C date or date-time, for example 2026-12-01 or 2026-12-01T09:30:00+08:00
open311-error-end-before-start = end_date is before start_date.
open311-error-span = start_date and end_date may be at most { $days ->
        [one] one day
       *[other] { $days } days
    } apart.
open311-error-too-many-ids = At most { $max } service_request_id values may be asked for at once.
open311-error-internal = Internal server error; please try again later.
open311-error-busy = Too many queries at once; please try again shortly.
