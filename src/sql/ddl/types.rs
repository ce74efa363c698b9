//! The declared-type rule of `CREATE SYNTHETIC TABLE`: an expression whose type differs from
//! the column's declared type is cast implicitly only when every value converts without loss
//! (wider integers, integers to floats wide enough, string and binary encodings, decimals
//! with room); anything else needs an explicit `CAST`.

use datafusion::arrow::datatypes::DataType;

/// Bits of precision an integer type needs (`None` for non-integers).
fn int_bits(t: &DataType) -> Option<(bool, u8)> {
    use DataType::*;
    Some(match t {
        Int8 => (true, 8),
        Int16 => (true, 16),
        Int32 => (true, 32),
        Int64 => (true, 64),
        UInt8 => (false, 8),
        UInt16 => (false, 16),
        UInt32 => (false, 32),
        UInt64 => (false, 64),
        _ => return None,
    })
}

/// Decimal digits needed for every value of an integer type.
fn int_digits(signed: bool, bits: u8) -> u8 {
    match (signed, bits) {
        (_, 8) => 3,
        (_, 16) => 5,
        (_, 32) => 10,
        (true, _) => 19,
        (false, _) => 20,
    }
}

fn is_string(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

fn is_binary(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView
    )
}

/// Whether every value of `from` converts to `to` exactly.
pub fn lossless(from: &DataType, to: &DataType) -> bool {
    use DataType::*;
    if from == to || from == &Null {
        return true;
    }
    if let (Some((fs, fb)), Some((ts, tb))) = (int_bits(from), int_bits(to)) {
        return match (fs, ts) {
            (true, true) | (false, false) => tb >= fb,
            (false, true) => tb > fb,
            (true, false) => false,
        };
    }
    if let Some((_, bits)) = int_bits(from) {
        return match to {
            Float32 => bits <= 16,
            Float64 => bits <= 32,
            Decimal128(p, s) | Decimal256(p, s) => {
                let (signed, bits) = int_bits(from).unwrap_or((true, 64));
                i16::from(*p) - i16::from(*s) >= i16::from(int_digits(signed, bits))
            }
            _ => false,
        };
    }
    match (from, to) {
        (Float16, Float32 | Float64) | (Float32, Float64) => true,
        (a, b) if is_string(a) && is_string(b) => true,
        (a, b) if is_binary(a) && is_binary(b) => true,
        (Date32, Date64) => true,
        (Decimal128(p1, s1), Decimal128(p2, s2) | Decimal256(p2, s2)) => {
            s2 >= s1 && i16::from(*p2) - i16::from(*s2) >= i16::from(*p1) - i16::from(*s1)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DataType::*;

    #[test]
    fn only_exact_conversions_are_implicit() {
        assert!(lossless(&Int32, &Int64));
        assert!(lossless(&UInt32, &Int64));
        assert!(!lossless(&Int64, &Int32));
        assert!(!lossless(&Int64, &UInt64));
        assert!(!lossless(&Int64, &Float64));
        assert!(lossless(&Int32, &Float64));
        assert!(lossless(&Float32, &Float64));
        assert!(!lossless(&Float64, &Float32));
        assert!(!lossless(&Float64, &Int64));
        assert!(lossless(&Utf8, &Utf8View));
        assert!(!lossless(&Int64, &Utf8View));
        assert!(lossless(&Int64, &Decimal128(20, 1)));
        assert!(!lossless(&Int64, &Decimal128(20, 2)));
        assert!(lossless(&Null, &Boolean));
        assert!(lossless(&Date32, &Date64));
    }
}
