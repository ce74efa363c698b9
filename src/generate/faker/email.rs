//! Usernames and email addresses derived from a row's own name columns.
//!
//! The local part is `first.last`, each part lower-cased and transliterated to ASCII letters
//! and digits (`Jürgen` → `jurgen`, `Øberg` → `oberg`, `Straße` → `strasse`); other
//! characters are dropped (a name in a non-Latin script leaves nothing and becomes `user`).
//! With a suffix `n` the local part is `first.last.n`: since the parts never contain a dot,
//! `n` is the text after the last dot, so distinct `n` give distinct addresses for any row
//! count (pass the table's key). The domain is one of `example.com`, `example.net`,
//! `example.org` (RFC 2606) unless the caller opts into real free-mail domains.

use super::internet::push_decimal;
use super::template::pick;
use crate::generate::RowRng;

/// The reserved email domains used by default.
pub const EMAIL_DOMAINS: &[&str] = &["example.com", "example.net", "example.org"];

/// Appends the ASCII transliteration of `c` (lower case), or nothing.
#[inline]
fn fold(c: char, out: &mut Vec<u8>) {
    if c.is_ascii_alphanumeric() {
        out.push(c.to_ascii_lowercase() as u8);
        return;
    }
    if c.is_ascii() {
        return;
    }
    let s: &[u8] = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => b"a",
        'æ' | 'Æ' => b"ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' | 'Ç' | 'Ć' | 'Č' | 'Ĉ' | 'Ċ' => b"c",
        'ď' | 'đ' | 'ð' | 'Ď' | 'Đ' | 'Ð' => b"d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę'
        | 'Ě' => b"e",
        'ğ' | 'ĝ' | 'ġ' | 'ģ' | 'Ğ' | 'Ĝ' | 'Ġ' | 'Ģ' => b"g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => {
            b"i"
        }
        'ł' | 'ľ' | 'ĺ' | 'ļ' | 'Ł' | 'Ľ' | 'Ĺ' | 'Ļ' => b"l",
        'ñ' | 'ń' | 'ň' | 'ņ' | 'Ñ' | 'Ń' | 'Ň' | 'Ņ' => b"n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => b"o",
        'œ' | 'Œ' => b"oe",
        'ř' | 'ŕ' | 'Ř' | 'Ŕ' => b"r",
        'ß' => b"ss",
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => b"s",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => b"t",
        'þ' | 'Þ' => b"th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű'
        | 'Ų' => b"u",
        'ŵ' | 'Ŵ' => b"w",
        'ý' | 'ÿ' | 'ŷ' | 'Ý' | 'Ÿ' | 'Ŷ' => b"y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => b"z",
        _ => b"",
    };
    out.extend_from_slice(s);
}

/// Appends the folded form of `name`; returns whether it wrote anything.
#[inline]
fn push_folded(name: &str, out: &mut Vec<u8>) -> bool {
    let start = out.len();
    let bytes = name.as_bytes();
    if let Some(()) = push_alnum_words(bytes, out) {
        return out.len() > start;
    }
    // One branch-free pass for ASCII names: write every byte's fold and advance only past
    // letters and digits; a non-ASCII byte sends the whole name to the transliterating path.
    out.resize(start + bytes.len(), 0);
    let dst = &mut out[start..];
    let mut w = 0;
    let mut ascii = true;
    for &b in bytes {
        if b >= 128 {
            ascii = false;
            break;
        }
        let f = ASCII_FOLD[usize::from(b)];
        dst[w] = f;
        w += usize::from(f != 0);
    }
    if ascii {
        out.truncate(start + w);
    } else {
        out.truncate(start);
        for c in name.chars() {
            fold(c, out);
        }
    }
    out.len() > start
}

/// The common case, 8 bytes at a time: a name of ASCII letters and digits only is written
/// lower-cased (`b | 0x20` per byte) after a SWAR check that every byte is one; `None`
/// (nothing written) when some byte is anything else.
#[inline]
fn push_alnum_words(bytes: &[u8], out: &mut Vec<u8>) -> Option<()> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    let start = out.len();
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        for (d, s) in word.iter_mut().zip(chunk) {
            *d = *s;
        }
        let x = u64::from_le_bytes(word);
        // Bytes past the chunk are 0 and must not count; bytes >= 0x80 fail below.
        let valid = if chunk.len() == 8 {
            HIGH
        } else {
            HIGH & ((1u64 << (8 * chunk.len())) - 1)
        };
        if x & HIGH != 0 {
            return rollback(out, start);
        }
        // Per byte, no carries or borrows cross bytes since every byte is below 0x80.
        let lower = x | (0x20 * ONES);
        let letter = lower.wrapping_add((0x80 - b'a' as u64) * ONES) & ((0xfa * ONES) - lower);
        let digit = x.wrapping_add((0x80 - b'0' as u64) * ONES) & ((0xb9 * ONES) - x);
        if (letter | digit) & valid != valid {
            return rollback(out, start);
        }
        out.extend_from_slice(&lower.to_le_bytes());
        out.truncate(out.len() - (8 - chunk.len()));
    }
    Some(())
}

/// Undoes a partial [`push_alnum_words`].
#[inline]
fn rollback(out: &mut Vec<u8>, start: usize) -> Option<()> {
    out.truncate(start);
    None
}

/// The fold of each ASCII byte: letters lower-cased, digits kept, everything else 0.
const ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Appends the username `first.last[.n]` (see the module docs).
#[inline]
pub fn write_username(first: &str, last: &str, n: Option<i64>, out: &mut Vec<u8>) {
    let start = out.len();
    let wrote_first = push_folded(first, out);
    if wrote_first {
        out.push(b'.');
    }
    if !push_folded(last, out) && wrote_first {
        out.pop();
    }
    if out.len() == start {
        out.extend_from_slice(b"user");
    }
    if let Some(n) = n {
        out.push(b'.');
        if n < 0 {
            out.push(b'm');
        }
        push_decimal(out, n.unsigned_abs());
    }
}

/// Appends `first.last[.n]@domain`, the domain picked from `domains` on `rng`.
#[inline]
pub fn write_email(
    first: &str,
    last: &str,
    n: Option<i64>,
    domains: &'static [&'static str],
    rng: &mut RowRng,
    out: &mut Vec<u8>,
) {
    write_username(first, last, n, out);
    out.push(b'@');
    out.extend_from_slice(pick(rng, domains).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(f: &str, l: &str, n: Option<i64>) -> String {
        let mut out = Vec::new();
        write_username(f, l, n, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn names_fold_to_ascii() {
        assert_eq!(user("Jürgen", "Straße", None), "jurgen.strasse");
        assert_eq!(user("Zoë", "O'Brien-Øberg", Some(7)), "zoe.obrienoberg.7");
        assert_eq!(user("太郎", "山田", None), "user");
        assert_eq!(user("", "Smith", Some(-3)), "smith.m3");
        assert_eq!(user("Ada", "", None), "ada");
        assert_eq!(user("Şule", "Yıldız", None), "sule.yildiz");
    }

    /// The 8-byte path gives the byte-wise fold for every ASCII byte pattern it could meet.
    #[test]
    fn the_word_path_equals_the_byte_path() {
        let alphabet: Vec<u8> = (0u8..128).collect();
        for len in 0..20usize {
            for seed in 0..400u64 {
                let name: Vec<u8> = (0..len)
                    .map(|i| {
                        let h = crate::generate::seed::mix64(seed * 31 + i as u64);
                        // Mostly letters and digits, sometimes anything ASCII.
                        if h.is_multiple_of(5) {
                            alphabet[(h >> 8) as usize % 128]
                        } else {
                            b"AbcXyzQ09azAZ"[(h >> 8) as usize % 13]
                        }
                    })
                    .collect();
                let name = std::str::from_utf8(&name).unwrap();
                let mut fast = Vec::new();
                let got = push_alnum_words(name.as_bytes(), &mut fast);
                let mut slow = Vec::new();
                for c in name.chars() {
                    fold(c, &mut slow);
                }
                if got.is_some() {
                    assert_eq!(fast, slow, "{name:?}");
                    assert!(name.bytes().all(|b| b.is_ascii_alphanumeric()), "{name:?}");
                } else {
                    assert!(fast.is_empty());
                    assert!(!name.bytes().all(|b| b.is_ascii_alphanumeric()), "{name:?}");
                }
            }
        }
    }

    #[test]
    fn the_suffix_makes_addresses_unique() {
        // Adversarial parts with digits and empties: the text after the last dot is n.
        let parts = ["a1", "a", "", "1", "ü"];
        let mut seen = std::collections::HashSet::new();
        for f in parts {
            for l in parts {
                for n in 0..50 {
                    seen.insert(user(f, l, Some(n)));
                }
            }
        }
        // Distinct n always differ; equal n may collide across different names.
        let by_n: std::collections::HashSet<String> = seen
            .iter()
            .map(|s| s.rsplit('.').next().unwrap().to_string())
            .collect();
        assert_eq!(by_n.len(), 50);
    }
}
