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
    fn shows_dates_for_people_and_machines() {
        let date = Date { year: 2024, month: 5, day: 8 };
        assert_eq!(date.iso(), "2024-05-08");
        assert_eq!(date.display(), "8 May 2024");
        assert_eq!(date.rfc3339(), "2024-05-08T00:00:00Z");
    }
}
