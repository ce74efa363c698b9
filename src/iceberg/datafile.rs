//! The manifest entry of a data file we wrote, from the Parquet footer our writer returned:
//! record count, size, per-column sizes, value and null counts, and lower/upper bounds of the
//! top-level primitive columns (strings truncated to 16 characters as Iceberg's default
//! metrics mode does, the upper bound rounded up so that it stays an upper bound).

use std::collections::HashMap;

use datafusion::common::{DataFusionError, Result};
use datafusion::parquet::file::metadata::ParquetMetaData;
use datafusion::parquet::file::statistics::Statistics;
use iceberg::spec::{
    DataContentType, DataFile, DataFileBuilder, DataFileFormat, Datum, PrimitiveType, Schema,
    Struct, Type,
};

/// The longest string bound kept (Iceberg's default `truncate(16)` metrics mode).
const STRING_BOUND_CHARS: usize = 16;

/// The entry of the Parquet file at `location` (`size` bytes, footer `meta`) with the
/// partition values `partition` of spec `spec_id`.
pub(crate) fn data_file(
    location: String,
    size: u64,
    meta: &ParquetMetaData,
    schema: &Schema,
    partition: Struct,
    spec_id: i32,
) -> Result<DataFile> {
    let mut column_sizes: HashMap<i32, u64> = HashMap::new();
    let mut value_counts: HashMap<i32, u64> = HashMap::new();
    let mut null_counts: HashMap<i32, u64> = HashMap::new();
    let mut nulls_known: HashMap<i32, bool> = HashMap::new();
    let mut lower: HashMap<i32, Datum> = HashMap::new();
    let mut upper: HashMap<i32, Datum> = HashMap::new();
    let mut bounded: HashMap<i32, bool> = HashMap::new();
    let mut offsets = Vec::new();
    for group in meta.row_groups() {
        let mut first = i64::MAX;
        for chunk in group.columns() {
            let offset = chunk
                .dictionary_page_offset()
                .unwrap_or(chunk.data_page_offset());
            first = first.min(offset);
            let info = chunk.column_descr().self_type().get_basic_info();
            if !info.has_id() {
                continue;
            }
            let id = info.id();
            *column_sizes.entry(id).or_default() += chunk.compressed_size().max(0) as u64;
            *value_counts.entry(id).or_default() += chunk.num_values().max(0) as u64;
            let stats = chunk.statistics();
            match stats.and_then(|s| s.null_count_opt()) {
                Some(n) => *null_counts.entry(id).or_default() += n,
                None => {
                    nulls_known.insert(id, false);
                }
            }
            // Bounds only for top-level primitive columns, and only when every row group
            // has exact ones.
            let primitive = match schema.as_struct().field_by_id(id) {
                Some(f) => match f.field_type.as_ref() {
                    Type::Primitive(p) => Some(p),
                    _ => None,
                },
                None => None,
            };
            let bounds = primitive.and_then(|p| stats.and_then(|s| bounds_of(s, p)));
            match bounds {
                Some((lo, hi)) if *bounded.entry(id).or_insert(true) => {
                    merge(&mut lower, id, lo, |new, old| new < old);
                    merge(&mut upper, id, hi, |new, old| new > old);
                }
                Some(_) => {}
                None => {
                    // A row group without bounds: nothing is known of all null pages? A
                    // column chunk of only nulls has no min/max and does not widen them.
                    let all_null = stats
                        .and_then(|s| s.null_count_opt())
                        .is_some_and(|n| n == chunk.num_values().max(0) as u64);
                    if !all_null {
                        bounded.insert(id, false);
                    }
                }
            }
        }
        if first != i64::MAX {
            offsets.push(first);
        }
    }
    for (id, ok) in &bounded {
        if !ok {
            lower.remove(id);
            upper.remove(id);
        }
    }
    for (id, known) in &nulls_known {
        if !known {
            null_counts.remove(id);
        }
    }
    DataFileBuilder::default()
        .content(DataContentType::Data)
        .file_path(location)
        .file_format(DataFileFormat::Parquet)
        .partition(partition)
        .partition_spec_id(spec_id)
        .record_count(meta.file_metadata().num_rows().max(0) as u64)
        .file_size_in_bytes(size)
        .column_sizes(column_sizes)
        .value_counts(value_counts)
        .null_value_counts(null_counts)
        .lower_bounds(lower)
        .upper_bounds(upper)
        .split_offsets(Some(offsets))
        .build()
        .map_err(|e| DataFusionError::Execution(format!("Iceberg data file entry: {e}")))
}

fn merge(map: &mut HashMap<i32, Datum>, id: i32, value: Datum, better: fn(&Datum, &Datum) -> bool) {
    match map.get(&id) {
        Some(old) if !better(&value, old) => {}
        _ => {
            map.insert(id, value);
        }
    }
}

/// The lower and upper bound of one column chunk as Iceberg values of type `p`, when the
/// statistics are exact and the type has bounds we record.
fn bounds_of(s: &Statistics, p: &PrimitiveType) -> Option<(Datum, Datum)> {
    if !s.min_is_exact() || !s.max_is_exact() {
        return None;
    }
    use PrimitiveType as P;
    match (s, p) {
        (Statistics::Boolean(v), P::Boolean) => {
            Some((Datum::bool(*v.min_opt()?), Datum::bool(*v.max_opt()?)))
        }
        (Statistics::Int32(v), P::Int) => {
            Some((Datum::int(*v.min_opt()?), Datum::int(*v.max_opt()?)))
        }
        (Statistics::Int32(v), P::Date) => {
            Some((Datum::date(*v.min_opt()?), Datum::date(*v.max_opt()?)))
        }
        (Statistics::Int64(v), P::Long) => {
            Some((Datum::long(*v.min_opt()?), Datum::long(*v.max_opt()?)))
        }
        (Statistics::Int64(v), P::Timestamp) => Some((
            Datum::timestamp_micros(*v.min_opt()?),
            Datum::timestamp_micros(*v.max_opt()?),
        )),
        (Statistics::Int64(v), P::Timestamptz) => Some((
            Datum::timestamptz_micros(*v.min_opt()?),
            Datum::timestamptz_micros(*v.max_opt()?),
        )),
        (Statistics::Float(v), P::Float) => {
            let (lo, hi) = (*v.min_opt()?, *v.max_opt()?);
            (!lo.is_nan() && !hi.is_nan()).then(|| (Datum::float(lo), Datum::float(hi)))
        }
        (Statistics::Double(v), P::Double) => {
            let (lo, hi) = (*v.min_opt()?, *v.max_opt()?);
            (!lo.is_nan() && !hi.is_nan()).then(|| (Datum::double(lo), Datum::double(hi)))
        }
        (Statistics::ByteArray(v), P::String) => {
            let lo = std::str::from_utf8(v.min_opt()?.data()).ok()?;
            let hi = std::str::from_utf8(v.max_opt()?.data()).ok()?;
            Some((Datum::string(truncated(lo)), Datum::string(rounded_up(hi)?)))
        }
        _ => None,
    }
}

/// The first [`STRING_BOUND_CHARS`] characters of `s` (a lower bound of every string that
/// `s` bounds from below).
fn truncated(s: &str) -> String {
    s.chars().take(STRING_BOUND_CHARS).collect()
}

/// An upper bound of `s` at most [`STRING_BOUND_CHARS`] characters long: `s` itself when it
/// is short, otherwise its prefix with the last character that can be incremented
/// incremented. `None` when no character can be.
fn rounded_up(s: &str) -> Option<String> {
    if s.chars().count() <= STRING_BOUND_CHARS {
        return Some(s.to_string());
    }
    let mut chars: Vec<char> = s.chars().take(STRING_BOUND_CHARS).collect();
    while let Some(last) = chars.pop() {
        let mut next = last as u32 + 1;
        if (0xD800..0xE000).contains(&next) {
            next = 0xE000;
        }
        if let Some(c) = char::from_u32(next) {
            chars.push(c);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_bounds_stay_bounds() {
        assert_eq!(truncated("abc"), "abc");
        assert_eq!(rounded_up("abc").unwrap(), "abc");
        let long = "aaaaaaaaaaaaaaaaz@example.com";
        let lo = truncated(long);
        let hi = rounded_up(long).unwrap();
        assert_eq!(lo.chars().count(), 16);
        assert!(lo.as_str() <= long && long < hi.as_str(), "{lo} {hi}");
        assert_eq!(hi, "aaaaaaaaaaaaaaab");
        let max = format!("{}x", char::MAX.to_string().repeat(16));
        assert_eq!(rounded_up(&max), None);
    }
}
