//! The generator's random numbers: ChaCha8 seeded from a `u64` by `rand_core`'s portable seed
//! expansion, drawn only through the integer helpers below (no floats, no platform-sized
//! integers), so a seed gives the same tables on every platform and with every build.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// A seeded stream of draws.
pub(crate) struct Draw(ChaCha8Rng);

impl Draw {
    /// The stream for `seed`.
    pub(crate) fn new(seed: u64) -> Draw {
        Draw(ChaCha8Rng::seed_from_u64(seed))
    }

    /// A stream of its own for one part of the data set, so that adding draws to one part
    /// leaves the others as they were.
    pub(crate) fn fork(&mut self, part: u64) -> Draw {
        Draw::new(self.0.next_u64() ^ part.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    /// Uniform in `0..n` (`0` when `n` is 0): the high word of a 64×64-bit product.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.0.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi` (`lo` when `hi < lo`).
    pub(crate) fn between(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below(hi - lo + 1)
        }
    }

    /// True with probability `num / den`.
    pub(crate) fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        let i = self.below(xs.len() as u64) as usize;
        &xs[i.min(xs.len().saturating_sub(1))]
    }

    /// An index drawn with the given integer weights (the last index when all are 0).
    pub(crate) fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// Fisher–Yates.
    pub(crate) fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            xs.swap(i, j);
        }
    }

    /// `k` distinct indexes of `0..n` in increasing order (all of them when `k ≥ n`).
    pub(crate) fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        self.shuffle(&mut all);
        all.truncate(k);
        all.sort_unstable();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_numbers() {
        let (mut a, mut b) = (Draw::new(7), Draw::new(7));
        let xs: Vec<u64> = (0..100).map(|_| a.below(1000)).collect();
        let ys: Vec<u64> = (0..100).map(|_| b.below(1000)).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().all(|&x| x < 1000));
        assert_ne!(
            xs,
            (0..100)
                .map(|_| Draw::new(8).below(1000))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn helpers_stay_in_range() {
        let mut d = Draw::new(1);
        for _ in 0..1000 {
            let x = d.between(3, 5);
            assert!((3..=5).contains(&x));
            assert!(d.weighted(&[0, 5, 0]) == 1);
        }
        assert_eq!(d.sample(10, 3).len(), 3);
        assert_eq!(d.between(4, 2), 4);
    }
}
