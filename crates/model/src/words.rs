//! Counting in words for people: "1 order", "4 order lines",
//! "2 deliveries", from a type's label.

/// `count` things of a type whose label is `label` ("Order line").
pub fn count_of(count: usize, label: &str) -> String {
    let noun = lower_first(label);
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {}", plural(&noun))
    }
}

/// Lowers the label's first letter unless it opens with an acronym
/// ("CRM check" stays as it is).
fn lower_first(label: &str) -> String {
    let first_word = label.split(' ').next().unwrap_or_default();
    let is_acronym = first_word.len() > 1 && first_word.chars().all(|c| c.is_uppercase());
    let mut characters = label.chars();
    match characters.next() {
        Some(first) if !is_acronym => first.to_lowercase().chain(characters).collect(),
        _ => label.to_owned(),
    }
}

/// English plurals of the regular kind, which covers the built-in types.
fn plural(noun: &str) -> String {
    let consonant_y = noun
        .strip_suffix('y')
        .filter(|stem| !stem.ends_with(['a', 'e', 'i', 'o', 'u']));
    if let Some(stem) = consonant_y {
        return format!("{stem}ies");
    }
    if noun.ends_with(['s', 'x']) || noun.ends_with("ch") || noun.ends_with("sh") {
        return format!("{noun}es");
    }
    format!("{noun}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_type_labels_count_in_plain_english() {
        assert_eq!(count_of(1, "Order"), "1 order");
        assert_eq!(count_of(4, "Order line"), "4 order lines");
        assert_eq!(count_of(2, "Delivery"), "2 deliveries");
        assert_eq!(count_of(3, "Opportunity"), "3 opportunities");
        assert_eq!(count_of(0, "Box"), "0 boxes");
    }
}
