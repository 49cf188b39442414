//! Columns of few distinct texts (a level, a kind, a figure and its labels) built as Arrow
//! dictionaries: a key per row and each text once, so that a long table of millions of rows
//! does not copy the same label millions of times. Readers see the same texts (pyarrow: a
//! dictionary column, pandas: a categorical, polars: a categorical).

use arrow_array::builder::Int16Builder;
use arrow_array::types::Int16Type;
use arrow_array::{ArrayRef, DictionaryArray, StringArray};
use arrow_schema::{ArrowError, DataType};
use std::sync::Arc;

/// The Arrow type of a category column.
pub(crate) fn category_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int16), Box::new(DataType::Utf8))
}

/// The keys of one or more category columns that share them, and their texts.
pub(crate) struct Categories {
    keys: Int16Builder,
    /// The texts, by key.
    values: Vec<&'static str>,
    /// The key given last (texts often come back in the same order).
    last: Option<usize>,
}

impl Categories {
    /// Room for `n` rows; `values` are known texts (their keys are their positions).
    pub(crate) fn new(values: &[&'static str], n: usize) -> Categories {
        Categories {
            keys: Int16Builder::with_capacity(n),
            values: values.to_vec(),
            last: None,
        }
    }

    /// The key of `text`: the one after the last given when it is that text (a figure follows
    /// the one before it, group after group), else found, else added.
    pub(crate) fn key(&mut self, text: &'static str) -> usize {
        let next = self.last.map_or(0, |k| k + 1);
        let same = |v: &&'static str| std::ptr::eq(*v, text) || *v == text;
        let k = if self.values.get(next).is_some_and(same) {
            next
        } else if let Some(k) = self.values.iter().position(same) {
            k
        } else {
            self.values.push(text);
            self.values.len() - 1
        };
        self.last = Some(k);
        k
    }

    /// Appends a row of `text`.
    pub(crate) fn push(&mut self, text: &'static str) {
        let k = self.key(text);
        // Never more than a few hundred texts; beyond i16, the row is null.
        match i16::try_from(k) {
            Ok(k) => self.keys.append_value(k),
            Err(_) => self.keys.append_null(),
        }
    }

    /// Appends a row whose key is `key` (a position in the texts given to [`Categories::new`]).
    pub(crate) fn push_key(&mut self, key: usize) {
        match i16::try_from(key) {
            Ok(k) if key < self.values.len() => self.keys.append_value(k),
            _ => self.keys.append_null(),
        }
    }

    /// Appends `n` rows whose key is `key` (see [`Categories::push_key`]).
    pub(crate) fn push_key_n(&mut self, key: usize, n: usize) {
        match i16::try_from(key) {
            Ok(k) if key < self.values.len() => self.keys.append_value_n(k, n),
            _ => self.keys.append_nulls(n),
        }
    }

    /// The texts by key (for columns that share these keys with other texts).
    pub(crate) fn texts(&self) -> &[&'static str] {
        &self.values
    }

    /// The column, and the same keys over `other` texts (one per key; an empty text is null),
    /// for columns that share them.
    pub(crate) fn finish(
        mut self,
        other: &[Vec<&'static str>],
    ) -> Result<(ArrayRef, Vec<ArrayRef>), ArrowError> {
        let keys = self.keys.finish();
        let dict = |texts: &[&'static str]| -> Result<ArrayRef, ArrowError> {
            let values: StringArray = texts
                .iter()
                .map(|t| Some(*t).filter(|t| !t.is_empty()))
                .collect();
            Ok(Arc::new(DictionaryArray::<Int16Type>::try_new(
                keys.clone(),
                Arc::new(values),
            )?))
        };
        let main = dict(&self.values)?;
        let rest = other.iter().map(|t| dict(t)).collect::<Result<_, _>>()?;
        Ok((main, rest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;
    use arrow_array::cast::AsArray;

    #[test]
    fn keys_give_back_the_texts() {
        let mut c = Categories::new(&["a", "b"], 4);
        for t in ["a", "b", "c", "a", "c"] {
            c.push(t);
        }
        c.push_key(1);
        c.push_key(9);
        let labels: Vec<&'static str> = c
            .texts()
            .iter()
            .map(|t| if *t == "c" { "" } else { "x" })
            .collect();
        let (main, rest) = c.finish(&[labels]).unwrap();
        let d = main.as_dictionary::<Int16Type>();
        let values = d.values().as_string::<i32>();
        let got: Vec<Option<&str>> = d
            .keys()
            .iter()
            .map(|k| k.map(|k| values.value(k as usize)))
            .collect();
        assert_eq!(
            got,
            [
                Some("a"),
                Some("b"),
                Some("c"),
                Some("a"),
                Some("c"),
                Some("b"),
                None
            ]
        );
        let other = rest[0].as_dictionary::<Int16Type>();
        assert!(other.values().is_null(2) && other.values().is_valid(0));
    }
}
