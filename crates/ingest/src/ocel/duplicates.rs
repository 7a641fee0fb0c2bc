//! Finding an id used twice. Ids are unique within a log by our documented
//! decision; each reader reports a repeat at its own kind of place.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// The positions of the first id that comes a second time, as (first use,
/// second use), or `None` when every id is unique.
pub(super) fn first_repeated_id<'id>(
    ids: impl ExactSizeIterator<Item = &'id str>,
) -> Option<(usize, usize)> {
    let mut first_use = HashMap::with_capacity(ids.len());
    for (position, id) in ids.enumerate() {
        match first_use.entry(id) {
            Entry::Occupied(first) => return Some((*first.get(), position)),
            Entry::Vacant(slot) => {
                slot.insert(position);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_use_of_the_first_repeated_id_is_found() {
        let ids = ["o1", "o2", "o3", "o2", "o1"];
        assert_eq!(first_repeated_id(ids.into_iter()), Some((1, 3)));
    }

    #[test]
    fn unique_ids_pass() {
        assert_eq!(first_repeated_id(["o1", "o2"].into_iter()), None);
    }
}
