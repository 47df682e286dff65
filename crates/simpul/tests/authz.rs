//! The authorization walk: every operation in `/api/v1/openapi.json`, against
//! no credentials, every role (one demo account each, plus agency-scoped
//! accounts of other agencies), read- and write-scope bearer tokens.
//!
//! - Public operations declare `security: [{}]` and answer anonymously.
//! - Every other operation declares a real security requirement, answers 401
//!   `unauthenticated` without credentials (or with an unknown bearer token)
//!   and 403 `forbidden` to a caller whose roles do not allow it. Each call
//!   carries a well-formed body on DINKES records; a refusal is repeated with
//!   a body that does not parse (`{}`) and one that does not validate
//!   (`name: ""`), which must not turn the 401/403 into a 400/422.
//! - An allowed caller gets neither 401 nor 403 (nor a 5xx).
//! - Kepala PD / Operator PD of DINKES are refused on DISDIKBUD records and
//!   cannot move DINKES records there; those of other agencies are refused
//!   on DINKES records (they are walked like every role).
//! - A read-scope token gets 403 on every unsafe method; a write token
//!   behaves like its account's session.
//! - A cookie-session POST without (or with a wrong) `x-csrf-token` gets 403
//!   `csrf_failed`, as does a cross-site POST.
//! - Nobody can revoke another account's token; signing out ends the session.
//!
//! The full walk runs on SQLite (it is about routing and policy, not
//! storage); a few roles repeat it on PostgreSQL.
//!
//! [`TABLE`] is the authorization decision for every operation. An
//! operation in the document but not in the table fails the test, and so
//! does a table row the document no longer has: a new route forces a
//! decision here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::{BTreeMap, BTreeSet};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::{App, Backend, Client};

#[derive(Debug, Clone, Copy)]
enum Access {
    /// No credentials needed.
    Public,
    /// Any signed-in account.
    AnyUser,
    /// Only these demo accounts, on the DINKES records the walk targets.
    Only(&'static [&'static str]),
}

use Access::{AnyUser, Public};

/// Administrator Diskominfo only (`ManageProfile`, `ManageAgencies`, `ManageAccounts`).
const ADMIN: Access = Access::Only(&["admin"]);
/// `EditAgency(DINKES)` / `ManageApplications(DINKES)` / `ManageLan(DINKES)`: Diskominfo, and Kepala PD or Operator PD of DINKES.
const DINKES_EDITORS: Access = Access::Only(&["admin", "kadinkes", "operator.dinkes"]);
/// `ManageAssets` for some agency (the CSV import names its agencies per row): Diskominfo, and every Kepala PD or Operator PD.
const ASSET_EDITORS_ANYWHERE: Access = Access::Only(&["admin", "kadiskominfo", "kadinkes", "operator.dinkes", "operator.disdik", "tim.bappeda"]);
/// `ManageDatasets(DINKES)`: Diskominfo, and the Walidata, Kepala PD or Operator PD of DINKES.
const DINKES_DATA_EDITORS: Access = Access::Only(&["admin", "kadinkes", "walidata.dinkes", "operator.dinkes"]);
/// `ViewAudit`: Diskominfo, Kepala Daerah, Sekretaris Daerah, Auditor TIK, Asesor internal.
const EXCHANGE_READERS: Access = Access::Only(&["admin", "auditor", "kadiskominfo", "kadinkes", "operator.dinkes", "operator.disdik", "tim.bappeda"]);
const AUDIT_READERS: Access = Access::Only(&["admin", "walikota", "sekda", "auditor", "asesor"]);

/// Every operation of the API and who may call it. The walk runs in this
/// order: deactivations come before reactivations, and signing out last.
const TABLE: &[(&str, &str, Access)] = &[
    ("GET", "/api/v1/portal", Public),
    ("GET", "/api/v1/regulations", Public),
    ("GET", "/api/v1/regulations/{code}", Public),
    ("POST", "/api/v1/session", Public),
    ("GET", "/api/v1/roles", AnyUser),
    ("GET", "/api/v1/me", AnyUser),
    ("POST", "/api/v1/me/password", AnyUser),
    ("GET", "/api/v1/me/tokens", AnyUser),
    ("POST", "/api/v1/me/tokens", AnyUser),
    ("DELETE", "/api/v1/me/tokens/{id}", AnyUser),
    ("GET", "/api/v1/profile", AnyUser),
    ("PUT", "/api/v1/profile", ADMIN),
    ("GET", "/api/v1/dashboard", AnyUser),
    ("GET", "/api/v1/agencies", AnyUser),
    ("POST", "/api/v1/agencies", ADMIN),
    ("GET", "/api/v1/agencies/{id}", AnyUser),
    ("PUT", "/api/v1/agencies/{id}", DINKES_EDITORS),
    ("POST", "/api/v1/agencies/{id}/deactivate", ADMIN),
    ("POST", "/api/v1/agencies/{id}/activate", ADMIN),
    ("GET", "/api/v1/agencies/{id}/units", AnyUser),
    ("POST", "/api/v1/agencies/{id}/units", DINKES_EDITORS),
    ("PUT", "/api/v1/units/{id}", DINKES_EDITORS),
    ("GET", "/api/v1/people", AnyUser),
    ("POST", "/api/v1/people", DINKES_EDITORS),
    ("GET", "/api/v1/people/{id}", AnyUser),
    ("PUT", "/api/v1/people/{id}", DINKES_EDITORS),
    ("POST", "/api/v1/people/{id}/deactivate", DINKES_EDITORS),
    ("POST", "/api/v1/people/{id}/activate", DINKES_EDITORS),
    ("GET", "/api/v1/accounts", ADMIN),
    ("POST", "/api/v1/accounts", ADMIN),
    ("GET", "/api/v1/accounts/{id}", ADMIN),
    ("PUT", "/api/v1/accounts/{id}/roles", ADMIN),
    ("POST", "/api/v1/accounts/{id}/password-reset", ADMIN),
    ("POST", "/api/v1/accounts/{id}/deactivate", ADMIN),
    ("POST", "/api/v1/accounts/{id}/activate", ADMIN),
    ("GET", "/api/v1/applications", AnyUser),
    ("POST", "/api/v1/applications", DINKES_EDITORS),
    ("GET", "/api/v1/applications/export.csv", AnyUser),
    ("GET", "/api/v1/applications/export.json", AnyUser),
    ("GET", "/api/v1/applications/{id}", AnyUser),
    ("PUT", "/api/v1/applications/{id}", DINKES_EDITORS),
    ("GET", "/api/v1/applications/{id}/files", AnyUser),
    ("POST", "/api/v1/applications/{id}/files", DINKES_EDITORS),
    ("GET", "/api/v1/applications/{id}/relations", AnyUser),
    ("POST", "/api/v1/applications/{id}/relations", DINKES_EDITORS),
    ("DELETE", "/api/v1/applications/{id}/relations/{relation_id}", DINKES_EDITORS),
    ("GET", "/api/v1/reference/app-functions", AnyUser),
    ("GET", "/api/v1/reference/app-data-kinds", AnyUser),
    ("GET", "/api/v1/gsb/usage", AnyUser),
    ("GET", "/api/v1/network/label-scheme", AnyUser),
    ("PUT", "/api/v1/network/label-scheme", ADMIN),
    ("GET", "/api/v1/network/lan-status", AnyUser),
    ("GET", "/api/v1/wan-links", AnyUser),
    ("POST", "/api/v1/wan-links", ADMIN),
    ("GET", "/api/v1/wan-links/{id}", AnyUser),
    ("PUT", "/api/v1/wan-links/{id}", ADMIN),
    ("GET", "/api/v1/network-devices", AnyUser),
    ("POST", "/api/v1/network-devices", DINKES_EDITORS),
    ("GET", "/api/v1/network-devices/export.csv", AnyUser),
    ("GET", "/api/v1/network-devices/export.json", AnyUser),
    ("GET", "/api/v1/network-devices/{id}", AnyUser),
    ("PUT", "/api/v1/network-devices/{id}", DINKES_EDITORS),
    ("POST", "/api/v1/network-devices/{id}/ports", DINKES_EDITORS),
    ("GET", "/api/v1/cables", AnyUser),
    ("POST", "/api/v1/cables", DINKES_EDITORS),
    ("GET", "/api/v1/cables/export.csv", AnyUser),
    ("GET", "/api/v1/cables/export.json", AnyUser),
    ("GET", "/api/v1/cables/{id}", AnyUser),
    ("PUT", "/api/v1/cables/{id}", DINKES_EDITORS),
    ("POST", "/api/v1/cables/{id}/label", DINKES_EDITORS),
    ("GET", "/api/v1/agencies/{id}/lan-diagrams", AnyUser),
    ("POST", "/api/v1/agencies/{id}/lan-diagrams", DINKES_EDITORS),
    ("GET", "/api/v1/attachments/{id}", AnyUser),
    ("GET", "/api/v1/attachments/{id}/verify", AnyUser),
    ("GET", "/api/v1/assets", AnyUser),
    ("POST", "/api/v1/assets", DINKES_EDITORS),
    ("GET", "/api/v1/assets/export.csv", AnyUser),
    ("GET", "/api/v1/assets/export.json", AnyUser),
    ("POST", "/api/v1/assets/import", ASSET_EDITORS_ANYWHERE),
    ("GET", "/api/v1/assets/import/template.csv", AnyUser),
    ("GET", "/api/v1/assets/settings", AnyUser),
    ("PUT", "/api/v1/assets/settings", ADMIN),
    ("GET", "/api/v1/assets/{id}", AnyUser),
    ("PUT", "/api/v1/assets/{id}", DINKES_EDITORS),
    ("GET", "/api/v1/assets/{id}/history", AnyUser),
    ("GET", "/api/v1/reference/asset-categories", AnyUser),
    ("GET", "/api/v1/licences", AnyUser),
    ("POST", "/api/v1/licences", DINKES_EDITORS),
    ("GET", "/api/v1/licences/{id}", AnyUser),
    ("PUT", "/api/v1/licences/{id}", DINKES_EDITORS),
    ("POST", "/api/v1/licences/{id}/seats", DINKES_EDITORS),
    ("DELETE", "/api/v1/licences/{id}/seats/{seat_id}", DINKES_EDITORS),
    ("GET", "/api/v1/findings", AnyUser),
    ("GET", "/api/v1/findings/checks", AnyUser),
    ("GET", "/api/v1/datacentre/sites", AnyUser),
    ("POST", "/api/v1/datacentre/sites", ADMIN),
    ("GET", "/api/v1/datacentre/sites/{id}", AnyUser),
    ("PUT", "/api/v1/datacentre/sites/{id}", ADMIN),
    ("GET", "/api/v1/datacentre/rooms", AnyUser),
    ("POST", "/api/v1/datacentre/rooms", ADMIN),
    ("GET", "/api/v1/datacentre/rooms/{id}", AnyUser),
    ("PUT", "/api/v1/datacentre/rooms/{id}", ADMIN),
    ("GET", "/api/v1/datacentre/racks", AnyUser),
    ("POST", "/api/v1/datacentre/racks", ADMIN),
    ("GET", "/api/v1/datacentre/racks/{id}", AnyUser),
    ("PUT", "/api/v1/datacentre/racks/{id}", ADMIN),
    ("GET", "/api/v1/datacentre/servers", AnyUser),
    ("POST", "/api/v1/datacentre/servers", ADMIN),
    ("GET", "/api/v1/datacentre/servers/export.csv", AnyUser),
    ("GET", "/api/v1/datacentre/servers/export.json", AnyUser),
    ("GET", "/api/v1/datacentre/servers/{id}", AnyUser),
    ("PUT", "/api/v1/datacentre/servers/{id}", ADMIN),
    ("GET", "/api/v1/datacentre/vps", AnyUser),
    ("POST", "/api/v1/datacentre/vps", ADMIN),
    ("GET", "/api/v1/datacentre/vps/export.csv", AnyUser),
    ("GET", "/api/v1/datacentre/vps/export.json", AnyUser),
    ("GET", "/api/v1/datacentre/vps/{id}", AnyUser),
    ("PUT", "/api/v1/datacentre/vps/{id}", ADMIN),
    ("GET", "/api/v1/datacentre/placements", AnyUser),
    ("POST", "/api/v1/datacentre/placements", ADMIN),
    ("DELETE", "/api/v1/datacentre/placements/{id}", ADMIN),
    ("GET", "/api/v1/domains", AnyUser),
    ("PUT", "/api/v1/domains/email", ADMIN),
    ("GET", "/api/v1/domains/subdomains", AnyUser),
    ("POST", "/api/v1/domains/subdomains", DINKES_EDITORS),
    ("GET", "/api/v1/domains/subdomains/export.csv", AnyUser),
    ("GET", "/api/v1/domains/subdomains/export.json", AnyUser),
    ("GET", "/api/v1/domains/subdomains/{id}", AnyUser),
    ("PUT", "/api/v1/domains/subdomains/{id}", DINKES_EDITORS),
    ("GET", "/api/v1/gsb/services", AnyUser),
    ("POST", "/api/v1/gsb/services", DINKES_EDITORS),
    ("GET", "/api/v1/gsb/services/export.csv", AnyUser),
    ("GET", "/api/v1/gsb/services/export.json", AnyUser),
    ("GET", "/api/v1/gsb/services/{id}", AnyUser),
    ("PUT", "/api/v1/gsb/services/{id}", DINKES_EDITORS),
    ("GET", "/api/v1/gsb/clients", AnyUser),
    ("POST", "/api/v1/gsb/clients", DINKES_EDITORS),
    ("GET", "/api/v1/gsb/clients/{id}", AnyUser),
    ("PUT", "/api/v1/gsb/clients/{id}", DINKES_EDITORS),
    ("GET", "/api/v1/gsb/clients/{id}/keys", DINKES_EDITORS),
    ("POST", "/api/v1/gsb/clients/{id}/keys", DINKES_EDITORS),
    ("POST", "/api/v1/gsb/keys/{id}/revoke", DINKES_EDITORS),
    ("GET", "/api/v1/gsb/grants", AnyUser),
    ("POST", "/api/v1/gsb/grants", DINKES_EDITORS),
    ("GET", "/api/v1/gsb/grants/export.csv", AnyUser),
    ("GET", "/api/v1/gsb/grants/export.json", AnyUser),
    ("GET", "/api/v1/gsb/grants/{id}", AnyUser),
    ("POST", "/api/v1/gsb/grants/{id}/decision", DINKES_EDITORS),
    ("POST", "/api/v1/gsb/grants/{id}/revoke", DINKES_EDITORS),
    // The message log's records and kept bodies: auditor, administrators, and
    // those who provide some service (a record of another agency's service is a 404).
    ("GET", "/api/v1/gsb/records", EXCHANGE_READERS),
    ("GET", "/api/v1/gsb/records/{id}", EXCHANGE_READERS),
    ("GET", "/api/v1/gsb/records/{id}/request-body", EXCHANGE_READERS),
    ("GET", "/api/v1/gsb/records/{id}/response-body", EXCHANGE_READERS),
    ("GET", "/api/v1/datasets", AnyUser),
    ("POST", "/api/v1/datasets", DINKES_DATA_EDITORS),
    ("GET", "/api/v1/datasets/{id}", AnyUser),
    ("PUT", "/api/v1/datasets/{id}", DINKES_DATA_EDITORS),
    ("GET", "/api/v1/datasets/{id}/versions", AnyUser),
    ("POST", "/api/v1/datasets/{id}/versions", DINKES_DATA_EDITORS),
    ("GET", "/api/v1/datasets/{id}/versions/{version}/rows", AnyUser),
    ("GET", "/api/v1/datasets/{id}/versions/{version}/export.csv", AnyUser),
    ("GET", "/api/v1/datasets/{id}/versions/{version}/export.json", AnyUser),
    ("GET", "/api/v1/datasets/{id}/versions/{version}/file", AnyUser),
    ("GET", "/api/v1/datasets/{id}/versions/{version}/verify", AnyUser),
    ("GET", "/api/v1/reference/dataset-topics", AnyUser),
    // Open-data portal: the publication workflow (owner submits, the profile's
    // verifier — Administrator Diskominfo in the demo's Balikpapan profile —
    // verifies or returns, either withdraws) and the public API.
    ("POST", "/api/v1/datasets/{id}/publication/submit", DINKES_DATA_EDITORS),
    ("POST", "/api/v1/datasets/{id}/publication/verify", ADMIN),
    ("POST", "/api/v1/datasets/{id}/publication/return", ADMIN),
    ("POST", "/api/v1/datasets/{id}/publication/withdraw", DINKES_DATA_EDITORS),
    ("GET", "/api/v1/public/datasets", Public),
    ("GET", "/api/v1/public/datasets/{id}", Public),
    ("GET", "/api/v1/public/datasets/{id}/rows", Public),
    ("GET", "/api/v1/public/datasets/{id}/export.csv", Public),
    ("GET", "/api/v1/public/datasets/{id}/export.json", Public),
    ("GET", "/api/v1/public/datasets/{id}/file", Public),
    ("GET", "/api/v1/audit", AUDIT_READERS),
    ("GET", "/api/v1/audit/verify", AUDIT_READERS),
    ("POST", "/api/v1/cables/{id}/decommission", DINKES_EDITORS),
    // Data sharing (brief A): a request of DISDIKBUD for DINKES data, and the grant of an approved one.
    ("GET", "/api/v1/data-requests", AnyUser),
    ("POST", "/api/v1/data-requests", DINKES_REQUESTERS),
    ("GET", "/api/v1/data-requests/{id}", SHARING_PARTIES),
    ("POST", "/api/v1/data-requests/{id}/recommendation", DINKES_STEWARDS),
    ("POST", "/api/v1/data-requests/{id}/decision", Access::Only(&["admin", "sekda"])),
    ("GET", "/api/v1/data-grants", AnyUser),
    ("GET", "/api/v1/data-grants/{id}", SHARING_PARTIES),
    ("POST", "/api/v1/data-grants/{id}/tokens", Access::Only(&["admin", "operator.disdik"])),
    ("GET", "/api/v1/data-grants/{id}/reads", DINKES_STEWARDS),
    ("POST", "/api/v1/data-grants/{id}/revoke", DINKES_STEWARDS),
    ("GET", "/api/v1/data-reads", ADMIN),
    ("DELETE", "/api/v1/session", AnyUser),
];

/// `RequestData(DINKES)`: Diskominfo, and the Kepala PD or Walidata of DINKES.
const DINKES_REQUESTERS: Access = Access::Only(&["admin", "kadinkes", "walidata.dinkes"]);
/// `RecommendDataRequest(DINKES)` / `ManageDataGrants(DINKES)`: Diskominfo, the Walidata and Kepala PD of DINKES.
const DINKES_STEWARDS: Access = Access::Only(&["admin", "kadinkes", "walidata.dinkes"]);
/// A request or grant between DISDIKBUD and DINKES: both agencies' accounts, the approver (Sekda) and Diskominfo.
const SHARING_PARTIES: Access = Access::Only(&["admin", "sekda", "kadinkes", "walidata.dinkes", "operator.dinkes", "sd1.dinkes", "operator.disdik"]);

/// The accounts walked: every role at least once (sekda also holds
/// tim_koordinasi), plus Kepala PD / Operator PD of agencies other than
/// DINKES, who must be refused on DINKES records.
const WALKERS: &[&str] = &[
    "admin",           // admin_diskominfo
    "walikota",        // kepala_daerah
    "sekda",           // sekretaris_daerah + tim_koordinasi
    "kadiskominfo",    // kepala_pd DISKOMINFO + tim_koordinasi
    "kadinkes",        // kepala_pd DINKES
    "walidata.dinkes", // walidata DINKES
    "operator.dinkes", // operator_pd DINKES
    "operator.disdik", // operator_pd DISDIKBUD
    "sd1.dinkes",      // service_desk_t1 DINKES
    "sd2",             // service_desk_t2
    "auditor",         // auditor_tik
    "asesor",          // asesor_internal
    "tim.bappeda",     // tim_koordinasi + kepala_pd BAPPEDA
];

/// Operations whose target agency is named in the body, not the path.
/// Kepala PD / Operator PD of another agency are refused a DINKES body, but
/// a body naming no agency at all (`{}`) may get them a 400/422 instead.
const AGENCY_FROM_BODY: &[(&str, &str)] = &[("POST", "/api/v1/people"), ("POST", "/api/v1/applications"), ("POST", "/api/v1/network-devices"), ("POST", "/api/v1/cables"), ("POST", "/api/v1/assets"), ("POST", "/api/v1/licences"), ("POST", "/api/v1/domains/subdomains"), ("POST", "/api/v1/gsb/services"), ("POST", "/api/v1/gsb/clients"), ("POST", "/api/v1/gsb/grants"), ("POST", "/api/v1/datasets"), ("POST", "/api/v1/data-requests")];
/// The body marker of a multipart upload: the walk sends a small PNG as the
/// `file` part instead of JSON. Refusals are still repeated with `{}` as
/// JSON, which must not turn a 401/403 into a 415.
const MULTIPART: &str = "multipart_file";
/// Walkers who may edit some agency other than DINKES.
const EDITORS_ELSEWHERE: &[&str] = &["kadiskominfo", "operator.disdik", "tim.bappeda"];

/// The account the account operations target: not one of [`WALKERS`], so
/// deactivating it or resetting its password does not end a walker's session.
const TARGET_ACCOUNT: &str = "operator.dukcapil";
/// Owns the token every walker tries to revoke; not a walker either.
const TOKEN_OWNER: &str = "kadisdik";
const REGULATION: &str = "perwali_balikpapan_14_2022";

fn allowed(access: Access, who: &str) -> bool {
    match access {
        Access::Public | Access::AnyUser => true,
        Access::Only(users) => users.contains(&who),
    }
}

fn is_unsafe(method: &str) -> bool {
    !matches!(method, "GET" | "HEAD" | "OPTIONS")
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

fn brief(body: &Value) -> String {
    let s = body.to_string();
    if s.len() > 160 { format!("{}…", &s[..s.char_indices().nth(160).map_or(s.len(), |(i, _)| i)]) } else { s }
}

/// Demo records the walk targets, read through the API as the administrator.
struct World {
    /// `data-requests` (open) and `data-grants` (of an approved request), DISDIKBUD asking DINKES.
    sharing: BTreeMap<&'static str, Value>,
    dinkes: Value,
    disdik: Value,
    dinkes_unit: Value,
    disdik_unit: Value,
    dinkes_person: Value,
    disdik_person: Value,
    dinkes_app: Value,
    disdik_app: Option<Value>,
    dinkes_asset: Value,
    disdik_asset: Value,
    dinkes_licence: Value,
    dinkes_seat: i64,
    account: Value,
    dinkes_device: Value,
    disdik_device: Value,
    dinkes_cable: Value,
    disdik_cable: Value,
    wan_link: Value,
    dinkes_attachment: Value,
    label_scheme: Value,
    /// Data centre records: the Dinkes server room (site, room, rack, server), a VPS for DINKES, and a placement.
    dc: BTreeMap<&'static str, Value>,
    dinkes_subdomain: Value,
    foreign_token: i64,
    foreign_secret: String,
    profile: Value,
    /// A relation DINKES's application records, and the application it names.
    dinkes_relation: Value,
    /// Service bus records of DINKES: a service it provides, a client of its
    /// own, a key of that client and that client's request for the service.
    gsb: BTreeMap<&'static str, Value>,
    /// DINKES's open demo dataset (with version 1) and DISDIKBUD's.
    dinkes_dataset: Value,
    disdik_dataset: Value,
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("no id in {v}"))
}

async fn get_ok(c: &Client, path: &str) -> Value {
    let (s, b) = c.get(path).await;
    assert_eq!(s, StatusCode::OK, "GET {path}: {b}");
    b
}

async fn first_item(c: &Client, path: &str, pick: impl Fn(&Value) -> bool) -> Value {
    let list = get_ok(c, path).await;
    list["items"].as_array().unwrap().iter().find(|v| pick(v)).cloned().unwrap_or_else(|| panic!("no matching item in {path}"))
}

async fn create(c: &Client, path: &str, body: Value) -> Value {
    let (s, b) = c.post(path, body).await;
    assert_eq!(s, StatusCode::CREATED, "POST {path}: {b}");
    b
}

async fn world(app: &App, admin: &Client) -> World {
    let dinkes = get_ok(admin, &format!("/api/v1/agencies/{}", app.agency_id("DINKES").await)).await;
    let disdik = get_ok(admin, &format!("/api/v1/agencies/{}", app.agency_id("DISDIKBUD").await)).await;
    let unit_of = |a: &Value| format!("/api/v1/agencies/{}/units?per_page=200", id(a));
    let dinkes_unit = first_item(admin, &unit_of(&dinkes), |_| true).await;
    let disdik_unit = first_item(admin, &unit_of(&disdik), |_| true).await;
    // People of their own, so (de)activating them touches no walker's account.
    let dinkes_person = create(admin, "/api/v1/people", json!({"name": "Target Uji Otorisasi", "agency_id": id(&dinkes), "unit_id": id(&dinkes_unit)})).await;
    let disdik_person = create(admin, "/api/v1/people", json!({"name": "Target Uji Otorisasi", "agency_id": id(&disdik), "unit_id": id(&disdik_unit)})).await;
    let dinkes_app = first_item(admin, &format!("/api/v1/applications?agency_id={}&per_page=200", id(&dinkes)), |_| true).await;
    let disdik_apps = get_ok(admin, &format!("/api/v1/applications?agency_id={}&per_page=200", id(&disdik))).await;
    let disdik_app = disdik_apps["items"].as_array().and_then(|a| a.first()).cloned();
    let dinkes_asset = first_item(admin, &format!("/api/v1/assets?agency_id={}&per_page=200", id(&dinkes)), |a| a["state"] == "digunakan").await;
    let disdik_asset = first_item(admin, &format!("/api/v1/assets?agency_id={}&per_page=200", id(&disdik)), |_| true).await;
    let listed = first_item(admin, &format!("/api/v1/licences?agency_id={}&per_page=200", id(&dinkes)), |_| true).await;
    let dinkes_licence = get_ok(admin, &format!("/api/v1/licences/{}", id(&listed))).await;
    let dinkes_seat = dinkes_licence["seats"][0]["id"].as_i64().expect("a seat on the DINKES demo licence");
    let account = first_item(admin, &format!("/api/v1/accounts?q={TARGET_ACCOUNT}&per_page=200"), |a| a["username"] == TARGET_ACCOUNT).await;
    let owner = app.login(TOKEN_OWNER).await;
    let (s, t) = owner.post("/api/v1/me/tokens", json!({"name": "milik orang lain", "scope": "write"})).await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let profile = get_ok(admin, "/api/v1/profile").await;
    let mut dc = BTreeMap::new();
    let site = first_item(admin, "/api/v1/datacentre/sites?q=RS-DINKES", |s| s["code"] == "RS-DINKES").await;
    dc.insert("rooms", first_item(admin, &format!("/api/v1/datacentre/rooms?site_id={}", id(&site)), |_| true).await);
    dc.insert("racks", first_item(admin, &format!("/api/v1/datacentre/racks?site_id={}", id(&site)), |_| true).await);
    let server = first_item(admin, &format!("/api/v1/datacentre/servers?site_id={}", id(&site)), |_| true).await;
    let vps = json!({"hostname": "vps-target-otorisasi", "server_id": id(&server), "agency_id": id(&dinkes), "vcpu": 1, "ram_gb": 1, "disk_gb": 10, "state": "diminta", "requested_on": "2026-01-05"});
    dc.insert("vps", create(admin, "/api/v1/datacentre/vps", vps).await);
    dc.insert("placements", create(admin, "/api/v1/datacentre/placements", json!({"application_id": id(&dinkes_app), "vps_id": id(&dc["vps"])})).await);
    dc.insert("sites", site);
    dc.insert("servers", server);
    let dinkes_subdomain = first_item(admin, &format!("/api/v1/domains/subdomains?agency_id={}&per_page=200", id(&dinkes)), |d| d["fqdn"] == "dinkes.tanjungselatankota.go.id").await;
    // The demo's network registry: DINKES and DISDIKBUD each have devices and cables, DINKES a LAN diagram.
    let dinkes_device = first_item(admin, &format!("/api/v1/network-devices?agency_id={}&kind=switch", id(&dinkes)), |_| true).await;
    let disdik_device = first_item(admin, &format!("/api/v1/network-devices?agency_id={}", id(&disdik)), |_| true).await;
    let dinkes_cable = first_item(admin, &format!("/api/v1/cables?agency_id={}", id(&dinkes)), |c| c["label_code"].is_string()).await;
    let disdik_cable = first_item(admin, &format!("/api/v1/cables?agency_id={}", id(&disdik)), |_| true).await;
    let wan_link = first_item(admin, &format!("/api/v1/wan-links?agency_id={}", id(&dinkes)), |_| true).await;
    let dinkes_attachment = first_item(admin, &format!("/api/v1/agencies/{}/lan-diagrams", id(&dinkes)), |_| true).await["file"].clone();
    let label_scheme = get_ok(admin, "/api/v1/network/label-scheme").await;
    let other_app = first_item(admin, "/api/v1/applications?per_page=200", |a| a["agency_id"] != dinkes["id"]).await;
    let dinkes_relation = create(admin, &format!("/api/v1/applications/{}/relations", id(&dinkes_app)), json!({"related_id": id(&other_app), "kind": "uses"})).await;
    let dinkes_dataset = first_item(admin, &format!("/api/v1/datasets?agency_id={}", id(&dinkes)), |d| d["code"] == "DINKES-FASKES").await;
    let disdik_dataset = first_item(admin, &format!("/api/v1/datasets?agency_id={}", id(&disdik)), |_| true).await;
    let mut gsb = BTreeMap::new();
    let service = json!({"code": "uji-otorisasi", "name": "Layanan Uji Otorisasi", "agency_id": id(&dinkes), "upstream_url": "https://uji.tanjungselatankota.go.id",
        "confidentiality": "terbatas", "status": "active"});
    gsb.insert("services", create(admin, "/api/v1/gsb/services", service).await);
    let client = json!({"code": "uji-otorisasi", "name": "Klien Uji Otorisasi", "agency_id": id(&dinkes), "application_id": id(&dinkes_app), "status": "active"});
    gsb.insert("clients", create(admin, "/api/v1/gsb/clients", client).await);
    gsb.insert("keys", create(admin, &format!("/api/v1/gsb/clients/{}/keys", id(&gsb["clients"])), json!({})).await["details"].clone());
    let ask = json!({"client_id": id(&gsb["clients"]), "service_id": id(&gsb["services"]), "purpose": "Uji otorisasi.", "expires_on": "2099-12-31"});
    gsb.insert("grants", create(admin, "/api/v1/gsb/grants", ask).await);
    // No gateway runs in this walk: record 0 is absent, so the allowed get 404.
    gsb.insert("records", json!({"id": 0}));
    if let Some(a) = &disdik_app {
        let client = json!({"code": "uji-otorisasi-disdik", "name": "Klien Uji Lintas", "agency_id": id(&disdik), "application_id": id(a), "status": "active"});
        gsb.insert("disdik_client", create(admin, "/api/v1/gsb/clients", client).await);
    }
    let mut sharing = BTreeMap::new();
    let ask = data_request(&disdik, &dinkes_dataset);
    let approved = create(admin, "/api/v1/data-requests", ask.clone()).await;
    let (s, d) = admin.post(&format!("/api/v1/data-requests/{}/decision", id(&approved)), json!({"approve": true})).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    sharing.insert("data-grants", json!({"id": d["grant_id"]}));
    sharing.insert("data-requests", create(admin, "/api/v1/data-requests", ask).await);
    World {
        sharing,
        gsb,
        dinkes_dataset,
        disdik_dataset,
        dinkes_relation,
        dinkes,
        disdik,
        dinkes_unit,
        disdik_unit,
        dinkes_person,
        disdik_person,
        dinkes_app,
        disdik_app,
        account,
        dinkes_device,
        disdik_device,
        dinkes_cable,
        disdik_cable,
        wan_link,
        dinkes_attachment,
        label_scheme,
        dinkes_asset,
        disdik_asset,
        dinkes_licence,
        dinkes_seat,
        dc,
        dinkes_subdomain,
        foreign_token: t["info"]["id"].as_i64().unwrap(),
        foreign_secret: t["token"].as_str().unwrap().to_string(),
        profile,
    }
}

/// A data-use request of `requester` for `dataset` (far-future period, statement agreed).
fn data_request(requester: &Value, dataset: &Value) -> Value {
    json!({"requester_agency_id": id(requester), "dataset_ids": [id(dataset)], "responsible_person": "Pejabat Uji", "work_unit": "Unit Uji",
        "purpose": "Uji otorisasi.", "intended_use": "Uji otorisasi.", "data_kind_form": "Tabel CSV.", "period_from": "2099-01-01", "period_until": "2099-12-31",
        "statement_agreed": true})
}

/// Body of an agency update from the agency as read.
fn agency_body(a: &Value) -> Value {
    json!({
        "code": a["code"], "name": a["name"], "short_name": a["short_name"].as_str().unwrap_or(""), "kind": a["kind"],
        "parent_id": a["parent_id"], "head_person_id": a["head_person_id"], "address": a["address"], "phone": a["phone"],
        "email": a["email"], "website": a["website"], "mandiri_tik": a["mandiri_tik"], "mandiri_tik_since": a["mandiri_tik_since"],
    })
}

fn person_body(p: &Value) -> Value {
    json!({"name": p["name"], "nip": p["nip"], "position": p["position"], "agency_id": p["agency_id"], "unit_id": p["unit_id"], "email": p["email"], "phone": p["phone"]})
}

fn unit_body(u: &Value) -> Value {
    json!({"code": u["code"], "name": u["name"], "active": true})
}

/// The application as read is a valid input (unknown fields are ignored).
fn app_body(a: &Value) -> Value {
    a.clone()
}

/// The device as read is a valid input (unknown fields are ignored).
fn device_body(d: &Value) -> Value {
    d.clone()
}

/// A cable update body from the cable as read.
fn cable_body(c: &Value) -> Value {
    json!({
        "agency_id": c["agency_id"], "a_port_id": c["a"]["port_id"], "a_outlet": c["a"]["outlet"], "b_port_id": c["b"]["port_id"],
        "b_outlet": c["b"]["outlet"], "medium": c["medium"], "length_m": c["length_m"], "label_code": c["label_code"], "notes": c["notes"],
    })
}

/// Sends a LAN diagram upload as an API client would.
async fn send_multipart(c: &Client, path: &str) -> (StatusCode, Value) {
    c.upload(path, &[("file", Some(("lan.png", "image/png")), b"\x89PNG\r\n\x1a\n uji otorisasi")]).await
}

/// The asset as read is a valid input (unknown fields are ignored).
fn asset_body(a: &Value) -> Value {
    a.clone()
}

fn licence_body(l: &Value) -> Value {
    json!({"product": l["product"], "agency_id": l["agency_id"], "vendor": l["vendor"], "licence_key": l["licence_key"], "seats_total": l["seats_total"], "expires_on": l["expires_on"], "notes": l["notes"]})
}

/// A new subdomain like `d` (as read), optionally for another agency.
fn subdomain_body(d: &Value, fqdn: &str, agency_id: Option<i64>) -> Value {
    let mut b = d.clone();
    b["fqdn"] = json!(fqdn);
    if let Some(a) = agency_id {
        b["agency_id"] = json!(a);
    }
    b
}

/// A new service bus record like `v` (as read) under another code, optionally for another agency.
fn gsb_copy(v: &Value, code: &str, agency_id: Option<i64>) -> Value {
    let mut b = v.clone();
    b["code"] = json!(code);
    if let Some(a) = agency_id {
        b["agency_id"] = json!(a);
    }
    b
}

/// A new dataset like `d` (as read, a valid input), optionally for another agency.
fn new_dataset(d: &Value, agency_id: Option<i64>) -> Value {
    let mut b = d.clone();
    b["code"] = json!(format!("UJI-OTORISASI-{}", agency_id.unwrap_or(0)));
    b["title"] = json!("Dataset Uji Otorisasi");
    b["concept"] = json!("Konsep uji otorisasi");
    if let Some(a) = agency_id {
        b["agency_id"] = json!(a);
    }
    b
}

/// The concrete path of an operation, on DINKES records.
fn path_for(w: &World, template: &str) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let resource = template.split('/').nth(3).unwrap_or("");
    let value = match (resource, template) {
        (_, t) if t.contains("{code}") => REGULATION.to_string(),
        ("datacentre", t) => id(&w.dc[t.split('/').nth(4).unwrap_or("")]).to_string(),
        ("domains", "/api/v1/domains/subdomains/{id}") => id(&w.dinkes_subdomain).to_string(),
        ("gsb", t) => id(&w.gsb[t.split('/').nth(4).unwrap_or("")]).to_string(),
        ("agencies", _) => id(&w.dinkes).to_string(),
        ("units", _) => id(&w.dinkes_unit).to_string(),
        ("people", _) => id(&w.dinkes_person).to_string(),
        ("accounts", _) => id(&w.account).to_string(),
        ("applications", _) => id(&w.dinkes_app).to_string(),
        ("network-devices", _) => id(&w.dinkes_device).to_string(),
        ("cables", _) => id(&w.dinkes_cable).to_string(),
        ("wan-links", _) => id(&w.wan_link).to_string(),
        ("attachments", _) => id(&w.dinkes_attachment).to_string(),
        ("assets", _) => id(&w.dinkes_asset).to_string(),
        ("licences", _) => id(&w.dinkes_licence).to_string(),
        ("datasets", _) => id(&w.dinkes_dataset).to_string(),
        ("public", _) => id(&w.dinkes_dataset).to_string(),
        (r @ ("data-requests" | "data-grants"), _) => id(&w.sharing[r]).to_string(),
        ("me", "/api/v1/me/tokens/{id}") => w.foreign_token.to_string(),
        _ => panic!("authz.rs: no record for the path parameter of {template}: add one to path_for"),
    };
    let path = template.replace("{id}", &value).replace("{code}", &value).replace("{relation_id}", &id(&w.dinkes_relation).to_string()).replace("{seat_id}", &w.dinkes_seat.to_string()).replace("{version}", "1");
    assert!(!path.contains('{'), "authz.rs: unsubstituted parameter in {template}");
    path
}

/// A well-formed body for an operation, on DINKES records; `None` for
/// methods without a body. Operations without a request body get `{}`.
fn body_for(w: &World, method: &str, template: &str) -> Option<Value> {
    if !matches!(method, "POST" | "PUT" | "PATCH") {
        return None;
    }
    Some(match (method, template) {
        // Deliberately not a sign-in: a new session would replace the walker's cookie.
        ("POST", "/api/v1/session") => json!({}),
        // A wrong current password: answers 422 and changes nothing.
        ("POST", "/api/v1/me/password") => json!({"current_password": "bukan-kata-sandi-ini", "new_password": "Uji-Otorisasi-2024!", "confirm_password": "Uji-Otorisasi-2024!"}),
        ("POST", "/api/v1/me/tokens") => json!({"name": "uji otorisasi", "scope": "read"}),
        ("PUT", "/api/v1/profile") => w.profile.clone(),
        ("POST", "/api/v1/agencies") => json!({"code": "UJI-OTORISASI", "name": "Badan Uji Otorisasi", "kind": "badan"}),
        ("PUT", "/api/v1/agencies/{id}") => agency_body(&w.dinkes),
        ("POST", "/api/v1/agencies/{id}/units") => json!({"code": "UJI-OTORISASI", "name": "Unit Uji Otorisasi"}),
        ("PUT", "/api/v1/units/{id}") => unit_body(&w.dinkes_unit),
        ("POST", "/api/v1/people") => json!({"name": "Pegawai Uji Otorisasi", "agency_id": id(&w.dinkes)}),
        ("PUT", "/api/v1/people/{id}") => person_body(&w.dinkes_person),
        ("POST", "/api/v1/accounts") => json!({"username": "uji.otorisasi", "password": "Uji-Otorisasi-2024!", "grants": []}),
        ("PUT", "/api/v1/accounts/{id}/roles") => json!({"grants": w.account["grants"]}),
        ("POST", "/api/v1/applications") => {
            let mut a = app_body(&w.dinkes_app);
            a["name"] = json!("Aplikasi Uji Otorisasi");
            a["short_name"] = Value::Null;
            a["url"] = Value::Null;
            a
        }
        ("PUT", "/api/v1/applications/{id}") => app_body(&w.dinkes_app),
        ("POST", "/api/v1/applications/{id}/relations") => json!({"related_id": w.dinkes_relation["related_id"], "kind": "exchanges_with", "note": "uji otorisasi"}),
        ("PUT", "/api/v1/network/label-scheme") => json!({"pattern": w.label_scheme["pattern"]}),
        ("POST", "/api/v1/wan-links") => json!({"from_agency_id": id(&w.dinkes), "to_agency_id": id(&w.disdik), "medium": "radio", "bandwidth_mbps": 10}),
        ("PUT", "/api/v1/wan-links/{id}") => w.wan_link.clone(),
        ("POST", "/api/v1/network-devices") => json!({"agency_id": id(&w.dinkes), "hostname": "sw-uji-otorisasi", "kind": "switch"}),
        ("PUT", "/api/v1/network-devices/{id}") => device_body(&w.dinkes_device),
        ("POST", "/api/v1/network-devices/{id}/ports") => json!({"name": "uji-otorisasi"}),
        ("POST", "/api/v1/cables") => json!({"agency_id": id(&w.dinkes), "a_outlet": "UJI-A", "b_outlet": "UJI-B", "medium": "utp_cat6"}),
        ("PUT", "/api/v1/cables/{id}") => cable_body(&w.dinkes_cable),
        ("POST", "/api/v1/agencies/{id}/lan-diagrams") => json!({ MULTIPART: "lan.png" }),
        ("POST", "/api/v1/applications/{id}/files") => json!({ MULTIPART: "lan.png" }),
        ("POST", "/api/v1/assets") => {
            let mut a = asset_body(&w.dinkes_asset);
            a["name"] = json!("Aset Uji Otorisasi");
            a["asset_tag"] = Value::Null;
            a
        }
        ("PUT", "/api/v1/assets/{id}") => asset_body(&w.dinkes_asset),
        ("PUT", "/api/v1/assets/settings") => json!({"pattern": "TIK-{YEAR}-{SEQ:5}"}),
        ("POST", "/api/v1/licences") => json!({"product": "Lisensi Uji Otorisasi", "agency_id": id(&w.dinkes), "seats_total": 1}),
        ("PUT", "/api/v1/licences/{id}") => licence_body(&w.dinkes_licence),
        ("POST", "/api/v1/licences/{id}/seats") => json!({"person_id": id(&w.dinkes_person)}),
        ("POST", "/api/v1/datacentre/sites") => json!({"code": "UJI-OTORISASI", "name": "Lokasi Uji Otorisasi", "kind": "drc", "agency_id": id(&w.dinkes)}),
        ("POST", "/api/v1/datacentre/rooms") => json!({"site_id": id(&w.dc["sites"]), "name": "Ruang Uji Otorisasi"}),
        ("POST", "/api/v1/datacentre/racks") => json!({"room_id": id(&w.dc["rooms"]), "code": "UJI-OTORISASI", "height_u": 42}),
        ("POST", "/api/v1/datacentre/servers") => json!({"hostname": "srv-uji-otorisasi", "rack_id": id(&w.dc["racks"]), "u_position": 20, "u_height": 1, "cpu_cores": 8, "ram_gb": 16, "storage_gb": 500, "agency_id": id(&w.dinkes)}),
        ("POST", "/api/v1/datacentre/vps") => json!({"hostname": "vps-uji-otorisasi", "server_id": id(&w.dc["servers"]), "agency_id": id(&w.dinkes), "vcpu": 1, "ram_gb": 1, "disk_gb": 10, "state": "diminta", "requested_on": "2026-01-05"}),
        ("POST", "/api/v1/datacentre/placements") => json!({"application_id": id(&w.dinkes_app), "vps_id": id(&w.dc["vps"])}),
        ("PUT", t) if t.starts_with("/api/v1/datacentre/") => w.dc[t.split('/').nth(4).unwrap_or("")].clone(),
        ("PUT", "/api/v1/domains/email") => json!({"email_domain": "tanjungselatankota.go.id"}),
        ("POST", "/api/v1/domains/subdomains") => subdomain_body(&w.dinkes_subdomain, "uji-otorisasi.tanjungselatankota.go.id", None),
        ("PUT", "/api/v1/domains/subdomains/{id}") => w.dinkes_subdomain.clone(),
        ("POST", "/api/v1/gsb/services") => gsb_copy(&w.gsb["services"], "uji-otorisasi-baru", None),
        ("PUT", "/api/v1/gsb/services/{id}") => w.gsb["services"].clone(),
        ("POST", "/api/v1/gsb/clients") => gsb_copy(&w.gsb["clients"], "uji-otorisasi-baru", None),
        ("PUT", "/api/v1/gsb/clients/{id}") => w.gsb["clients"].clone(),
        ("POST", "/api/v1/gsb/clients/{id}/keys") => json!({"label": "uji otorisasi"}),
        ("POST", "/api/v1/gsb/grants") => json!({"client_id": id(&w.gsb["clients"]), "service_id": id(&w.gsb["services"]), "purpose": "Uji otorisasi.", "expires_on": "2099-12-31"}),
        ("POST", "/api/v1/gsb/grants/{id}/decision") => json!({"decision": "approve", "reason": "Uji otorisasi."}),
        ("POST", "/api/v1/gsb/grants/{id}/revoke") => json!({"reason": "Uji otorisasi."}),
        ("POST", "/api/v1/datasets") => new_dataset(&w.dinkes_dataset, None),
        ("PUT", "/api/v1/datasets/{id}") => w.dinkes_dataset.clone(),
        ("POST", "/api/v1/datasets/{id}/versions") => json!({ MULTIPART: "lan.png" }),
        ("POST", t) if t.starts_with("/api/v1/datasets/{id}/publication/") => json!({"note": "Uji otorisasi."}),
        ("POST", "/api/v1/data-requests") => data_request(&w.dinkes, &w.disdik_dataset),
        ("POST", "/api/v1/data-requests/{id}/recommendation") => json!({"recommend": true, "note": "Uji otorisasi."}),
        ("POST", "/api/v1/data-requests/{id}/decision") => json!({"approve": true}),
        ("POST", "/api/v1/data-grants/{id}/tokens") => json!({"name": "uji otorisasi"}),
        ("POST", "/api/v1/data-grants/{id}/revoke") => json!({"reason": "Uji otorisasi."}),
        _ => json!({}),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Neither 401, 403 nor 5xx.
    Allow,
    /// 401 `unauthenticated`.
    Unauthenticated,
    /// 403 `forbidden`.
    Forbidden,
    /// Refused one way or another: 400, 403 or 422, never a success.
    Refused,
}

/// Who sends a request: a label for the report, the account behind it
/// (`None` when anonymous), and the client.
struct Caller<'a> {
    label: &'a str,
    user: Option<&'a str>,
    client: &'a Client,
}

#[derive(Default)]
struct Report {
    failures: Vec<String>,
    /// Refusals that a malformed body (`{}`) turned into something else,
    /// grouped by operation and answer: caller labels.
    body_first: BTreeMap<String, BTreeSet<String>>,
    /// Statuses seen per operation and caller, for the summary.
    seen: BTreeMap<String, BTreeMap<String, BTreeSet<u16>>>,
    requests: usize,
}

impl Report {
    fn fail(&mut self, msg: String) {
        self.failures.push(msg);
    }

    /// Sends one request and checks the answer.
    async fn check(&mut self, by: &Caller<'_>, method: &str, template: &str, path: &str, body: Option<Value>, expect: Expect) {
        let who = by.label;
        let shown_body = match &body {
            None => String::new(),
            Some(b) if b == &json!({}) => " {}".to_string(),
            Some(b) if b.get("name") == Some(&json!("")) => " <body with name \"\">".to_string(),
            Some(_) => " <body>".to_string(),
        };
        let body_given = body.is_some();
        let (status, resp) = match body.as_ref().and_then(|b| b.get(MULTIPART)) {
            Some(_) => send_multipart(by.client, path).await,
            None => by.client.send(Method::from_bytes(method.as_bytes()).unwrap(), path, body).await,
        };
        self.requests += 1;
        self.seen.entry(format!("{method} {template}")).or_default().entry(who.to_string()).or_default().insert(status.as_u16());
        let (ok, wanted) = match expect {
            Expect::Allow => (status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN && !status.is_server_error(), "allowed: neither 401, 403 nor 5xx"),
            Expect::Unauthenticated => (status == StatusCode::UNAUTHORIZED && code(&resp) == "unauthenticated", "401 unauthenticated"),
            Expect::Forbidden => (status == StatusCode::FORBIDDEN && code(&resp) == "forbidden", "403 forbidden"),
            Expect::Refused => (matches!(status.as_u16(), 400 | 403 | 422), "refused: 400, 403 or 422"),
        };
        if ok {
            return;
        }
        if shown_body != " <body>" && body_given && matches!(expect, Expect::Unauthenticated | Expect::Forbidden) {
            let key = format!("{method} {template} with{shown_body} -> {status} {} (expected {wanted})", code(&resp));
            self.body_first.entry(key).or_default().insert(who.to_string());
        } else {
            self.fail(format!("{who}: {method} {path}{shown_body} -> {status} {} (expected {wanted})", brief(&resp)));
        }
    }

    /// The operation with its well-formed body; for a refusal also with a
    /// body that does not parse (`{}`) and, where the body has a name, one
    /// that parses but does not validate (`name: ""`): authentication and
    /// authorization come before the body is looked at.
    async fn op(&mut self, w: &World, by: &Caller<'_>, method: &str, template: &str, expect: Expect) {
        let path = path_for(w, template);
        let body = body_for(w, method, template);
        let denial = matches!(expect, Expect::Unauthenticated | Expect::Forbidden);
        let real_body = body.clone().filter(|b| b != &json!({}));
        self.check(by, method, template, &path, body, expect).await;
        let Some(real_body) = real_body.filter(|_| denial) else { return };
        let empty_expect = match by.user {
            Some(u) if expect == Expect::Forbidden && AGENCY_FROM_BODY.contains(&(method, template)) && EDITORS_ELSEWHERE.contains(&u) => Expect::Refused,
            _ => expect,
        };
        self.check(by, method, template, &path, Some(json!({})), empty_expect).await;
        if real_body.get("name").is_some() {
            let mut invalid = real_body;
            invalid["name"] = json!("");
            self.check(by, method, template, &path, Some(invalid), expect).await;
        }
    }

    fn finish(self) {
        let mut msg = String::new();
        if !self.failures.is_empty() {
            msg.push_str(&format!("{} authorization failure(s):\n{}\n", self.failures.len(), self.failures.join("\n")));
        }
        if !self.body_first.is_empty() {
            msg.push_str(&format!(
                "\n{} case(s) of the request body being parsed or validated before the caller is authenticated/authorized: a request without \
                 credentials, or from a role that may not call the operation, must get 401/403 whatever its body, but got:\n",
                self.body_first.len()
            ));
            for (k, who) in &self.body_first {
                msg.push_str(&format!("  {k}  [{}]\n", who.iter().cloned().collect::<Vec<_>>().join(", ")));
            }
        }
        assert!(msg.is_empty(), "{msg}");
    }
}

const HTTP_METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/// Checks the document against the table and the security declarations.
fn check_document(doc: &Value, r: &mut Report) {
    let schemes: BTreeSet<&str> = doc["components"]["securitySchemes"].as_object().map(|m| m.keys().map(String::as_str).collect()).unwrap_or_default();
    let global = doc["security"].as_array().cloned().unwrap_or_default();
    let mut in_doc = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths in the OpenAPI document") {
        for (m, op) in item.as_object().unwrap() {
            if !HTTP_METHODS.contains(&m.as_str()) {
                continue;
            }
            let method = m.to_uppercase();
            in_doc.insert((method.clone(), path.clone()));
            let Some(&(_, _, access)) = TABLE.iter().find(|(tm, tp, _)| *tm == method && tp == path) else {
                r.fail(format!("{method} {path} is in the OpenAPI document but not in authz.rs TABLE: decide who may call it"));
                continue;
            };
            let declared = op.get("security");
            match access {
                Access::Public => {
                    if declared != Some(&json!([{}])) {
                        r.fail(format!("{method} {path} is public but does not declare `security: [{{}}]` (declares {declared:?})"));
                    }
                }
                _ => {
                    let effective = declared.and_then(Value::as_array).cloned().unwrap_or_else(|| global.clone());
                    if effective.is_empty() || effective.iter().any(|req| req.as_object().is_none_or(|o| o.is_empty())) {
                        r.fail(format!("{method} {path} needs credentials but its security requirement is empty or optional: {effective:?}"));
                    }
                    for req in &effective {
                        for name in req.as_object().into_iter().flat_map(|o| o.keys()) {
                            if !schemes.contains(name.as_str()) {
                                r.fail(format!("{method} {path} names an undefined security scheme {name:?}"));
                            }
                        }
                    }
                }
            }
        }
    }
    for (m, p, _) in TABLE {
        if !in_doc.contains(&(m.to_string(), p.to_string())) {
            r.fail(format!("authz.rs TABLE lists {m} {p}, which the OpenAPI document no longer has: remove or rename the row"));
        }
    }
    let mut dup = BTreeSet::new();
    for (m, p, _) in TABLE {
        if !dup.insert((m, p)) {
            r.fail(format!("authz.rs TABLE lists {m} {p} twice"));
        }
    }
}

/// Operations of the table that the document has, in table order.
fn walkable(doc: &Value) -> Vec<(&'static str, &'static str, Access)> {
    TABLE.iter().copied().filter(|(m, p, _)| doc["paths"][*p][m.to_lowercase()].is_object()).collect()
}

/// Kepala PD and Operator PD of DINKES are refused on DISDIKBUD records,
/// and cannot move DINKES records there.
async fn cross_agency(r: &mut Report, w: &World, who: &str, c: &Client) {
    let disdik = id(&w.disdik);
    let mut moved_person = person_body(&w.dinkes_person);
    moved_person["agency_id"] = json!(disdik);
    moved_person["unit_id"] = Value::Null;
    let mut new_app = app_body(&w.dinkes_app);
    new_app["agency_id"] = json!(disdik);
    new_app["name"] = json!("Aplikasi Uji Lintas PD");
    new_app["url"] = Value::Null;
    let mut moved_app = app_body(&w.dinkes_app);
    moved_app["agency_id"] = json!(disdik);
    let mut cases: Vec<(&str, String, Option<Value>)> = vec![
        ("PUT", format!("/api/v1/agencies/{disdik}"), Some(agency_body(&w.disdik))),
        ("POST", format!("/api/v1/agencies/{disdik}/units"), Some(json!({"code": "UJI-LINTAS", "name": "Unit Uji Lintas PD"}))),
        ("PUT", format!("/api/v1/units/{}", id(&w.disdik_unit)), Some(unit_body(&w.disdik_unit))),
        ("POST", "/api/v1/people".into(), Some(json!({"name": "Pegawai Uji Lintas PD", "agency_id": disdik}))),
        ("PUT", format!("/api/v1/people/{}", id(&w.disdik_person)), Some(person_body(&w.disdik_person))),
        ("POST", format!("/api/v1/people/{}/deactivate", id(&w.disdik_person)), Some(json!({}))),
        ("POST", format!("/api/v1/people/{}/activate", id(&w.disdik_person)), Some(json!({}))),
        ("PUT", format!("/api/v1/people/{}", id(&w.dinkes_person)), Some(moved_person)),
        ("POST", "/api/v1/applications".into(), Some(new_app)),
        ("PUT", format!("/api/v1/applications/{}", id(&w.dinkes_app)), Some(moved_app)),
        ("POST", "/api/v1/domains/subdomains".into(), Some(subdomain_body(&w.dinkes_subdomain, "uji-lintas.tanjungselatankota.go.id", Some(disdik)))),
        ("PUT", format!("/api/v1/domains/subdomains/{}", id(&w.dinkes_subdomain)), Some(subdomain_body(&w.dinkes_subdomain, "dinkes.tanjungselatankota.go.id", Some(disdik)))),
    ];
    cases.extend([
        ("POST", "/api/v1/gsb/services".to_string(), Some(gsb_copy(&w.gsb["services"], "uji-lintas", Some(disdik)))),
        ("PUT", format!("/api/v1/gsb/services/{}", id(&w.gsb["services"])), Some(gsb_copy(&w.gsb["services"], "uji-otorisasi", Some(disdik)))),
    ]);
    if let Some(c) = w.gsb.get("disdik_client") {
        cases.extend([
            ("PUT", format!("/api/v1/gsb/clients/{}", id(c)), Some(c.clone())),
            ("GET", format!("/api/v1/gsb/clients/{}/keys", id(c)), None),
            ("POST", format!("/api/v1/gsb/clients/{}/keys", id(c)), Some(json!({}))),
            ("POST", "/api/v1/gsb/clients".to_string(), Some(gsb_copy(c, "uji-lintas", None))),
            ("POST", "/api/v1/gsb/grants".to_string(), Some(json!({"client_id": id(c), "service_id": id(&w.gsb["services"]), "purpose": "Uji lintas PD.", "expires_on": "2099-12-31"}))),
        ]);
    }
    if let Some(a) = &w.disdik_app {
        cases.push(("PUT", format!("/api/v1/applications/{}", id(a)), Some(app_body(a))));
        cases.push(("POST", format!("/api/v1/applications/{}/files", id(a)), Some(json!({ MULTIPART: "lan.png" }))));
    }
    let mut moved_device = device_body(&w.dinkes_device);
    moved_device["agency_id"] = json!(disdik);
    let mut moved_cable = cable_body(&w.dinkes_cable);
    moved_cable["agency_id"] = json!(disdik);
    cases.extend([
        ("POST", "/api/v1/network-devices".to_string(), Some(json!({"agency_id": disdik, "hostname": "sw-uji-lintas", "kind": "switch"}))),
        ("PUT", format!("/api/v1/network-devices/{}", id(&w.disdik_device)), Some(device_body(&w.disdik_device))),
        ("PUT", format!("/api/v1/network-devices/{}", id(&w.dinkes_device)), Some(moved_device)),
        ("POST", format!("/api/v1/network-devices/{}/ports", id(&w.disdik_device)), Some(json!({"name": "uji-lintas"}))),
        ("POST", "/api/v1/cables".to_string(), Some(json!({"agency_id": disdik, "a_outlet": "A", "b_outlet": "B", "medium": "utp_cat6"}))),
        ("PUT", format!("/api/v1/cables/{}", id(&w.disdik_cable)), Some(cable_body(&w.disdik_cable))),
        ("PUT", format!("/api/v1/cables/{}", id(&w.dinkes_cable)), Some(moved_cable)),
        ("POST", format!("/api/v1/cables/{}/label", id(&w.disdik_cable)), Some(json!({}))),
        ("POST", format!("/api/v1/agencies/{disdik}/lan-diagrams"), Some(json!({ MULTIPART: "lan.png" }))),
    ]);
    let mut new_asset = asset_body(&w.dinkes_asset);
    new_asset["agency_id"] = json!(disdik);
    new_asset["asset_tag"] = Value::Null;
    let mut moved_asset = asset_body(&w.dinkes_asset);
    moved_asset["agency_id"] = json!(disdik);
    let mut moved_licence = licence_body(&w.dinkes_licence);
    moved_licence["agency_id"] = json!(disdik);
    cases.extend([
        ("POST", "/api/v1/assets".to_string(), Some(new_asset)),
        ("PUT", format!("/api/v1/assets/{}", id(&w.disdik_asset)), Some(asset_body(&w.disdik_asset))),
        ("PUT", format!("/api/v1/assets/{}", id(&w.dinkes_asset)), Some(moved_asset)),
        ("POST", "/api/v1/licences".to_string(), Some(json!({"product": "Lisensi Uji Lintas PD", "agency_id": disdik, "seats_total": 1}))),
        ("PUT", format!("/api/v1/licences/{}", id(&w.dinkes_licence)), Some(moved_licence)),
    ]);
    let mut moved_dataset = w.dinkes_dataset.clone();
    moved_dataset["agency_id"] = json!(disdik);
    cases.extend([
        ("POST", "/api/v1/datasets".to_string(), Some(new_dataset(&w.dinkes_dataset, Some(disdik)))),
        ("PUT", format!("/api/v1/datasets/{}", id(&w.disdik_dataset)), Some(w.disdik_dataset.clone())),
        ("PUT", format!("/api/v1/datasets/{}", id(&w.dinkes_dataset)), Some(moved_dataset)),
        ("POST", format!("/api/v1/datasets/{}/versions", id(&w.disdik_dataset)), Some(json!({ MULTIPART: "lan.png" }))),
    ]);
    let label = format!("{who} (lintas PD)");
    let by = Caller { label: &label, user: Some(who), client: c };
    for (m, path, body) in cases {
        r.check(&by, m, &path, &path, body, Expect::Forbidden).await;
    }
}

/// CSRF: a cookie session's unsafe request needs `x-csrf-token`; a
/// cross-site request is refused even without a session.
async fn csrf(r: &mut Report, app: &App, c: &Client) {
    let body = json!({"code": "UJI-CSRF", "name": "Badan Uji CSRF", "kind": "badan"});
    for token in [None, Some("salah")] {
        let mut req = c.http.post(app.url("/api/v1/agencies")).json(&body);
        if let Some(t) = token {
            req = req.header("x-csrf-token", t);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let b: Value = res.json().await.unwrap_or(Value::Null);
        r.requests += 1;
        if status != StatusCode::FORBIDDEN || code(&b) != "csrf_failed" {
            r.fail(format!("admin session POST /api/v1/agencies with x-csrf-token {token:?} -> {status} {} (expected 403 csrf_failed)", brief(&b)));
        }
    }
    let res = app.anon().http.post(app.url("/api/v1/session")).header("sec-fetch-site", "cross-site").json(&json!({"username": "admin", "password": "x"})).send().await.unwrap();
    let status = res.status();
    let b: Value = res.json().await.unwrap_or(Value::Null);
    r.requests += 1;
    if status != StatusCode::FORBIDDEN || code(&b) != "csrf_failed" {
        r.fail(format!("cross-site POST /api/v1/session -> {status} {} (expected 403 csrf_failed)", brief(&b)));
    }
    let (_, list) = c.get("/api/v1/agencies?q=UJI-CSRF").await;
    if list["total"] != 0 {
        r.fail(format!("a POST refused for CSRF still created the agency: {list}"));
    }
}

struct Plan {
    walkers: &'static [&'static str],
    /// Accounts whose read-scope token is walked.
    read_tokens: &'static [&'static str],
    /// Accounts whose write-scope token is walked like their session.
    write_tokens: &'static [&'static str],
    cross_agency: bool,
    summary: bool,
}

async fn walk(app: &App, plan: Plan) {
    let started = std::time::Instant::now();
    let mut r = Report::default();
    let (s, doc) = app.anon().get("/api/v1/openapi.json").await;
    assert_eq!(s, StatusCode::OK, "{doc}");
    check_document(&doc, &mut r);
    let ops = walkable(&doc);

    // Sign everyone in before walking anything.
    let admin_setup = app.login("admin").await;
    let w = world(app, &admin_setup).await;
    let mut sessions = Vec::new();
    for who in plan.walkers {
        sessions.push((*who, app.login(who).await));
    }
    let mut read_tokens = Vec::new();
    for who in plan.read_tokens {
        read_tokens.push((*who, app.token_client(who, "read").await));
    }
    let mut write_tokens = Vec::new();
    for who in plan.write_tokens {
        write_tokens.push((*who, app.token_client(who, "write").await));
    }

    csrf(&mut r, app, &admin_setup).await;

    // No credentials.
    let anon = app.anon();
    let by = Caller { label: "anonim", user: None, client: &anon };
    for &(m, p, access) in &ops {
        let expect = if matches!(access, Access::Public) { Expect::Allow } else { Expect::Unauthenticated };
        r.op(&w, &by, m, p, expect).await;
    }
    // A bearer token nobody issued.
    let bogus = Client { http: reqwest::Client::new(), base: app.base.clone(), csrf: None, bearer: Some("smp_bukan-token-sungguhan".into()) };
    let by = Caller { label: "token palsu", user: None, client: &bogus };
    for &(m, p, access) in &ops {
        if !matches!(access, Access::Public) {
            r.op(&w, &by, m, p, Expect::Unauthenticated).await;
        }
    }

    if plan.cross_agency {
        for (who, c) in &sessions {
            if matches!(*who, "kadinkes" | "operator.dinkes") {
                cross_agency(&mut r, &w, who, c).await;
            }
        }
    }

    // Read-scope tokens: every unsafe method refused, reads as the session.
    for (who, c) in &read_tokens {
        let label = format!("{who} (token read)");
        let by = Caller { label: &label, user: Some(who), client: c };
        for &(m, p, access) in &ops {
            let expect = if is_unsafe(m) || !allowed(access, who) { Expect::Forbidden } else { Expect::Allow };
            r.op(&w, &by, m, p, expect).await;
        }
    }
    // Write-scope tokens: exactly as the account's session.
    for (who, c) in &write_tokens {
        let label = format!("{who} (token write)");
        let by = Caller { label: &label, user: Some(who), client: c };
        for &(m, p, access) in &ops {
            r.op(&w, &by, m, p, if allowed(access, who) { Expect::Allow } else { Expect::Forbidden }).await;
        }
    }
    // Sessions, one account at a time; each ends by signing out.
    for (who, c) in &sessions {
        let by = Caller { label: who, user: Some(who), client: c };
        for &(m, p, access) in &ops {
            r.op(&w, &by, m, p, if allowed(access, who) { Expect::Allow } else { Expect::Forbidden }).await;
        }
    }

    // Signing out really ended every session.
    for (who, c) in &sessions {
        let (s, b) = c.get("/api/v1/me").await;
        if s != StatusCode::UNAUTHORIZED {
            r.fail(format!("{who}: GET /api/v1/me after DELETE /api/v1/session -> {s} {} (expected 401)", brief(&b)));
        }
    }
    // Every walker tried to revoke another account's token: it still works.
    let owner = Client { http: reqwest::Client::new(), base: app.base.clone(), csrf: None, bearer: Some(w.foreign_secret.clone()) };
    let (s, me) = owner.get("/api/v1/me").await;
    if s != StatusCode::OK || me["username"] != TOKEN_OWNER {
        r.fail(format!("{TOKEN_OWNER}'s token {} no longer works after the walkers tried to revoke it: {s} {}", w.foreign_token, brief(&me)));
    }
    // The deactivations were undone by the reactivations that follow them.
    let (_, d) = admin_setup.get(&format!("/api/v1/agencies/{}", id(&w.dinkes))).await;
    if d["active"] != true {
        r.fail(format!("DINKES left inactive after the walk: {}", brief(&d)));
    }

    if plan.summary {
        let mut out = String::new();
        for (op, by) in &r.seen {
            let cells: Vec<String> = by.iter().map(|(who, st)| format!("{who}={}", st.iter().map(u16::to_string).collect::<Vec<_>>().join("/"))).collect();
            out.push_str(&format!("{op}: {}\n", cells.join(" ")));
        }
        eprintln!("authz walk ({:?} backend): {} operations, {} requests, {:.1?}\n{out}", app.backend, ops.len(), r.requests, started.elapsed());
    }
    r.finish();
}

/// The full walk: every operation × every role, anonymous, bogus, read and
/// write tokens, CSRF, cross-agency.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_against_every_role_sqlite() {
    let app = App::spawn(Backend::Sqlite).await;
    walk(&app, Plan { walkers: WALKERS, read_tokens: &["admin", "operator.dinkes"], write_tokens: &["admin", "operator.disdik"], cross_agency: true, summary: true }).await;
}

/// The same policy on PostgreSQL, for a few roles.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_smoke_postgres() {
    let app = App::spawn(Backend::Postgres).await;
    walk(&app, Plan { walkers: &["operator.dinkes", "operator.disdik", "auditor"], read_tokens: &["admin"], write_tokens: &[], cross_agency: false, summary: false }).await;
}
