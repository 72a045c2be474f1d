//! Older page generations, each rule of the reader on a real page (`tests/pages/`, copied
//! from the ECS, EVS, IAM and VPC references): column orders read by header, `请求消息`
//! and bare `请求`/`响应` sections, object tables titled by the field they describe or
//! pointed at by number, object rows typed only `object` whose tables the examples tell,
//! titles misspelt, container type spellings, path tables that misname a placeholder,
//! and statuses from the service's shared status page.

use huaweicloud_sdk_codegen::page;
use huaweicloud_sdk_codegen::transcribe::{self, Options, Transcript, known_names};
use serde_json::Value;

fn page_text(name: &str) -> String {
    let path = format!("{}/tests/pages/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn ecs_statuses() -> Vec<(String, String)> {
    page::shared_statuses(&page_text("ecs-common-statuses.zh.txt"))
}

fn transcript(name: &str, shared_statuses: &[(String, String)]) -> Transcript {
    transcribe::transcribe(
        &page_text(name),
        &Options {
            service: Some("test"),
            operation_id: Some("Op"),
            shared_statuses,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The transcript as the YAML it prints, read back.
fn printed(transcript: &Transcript) -> Value {
    serde_saphyr::from_str(&transcript.to_yaml()).unwrap()
}

fn schema<'v>(yaml: &'v Value, name: &str) -> &'v Value {
    yaml.pointer(&format!("/components/schemas/{name}"))
        .unwrap_or_else(|| panic!("no component {name} in {yaml:#}"))
}

/// The property names, sorted (the YAML is read back into a sorted map).
fn properties(schema: &Value) -> Vec<&str> {
    schema["properties"]
        .as_object()
        .map(|properties| properties.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn reference(schema: &Value) -> &str {
    schema["$ref"]
        .as_str()
        .or_else(|| schema["items"]["$ref"].as_str())
        .unwrap_or_else(|| panic!("no $ref in {schema}"))
        .trim_start_matches("#/components/schemas/")
}

#[test]
fn the_shared_status_page_lists_statuses_with_their_texts() {
    let statuses = ecs_statuses();
    let codes: Vec<&str> = statuses.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(&codes[..4], ["200", "201", "202", "204"]);
    assert!(codes.contains(&"404"), "{codes:?}");
    assert_eq!(statuses[0].1, "请求成功。");
    // `300 multiple choices`: the code, then the next cell describes it.
    let multiple = statuses.iter().find(|(code, _)| code == "300").unwrap();
    assert_eq!(multiple.1, "被请求的资源存在多个可供选择的响应。");
}

#[test]
fn a_page_without_statuses_takes_the_shared_page_s_success() {
    let page = "ecs-stop-server.zh.txt";
    let error = transcribe::transcribe(&page_text(page), &Options::default()).unwrap_err();
    assert!(error.message.contains("no status code"), "{error}");

    let yaml = printed(&transcript(page, &ecs_statuses()));
    let operation = &yaml["paths"]["/v2.1/{project_id}/servers/{server_id}/action"]["post"];
    let responses: Vec<&String> = operation["responses"].as_object().unwrap().keys().collect();
    assert_eq!(responses, ["200"]);
    assert_eq!(operation["responses"]["200"]["description"], "请求成功。");
    let note = operation["x-doc-deviation"].as_str().unwrap();
    assert!(note.contains("200, 201, 202, 204"), "{note}");
    assert!(
        !note.contains("REVIEW: the page documents no status"),
        "{note}"
    );
}

#[test]
fn a_request_under_请求消息_is_the_body_and_its_field_table_is_bound() {
    // `表1 参数说明` holds the path parameters; `表2 请求参数` under `请求消息` the body;
    // `表3 os-stop字段数据结构说明` the `os-stop` object.
    let yaml = printed(&transcript("ecs-stop-server.zh.txt", &ecs_statuses()));
    let operation = &yaml["paths"]["/v2.1/{project_id}/servers/{server_id}/action"]["post"];
    let parameters: Vec<(&str, &str)> = operation["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["in"].as_str().unwrap()))
        .collect();
    assert_eq!(parameters, [("project_id", "path"), ("server_id", "path")]);
    let body = schema(&yaml, "OpRequestBody");
    assert_eq!(properties(body), ["os-stop"]);
    let stop = schema(&yaml, reference(&body["properties"]["os-stop"]));
    assert_eq!(properties(stop), ["type"]);
}

#[test]
fn a_table_titled_by_its_field_describes_that_field() {
    // `user` is typed `Object`; `表4 user` lists its fields. The statuses are under
    // `返回值`, in a table headed `返回值 | 描述`.
    let yaml = printed(&transcript("iam-update-user-password.zh.txt", &[]));
    let operation = &yaml["paths"]["/v3/users/{user_id}/password"]["post"];
    assert!(operation["responses"]["204"].is_object(), "{operation:#}");
    assert!(operation["responses"]["404"].is_object(), "{operation:#}");
    let body = schema(&yaml, "OpRequestBody");
    let user = schema(&yaml, reference(&body["properties"]["user"]));
    assert_eq!(properties(user), ["original_password", "password"]);
    assert_eq!(
        user["required"],
        serde_json::json!(["password", "original_password"])
    );
}

#[test]
fn dotted_titles_describe_nested_fields() {
    // `表4 role`, `表5 role.policy`, `表6 role.policy.Statement`.
    let yaml = printed(&transcript("iam-update-custom-policy.zh.txt", &[]));
    let body = schema(&yaml, "OpRequestBody");
    let role = schema(&yaml, reference(&body["properties"]["role"]));
    let policy = schema(&yaml, reference(&role["properties"]["policy"]));
    assert_eq!(properties(policy), ["Statement", "Version"]);
    let statement = schema(&yaml, reference(&policy["properties"]["Statement"]));
    assert_eq!(policy["properties"]["Statement"]["type"], "array");
    assert!(
        properties(statement).contains(&"Action"),
        "{:?}",
        properties(statement)
    );
}

#[test]
fn columns_are_read_in_the_header_s_order() {
    // `参数 | 参数类型 | 是否必选 | 描述`: the type before the mandatory cell; the
    // untitled heading `volume参数说明` names the `volume` object's table.
    let yaml = printed(&transcript("evs-create-volume-cinder-v2.zh.txt", &[]));
    let body = schema(&yaml, "OpRequestBody");
    assert_eq!(body["required"], serde_json::json!(["volume"]));
    assert_eq!(
        body["properties"]["OS-SCH-HNT:scheduler_hints"]["type"],
        "object"
    );
    let volume = schema(&yaml, reference(&body["properties"]["volume"]));
    assert_eq!(volume["properties"]["size"]["type"], "integer");
    assert!(
        volume["required"]
            .as_array()
            .unwrap()
            .contains(&"size".into()),
        "{}",
        volume["required"]
    );
    let metadata = schema(&yaml, reference(&volume["properties"]["metadata"]));
    assert!(properties(metadata).contains(&"__system__encrypted"));
}

#[test]
fn a_list_type_is_described_by_its_field_s_table() {
    // `transfers` is `List<Transfer>`, and `transfers参数说明` (not `Transfer`) has the
    // fields; `links` is `List< Dict >`.
    let yaml = printed(&transcript("evs-list-transfers.zh.txt", &ecs_statuses()));
    let reply = schema(&yaml, "OpResponse");
    let transfers = &reply["properties"]["transfers"];
    assert_eq!(transfers["type"], "array");
    let transfer = schema(&yaml, reference(transfers));
    assert_eq!(properties(transfer), ["id", "links", "name", "volume_id"]);
    assert_eq!(transfer["properties"]["links"]["type"], "array");
    assert_eq!(transfer["properties"]["links"]["items"]["type"], "object");
}

#[test]
fn a_row_points_at_its_table_by_number() {
    let text = page_text("ecs-stop-server.zh.txt");
    let page = page::parse(&text).unwrap();
    let numbers: Vec<Option<&str>> = page
        .tables
        .iter()
        .map(|table| table.number.as_deref())
        .collect();
    assert_eq!(numbers, [Some("1"), Some("2"), Some("3")]);
    assert_eq!(
        page::table_references("弹性云服务器信息，请参见表3。详见Table 12"),
        ["3", "12"]
    );
}

#[test]
fn a_table_pointed_at_by_number_is_named_by_its_field() {
    // `server`: `弹性云服务器信息，请参见表3。`, `表3 创建云服务器请求参数说明`.
    let yaml = printed(&transcript("ecs-create-servers.zh.txt", &ecs_statuses()));
    let body = schema(&yaml, "OpRequestBody");
    let server = reference(&body["properties"]["server"]);
    assert_eq!(server, "Server");
    let server = schema(&yaml, server);
    for field in ["imageRef", "flavorRef", "name", "nics", "root_volume"] {
        assert!(properties(server).contains(&field), "{field}");
    }
    let nics = schema(&yaml, reference(&server["properties"]["nics"]));
    assert!(properties(nics).contains(&"subnet_id"));
    // Its title (`创建云服务器请求参数说明`) names no field, but a row points at it: the
    // table is `server`'s type, not parameters (before, its rows also became the query).
    let parameters: Vec<&str> =
        yaml["paths"]["/v1/{project_id}/cloudservers"]["post"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|parameter| parameter["name"].as_str().unwrap())
            .collect();
    assert_eq!(parameters, ["project_id"]);
}

#[test]
fn an_object_row_holds_the_table_whose_rows_its_examples_show() {
    // `auth | 是 | object`, then `表3 GetIdTokenAuthParams`: no type, number or field
    // name ties the row to its table; the example's keys under `auth` do.
    let yaml = printed(&transcript("iam-create-token-with-id-token.zh.txt", &[]));
    let body = schema(&yaml, "OpRequestBody");
    let auth = schema(&yaml, reference(&body["properties"]["auth"]));
    assert_eq!(properties(auth), ["id_token", "scope"]);
    assert_eq!(
        reference(&auth["properties"]["id_token"]),
        "GetIdTokenIdTokenBody"
    );
    // `domain` and `project` both show `id` and `name`: one table for both.
    let scope = schema(&yaml, reference(&auth["properties"]["scope"]));
    for field in ["domain", "project"] {
        let held = reference(&scope["properties"][field]);
        assert_eq!(held, "GetIdTokenScopeDomainOrProjectBody", "{field}");
    }
    // Those tables are the body's, not parameters (before, their rows became the query).
    let parameters: Vec<&str> =
        yaml["paths"]["/v3.0/OS-AUTH/id-token/tokens"]["post"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|parameter| parameter["name"].as_str().unwrap())
            .collect();
    assert_eq!(parameters, ["X-Idp-Id"]);

    let reply = schema(&yaml, "OpResponse");
    let token = schema(&yaml, reference(&reply["properties"]["token"]));
    let user = schema(&yaml, reference(&token["properties"]["user"]));
    // `token.user.domain` shows `id` and `name`, as several tables have: the one titled
    // by that path is the field's.
    assert_eq!(reference(&user["properties"]["domain"]), "TokenUserDomain");
    // `identity_provider` and `protocol` both show only `id`: the second takes the
    // table no field holds yet, not the first's.
    let federation = schema(&yaml, reference(&user["properties"]["OS-FEDERATION"]));
    assert_eq!(
        reference(&federation["properties"]["identity_provider"]),
        "IdpIdInfo"
    );
    assert_eq!(
        reference(&federation["properties"]["protocol"]),
        "ProtocolIdInfo"
    );
    // No example shows `token.domain`: it stays free-form, no table is guessed.
    let domain = &token["properties"]["domain"];
    assert!(domain.get("$ref").is_none() && domain.get("properties").is_none());
}

#[test]
fn a_reply_read_before_its_only_status_belongs_to_that_status() {
    // The reply's tables and example come before `返回值`, whose one success is 201.
    let yaml = printed(&transcript("iam-create-permanent-access-key.zh.txt", &[]));
    let responses = &yaml["paths"]["/v3.0/OS-CREDENTIAL/credentials"]["post"]["responses"];
    assert!(responses.get("200").is_none(), "{responses:#}");
    let created = &responses["201"]["content"]["application/json"];
    assert_eq!(reference(&created["schema"]), "OpResponse");
    assert!(
        created["examples"]["response_201"].is_object(),
        "{created:#}"
    );
    let reply = schema(&yaml, "OpResponse");
    let credential = schema(&yaml, reference(&reply["properties"]["credential"]));
    assert!(properties(credential).contains(&"secret"));
}

#[test]
fn an_operation_without_an_sdk_sample_takes_the_sdk_s_name() {
    let names = known_names::read(
        "POST\t/v1/{project_id}/cloudservers\tCreatePostPaidServers\nPOST\t/v2.1/{project_id}/servers/{server_id}/action\tNovaAssociateSecurityGroup\nPOST\t/v2.1/{project_id}/servers/{server_id}/action\tNovaDisassociateSecurityGroup\n",
    )
    .unwrap();
    let statuses = ecs_statuses();
    let options = || Options {
        service: Some("ecs"),
        shared_statuses: &statuses,
        known_names: &names,
        ..Default::default()
    };
    let text = page_text("ecs-create-servers.zh.txt");
    let created = transcribe::transcribe(&text, &options()).unwrap();
    assert_eq!(created.operation_id, "CreatePostPaidServers");
    let about_names = |transcript: &Transcript| {
        transcript
            .reviews
            .iter()
            .filter(|review| review.message.contains("SDK"))
            .count()
    };
    assert_eq!(about_names(&created), 0, "{:?}", created.reviews);
    // The SDK's operations on the stop page's path add or remove security groups; the
    // page's `os-stop` is neither, so its name comes from the path, decided.
    let text = page_text("ecs-stop-server.zh.txt");
    let stopped = transcribe::transcribe(&text, &options()).unwrap();
    assert_eq!(stopped.operation_id, "CreateServersAction");
    assert_eq!(about_names(&stopped), 0, "{:?}", stopped.reviews);
}

#[test]
fn an_example_against_its_table_is_kept_as_printed_with_a_deviation() {
    use huaweicloud_sdk_codegen::transcribe::{insert, skeleton};
    // The table types `dimensions` `String`; the request example sends an array.
    let transcript = transcript("aom-add-alarm-rule-deprecated.zh.txt", &[]);
    let servers = skeleton::Endpoints::default().servers("aom");
    let spec = skeleton::skeleton(&skeleton::NewSpec {
        service: "aom",
        version: "v1",
        servers: &servers,
    });
    let updated = insert::insert(
        &insert::Spec {
            service: "aom",
            path: "specs/aom.yaml",
            text: &spec,
        },
        &transcript,
        false,
        insert::Replacing::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let written: Value = serde_saphyr::from_str(&updated.text).unwrap();
    let example = &written["paths"]["/v1/{project_id}/ams/alarms"]["post"]["requestBody"]["content"]
        ["application/json"]["examples"]["request"];
    let note = example["x-doc-deviation"].as_str().unwrap_or_default();
    assert!(note.contains("at `/dimensions`"), "{example:#}");
    assert!(example["value"]["dimensions"].is_array(), "{example:#}");
    // What the generator lowers from it has no example of that request to test.
    let service = huaweicloud_sdk_codegen::lower(&huaweicloud_sdk_codegen::SpecInput {
        service: "aom",
        path: "specs/aom.yaml",
        text: &updated.text,
    })
    .unwrap();
    assert!(
        service
            .examples
            .iter()
            .all(|example| example.part != "request"),
        "{:?}",
        service.examples
    );
}

#[test]
fn items_without_a_table_are_typed_from_the_example() {
    // `servers` is `Array of objects` whose table is another page's (`具体参照表3接口`);
    // the example's servers give the fields, and the rule is recorded, decided.
    let yaml = printed(&transcript(
        "ecs-list-servers-details.zh.txt",
        &ecs_statuses(),
    ));
    let servers = &schema(&yaml, "OpResponse")["properties"]["servers"];
    let fields = properties(&servers["items"]);
    for field in ["id", "name", "status", "flavor", "addresses"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    let note = servers["x-doc-deviation"].as_str().unwrap_or_default();
    assert!(
        note.starts_with("The table gives the items no fields"),
        "{servers:#}"
    );
}

#[test]
fn an_integer_the_example_shows_beyond_32_bits_is_int64() {
    // `createTime | Integer`, and the example's `"createTime" : 1552093271000`.
    let yaml = printed(&transcript(
        "iam-list-groups-for-enterprise-project.zh.txt",
        &[],
    ));
    let reply = schema(&yaml, "OpResponse");
    let group = schema(&yaml, reference(&reply["properties"]["groups"]));
    let created = &group["properties"]["createTime"];
    assert_eq!(created["format"], "int64", "{created:#}");
    let note = created["x-doc-deviation"].as_str().unwrap_or_default();
    assert!(note.contains("32-bit"), "{created:#}");
}

#[test]
fn every_node_line_points_at_the_row_it_was_read_from() {
    let name = "ecs-list-servers-details.zh.txt";
    let text = page_text(name);
    let lines: Vec<&str> = text.lines().collect();
    let transcript = transcript(name, &ecs_statuses());
    let yaml = printed(&transcript);
    let mut parameters = 0;
    let mut properties = 0;
    for (pointer, &line) in &transcript.lines {
        let node = yaml
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{pointer} is not a node of the transcript"));
        let printed_line = lines
            .get(line - 1)
            .unwrap_or_else(|| panic!("{pointer}: line {line} is past the page's end"));
        // A row's line is the line of its name cell (or of the row, in pipe layouts).
        let named = match pointer.rsplit_once('/') {
            Some((parent, _)) if parent.ends_with("/parameters") => {
                parameters += 1;
                node["name"].as_str()
            }
            Some((parent, property)) if parent.ends_with("/properties") => {
                properties += 1;
                Some(property)
            }
            _ => None,
        };
        if let Some(named) = named {
            let named = named.replace("~1", "/").replace("~0", "~");
            // A field only an example shows is on the example's first line.
            let in_example = printed_line.trim_start().starts_with(['{', '['])
                && lines[line - 1..]
                    .iter()
                    .take(1000)
                    .any(|text| text.contains(&format!("\"{named}\"")));
            assert!(
                printed_line.contains(&named) || in_example,
                "{pointer}: line {line} is `{printed_line}`, not the row of `{named}`"
            );
        }
    }
    assert!(parameters > 3, "{:#?}", transcript.lines);
    assert!(properties > 20, "{:#?}", transcript.lines);
    assert_eq!(
        transcript.line_of(&format!(
            "{}/schema/maxLength",
            transcript
                .lines
                .keys()
                .find(|pointer| pointer.contains("/parameters/"))
                .unwrap()
        )),
        transcript
            .lines
            .iter()
            .find(|(pointer, _)| pointer.contains("/parameters/"))
            .map(|(_, line)| *line),
        "a node without a line of its own takes its parent's"
    );
}

/// The parameters of the operation: (name, in).
fn parameters(yaml: &Value, path: &str, method: &str) -> Vec<(String, String)> {
    yaml["paths"][path][method]["parameters"]
        .as_array()
        .map(|parameters| {
            parameters
                .iter()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap().into(),
                        p["in"].as_str().unwrap().into(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_row_typed_as_an_object_is_a_body_field_though_its_name_has_a_dash() {
    // `请求参数` holds one row, `os-volume_upload_image` (`os-extend`) typed `Object`:
    // a header's value is text, so the table is the body and its object table the row's.
    for (page, path, field, inner) in [
        (
            "evs-export-volume-to-image.zh.txt",
            "/v3/{project_id}/volumes/{volume_id}/action",
            "os-volume_upload_image",
            "image_name",
        ),
        (
            "evs-extend-volume-deprecated.zh.txt",
            "/v2/{project_id}/cloudvolumes/{volume_id}/action",
            "os-extend",
            "new_size",
        ),
    ] {
        let yaml = printed(&transcript(page, &ecs_statuses()));
        let path_only = [("project_id", "path"), ("volume_id", "path")]
            .map(|(name, location)| (name.to_owned(), location.to_owned()));
        assert_eq!(parameters(&yaml, path, "post"), path_only, "{page}");
        let body = schema(&yaml, "OpRequestBody");
        assert_eq!(properties(body), [field], "{page}");
        let object = schema(&yaml, reference(&body["properties"][field]));
        assert!(properties(object).contains(&inner), "{page}: {object:#}");
    }
}

#[test]
fn a_path_row_naming_no_placeholder_is_the_placeholder_without_a_row() {
    // The URI ends in `{traffic_mirror_filter_rule_id}`; the path table names
    // `port_mirror_filter_rule_id`, the only row naming no placeholder. The template's
    // name is what is sent; the misprint is recorded.
    let yaml = printed(&transcript(
        "vpc-delete-traffic-mirror-filter-rule.zh.txt",
        &[],
    ));
    let path = "/v3/{project_id}/vpc/traffic-mirror-filter-rules/{traffic_mirror_filter_rule_id}";
    let named = [
        ("traffic_mirror_filter_rule_id", "path"),
        ("project_id", "path"),
    ]
    .map(|(name, location)| (name.to_owned(), location.to_owned()));
    assert_eq!(parameters(&yaml, path, "delete"), named, "{yaml:#}");
    let note = yaml["paths"][path]["delete"]["x-doc-deviation"]
        .as_str()
        .unwrap_or_default();
    assert!(note.contains("`port_mirror_filter_rule_id`"), "{note}");
}

#[test]
fn a_path_row_naming_no_placeholder_when_each_has_its_row_is_the_query() {
    // `参数说明` lists `project_id`, `target_project_id` and `usage`; the URI line
    // (`.../os-quota-sets/{target_project_id}?usage=True`) sends `usage` in the query.
    let yaml = printed(&transcript(
        "evs-list-quotas-cinder-v2.zh.txt",
        &ecs_statuses(),
    ));
    let path = "/v2/{project_id}/os-quota-sets/{target_project_id}";
    let named = [
        ("project_id", "path"),
        ("target_project_id", "path"),
        ("usage", "query"),
    ]
    .map(|(name, location)| (name.to_owned(), location.to_owned()));
    assert_eq!(parameters(&yaml, path, "get"), named, "{yaml:#}");
    let note = yaml["paths"][path]["get"]["x-doc-deviation"]
        .as_str()
        .unwrap_or_default();
    assert!(note.contains("`usage`"), "{note}");
}

#[test]
fn a_title_misspelling_response_body_is_the_reply_s_body() {
    // `Reponse Body参数说明`, as the IAM reference prints it: the 200 reply's body, not
    // an object of the request (whose rows became query parameters).
    let yaml = printed(&transcript(
        "iam-list-enterprise-project-groups.zh.txt",
        &[],
    ));
    let path = "/v3.0/OS-PAP/enterprise-projects/{enterprise_project_id}/groups";
    let named = [("enterprise_project_id", "path")]
        .map(|(name, location)| (name.to_owned(), location.to_owned()));
    assert_eq!(parameters(&yaml, path, "get"), named);
    let ok = &yaml["paths"][path]["get"]["responses"]["200"]["content"]["application/json"];
    assert_eq!(reference(&ok["schema"]), "OpResponse");
    let reply = schema(&yaml, "OpResponse");
    assert_eq!(properties(reply), ["groups"]);
    assert_eq!(reply["properties"]["groups"]["type"], "array");
}

#[test]
fn an_error_body_s_title_is_not_the_success_s_body() {
    // `Reponse Body参数说明` holds `roles`; `Error Reponse Body参数说明` the failures'
    // `error`, `message`, ... which the 200 reply does not carry.
    let page = page::parse(&page_text("iam-list-enterprise-project-group-roles.zh.txt")).unwrap();
    let ok = page::Role::ResponseBody("200".to_owned());
    let names: Vec<&str> = page.rows(&ok).iter().map(|row| row.name.as_str()).collect();
    assert_eq!(names, ["roles"]);
}

#[test]
fn bare_请求_and_响应_are_the_request_and_response_sections() {
    // `请求` and `响应` stand alone above the header and body tables: before, `请求` was
    // read into the last path row's description and, with the request example read, the
    // error body's table (`Error Reponse Body参数说明`) became query parameters.
    let yaml = printed(&transcript(
        "iam-list-enterprise-project-group-roles.zh.txt",
        &[],
    ));
    let path = "/v3.0/OS-PAP/enterprise-projects/{enterprise_project_id}/groups/{group_id}/roles";
    let named = [("enterprise_project_id", "path"), ("group_id", "path")]
        .map(|(name, location)| (name.to_owned(), location.to_owned()));
    assert_eq!(parameters(&yaml, path, "get"), named);
    let group = &yaml["paths"][path]["get"]["parameters"][1];
    assert_eq!(group["description"], "企业项目已关联的用户组的ID。");
    assert_eq!(properties(schema(&yaml, "OpResponse")), ["roles"]);
}

#[test]
fn a_page_documenting_only_failures_takes_the_shared_page_s_success() {
    // `状态码为 400 时:` ... `状态码为 500 时:`, then `状态码` `请参见状态码。`: the success
    // is on the service's shared status page, as for a page documenting no status.
    let statuses = page::shared_statuses(&page_text("vpc-statuses.zh.txt"));
    let yaml = printed(&transcript("vpc-delete-address-group.zh.txt", &statuses));
    let operation =
        &yaml["paths"]["/v3/{project_id}/vpc/address_groups/{address_group_id}"]["delete"];
    let responses: Vec<&String> = operation["responses"].as_object().unwrap().keys().collect();
    assert_eq!(responses[0], "200", "{responses:?}");
    assert!(
        responses.iter().any(|status| *status == "404"),
        "{responses:?}"
    );
    let note = operation["x-doc-deviation"].as_str().unwrap_or_default();
    assert!(note.contains("only the failures 400, 401"), "{note}");
}

#[test]
fn an_object_row_whose_description_names_the_example_s_keys_has_those_fields() {
    // `volumes | Object | 云硬盘数量，键值对，包含：reserved（预留）、limit（最大）和
    // in_use（已使用）。` with no table of its own: the example's keys are its fields.
    let yaml = printed(&transcript("evs-cinder-list-quotas.zh.txt", &[]));
    let quotas = schema(&yaml, "QuotaSet");
    assert_eq!(
        properties(&quotas["properties"]["volumes"]),
        ["in_use", "limit", "reserved"]
    );
    assert_eq!(
        quotas["properties"]["volumes"]["properties"]["limit"]["type"],
        "integer"
    );
    // The example's `badrequest` is named by no description: it stays free-form.
    let reply = schema(&yaml, "OpResponse");
    assert_eq!(reply["properties"]["badrequest"]["type"], "object");
    assert!(reply["properties"]["badrequest"]["properties"].is_null());
}

#[test]
fn a_success_body_with_no_table_has_the_fields_its_example_shows() {
    // `响应消息: 请参考响应（任务类）。`: the fields are on a shared page; the example
    // shows `{"job_id": "..."}`.
    let yaml = printed(&transcript("ecs-migrate-server.zh.txt", &ecs_statuses()));
    let reply = &yaml["paths"]["/v1/{project_id}/cloudservers/{server_id}/migrate"]["post"]["responses"]
        ["200"]["content"]["application/json"]["schema"];
    let reply = schema(&yaml, reference(reply));
    assert_eq!(properties(reply), ["job_id"]);
    assert_eq!(reply["properties"]["job_id"]["type"], "string");
    assert!(
        reply["x-doc-deviation"]
            .as_str()
            .unwrap()
            .contains("gives the body no table"),
        "{reply}"
    );
    // A key that is no field name (`"云服务器所在网络名称": [...]`) stands for a map's
    // keys: that body stays free-form.
    let yaml = printed(&transcript("ecs-show-servers-ips.zh.txt", &ecs_statuses()));
    let reply = &yaml["paths"]["/v2.1/{project_id}/servers/{server_id}/ips/{networkName}"]["get"]["responses"]
        ["200"]["content"]["application/json"]["schema"];
    let reply = schema(&yaml, reference(reply));
    assert!(reply["properties"].is_null(), "{reply}");
}

#[test]
fn an_object_type_spaced_where_its_table_has_an_underscore_is_that_table() {
    // `Array of firewall Policy object`, the table `表3 firewall_Policy对象`.
    let yaml = printed(&transcript(
        "vpc-neutron-list-firewall-policies.zh.txt",
        &[],
    ));
    let reply = &yaml["paths"]["/v2.0/fwaas/firewall_policies"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"];
    let reply = schema(&yaml, reference(reply));
    assert_eq!(
        properties(reply),
        ["firewall_policies", "firewall_policies_links"]
    );
    let policy = schema(&yaml, reference(&reply["properties"]["firewall_policies"]));
    assert!(properties(policy).contains(&"firewall_rules"), "{policy}");
    assert!(policy["properties"]["audited"]["x-doc-deviation"].is_null());
}
