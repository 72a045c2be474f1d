//! `x-pagination`: the IR it lowers to, the code it generates, and the located error
//! that each way of getting it wrong gives.

use huaweicloud_sdk_codegen::ir::{MarkerField, Pagination, PathStep, Presence, Service, TypeRef};
use huaweicloud_sdk_codegen::{GeneratedFile, SpecInput, generate, lower};

const SHOP: &str = include_str!("fixtures/paged.yaml");
const FILE: &str = "specs/shop.yaml";
/// Where the errors about ListOrders' extension point.
const ORDERS: &str = "specs/shop.yaml#/paths/~1v1~1{project_id}~1orders/get/x-pagination";
/// Where the errors about ListTags' extension point.
const TAGS: &str = "specs/shop.yaml#/paths/~1v1~1tags/get/x-pagination";

/// ListOrders' extension as the fixture writes it.
const ORDERS_EXTENSION: &str = "      x-pagination:
        items: /data/orders
        item-marker: order_id
        marker: marker
        limit: limit
";

fn input(text: &str) -> SpecInput<'_> {
    SpecInput {
        service: "shop",
        path: FILE,
        text,
    }
}

fn shop() -> Service {
    lower(&input(SHOP)).unwrap_or_else(|e| panic!("{e}"))
}

fn files() -> Vec<GeneratedFile> {
    generate(&input(SHOP)).unwrap_or_else(|e| panic!("{e}"))
}

fn file(files: &[GeneratedFile], path: &str) -> String {
    files
        .iter()
        .find(|file| file.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
        .clone()
}

fn pagination(service: &Service, id: &str) -> Option<Pagination> {
    service
        .operations
        .iter()
        .find(|operation| operation.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
        .pagination
        .clone()
}

/// The fixture with ListOrders' extension replaced by `extension` (YAML lines indented
/// under the operation, or nothing to drop it).
fn with_orders_extension(extension: &str) -> String {
    assert!(SHOP.contains(ORDERS_EXTENSION));
    SHOP.replace(ORDERS_EXTENSION, extension)
}

/// The fixture with one line of ListOrders' extension replaced.
fn with_orders_key(from: &str, to: &str) -> String {
    let from = format!("        {from}\n");
    assert!(ORDERS_EXTENSION.contains(&from), "{from}");
    with_orders_extension(&ORDERS_EXTENSION.replace(&from, &format!("        {to}\n")))
}

/// The error that generating `text` gives.
fn error_of(text: &str) -> String {
    match generate(&input(text)) {
        Ok(_) => panic!("the spec was accepted"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn lowers_a_path_through_objects_to_a_nullable_list() {
    assert_eq!(
        pagination(&shop(), "ListOrders"),
        Some(Pagination {
            items_path: vec![
                PathStep {
                    json_name: "data".into(),
                    rust_name: "data".into(),
                    presence: Presence::Always,
                },
                PathStep {
                    json_name: "orders".into(),
                    rust_name: "orders".into(),
                    presence: Presence::OptionalNullable,
                },
            ],
            item_type: TypeRef::Named("Order".into()),
            item_marker: MarkerField {
                json_name: "order_id".into(),
                rust_name: "order_id".into(),
                ty: TypeRef::String,
                presence: Presence::Always,
            },
            marker_param: "marker".into(),
            limit_param: Some("limit".into()),
        })
    );
}

#[test]
fn lowers_a_bare_array_reply_without_a_limit() {
    assert_eq!(
        pagination(&shop(), "ListTags"),
        Some(Pagination {
            items_path: vec![],
            item_type: TypeRef::Named("Tag".into()),
            item_marker: MarkerField {
                json_name: "id".into(),
                rust_name: "id".into(),
                ty: TypeRef::I64,
                presence: Presence::OptionalNullable,
            },
            marker_param: "start".into(),
            limit_param: None,
        })
    );
}

#[test]
fn operations_without_the_extension_do_not_page() {
    let service = shop();
    assert_eq!(pagination(&service, "ShowTag"), None);
    assert_eq!(pagination(&service, "DeleteTag"), None);
}

#[test]
fn paged_builders_get_into_pages_and_into_items() {
    let files = files();
    let operations = file(&files, "src/operations.rs");
    syn::parse_file(&operations).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        operations.contains("paginate::{self, Stream}"),
        "{operations}"
    );
    let orders = operations
        .split("pub struct ")
        .find(|part| part.starts_with("ListOrders "))
        .unwrap();
    for expected in [
        "pub fn into_pages(",
        "Item = Result<Response<crate::models::OrderPage>, Error>",
        "+ Send + Unpin",
        "let start = self.marker.clone();",
        "let limit = self.limit.and_then(|limit| usize::try_from(limit).ok());",
        "paginate::marker_pages(",
        "\"ListOrders\",",
        "|request: Self, marker: Option<String>|",
        "Some(marker) => request.marker(marker),",
        "|item: &crate::models::Order| Some(item.order_id.clone())",
        "pub fn into_items(",
        "impl Stream<Item = Result<crate::models::Order, Error>> + Send + Unpin",
        "body.data.orders.flatten().unwrap_or_default()",
        "sets `marker` to the `order_id` of the last item of `data.orders`",
        "a page with fewer items than `limit`",
    ] {
        assert!(orders.contains(expected), "no `{expected}` in {orders}");
    }
    let tags = operations
        .split("pub struct ")
        .find(|part| part.starts_with("ListTags "))
        .unwrap();
    for expected in [
        "let start = self.start;",
        "let limit = None;",
        "Some(marker) => request.start(marker),",
        "|body: &crate::models::TagList| body.as_slice(),",
        "|item: &crate::models::Tag| item.id.flatten(),",
        "paginate::items(self.into_pages(), |body: crate::models::TagList| body)",
    ] {
        assert!(tags.contains(expected), "no `{expected}` in {tags}");
    }
    assert!(!tags.contains("fewer items"), "{tags}");
    let show = operations
        .split("pub struct ")
        .find(|part| part.starts_with("ShowTag "))
        .unwrap();
    assert!(!show.contains("into_pages"), "{show}");
}

#[test]
fn paged_crates_re_export_paginate_and_show_it_in_the_readme() {
    let files = files();
    let lib = file(&files, "src/lib.rs");
    assert!(
        lib.contains(
            "pub use huaweicloud_sdk_core::{Config, Credentials, Error, Response, paginate};"
        ),
        "{lib}"
    );
    let readme = file(&files, "README.md");
    assert!(
        readme.contains(
            "Operations that page by marker: `list_orders`, `list_tags`, `list_coupons`."
        ),
        "{readme}"
    );
    assert!(
        readme.contains(".list_orders()\n        .into_items();"),
        "{readme}"
    );
}

#[test]
fn crates_without_paged_operations_stay_as_they_were() {
    let files = generate(&input(&with_orders_extension("").replace(
        "      x-pagination:\n        items: ''\n        item-marker: id\n        marker: start\n",
        "",
    ).replace(
        "      x-pagination:\n        items: /coupons\n        item-marker: code\n        marker: offset_id\n        limit: size\n",
        "",
    )))
    .unwrap_or_else(|e| panic!("{e}"));
    for path in ["src/lib.rs", "src/operations.rs", "README.md"] {
        let contents = file(&files, path);
        assert!(!contents.contains("paginate"), "{path}: {contents}");
        assert!(!contents.contains("Pagination"), "{path}: {contents}");
    }
}

#[test]
fn the_extension_must_be_a_mapping_of_known_string_keys() {
    assert_eq!(
        error_of(&with_orders_extension("      x-pagination: marker\n")),
        format!(
            "{ORDERS}: `x-pagination` must be a mapping with `items`, `item-marker`, `marker` and optionally `limit`"
        )
    );
    assert_eq!(
        error_of(&with_orders_key("limit: limit", "page-size: limit")),
        format!(
            "{ORDERS}: `x-pagination` has an unknown key `page-size`; it knows items, item-marker, marker, limit"
        )
    );
    assert_eq!(
        error_of(&with_orders_key("item-marker: order_id", "")),
        format!("{ORDERS}: `x-pagination` needs `item-marker`")
    );
    assert_eq!(
        error_of(&with_orders_key("marker: marker", "marker: [marker]")),
        format!("{ORDERS}: `x-pagination`: `marker` must be a string")
    );
}

#[test]
fn the_operation_needs_a_reply_body() {
    let text = SHOP.replace(
        "      summary: Delete a tag\n",
        "      summary: Delete a tag\n      x-pagination: {items: '', item-marker: id, marker: start}\n",
    );
    assert_eq!(
        error_of(&text),
        "specs/shop.yaml#/paths/~1v1~1tags~1{tag_id}/delete/x-pagination: \
         `x-pagination`: the success reply has no body to page through"
    );
}

#[test]
fn items_must_be_a_json_pointer_through_objects_to_an_array() {
    assert_eq!(
        error_of(&with_orders_key(
            "items: /data/orders",
            "items: data/orders"
        )),
        format!(
            "{ORDERS}: `items: data/orders`: a JSON pointer starts with `/` (or is empty for the whole body)"
        )
    );
    assert_eq!(
        error_of(&with_orders_key(
            "items: /data/orders",
            "items: /data/order"
        )),
        format!("{ORDERS}: `items: /data/order`: `OrderPageData` has no property `order`")
    );
    assert_eq!(
        error_of(&with_orders_key(
            "items: /data/orders",
            "items: /total/orders"
        )),
        format!(
            "{ORDERS}: `items: /total/orders`: `/total` is an int32 integer, not an object, so it has no property `orders`"
        )
    );
    assert_eq!(
        error_of(&with_orders_key("items: /data/orders", "items: /data")),
        format!("{ORDERS}: `items: /data`: `/data` is the object `OrderPageData`, not an array")
    );
    assert_eq!(
        error_of(&with_orders_key("items: /data/orders", "items: ''")),
        format!("{ORDERS}: `items: ''`: the body is the object `OrderPage`, not an array")
    );
    assert_eq!(
        error_of(&with_orders_key(
            "items: /data/orders",
            "items: /data/names"
        )),
        format!(
            "{ORDERS}: `items: /data/names`: the items are a string, not objects, so they have no marker property"
        )
    );
}

#[test]
fn item_marker_must_be_a_string_or_integer_property_of_the_item() {
    assert_eq!(
        error_of(&with_orders_key("item-marker: order_id", "item-marker: id")),
        format!("{ORDERS}: `item-marker: id`: `Order` has no property `id`")
    );
    assert_eq!(
        error_of(&with_orders_key(
            "item-marker: order_id",
            "item-marker: flagged"
        )),
        format!(
            "{ORDERS}: `item-marker: flagged`: `Order.flagged` is a boolean; a marker must be a string or an integer"
        )
    );
    assert_eq!(
        error_of(&with_orders_key(
            "item-marker: order_id",
            "item-marker: amount"
        )),
        format!(
            "{ORDERS}: `item-marker: amount`: `Order.amount` is a number; a marker must be a string or an integer"
        )
    );
    assert_eq!(
        error_of(&with_orders_key(
            "item-marker: order_id",
            "item-marker: serialNo"
        )),
        format!(
            "{ORDERS}: `item-marker: serialNo`: `Order.serialNo` is a second spelling of `serial` (`x-alias-of`); name `serial`"
        )
    );
}

#[test]
fn marker_must_be_a_query_parameter_of_the_item_markers_type() {
    assert_eq!(
        error_of(&with_orders_key("marker: marker", "marker: cursor")),
        format!(
            "{ORDERS}: `marker: cursor` must name a query parameter, but `cursor` is not a parameter of the operation"
        )
    );
    assert_eq!(
        error_of(&with_orders_key("marker: marker", "marker: X-Language")),
        format!(
            "{ORDERS}: `marker: X-Language` must name a query parameter, but `X-Language` is a header parameter"
        )
    );
    assert_eq!(
        error_of(&with_orders_key("marker: marker", "marker: project_id")),
        format!(
            "{ORDERS}: `marker: project_id` must name a query parameter, but `project_id` is a path parameter"
        )
    );
    // The COC case the other way round: an int64 marker parameter, a string item property.
    assert_eq!(
        error_of(&with_orders_key("marker: marker", "marker: limit")),
        format!(
            "{ORDERS}: `marker: limit`: the parameter is an int32 integer, but the items' `order_id` is a string; they must have the same type"
        )
    );
    let text = SHOP.replace(
        "          description: The id of the last tag of the previous page.\n          schema: {type: integer, format: int64}",
        "          description: The id of the last tag of the previous page.\n          schema: {type: integer, format: int32}",
    );
    assert_eq!(
        error_of(&text),
        format!(
            "{TAGS}: `marker: start`: the parameter is an int32 integer, but the items' `id` is an int64 integer; they must have the same type"
        )
    );
}

#[test]
fn limit_must_be_an_integer_query_parameter_other_than_marker() {
    assert_eq!(
        error_of(&with_orders_key("limit: limit", "limit: since")),
        format!(
            "{ORDERS}: `limit: since`: the page size must be an integer query parameter, but it is a number"
        )
    );
    assert_eq!(
        error_of(&with_orders_key("limit: limit", "limit: marker")),
        format!(
            "{ORDERS}: `limit: marker`: the page size must be an integer query parameter, but it is a string"
        )
    );
    assert_eq!(
        error_of(&with_orders_key("limit: limit", "limit: X-Language")),
        format!(
            "{ORDERS}: `limit: X-Language` must name a query parameter, but `X-Language` is a header parameter"
        )
    );
    assert_eq!(
        error_of(&with_orders_key("limit: limit", "limit: page")),
        format!(
            "{ORDERS}: `limit: page` must name a query parameter, but `page` is not a parameter of the operation"
        )
    );
    let text = SHOP.replace(
        "        marker: start\n",
        "        marker: start\n        limit: start\n",
    );
    assert_eq!(
        error_of(&text),
        format!("{TAGS}: `limit` and `marker` both name the parameter `start`")
    );
    // Without `limit`, a page is only known to be the last when it is empty.
    let service = lower(&input(&with_orders_key("limit: limit", ""))).unwrap();
    assert_eq!(
        pagination(&service, "ListOrders").and_then(|p| p.limit_param),
        None
    );
}

#[test]
fn the_coc_spec_pages_get_script_job_batch() {
    let coc = lower(&SpecInput {
        service: "coc",
        path: "specs/coc.yaml",
        text: include_str!("../../specs/coc.yaml"),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let batch = pagination(&coc, "GetScriptJobBatch").expect("GetScriptJobBatch pages");
    let path: Vec<&str> = batch
        .items_path
        .iter()
        .map(|step| step.json_name.as_str())
        .collect();
    assert_eq!(path, ["data", "execute_instances"]);
    assert_eq!(batch.item_type, TypeRef::Named("ExecutionInstance".into()));
    assert_eq!(
        (batch.item_marker.rust_name.as_str(), &batch.item_marker.ty),
        ("id", &TypeRef::I64)
    );
    assert_eq!(batch.marker_param, "marker");
    assert_eq!(batch.limit_param.as_deref(), Some("limit"));
    assert_eq!(pagination(&coc, "GetScriptJobInfo"), None);
}
