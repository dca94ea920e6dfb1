//! The services the caseload is published as, and the discovery document. A service is the kind of
//! money the worker said was owed (the intake's `ClaimKind`): wages (欠薪), payment for contracted work
//! (工程款, 条例 Art. 35: referred out, the wages in it still pursued), or both. Nothing else is
//! published as a service: the data has no other category a complaint could be filed under.

use serde::Serialize;

use crate::i18n::{Arg, Lang, tr, tr_args};
use crate::intake::draft::ClaimKind;

/// The specification the discovery document names.
pub const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";
/// When the services or the endpoint last changed (GeoReport's `changeset`): bump with them.
const CHANGESET: &str = "2026-12-04T00:00:00+08:00";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    WageArrears,
    ContractPayment,
    WagesAndContractPayment,
}

impl Service {
    pub const ALL: [Service; 3] = [Service::WageArrears, Service::ContractPayment, Service::WagesAndContractPayment];

    /// The `service_code`: public and stable; never rename one.
    pub fn code(self) -> &'static str {
        match self {
            Service::WageArrears => "wage_arrears",
            Service::ContractPayment => "contract_payment",
            Service::WagesAndContractPayment => "wage_arrears_and_contract_payment",
        }
    }

    pub fn from_code(code: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn of(kind: ClaimKind) -> Service {
        match kind {
            ClaimKind::Wages => Service::WageArrears,
            ClaimKind::ContractPayment => Service::ContractPayment,
            ClaimKind::Both => Service::WagesAndContractPayment,
        }
    }

    /// The complaints' stored `claim_kind` this service publishes.
    pub fn claim_kind(self) -> ClaimKind {
        match self {
            Service::WageArrears => ClaimKind::Wages,
            Service::ContractPayment => ClaimKind::ContractPayment,
            Service::WagesAndContractPayment => ClaimKind::Both,
        }
    }

    fn text(self, lang: Lang, part: &str) -> String {
        let key = match self {
            Service::WageArrears => "wage-arrears",
            Service::ContractPayment => "contract-payment",
            Service::WagesAndContractPayment => "both",
        };
        tr(lang, &format!("open311-service-{key}-{part}"))
    }

    pub fn name(self, lang: Lang) -> String {
        self.text(lang, "name")
    }

    /// What the office does with such a request, and in what time (GeoReport's `service_notice`).
    pub fn notice(self, lang: Lang) -> String {
        self.text(lang, "notice")
    }

    pub fn definition(self, lang: Lang) -> ServiceDefinition {
        ServiceDefinition {
            service_code: self.code(),
            service_name: self.name(lang),
            description: self.text(lang, "description"),
            metadata: false,
            kind: "realtime",
            keywords: self.text(lang, "keywords"),
            group: tr(lang, "open311-service-group"),
        }
    }
}

/// One element of `services.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceDefinition {
    pub service_code: &'static str,
    pub service_name: String,
    pub description: String,
    /// No extra attributes are asked for (no `services/{code}.json` definition).
    pub metadata: bool,
    /// "realtime": each request is a case a worker filed, published as it stands.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Comma-separated.
    pub keywords: String,
    pub group: String,
}

pub fn services(lang: Lang) -> Vec<ServiceDefinition> {
    Service::ALL.into_iter().map(|s| s.definition(lang)).collect()
}

/// `discovery.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discovery {
    pub changeset: &'static str,
    pub contact: String,
    pub key_service: String,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    pub specification: &'static str,
    pub url: String,
    pub changeset: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub formats: Vec<&'static str>,
}

/// The discovery document of a deployment served at `public_url` (no trailing `/`), with the number
/// a person can call about the API's data (the deployment's wage-arrears hotline).
pub fn discovery(public_url: &str, hotline: &str, lang: Lang) -> Discovery {
    Discovery {
        changeset: CHANGESET,
        contact: tr_args(lang, "open311-contact", &[("phone", Arg::from(hotline))]),
        key_service: tr(lang, "open311-key-service"),
        endpoints: vec![Endpoint {
            specification: SPECIFICATION,
            url: format!("{public_url}/open311/v2"),
            changeset: CHANGESET,
            kind: "production",
            formats: vec!["application/json"],
        }],
    }
}
