//! The vendored Bot API description (`assets/telegram-bot-api/api.json`), parsed once.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

const API_JSON: &str = include_str!("../../../assets/telegram-bot-api/api.json");

/// The whole Bot API as the vendored spec describes it.
#[derive(Debug, Deserialize)]
pub(super) struct Spec {
    pub methods: HashMap<String, MethodSpec>,
    pub types: HashMap<String, TypeSpec>,
    /// Lower-cased method name → canonical camelCase name; Telegram matches method names
    /// case-insensitively and teloxide sends PascalCase.
    #[serde(skip)]
    lowercase: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct MethodSpec {
    pub name: String,
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
}

#[derive(Debug, Deserialize)]
pub(super) struct TypeSpec {
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
    #[serde(default)]
    pub subtypes: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct FieldSpec {
    pub name: String,
    pub types: Vec<String>,
    pub required: bool,
    #[serde(default)]
    pub description: String,
}

impl FieldSpec {
    /// The literal a discriminator field such as `type` must hold ("Scope type, must be chat",
    /// "Type of the reaction, always “emoji”"), if the spec states one.
    pub fn fixed_value(&self) -> Option<&str> {
        if self.name != "type" && self.name != "source" && self.name != "status" {
            return None;
        }
        let d = self.description.as_str();
        let rest = if let Some(i) = d.find("must be ") {
            &d[i + "must be ".len()..]
        } else if let Some(i) = d.find("always “") {
            &d[i + "always “".len()..]
        } else {
            return None;
        };
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        // "must be one of …" and similar prose are not a single literal.
        let word = &rest[..end];
        (!word.is_empty() && word != "one" && word != "a" && word != "an").then_some(word)
    }
}

static SPEC: LazyLock<Spec> = LazyLock::new(|| {
    let mut spec: Spec = serde_json::from_str(API_JSON).expect("vendored api.json parses");
    spec.lowercase = spec.methods.keys().map(|name| (name.to_ascii_lowercase(), name.clone())).collect();
    spec
});

/// The parsed spec.
pub(super) fn spec() -> &'static Spec {
    &SPEC
}

impl Spec {
    /// The method with this name, matched case-insensitively.
    pub fn method(&self, name: &str) -> Option<&MethodSpec> {
        let canonical = self.lowercase.get(&name.to_ascii_lowercase())?;
        self.methods.get(canonical)
    }

    pub fn type_spec(&self, name: &str) -> Option<&TypeSpec> {
        self.types.get(name)
    }
}
