//! Re-sealing under the current key, for a rotation: a sealed column's value, or every sealed value
//! inside a JSON document (a dialogue's draft, a held relay's evidence).

use serde_json::Value;

use super::{Keyring, Vault, VaultError, open_with, parse, seal_with};

/// What re-sealing a JSON document did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Resealed {
    /// The new text, when anything changed.
    pub text: Option<String>,
    /// Values now sealed under the current key.
    pub resealed: usize,
    /// Strings shaped like a sealed value that no key opens: left as they are. In a document they
    /// may be words a worker typed; a sealed column's value that does not open is an error instead.
    pub unreadable: usize,
}

impl Vault {
    /// `sealed` under the current key, or `None` when it already is.
    pub fn reseal(&self, sealed: &str) -> Result<Option<String>, VaultError> {
        let ring = self.keyring();
        let current = ring.current();
        let parts = parse(sealed).ok_or(VaultError::Malformed)?;
        if parts.kid == Some(current.kid()) {
            return Ok(None);
        }
        Ok(Some(seal_with(current, &open_with(&ring, sealed)?)))
    }

    /// Every sealed string of a JSON document under the current key. A look-up hash stored beside a
    /// sealed value (`{"sealed": …, "hash": …}`, the drafts of earlier versions) is dropped: under the
    /// old key it would let that key's holder test guesses, and filing computes it afresh.
    pub fn reseal_json(&self, text: &str) -> Result<Resealed, serde_json::Error> {
        let mut doc: Value = serde_json::from_str(text)?;
        let ring = self.keyring();
        let mut out = Resealed::default();
        let mut dropped = 0;
        walk(&ring, &mut doc, &mut out, &mut dropped);
        if out.resealed > 0 || dropped > 0 {
            out.text = Some(serde_json::to_string(&doc)?);
        }
        Ok(out)
    }
}

/// Every string of a JSON document shaped like a sealed value (some may be words a worker typed).
pub fn sealed_in_json(text: &str) -> Vec<String> {
    fn collect(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) if parse(s).is_some() => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            Value::Object(map) => map.values().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(doc) = serde_json::from_str::<Value>(text) {
        collect(&doc, &mut out);
    }
    out
}

fn walk(ring: &Keyring, value: &mut Value, out: &mut Resealed, dropped: &mut usize) {
    match value {
        Value::String(s) => {
            let Some(parts) = parse(s) else { return };
            if parts.kid == Some(ring.current().kid()) {
                return;
            }
            match open_with(ring, s) {
                Ok(plain) => {
                    *s = seal_with(ring.current(), &plain);
                    out.resealed += 1;
                }
                Err(_) => out.unreadable += 1,
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| walk(ring, v, out, dropped)),
        Value::Object(map) => {
            if map.contains_key("sealed") && map.remove("hash").is_some() {
                *dropped += 1;
            }
            map.values_mut().for_each(|v| walk(ring, v, out, dropped));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::MasterKey;
    use super::*;

    fn rotated() -> (Vault, Vault) {
        let old = Vault::from_master_key(&[1; 32]);
        let ring = Vault::from_keyring(Keyring::new(MasterKey::new([2; 32]), [MasterKey::new([1; 32])]));
        (old, ring)
    }

    #[test]
    fn a_value_is_resealed_once_and_then_left() {
        let (old, ring) = rotated();
        let sealed = old.seal("13800138000");
        let new = ring.reseal(&sealed).expect("opens").expect("changed");
        assert_eq!(Vault::kid_of(&new), Some(ring.current_kid().as_str()));
        assert_eq!(ring.reseal(&new).expect("opens"), None);
        assert!(old.open(&new).is_err(), "the old key alone no longer opens it");
        assert!(ring.reseal("not sealed").is_err());
    }

    #[test]
    fn every_sealed_string_of_a_document_is_resealed_and_stale_hashes_go() {
        let (old, ring) = rotated();
        let doc = serde_json::json!({
            "draft": {
                "phone": {"sealed": old.seal("13800138000"), "hash": "ab12", "masked": "138****8000"},
                "evidence": [{"file_key": old.seal("k1")}, {"file_key": null}],
                "description": "v2.00000000.000000000000000000000000.00000000000000000000000000000000",
                "site": "文三路",
            }
        });
        let out = ring.reseal_json(&doc.to_string()).expect("json");
        assert_eq!((out.resealed, out.unreadable), (2, 1), "typed words shaped like a value are left");
        let text = out.text.expect("changed");
        let back: Value = serde_json::from_str(&text).expect("json");
        assert!(back["draft"]["phone"].get("hash").is_none());
        assert_eq!(ring.open(back["draft"]["phone"]["sealed"].as_str().expect("str")).expect("opens"), "13800138000");
        assert_eq!(back["draft"]["site"], "文三路");
        assert_eq!(ring.reseal_json(&text).expect("json"), Resealed { text: None, resealed: 0, unreadable: 1 });
        assert_eq!(sealed_in_json(&text).len(), 3);
    }
}
