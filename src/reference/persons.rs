//! Invented persons: valid resident ID numbers (the county's address code, a birth date, the
//! sex digit, the check character), never two alike, with names and attributes.

use super::rng::Draw;
use crate::id::{ResidentId, from_parts};
use chrono::{Days, Months, NaiveDate};
use std::collections::HashSet;

/// Education labels as clerks write them, lowest first.
pub(crate) const EDUCATION: [&str; 6] = ["小学", "初中", "高中", "大专", "本科", "硕士"];

/// Who a person is in the data set (their attributes are drawn by it).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Profile {
    /// Elected for the first time in this round.
    Newcomer,
    /// Sat in the previous term and again in this one.
    ReElected,
    /// Sat in the previous term only.
    Leaver,
    /// Any other villager or resident (group leaders, staff, candidates, relatives).
    Resident,
}

/// One invented person.
#[derive(Clone)]
pub(crate) struct Person {
    pub id: ResidentId,
    pub name: String,
    pub ethnicity: &'static str,
    pub education: &'static str,
    pub party: &'static str,
    pub finance: bool,
}

const SURNAMES: [&str; 32] = [
    "马", "王", "李", "张", "杨", "刘", "丁", "田", "海", "周", "陈", "赵", "罗", "何", "吴", "徐",
    "孙", "高", "黑", "虎", "白", "金", "韩", "冯", "苏", "郭", "蒋", "兰", "沙", "穆", "拓", "闫",
];
const MALE: [&str; 24] = [
    "军", "伟", "强", "国", "明", "福", "平", "成", "忠", "学", "文", "斌", "刚", "宏", "俊", "海",
    "林", "杰", "鹏", "涛", "华", "勇", "建", "义",
];
const FEMALE: [&str; 24] = [
    "秀", "兰", "芳", "英", "梅", "丽", "娟", "霞", "燕", "玲", "萍", "红", "静", "婷", "琴", "艳",
    "花", "莉", "慧", "敏", "雪", "云", "凤", "娜",
];

/// Allocates ID numbers, none twice.
pub(crate) struct Ids {
    used: HashSet<u64>,
}

impl Ids {
    pub(crate) fn new() -> Ids {
        Ids {
            used: HashSet::new(),
        }
    }

    /// A new valid ID: `county`'s address code, born `birth`, female or not (the sequence
    /// code's last digit is even for women).
    pub(crate) fn issue(
        &mut self,
        d: &mut Draw,
        county: u32,
        birth: NaiveDate,
        female: bool,
    ) -> ResidentId {
        loop {
            let seq = d.below(500) as u16 * 2 + u16::from(!female);
            if let Some(id) = from_parts(county, birth, seq)
                && self.used.insert(id.to_u64())
            {
                return id;
            }
        }
    }
}

/// A birth date giving `age` whole years on `day` (any day of that year of life).
pub(crate) fn born(d: &mut Draw, day: NaiveDate, age: u32) -> NaiveDate {
    let last = day.checked_sub_months(Months::new(age * 12)).unwrap_or(day);
    last.checked_sub_days(Days::new(d.below(365)))
        .unwrap_or(last)
}

/// A name for a man or a woman.
pub(crate) fn name(d: &mut Draw, female: bool) -> String {
    let given: &[&str] = if female { &FEMALE } else { &MALE };
    let mut n = String::from(*d.pick(&SURNAMES));
    for _ in 0..if d.chance(2, 3) { 2 } else { 1 } {
        let g: &&str = d.pick(given);
        n.push_str(g);
    }
    n
}

/// An education label for a profile.
pub(crate) fn education(d: &mut Draw, p: Profile) -> &'static str {
    // Weights over 小学, 初中, 高中, 大专, 本科, 硕士.
    let w: [u64; 6] = match p {
        Profile::Newcomer => [0, 12, 33, 32, 21, 2],
        Profile::ReElected => [2, 30, 42, 19, 7, 0],
        Profile::Leaver => [14, 48, 29, 7, 2, 0],
        Profile::Resident => [8, 42, 33, 12, 5, 0],
    };
    EDUCATION[d.weighted(&w)]
}

/// An age on the election day for a profile (a leaver's age on the previous election day).
pub(crate) fn age(d: &mut Draw, p: Profile) -> u32 {
    match p {
        Profile::Newcomer => d.between(24, 52) as u32,
        Profile::ReElected => d.between(34, 62) as u32,
        Profile::Leaver => d.between(46, 68) as u32,
        Profile::Resident => d.between(22, 66) as u32,
    }
}

/// Makes persons of a county, keeping every ID unique.
pub(crate) struct Factory {
    pub ids: Ids,
}

impl Factory {
    /// A person of `county`, `age` on `day`.
    pub(crate) fn person(
        &mut self,
        d: &mut Draw,
        county: u32,
        day: NaiveDate,
        age: u32,
        female: bool,
        profile: Profile,
    ) -> Person {
        let birth = born(d, day, age);
        let id = self.ids.issue(d, county, birth, female);
        // Ningxia: about a third of the population is Hui, more in the south.
        let hui_per_mille = match county / 100 {
            6404 | 6405 => 450,
            6403 => 380,
            _ => 250,
        };
        Person {
            id,
            name: name(d, female),
            ethnicity: if d.chance(hui_per_mille, 1000) {
                "回族"
            } else if d.chance(5, 100) {
                let other: &&'static str = d.pick(&["满族", "蒙古族", "东乡族"]);
                other
            } else {
                "汉族"
            },
            education: education(d, profile),
            party: "群众",
            finance: false,
        }
    }
}
