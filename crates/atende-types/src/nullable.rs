//! `Option<Option<T>>` for PATCH bodies: an absent field is `None` (leave
//! it), `null` is `Some(None)` (clear it), a value is `Some(Some(v))`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub fn serialize<S: Serializer, T: Serialize>(
    value: &Option<Option<T>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_none(),
    }
}

pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, Debug)]
    struct Patch {
        #[serde(default, with = "super")]
        field: Option<Option<String>>,
    }

    #[test]
    fn absent_null_and_value_are_three_different_things() {
        let absent: Patch = serde_json::from_str("{}").unwrap();
        let null: Patch = serde_json::from_str(r#"{"field":null}"#).unwrap();
        let value: Patch = serde_json::from_str(r#"{"field":"x"}"#).unwrap();
        assert_eq!(absent.field, None);
        assert_eq!(null.field, Some(None));
        assert_eq!(value.field, Some(Some("x".into())));
    }
}
