//! Generator argument values: a generator named by the input's first line (an unknown name
//! picks one by hash, so every input reaches a generator), its arguments decoded from the
//! rest (integers, doubles, strings, NULL, lists), built and evaluated over 16 rows (a range
//! and scattered indices). Input: `name\n` then per argument a tag byte (kind in the low 3
//! bits: 0 i64, 1 f64, 2 string of `tag >> 3` bytes, 3 NULL, 4 the small integer
//! `(tag >> 3) - 8`, else a list of `tag >> 5` integers) and its bytes.
#![no_main]

use datafusion::arrow::array::{ArrayRef, Int64Array};
use datafusion::common::ScalarValue;
use datafusion_synth::functions::{GENERATORS, Rows};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

/// Decodes one argument from the front of `data`.
fn argument(data: &mut &[u8]) -> Option<ScalarValue> {
    let (&tag, rest) = data.split_first()?;
    *data = rest;
    let mut take = |n: usize| -> Option<Vec<u8>> {
        let n = n.min(data.len());
        let (head, tail) = data.split_at(n);
        *data = tail;
        Some(head.to_vec())
    };
    Some(match tag & 7 {
        0 => {
            let b = take(8)?;
            let mut a = [0u8; 8];
            a[..b.len()].copy_from_slice(&b);
            ScalarValue::Int64(Some(i64::from_le_bytes(a)))
        }
        1 => {
            let b = take(8)?;
            let mut a = [0u8; 8];
            a[..b.len()].copy_from_slice(&b);
            ScalarValue::Float64(Some(f64::from_le_bytes(a)))
        }
        2 => {
            let len = usize::from(tag >> 3);
            ScalarValue::Utf8(Some(String::from_utf8_lossy(&take(len)?).into_owned()))
        }
        3 => ScalarValue::Null,
        4 => ScalarValue::Int64(Some(i64::from(tag >> 3) - 8)),
        _ => {
            let values: Vec<ScalarValue> = (0..(tag >> 5))
                .map(|i| ScalarValue::Int64(Some(i64::from(i))))
                .collect();
            ScalarValue::List(ScalarValue::new_list_nullable(
                &values,
                &datafusion::arrow::datatypes::DataType::Int64,
            ))
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let (name, mut rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let spec = GENERATORS
        .iter()
        .find(|g| g.name.as_bytes() == name)
        .unwrap_or_else(|| {
            let h = name.iter().fold(0usize, |h, &b| {
                h.wrapping_mul(31).wrapping_add(usize::from(b))
            });
            &GENERATORS[h % GENERATORS.len()]
        });
    let mut args = Vec::new();
    while args.len() < 5 {
        match argument(&mut rest) {
            Some(a) => args.push(a),
            None => break,
        }
    }
    let Ok(f) = spec.build(&args) else {
        return;
    };
    let _ = f.check_rows(1000);
    // Input columns, for the generators that read some: the row number.
    let inputs: Vec<ArrayRef> = (0..f.arity())
        .map(|_| Arc::new(Int64Array::from_iter_values(0..16)) as ArrayRef)
        .collect();
    let _ = f.evaluate(&Rows::Range(0..16), 7, &inputs);
    let scattered = [5u64, 0, 999, 3, 3, 12, 1, 8, 2, 15, 4, 9, 11, 6, 7, 10];
    let _ = f.evaluate(&Rows::Indices(&scattered), 7, &inputs);
});
