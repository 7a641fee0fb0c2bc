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

/// `1353.98 EUR`: the amount as exactly as it was stored.
impl fmt::Display for Money {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} {}", self.amount, self.currency)
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
}
