//! The CKAN Action API's read side over the open-data catalogue (issue 4
//! part 5): how Simpul's records are named and shaped for CKAN clients and
//! harvesters, and how CKAN's `q`/`fq`/`sort`/`rows`/`start` are read. Pure:
//! the store runs the parsed query, the web layer wraps the dictionaries in
//! CKAN's envelope.
//!
//! Only public datasets (terbuka and terbit, [`crate::datasets::is_public`])
//! ever reach these functions: open data is an electronic public service
//! ("data terbuka", Perwali Balikpapan 14/2022 Pasal 36 ayat (2) huruf b),
//! and classification is enforced on every read path (Pasal 16 ayat (3) huruf a).
//!
//! Mapping (decided here, documented in ARCHITECTURE.md):
//! * dataset → package; `name` = [`slug`] of the dataset code (codes are
//!   `[A-Z0-9-]`, 2–20 characters, so the slug is the lower-cased code);
//! * agency → organization, `name` = slug of the agency code, `title` = its name;
//! * topic → group, `name` = the topic code;
//! * every stored version → one resource (newest first: position 0 is the
//!   current data), `datastore_active` true (its rows are queryable);
//! * ids are UUID-shaped strings ([`ckan_id`]): a namespace prefix derived
//!   from the installation (its Kemendagri region code) and the kind, then
//!   the record's numeric id as 12 hex digits — stable, distinct between
//!   installations, and ordered like the numeric id, so `sort=id asc` is
//!   the database's primary-key order and paging by it is stable.

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

/// The CKAN API version this read side follows (2.10's Action API, version 3).
pub const CKAN_VERSION: &str = "2.10.4";
/// `rows` when none is given, and its ceiling (`ckan.search.rows_max`).
pub const DEFAULT_ROWS: i64 = 10;
pub const MAX_ROWS: i64 = 1000;
/// `datastore_search` `limit` default and ceiling (CKAN's `ckan.datastore.search.rows_max`).
pub const DEFAULT_DATASTORE_LIMIT: i64 = 100;
pub const MAX_DATASTORE_LIMIT: i64 = 32000;
/// `facet.limit` when none is given.
pub const DEFAULT_FACET_LIMIT: i64 = 50;

/// The read actions served.
pub const READ_ACTIONS: &[&str] = &[
    "package_search",
    "package_show",
    "package_list",
    "current_package_list_with_resources",
    "package_autocomplete",
    "organization_list",
    "organization_show",
    "group_list",
    "group_show",
    "tag_list",
    "license_list",
    "resource_show",
    "status_show",
    "datastore_search",
    "help_show",
];

/// CKAN actions that change data: answered with CKAN's Authorization Error,
/// as CKAN does for an anonymous caller (this API is read-only).
pub const WRITE_ACTIONS: &[&str] = &[
    "package_create", "package_update", "package_patch", "package_delete", "dataset_purge",
    "resource_create", "resource_update", "resource_patch", "resource_delete",
    "organization_create", "organization_update", "organization_patch", "organization_delete",
    "group_create", "group_update", "group_patch", "group_delete",
    "datastore_create", "datastore_upsert", "datastore_delete", "package_owner_org_update", "tag_create",
];

/// A CKAN `name`: lower case `[a-z0-9_-]`, 2–100 characters.
pub fn slug(code: &str) -> String {
    let mut s: String = code.trim().to_lowercase().chars().map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' { c } else { '-' }).collect();
    s.truncate(100);
    while s.len() < 2 {
        s.push('_');
    }
    s
}

/// What a [`ckan_id`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Package,
    Resource,
    Organization,
    Group,
}

impl Kind {
    fn tag(self) -> &'static str {
        match self {
            Kind::Package => "package",
            Kind::Resource => "resource",
            Kind::Organization => "organization",
            Kind::Group => "group",
        }
    }
}

fn prefix(installation: &str, kind: Kind) -> String {
    let h = hex::encode(Sha256::digest(format!("simpul-ckan/{installation}/{}", kind.tag()).as_bytes()));
    // UUID version 8 (RFC 9562, vendor-specific), variant 10.
    let variant = ['8', '9', 'a', 'b'][usize::from(h.as_bytes()[15] % 4)];
    format!("{}-{}-8{}-{variant}{}-", &h[0..8], &h[8..12], &h[12..15], &h[16..19])
}

/// The stable UUID-shaped id of record `id` of `kind` in an installation.
pub fn ckan_id(installation: &str, kind: Kind, id: i64) -> String {
    format!("{}{:012x}", prefix(installation, kind), id.max(0))
}

/// The numeric id behind a [`ckan_id`] of this installation and kind.
pub fn parse_ckan_id(installation: &str, kind: Kind, s: &str) -> Option<i64> {
    let rest = s.trim().to_lowercase();
    let rest = rest.strip_prefix(&prefix(installation, kind))?;
    if rest.len() != 12 {
        return None;
    }
    i64::from_str_radix(rest, 16).ok()
}

/// The number behind a group's id: topics are named by code, so the id
/// comes from the code (48 bits of its SHA-256), not from a list position.
pub fn topic_number(code: &str) -> i64 {
    let h = Sha256::digest(code.as_bytes());
    h[..6].iter().fold(0i64, |n, b| (n << 8) | i64::from(*b))
}

/// CKAN's error types, with their HTTP status.
#[derive(Debug, Clone, PartialEq)]
pub enum CkanError {
    /// 404 `Not Found Error`; also what a non-public record answers.
    NotFound(String),
    /// 409 `Validation Error`: field → messages.
    Validation(Vec<(String, String)>),
    /// 403 `Authorization Error`.
    Authorization(String),
    /// 400 `Search Query Error`.
    SearchQuery(String),
    /// 400 `Bad Request` (unknown action, unreadable body).
    BadRequest(String),
}

impl CkanError {
    pub fn invalid(field: &str, msg: impl Into<String>) -> CkanError {
        CkanError::Validation(vec![(field.into(), msg.into())])
    }

    pub fn status(&self) -> u16 {
        match self {
            CkanError::NotFound(_) => 404,
            CkanError::Validation(_) => 409,
            CkanError::Authorization(_) => 403,
            CkanError::SearchQuery(_) | CkanError::BadRequest(_) => 400,
        }
    }

    /// The `error` object of the envelope.
    pub fn body(&self) -> Value {
        match self {
            CkanError::NotFound(m) => json!({"__type": "Not Found Error", "message": format!("Not found: {m}")}),
            CkanError::Authorization(m) => json!({"__type": "Authorization Error", "message": format!("Access denied: {m}")}),
            CkanError::SearchQuery(m) => json!({"__type": "Search Query Error", "message": format!("Search Query is invalid: {m}")}),
            CkanError::BadRequest(m) => json!({"__type": "Bad Request", "message": format!("Bad request - {m}")}),
            CkanError::Validation(fields) => {
                let mut o = Map::new();
                for (f, m) in fields {
                    match o.entry(f.clone()).or_insert_with(|| json!([])) {
                        Value::Array(a) => a.push(json!(m)),
                        other => *other = json!([m]),
                    }
                }
                o.insert("__type".into(), json!("Validation Error"));
                Value::Object(o)
            }
        }
    }
}

pub type CkanResult<T> = Result<T, CkanError>;

/// An action's parameters: a JSON body, or a query string whose values are
/// all text (CKAN reads both; lists in a query string are JSON text).
#[derive(Debug, Clone, Default)]
pub struct Params(pub Map<String, Value>);

impl Params {
    /// From query-string pairs: a repeated key becomes a list.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Params {
        let mut m = Map::new();
        for (k, v) in pairs {
            match m.get_mut(&k) {
                Some(Value::Array(a)) => a.push(Value::String(v)),
                Some(old) => *old = json!([old.clone(), v]),
                None => {
                    m.insert(k, Value::String(v));
                }
            }
        }
        Params(m)
    }

    /// A text parameter; numbers and booleans are read as their text.
    pub fn text(&self, key: &str) -> Option<String> {
        match self.0.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A required text parameter (CKAN's "Missing value").
    pub fn required(&self, key: &str) -> CkanResult<String> {
        self.text(key).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).ok_or_else(|| CkanError::invalid(key, "Missing value"))
    }

    /// A natural number (`0`, `1`, …) or `default`.
    pub fn natural(&self, key: &str, default: i64) -> CkanResult<i64> {
        let bad = || CkanError::invalid(key, "Must be a natural number");
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(default),
            Some(Value::Number(n)) => n.as_i64().filter(|n| *n >= 0).ok_or_else(bad),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(default),
            Some(Value::String(s)) => s.trim().parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(bad),
            Some(_) => Err(bad()),
        }
    }

    /// A boolean (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`, as CKAN's `asbool`).
    pub fn flag(&self, key: &str) -> CkanResult<bool> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(Value::Number(n)) => Ok(n.as_i64() != Some(0)),
            Some(Value::String(s)) => match s.trim().to_lowercase().as_str() {
                "true" | "1" | "yes" | "y" | "on" | "t" => Ok(true),
                "false" | "0" | "no" | "n" | "off" | "f" | "" => Ok(false),
                _ => Err(CkanError::invalid(key, format!("{s:?} is not a boolean"))),
            },
            Some(_) => Err(CkanError::invalid(key, "Must be a boolean")),
        }
    }

    /// A list: a JSON list, JSON text holding a list, or one text value.
    pub fn list(&self, key: &str) -> CkanResult<Vec<String>> {
        let item = |v: &Value| match v {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err(CkanError::invalid(key, "Must be a list of strings")),
        };
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(a)) => {
                let mut out = Vec::new();
                for v in a {
                    match v {
                        Value::String(s) if s.trim_start().starts_with('[') => out.extend(Params(Map::from_iter([(key.to_string(), v.clone())])).list(key)?),
                        other => out.push(item(other)?),
                    }
                }
                Ok(out)
            }
            Some(Value::String(s)) if s.trim_start().starts_with('[') => match serde_json::from_str::<Value>(s) {
                Ok(Value::Array(a)) => a.iter().map(item).collect(),
                _ => Err(CkanError::invalid(key, "Must be a JSON list")),
            },
            Some(Value::String(s)) if s.trim().is_empty() => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(vec![s.clone()]),
            Some(_) => Err(CkanError::invalid(key, "Must be a list")),
        }
    }

    /// A JSON object parameter (datastore `filters`), given as an object or as JSON text.
    pub fn object(&self, key: &str) -> CkanResult<Map<String, Value>> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(Map::new()),
            Some(Value::Object(o)) => Ok(o.clone()),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(Map::new()),
            Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
                Ok(Value::Object(o)) => Ok(o),
                _ => Err(CkanError::invalid(key, "Must be a JSON object")),
            },
            Some(_) => Err(CkanError::invalid(key, "Must be a JSON object")),
        }
    }
}

/// A field CKAN clients filter packages on (`field:value` in `q` or `fq`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// Organization name (or id).
    Organization,
    /// Group (topic) name.
    Groups,
    Tags,
    /// Resource format (`CSV`, `XLSX`).
    ResFormat,
    /// CKAN licence id ([`licence`]).
    LicenseId,
    Name,
    Id,
    /// Words in the title.
    Title,
    /// Free text.
    Text,
    /// Fields every public package matches (`dataset_type:dataset`, `state:active`, `capacity:public`).
    Always(&'static str),
    /// `metadata_modified:[FROM TO UNTIL]` (either end `*`): milliseconds, inclusive.
    /// CKAN harvesters ask for what changed since their last run this way.
    Modified(Option<i64>, Option<i64>),
    /// `metadata_created:[FROM TO UNTIL]`.
    Created(Option<i64>, Option<i64>),
}

/// One condition of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub field: Field,
    /// Lower-cased.
    pub value: String,
    pub negated: bool,
}

/// A parsed `package_search`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// All must hold (`q` words and `fq` terms, ANDed).
    pub terms: Vec<Term>,
    pub sort: Vec<(SortKey, bool)>,
    pub rows: i64,
    pub start: i64,
    /// The `sort` as the caller gave it (or the default), echoed in the result.
    pub sort_text: String,
}

impl Search {
    /// Free-text words of `q` (for the score).
    pub fn words(&self) -> Vec<&str> {
        self.terms.iter().filter(|t| t.field == Field::Text && !t.negated).map(|t| t.value.as_str()).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Score,
    MetadataModified,
    MetadataCreated,
    Name,
    Title,
    Id,
}

pub const DEFAULT_SORT: &str = "score desc, metadata_modified desc";

fn field(name: &str) -> Option<Field> {
    Some(match name {
        "organization" | "owner_org" => Field::Organization,
        "groups" => Field::Groups,
        "tags" => Field::Tags,
        "res_format" => Field::ResFormat,
        "license_id" => Field::LicenseId,
        "name" => Field::Name,
        "id" => Field::Id,
        "title" => Field::Title,
        "text" => Field::Text,
        "dataset_type" | "type" => Field::Always("dataset"),
        "state" => Field::Always("active"),
        "capacity" => Field::Always("public"),
        _ => return None,
    })
}

/// Splits on white space, keeping `"quoted values"` whole (quotes removed).
fn tokens(s: &str) -> CkanResult<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut range = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => {
                range = true;
                cur.push(c);
            }
            ']' if !quoted => {
                range = false;
                cur.push(c);
            }
            c if c.is_whitespace() && !quoted && !range => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if quoted || range {
        return Err(CkanError::SearchQuery("unbalanced quotes or brackets".into()));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Reads `q` or `fq` into terms: `field:value`, `+field:value`,
/// `-field:value`, quoted values, free words (`q` only); `*:*` and `AND`
/// add nothing. An unknown field is a Search Query Error.
pub fn parse_terms(s: &str, free_text: bool) -> CkanResult<Vec<Term>> {
    let mut out = Vec::new();
    for t in tokens(s)? {
        if t == "*:*" || t == "AND" || t == "&&" || t == "+" {
            continue;
        }
        let (negated, body) = match t.strip_prefix('-').or_else(|| t.strip_prefix('!')) {
            Some(b) => (true, b),
            None => (false, t.strip_prefix('+').unwrap_or(&t)),
        };
        let (f, value) = match body.split_once(':') {
            Some((name @ ("metadata_modified" | "metadata_created"), v)) => {
                let (from, until) = parse_range(v)?;
                let f = if name == "metadata_modified" { Field::Modified(from, until) } else { Field::Created(from, until) };
                out.push(Term { field: f, value: String::new(), negated });
                continue;
            }
            Some((name, v)) => match field(name) {
                Some(f) => (f, v),
                None => return Err(CkanError::SearchQuery(format!("unknown field {name:?}"))),
            },
            None if free_text => (Field::Text, body),
            None => return Err(CkanError::SearchQuery(format!("fq term {body:?} is not field:value"))),
        };
        let value = value.trim_matches('"').trim().to_lowercase();
        if value.is_empty() || value == "*" {
            continue;
        }
        out.push(Term { field: f, value, negated });
    }
    Ok(out)
}

/// A Solr date range `[FROM TO UNTIL]` (`*` for an open end) as milliseconds;
/// dates are `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[.ffffff][Z]`, UTC, as CKAN writes them.
pub fn parse_range(v: &str) -> CkanResult<(Option<i64>, Option<i64>)> {
    let bad = || CkanError::SearchQuery(format!("{v:?} is not a date range [FROM TO UNTIL]"));
    let inner = v.trim().strip_prefix('[').and_then(|r| r.strip_suffix(']')).ok_or_else(bad)?;
    let parts: Vec<&str> = inner.split_whitespace().collect();
    let [from, to, until] = parts.as_slice() else { return Err(bad()) };
    if !to.eq_ignore_ascii_case("to") {
        return Err(bad());
    }
    let end = |t: &str, last: bool| -> CkanResult<Option<i64>> {
        if t == "*" {
            return Ok(None);
        }
        let t = t.trim_end_matches(['Z', 'z']);
        let (date, clock) = t.split_once(['T', 't']).unwrap_or((t, ""));
        let day = crate::validate::parse_date(date).ok_or_else(bad)?;
        let (hms, frac) = clock.split_once('.').unwrap_or((clock, ""));
        let nums: Vec<i64> = if hms.is_empty() { vec![] } else { hms.split(':').map(|n| n.parse::<i64>().map_err(|_| bad())).collect::<CkanResult<_>>()? };
        let (h, m, sec) = match nums.as_slice() {
            [] => (0, 0, 0),
            [h, m] => (*h, *m, 0),
            [h, m, s] => (*h, *m, *s),
            _ => return Err(bad()),
        };
        let millis = frac.get(..frac.len().min(3)).filter(|f| !f.is_empty()).map_or(Ok(0), |f| f.parse::<i64>().map(|n| n * 10_i64.pow(3 - f.len() as u32)).map_err(|_| bad()))?;
        let base = day.midnight().assume_utc().unix_timestamp() * 1000 + ((h * 60 + m) * 60 + sec) * 1000 + millis;
        // A bare date as the upper end covers that whole day.
        Ok(Some(if last && clock.is_empty() { base + 86_400_000 - 1 } else { base }))
    };
    Ok((end(from, false)?, end(until, true)?))
}

/// Reads `sort`: comma-separated `field [asc|desc]`.
pub fn parse_sort(s: &str) -> CkanResult<Vec<(SortKey, bool)>> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let mut words = part.split_whitespace();
        let name = words.next().unwrap_or("");
        let desc = match words.next().map(str::to_lowercase).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(o) => return Err(CkanError::SearchQuery(format!("sort order {o:?} is not asc or desc"))),
        };
        let key = match name {
            "score" => SortKey::Score,
            "metadata_modified" => SortKey::MetadataModified,
            "metadata_created" => SortKey::MetadataCreated,
            "name" => SortKey::Name,
            "title_string" | "title" => SortKey::Title,
            "id" => SortKey::Id,
            o => return Err(CkanError::SearchQuery(format!("cannot sort by {o:?}"))),
        };
        out.push((key, desc));
    }
    Ok(out)
}

/// Reads the parameters of `package_search`.
pub fn parse_search(p: &Params) -> CkanResult<Search> {
    let mut terms = parse_terms(&p.text("q").unwrap_or_default(), true)?;
    for fq in p.list("fq").unwrap_or_else(|_| p.text("fq").into_iter().collect()) {
        terms.extend(parse_terms(&fq, false)?);
    }
    for fq in p.list("fq_list")? {
        terms.extend(parse_terms(&fq, false)?);
    }
    let sort_text = p.text("sort").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).unwrap_or_else(|| DEFAULT_SORT.into());
    let sort = parse_sort(&sort_text)?;
    let rows = p.natural("rows", DEFAULT_ROWS)?.min(MAX_ROWS);
    let start = p.natural("start", 0)?;
    Ok(Search { terms, sort, rows, start, sort_text })
}

/// A licence code of the catalogue as CKAN's (id, title, url, open).
pub fn licence(code: &str) -> (&'static str, &'static str, &'static str, bool) {
    match code {
        "cc_by_4_0" => ("cc-by", "Creative Commons Attribution", "http://www.opendefinition.org/licenses/cc-by", true),
        "cc0_1_0" => ("cc-zero", "Creative Commons CCZero", "http://www.opendefinition.org/licenses/cc-zero", true),
        "odbl_1_0" => ("odc-odbl", "Open Data Commons Open Database License (ODbL)", "http://www.opendefinition.org/licenses/odc-odbl", true),
        _ => ("other-closed", "Other (Not Open)", "", false),
    }
}

/// The catalogue's licence code for a CKAN licence id.
pub fn licence_code(ckan: &str) -> Option<&'static str> {
    crate::datasets::DataLicence::ALL.iter().map(|l| l.code()).find(|c| licence(c).0 == ckan)
}

/// `license_list`.
pub fn licence_list() -> Vec<Value> {
    crate::datasets::DataLicence::ALL
        .iter()
        .map(|l| {
            let (id, title, url, open) = licence(l.code());
            json!({"id": id, "title": title, "url": url, "is_okd_compliant": open, "is_osi_compliant": false, "od_conformance": if open { "approved" } else { "not reviewed" }, "osd_conformance": "not reviewed", "status": "active", "maintainer": "", "family": "", "domain_content": true, "domain_data": true, "domain_software": false})
        })
        .collect()
}

/// Milliseconds since the epoch as CKAN writes timestamps (UTC, no zone).
pub fn timestamp(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), t.second(), t.microsecond())
}

/// An organization (agency) as the dictionaries need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub title: String,
    pub description: String,
    pub created: i64,
    pub package_count: i64,
}

/// The organization dictionary (`organization_show`, `organization_list` with `all_fields`).
pub fn organization_dict(o: &Org) -> Value {
    json!({
        "id": o.id, "name": o.name, "title": o.title, "display_name": o.title, "description": o.description,
        "type": "organization", "is_organization": true, "approval_status": "approved", "state": "active",
        "image_url": "", "image_display_url": "", "created": timestamp(o.created), "package_count": o.package_count, "num_followers": 0,
    })
}

/// The short organization object inside a package.
pub fn package_org(o: &Org) -> Value {
    json!({"id": o.id, "name": o.name, "title": o.title, "type": "organization", "description": o.description, "image_url": "", "created": timestamp(o.created), "is_organization": true, "approval_status": "approved", "state": "active"})
}

/// A group (topic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub title: String,
    pub package_count: i64,
}

pub fn group_dict(g: &Group) -> Value {
    json!({
        "id": g.id, "name": g.name, "title": g.title, "display_name": g.title, "description": "", "type": "group",
        "is_organization": false, "approval_status": "approved", "state": "active", "image_url": "", "image_display_url": "",
        "created": timestamp(0), "package_count": g.package_count, "num_followers": 0,
    })
}

/// A tag dictionary.
pub fn tag_dict(name: &str) -> Value {
    json!({"id": name, "name": name, "display_name": name, "state": "active", "vocabulary_id": null})
}

/// A resource: one stored version of a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub id: String,
    pub package_id: String,
    pub version_no: i64,
    pub file_name: String,
    /// `csv` or `xlsx`.
    pub format: String,
    pub size: i64,
    pub sha256: String,
    pub row_count: i64,
    pub created: i64,
    /// Download address of the file as uploaded.
    pub url: String,
    pub position: usize,
}

/// The resource dictionary, every key of CKAN's default schema present.
pub fn resource_dict(r: &Resource) -> Value {
    let mimetype = if r.format == "xlsx" { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } else { "text/csv" };
    json!({
        "id": r.id, "package_id": r.package_id, "name": format!("Versi {} — {}", r.version_no, r.file_name),
        "description": format!("Versi {} ({} baris). SHA-256 berkas: {}.", r.version_no, r.row_count, r.sha256),
        "format": r.format.to_uppercase(), "mimetype": mimetype, "mimetype_inner": null, "url": r.url, "url_type": "upload",
        "size": r.size, "hash": format!("sha256:{}", r.sha256), "created": timestamp(r.created), "last_modified": timestamp(r.created),
        "metadata_modified": timestamp(r.created), "position": r.position, "state": "active", "cache_url": null, "cache_last_updated": null,
        "datastore_active": true, "resource_type": null, "version": r.version_no, "row_count": r.row_count,
    })
}

/// A package's facts, as the catalogue holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    pub id: String,
    pub name: String,
    pub title: String,
    pub notes: String,
    pub steward: Option<String>,
    pub licence: String,
    pub created: i64,
    pub modified: i64,
    pub version: Option<i64>,
    pub org: Org,
    pub group: Group,
    pub tags: Vec<String>,
    /// The Satu Data Indonesia data standard and register fields, as CKAN extras.
    pub extras: Vec<(&'static str, String)>,
    pub resources: Vec<Resource>,
    /// The dataset's page on the portal.
    pub url: String,
}

/// The package dictionary, every key of CKAN's default schema present.
pub fn package_dict(p: &Package) -> Value {
    let (license_id, license_title, license_url, open) = licence(&p.licence);
    let group = json!({"id": p.group.id, "name": p.group.name, "title": p.group.title, "display_name": p.group.title, "description": "", "image_display_url": ""});
    json!({
        "id": p.id, "name": p.name, "title": p.title, "author": p.org.title, "author_email": null,
        "maintainer": p.steward, "maintainer_email": null, "license_id": license_id, "license_title": license_title,
        "license_url": license_url, "notes": p.notes, "url": p.url, "version": p.version.map(|v| v.to_string()),
        "state": "active", "type": "dataset", "private": false, "metadata_created": timestamp(p.created),
        "metadata_modified": timestamp(p.modified), "creator_user_id": null, "owner_org": p.org.id,
        "organization": package_org(&p.org), "groups": [group],
        "tags": p.tags.iter().map(|t| tag_dict(t)).collect::<Vec<_>>(),
        "extras": p.extras.iter().map(|(k, v)| json!({"key": k, "value": v})).collect::<Vec<_>>(),
        "resources": p.resources.iter().map(resource_dict).collect::<Vec<_>>(),
        "num_resources": p.resources.len(), "num_tags": p.tags.len(), "isopen": open,
        "relationships_as_object": [], "relationships_as_subject": [],
    })
}

/// Facet fields `package_search` counts.
pub const FACET_FIELDS: &[&str] = &["organization", "groups", "tags", "res_format", "license_id"];

/// What a package contributes to the facets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetRow {
    pub organization: (String, String),
    pub group: (String, String),
    pub tags: Vec<String>,
    pub formats: Vec<String>,
    pub licence: String,
}

/// `facets` and `search_facets` for the requested fields, counts descending
/// then name, at most `limit` items each (negative: all).
pub fn facets(rows: &[FacetRow], fields: &[String], limit: i64) -> CkanResult<(Value, Value)> {
    let mut facets = Map::new();
    let mut search = Map::new();
    for f in fields {
        let mut counts: std::collections::BTreeMap<String, (String, i64)> = Default::default();
        let mut add = |name: &str, display: &str| counts.entry(name.to_string()).or_insert_with(|| (display.to_string(), 0)).1 += 1;
        for r in rows {
            match f.as_str() {
                "organization" => add(&r.organization.0, &r.organization.1),
                "groups" => add(&r.group.0, &r.group.1),
                "tags" => r.tags.iter().for_each(|t| add(t, t)),
                "res_format" => r.formats.iter().for_each(|t| add(&t.to_uppercase(), &t.to_uppercase())),
                "license_id" => {
                    let (id, title, _, _) = licence(&r.licence);
                    add(id, title)
                }
                other => return Err(CkanError::invalid("facet.field", format!("Cannot facet on {other:?}; known: {}", FACET_FIELDS.join(", ")))),
            }
        }
        let mut items: Vec<(String, String, i64)> = counts.into_iter().map(|(n, (d, c))| (n, d, c)).collect();
        items.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        if limit >= 0 {
            items.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        }
        facets.insert(f.clone(), Value::Object(items.iter().map(|(n, _, c)| (n.clone(), json!(c))).collect()));
        search.insert(f.clone(), json!({"title": f, "items": items.iter().map(|(n, d, c)| json!({"name": n, "display_name": d, "count": c})).collect::<Vec<_>>()}));
    }
    Ok((Value::Object(facets), Value::Object(search)))
}

/// A datastore field type for a declared column kind.
pub fn datastore_type(kind: crate::datasets::ColumnKind) -> &'static str {
    use crate::datasets::ColumnKind;
    match kind {
        ColumnKind::Integer => "int",
        ColumnKind::Decimal => "numeric",
        ColumnKind::Date => "date",
        ColumnKind::Text | ColumnKind::Code => "text",
    }
}

/// `datastore_search` `sort`: one `column [asc|desc]` (the row store sorts by one column).
pub fn parse_datastore_sort(s: &str, known: &[&str]) -> CkanResult<Option<(String, bool)>> {
    let parts: Vec<&str> = s.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [] => Ok(None),
        [one] => {
            let mut w = one.split_whitespace();
            let col = w.next().unwrap_or("").trim_matches('"');
            let desc = match w.next().map(str::to_lowercase).as_deref() {
                None | Some("asc") => false,
                Some("desc") => true,
                Some(o) => return Err(CkanError::invalid("sort", format!("sort order {o:?} is not asc or desc"))),
            };
            if col == "_id" {
                return Ok(Some(("_id".into(), desc)));
            }
            if !known.contains(&col) {
                return Err(CkanError::invalid("sort", format!("field \"{col}\" not in table")));
            }
            Ok(Some((col.to_string(), desc)))
        }
        _ => Err(CkanError::invalid("sort", "Sort by one field only")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ckan_names() {
        assert_eq!(slug("DINKES-FASKES"), "dinkes-faskes");
        assert_eq!(slug("A"), "a_");
        assert_eq!(slug("Dinas Kesehatan/2024"), "dinas-kesehatan-2024");
    }

    #[test]
    fn ids_are_uuid_shaped_stable_and_ordered() {
        let a = ckan_id("63.72", Kind::Package, 7);
        assert_eq!(a, ckan_id("63.72", Kind::Package, 7));
        assert_eq!(a.len(), 36);
        assert_eq!(a.split('-').map(str::len).collect::<Vec<_>>(), vec![8, 4, 4, 4, 12]);
        assert_eq!(&a[14..15], "8");
        assert_ne!(a, ckan_id("64.71", Kind::Package, 7));
        assert_ne!(a, ckan_id("63.72", Kind::Resource, 7));
        assert!(ckan_id("63.72", Kind::Package, 9) < ckan_id("63.72", Kind::Package, 10));
        assert!(ckan_id("63.72", Kind::Package, 255) < ckan_id("63.72", Kind::Package, 4096));
        assert_eq!(parse_ckan_id("63.72", Kind::Package, &a.to_uppercase()), Some(7));
        assert_eq!(parse_ckan_id("63.72", Kind::Resource, &a), None);
        assert_eq!(parse_ckan_id("63.72", Kind::Package, "dinkes-faskes"), None);
    }

    #[test]
    fn q_and_fq_terms() {
        let t = parse_terms("penduduk tags:\"data terbuka\" -organization:dinkes +res_format:CSV *:*", true).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(t.len(), 4);
        assert_eq!(t[0], Term { field: Field::Text, value: "penduduk".into(), negated: false });
        assert_eq!(t[1], Term { field: Field::Tags, value: "data terbuka".into(), negated: false });
        assert_eq!(t[2], Term { field: Field::Organization, value: "dinkes".into(), negated: true });
        assert_eq!(t[3].field, Field::ResFormat);
        assert_eq!(t[3].value, "csv");
        assert!(matches!(parse_terms("nosuch:x", true), Err(CkanError::SearchQuery(_))));
        assert!(matches!(parse_terms("plainword", false), Err(CkanError::SearchQuery(_))));
        assert!(matches!(parse_terms("tags:\"open", false), Err(CkanError::SearchQuery(_))));
    }

    #[test]
    fn date_ranges_as_harvesters_send_them() {
        let t = parse_terms("metadata_modified:[2023-11-14T22:13:20.123456Z TO *] -metadata_created:[* TO 2023-11-14]", false).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(t[0].field, Field::Modified(Some(1_700_000_000_123), None));
        assert_eq!(t[1], Term { field: Field::Created(None, Some(1_700_006_399_999)), value: String::new(), negated: true });
        for bad in ["metadata_modified:[2023-11-14 TO]", "metadata_modified:2023", "metadata_modified:[kemarin TO *]", "metadata_modified:[* TO *"] {
            assert!(matches!(parse_terms(bad, false), Err(CkanError::SearchQuery(_))), "{bad}");
        }
    }

    #[test]
    fn search_parameters() {
        let p = Params::from_pairs(vec![("rows".into(), "5000".into()), ("start".into(), "20".into()), ("sort".into(), "id asc".into()), ("fq".into(), "groups:kesehatan".into())]);
        let s = parse_search(&p).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.rows, MAX_ROWS);
        assert_eq!(s.start, 20);
        assert_eq!(s.sort, vec![(SortKey::Id, false)]);
        assert_eq!(s.terms[0].field, Field::Groups);
        let d = parse_search(&Params::default()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((d.rows, d.sort_text.as_str()), (DEFAULT_ROWS, DEFAULT_SORT));
        assert_eq!(d.sort, vec![(SortKey::Score, true), (SortKey::MetadataModified, true)]);
        let bad = Params::from_pairs(vec![("rows".into(), "-1".into())]);
        assert!(matches!(parse_search(&bad), Err(CkanError::Validation(_))));
        assert!(matches!(parse_sort("popularity desc"), Err(CkanError::SearchQuery(_))));
        assert!(matches!(parse_sort("name sideways"), Err(CkanError::SearchQuery(_))));
    }

    #[test]
    fn params_lists_and_flags() {
        let p = Params(serde_json::from_value(json!({"a": "[\"x\", \"y\"]", "b": ["z"], "c": "true", "d": 0, "e": "maybe"})).unwrap_or_else(|e| panic!("{e:?}")));
        assert_eq!(p.list("a").unwrap_or_else(|e| panic!("{e:?}")), vec!["x", "y"]);
        assert_eq!(p.list("b").unwrap_or_else(|e| panic!("{e:?}")), vec!["z"]);
        assert!(p.flag("c").unwrap_or_else(|e| panic!("{e:?}")));
        assert!(!p.flag("d").unwrap_or_else(|e| panic!("{e:?}")));
        assert!(p.flag("e").is_err());
        assert!(p.required("missing").is_err());
    }

    #[test]
    fn facet_counts() {
        let row = |o: &str, tags: &[&str]| FacetRow { organization: (o.into(), o.to_uppercase()), group: ("kesehatan".into(), "Kesehatan".into()), tags: tags.iter().map(|t| t.to_string()).collect(), formats: vec!["csv".into()], licence: "cc_by_4_0".into() };
        let rows = vec![row("dinkes", &["a", "b"]), row("dinkes", &["b"]), row("bps", &[])];
        let (f, s) = facets(&rows, &["organization".into(), "tags".into(), "license_id".into(), "res_format".into()], 1).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(f["organization"], json!({"dinkes": 2}));
        assert_eq!(f["tags"], json!({"b": 2}));
        assert_eq!(f["license_id"], json!({"cc-by": 3}));
        assert_eq!(f["res_format"], json!({"CSV": 3}));
        assert_eq!(s["organization"]["items"][0]["display_name"], "DINKES");
        assert!(facets(&rows, &["colour".into()], 5).is_err());
    }

    #[test]
    fn licences_round_trip() {
        for l in crate::datasets::DataLicence::ALL {
            assert_eq!(licence_code(licence(l.code()).0), Some(l.code()));
        }
        assert_eq!(timestamp(0), "1970-01-01T00:00:00.000000");
        assert_eq!(timestamp(1_700_000_000_123), "2023-11-14T22:13:20.123000");
    }

    #[test]
    fn errors_in_ckan_shape() {
        let e = CkanError::invalid("id", "Missing value");
        assert_eq!(e.status(), 409);
        assert_eq!(e.body(), json!({"id": ["Missing value"], "__type": "Validation Error"}));
        assert_eq!(CkanError::NotFound("package".into()).body()["__type"], "Not Found Error");
        assert_eq!(CkanError::Authorization("x".into()).status(), 403);
    }
}
