//! The open-data portal's reads (issue 4 §4), shared by the public pages
//! (`ui::open_data`), the public API (`api::public_data`) and the DCAT
//! catalogue: search with facets over the public datasets only
//! (`Visibility::Public`: terbuka AND terbit), one public dataset, its
//! schema.org `Dataset` markup and the DCAT catalogue (JSON-LD and Turtle).
//!
//! Anonymous visitors never see anything else: every read here goes
//! through [`public_dataset`] or `Visibility::Public`, whoever is signed in.
//!
//! Facets: agency, topic, format of the latest version (`csv`/`xlsx`) and
//! year (`domain::publication::years`: the years of the temporal coverage,
//! the last update's year without one). Counts are over the datasets that
//! match the current search and filters.

use std::collections::BTreeMap;

use oxrdf::vocab::{rdf, xsd};
use oxrdf::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use simpul_domain::datasets::{topic_label, DataLicence, Visibility};
use simpul_domain::publication::years;
use simpul_domain::DomainError;
use simpul_store::datasets::{Dataset, DatasetFilter};
use utoipa::{IntoParams, ToSchema};

use crate::error::AppError;
use crate::AppState;

/// A search of the portal.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PortalQuery {
    /// Words in code, title, description, concept and tags.
    pub q: Option<String>,
    /// Owning agency id.
    pub agency_id: Option<i64>,
    /// Topic code.
    pub topic: Option<String>,
    /// `csv` or `xlsx` (the latest version's file).
    pub format: Option<String>,
    /// A year of the temporal coverage (or of the last update).
    pub year: Option<i32>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// One value of a facet and how many matching datasets have it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema, Default)]
pub struct Facets {
    pub agency: Vec<FacetValue>,
    pub topic: Vec<FacetValue>,
    pub format: Vec<FacetValue>,
    pub year: Vec<FacetValue>,
}

/// A public dataset with the format of its latest version.
pub struct Listed {
    pub d: Dataset,
    pub format: Option<String>,
}

pub struct Found {
    pub items: Vec<Listed>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub facets: Facets,
}

fn count(map: &mut BTreeMap<String, (String, i64)>, value: String, label: String) {
    map.entry(value).or_insert((label, 0)).1 += 1;
}

fn facet(map: BTreeMap<String, (String, i64)>, by_count: bool) -> Vec<FacetValue> {
    let mut v: Vec<FacetValue> = map.into_iter().map(|(value, (label, count))| FacetValue { value, label, count }).collect();
    if by_count {
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    } else {
        v.reverse();
    }
    v
}

/// Searches the public datasets, with facet counts over the matches.
pub async fn search(s: &AppState, q: &PortalQuery) -> Result<Found, AppError> {
    let filter = DatasetFilter { q: q.q.clone(), agency_id: q.agency_id, topic: q.topic.clone().filter(|t| !t.is_empty()), confidentiality: None, tag: None };
    let format = q.format.as_deref().filter(|f| !f.is_empty());
    let matched: Vec<Listed> = listed(s, &filter)
        .await?
        .into_iter()
        .filter(|l| format.is_none_or(|f| l.format.as_deref() == Some(f)))
        .filter(|l| q.year.is_none_or(|y| dataset_years(&l.d).contains(&y)))
        .collect();
    let (mut agency, mut topic, mut fmt, mut year) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for l in &matched {
        count(&mut agency, l.d.agency_id.to_string(), l.d.agency_name.clone());
        count(&mut topic, l.d.topic.clone(), topic_label(&l.d.topic).to_string());
        if let Some(f) = &l.format {
            count(&mut fmt, f.clone(), f.to_uppercase());
        }
        for y in dataset_years(&l.d) {
            count(&mut year, format!("{y:04}"), y.to_string());
        }
    }
    let page = simpul_store::PageRequest::new(q.page, q.per_page);
    let total = matched.len() as i64;
    let items = matched.into_iter().skip(page.offset() as usize).take(page.limit() as usize).collect();
    Ok(Found { items, total, page: page.page, per_page: page.per_page, facets: Facets { agency: facet(agency, true), topic: facet(topic, true), format: facet(fmt, true), year: facet(year, false) } })
}

pub fn dataset_years(d: &Dataset) -> Vec<i32> {
    years(d.coverage_start.as_deref(), d.coverage_end.as_deref(), d.last_updated_on.as_deref())
}

/// A public dataset; anything else (unknown, not terbuka, not published)
/// answers 404 the same way, so its existence does not leak.
pub async fn public_dataset(s: &AppState, id: i64) -> Result<Dataset, AppError> {
    match s.store.dataset(id).await {
        Ok(d) if d.is_public() => Ok(d),
        Ok(_) | Err(simpul_store::StoreError::Domain(DomainError::NotFound(_))) => Err(DomainError::NotFound("dataset").into()),
        Err(e) => Err(e.into()),
    }
}

/// Every public dataset matching `f`, with its latest version's format.
pub async fn listed(s: &AppState, f: &DatasetFilter) -> Result<Vec<Listed>, AppError> {
    let formats = s.store.latest_version_formats().await?;
    Ok(s.store.all_datasets(f, &Visibility::Public).await?.into_iter().map(|d| Listed { format: formats.get(&d.id).cloned(), d }).collect())
}

// ---- Links and licences -----------------------------------------------------------------

/// Where a public dataset and its downloads live, under `base` (the
/// installation's address).
pub struct Links {
    pub page: String,
    pub csv: String,
    pub json: String,
    pub file: String,
}

pub fn links(base: &str, id: i64) -> Links {
    let base = base.trim_end_matches('/');
    Links {
        page: format!("{base}/data-terbuka/{id}"),
        csv: format!("{base}/api/v1/public/datasets/{id}/export.csv"),
        json: format!("{base}/api/v1/public/datasets/{id}/export.json"),
        file: format!("{base}/api/v1/public/datasets/{id}/file"),
    }
}

/// The licence's canonical address, when it has one.
pub fn licence_url(code: &str) -> Option<&'static str> {
    match DataLicence::from_code(code)? {
        DataLicence::CcBy => Some("https://creativecommons.org/licenses/by/4.0/"),
        DataLicence::Cc0 => Some("https://creativecommons.org/publicdomain/zero/1.0/"),
        DataLicence::Odbl => Some("https://opendatacommons.org/licenses/odbl/1-0/"),
        DataLicence::Internal => None,
    }
}

fn media_type(format: &str) -> &'static str {
    if format == "xlsx" { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } else { "text/csv" }
}

fn temporal(d: &Dataset) -> Option<String> {
    match (&d.coverage_start, &d.coverage_end) {
        (Some(a), Some(b)) => Some(format!("{a}/{b}")),
        (Some(a), None) => Some(format!("{a}/..")),
        (None, Some(b)) => Some(format!("../{b}")),
        (None, None) => None,
    }
}

fn iso_millis(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms / 1000).ok().and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok()).unwrap_or_default()
}

// ---- schema.org -------------------------------------------------------------------------

/// The schema.org `Dataset` of a public dataset, as JSON-LD.
pub fn schema_org(l: &Listed, base: &str, pemda: Option<&str>) -> Value {
    let d = &l.d;
    let k = links(base, d.id);
    let org = json!({"@type": "GovernmentOrganization", "name": d.agency_name});
    let mut distribution = vec![
        json!({"@type": "DataDownload", "name": "CSV", "encodingFormat": "text/csv", "contentUrl": k.csv}),
        json!({"@type": "DataDownload", "name": "JSON", "encodingFormat": "application/json", "contentUrl": k.json}),
    ];
    if let Some(f) = &l.format {
        distribution.push(json!({"@type": "DataDownload", "name": format!("Berkas asli ({})", f.to_uppercase()), "encodingFormat": media_type(f), "contentUrl": k.file}));
    }
    let mut v = json!({
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": d.title,
        "description": d.description.clone().unwrap_or_else(|| d.definition.clone()),
        "url": k.page,
        "identifier": d.code,
        "keywords": d.tags,
        "creator": org,
        "publisher": pemda.map_or_else(|| org.clone(), |p| json!({"@type": "GovernmentOrganization", "name": p})),
        "isAccessibleForFree": true,
        "inLanguage": "id",
        "distribution": distribution,
    });
    if let Some(u) = licence_url(&d.licence) {
        v["license"] = json!(u);
    }
    if let Some(t) = temporal(d) {
        v["temporalCoverage"] = json!(t);
    }
    if !d.region_codes.is_empty() {
        v["spatialCoverage"] = json!(d.region_codes.iter().map(|r| json!({"@type": "Place", "name": format!("Kode wilayah Kemendagri {r}"), "identifier": r})).collect::<Vec<_>>());
    }
    if let Some(m) = d.last_updated_on.clone().or_else(|| Some(iso_millis(d.updated_at))) {
        v["dateModified"] = json!(m);
    }
    v
}

/// JSON-LD for a `<script>` element: `<` escaped so the text cannot close it.
pub fn script_json(v: &Value) -> String {
    v.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

// ---- DCAT -------------------------------------------------------------------------------

const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCT: &str = "http://purl.org/dc/terms/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";

fn iri(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

fn add(t: &mut Vec<Triple>, s: &(impl Clone + Into<NamedOrBlankNode>), p: impl Into<NamedNode>, o: impl Into<Term>) {
    t.push(Triple::new(s.clone(), p, o));
}

/// The DCAT catalogue of the public datasets as RDF triples (DCAT 3
/// vocabulary; a `dct:publisher` per agency as `foaf:Agent`, a
/// `dcat:Distribution` for CSV, JSON and the original file).
pub fn dcat_triples(items: &[Listed], base: &str, pemda: &str) -> Result<Vec<Triple>, AppError> {
    let base = base.trim_end_matches('/');
    let node = |v: &str| NamedNode::new(v).map_err(|e| AppError::Internal(format!("IRI tidak valid {v}: {e}")));
    let mut t: Vec<Triple> = Vec::new();
    let text = |v: &str| Term::Literal(Literal::new_language_tagged_literal_unchecked(v, "id"));
    let plain = |v: &str| Term::Literal(Literal::new_simple_literal(v));
    let typed = |v: &str, dt: oxrdf::NamedNodeRef<'_>| Term::Literal(Literal::new_typed_literal(v, dt));
    let catalog = node(&format!("{base}/data-terbuka/catalog"))?;
    add(&mut t, &catalog, rdf::TYPE, iri(DCAT, "Catalog"));
    add(&mut t, &catalog, iri(DCT, "title"), text(&format!("Portal Data Terbuka {pemda}")));
    add(&mut t, &catalog, iri(DCT, "description"), text("Katalog data terbuka yang telah diverifikasi dan diterbitkan melalui Simpul."));
    add(&mut t, &catalog, iri(FOAF, "homepage"), node(&format!("{base}/data-terbuka"))?);
    let mut publishers = BTreeMap::new();
    let mut themes = BTreeMap::new();
    for l in items {
        let d = &l.d;
        let k = links(base, d.id);
        let ds = node(&k.page)?;
        add(&mut t, &catalog, iri(DCAT, "dataset"), ds.clone());
        add(&mut t, &ds, rdf::TYPE, iri(DCAT, "Dataset"));
        add(&mut t, &ds, iri(DCT, "identifier"), plain(&d.code));
        add(&mut t, &ds, iri(DCT, "title"), text(&d.title));
        add(&mut t, &ds, iri(DCT, "description"), text(d.description.as_deref().unwrap_or(&d.definition)));
        let agency = node(&format!("{base}/data-terbuka?agency_id={}", d.agency_id))?;
        publishers.insert(agency.clone(), d.agency_name.clone());
        add(&mut t, &ds, iri(DCT, "publisher"), agency.clone());
        if let Some(p) = d.published_at {
            add(&mut t, &ds, iri(DCT, "issued"), typed(&iso_millis(p), xsd::DATE_TIME));
        }
        match &d.last_updated_on {
            Some(m) => add(&mut t, &ds, iri(DCT, "modified"), typed(m, xsd::DATE)),
            None => add(&mut t, &ds, iri(DCT, "modified"), typed(&iso_millis(d.updated_at), xsd::DATE_TIME)),
        }
        if let Some(u) = licence_url(&d.licence) {
            add(&mut t, &ds, iri(DCT, "license"), node(u)?);
        }
        for tag in &d.tags {
            add(&mut t, &ds, iri(DCAT, "keyword"), text(tag));
        }
        let theme = node(&format!("{base}/data-terbuka?topic={}", d.topic))?;
        themes.insert(theme.clone(), topic_label(&d.topic).to_string());
        add(&mut t, &ds, iri(DCAT, "theme"), theme);
        add(&mut t, &ds, iri(DCAT, "landingPage"), node(&k.page)?);
        for r in &d.region_codes {
            add(&mut t, &ds, iri(DCT, "spatial"), plain(r));
        }
        if d.coverage_start.is_some() || d.coverage_end.is_some() {
            let period = BlankNode::default();
            add(&mut t, &ds, iri(DCT, "temporal"), Term::BlankNode(period.clone()));
            add(&mut t, &period, rdf::TYPE, iri(DCT, "PeriodOfTime"));
            for (p, v) in [("startDate", &d.coverage_start), ("endDate", &d.coverage_end)] {
                if let Some(v) = v {
                    add(&mut t, &period, iri(DCAT, p), typed(v, xsd::DATE));
                }
            }
        }
        let mut dists = vec![("csv", "CSV", k.csv.clone(), "text/csv"), ("json", "JSON", k.json.clone(), "application/json")];
        if let Some(f) = &l.format {
            dists.push(("file", "Berkas asli", k.file.clone(), media_type(f)));
        }
        for (frag, title, url, media) in dists {
            let dist = node(&format!("{}#{frag}", k.page))?;
            add(&mut t, &ds, iri(DCAT, "distribution"), Term::NamedNode(dist.clone()));
            add(&mut t, &dist, rdf::TYPE, iri(DCAT, "Distribution"));
            add(&mut t, &dist, iri(DCT, "title"), plain(title));
            add(&mut t, &dist, iri(DCAT, "downloadURL"), Term::NamedNode(node(&url)?));
            add(&mut t, &dist, iri(DCAT, "mediaType"), Term::NamedNode(node(&format!("https://www.iana.org/assignments/media-types/{media}"))?));
        }
    }
    for (agency, name) in publishers {
        add(&mut t, &agency, rdf::TYPE, iri(FOAF, "Agent"));
        add(&mut t, &agency, iri(FOAF, "name"), plain(&name));
    }
    // Topics as SKOS concepts (`dcat:theme` takes a concept, not a string).
    for (theme, label) in themes {
        add(&mut t, &theme, rdf::TYPE, iri(SKOS, "Concept"));
        add(&mut t, &theme, iri(SKOS, "prefLabel"), text(&label));
    }
    Ok(t)
}

/// The catalogue as Turtle (oxttl writes the escaping).
pub fn dcat_turtle(triples: &[Triple]) -> Result<String, AppError> {
    let err = |e: std::io::Error| AppError::Internal(format!("Turtle: {e}"));
    let mut w = oxttl::TurtleSerializer::new();
    for (p, ns) in [("dcat", DCAT), ("dct", DCT), ("foaf", FOAF), ("skos", SKOS), ("xsd", "http://www.w3.org/2001/XMLSchema#")] {
        w = w.with_prefix(p, ns).map_err(|e| AppError::Internal(e.to_string()))?;
    }
    let mut w = w.for_writer(Vec::new());
    for t in triples {
        w.serialize_triple(t).map_err(err)?;
    }
    String::from_utf8(w.finish().map_err(err)?).map_err(|e| AppError::Internal(e.to_string()))
}

/// The catalogue as JSON-LD: the same statements, one node per subject in
/// `@graph`, with a context naming the DCAT, DCTERMS and FOAF terms.
pub fn dcat_jsonld(triples: &[Triple]) -> Value {
    let mut nodes: BTreeMap<String, serde_json::Map<String, Value>> = BTreeMap::new();
    let short = |iri: &str| -> String {
        for (p, ns) in [("dcat", DCAT), ("dct", DCT), ("foaf", FOAF), ("skos", SKOS)] {
            if let Some(l) = iri.strip_prefix(ns) {
                return format!("{p}:{l}");
            }
        }
        iri.to_string()
    };
    for t in triples {
        let id = match &t.subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
            NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
        };
        let node = nodes.entry(id.clone()).or_insert_with(|| {
            let mut m = serde_json::Map::new();
            m.insert("@id".into(), json!(id));
            m
        });
        let (key, value) = if t.predicate.as_ref() == rdf::TYPE {
            ("@type".to_string(), json!(short(match &t.object { Term::NamedNode(n) => n.as_str(), _ => "" })))
        } else {
            let v = match &t.object {
                Term::NamedNode(n) => json!({"@id": n.as_str()}),
                Term::BlankNode(b) => json!({"@id": format!("_:{}", b.as_str())}),
                Term::Literal(l) => match (l.language(), l.datatype()) {
                    (Some(lang), _) => json!({"@value": l.value(), "@language": lang}),
                    (None, dt) if dt == xsd::STRING => json!(l.value()),
                    (None, dt) => json!({"@value": l.value(), "@type": short(dt.as_str()).replace("http://www.w3.org/2001/XMLSchema#", "xsd:")}),
                },
            };
            (short(t.predicate.as_str()), v)
        };
        match node.get_mut(&key) {
            Some(Value::Array(a)) => a.push(value),
            Some(old) => *old = json!([old.clone(), value]),
            None => {
                node.insert(key, value);
            }
        }
    }
    json!({
        "@context": {"dcat": DCAT, "dct": DCT, "foaf": FOAF, "skos": SKOS, "xsd": "http://www.w3.org/2001/XMLSchema#"},
        "@graph": nodes.into_values().map(Value::Object).collect::<Vec<_>>(),
    })
}
