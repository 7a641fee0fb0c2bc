//! The services as the command line calls them: no HTTP, a store in hand.

mod common;

use throughline_model::ProcessNumber;
use throughline_server::service::{self, CreateProcess, ServiceError};
use throughline_store::RecordFilter;

fn request(roots: &[&str]) -> CreateProcess {
    CreateProcess {
        account: "acme".to_owned(),
        group: "order-to-cash".to_owned(),
        roots: roots.iter().map(|root| (*root).to_owned()).collect(),
        ..CreateProcess::default()
    }
}

#[test]
fn a_process_takes_the_owner_and_title_it_was_given() {
    let store = common::store();
    let request = CreateProcess {
        owner: Some("ana".to_owned()),
        title: Some("Acme spring orders".to_owned()),
        ..request(&["o-2"])
    };

    let process = service::create_process(store.as_ref(), request).unwrap();

    assert_eq!(process.owner, "ana");
    assert_eq!(process.title, "Acme spring orders");
    assert_eq!(process.roots.len(), 1);
}

#[test]
fn a_blank_title_falls_back_to_the_account_and_group() {
    let store = common::store();
    let request = CreateProcess {
        title: Some("   ".to_owned()),
        ..request(&[])
    };

    let process = service::create_process(store.as_ref(), request).unwrap();

    assert_eq!(process.title, "Acme GmbH — Order to cash");
}

#[test]
fn a_root_named_twice_is_kept_once() {
    let store = common::store();

    let process = service::create_process(store.as_ref(), request(&["o-1", "order:o-1"])).unwrap();

    assert_eq!(process.roots.len(), 1);
}

#[test]
fn a_root_outside_the_groups_types_is_refused() {
    let store = common::store();

    let error = service::create_process(store.as_ref(), request(&["acme"])).unwrap_err();

    assert!(matches!(error, ServiceError::Invalid(_)), "{error}");
    assert_eq!(
        error.to_string(),
        "record account:acme is of type account, which group 'order-to-cash' does not include"
    );
}

#[test]
fn a_map_without_levels_takes_the_groups_three() {
    let store = common::store();
    let process = service::create_process(store.as_ref(), request(&[])).unwrap();

    let map = service::node_map(store.as_ref(), process.number, None).unwrap();

    assert_eq!(map.levels, 3);
    assert_eq!(map.nodes.len(), 7);
}

#[test]
fn resolving_names_the_missing_key_and_lists_ambiguous_candidates() {
    let store = common::store();

    let missing = service::resolve_record(store.as_ref(), "q-1").unwrap_err();
    assert_eq!(missing.to_string(), "no record 'q-1'");

    let ServiceError::Ambiguous { key, candidates } =
        service::resolve_record(store.as_ref(), "90000001").unwrap_err()
    else {
        panic!("a shared key is ambiguous");
    };
    assert_eq!(key, "90000001");
    assert_eq!(candidates, ["invoice:90000001", "payment:90000001"]);
}

#[test]
fn an_override_on_a_missing_process_names_the_process() {
    let store = common::store();

    let error = service::delink_record(store.as_ref(), ProcessNumber(7), "o-1").unwrap_err();

    assert_eq!(error.to_string(), "no sales process record SP0007");
}

#[test]
fn a_chosen_child_is_monitored_and_its_siblings_are_derived() {
    let store = common::store();
    let request = CreateProcess {
        children: vec!["ol-1".to_owned()],
        ..request(&["o-1"])
    };

    let process = service::create_process(store.as_ref(), request).unwrap();
    let map = service::node_map(store.as_ref(), process.number, Some(2)).unwrap();

    let tracking = |key: &str| {
        map.nodes
            .iter()
            .find(|node| node.key == key)
            .unwrap()
            .tracking
    };
    assert_eq!(tracking("ol-1"), throughline_model::Tracking::Monitored);
    assert_eq!(tracking("ol-2"), throughline_model::Tracking::Derived);
}

#[test]
fn a_key_two_sources_share_is_ambiguous_until_its_source_is_named() {
    let store = common::store_with_crm();

    let error = service::resolve_record(store.as_ref(), "o-1").unwrap_err();
    let erp = service::resolve_record(store.as_ref(), "erp:order:o-1").unwrap();
    let crm = service::resolve_record(store.as_ref(), " crm:order:o-1 ").unwrap();

    let ServiceError::Ambiguous { mut candidates, .. } = error else {
        panic!("a key in two sources is ambiguous: {error}");
    };
    candidates.sort();
    assert_eq!(candidates, ["crm:order:o-1", "erp:order:o-1"]);
    assert_eq!((erp.source.as_str(), crm.source.as_str()), ("erp", "crm"));
}

#[test]
fn a_key_holding_colons_resolves_alone_with_its_type_and_with_its_source() {
    let store = common::store_with_crm();

    for name in [
        "2024:07:1",
        "order_line:2024:07:1",
        "crm:order_line:2024:07:1",
    ] {
        let record = service::resolve_record(store.as_ref(), name).unwrap();
        assert_eq!(record.key, "2024:07:1", "{name}");
    }
}

#[test]
fn a_listing_names_its_account_as_a_process_does_for_the_command_line() {
    let store = common::store();
    let filter = RecordFilter {
        type_key: Some("order".to_owned()),
        account: Some("acme gmbh".to_owned()),
        limit: None,
    };

    let records = service::list_records(store.as_ref(), &filter).unwrap();

    let keys: Vec<&str> = records.iter().map(|record| record.key.as_str()).collect();
    assert_eq!(keys, ["o-1", "o-2"]);
}

#[test]
fn a_chosen_child_below_none_of_the_roots_is_refused_and_no_process_is_stored() {
    let store = common::store();
    let request = CreateProcess {
        children: vec!["ol-1".to_owned()],
        ..request(&["o-2"])
    };

    let error = service::create_process(store.as_ref(), request).unwrap_err();

    assert!(matches!(error, ServiceError::Invalid(_)), "{error}");
    assert_eq!(
        error.to_string(),
        "ol-1 is not below any chosen root; choose its parent record as a root, \
         or link it in after creating the process"
    );
    assert!(service::list_processes(store.as_ref()).unwrap().is_empty());
}

#[test]
fn a_chosen_child_two_levels_below_its_root_is_accepted_and_monitored() {
    let store = common::store();
    let request = CreateProcess {
        children: vec!["d-2".to_owned()],
        ..request(&["o-1"])
    };

    let process = service::create_process(store.as_ref(), request).unwrap();
    let map = service::node_map(store.as_ref(), process.number, None).unwrap();

    let delivery = map.nodes.iter().find(|node| node.key == "d-2").unwrap();
    assert_eq!(delivery.tracking, throughline_model::Tracking::Monitored);
}

#[test]
fn a_reset_for_the_command_line_reports_how_many_overrides_it_removed() {
    let store = common::store();
    let process = service::create_process(store.as_ref(), request(&[])).unwrap();
    service::delink_record(store.as_ref(), process.number, "ol-3").unwrap();

    let reset = service::reset_record(store.as_ref(), process.number, "ol-3").unwrap();

    assert_eq!(reset.removed, 1);
    assert!(reset.process.overrides.is_empty());
}

#[test]
fn a_bare_key_two_sources_share_means_the_one_on_the_processs_map() {
    let store = common::store_with_crm();
    let process = service::create_process(store.as_ref(), request(&["erp:order:o-1"])).unwrap();
    let erp = service::resolve_record(store.as_ref(), "erp:order:o-1").unwrap();

    let delinked = service::delink_record(store.as_ref(), process.number, "o-1").unwrap();

    assert_eq!(
        delinked.overrides,
        [throughline_model::Override::Delink { record: erp.id }]
    );
}
