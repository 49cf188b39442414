//! A text column of numbers as printed (`27.7`, `640104`): written as bytes, row after row,
//! and checked as UTF-8 once when the column is made — not string by string, as a builder of
//! `&str` values would have them checked by their writer.

use arrow_array::StringArray;
use arrow_buffer::{Buffer, NullBufferBuilder, OffsetBuffer, ScalarBuffer};
use arrow_schema::ArrowError;

/// The bytes, the offsets and the nulls of a text column.
pub(crate) struct AsciiColumn {
    values: Vec<u8>,
    offsets: Vec<i32>,
    nulls: NullBufferBuilder,
    /// Whether the values outgrew 32-bit offsets (the column is then an error).
    overflow: bool,
}

impl AsciiColumn {
    /// Room for `rows` rows of about `width` bytes.
    pub(crate) fn with_capacity(rows: usize, width: usize) -> AsciiColumn {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        AsciiColumn {
            values: Vec::with_capacity(rows.saturating_mul(width)),
            offsets,
            nulls: NullBufferBuilder::new(rows),
            overflow: false,
        }
    }

    fn close_row(&mut self) {
        match i32::try_from(self.values.len()) {
            Ok(end) => self.offsets.push(end),
            Err(_) => {
                self.overflow = true;
                self.offsets.push(i32::MAX);
            }
        }
    }

    /// Appends a row of these bytes.
    pub(crate) fn push(&mut self, bytes: &[u8]) {
        self.values.extend_from_slice(bytes);
        self.close_row();
        self.nulls.append_non_null();
    }

    /// Appends `n` rows of the same bytes.
    pub(crate) fn push_n(&mut self, bytes: &[u8], n: usize) {
        for _ in 0..n {
            self.values.extend_from_slice(bytes);
            self.close_row();
        }
        self.nulls.append_n_non_nulls(n);
    }

    /// Appends a null row.
    pub(crate) fn push_null(&mut self) {
        self.close_row();
        self.nulls.append_null();
    }

    /// The column; an error when its bytes are not UTF-8 or outgrew 32-bit offsets.
    pub(crate) fn finish(mut self) -> Result<StringArray, ArrowError> {
        if self.overflow {
            return Err(ArrowError::ComputeError(
                "a text column beyond 2 GiB".into(),
            ));
        }
        // (checked by try_new: the bytes as UTF-8, every offset on a character boundary)
        let offsets = OffsetBuffer::new(ScalarBuffer::from(self.offsets));
        StringArray::try_new(offsets, Buffer::from_vec(self.values), self.nulls.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;

    #[test]
    fn rows_come_back() {
        let mut c = AsciiColumn::with_capacity(2, 4);
        c.push(b"27.7");
        c.push_null();
        c.push_n(b"64", 2);
        c.push(b"");
        let a = c.finish().unwrap();
        let got: Vec<Option<&str>> = a.iter().collect();
        assert_eq!(got, [Some("27.7"), None, Some("64"), Some("64"), Some("")]);
        assert_eq!(a.null_count(), 1);
        let mut bad = AsciiColumn::with_capacity(1, 1);
        bad.push(&[0xff]);
        assert!(bad.finish().is_err());
    }
}
