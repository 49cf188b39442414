//! Person attributes as the forms write them (docs/tables.md): sex, education, ethnicity and party
//! status, each accepting the Chinese labels, English names and standard codes.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The error for a label huanjie does not know; it names the attribute, never a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {attribute} label")]
pub struct LabelError {
    /// Which attribute was being read (`sex`, `education`, …).
    pub attribute: &'static str,
}

/// The label trimmed and lower-cased, without allocating when it already is (Chinese labels).
fn norm(label: &str) -> std::borrow::Cow<'_, str> {
    let t = label.trim();
    if t.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(t.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

/// Sex (性别). GB/T 2261.1 codes `1` (male) and `2` (female) are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// 男.
    Male,
    /// 女.
    Female,
}

impl Sex {
    /// Reads 男/女, M/F, male/female, 1/2.
    pub fn parse(label: &str) -> Result<Sex, LabelError> {
        match norm(label).as_ref() {
            "男" | "m" | "male" | "1" | "男性" => Ok(Sex::Male),
            "女" | "f" | "female" | "2" | "女性" => Ok(Sex::Female),
            _ => Err(LabelError { attribute: "sex" }),
        }
    }
    /// `male` / `female`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
    /// 男 / 女.
    pub fn label_zh(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Education (文化程度) as an ordinal: each level includes those below it, so "高中/中专及以上"
/// is `education >= Education::SeniorSecondary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Education {
    /// 小学及以下.
    PrimaryOrBelow,
    /// 初中.
    JuniorSecondary,
    /// 高中, 中专, 中技 (and 职高).
    SeniorSecondary,
    /// 大专 (专科).
    JuniorCollege,
    /// 本科 (大学).
    Bachelor,
    /// 研究生: 硕士, 博士.
    Postgraduate,
}

impl Education {
    /// Reads the Chinese labels and the English names of the levels.
    pub fn parse(label: &str) -> Result<Education, LabelError> {
        use Education::*;
        let l = norm(label);
        // The labels statistics print (高中（中专）, 初中及以下) come with full-width brackets.
        let l: String = l
            .trim_end_matches("学历")
            .trim_end_matches("毕业")
            .chars()
            .map(|c| match c {
                '（' => '(',
                '）' => ')',
                '、' | '／' => '/',
                c => c,
            })
            .collect();
        Ok(match l.as_str() {
            "小学及以下" | "小学" | "文盲" | "半文盲" | "无" | "primary" | "primary_or_below" => {
                PrimaryOrBelow
            }
            // 初中及以下 is the statistics' bucket below senior secondary: read as its top.
            "初中" | "初中及以下" | "junior_secondary" | "junior_high" => JuniorSecondary,
            "高中"
            | "中专"
            | "中技"
            | "职高"
            | "技校"
            | "高中/中专"
            | "高中/中专/中技"
            | "高中及中专"
            | "高中(中专)"
            | "高中(中专/中技)"
            | "中专(高中)"
            | "普通高中"
            | "中等专业学校"
            | "senior_secondary"
            | "senior_high" => SeniorSecondary,
            "大专" | "专科" | "大学专科" | "大专(高职)" | "高职" | "junior_college" => {
                JuniorCollege
            }
            "本科" | "大学本科" | "大学" | "学士" | "bachelor" => Bachelor,
            "研究生" | "研究生及以上" | "硕士" | "硕士研究生" | "博士" | "博士研究生"
            | "postgraduate" | "master" | "doctor" => Postgraduate,
            _ => {
                return Err(LabelError {
                    attribute: "education",
                });
            }
        })
    }
    /// The English name (`senior_secondary`, …).
    pub fn as_str(self) -> &'static str {
        use Education::*;
        match self {
            PrimaryOrBelow => "primary_or_below",
            JuniorSecondary => "junior_secondary",
            SeniorSecondary => "senior_secondary",
            JuniorCollege => "junior_college",
            Bachelor => "bachelor",
            Postgraduate => "postgraduate",
        }
    }
    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        use Education::*;
        match self {
            PrimaryOrBelow => "小学及以下",
            JuniorSecondary => "初中",
            SeniorSecondary => "高中/中专",
            JuniorCollege => "大专",
            Bachelor => "本科",
            Postgraduate => "研究生",
        }
    }
}

/// The 56 ethnic groups of GB/T 3304, in code order (code = index + 1).
pub const ETHNIC_GROUPS: [&str; 56] = [
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];

/// An ethnic group (民族) by its GB/T 3304 code (1 = 汉族, 3 = 回族, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ethnicity(u8);

impl Ethnicity {
    /// 汉族.
    pub const HAN: Ethnicity = Ethnicity(1);
    /// 回族 (Ningxia's largest smaller group).
    pub const HUI: Ethnicity = Ethnicity(3);

    /// Reads `汉族`/`汉`, `回族`/`回`, … or a GB/T 3304 code (`01`, `3`).
    pub fn parse(label: &str) -> Result<Ethnicity, LabelError> {
        let l = label.trim();
        if !l.is_empty() && l.bytes().all(|c| c.is_ascii_digit()) {
            return match l.parse::<u8>() {
                Ok(n @ 1..=56) => Ok(Ethnicity(n)),
                _ => Err(LabelError {
                    attribute: "ethnicity",
                }),
            };
        }
        let name = l.strip_suffix('族').unwrap_or(l);
        ETHNIC_GROUPS
            .iter()
            .position(|g| *g == name || (*g == "高山" && name == "高山"))
            .map(|i| Ethnicity(i as u8 + 1))
            .ok_or(LabelError {
                attribute: "ethnicity",
            })
    }
    /// The group of a GB/T 3304 code (1–56).
    pub fn from_code(code: u8) -> Option<Ethnicity> {
        (1..=56).contains(&code).then_some(Ethnicity(code))
    }
    /// The GB/T 3304 code.
    pub fn code(self) -> u8 {
        self.0
    }
    /// The name with 族 (`回族`).
    pub fn label_zh(self) -> String {
        format!("{}族", ETHNIC_GROUPS[(self.0 as usize - 1).min(55)])
    }
    /// Whether this is a group other than 汉族.
    pub fn is_minority(self) -> bool {
        self.0 != 1
    }
}

impl fmt::Display for Ethnicity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label_zh())
    }
}

/// Party status (政治面貌), GB/T 4762.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// 中共党员.
    CpcMember,
    /// 中共预备党员.
    CpcProbationary,
    /// 共青团员.
    YouthLeague,
    /// 民主党派 (any of the eight).
    DemocraticParty,
    /// 无党派人士.
    NonPartisan,
    /// 群众.
    Masses,
}

impl Party {
    /// Reads the GB/T 4762 labels and codes (01 中共党员 … 13 群众) and English names.
    pub fn parse(label: &str) -> Result<Party, LabelError> {
        use Party::*;
        let l = norm(label);
        Ok(match l.as_ref() {
            "中共党员" | "中国共产党党员" | "党员" | "01" | "1" | "cpc_member" => {
                CpcMember
            }
            "中共预备党员"
            | "中国共产党预备党员"
            | "预备党员"
            | "02"
            | "2"
            | "cpc_probationary" => CpcProbationary,
            "共青团员" | "中国共产主义青年团团员" | "团员" | "03" | "3" | "youth_league" => {
                YouthLeague
            }
            "民主党派" | "民革党员" | "民盟盟员" | "民建会员" | "民进会员" | "农工党党员"
            | "致公党党员" | "九三学社社员" | "台盟盟员" | "04" | "05" | "06" | "07" | "08"
            | "09" | "10" | "11" | "democratic_party" => DemocraticParty,
            "无党派人士" | "无党派" | "12" | "non_partisan" => NonPartisan,
            "群众" | "13" | "masses" => Masses,
            _ => return Err(LabelError { attribute: "party" }),
        })
    }
    /// The English name.
    pub fn as_str(self) -> &'static str {
        use Party::*;
        match self {
            CpcMember => "cpc_member",
            CpcProbationary => "cpc_probationary",
            YouthLeague => "youth_league",
            DemocraticParty => "democratic_party",
            NonPartisan => "non_partisan",
            Masses => "masses",
        }
    }
    /// The Chinese label (GB/T 4762).
    pub fn label_zh(self) -> &'static str {
        use Party::*;
        match self {
            CpcMember => "中共党员",
            CpcProbationary => "中共预备党员",
            YouthLeague => "共青团员",
            DemocraticParty => "民主党派",
            NonPartisan => "无党派人士",
            Masses => "群众",
        }
    }
    /// Whether the person is a full or probationary member of the CPC.
    pub fn is_cpc(self) -> bool {
        matches!(self, Party::CpcMember | Party::CpcProbationary)
    }
}

/// Reads a yes/no cell: 是/否, yes/no, y/n, true/false, 1/0 (docs/tables.md). Also 有/无 and 已/未.
pub fn parse_yes_no(label: &str) -> Option<bool> {
    match norm(label).as_ref() {
        "是" | "yes" | "y" | "true" | "1" | "t" | "有" | "已" | "已整改" | "整改完成" | "√" => {
            Some(true)
        }
        "否" | "no" | "n" | "false" | "0" | "f" | "无" | "未" | "未整改" | "正在整改"
        | "整改中" | "×" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(Sex::parse("女").unwrap(), Sex::Female);
        assert_eq!(Sex::parse("M").unwrap(), Sex::Male);
        assert!(Sex::parse("x").is_err());
        assert!(Education::parse("中专").unwrap() >= Education::SeniorSecondary);
        assert!(Education::parse("初中").unwrap() < Education::SeniorSecondary);
        assert_eq!(Education::parse("硕士").unwrap(), Education::Postgraduate);
        assert_eq!(Ethnicity::parse("回族").unwrap(), Ethnicity::HUI);
        assert_eq!(Ethnicity::parse("03").unwrap(), Ethnicity::HUI);
        assert_eq!(Ethnicity::parse("汉").unwrap(), Ethnicity::HAN);
        assert_eq!(Ethnicity::parse("基诺族").unwrap().code(), 56);
        assert!(Ethnicity::parse("57").is_err());
        assert_eq!(Party::parse("中共党员").unwrap(), Party::CpcMember);
        assert_eq!(parse_yes_no("是"), Some(true));
        assert_eq!(parse_yes_no("N"), Some(false));
        assert_eq!(parse_yes_no("maybe"), None);
    }
}
