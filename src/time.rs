//! Calendar dates of Unix seconds (UTC), for file names, TMX and JSON: one
//! implementation of the proleptic Gregorian calendar (Howard Hinnant's
//! algorithms), years clamped to 0000–9999 so every format stays fixed-width.

/// (year, month, day, hour, minute, second) of `secs`.
pub fn utc(secs: i64) -> (i64, i64, i64, i64, i64, i64) {
    let min = days_from_civil(0, 1, 1) * 86_400;
    let max = days_from_civil(9999, 12, 31) * 86_400 + 86_399;
    let secs = secs.clamp(min, max);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    (y, m, d, t / 3600, t / 60 % 60, t % 60)
}

/// Days since 1970-01-01 of a calendar date.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `YYYYMMDD-HHMMSS` (backup file names).
pub fn compact(secs: i64) -> String {
    let (y, m, d, h, n, s) = utc(secs);
    format!("{y:04}{m:02}{d:02}-{h:02}{n:02}{s:02}")
}

/// `YYYY-MM-DDTHH:MM:SSZ` (ISO 8601).
pub fn iso8601(secs: i64) -> String {
    let (y, m, d, h, n, s) = utc(secs);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{n:02}:{s:02}Z")
}

/// `YYYYMMDDTHHMMSSZ` (TMX dates).
pub fn tmx(secs: i64) -> String {
    let (y, m, d, h, n, s) = utc(secs);
    format!("{y:04}{m:02}{d:02}T{h:02}{n:02}{s:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_formats_agree() {
        let t = 951_782_400 + 3_661; // 2000-02-29 01:01:01
        assert_eq!(compact(t), "20000229-010101");
        assert_eq!(iso8601(t), "2000-02-29T01:01:01Z");
        assert_eq!(tmx(t), "20000229T010101Z");
        assert_eq!(tmx(i64::MAX), "99991231T235959Z");
        assert_eq!(iso8601(i64::MIN), "0000-01-01T00:00:00Z");
        for days in [-800_000, -1, 0, 59, 60, 11_016, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
