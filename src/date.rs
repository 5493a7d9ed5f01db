//! Calendar dates as content uses them: parsed from TOML, compared, and shown to readers and
//! feeds. Times of day are accepted in front matter but only the date is kept, so output never
//! depends on the clock or the time zone of the machine that builds.

use std::fmt;

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Four-digit year.
    pub year: u16,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// The date part of a TOML datetime, if it has one.
    pub fn from_toml(value: &toml::value::Datetime) -> Option<Date> {
        let date = value.date?;
        Some(Date { year: date.year, month: date.month, day: date.day })
    }

    /// `2024-05-18`, for machines (sitemaps, `<time datetime>`).
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `2024-05-18T00:00:00Z`, for Atom feeds.
    pub fn rfc3339(&self) -> String {
        format!("{}T00:00:00Z", self.iso())
    }

    /// `18 May 2024`, for readers.
    pub fn display(&self) -> String {
        let month = MONTHS.get(usize::from(self.month).saturating_sub(1)).unwrap_or(&"");
        format!("{} {month} {}", self.day, self.year)
    }
}

impl Date {
    /// The date, if there is such a day (30 February is not).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1000..=9999).contains(&year).then_some(())?;
        (1..=days).contains(&day).then_some(Date { year, month, day })
    }

    /// The dates a person may have meant by `text`, written as people write dates rather than as
    /// TOML does: `12/03/2025` (either of two days), `25.12.2025`, `2025-3-12`, `2025/03/12`,
    /// `12 March 2025`, `March 12, 2025`, `12th Mar 2025`. The day-first reading comes first.
    /// Empty when `text` is no date at all.
    pub fn meant_by(text: &str) -> Vec<Date> {
        let text = text.trim().trim_matches(['"', '\'']).trim();
        let lower = text.to_ascii_lowercase();
        let words: Vec<&str> =
            lower.split(|c: char| c.is_whitespace() || c == ',').filter(|word| !word.is_empty()).collect();
        if words.len() == 3 {
            let month_of = |word: &str| {
                (word.len() >= 3)
                    .then(|| MONTHS.iter().position(|m| m.to_ascii_lowercase().starts_with(word)))
                    .flatten()
                    .map(|i| i as u8 + 1)
            };
            let day_of = |word: &str| word.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']).parse::<u8>().ok();
            let year = words[2].parse::<u16>().ok();
            let found = match (month_of(words[0]), month_of(words[1])) {
                (Some(month), None) => year.zip(day_of(words[1])).and_then(|(y, d)| Date::new(y, month, d)),
                (None, Some(month)) => year.zip(day_of(words[0])).and_then(|(y, d)| Date::new(y, month, d)),
                _ => None,
            };
            return found.into_iter().collect();
        }
        let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
        let [a, b, c] = parts.as_slice() else { return Vec::new() };
        if ![a, b, c].iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())) {
            return Vec::new();
        }
        let number = |p: &str| p.parse::<u16>().unwrap_or(0);
        let small = |p: &str| u8::try_from(number(p)).unwrap_or(0);
        if a.len() == 4 {
            return Date::new(number(a), small(b), small(c)).into_iter().collect();
        }
        let year = match c.len() {
            4 => number(c),
            2 => 2000 + number(c),
            _ => return Vec::new(),
        };
        let mut dates: Vec<Date> =
            [Date::new(year, small(b), small(a)), Date::new(year, small(a), small(b))].into_iter().flatten().collect();
        dates.dedup();
        dates
    }
}

/// What the parse error of a time given without a day starts with, so messages can explain it.
pub const TIME_WITHOUT_DAY: &str = "a time without a day";

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let value = toml::value::Datetime::deserialize(deserializer)?;
        Date::from_toml(&value).ok_or_else(|| serde::de::Error::custom(TIME_WITHOUT_DAY))
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A day, written year-month-day without quotes: 2024-05-18"
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_written_by_habit_are_understood() {
        let d = |year, month, day| Date { year, month, day };
        assert_eq!(Date::meant_by("12/03/2025"), vec![d(2025, 3, 12), d(2025, 12, 3)]);
        assert_eq!(Date::meant_by("\"25/12/2025\""), vec![d(2025, 12, 25)]);
        assert_eq!(Date::meant_by("12/25/2025"), vec![d(2025, 12, 25)]);
        assert_eq!(Date::meant_by("03.03.25"), vec![d(2025, 3, 3)]);
        assert_eq!(Date::meant_by("2025-3-12"), vec![d(2025, 3, 12)]);
        assert_eq!(Date::meant_by("2025/03/12"), vec![d(2025, 3, 12)]);
        assert_eq!(Date::meant_by("12 March 2025"), vec![d(2025, 3, 12)]);
        assert_eq!(Date::meant_by("March 12, 2025"), vec![d(2025, 3, 12)]);
        assert_eq!(Date::meant_by("12th Mar 2025"), vec![d(2025, 3, 12)]);
        assert_eq!(Date::meant_by("29/02/2024"), vec![d(2024, 2, 29)]);
        for nothing in ["29/02/2025", "31/31/2025", "Inbox management", "12/03", "1/2/3/4", "May 2025", "45"] {
            assert_eq!(Date::meant_by(nothing), vec![], "{nothing}");
        }
    }

    #[test]
    fn shows_dates_for_people_and_machines() {
        let date = Date { year: 2024, month: 5, day: 8 };
        assert_eq!(date.iso(), "2024-05-08");
        assert_eq!(date.display(), "8 May 2024");
        assert_eq!(date.rfc3339(), "2024-05-08T00:00:00Z");
    }
}
