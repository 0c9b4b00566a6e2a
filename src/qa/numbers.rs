//! Numbers in Arabic and English text, as comparable values: Arabic-Indic
//! (٠-٩) and Extended (۰-۹) digits equal ASCII, ٫ is the decimal point and
//! ٬ the thousands separator, and a percentage (٪, %, في المائة) must stay
//! a percentage.

use std::ops::Range;

/// A number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// Canonical value: ASCII digits, no grouping, `.` before a fraction,
    /// no leading zeros in the integer part, no trailing zeros in the fraction.
    pub value: String,
    /// Byte span in the text, as written.
    pub range: Range<usize>,
    pub percent: bool,
    /// For Arabic: a scale word follows (ألف 3, مليون 6, مليار 9).
    pub scale: u32,
    /// Written with Arabic-Indic digits.
    pub arabic_digits: bool,
}

fn digit(c: char) -> Option<(u8, bool)> {
    match c {
        '0'..='9' => Some((c as u8 - b'0', false)),
        '\u{0660}'..='\u{0669}' => Some(((c as u32 - 0x0660) as u8, true)),
        '\u{06F0}'..='\u{06F9}' => Some(((c as u32 - 0x06F0) as u8, true)),
        _ => None,
    }
}

/// Canonical form from integer and fraction digits.
fn canonical(int: &str, frac: &str) -> String {
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let mut out = if int.is_empty() {
        "0".to_string()
    } else {
        int.to_string()
    };
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// `value` × 10^`power`, canonical.
pub fn scaled(value: &str, power: u32) -> String {
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    let mut digits = format!("{int}{frac}");
    let point = int.len() + power as usize;
    while digits.len() < point {
        digits.push('0');
    }
    canonical(&digits[..point], &digits[point..])
}

/// Every number in `text`. `arabic` selects the conventions of the source
/// (٫ ٬ and, as some writers use them, `.` and `,`) or of English.
pub fn numbers(text: &str, arabic: bool) -> Vec<Number> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some((_, indic)) = digit(chars[i].1) else {
            i += 1;
            continue;
        };
        // Not the tail of a word like "COVID19" or "A4".
        let start = chars[i].0;
        let mut arabic_digits = indic;
        let mut int = String::new();
        let mut frac = String::new();
        let mut in_frac = false;
        let mut j = i;
        while j < chars.len() {
            let c = chars[j].1;
            if let Some((d, indic)) = digit(c) {
                arabic_digits |= indic;
                if in_frac {
                    frac.push(char::from(b'0' + d))
                } else {
                    int.push(char::from(b'0' + d))
                }
                j += 1;
                continue;
            }
            let next_is_digit = chars.get(j + 1).and_then(|&(_, n)| digit(n)).is_some();
            if !next_is_digit {
                break;
            }
            let group_of_three = (1..=3)
                .all(|k| chars.get(j + k).and_then(|&(_, n)| digit(n)).is_some())
                && chars.get(j + 4).and_then(|&(_, n)| digit(n)).is_none();
            match c {
                '٬' if !in_frac => j += 1,
                ',' if !in_frac && group_of_three => j += 1,
                '٫' | '.' if !in_frac => {
                    in_frac = true;
                    j += 1;
                }
                _ => break,
            }
        }
        let end = if j < chars.len() {
            chars[j].0
        } else {
            text.len()
        };
        let rest = &text[end..];
        let before = &text[..start];
        let percent = if arabic {
            let r = rest.trim_start();
            r.starts_with('٪')
                || r.starts_with('%')
                || before.trim_end().ends_with('٪')
                || ["في المائة", "في المئة", "بالمائة", "بالمئة", "في المية"]
                    .iter()
                    .any(|w| r.starts_with(w))
        } else {
            let r = rest.trim_start().to_lowercase();
            rest.starts_with('%')
                || rest.starts_with(" %")
                || r.starts_with("percent")
                || r.starts_with("per cent")
                || r.starts_with("percentage point")
        };
        let scale = if arabic {
            let r = rest.trim_start();
            if r.starts_with("مليار") {
                9
            } else if r.starts_with("مليون") || r.starts_with("ملايين") {
                6
            } else if r.starts_with("ألف") || r.starts_with("آلاف") || r.starts_with("الف")
            {
                3
            } else {
                0
            }
        } else {
            0
        };
        out.push(Number {
            value: canonical(&int, &frac),
            range: start..end,
            percent,
            scale,
            arabic_digits,
        });
        i = j.max(i + 1);
    }
    out
}

/// English number words a translator may write for small numbers.
pub fn word_value(word: &str) -> Option<u32> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let w = word.to_lowercase();
    if let Some(n) = WORDS.iter().position(|x| *x == w) {
        return u32::try_from(n).ok();
    }
    Some(match w.as_str() {
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        "thousand" => 1000,
        "dozen" => 12,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, arabic: bool) -> Vec<(String, bool)> {
        numbers(text, arabic)
            .into_iter()
            .map(|n| (n.value, n.percent))
            .collect()
    }

    #[test]
    fn arabic_indic_digits_and_separators_read_as_ascii() {
        assert_eq!(values("عام ٢٠٢١", true), [("2021".into(), false)]);
        assert_eq!(values("١٫٥ مليار", true), [("1.5".into(), false)]);
        assert_eq!(values("١٠٬٠٠٠ دولار", true), [("10000".into(), false)]);
        assert_eq!(values("بنسبة ٥٠٪", true), [("50".into(), true)]);
        assert_eq!(values("بنسبة ٪٥٠", true), [("50".into(), true)]);
        assert_eq!(values("۱۴۰۰", true), [("1400".into(), false)]);
        assert_eq!(values("25 في المائة", true), [("25".into(), true)]);
        assert_eq!(numbers("٥ ملايين", true)[0].scale, 6);
    }

    #[test]
    fn english_grouping_decimals_and_percentages() {
        assert_eq!(values("in 2021.", false), [("2021".into(), false)]);
        assert_eq!(values("10,000 people", false), [("10000".into(), false)]);
        assert_eq!(values("1.50 billion", false), [("1.5".into(), false)]);
        assert_eq!(
            values("50% and 3 percent", false),
            [("50".into(), true), ("3".into(), true)]
        );
        assert_eq!(values("1,2,3", false).len(), 3);
        assert_eq!(values("the 21st century", false), [("21".into(), false)]);
    }

    #[test]
    fn scaling_moves_the_point() {
        assert_eq!(scaled("1.5", 9), "1500000000");
        assert_eq!(scaled("500", 3), "500000");
        assert_eq!(scaled("0.25", 1), "2.5");
    }
}
