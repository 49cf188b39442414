//! The sums a group's figures are made of: each field is summed over the group's persons.

use crate::pack::MAX_BACKGROUNDS;

/// The most age bands besides the default three (`--age-bands`).
pub const MAX_AGE_BANDS: usize = 8;

/// Sums kept only when the options ask for them.
#[derive(Debug, Clone, Default)]
pub(super) struct Extra {
    /// Members with each background of the pack (by its index).
    pub(super) background: [u64; MAX_BACKGROUNDS],
    /// Members aged at most each extra age band.
    pub(super) bands: [u64; MAX_AGE_BANDS],
}

macro_rules! counts {
    ($($field:ident),* $(,)?) => {
        /// The sums of a group of persons.
        #[derive(Debug, Clone, Default)]
        pub(super) struct Counts {
            $(pub(super) $field: u64,)*
            /// The backgrounds' and extra age bands' sums, only when asked for (a unit's
            /// counts stay small without them).
            pub(super) extra: Option<Box<Extra>>,
        }

        impl Counts {
            /// Adds another group's sums (persons in neither group twice).
            pub(super) fn add(&mut self, o: &Counts) {
                $(self.$field += o.$field;)*
                if let Some(x) = &o.extra {
                    let mine = self.extra.get_or_insert_with(Default::default);
                    for (a, b) in mine.background.iter_mut().zip(x.background) {
                        *a += b;
                    }
                    for (a, b) in mine.bands.iter_mut().zip(x.bands) {
                        *a += b;
                    }
                }
            }
            /// The backgrounds' and extra bands' sums, made when first needed.
            pub(super) fn extra(&mut self) -> &mut Extra {
                self.extra.get_or_insert_with(Default::default)
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
