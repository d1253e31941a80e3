//! Dates as translation memories store them: seconds since the Unix epoch, in UTC, written in TMX's
//! `YYYYMMDDThhmmssZ` form.
//!
//! [`Timestamp`] is small and has no time-zone logic: TMX dates are UTC by definition, and the core needs
//! no calendar beyond converting to and from that form (the civil-date arithmetic is Howard Hinnant's
//! well-known days-from-civil algorithm).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A moment in UTC, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The current time (the epoch if the system clock is before 1970).
    pub fn now() -> Timestamp {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Timestamp(secs)
    }

    /// Parses TMX's `YYYYMMDDThhmmssZ` (the trailing `Z` may be missing in files from sloppy tools).
    pub fn parse_tmx(raw: &str) -> Option<Timestamp> {
        let raw = raw.trim();
        let raw = raw.strip_suffix('Z').unwrap_or(raw);
        let (date, time) = raw.split_once('T')?;
        if date.len() != 8
            || time.len() != 6
            || !date.bytes().chain(time.bytes()).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let num = |s: &str| s.parse::<i64>().ok();
        let (y, m, d) = (num(&date[..4])?, num(&date[4..6])?, num(&date[6..])?);
        let (hh, mm, ss) = (num(&time[..2])?, num(&time[2..4])?, num(&time[4..])?);
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
            return None;
        }
        Some(Timestamp(
            days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss,
        ))
    }

    /// `YYYYMMDDThhmmssZ`, as TMX writes dates.
    pub fn to_tmx(self) -> String {
        let (y, m, d, hh, mm, ss) = self.parts();
        format!("{y:04}{m:02}{d:02}T{hh:02}{mm:02}{ss:02}Z")
    }

    /// `YYYY-MM-DDThh:mm:ssZ` (ISO 8601), for reports and JSON.
    pub fn to_iso(self) -> String {
        let (y, m, d, hh, mm, ss) = self.parts();
        format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
    }

    fn parts(self) -> (i64, i64, i64, i64, i64, i64) {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso())
    }
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmx_dates_round_trip() {
        let cases = [
            ("19700101T000000Z", 0),
            ("20020523T091200Z", 1_022_145_120),
            ("20241107T122621Z", 1_730_982_381),
            ("20000229T235959Z", 951_868_799),
        ];
        for (text, secs) in cases {
            assert_eq!(Timestamp::parse_tmx(text), Some(Timestamp(secs)), "{text}");
            assert_eq!(Timestamp(secs).to_tmx(), text);
        }
        assert_eq!(Timestamp(0).to_iso(), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn bad_dates_are_rejected() {
        for bad in [
            "",
            "2002-05-23",
            "20021323T000000Z",
            "20020523T250000Z",
            "2002052T091200Z",
            "20020523091200",
        ] {
            assert_eq!(Timestamp::parse_tmx(bad), None, "{bad}");
        }
        assert!(Timestamp::parse_tmx("20020523T091200").is_some());
    }
}
