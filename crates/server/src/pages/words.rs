//! Words on a page: counting ("1 order", "4 order lines", "2 deliveries"),
//! shared with the command line through the model, and shortening text a
//! layout has no room for.

pub(crate) use throughline_model::words::count_of;

/// Text fitted to a layout: what the page shows, and the whole text for a
/// tooltip when the shown text had to be cut.
#[derive(Debug)]
pub(crate) struct Fitted {
    pub(crate) shown: String,
    pub(crate) whole: Option<String>,
}

/// Cuts `text` to at most `limit` characters, an ellipsis marking the cut.
pub(crate) fn fitted(text: &str, limit: usize) -> Fitted {
    if text.chars().count() <= limit {
        return Fitted {
            shown: text.to_owned(),
            whole: None,
        };
    }
    let kept: String = text.chars().take(limit.saturating_sub(1)).collect();
    Fitted {
        shown: format!("{}…", kept.trim_end()),
        whole: Some(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_to_its_limit_with_an_ellipsis_and_a_short_one_is_left() {
        let short = fitted("Acme orders", 11);
        assert_eq!((short.shown.as_str(), short.whole), ("Acme orders", None));

        let long = fitted("Acme orders", 6);
        assert_eq!(long.shown, "Acme…");
        assert_eq!(long.whole.as_deref(), Some("Acme orders"));
        assert_eq!(fitted("ÄÖÜäöü", 4).shown, "ÄÖÜ…");
    }

    #[test]
    fn a_label_opening_with_an_acronym_keeps_its_capitals() {
        assert_eq!(count_of(2, "CRM check"), "2 CRM checks");
    }
}
