//! The sums a group's figures are made of: each field is summed over the group's persons.

use crate::pack::MAX_BACKGROUNDS;

/// The most age bands besides the default three (`--age-bands`).
pub const MAX_AGE_BANDS: usize = 8;

macro_rules! counts {
    ($($field:ident),* $(,)?) => {
        /// The sums of a group of persons.
        #[derive(Debug, Clone, Default)]
        pub(super) struct Counts {
            $(pub(super) $field: u64,)*
            /// Members with each background of the pack (by its index).
            pub(super) background: [u64; MAX_BACKGROUNDS],
            /// Members aged at most each extra age band.
            pub(super) bands: [u64; MAX_AGE_BANDS],
        }

        impl Counts {
            /// Adds another group's sums (persons in neither group twice).
            pub(super) fn add(&mut self, o: &Counts) {
                $(self.$field += o.$field;)*
                for (a, b) in self.background.iter_mut().zip(o.background) {
                    *a += b;
                }
                for (a, b) in self.bands.iter_mut().zip(o.bands) {
                    *a += b;
                }
            }
        }
    };
}

counts!(
    persons,
    both,
    women,
    committee,
    women_committee,
    directors,
    women_directors,
    secretaries,
    women_secretaries,
    education_known,
    senior,
    college,
    bachelor,
    age_known,
    age_sum,
    young,
    middle,
    old,
    re_elected,
    party_known,
    party_members,
    ethnicity_known,
    minority,
    directors_age_known,
    directors_age_sum,
    secretaries_age_known,
    secretaries_age_sum,
    one_shoulder_age_known,
    one_shoulder_age_sum,
    directors_education_known,
    directors_college,
    secretaries_education_known,
    secretaries_college,
    subsidised_known,
    subsidised,
    background_known,
);
