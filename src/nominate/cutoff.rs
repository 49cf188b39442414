//! Where a slate is cut: the most-nominated nominees up to the seats plus the largest margin
//! (差额), a tie across the cut never broken (村民委员会组织法 art. 15; provincial 选举办法;
//! docs/domain.md §7). Pure functions over counts, no tables.

use std::ops::Range;

/// The cut of one slate over nominees sorted by nominations, most first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// The first `formal` nominees become formal candidates.
    pub formal: usize,
    /// Nominees tied across the cut: taking all of them would pass the largest slate, so none
    /// is taken (empty when no tie straddles the cut).
    pub tied: Range<usize>,
}

/// Cuts `sorted` (nominations per nominee, most first) at `cap` (seats + the largest margin):
/// every group of equal nominations is taken whole while the slate stays within `cap`; the
/// first group that would pass it is tied when the slate is not yet full, and nobody after it
/// is taken.
pub fn cut(sorted: &[u64], cap: u64) -> Cut {
    let mut i = 0usize;
    while i < sorted.len() {
        let mut j = i + 1;
        while j < sorted.len() && sorted[j] == sorted[i] {
            j += 1;
        }
        if (j as u64) <= cap {
            i = j;
            continue;
        }
        let tied = if (i as u64) < cap { i..j } else { i..i };
        return Cut { formal: i, tied };
    }
    Cut {
        formal: i,
        tied: i..i,
    }
}

/// The rank of each nominee of `sorted` (most first): 1 + the number with more nominations
/// (competition ranking, 1224).
pub fn ranks(sorted: &[u64]) -> Vec<u32> {
    let mut out = Vec::with_capacity(sorted.len());
    for (i, n) in sorted.iter().enumerate() {
        let rank = if i > 0 && sorted[i - 1] == *n {
            out.last().copied().unwrap_or(1)
        } else {
            u32::try_from(i + 1).unwrap_or(u32::MAX)
        };
        out.push(rank);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts() {
        assert_eq!(
            cut(&[5, 4, 3, 2], 3),
            Cut {
                formal: 3,
                tied: 3..3
            }
        );
        // 3 and 3 straddle a cap of 2 after one taken: tied, none taken.
        assert_eq!(
            cut(&[5, 3, 3, 1], 2),
            Cut {
                formal: 1,
                tied: 1..3
            }
        );
        // A tie wholly within the cap is taken.
        assert_eq!(
            cut(&[5, 3, 3, 1], 3),
            Cut {
                formal: 3,
                tied: 3..3
            }
        );
        // A tie just after a full slate is not a tie at the cut.
        assert_eq!(
            cut(&[5, 4, 2, 2], 2),
            Cut {
                formal: 2,
                tied: 2..2
            }
        );
        assert_eq!(
            cut(&[], 2),
            Cut {
                formal: 0,
                tied: 0..0
            }
        );
        assert_eq!(
            cut(&[1, 1], 0),
            Cut {
                formal: 0,
                tied: 0..0
            }
        );
        assert_eq!(ranks(&[5, 3, 3, 1]), vec![1, 2, 2, 4]);
    }
}
