//! `/data-terbuka`: the public open-data portal, no sign-in. Search with
//! facets (agency, topic, format, year) and counts, a dataset page with its
//! metadata, a paged preview of the latest version, the bar chart of the
//! internal page, downloads and schema.org `Dataset` JSON-LD; the DCAT
//! catalogue as JSON-LD and Turtle. Only public datasets
//! (`open_data::search` / `public_dataset`), whoever is signed in.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use simpul_domain::datasets::{cell_text, topic_label, DataLicence, Frequency};
use simpul_store::datasets::Dataset;
use simpul_store::PageRequest;

use super::datasets::chart;
use super::pages::{qs, Page};
use super::{render, Layout, Pager};
use crate::open_data::{self, links, FacetValue, Links, Listed, PortalQuery};
use crate::{absolute, AppState};
use crate::ctx::Ctx;

/// The search form as sent by the browser (empty fields are no filter).
#[derive(Deserialize, Default)]
pub struct SearchForm {
    #[serde(default)]
    q: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    year: String,
    page: Option<u32>,
}

/// A facet as shown: each value with its count and the link that applies
/// (or, when applied, removes) it.
struct FacetView {
    name: &'static str,
    label: &'static str,
    values: Vec<(FacetValue, String, bool)>,
}

struct Item {
    id: i64,
    title: String,
    description: String,
    agency: String,
    topic: String,
    format: String,
    last: String,
}

#[derive(Template)]
#[template(path = "open_data.html")]
struct SearchPage {
    l: Layout,
    q: String,
    items: Vec<Item>,
    facets: Vec<FacetView>,
    active: Vec<(String, String)>,
    pager: Pager,
    base: String,
}

pub async fn index(State(s): State<AppState>, ctx: Ctx, Query(f): Query<SearchForm>) -> Page {
    let query = PortalQuery {
        q: Some(f.q.clone()).filter(|v| !v.trim().is_empty()),
        agency_id: f.agency_id.trim().parse().ok(),
        topic: Some(f.topic.clone()).filter(|v| !v.is_empty()),
        format: Some(f.format.clone()).filter(|v| !v.is_empty()),
        year: f.year.trim().parse().ok(),
        page: f.page,
        per_page: Some(20),
    };
    let found = open_data::search(&s, &query).await?;
    let current = [("q", f.q.as_str()), ("agency_id", f.agency_id.as_str()), ("topic", f.topic.as_str()), ("format", f.format.as_str()), ("year", f.year.as_str())];
    // The link that sets facet `name` to `value` (or clears it when it is set), keeping the rest.
    let link = |name: &str, value: &str| {
        let pairs: Vec<(&str, &str)> = current.iter().map(|(k, v)| if *k == name { (*k, if *v == value { "" } else { value }) } else { (*k, *v) }).collect();
        format!("/data-terbuka{}", qs(&pairs).trim_end_matches(['&', '?']))
    };
    let value_of = |name: &str| current.iter().find(|(k, _)| *k == name).map(|(_, v)| *v).unwrap_or("");
    let view = |name: &'static str, label: &'static str, values: Vec<FacetValue>| FacetView {
        name,
        label,
        values: values.into_iter().map(|v| {
            let on = value_of(name) == v.value;
            let href = link(name, &v.value);
            (v, href, on)
        }).collect(),
    };
    let fs = found.facets;
    let facets = vec![view("agency_id", "Perangkat Daerah", fs.agency), view("topic", "Topik", fs.topic), view("format", "Format", fs.format), view("year", "Tahun", fs.year)];
    let active = facets.iter().flat_map(|fv| fv.values.iter().filter(|(_, _, on)| *on).map(|(v, href, _)| (format!("{}: {}", fv.label, v.label), href.clone()))).collect();
    let items = found
        .items
        .into_iter()
        .map(|Listed { d, format }| Item {
            id: d.id,
            description: d.description.clone().unwrap_or_default(),
            agency: d.agency_name.clone(),
            topic: topic_label(&d.topic).to_string(),
            format: format.map(|f| f.to_uppercase()).unwrap_or_else(|| "—".into()),
            last: d.last_updated_on.clone().unwrap_or_else(|| "—".into()),
            title: d.title,
        })
        .collect();
    let pager = Pager { page: i64::from(found.page), pages: if found.total == 0 { 1 } else { (found.total + i64::from(found.per_page) - 1) / i64::from(found.per_page) }, total: found.total };
    let l = Layout::new(&s, &ctx, "Portal Data Terbuka", "/data-terbuka").await;
    Ok(render(&SearchPage { l, items, facets, active, pager, base: qs(&current), q: f.q }))
}

#[derive(Template)]
#[template(path = "open_dataset.html")]
struct DatasetPage {
    l: Layout,
    d: Dataset,
    topic: String,
    frequency: String,
    licence: String,
    licence_url: Option<String>,
    format: Option<String>,
    published: String,
    links: Links,
    headers: Vec<String>,
    cells: Vec<Vec<String>>,
    pager: Option<Pager>,
    chart: String,
    json_ld: String,
}

#[derive(Deserialize, Default)]
pub struct PreviewQ {
    page: Option<u32>,
}

pub async fn show(State(s): State<AppState>, ctx: Ctx, headers: HeaderMap, Path(id): Path<i64>, Query(q): Query<PreviewQ>) -> Page {
    let d = open_data::public_dataset(&s, id).await?;
    let (mut cells, mut pager, mut chart_svg, mut format) = (Vec::new(), None, String::new(), None);
    if let Some(no) = d.latest_version {
        let v = s.store.dataset_version(id, no).await?;
        let rows = s.store.query_dataset_rows(&v, &d.columns, &Default::default(), PageRequest::new(q.page, Some(25))).await?;
        chart_svg = chart(&d, &rows.items);
        cells = rows.items.iter().map(|(_, r)| d.columns.iter().map(|c| cell_text(r.get(&c.name))).collect()).collect();
        pager = Some(Pager::from(&rows));
        format = Some(v.format);
    }
    let base = absolute(&s, &headers, "");
    let pemda = s.store.profile().await?.map(|p| p.name);
    let listed = Listed { d, format };
    let json_ld = open_data::script_json(&open_data::schema_org(&listed, &base, pemda.as_deref()));
    let Listed { d, format } = listed;
    let l = Layout::new(&s, &ctx, &d.title, "/data-terbuka").await;
    Ok(render(&DatasetPage {
        l,
        topic: topic_label(&d.topic).to_string(),
        frequency: Frequency::from_code(&d.frequency).map(|f| f.label().to_string()).unwrap_or_default(),
        licence: DataLicence::from_code(&d.licence).map(|f| f.label().to_string()).unwrap_or_default(),
        licence_url: open_data::licence_url(&d.licence).map(str::to_string),
        format,
        published: d.published_at.map(super::datasets::fmt_time).unwrap_or_default(),
        links: links("", d.id),
        headers: d.columns.iter().map(|c| c.label.clone()).collect(),
        cells,
        pager,
        chart: chart_svg,
        json_ld,
        d,
    }))
}

async fn catalogue(s: &AppState, headers: &HeaderMap) -> Result<Vec<oxrdf::Triple>, crate::error::AppError> {
    let items = open_data::listed(s, &Default::default()).await?;
    let pemda = s.store.profile().await?.map(|p| p.name).unwrap_or_default();
    open_data::dcat_triples(&items, &absolute(s, headers, ""), &pemda)
}

fn typed(body: String, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// `/data-terbuka/catalog.jsonld`: the DCAT catalogue as JSON-LD.
pub async fn catalog_jsonld(State(s): State<AppState>, headers: HeaderMap) -> Page {
    let t = catalogue(&s, &headers).await?;
    Ok(typed(open_data::dcat_jsonld(&t).to_string(), "application/ld+json"))
}

/// `/data-terbuka/catalog.ttl`: the DCAT catalogue as Turtle.
pub async fn catalog_ttl(State(s): State<AppState>, headers: HeaderMap) -> Page {
    let t = catalogue(&s, &headers).await?;
    Ok(typed(open_data::dcat_turtle(&t)?, "text/turtle; charset=utf-8"))
}
