//! The elements of a grouped answer, read without building a JSON tree: each element a short
//! list of its keys and scalar values, borrowed from the body wherever they need no unescaping,
//! and no more than [`MAX_GROUPS`] of them (reading stops at the one past it). At ten million
//! events an answer holds a hundred thousand groups; a tree of maps cost a long task.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::aggregates::{BadAnswer, MAX_GROUPS};

/// One element of the answer: its keys and values, in the order the portal wrote them.
#[derive(Debug, Default)]
pub struct Row<'a> {
    fields: Vec<(Cow<'a, str>, Scalar<'a>)>,
}

/// A value as the readers use it: a text, a number, or anything else (null, a list…).
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    Text(Cow<'a, str>),
    Number(serde_json::Number),
    Other,
}

impl<'a> Row<'a> {
    pub fn get(&self, key: &str) -> Option<&Scalar<'a>> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key` as text (a number written out); none when absent or not a scalar.
    pub fn text(&self, key: &str) -> Option<Cow<'_, str>> {
        match self.get(key)? {
            Scalar::Text(text) => Some(Cow::Borrowed(text.as_ref())),
            Scalar::Number(number) => Some(Cow::Owned(number.to_string())),
            Scalar::Other => None,
        }
    }
}

/// The elements of `body`, a JSON array of objects.
pub fn rows(body: &str) -> Result<Vec<Row<'_>>, BadAnswer> {
    let mut deserializer = serde_json::Deserializer::from_str(body);
    let read = Rows::deserialize(&mut deserializer).and_then(|rows| {
        deserializer.end()?;
        Ok(rows)
    });
    match read {
        Ok(Rows::Within(rows)) => Ok(rows),
        Ok(Rows::PastTheCap) => Err(BadAnswer::TooManyGroups),
        Err(error) => Err(BadAnswer::Unreadable(format!("not JSON groups: {error}"))),
    }
}

/// The array, or the news that it holds more than [`MAX_GROUPS`] elements.
enum Rows<'a> {
    Within(Vec<Row<'a>>),
    PastTheCap,
}

impl<'de> Deserialize<'de> for Rows<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(RowsVisitor)
    }
}

struct RowsVisitor;

impl<'de> Visitor<'de> for RowsVisitor {
    type Value = Rows<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut rows = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_GROUPS));
        while let Some(row) = seq.next_element::<Row<'de>>()? {
            if rows.len() == MAX_GROUPS {
                // The rest is not read: the answer says it is past the cap, whatever follows.
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                return Ok(Rows::PastTheCap);
            }
            rows.push(row);
        }
        Ok(Rows::Within(rows))
    }
}

impl<'de> Deserialize<'de> for Row<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RowVisitor)
    }
}

struct RowVisitor;

impl<'de> Visitor<'de> for RowVisitor {
    type Value = Row<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(16).min(64));
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            fields.push((key, map.next_value::<Scalar<'de>>()?));
        }
        Ok(Row { fields })
    }
}

/// A JSON string, borrowed when it has no escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_str(ScalarVisitor)
            .and_then(|value| match value {
                Scalar::Text(text) => Ok(Text(text)),
                _ => Err(de::Error::custom("a key that is not a string")),
            })
    }
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Borrowed(text)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Owned(text.to_string())))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Owned(text)))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Self::Value, E> {
        Ok(Scalar::Number(number.into()))
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Number(number.into()))
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(number).map_or(Scalar::Other, Scalar::Number))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Other)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_are_read_as_written_escapes_numbers_and_the_rest() {
        let body = r#"[{"dataset_id": "tr\u00e9es \"2023\"", "n": 12, "last": 1711929600000,
            "f": 1.5, "none": null, "list": [1, {"a": 2}], "obj": {"b": [3]}, "yes": true},
            {"user_id": "ann"}]"#;
        let rows = rows(body).unwrap();
        assert_eq!(rows.len(), 2);
        let first = &rows[0];
        assert_eq!(first.text("dataset_id").as_deref(), Some("trées \"2023\""));
        assert_eq!(first.text("n").as_deref(), Some("12"));
        assert_eq!(first.text("last").as_deref(), Some("1711929600000"));
        assert_eq!(first.text("f").as_deref(), Some("1.5"));
        for key in ["none", "list", "obj", "yes", "absent"] {
            assert_eq!(first.text(key), None, "{key}");
        }
        assert_eq!(rows[1].text("user_id").as_deref(), Some("ann"));
        // An unescaped text is borrowed from the body, not copied.
        assert!(matches!(
            rows[1].get("user_id"),
            Some(Scalar::Text(Cow::Borrowed(_)))
        ));
    }

    #[test]
    fn what_is_not_an_array_of_objects_is_unreadable_and_past_the_cap_says_so() {
        for body in ["{}", "[1]", "[{\"a\": 1}", "[{1: 2}]", "[] []", ""] {
            assert!(
                matches!(rows(body), Err(BadAnswer::Unreadable(_))),
                "{body}"
            );
        }
        let at_cap = format!("[{}]", vec!["{}"; MAX_GROUPS].join(","));
        assert_eq!(rows(&at_cap).map(|r| r.len()).ok(), Some(MAX_GROUPS));
        let past = format!("[{}]", vec!["{}"; MAX_GROUPS + 1].join(","));
        assert!(matches!(rows(&past), Err(BadAnswer::TooManyGroups)));
    }
}
