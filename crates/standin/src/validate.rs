//! Checks a request against the spec: the method's required and known fields, and that every
//! value (recursively, through object types and their subtypes) plausibly has a declared type.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::limits;
use super::spec::{MethodSpec, spec};

/// One thing wrong with a request: `detail` is for the test author, `description` is what
/// Telegram would answer (without the `error_code`, always 400).
#[derive(Debug, Clone)]
pub(super) struct Problem {
    pub detail: String,
    pub description: String,
}

impl Problem {
    pub fn new(detail: impl Into<String>, description: impl Into<String>) -> Self {
        Self { detail: detail.into(), description: description.into() }
    }
}

/// Turns the strings of form, query and multipart bodies into the JSON values the spec declares,
/// and drops `null`s: teloxide may serialize an absent optional field as `null`.
pub(super) fn normalize(method: &MethodSpec, params: &mut Map<String, Value>) {
    params.retain(|_, value| !value.is_null());
    for field in &method.fields {
        if let Some(value) = params.get_mut(&field.name)
            && let Value::String(text) = value
            && let Some(coerced) = coerce(text, &field.types)
        {
            *value = coerced;
        }
    }
}

fn coerce(text: &str, types: &[String]) -> Option<Value> {
    for ty in types {
        match ty.as_str() {
            "String" | "InputFile" => return None,
            "Integer" => {
                if let Ok(n) = text.trim().parse::<i64>() {
                    return Some(n.into());
                }
            }
            "Float" => {
                if let Ok(x) = text.trim().parse::<f64>() {
                    return serde_json::Number::from_f64(x).map(Value::Number);
                }
            }
            "Boolean" => match text.trim() {
                "true" | "True" | "1" => return Some(Value::Bool(true)),
                "false" | "False" | "0" => return Some(Value::Bool(false)),
                _ => {}
            },
            _ => {
                let trimmed = text.trim_start();
                if trimmed.starts_with('{') || trimmed.starts_with('[') {
                    return serde_json::from_str(trimmed).ok();
                }
            }
        }
    }
    None
}

/// Every problem with `params` for `method`; `uploads` names the multipart file parts.
pub(super) fn check_request(
    method: &MethodSpec,
    params: &Map<String, Value>,
    uploads: &HashSet<String>,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let checker = Checker { uploads };
    for field in &method.fields {
        match params.get(&field.name) {
            None if field.required => out.push(Problem::new(
                format!("required field `{}` is missing", field.name),
                format!("Bad Request: parameter \"{}\" is required", field.name),
            )),
            None => {}
            Some(value) => checker.check_value(value, &field.types, &field.name, &mut out),
        }
    }
    for name in params.keys() {
        if !method.fields.iter().any(|f| &f.name == name) {
            out.push(Problem::new(
                format!("field `{name}` is not in the spec of {}", method.name),
                format!("Bad Request: unknown parameter \"{name}\""),
            ));
        }
    }
    limits::check_method(&method.name, params, &mut out);
    out
}

struct Checker<'a> {
    uploads: &'a HashSet<String>,
}

impl Checker<'_> {
    /// Accepts `value` if any of `types` accepts it; otherwise reports the closest alternative.
    fn check_value(&self, value: &Value, types: &[String], path: &str, out: &mut Vec<Problem>) {
        // Rank failed alternatives: one whose shape fits (right JSON kind, required fields and
        // discriminator present) explains the failure better than one with fewer problems.
        let mut best: Option<((bool, bool), Vec<Problem>)> = None;
        for ty in types {
            let mut problems = Vec::new();
            self.check_one(value, ty, path, &mut problems);
            if problems.is_empty() {
                return;
            }
            let rank = (names_this_type(value, ty), shape_fits(value, ty));
            let better = match &best {
                None => true,
                Some((best_rank, best_problems)) => {
                    rank > *best_rank || (rank == *best_rank && problems.len() < best_problems.len())
                }
            };
            if better {
                best = Some((rank, problems));
            }
        }
        out.extend(best.map(|(_, problems)| problems).unwrap_or_default());
    }

    fn mismatch(value: &Value, ty: &str, path: &str) -> Problem {
        let got = match value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        Problem::new(
            format!("`{path}` should be {ty}, got {got}"),
            format!("Bad Request: field \"{path}\" must be of type {ty}"),
        )
    }

    fn check_one(&self, value: &Value, ty: &str, path: &str, out: &mut Vec<Problem>) {
        let ok = match ty {
            "Integer" => value.is_i64() || value.is_u64(),
            "Float" => value.is_number(),
            "String" => value.is_string(),
            "Boolean" => value.is_boolean(),
            "InputFile" => {
                value.as_str().and_then(|s| s.strip_prefix("attach://")).is_some_and(|name| self.uploads.contains(name))
            }
            _ => {
                if let Some(inner) = ty.strip_prefix("Array of ") {
                    self.check_array(value, inner, path, out);
                } else {
                    self.check_object(value, ty, path, out);
                }
                return;
            }
        };
        if !ok {
            out.push(Self::mismatch(value, ty, path));
        }
    }

    fn check_array(&self, value: &Value, inner: &str, path: &str, out: &mut Vec<Problem>) {
        let Some(items) = value.as_array() else {
            out.push(Self::mismatch(value, &format!("Array of {inner}"), path));
            return;
        };
        let inner = [inner.to_owned()];
        for (i, item) in items.iter().enumerate() {
            self.check_value(item, &inner, &format!("{path}[{i}]"), out);
        }
    }

    fn check_object(&self, value: &Value, ty: &str, path: &str, out: &mut Vec<Problem>) {
        // A type the spec does not describe: nothing to hold it to.
        let Some(type_spec) = spec().type_spec(ty) else {
            return;
        };
        if !type_spec.subtypes.is_empty() {
            self.check_value(value, &type_spec.subtypes, path, out);
            return;
        }
        let Some(object) = value.as_object() else {
            out.push(Self::mismatch(value, ty, path));
            return;
        };
        // Marker types such as CallbackGame have no fields: any object will do.
        if type_spec.fields.is_empty() {
            return;
        }
        for field in &type_spec.fields {
            let field_path = format!("{path}.{}", field.name);
            match object.get(&field.name) {
                None | Some(Value::Null) if field.required => out.push(Problem::new(
                    format!("required field `{field_path}` ({ty}) is missing"),
                    format!("Bad Request: field \"{field_path}\" is required"),
                )),
                None | Some(Value::Null) => {}
                Some(v) => {
                    if let (Some(fixed), Some(actual)) = (field.fixed_value(), v.as_str())
                        && fixed != actual
                    {
                        out.push(Problem::new(
                            format!("`{field_path}` must be \"{fixed}\" for {ty}, got \"{actual}\""),
                            format!("Bad Request: wrong {} \"{actual}\"", field.name),
                        ));
                    }
                    self.check_value(v, &field.types, &field_path, out);
                }
            }
        }
        for name in object.keys() {
            if !type_spec.fields.iter().any(|f| &f.name == name) {
                out.push(Problem::new(
                    format!("field `{path}.{name}` is not in the spec of {ty}"),
                    format!("Bad Request: unknown field \"{path}.{name}\""),
                ));
            }
        }
        limits::check_object(ty, object, path, out);
    }
}

/// Whether `value` has the outline of `ty`, before looking at the details.
fn shape_fits(value: &Value, ty: &str) -> bool {
    match ty {
        "Integer" | "Float" => value.is_number(),
        "String" | "InputFile" => value.is_string(),
        "Boolean" => value.is_boolean(),
        _ if ty.starts_with("Array of ") => value.is_array(),
        _ => {
            let (Some(object), Some(type_spec)) = (value.as_object(), spec().type_spec(ty)) else {
                return false;
            };
            type_spec.subtypes.is_empty()
                && type_spec.fields.iter().all(|field| {
                    let present = object.get(&field.name).filter(|v| !v.is_null());
                    match (present, field.fixed_value()) {
                        (None, _) => !field.required,
                        (Some(v), Some(fixed)) => v.as_str() == Some(fixed),
                        (Some(_), None) => true,
                    }
                })
        }
    }
}

/// Whether `value`'s discriminator (`"type": "chat"`) names `ty`.
fn names_this_type(value: &Value, ty: &str) -> bool {
    let Some(type_spec) = spec().type_spec(ty) else {
        return false;
    };
    type_spec.fields.iter().any(|field| {
        field.fixed_value().is_some_and(|fixed| value.get(&field.name).and_then(Value::as_str) == Some(fixed))
    })
}
