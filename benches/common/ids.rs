//! Synthetic valid ID numbers for the benchmarks.

/// A valid ID number for person `i` (address 640121, born 1950–1999, a sequence from `i`).
pub fn id(i: u64) -> String {
    let year = 1950 + (i % 50);
    let day = 1 + (i / 50) % 28;
    let month = 1 + (i / 1400) % 12;
    let seq = (i / 16_800) % 1000;
    let body = format!("640121{year:04}{month:02}{day:02}{seq:03}");
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}
