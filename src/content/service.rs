//! A service a VA sells: its pricing model and terms, its packages and its call to action,
//! with the checks that keep a price honest (a price always has a currency) and the plain-words
//! sentences that explain the terms to a client.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;
use crate::strings::Strings;
use crate::toml_error::TomlSource;

/// The fields of a service (`content/services/`), besides the page's own.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceFields {
    /// One sentence shown on the services list and the home page: make it about the result for the client.
    #[schemars(example = "A calm inbox every morning, without lifting a finger.")]
    pub summary: Option<String>,
    /// A short icon name the theme draws beside the service: inbox, mail, calendar, clock, ledger, megaphone, gear, users…
    #[schemars(example = &"inbox")]
    pub icon: Option<String>,
    /// true shows this service on the home page (three featured services is a good number).
    #[serde(default)]
    #[schemars(example = true)]
    pub featured: bool,
    /// What the client gets, one item each, shown under a heading such as "What's included".
    #[serde(default)]
    #[schemars(example = ["Daily inbox triage", "A weekly summary of what was done"])]
    pub deliverables: Vec<String>,
    /// How quickly you start or deliver, in words.
    #[schemars(example = "Within two working days")]
    pub turnaround: Option<String>,
    /// Who this service suits, so the right clients recognise themselves.
    #[serde(default)]
    #[schemars(example = ["Founders who spend an hour a day on email"])]
    pub ideal_for: Vec<String>,
    /// The software you use for this service.
    #[serde(default)]
    #[schemars(example = ["Gmail", "Outlook"])]
    pub tools: Vec<String>,
    /// How the service is charged; without it, no price is shown.
    pub pricing: Option<Pricing>,
    /// Named options at different prices, shown as a pricing table.
    #[serde(default)]
    pub packages: Vec<Package>,
    /// The button on this service's page; without it, the booking link from site.toml is used.
    pub cta: Option<Cta>,
}

/// How a service is priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// Billed by the hour.
    Hourly,
    /// A block of hours bought up front.
    Block,
    /// A monthly retainer.
    Retainer,
    /// Fixed packages.
    Package,
    /// A fixed-price project.
    Project,
    /// Priced on request.
    Quote,
}

impl Model {
    /// Its name in front matter, and in the strings table as `model_<name>`.
    pub fn key(self) -> &'static str {
        match self {
            Model::Hourly => "hourly",
            Model::Block => "block",
            Model::Retainer => "retainer",
            Model::Package => "package",
            Model::Project => "project",
            Model::Quote => "quote",
        }
    }

    /// A label for readers, in the site's language.
    pub fn label(self, strings: &Strings) -> String {
        strings.get(&format!("model_{}", self.key())).to_string()
    }
}

/// When the client pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Billing {
    /// Paid before the work.
    Prepaid,
    /// Invoiced after the work.
    Arrears,
}

/// `[pricing]` of a service.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    /// Which kind of price: hourly, block, retainer, package, project or quote.
    #[schemars(example = &"hourly")]
    pub model: Option<Model>,
    /// The starting price, the lowest a client would pay, without the currency sign: shown as "from £38".
    #[schemars(example = 35, range(min = 0))]
    pub from: Option<f64>,
    /// The three-letter code of the currency (GBP, USD, EUR, CAD, AUD…), needed whenever there is a price.
    #[schemars(example = &"GBP", regex(pattern = "^[A-Z]{3}$"))]
    pub currency: Option<String>,
    /// What the price is for: hour, month, project, 5-hour block; shown as "per hour".
    #[schemars(example = &"hour")]
    pub unit: Option<String>,
    /// The smallest number of hours you bill.
    #[schemars(example = 2, range(min = 0))]
    pub minimum_hours: Option<f64>,
    /// The steps time is tracked in, such as 15 for quarter-hours.
    #[schemars(example = 15)]
    pub increment_minutes: Option<u32>,
    /// How many unused hours carry into the next month (0 means none).
    #[schemars(example = 2, range(min = 0))]
    pub rollover_hours: Option<f64>,
    /// prepaid (paid in advance) or arrears (paid after the work).
    #[schemars(example = &"prepaid")]
    pub billing: Option<Billing>,
    /// The minimum commitment, in months.
    #[schemars(example = 3)]
    pub term_months: Option<u32>,
}

/// One `[[packages]]` entry: a plan with its price.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// The option's name: "Steady", "Core", "Ten-hour block".
    #[schemars(example = &"Starter")]
    pub name: String,
    /// Its price, without the currency sign (in the currency set under `[pricing]`).
    #[schemars(example = 300, range(min = 0))]
    pub price: Option<f64>,
    /// What the price is for (otherwise the unit set under `[pricing]`).
    #[schemars(example = &"month")]
    pub unit: Option<String>,
    /// The hours included.
    #[schemars(example = 10, range(min = 0))]
    pub hours: Option<f64>,
    /// What's included, one item each.
    #[serde(default)]
    #[schemars(example = ["10 hours a month", "Replies within one business day"])]
    pub features: Vec<String>,
    /// true makes this the option the table draws attention to; highlight one at most.
    #[serde(default)]
    #[schemars(example = true)]
    pub highlighted: bool,
    /// A sentence about who the plan suits.
    #[schemars(example = "For steady weekly admin.")]
    pub description: Option<String>,
}

/// `[cta]`: the service's own call to action.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cta {
    /// The button's text.
    #[schemars(example = "Book a call about this service")]
    pub label: Option<String>,
    /// Where it leads.
    #[schemars(example = "https://booking.example/your-name/this-service")]
    pub url: Option<crate::context::Link>,
}

/// Checks the pricing of a service: a price needs a currency, the currency is an ISO code.
pub fn validate(service: &ServiceFields, source: &TomlSource) -> Vec<Diagnostic> {
    let (pricing, packages) = (service.pricing.as_ref(), &service.packages);
    let mut problems = Vec::new();
    let currency = pricing.and_then(|p| p.currency.as_deref());
    let priced = pricing.is_some_and(|p| p.from.is_some()) || packages.iter().any(|p| p.price.is_some());
    if priced && currency.is_none() {
        let key = if pricing.is_some_and(|p| p.from.is_some()) { "from" } else { "price" };
        problems.push(
            source
                .error_at_key(key, "this price has no currency")
                .help("add currency = \"GBP\" (or USD, EUR, AUD, CAD…) under [pricing]"),
        );
    }
    if let Some(code) = currency
        && (code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()))
    {
        problems.push(
            source
                .error_at_key("currency", format!("'{code}' is not a currency code"))
                .help("use the three capital letters of the currency, such as GBP, USD or EUR"),
        );
    }
    problems
}

/// A price for readers, written as the site's language writes it: `£45`, `$1,200`, `99,50 €`.
pub fn format_price(amount: f64, currency: &str, strings: &Strings) -> String {
    let sign = match currency {
        "GBP" => "£",
        "USD" | "AUD" | "CAD" | "NZD" => "$",
        "EUR" => "€",
        "JPY" => "¥",
        "INR" => "₹",
        "BRL" => "R$",
        _ => currency,
    };
    let whole = amount.trunc() as i64;
    let cents = ((amount - amount.trunc()) * 100.0).round() as i64;
    let mut digits = whole.abs().to_string();
    let mut grouped = String::new();
    let separator = strings.get("thousands_separator");
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!("{separator}{tail}{grouped}");
    }
    let number = format!("{}{digits}{grouped}", if whole < 0 { "-" } else { "" });
    let number =
        if cents == 0 { number } else { format!("{number}{}{:02}", strings.get("decimal_separator"), cents.abs()) };
    if sign == currency {
        // a code, not a sign: always after the amount, with a space (`300 CHF`)
        return format!("{number}\u{a0}{currency}");
    }
    strings.fill("price", &[("sign", sign), ("amount", &number)])
}

/// The lowest price of a service and its unit: `[pricing] from`, else its cheapest package.
pub fn lowest_price<'a>(
    strings: &Strings,
    pricing: Option<&'a Pricing>,
    packages: &'a [Package],
) -> Option<(String, Option<&'a str>)> {
    let currency = pricing.and_then(|p| p.currency.as_deref()).unwrap_or("");
    let from = pricing.and_then(|p| p.from).or_else(|| packages.iter().filter_map(|p| p.price).reduce(f64::min))?;
    let unit = pricing.and_then(|p| p.unit.as_deref()).or_else(|| packages.first().and_then(|p| p.unit.as_deref()));
    Some((format_price(from, currency, strings), unit))
}

/// The pricing line for lists: `From £45 per hour`, or `Quote on request`.
pub fn price_line(strings: &Strings, pricing: Option<&Pricing>, packages: &[Package]) -> String {
    match lowest_price(strings, pricing, packages) {
        Some((price, Some(unit))) => strings.fill("from_price_per", &[("price", &price), ("unit", unit)]),
        Some((price, None)) => strings.fill("from_price", &[("price", &price)]),
        None => strings.get("quote_on_request").to_string(),
    }
}

/// The terms of a price in plain sentences, for the service page.
pub fn terms(strings: &Strings, pricing: &Pricing) -> Vec<String> {
    let mut terms = Vec::new();
    if let Some(hours) = pricing.minimum_hours {
        terms.push(strings.count("term_minimum_hours", hours, &[("hours", &format_number(hours))]));
    }
    if let Some(minutes) = pricing.increment_minutes {
        terms.push(strings.fill("term_increment", &[("minutes", &minutes.to_string())]));
    }
    if let Some(hours) = pricing.rollover_hours {
        if hours > 0.0 {
            terms.push(strings.count("term_rollover", hours, &[("hours", &format_number(hours))]));
        } else {
            terms.push(strings.get("term_no_rollover").to_string());
        }
    }
    match pricing.billing {
        Some(Billing::Prepaid) => terms.push(strings.get("term_prepaid").to_string()),
        Some(Billing::Arrears) => terms.push(strings.get("term_arrears").to_string()),
        None => {}
    }
    if let Some(months) = pricing.term_months {
        terms.push(strings.count("term_months", f64::from(months), &[("months", &months.to_string())]));
    }
    terms
}

/// A number for readers: `3`, `2.5`.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 { format!("{}", value as i64) } else { format!("{value}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_read_naturally() {
        let english = Strings::new("en-GB", &Default::default());
        assert_eq!(format_price(45.0, "GBP", &english), "£45");
        assert_eq!(format_price(1200.0, "USD", &english), "$1,200");
        assert_eq!(format_price(99.5, "EUR", &english), "€99.50");
        assert_eq!(format_price(300.0, "CHF", &english), "300\u{a0}CHF");
        let german = Strings::new("de", &Default::default());
        assert_eq!(format_price(1200.5, "EUR", &german), "1.200,50\u{a0}€");
        let french = Strings::new("fr", &Default::default());
        assert_eq!(format_price(12000.0, "EUR", &french), "12\u{202f}000\u{a0}€");
    }

    #[test]
    fn terms_are_sentences() {
        let pricing = Pricing {
            model: Some(Model::Retainer),
            from: Some(450.0),
            currency: Some("GBP".into()),
            unit: Some("month".into()),
            minimum_hours: Some(1.0),
            increment_minutes: Some(15),
            rollover_hours: Some(5.0),
            billing: Some(Billing::Prepaid),
            term_months: Some(3),
        };
        let strings = Strings::new("en", &Default::default());
        assert_eq!(
            terms(&strings, &pricing),
            [
                "Minimum booking of 1 hour.",
                "Time is billed in 15-minute increments.",
                "Up to 5 unused hours roll over to the next month.",
                "Paid in advance.",
                "Minimum term of 3 months."
            ]
        );
        assert_eq!(price_line(&strings, Some(&pricing), &[]), "From £450 per month");
        let german = Strings::new("de", &Default::default());
        assert_ne!(terms(&german, &pricing)[0], "Minimum booking of 1 hour.");
    }
}
