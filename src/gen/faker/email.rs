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
