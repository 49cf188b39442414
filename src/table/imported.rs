//! Arrow data handed over from outside (Python's capsules, any FFI import), checked in full
//! before anything reads it: a wrong length, offset or view must be an error, never a read
//! past a buffer.

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch, StringViewArray};
use arrow_schema::{ArrowError, DataType};

/// Checks every column of `batches` in full — buffers, offsets, views, UTF-8, children —
/// as `ArrayData::validate_full` does (string views by an equivalent, faster check), columns
/// side by side on the machine's cores.
pub fn validate_imported(batches: &[RecordBatch]) -> Result<(), ArrowError> {
    let columns: Vec<&ArrayRef> = batches.iter().flat_map(|b| b.columns()).collect();
    crate::par::each(&columns, |c| validate_column(c))
        .into_iter()
        .collect()
}

fn validate_column(a: &ArrayRef) -> Result<(), ArrowError> {
    match a.data_type() {
        DataType::Utf8View => {
            let data = a.to_data();
            // (the layout and the null mask as validate_full checks them; the views below)
            data.validate()?;
            data.validate_nulls()?;
            string_views(a.as_string_view())
        }
        _ => a.to_data().validate_full(),
    }
}

fn bad(what: &str) -> ArrowError {
    ArrowError::InvalidArgumentError(what.to_string())
}

/// Whether `b` continues a character (is not where one starts).
fn continues(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The views of a string-view array point inside its buffers, at valid UTF-8: what
/// `validate_string_view` checks. Each buffer is checked as UTF-8 once; a slice of valid UTF-8
/// that starts and ends on character boundaries is valid UTF-8 (a buffer holding other bytes
/// as well falls back to the check view by view).
fn string_views(a: &StringViewArray) -> Result<(), ArrowError> {
    let buffers = a.data_buffers();
    // (SIMD: the buffers of a few million strings are hundreds of megabytes)
    if !buffers
        .iter()
        .all(|b| simdutf8::basic::from_utf8(b).is_ok())
    {
        return a.to_data().validate_full();
    }
    for v in a.views().iter() {
        let v = *v;
        let len = v as u32 as usize;
        let bytes = v.to_le_bytes();
        if len <= 12 {
            if len < 12 && (v >> (32 + len * 8)) != 0 {
                return Err(bad("a short string view has non-zero padding"));
            }
            let inline = bytes.get(4..4 + len).unwrap_or_default();
            if !inline.is_ascii() && std::str::from_utf8(inline).is_err() {
                return Err(bad("a string view is not UTF-8"));
            }
        } else {
            let word = |i: usize| {
                bytes
                    .get(i..i + 4)
                    .and_then(|w| <[u8; 4]>::try_from(w).ok())
                    .map_or(0, u32::from_le_bytes)
            };
            let (prefix, buffer, offset) = (word(4), word(8) as usize, word(12) as usize);
            let data = buffers
                .get(buffer)
                .ok_or_else(|| bad("a string view names a buffer that is not there"))?;
            let end = offset
                .checked_add(len)
                .ok_or_else(|| bad("a string view runs past its buffer"))?;
            let slice = data
                .get(offset..end)
                .ok_or_else(|| bad("a string view runs past its buffer"))?;
            if !slice.starts_with(&prefix.to_le_bytes()) {
                return Err(bad("a string view's prefix differs from its data"));
            }
            if slice.first().is_some_and(|b| continues(*b))
                || data.get(end).is_some_and(|b| continues(*b))
            {
                return Err(bad("a string view cuts a character"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::StringArray;
    use proptest::prelude::*;
    use std::sync::Arc;

    fn batch(a: ArrayRef) -> RecordBatch {
        RecordBatch::try_from_iter([("c", a)]).unwrap()
    }

    proptest! {
        /// Valid views of any texts (short, long, Chinese, empty, null) pass, as they pass
        /// validate_full; views cut inside a character are refused in
        /// bindings/python/tests/test_arrow_import.py, which can build them.
        #[test]
        fn valid_views_pass(texts in proptest::collection::vec(
            proptest::option::of("[a-z0-9是党纪处分]{0,30}"), 0..40)
        ) {
            let views: StringViewArray = texts.iter().map(|t| t.as_deref()).collect();
            prop_assert!(views.to_data().validate_full().is_ok());
            prop_assert!(validate_imported(&[batch(Arc::new(views))]).is_ok());
            let plain: StringArray = texts.iter().map(|t| t.as_deref()).collect();
            prop_assert!(validate_imported(&[batch(Arc::new(plain))]).is_ok());
        }
    }
}
