//! CKAN's Action API, read side, over the public catalogue (issue 4 part 5):
//! `/api/3/action/{action}` and `/api/action/{action}`, GET with query
//! parameters or POST with a JSON body, answered in CKAN's envelope
//! `{help, success, result}` or `{help, success: false, error: {__type, …}}`
//! with CKAN's status codes. Satu Data portals and harvesters read the
//! catalogue through it unchanged (the tests drive it with `ckanapi`).
//!
//! Open to everyone and never more than public data: every read goes through
//! `Visibility::Public` or `Dataset::is_public`, and a record that is not
//! public answers Not Found exactly like one that does not exist. These
//! routes are not part of `/api/v1` nor of its OpenAPI document (CKAN's
//! protocol is documented by CKAN); `ctx::authenticate` lets them through
//! without a session ([`is_ckan_path`]) and `tests/ckan.rs` proves they
//! show public data only. The resource download
//! `/dataset/{name}/resource/{id}/download/{file}` serves a public
//! version's file as uploaded, digest checked first.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use simpul_domain::ckan::{self as c, CkanError, CkanResult, Field, Kind, Params, Search, Term};
use simpul_domain::datasets::{topic_label, TOPICS};
use simpul_store::ckan::CkanOrg;
use simpul_store::datasets::{Dataset, DatasetVersion, RowQuery};
use simpul_store::PageRequest;

use crate::error::AppError;
use crate::AppState;

/// The CKAN routes (merged into the main router, outside `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/3/action/{action}", get(action).post(action))
        .route("/api/action/{action}", get(action).post(action))
        .route("/api/3", get(api_version))
        .route("/dataset/{package}/resource/{resource}/download/{file}", get(download))
}

/// Paths the authentication gate leaves open to anonymous callers.
pub fn is_ckan_path(path: &str) -> bool {
    path.starts_with("/api/3/action/") || path.starts_with("/api/action/") || path == "/api/3"
}

async fn api_version() -> Json<Value> {
    Json(json!({"version": 3}))
}

/// What every action needs: the store, the installation's id namespace, the base address.
struct Ckan<'a> {
    s: &'a AppState,
    /// The Pemda's Kemendagri region code (`ckan::ckan_id` namespace).
    ns: String,
    base: String,
    site_title: String,
}

fn internal(e: impl std::fmt::Display) -> CkanError {
    tracing::error!(error = %e, "ckan action failed");
    CkanError::BadRequest(format!("internal error: {e}"))
}

async fn action(State(s): State<AppState>, Path(name): Path<String>, method: Method, headers: HeaderMap, RawQuery(raw): RawQuery, body: Bytes) -> Response {
    let base = crate::absolute(&s, &headers, "");
    let help = format!("{base}/api/3/action/help_show?name={name}");
    let result = async {
        let params = read_params(&method, &headers, raw.as_deref(), &body)?;
        let profile = s.store.profile().await.map_err(internal)?;
        let (ns, site_title) = match profile {
            Some(p) => (p.region_code.clone(), format!("Portal Data {}", p.name)),
            None => (String::new(), "Portal Data".to_string()),
        };
        let k = Ckan { s: &s, ns, base: base.clone(), site_title };
        k.dispatch(&name, &params).await
    }
    .await;
    let (status, body) = match result {
        Ok(r) => (StatusCode::OK, json!({"help": help, "success": true, "result": r})),
        Err(e) => (StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST), json!({"help": help, "success": false, "error": e.body()})),
    };
    let mut res = (status, Json(body)).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
    res
}

/// Query-string parameters, overridden by a JSON (or form) body.
fn read_params(method: &Method, headers: &HeaderMap, raw: Option<&str>, body: &[u8]) -> CkanResult<Params> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or("")).map_err(|e| CkanError::BadRequest(format!("bad query string: {e}")))?;
    let mut p = Params::from_pairs(pairs);
    if *method == Method::POST && !body.iter().all(u8::is_ascii_whitespace) {
        let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        if ct.starts_with("application/x-www-form-urlencoded") {
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).map_err(|e| CkanError::BadRequest(format!("bad form body: {e}")))?;
            p.0.extend(Params::from_pairs(pairs).0);
        } else {
            match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(o)) => p.0.extend(o),
                Ok(_) => return Err(CkanError::BadRequest("JSON Error: Request data JSON decoded to a non-object".into())),
                Err(e) => return Err(CkanError::BadRequest(format!("JSON Error: {e}"))),
            }
        }
    }
    Ok(p)
}

fn not_found(what: &str) -> CkanError {
    CkanError::NotFound(what.into())
}

/// Percent-encodes a path segment.
fn segment(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

impl Ckan<'_> {
    async fn dispatch(&self, name: &str, p: &Params) -> CkanResult<Value> {
        match name {
            "package_search" => self.package_search(p).await,
            "package_show" => self.package_show(p).await,
            "package_list" => self.package_list(p).await,
            "current_package_list_with_resources" => self.current_packages(p).await,
            "package_autocomplete" => self.package_autocomplete(p).await,
            "organization_list" => self.organization_list(p).await,
            "organization_show" => self.organization_show(p).await,
            "group_list" => self.group_list(p).await,
            "group_show" => self.group_show(p).await,
            "tag_list" => self.tag_list(p).await,
            "license_list" => Ok(json!(c::licence_list())),
            "resource_show" => self.resource_show(p).await,
            "status_show" => Ok(self.status()),
            "datastore_search" => self.datastore_search(p).await,
            "help_show" => help(p),
            w if c::WRITE_ACTIONS.contains(&w) => Err(CkanError::Authorization(format!("{w}: this CKAN-compatible API is read-only; publish through Simpul"))),
            other => Err(CkanError::BadRequest(format!("Action name not known: {other}"))),
        }
    }

    fn ids(&self) -> impl Fn(Field, &str) -> Option<i64> + Sync + '_ {
        move |f, v| match f {
            Field::Id => c::parse_ckan_id(&self.ns, Kind::Package, v),
            Field::Organization => c::parse_ckan_id(&self.ns, Kind::Organization, v),
            _ => None,
        }
    }

    fn org(&self, a: &CkanOrg) -> c::Org {
        c::Org { id: c::ckan_id(&self.ns, Kind::Organization, a.id), name: c::slug(&a.code), title: a.name.clone(), description: String::new(), created: a.created_at, package_count: a.package_count }
    }

    fn group(&self, code: &str, count: i64) -> c::Group {
        c::Group { id: c::ckan_id(&self.ns, Kind::Group, c::topic_number(code)), name: code.to_string(), title: topic_label(code).to_string(), package_count: count }
    }

    async fn orgs(&self, counts: bool) -> CkanResult<BTreeMap<i64, CkanOrg>> {
        Ok(self.s.store.ckan_organizations(counts).await.map_err(internal)?.into_iter().map(|o| (o.id, o)).collect())
    }

    fn resource(&self, d: &Dataset, v: &DatasetVersion, position: usize) -> c::Resource {
        let name = c::slug(&d.code);
        let id = c::ckan_id(&self.ns, Kind::Resource, v.id);
        c::Resource {
            url: format!("{}/dataset/{name}/resource/{id}/download/{}", self.base, segment(&v.file_name)),
            id,
            package_id: c::ckan_id(&self.ns, Kind::Package, d.id),
            version_no: v.version_no,
            file_name: v.file_name.clone(),
            format: v.format.clone(),
            size: v.size,
            sha256: v.sha256.clone(),
            row_count: v.row_count,
            created: v.created_at,
            position,
        }
    }

    fn package(&self, d: &Dataset, orgs: &BTreeMap<i64, CkanOrg>, versions: &[DatasetVersion]) -> Value {
        let org = orgs.get(&d.agency_id).map(|o| self.org(o)).unwrap_or_else(|| c::Org {
            id: c::ckan_id(&self.ns, Kind::Organization, d.agency_id),
            name: String::new(),
            title: d.agency_name.clone(),
            description: String::new(),
            created: 0,
            package_count: 0,
        });
        let mut extras: Vec<(&'static str, String)> = vec![("code", d.code.clone()), ("concept", d.concept.clone()), ("definition", d.definition.clone())];
        let mut opt = |k: &'static str, v: &Option<String>| {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                extras.push((k, v.clone()));
            }
        };
        opt("classification", &d.sdi_classification);
        opt("measure", &d.measure);
        opt("unit", &d.unit);
        opt("metadata", &d.metadata);
        opt("last_updated", &d.last_updated_on);
        opt("temporal_coverage_start", &d.coverage_start);
        opt("temporal_coverage_end", &d.coverage_end);
        opt("verifier", &d.verifier_name);
        opt("distribution", &d.register_distribution);
        opt("retention_years", &d.retention_years.map(|y| y.to_string()));
        opt("published_at", &d.published_at.map(c::timestamp));
        extras.push(("frequency", d.frequency.clone()));
        extras.push(("confidentiality", d.confidentiality.clone()));
        extras.push(("responsible", d.register_responsible.clone()));
        if !d.region_codes.is_empty() {
            extras.push(("region_codes", d.region_codes.join(",")));
        }
        extras.sort_by_key(|(k, _)| *k);
        let pkg = c::Package {
            id: c::ckan_id(&self.ns, Kind::Package, d.id),
            name: c::slug(&d.code),
            title: d.title.clone(),
            notes: d.description.clone().unwrap_or_default(),
            steward: d.steward_name.clone(),
            licence: d.licence.clone(),
            created: d.created_at,
            modified: d.updated_at,
            version: d.latest_version,
            org,
            group: self.group(&d.topic, 0),
            tags: d.tags.clone(),
            extras,
            resources: versions.iter().enumerate().map(|(i, v)| self.resource(d, v, i)).collect(),
            url: format!("{}/data-terbuka/{}", self.base, d.id),
        };
        c::package_dict(&pkg)
    }

    /// Package dictionaries of datasets already known to be public.
    async fn packages(&self, ds: &[Dataset]) -> CkanResult<Vec<Value>> {
        let orgs = self.orgs(false).await?;
        let ids: Vec<i64> = ds.iter().map(|d| d.id).collect();
        let versions = self.s.store.ckan_versions(&ids).await.map_err(internal)?;
        Ok(ds.iter().map(|d| self.package(d, &orgs, versions.get(&d.id).map(Vec::as_slice).unwrap_or(&[]))).collect())
    }

    /// A public dataset by CKAN id or name; anything else is Not Found.
    async fn find_dataset(&self, key: &str) -> CkanResult<Dataset> {
        let found = match c::parse_ckan_id(&self.ns, Kind::Package, key) {
            Some(id) => match self.s.store.dataset(id).await {
                Ok(d) => Some(d),
                Err(simpul_store::StoreError::Domain(simpul_domain::DomainError::NotFound(_))) => None,
                Err(e) => return Err(internal(e)),
            },
            None => self.s.store.ckan_dataset_by_code(key).await.map_err(internal)?,
        };
        found.filter(Dataset::is_public).ok_or_else(|| not_found("Dataset"))
    }

    async fn search(&self, s: &Search) -> CkanResult<(i64, Vec<Dataset>)> {
        let page = self.s.store.ckan_search(s, &self.ids()).await.map_err(internal)?;
        Ok((page.count, page.datasets))
    }

    async fn package_search(&self, p: &Params) -> CkanResult<Value> {
        let s = c::parse_search(p)?;
        let (count, ds) = self.search(&s).await?;
        let results = self.packages(&ds).await?;
        let fields = p.list("facet.field")?;
        let (facets, search_facets) = if fields.is_empty() {
            (json!({}), json!({}))
        } else {
            let limit = match p.text("facet.limit").map(|t| t.trim().parse::<i64>()) {
                None => c::DEFAULT_FACET_LIMIT,
                Some(Ok(n)) => n,
                Some(Err(_)) => return Err(CkanError::invalid("facet.limit", "Invalid integer")),
            };
            let orgs = self.orgs(false).await?;
            let formats = fields.iter().any(|f| f == "res_format");
            let rows: Vec<c::FacetRow> = self
                .s
                .store
                .ckan_facet_sources(&s, &self.ids(), formats)
                .await
                .map_err(internal)?
                .into_iter()
                .map(|f| c::FacetRow {
                    organization: orgs.get(&f.agency_id).map(|o| (c::slug(&o.code), o.name.clone())).unwrap_or_default(),
                    group: (f.topic.clone(), topic_label(&f.topic).to_string()),
                    tags: f.tags,
                    formats: f.formats,
                    licence: f.licence,
                })
                .collect();
            c::facets(&rows, &fields, limit)?
        };
        Ok(json!({"count": count, "results": results, "facets": facets, "search_facets": search_facets, "sort": s.sort_text}))
    }

    async fn package_show(&self, p: &Params) -> CkanResult<Value> {
        let key = p.required("id").or_else(|_| p.required("name_or_id")).map_err(|_| CkanError::invalid("id", "Missing value"))?;
        let d = self.find_dataset(&key).await?;
        Ok(self.packages(std::slice::from_ref(&d)).await?.remove(0))
    }

    async fn package_list(&self, p: &Params) -> CkanResult<Value> {
        let limit = match p.0.get("limit") {
            None | Some(Value::Null) => None,
            Some(_) => Some(p.natural("limit", 0)?),
        };
        let offset = p.natural("offset", 0)?;
        let names = self.s.store.ckan_package_names(limit, offset).await.map_err(internal)?;
        Ok(json!(names.iter().map(|n| c::slug(n)).collect::<Vec<_>>()))
    }

    async fn current_packages(&self, p: &Params) -> CkanResult<Value> {
        let limit = p.natural("limit", c::DEFAULT_ROWS)?.min(c::MAX_ROWS);
        let mut offset = p.natural("offset", 0)?;
        let page = p.natural("page", 0)?;
        if page > 0 {
            offset = (page - 1) * limit;
        }
        let s = Search { terms: vec![], sort: c::parse_sort("metadata_modified desc")?, rows: limit, start: offset, sort_text: "metadata_modified desc".into() };
        let (_, ds) = self.search(&s).await?;
        Ok(json!(self.packages(&ds).await?))
    }

    async fn package_autocomplete(&self, p: &Params) -> CkanResult<Value> {
        let q = p.required("q")?.to_lowercase();
        let limit = p.natural("limit", 10)?.min(c::MAX_ROWS);
        let s = Search { terms: vec![Term { field: Field::Title, value: q.clone(), negated: false }], sort: c::parse_sort("score desc, name asc")?, rows: limit, start: 0, sort_text: String::new() };
        let (_, ds) = self.search(&s).await?;
        Ok(json!(ds
            .iter()
            .map(|d| {
                let name = c::slug(&d.code);
                let field = if name.contains(&q) { "name" } else { "title" };
                json!({"name": name, "title": d.title, "match_field": field, "match_displayed": if field == "name" { name.clone() } else { d.title.clone() }})
            })
            .collect::<Vec<_>>()))
    }

    /// `organization_list` and `group_list`: names or dictionaries, filtered, sorted, paged.
    fn list_of(p: &Params, mut items: Vec<(String, String, i64, Value)>, filter_key: &str) -> CkanResult<Value> {
        let all_fields = p.flag("all_fields")?;
        let wanted = p.list(filter_key)?;
        if !wanted.is_empty() {
            items.retain(|(n, ..)| wanted.iter().any(|w| w.eq_ignore_ascii_case(n)));
        }
        if let Some(q) = p.text("q").map(|q| q.trim().to_lowercase()).filter(|q| !q.is_empty()) {
            items.retain(|(n, t, ..)| n.contains(&q) || t.to_lowercase().contains(&q));
        }
        let sort = p.text("sort").unwrap_or_else(|| "title asc".into());
        let mut w = sort.split_whitespace();
        let key = w.next().unwrap_or("title");
        let desc = match w.next().map(str::to_lowercase).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => return Err(CkanError::invalid("sort", "Sort order must be asc or desc")),
        };
        match key {
            "name" => items.sort_by(|a, b| a.0.cmp(&b.0)),
            "title" | "display_name" => items.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()).then(a.0.cmp(&b.0))),
            "package_count" => items.sort_by(|a, b| a.2.cmp(&b.2).then(a.0.cmp(&b.0))),
            _ => return Err(CkanError::invalid("sort", "Allowed fields: name, title, package_count")),
        }
        if desc {
            items.reverse();
        }
        let offset = usize::try_from(p.natural("offset", 0)?).unwrap_or(usize::MAX);
        let limit = usize::try_from(p.natural("limit", c::MAX_ROWS)?).unwrap_or(usize::MAX);
        let page = items.into_iter().skip(offset).take(limit);
        Ok(if all_fields { json!(page.map(|i| i.3).collect::<Vec<_>>()) } else { json!(page.map(|i| i.0).collect::<Vec<_>>()) })
    }

    async fn organization_list(&self, p: &Params) -> CkanResult<Value> {
        let orgs = self.orgs(true).await?;
        let items = orgs.values().map(|o| {
            let org = self.org(o);
            (org.name.clone(), org.title.clone(), org.package_count, c::organization_dict(&org))
        });
        Self::list_of(p, items.collect(), "organizations")
    }

    async fn group_list(&self, p: &Params) -> CkanResult<Value> {
        let counts = self.s.store.ckan_topic_counts().await.map_err(internal)?;
        let items = TOPICS.iter().map(|t| {
            let g = self.group(t.code, counts.get(t.code).copied().unwrap_or(0));
            (g.name.clone(), g.title.clone(), g.package_count, c::group_dict(&g))
        });
        Self::list_of(p, items.collect(), "groups")
    }

    /// The `_show` dictionary of an organization or group: its empty member
    /// lists and, with `include_datasets`, its public packages, newest first.
    async fn with_members(&self, mut d: Value, p: &Params, field: Field, name: &str) -> CkanResult<Value> {
        for k in ["users", "extras", "groups", "tags"] {
            d[k] = json!([]);
        }
        let include = match p.0.get("include_datasets") {
            None => false,
            Some(_) => p.flag("include_datasets")?,
        };
        if include {
            let s = Search { terms: vec![Term { field, value: name.to_string(), negated: false }], sort: c::parse_sort("metadata_modified desc")?, rows: c::MAX_ROWS, start: 0, sort_text: String::new() };
            let (_, ds) = self.search(&s).await?;
            d["packages"] = json!(self.packages(&ds).await?);
        }
        Ok(d)
    }

    async fn organization_show(&self, p: &Params) -> CkanResult<Value> {
        let key = p.required("id")?.to_lowercase();
        let orgs = self.orgs(true).await?;
        let by_id = c::parse_ckan_id(&self.ns, Kind::Organization, &key);
        let o = orgs.values().find(|o| Some(o.id) == by_id || c::slug(&o.code) == key).ok_or_else(|| not_found("Organization"))?;
        let org = self.org(o);
        self.with_members(c::organization_dict(&org), p, Field::Organization, &org.name).await
    }

    async fn group_show(&self, p: &Params) -> CkanResult<Value> {
        let key = p.required("id")?.to_lowercase();
        let counts = self.s.store.ckan_topic_counts().await.map_err(internal)?;
        let t = TOPICS
            .iter()
            .find(|t| t.code == key || c::ckan_id(&self.ns, Kind::Group, c::topic_number(t.code)) == key)
            .ok_or_else(|| not_found("Group"))?;
        let g = self.group(t.code, counts.get(t.code).copied().unwrap_or(0));
        self.with_members(c::group_dict(&g), p, Field::Groups, &g.name).await
    }

    async fn tag_list(&self, p: &Params) -> CkanResult<Value> {
        let all_fields = p.flag("all_fields")?;
        let query = p.text("query").or_else(|| p.text("q")).map(|q| q.trim().to_lowercase()).filter(|q| !q.is_empty());
        if p.text("vocabulary_id").is_some_and(|v| !v.trim().is_empty()) {
            return Err(not_found("Vocabulary"));
        }
        let tags = self.s.store.ckan_tags().await.map_err(internal)?;
        let names = tags.keys().filter(|t| query.as_ref().is_none_or(|q| t.contains(q.as_str())));
        Ok(if all_fields { json!(names.map(|t| c::tag_dict(t)).collect::<Vec<_>>()) } else { json!(names.collect::<Vec<_>>()) })
    }

    /// A public version by resource id, with its dataset.
    async fn find_resource(&self, key: &str) -> CkanResult<(Dataset, DatasetVersion)> {
        let missing = || not_found("Resource");
        let vid = c::parse_ckan_id(&self.ns, Kind::Resource, key).ok_or_else(missing)?;
        let v = self.s.store.ckan_version(vid).await.map_err(internal)?.ok_or_else(missing)?;
        let d = self.s.store.dataset(v.dataset_id).await.map_err(internal)?;
        if !d.is_public() {
            return Err(missing());
        }
        Ok((d, v))
    }

    async fn resource_show(&self, p: &Params) -> CkanResult<Value> {
        let (d, v) = self.find_resource(&p.required("id")?).await?;
        let versions = self.s.store.dataset_versions(d.id).await.map_err(internal)?;
        let position = versions.iter().position(|x| x.id == v.id).unwrap_or(0);
        Ok(c::resource_dict(&self.resource(&d, &v, position)))
    }

    fn status(&self) -> Value {
        json!({
            "site_title": self.site_title, "site_description": "Katalog data terbuka Pusat Data (Simpul)", "site_url": self.base,
            "ckan_version": c::CKAN_VERSION, "api_version": 3, "error_emails_to": null, "locale_default": "id",
            "extensions": ["datastore"], "simpul_version": env!("CARGO_PKG_VERSION"),
        })
    }

    async fn datastore_search(&self, p: &Params) -> CkanResult<Value> {
        let rid = p.required("resource_id").or_else(|_| p.required("id")).map_err(|_| CkanError::invalid("resource_id", "Missing value"))?;
        let (d, v) = self.find_resource(&rid).await?;
        let cols = &d.columns;
        let known: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
        let limit = p.natural("limit", c::DEFAULT_DATASTORE_LIMIT)?.min(c::MAX_DATASTORE_LIMIT);
        let offset = p.natural("offset", 0)?;
        let include_total = match p.0.get("include_total") {
            None => true,
            Some(_) => p.flag("include_total")?,
        };
        let mut fields: Vec<String> = p.list("fields")?.iter().flat_map(|f| f.split(',').map(|x| x.trim().to_string())).filter(|f| !f.is_empty()).collect();
        for f in &fields {
            if f != "_id" && !known.contains(&f.as_str()) {
                return Err(CkanError::invalid("fields", format!("field \"{f}\" not in table")));
            }
        }
        if fields.is_empty() {
            fields = std::iter::once("_id".to_string()).chain(known.iter().map(|s| s.to_string())).collect();
        }
        let mut exact: Vec<(String, String)> = Vec::new();
        let mut any_of: Vec<(String, Vec<String>)> = Vec::new();
        for (k, val) in p.object("filters")? {
            if k != "_id" && !known.contains(&k.as_str()) {
                return Err(CkanError::invalid("filters", format!("field \"{k}\" not in table")));
            }
            let text = |v: &Value| match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                Value::Bool(b) => Ok(b.to_string()),
                _ => Err(CkanError::invalid("filters", format!("filter on \"{k}\" must be a value or a list of values"))),
            };
            let values: Vec<String> = match &val {
                Value::Array(a) => a.iter().map(text).collect::<CkanResult<_>>()?,
                other => vec![text(other)?],
            };
            match values.as_slice() {
                [one] if k != "_id" => exact.push((k, one.clone())),
                _ => any_of.push((k, values)),
            }
        }
        let q = p.text("q").map(|q| q.trim().to_lowercase()).filter(|q| !q.is_empty());
        let sort = c::parse_datastore_sort(&p.text("sort").unwrap_or_default(), &known)?;
        let by_id_desc = matches!(&sort, Some((c, true)) if c == "_id");
        let rq = RowQuery { filters: exact, sort: sort.clone().filter(|(c, _)| c != "_id").map(|(c, _)| c), desc: sort.as_ref().is_some_and(|(_, d)| *d), q: q.clone(), exact: true };
        // The store's paged row query (filters, `q`, sort) when the page lines
        // up with its pages; otherwise every matching row, narrowed and sliced here.
        let paged = any_of.is_empty() && !by_id_desc && (1..=200).contains(&limit) && offset % limit == 0;
        let (rows, total) = if paged {
            let page = PageRequest { page: u32::try_from(offset / limit + 1).map_err(|_| CkanError::invalid("offset", "Too large"))?, per_page: u32::try_from(limit).unwrap_or(200) };
            let pg = self.s.store.query_dataset_rows(&v, cols, &rq, page).await.map_err(internal)?;
            (pg.items, pg.total)
        } else {
            let mut all = self.s.store.filtered_rows(&v, cols, &rq).await.map_err(internal)?;
            all.retain(|(n, r)| {
                any_of.iter().all(|(k, vals)| {
                    let cell = if k == "_id" { n.to_string() } else { simpul_domain::datasets::cell_text(r.get(k)) };
                    vals.contains(&cell)
                })
            });
            if by_id_desc {
                all.reverse();
            }
            let total = all.len() as i64;
            let start = usize::try_from(offset).unwrap_or(usize::MAX).min(all.len());
            let end = start.saturating_add(usize::try_from(limit).unwrap_or(0)).min(all.len());
            (all.drain(start..end).collect(), total)
        };
        let records: Vec<Value> = rows
            .into_iter()
            .map(|(n, r)| {
                let mut o = Map::new();
                for f in &fields {
                    o.insert(f.clone(), if f == "_id" { json!(n) } else { r.get(f).cloned().unwrap_or(Value::Null) });
                }
                Value::Object(o)
            })
            .collect();
        let field_info: Vec<Value> = fields
            .iter()
            .map(|f| match cols.iter().find(|c| &c.name == f) {
                Some(col) => json!({"id": col.name, "type": c::datastore_type(col.kind), "info": {"label": col.label}}),
                None => json!({"id": "_id", "type": "int"}),
            })
            .collect();
        let link = |off: i64| format!("/api/3/action/datastore_search?resource_id={rid}&limit={limit}&offset={off}");
        let mut out = json!({
            "resource_id": rid, "fields": field_info, "records": records, "limit": limit, "offset": offset,
            "include_total": include_total, "records_format": "objects",
            "_links": {"start": link(0), "next": link(offset + limit)},
        });
        if include_total {
            out["total"] = json!(total);
            out["total_was_estimated"] = json!(false);
        }
        if let Some(q) = &q {
            out["q"] = json!(q);
        }
        if let Some((col, desc)) = &sort {
            out["sort"] = json!(format!("{col} {}", if *desc { "desc" } else { "asc" }));
        }
        Ok(out)
    }
}

/// `help_show`: what an action does.
fn help(p: &Params) -> CkanResult<Value> {
    let name = p.required("name")?;
    let text = match name.as_str() {
        "package_search" => "Searches the public datasets. Parameters: q, fq, sort (score desc, metadata_modified desc; name, title_string, metadata_created, id), rows (max 1000), start, facet.field, facet.limit.",
        "package_show" => "Returns one public dataset by id or name.",
        "package_list" => "Lists the names of the public datasets (limit, offset).",
        "current_package_list_with_resources" => "Lists public datasets with their resources, most recently modified first (limit, offset, page).",
        "package_autocomplete" => "Public datasets whose name or title matches q (limit).",
        "organization_list" | "group_list" => "Lists organizations (agencies) or groups (topics): all_fields, sort (name, title, package_count), limit, offset.",
        "organization_show" | "group_show" => "Returns one organization or group by id or name; include_datasets adds its public datasets.",
        "tag_list" => "Lists the tags of public datasets (query, all_fields).",
        "license_list" => "Lists the licences datasets may carry.",
        "resource_show" => "Returns one resource (a stored version of a public dataset) by id.",
        "status_show" => "Describes this site.",
        "datastore_search" => "Queries a resource's rows: resource_id, filters, q, fields, sort (one field), limit (default 100), offset, include_total.",
        "help_show" => "Describes an action.",
        _ => return Err(not_found("Action function")),
    };
    Ok(json!(text))
}

/// A public version's file as uploaded (the resource `url`); Not Found for
/// anything not public, and for a name that does not match the resource.
async fn download(State(s): State<AppState>, Path((package, resource, _file)): Path<(String, String, String)>) -> Response {
    let ns = match s.store.profile().await {
        Ok(p) => p.map(|p| p.region_code).unwrap_or_default(),
        Err(e) => return AppError::from(e).into_response(),
    };
    let k = Ckan { s: &s, ns, base: String::new(), site_title: String::new() };
    match k.find_resource(&resource).await {
        Ok((d, v)) if c::slug(&d.code) == package.to_lowercase() => match crate::api::datasets::version_file(&s, &v).await {
            Ok(r) => r,
            Err(e) => e.into_response(),
        },
        _ => crate::ui::error_page(AppError::Domain(simpul_domain::DomainError::NotFound("berkas"))),
    }
}
