//! The data set's tables, in the shapes of docs/tables.md.

use super::*;

fn text(t: &mut TableBuilder, cells: &[Cell<'_>]) {
    t.row(cells);
}

impl World {
    pub(super) fn code(&self, u: usize) -> String {
        self.units[u].code.to_string()
    }

    pub(super) fn units_table(
        &self,
        cs: &[Committee],
        rounds: &[round::UnitRound],
        seed: u64,
    ) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "units",
            &[
                ("unit_code", Kind::Text),
                ("name", Kind::Text),
                ("kind", Kind::Text),
                ("households", Kind::Int),
                ("registered_voters", Kind::Int),
                ("election_date", Kind::Date),
                ("register_published", Kind::Date),
                ("seats_director", Kind::Int),
                ("seats_deputy_director", Kind::Int),
                ("seats_member", Kind::Int),
                ("new_unit", Kind::Text),
                ("complex", Kind::Text),
                ("complex_reason", Kind::Text),
                ("funds_before", Kind::Int),
                ("funds_after", Kind::Int),
                ("round_status", Kind::Text),
            ],
        );
        for (u, p) in self.units.iter().enumerate() {
            let code = self.code(u);
            let r = rounds.get(u).cloned().unwrap_or_default();
            let yes = |b: bool| Cell::T(if b { "是" } else { "否" });
            text(
                &mut t,
                &[
                    Cell::T(&code),
                    Cell::T(&p.name),
                    Cell::T(if p.village { "村" } else { "社区" }),
                    Cell::I(p.households as i64),
                    Cell::I(p.registered as i64),
                    Cell::D(p.day),
                    Cell::D(p.published),
                    Cell::I(1),
                    Cell::I(cs[u].deputies.len() as i64),
                    Cell::I(cs[u].members.len() as i64),
                    if p.village {
                        Cell::Null
                    } else {
                        yes(r.new_unit)
                    },
                    if p.village {
                        yes(r.complex.is_some())
                    } else {
                        Cell::Null
                    },
                    r.complex.map_or(Cell::Null, Cell::T),
                    r.funds.map_or(Cell::Null, |f| Cell::I(f.0 as i64)),
                    r.funds.map_or(Cell::Null, |f| Cell::I(f.1 as i64)),
                    Cell::T("已完成"),
                ],
            );
        }
        t.finish(DATASET, seed)
    }

    pub(super) fn people_table(&self, seed: u64) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "people",
            &[
                ("id_number", Kind::Text),
                ("name", Kind::Text),
                ("sex", Kind::Text),
                ("birth_date", Kind::Date),
                ("ethnicity", Kind::Text),
                ("education", Kind::Text),
                ("party", Kind::Text),
                ("finance_skill", Kind::Text),
            ],
        );
        for p in &self.persons {
            let id = p.id.to_string();
            let birth = p.id.birth_date();
            text(
                &mut t,
                &[
                    Cell::T(&id),
                    Cell::T(&p.name),
                    Cell::T(if female(p.id) { "女" } else { "男" }),
                    birth.map_or(Cell::Null, Cell::D),
                    Cell::T(p.ethnicity),
                    Cell::T(p.education),
                    Cell::T(p.party),
                    Cell::T(if p.finance { "是" } else { "否" }),
                ],
            );
        }
        t.finish(DATASET, seed)
    }

    pub(super) fn roster_table(
        &self,
        name: &'static str,
        seats: &[Seat],
        term: i64,
        (subsidised, background): (&[Option<bool>], Option<&[String]>),
        seed: u64,
    ) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            name,
            &[
                ("id_number", Kind::Text),
                ("unit_code", Kind::Text),
                ("body", Kind::Text),
                ("role", Kind::Text),
                ("status", Kind::Text),
                ("term", Kind::Int),
                ("subsidised", Kind::Text),
                ("background", Kind::Text),
            ],
        );
        let member =
            |s: &Seat| s.elected && matches!(s.body, "党组织" | "村民委员会" | "居民委员会");
        for s in seats {
            let sub = subsidised
                .get(s.person)
                .copied()
                .flatten()
                .filter(|_| member(s));
            let bg = background
                .and_then(|b| b.get(s.person))
                .filter(|_| member(s));
            let id = self.persons[s.person].id.to_string();
            let code = self.code(s.unit);
            text(
                &mut t,
                &[
                    Cell::T(&id),
                    Cell::T(&code),
                    Cell::T(s.body),
                    s.role.map_or(Cell::Null, Cell::T),
                    Cell::T(if s.elected { "当选" } else { "候选人" }),
                    Cell::I(term),
                    sub.map_or(Cell::Null, |b| Cell::T(if b { "是" } else { "否" })),
                    bg.map_or(Cell::Null, |b| Cell::T(b)),
                ],
            );
        }
        t.finish(DATASET, seed)
    }

    pub(super) fn records_table(&self, seed: u64) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "records",
            &[
                ("id_number", Kind::Text),
                ("kind", Kind::Text),
                ("date", Kind::Date),
                ("end_date", Kind::Date),
                ("grade", Kind::Text),
                ("rectified", Kind::Text),
            ],
        );
        for r in &self.records {
            let id = self.persons[r.person].id.to_string();
            text(
                &mut t,
                &[
                    Cell::T(&id),
                    Cell::T(r.kind),
                    Cell::D(r.date),
                    r.end.map_or(Cell::Null, Cell::D),
                    r.grade.map_or(Cell::Null, Cell::T),
                    r.rectified.map_or(Cell::Null, Cell::T),
                ],
            );
        }
        t.finish(DATASET, seed)
    }

    pub(super) fn relations_table(
        &self,
        seed: u64,
    ) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "relations",
            &[
                ("person", Kind::Text),
                ("relative", Kind::Text),
                ("relation", Kind::Text),
                ("start_date", Kind::Date),
                ("end_date", Kind::Date),
            ],
        );
        for r in &self.relations {
            text(
                &mut t,
                &[
                    Cell::T(&r.person),
                    Cell::T(&r.relative),
                    Cell::T(r.relation),
                    r.start.map_or(Cell::Null, Cell::D),
                    r.end.map_or(Cell::Null, Cell::D),
                ],
            );
        }
        t.finish(DATASET, seed)
    }

    pub(super) fn proxies_table(&self, seed: u64) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "proxies",
            &[
                ("unit_code", Kind::Text),
                ("principal", Kind::Text),
                ("proxy", Kind::Text),
            ],
        );
        for (u, a, b) in &self.proxies {
            let (code, a, b) = (self.code(*u), a.to_string(), b.to_string());
            text(&mut t, &[Cell::T(&code), Cell::T(&a), Cell::T(&b)]);
        }
        t.finish(DATASET, seed)
    }

    /// The voter register: each unit's own people (not those deprived of political rights),
    /// the couples voting by proxy, and invented voters up to the registered number.
    pub(super) fn register_table(
        &mut self,
        seed: u64,
    ) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "register",
            &[
                ("id_number", Kind::Text),
                ("unit_code", Kind::Text),
                ("category", Kind::Text),
                ("residence_since", Kind::Date),
                ("consent", Kind::Text),
            ],
        );
        let mut own: Vec<Vec<ResidentId>> = vec![Vec::new(); self.units.len()];
        for (i, p) in self.persons.iter().enumerate() {
            // Leavers were registered too: they live in the unit.
            if self.voter[i] {
                own[self.home[i]].push(p.id);
            }
        }
        for (u, own) in own.iter_mut().enumerate() {
            let code = self.code(u);
            let (county, day, registered) = (
                self.units[u].county,
                self.units[u].day,
                self.units[u].registered,
            );
            let mut ids: Vec<ResidentId> = std::mem::take(own);
            ids.extend(self.extra_voters[u].iter().copied());
            while (ids.len() as u64) < registered {
                let age = self.d.between(18, 88) as u32;
                let f = self.d.chance(1, 2);
                let birth = crate::reference::persons::born(&mut self.d, day, age);
                ids.push(self.f.ids.issue(&mut self.d, county, birth, f));
            }
            // The last voters registered nominate (the nominations table).
            self.nominators[u] = ids[ids.len().saturating_sub(round::NOMINATOR_POOL)..].to_vec();
            for id in ids {
                let s = id.to_string();
                match self.d.below(100) {
                    0..=89 => text(&mut t, &[Cell::T(&s), Cell::T(&code), Cell::T("1")]),
                    90..=96 => text(&mut t, &[Cell::T(&s), Cell::T(&code), Cell::T("2")]),
                    _ => {
                        let since = day - Days::new(self.d.between(400, 5000));
                        text(
                            &mut t,
                            &[
                                Cell::T(&s),
                                Cell::T(&code),
                                Cell::T("3"),
                                Cell::D(since),
                                Cell::T("是"),
                            ],
                        );
                    }
                }
            }
        }
        t.finish(DATASET, seed)
    }

    pub(super) fn tallies_table(&self, seed: u64) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "tallies",
            &[
                ("unit_code", Kind::Text),
                ("body", Kind::Text),
                ("round", Kind::Int),
                ("registered", Kind::Int),
                ("voted", Kind::Int),
                ("ballots_issued", Kind::Int),
                ("ballots_returned", Kind::Int),
                ("ballots_invalid", Kind::Int),
                ("seats_director", Kind::Int),
                ("seats_deputy_director", Kind::Int),
                ("seats_member", Kind::Int),
            ],
        );
        for s in &self.sheets {
            let code = self.code(s.unit);
            text(
                &mut t,
                &[
                    Cell::T(&code),
                    Cell::T(s.body),
                    Cell::I(s.round),
                    Cell::I(self.units[s.unit].registered as i64),
                    Cell::I(s.voted as i64),
                    Cell::I(s.voted as i64),
                    Cell::I(s.returned as i64),
                    Cell::I(s.invalid as i64),
                    Cell::I(s.seats[0] as i64),
                    Cell::I(s.seats[1] as i64),
                    Cell::I(s.seats[2] as i64),
                ],
            );
        }
        t.finish(DATASET, seed)
    }

    pub(super) fn votes_table(&self, seed: u64) -> Result<arrow_array::RecordBatch, ArrowError> {
        let mut t = TableBuilder::new(
            "votes",
            &[
                ("unit_code", Kind::Text),
                ("body", Kind::Text),
                ("round", Kind::Int),
                ("id_number", Kind::Text),
                ("name", Kind::Text),
                ("role", Kind::Text),
                ("votes", Kind::Int),
            ],
        );
        for v in &self.votes {
            let code = self.code(v.unit);
            let id = v.who.as_ref().ok().map(|&p| self.persons[p].id.to_string());
            text(
                &mut t,
                &[
                    Cell::T(&code),
                    Cell::T(v.body),
                    Cell::I(v.round),
                    id.as_deref().map_or(Cell::Null, Cell::T),
                    v.who.as_ref().err().map_or(Cell::Null, |n| Cell::T(n)),
                    Cell::T(v.role),
                    Cell::I(v.votes as i64),
                ],
            );
        }
        t.finish(DATASET, seed)
    }
}
