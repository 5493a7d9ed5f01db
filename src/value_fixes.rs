//! Values typed by habit rather than as TOML wants them — curly quotes from a word processor,
//! dates written day/month/year, prices with their currency sign and unit — recognised on the
//! line that failed, with the line to write instead.

use crate::date::Date;

/// What was meant on a line, and the line to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, with the line to copy.
    pub help: String,
    /// Where on the line the problem starts (a byte offset into it), when that is clearer than
    /// where the parser stopped.
    pub at: Option<usize>,
}

/// What the caller knows about the failed line's surroundings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Around {
    /// The field takes a number.
    pub wants_number: bool,
    /// The document already sets a `currency`.
    pub has_currency: bool,
}

/// The fix for `line` (`key = value`), which failed to read, if it is a habit Shingle knows.
pub fn for_line(line: &str, around: Around) -> Option<Fix> {
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    if key.is_empty() || key.contains(char::is_whitespace) || key.starts_with('[') {
        return None;
    }
    let value = value.trim();
    curly_quotes(line, key, value).or_else(|| date(key, value)).or_else(|| number(key, value, around))
}

/// The quotation marks word processors put in, which TOML does not read as quotes.
const CURLY: [char; 6] = ['“', '”', '„', '‘', '’', '‚'];

/// A value in curly quotes: the line again with straight ones, if that reads as TOML.
fn curly_quotes(line: &str, key: &str, value: &str) -> Option<Fix> {
    let straight = straight_quotes(value)?;
    let fixed = format!("{key} = {straight}");
    fixed.parse::<toml::Table>().ok()?;
    let at = line.find(CURLY);
    Some(Fix {
        message: "this value is in curly quotes (“ ” or ‘ ’), which are not quotes to Shingle".to_string(),
        help: format!(
            "word processors and some editors put them in as you type; write straight quotes instead:\n{fixed}"
        ),
        at,
    })
}

/// `value` with each curly quote that opens or closes a text made straight (`"`); curly quotes
/// inside a text stay as they are. `None` when no curly quote opens or closes anything.
fn straight_quotes(value: &str) -> Option<String> {
    enum State {
        Outside,
        Straight(char),
        Curly,
    }
    let mut out = String::with_capacity(value.len());
    let mut state = State::Outside;
    let mut changed = false;
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match state {
            State::Outside if c == '#' => {
                out.push_str(&value[i..]);
                break;
            }
            State::Outside if c == '"' || c == '\'' => {
                state = State::Straight(c);
                out.push(c);
            }
            State::Outside if CURLY.contains(&c) => {
                state = State::Curly;
                changed = true;
                out.push('"');
            }
            State::Outside => out.push(c),
            State::Straight(quote) => {
                out.push(c);
                if c == '\\' && quote == '"' {
                    if let Some((_, next)) = chars.next() {
                        out.push(next);
                    }
                } else if c == quote {
                    state = State::Outside;
                }
            }
            State::Curly => {
                let rest = value[i + c.len_utf8()..].trim_start();
                let closes = rest.is_empty() || rest.starts_with([',', ']', '}', '#']);
                if CURLY.contains(&c) && closes {
                    out.push('"');
                    state = State::Outside;
                } else if c == '"' || c == '\\' {
                    out.push('\\');
                    out.push(c);
                } else {
                    out.push(c);
                }
            }
        }
    }
    (changed && !matches!(state, State::Curly)).then_some(out)
}

/// A date written as people write them: ask which day was meant when it could be two.
fn date(key: &str, value: &str) -> Option<Fix> {
    let dates = Date::meant_by(value);
    let shown = value.trim_matches(['"', '\'']);
    match dates.as_slice() {
        [date] => Some(Fix {
            message: format!("'{shown}' is a date, but not written the way Shingle reads dates"),
            help: format!("write it as year-month-day, without quotes:\n{key} = {}", date.iso()),
            at: None,
        }),
        [day_first, month_first] => Some(Fix {
            message: format!(
                "'{shown}' could be {} or {}: which did you mean?",
                day_first.display(),
                month_first.display()
            ),
            help: format!(
                "write dates as year-month-day, without quotes, so there is no doubt:\n\
                 {key} = {}   (for {})\n{key} = {}   (for {})",
                day_first.iso(),
                day_first.display(),
                month_first.iso(),
                month_first.display()
            ),
            at: None,
        }),
        _ => None,
    }
}

/// The currencies whose sign or code people write in a price, with their three-letter code.
const CURRENCIES: [(&str, &str); 12] = [
    ("US$", "USD"),
    ("CA$", "CAD"),
    ("AU$", "AUD"),
    ("NZ$", "NZD"),
    ("$", "USD"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("R", "ZAR"),
    ("CHF", "CHF"),
    ("kr", "SEK"),
];

/// The units people write after a price, with the word a unit field takes.
const UNITS: [(&[&str], &str); 5] = [
    (&["hour", "hours", "hr", "hrs", "h"], "hour"),
    (&["month", "months", "mo", "mth", "pm", "monthly"], "month"),
    (&["day", "days", "daily"], "day"),
    (&["week", "weeks", "wk", "weekly"], "week"),
    (&["year", "years", "yr", "annum", "pa", "yearly"], "year"),
];

/// A number written with a currency sign, a unit or as text: the number alone, and where the
/// currency and unit go.
fn number(key: &str, value: &str, around: Around) -> Option<Fix> {
    let text = value.trim_matches(['"', '\'']).trim();
    let (before, amount, after) = split_number(text)?;
    let before = before.trim();
    let currency = CURRENCIES.iter().find(|(sign, code)| before == *sign || before.eq_ignore_ascii_case(code));
    let after_words = after.to_ascii_lowercase();
    let unit_word = after_words.trim_start_matches(['/', ' ']).trim_start_matches("per ").trim_start_matches("an ");
    let unit_word = unit_word.trim_start_matches("a ").trim();
    let unit = UNITS.iter().find(|(words, _)| words.contains(&unit_word)).map(|(_, unit)| *unit);
    let code_after = CURRENCIES.iter().find(|(_, code)| after.trim().eq_ignore_ascii_case(code));
    let currency = currency.or(code_after);
    if !around.wants_number && currency.is_none() && unit.is_none() {
        return None;
    }
    if !before.is_empty() && currency.is_none() {
        return None;
    }
    let mut lines = vec![format!("{key} = {amount}")];
    // a currency and a unit belong with a price; any other number is just the number
    let price = matches!(key, "from" | "price");
    let (currency, unit) = if price { (currency, unit) } else { (None, None) };
    if let Some((sign, code)) = currency.filter(|_| !around.has_currency) {
        let others = if *sign == "$" { " (or CAD, AUD, NZD… — the code of your currency)" } else { "" };
        lines.push(format!("currency = \"{code}\"   (once, in [pricing]){others}"));
    }
    if let Some(unit) = unit {
        lines.push(format!("unit = \"{unit}\""));
    }
    let what = match (currency.is_some() && !around.has_currency, unit.is_some()) {
        (true, true) => "the number alone, with the currency and the unit on lines of their own",
        (true, false) => "the number alone, with the currency on a line of its own",
        (false, true) => "the number alone, with the unit on a line of its own",
        (false, false) => "the number alone, without quotes",
    };
    Some(Fix {
        message: format!("'{key}' takes a number, but it is {value}"),
        help: format!("write {what}:\n{}", lines.join("\n")),
        at: None,
    })
}

/// `text` around its one number: what comes before, the number as TOML writes it (thousands
/// separators dropped), and what comes after. `None` without exactly one number.
fn split_number(text: &str) -> Option<(&str, String, &str)> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let end = text[start..]
        .char_indices()
        .take_while(|(i, c)| {
            c.is_ascii_digit()
                || ((*c == ',' || *c == '.') && text[start + i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        })
        .last()
        .map(|(i, c)| start + i + c.len_utf8())?;
    let (before, written, after) = (&text[..start], &text[start..end], &text[end..]);
    if after.contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // 1,200 and 1.200,50 and 1200.50: the last separator followed by other than three digits
    // is the decimal point
    let last = written.rfind([',', '.']);
    let decimal = last.filter(|&i| written.len() - i - 1 != 3);
    let mut amount = String::new();
    for (i, c) in written.char_indices() {
        if c.is_ascii_digit() {
            amount.push(c);
        } else if Some(i) == decimal {
            amount.push('.');
        }
    }
    let amount = amount.trim_end_matches(".00").to_string();
    Some((before, amount, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help(line: &str) -> String {
        for_line(line, Around { wants_number: true, has_currency: false })
            .map(|fix| format!("{}\n{}", fix.message, fix.help))
            .unwrap_or_default()
    }

    #[test]
    fn curly_quotes_become_straight() {
        assert_eq!(straight_quotes("“Inbox management”").as_deref(), Some("\"Inbox management\""));
        assert_eq!(straight_quotes("‘Sam’s desk’").as_deref(), Some("\"Sam’s desk\""));
        assert_eq!(straight_quotes("[“Email”, “Tools”]").as_deref(), Some("[\"Email\", \"Tools\"]"));
        assert_eq!(straight_quotes("“Say \"hi\"” # note").as_deref(), Some("\"Say \\\"hi\\\"\" # note"));
        // curly quotes inside straight ones are text, and right as they are
        assert_eq!(straight_quotes("\"A “calmer” inbox\""), None);
        assert_eq!(straight_quotes("“never closed"), None);
        let fix = for_line("title = “Inbox management”", Around::default()).expect("a fix");
        assert_eq!(fix.help.lines().last(), Some("title = \"Inbox management\""));
        assert_eq!(fix.at, Some(8));
    }

    #[test]
    fn dates_ask_which_day_was_meant() {
        assert_eq!(
            help("date = 12/03/2025"),
            "'12/03/2025' could be 12 March 2025 or 3 December 2025: which did you mean?\n\
             write dates as year-month-day, without quotes, so there is no doubt:\n\
             date = 2025-03-12   (for 12 March 2025)\n\
             date = 2025-12-03   (for 3 December 2025)"
        );
        assert_eq!(
            help("date = \"25/12/2025\""),
            "'25/12/2025' is a date, but not written the way Shingle reads dates\n\
             write it as year-month-day, without quotes:\ndate = 2025-12-25"
        );
    }

    #[test]
    fn prices_lose_their_sign_and_unit() {
        assert_eq!(
            help("from = \"$45/hr\""),
            "'from' takes a number, but it is \"$45/hr\"\n\
             write the number alone, with the currency and the unit on lines of their own:\n\
             from = 45\n\
             currency = \"USD\"   (once, in [pricing]) (or CAD, AUD, NZD… — the code of your currency)\n\
             unit = \"hour\""
        );
        assert!(
            help("price = \"£1,200 per month\"")
                .contains("price = 1200\ncurrency = \"GBP\"   (once, in [pricing])\nunit = \"month\"")
        );
        assert!(help("price = \"1.200,50 EUR\"").contains("price = 1200.50\ncurrency = \"EUR\""));
        assert!(
            help("price = \"45.00\"").contains("price = 45\n") || help("price = \"45.00\"").ends_with("price = 45")
        );
        assert!(
            help("minimum_hours = \"2 hours\"").ends_with("write the number alone, without quotes:\nminimum_hours = 2")
        );
        assert!(help("price = \"1,200,000\"").ends_with("price = 1200000"));
        // text that only mentions a number is left to the usual message
        assert_eq!(for_line("title = \"Top 10 tips\"", Around::default()), None);
        assert_eq!(for_line("from = \"call me\"", Around { wants_number: true, has_currency: false }), None);
        // a currency set already is not asked for again
        let known = for_line("from = \"£45\"", Around { wants_number: true, has_currency: true }).expect("a fix");
        assert_eq!(known.help, "write the number alone, without quotes:\nfrom = 45");
    }
}
