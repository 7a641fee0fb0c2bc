//! Money: an exact decimal amount with its currency, never a float.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// ISO 4217 code such as EUR.
    pub currency: String,
}

impl Money {
    pub fn new(amount: Decimal, currency: impl Into<String>) -> Self {
        Self {
            amount,
            currency: currency.into(),
        }
    }
}

/// `1353.98 EUR`, `3083.00 EUR`: every digit stored, and at least as many
/// decimals as the currency's minor unit. Padding adds zeros, never rounds.
impl fmt::Display for Money {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut amount = self.amount;
        let minor_units = minor_units(&self.currency);
        if amount.scale() < minor_units {
            amount.rescale(minor_units);
        }
        write!(formatter, "{amount} {}", self.currency)
    }
}

/// Decimals of a currency's minor unit (ISO 4217); two for most.
fn minor_units(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "ISK" | "CLP" | "VND" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn an_amount_keeps_every_digit_it_was_given() {
        let money = Money::new(Decimal::from_str("1353.98").unwrap(), "EUR");
        assert_eq!(money.to_string(), "1353.98 EUR");
        let json = serde_json::to_string(&money).unwrap();
        assert_eq!(json, r#"{"amount":"1353.98","currency":"EUR"}"#);
    }

    #[test]
    fn whole_amounts_show_their_cents_and_nothing_is_rounded() {
        let whole = Money::new(Decimal::from_str("3083").unwrap(), "EUR");
        assert_eq!(whole.to_string(), "3083.00 EUR");
        let fine = Money::new(Decimal::from_str("0.125").unwrap(), "EUR");
        assert_eq!(fine.to_string(), "0.125 EUR");
        let yen = Money::new(Decimal::from_str("500").unwrap(), "JPY");
        assert_eq!(yen.to_string(), "500 JPY");
    }
}
