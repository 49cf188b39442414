//! Voters: the voter register (选民名单) and, later, eligibility, registration categories and
//! proxies (村民委员会组织法 arts. 13–15; docs/domain.md §7).

mod eligibility;
mod proxies;
mod register;

pub use proxies::{Proxies, ProxyRow, proxy_findings};

pub use eligibility::{
    RegisterCheck, UnitVoters, VotersInput, VotersReport, VotersSummary, voters,
};

pub use register::{Register, RegisterRow, parse_category};
