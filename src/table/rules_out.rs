//! The rule catalogue as an Arrow table (`hj.rules`, `RulePack.rules`): one row per rule; its
//! cases and pack values as JSON text, as findings carry theirs.

use crate::pack::RulePack;
use crate::rules::Rule;
use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, BooleanArray, Date32Array, RecordBatch, StringArray};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use chrono::NaiveDate;
use std::sync::Arc;

/// The catalogue rows `rules` of `pack`; `as_of` fills `in_force` (null without it).
pub fn rules_batch(
    pack: &RulePack,
    rules: &[Rule<'_>],
    as_of: Option<NaiveDate>,
) -> Result<RecordBatch, ArrowError> {
    let text = |f: &dyn Fn(&Rule<'_>) -> String| -> ArrayRef {
        Arc::new(rules.iter().map(|r| Some(f(r))).collect::<StringArray>())
    };
    let item = Arc::new(Field::new("item", DataType::Utf8, true));
    let mut params = ListBuilder::new(StringBuilder::new()).with_field(item.clone());
    for r in rules {
        for p in &r.parameters {
            params.values().append_value(p);
        }
        params.append(true);
    }
    let cols: Vec<ArrayRef> = vec![
        text(&|r| r.code.to_string()),
        text(&|r| r.title_zh.to_string()),
        text(&|r| r.title_en.to_string()),
        text(&|r| r.severity.as_str().to_string()),
        text(&|r| r.reference.to_string()),
        Arc::new(
            rules
                .iter()
                .map(|r| Some(crate::date::to_days(r.from)))
                .collect::<Date32Array>(),
        ),
        Arc::new(
            rules
                .iter()
                .map(|r| r.until.map(crate::date::to_days))
                .collect::<Date32Array>(),
        ),
        Arc::new(
            rules
                .iter()
                .map(|r| as_of.map(|d| r.in_force(d)))
                .collect::<BooleanArray>(),
        ),
        text(&|r| r.description.to_string()),
        text(&|r| r.action_zh.to_string()),
        text(&|r| r.action_en.to_string()),
        text(&|r| r.source.mechanism().to_string()),
        text(&|r| serde_json::to_string(r.cases).unwrap_or_else(|_| "[]".into())),
        Arc::new(params.finish()),
        text(&|r| crate::render::rules::rule_json(pack, r, as_of)["parameters"].to_string()),
    ];
    let schema = Arc::new(Schema::new(vec![
        Field::new("code", DataType::Utf8, false),
        Field::new("title_zh", DataType::Utf8, false),
        Field::new("title_en", DataType::Utf8, false),
        Field::new("severity", DataType::Utf8, false),
        Field::new("reference", DataType::Utf8, false),
        Field::new("from", DataType::Date32, false),
        Field::new("until", DataType::Date32, true),
        Field::new("in_force", DataType::Boolean, true),
        Field::new("description", DataType::Utf8, false),
        Field::new("action_zh", DataType::Utf8, false),
        Field::new("action_en", DataType::Utf8, false),
        Field::new("source", DataType::Utf8, false),
        Field::new("cases", DataType::Utf8, false),
        Field::new("parameters", DataType::List(item), false),
        Field::new("parameter_values", DataType::Utf8, false),
    ]));
    RecordBatch::try_new(schema, cols)
}
