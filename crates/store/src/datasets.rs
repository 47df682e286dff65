//! The Pusat Data's dataset catalogue (`datasets`, with the agencies named
//! on terbatas data in `dataset_readers`) and its versioned storage
//! (`dataset_versions`: the uploaded bytes with their SHA-256;
//! `dataset_rows`: the rows' values, in blocks of 1,000). Rahasia datasets are sealed
//! at rest with the installation's data key ([`crate::sealing`]).
//!
//! The store filters lists by a [`Visibility`] the caller computed from the
//! principal; reading one dataset the caller checks `datasets::can_read`.

use std::collections::BTreeMap;

use base64::Engine;
use serde::Serialize;
use serde_json::{Map, Value};
use simpul_domain::attachments::sha256_hex;
use simpul_domain::audit::Change;
use simpul_domain::datasets::{Column, Confidentiality, DatasetData, Publication, Visibility};
use simpul_domain::findings::DatasetFacts;
use simpul_domain::row_blocks::{decode_block, RowBlock, RowBlocks, RowsDigest};
use simpul_domain::{now_millis, DomainError};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::records::{eq_id, eq_text, int, opt_int, opt_text, text, Spec, Values};
use crate::sql::{Arg, Page, PageRequest, Sql};
use crate::{flag, Result, Store, StoreError, WriteTx};

/// A dataset of the catalogue, as stored.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Dataset {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub description: Option<String>,
    pub agency_id: i64,
    pub agency_name: String,
    pub steward_person_id: Option<i64>,
    pub steward_name: Option<String>,
    pub verifier_person_id: Option<i64>,
    pub verifier_name: Option<String>,
    pub concept: String,
    pub definition: String,
    pub sdi_classification: Option<String>,
    pub measure: Option<String>,
    pub unit: Option<String>,
    pub metadata: Option<String>,
    pub topic: String,
    pub tags: Vec<String>,
    pub frequency: String,
    pub last_updated_on: Option<String>,
    pub coverage_start: Option<String>,
    pub coverage_end: Option<String>,
    pub region_codes: Vec<String>,
    pub licence: String,
    pub confidentiality: String,
    pub shared_with: Vec<i64>,
    pub register_responsible: String,
    pub register_distribution: Option<String>,
    pub retention_years: Option<i64>,
    pub storage_location: Option<String>,
    pub backup_period: Option<String>,
    pub backup_medium: Option<String>,
    pub columns: Vec<Column>,
    /// `domain::datasets::Publication` code.
    pub publication: String,
    pub published_at: Option<i64>,
    /// Why publication was refused or withdrawn, if it was.
    pub publication_note: Option<String>,
    /// Number of the latest version, if any was uploaded.
    pub latest_version: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Dataset {
    pub fn class(&self) -> Confidentiality {
        Confidentiality::from_code(&self.confidentiality).unwrap_or(Confidentiality::Rahasia)
    }

    pub fn publication(&self) -> Publication {
        Publication::from_code(&self.publication).unwrap_or(Publication::Draf)
    }

    /// On the open-data portal (`datasets::is_public`).
    pub fn is_public(&self) -> bool {
        simpul_domain::datasets::is_public(self.class(), self.publication())
    }

    /// The inputs of the read rule (`datasets::can_read`).
    pub fn access(&self) -> simpul_domain::datasets::DatasetAccess<'_> {
        simpul_domain::datasets::DatasetAccess { owner: self.agency_id, class: self.class(), named: &self.shared_with, granted: &[] }
    }

    pub fn facts(&self) -> DatasetFacts {
        DatasetFacts {
            id: self.id,
            agency_id: self.agency_id,
            title: self.title.clone(),
            concept: self.concept.clone(),
            frequency: simpul_domain::datasets::Frequency::from_code(&self.frequency).unwrap_or(simpul_domain::datasets::Frequency::Tahunan),
            last_updated_on: self.last_updated_on.clone(),
            created_on: time::OffsetDateTime::from_unix_timestamp(self.created_at / 1000).map(|t| t.date()).unwrap_or(time::Date::MIN),
        }
    }
}

fn json_list<T: serde::de::DeserializeOwned>(r: &AnyRow, col: &str) -> Result<Vec<T>, sqlx::Error> {
    let s: String = r.try_get(col)?;
    serde_json::from_str(&s).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn dataset_row(r: &AnyRow) -> Result<Dataset, sqlx::Error> {
    Ok(Dataset {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        steward_person_id: r.try_get("steward_person_id")?,
        steward_name: r.try_get("steward_name")?,
        verifier_person_id: r.try_get("verifier_person_id")?,
        verifier_name: r.try_get("verifier_name")?,
        concept: r.try_get("concept")?,
        definition: r.try_get("definition")?,
        sdi_classification: r.try_get("sdi_classification")?,
        measure: r.try_get("measure")?,
        unit: r.try_get("unit")?,
        metadata: r.try_get("metadata")?,
        topic: r.try_get("topic")?,
        tags: json_list(r, "tags")?,
        frequency: r.try_get("frequency")?,
        last_updated_on: r.try_get("last_updated_on")?,
        coverage_start: r.try_get("coverage_start")?,
        coverage_end: r.try_get("coverage_end")?,
        region_codes: json_list(r, "region_codes")?,
        licence: r.try_get("licence")?,
        confidentiality: r.try_get("confidentiality")?,
        shared_with: json_list(r, "shared_with")?,
        register_responsible: r.try_get("register_responsible")?,
        register_distribution: r.try_get("register_distribution")?,
        retention_years: r.try_get("retention_years")?,
        storage_location: r.try_get("storage_location")?,
        backup_period: r.try_get("backup_period")?,
        backup_medium: r.try_get("backup_medium")?,
        columns: json_list(r, "columns")?,
        publication: r.try_get("publication")?,
        published_at: r.try_get("published_at")?,
        publication_note: r.try_get("publication_note")?,
        latest_version: r.try_get("latest_version")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub(crate) const DATASETS: Spec<Dataset> = Spec {
    table: "datasets",
    entity: "dataset",
    what: "dataset",
    cols: "x.id, x.code, x.title, x.description, x.agency_id, ag.name AS agency_name, x.steward_person_id, sp.name AS steward_name, x.verifier_person_id, \
           vp.name AS verifier_name, x.concept, x.definition, x.sdi_classification, x.measure, x.unit, x.metadata, x.topic, x.tags, x.frequency, x.last_updated_on, \
           x.coverage_start, x.coverage_end, x.region_codes, x.licence, x.confidentiality, x.shared_with, x.register_responsible, x.register_distribution, \
           x.retention_years, x.storage_location, x.backup_period, x.backup_medium, x.columns, x.publication, x.published_at, x.publication_note, \
           (SELECT MAX(v.version_no) FROM dataset_versions v WHERE v.dataset_id = x.id) AS latest_version, x.created_at, x.updated_at",
    from: "datasets x JOIN agencies ag ON ag.id = x.agency_id LEFT JOIN people sp ON sp.id = x.steward_person_id LEFT JOIN people vp ON vp.id = x.verifier_person_id",
    order: "x.title, x.id",
    map: dataset_row,
    agency: |d| Some(d.agency_id),
    unique: ("code", "Kode dataset ini sudah dipakai."),
};

#[derive(Debug, Clone, Default)]
pub struct DatasetFilter {
    /// Search in code, title, description, concept and tags.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    pub topic: Option<String>,
    pub confidentiality: Option<String>,
    pub tag: Option<String>,
}

/// `AND (what the principal may read)`.
pub(crate) fn visible(b: &mut Sql, v: &Visibility) {
    let mine = match v {
        Visibility::All => return,
        Visibility::Public => {
            b.push(" AND x.confidentiality = 'terbuka' AND x.publication = 'terbit'");
            return;
        }
        Visibility::Agencies(mine) => mine,
    };
    if mine.is_empty() {
        b.push(" AND x.confidentiality = 'terbuka'");
        return;
    }
    let list = |b: &mut Sql| {
        for (i, a) in mine.iter().enumerate() {
            if i > 0 {
                b.push(", ");
            }
            b.arg(Arg::I64(Some(*a)));
        }
    };
    b.push(" AND (x.confidentiality = 'terbuka' OR x.agency_id IN (");
    list(b);
    b.push(") OR (x.confidentiality = 'terbatas' AND EXISTS (SELECT 1 FROM dataset_readers r WHERE r.dataset_id = x.id AND r.agency_id IN (");
    list(b);
    b.push(")))");
    // Data-sharing grants in force now, of any class (crate::sharing).
    let now = simpul_domain::now_millis();
    b.push(" OR EXISTS (SELECT 1 FROM data_grant_datasets gd JOIN data_grants g ON g.id = gd.grant_id WHERE gd.dataset_id = x.id AND g.revoked_at IS NULL AND g.starts_at <= ");
    b.arg(Arg::I64(Some(now)));
    b.push(" AND g.ends_at > ");
    b.arg(Arg::I64(Some(now)));
    b.push(" AND g.agency_id IN (");
    list(b);
    b.push(")))");
}

fn dataset_body(f: &DatasetFilter, v: &Visibility) -> Sql {
    let mut b = DATASETS.body();
    visible(&mut b, v);
    eq_id(&mut b, "x.agency_id", f.agency_id);
    eq_text(&mut b, "x.topic", f.topic.as_deref());
    eq_text(&mut b, "x.confidentiality", f.confidentiality.as_deref());
    if let Some(t) = f.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        b.search(&["x.tags"], Some(&format!("\"{}\"", t.to_lowercase())));
    }
    b.search(&["x.code", "x.title", "x.description", "x.concept", "x.tags"], f.q.as_deref());
    b
}

fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Other(e.to_string()))
}

fn dataset_values(d: &DatasetData) -> Result<Values> {
    Ok(vec![
        ("code", text(&d.code)),
        ("title", text(&d.title)),
        ("description", opt_text(&d.description)),
        ("agency_id", int(d.agency_id)),
        ("steward_person_id", opt_int(d.steward_person_id)),
        ("verifier_person_id", opt_int(d.verifier_person_id)),
        ("concept", text(&d.concept)),
        ("definition", text(&d.definition)),
        ("sdi_classification", opt_text(&d.sdi_classification)),
        ("measure", opt_text(&d.measure)),
        ("unit", opt_text(&d.unit)),
        ("metadata", opt_text(&d.metadata)),
        ("topic", text(&d.topic)),
        ("tags", text(&to_json(&d.tags)?)),
        ("frequency", text(d.frequency.code())),
        ("last_updated_on", opt_text(&d.last_updated_on)),
        ("coverage_start", opt_text(&d.coverage_start)),
        ("coverage_end", opt_text(&d.coverage_end)),
        ("region_codes", text(&to_json(&d.region_codes)?)),
        ("licence", text(d.licence.code())),
        ("confidentiality", text(d.confidentiality.code())),
        ("shared_with", text(&to_json(&d.shared_with)?)),
        ("register_responsible", text(&d.register_responsible)),
        ("register_distribution", opt_text(&d.register_distribution)),
        ("retention_years", opt_int(d.retention_years)),
        ("storage_location", opt_text(&d.storage_location)),
        ("backup_period", opt_text(&d.backup_period)),
        ("backup_medium", opt_text(&d.backup_medium)),
        ("columns", text(&to_json(&d.columns)?)),
    ])
}

/// One accepted upload.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DatasetVersion {
    pub id: i64,
    pub dataset_id: i64,
    pub version_no: i64,
    pub file_name: String,
    /// `csv` or `xlsx`.
    pub format: String,
    pub size: i64,
    /// SHA-256 of the bytes as uploaded, hex.
    pub sha256: String,
    pub row_count: i64,
    /// Sealed at rest (rahasia).
    pub encrypted: bool,
    pub uploaded_by: String,
    pub created_at: i64,
}

pub(crate) const VERSION_COLS: &str = "id, dataset_id, version_no, file_name, format, size, sha256, row_count, encrypted, uploaded_by, created_at";

pub(crate) fn version_row(r: &AnyRow) -> Result<DatasetVersion, sqlx::Error> {
    Ok(DatasetVersion {
        id: r.try_get("id")?,
        dataset_id: r.try_get("dataset_id")?,
        version_no: r.try_get("version_no")?,
        file_name: r.try_get("file_name")?,
        format: r.try_get("format")?,
        size: r.try_get("size")?,
        sha256: r.try_get("sha256")?,
        row_count: r.try_get("row_count")?,
        encrypted: flag(r, "encrypted")?,
        uploaded_by: r.try_get("uploaded_by")?,
        created_at: r.try_get("created_at")?,
    })
}

/// A file accepted for a new version: its checked rows.
pub struct NewVersion<'a> {
    pub file_name: &'a str,
    pub format: &'a str,
    pub bytes: &'a [u8],
    /// The checked rows, in their stored form (`row_blocks`).
    pub rows: &'a RowBlocks,
    /// The Pemda's local date of the upload: the dataset's new last update.
    pub today: String,
}

/// The result of checking a stored version against its recorded digest.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct VersionIntegrity {
    pub recorded_sha256: String,
    /// `None` when the sealed bytes no longer open (changed or moved).
    pub actual_sha256: Option<String>,
    pub recorded_size: i64,
    pub actual_size: Option<i64>,
    pub rows_recorded: i64,
    pub rows_stored: i64,
    /// Every stored block opens, decodes and matches the rows' digest.
    pub rows_intact: bool,
    pub ok: bool,
}

/// Rows of a version, filtered and sorted (in memory, after unsealing;
/// see `dataset_table`). New fields come with a `Default`.
#[derive(Debug, Clone, Default)]
pub struct RowQuery {
    /// `column = value` (compared as text, case-insensitive).
    pub filters: Vec<(String, String)>,
    pub sort: Option<String>,
    pub desc: bool,
    /// Full-text: rows with any cell containing this text, case-insensitive
    /// (CKAN `datastore_search` `q`, as plain substring search).
    pub q: Option<String>,
    /// `filters` compare the cell's text exactly, as CKAN's `datastore_search`
    /// does, instead of trimmed and case-insensitively (the UI and /api/v1).
    pub exact: bool,
}

/// Blocks per INSERT statement (4 parameters each).
const BLOCKS_PER_INSERT: usize = 8;

fn aad_file(dataset_id: i64, version_no: i64) -> String {
    format!("dataset/{dataset_id}/v{version_no}")
}

fn aad_block(dataset_id: i64, version_no: i64, first_row: i64) -> String {
    format!("dataset/{dataset_id}/v{version_no}/rows/{first_row}")
}

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

impl Store {
    pub async fn datasets(&self, f: &DatasetFilter, v: &Visibility, page: PageRequest) -> Result<Page<Dataset>> {
        self.record_page(&DATASETS, dataset_body(f, v), page).await
    }

    pub async fn all_datasets(&self, f: &DatasetFilter, v: &Visibility) -> Result<Vec<Dataset>> {
        self.record_all(&DATASETS, dataset_body(f, v)).await
    }

    /// One dataset whatever its class: the caller checks `can_read`.
    pub async fn dataset(&self, id: i64) -> Result<Dataset> {
        self.record(&DATASETS, id).await
    }

    /// Datasets of other agencies with the same title or concept as `d`
    /// (Perwali Banjarbaru 5/2018 Pasal 11 ayat (3)): titles only of those
    /// the caller may see, a count of the rest.
    pub async fn dataset_twins(&self, agency_id: i64, title: &str, concept: &str, except: Option<i64>) -> Result<Vec<Dataset>> {
        let all = self.record_all(&DATASETS, DATASETS.body()).await?;
        let me = DatasetFacts { id: except.unwrap_or(0), agency_id, title: title.into(), concept: concept.into(), frequency: simpul_domain::datasets::Frequency::Tahunan, last_updated_on: None, created_on: time::Date::MIN };
        Ok(all.into_iter().filter(|o| o.agency_id != agency_id && simpul_domain::findings::duplicates(&me, &o.facts())).collect())
    }

    /// Inserts or updates a dataset with its named readers, audited.
    pub async fn save_dataset(&self, w: &mut WriteTx, id: Option<i64>, d: &DatasetData) -> Result<Dataset> {
        crate::active_agency(w, "agency_id", d.agency_id).await?;
        for (field, person) in [("steward_person_id", d.steward_person_id), ("verifier_person_id", d.verifier_person_id)] {
            if let Some(p) = person {
                let agency: Option<Option<i64>> = sqlx::query_scalar("SELECT agency_id FROM people WHERE id = $1").bind(p).fetch_optional(&mut *w.tx).await?;
                match agency {
                    None => return Err(DomainError::field(field, "invalid_reference", "Pegawai tidak ditemukan.").into()),
                    Some(a) if field == "steward_person_id" && a != Some(d.agency_id) => {
                        return Err(DomainError::field(field, "other_agency", "Penanggung jawab data harus pegawai perangkat daerah pemilik.").into());
                    }
                    Some(_) => {}
                }
            }
        }
        for (i, a) in d.shared_with.iter().enumerate() {
            crate::active_agency(w, &format!("shared_with[{i}]"), *a).await?;
        }
        if let Some(id) = id {
            let before = Self::record_in(w, &DATASETS, id).await?;
            if before.confidentiality != d.confidentiality.code() && before.latest_version.is_some() && (before.class() == Confidentiality::Rahasia || d.confidentiality == Confidentiality::Rahasia) {
                return Err(DomainError::field("confidentiality", "sealed_versions", "Klasifikasi rahasia tidak dapat dipasang atau dilepas setelah ada versi data: versi yang tersimpan tersegel (atau tidak) sesuai klasifikasinya. Daftarkan dataset baru.").into());
            }
        }
        let saved = Self::save_record(w, &DATASETS, id, dataset_values(d)?).await?;
        sqlx::query("DELETE FROM dataset_readers WHERE dataset_id = $1").bind(saved.id).execute(&mut *w.tx).await?;
        for a in &d.shared_with {
            sqlx::query("INSERT INTO dataset_readers (dataset_id, agency_id) VALUES ($1, $2)").bind(saved.id).bind(*a).execute(&mut *w.tx).await?;
        }
        // Changing the class away from terbuka un-publishes (crate::publication).
        self.unpublish_if_closed(w, saved).await
    }

    /// Stores an accepted upload as the next version with its rows, sealed
    /// when the dataset is rahasia; sets the dataset's last update.
    pub async fn add_dataset_version<'a>(&self, w: &mut WriteTx, dataset: &Dataset, v: NewVersion<'a>) -> Result<DatasetVersion> {
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(version_no) FROM dataset_versions WHERE dataset_id = $1").bind(dataset.id).fetch_one(&mut *w.tx).await?;
        let no = last.unwrap_or(0) + 1;
        if v.rows.blocks.iter().map(|b| b.count).sum::<usize>() != v.rows.len() {
            return Err(StoreError::Other("blok baris tidak lengkap".into()));
        }
        let sealed = dataset.class() == Confidentiality::Rahasia;
        let key = if sealed { Some(self.data_key()?) } else { None };
        let content = match key {
            Some(k) => k.seal(v.bytes, &aad_file(dataset.id, no))?,
            None => v.bytes.to_vec(),
        };
        // The file's and the rows' digests, one on each core.
        let (digest, rows_digest) = std::thread::scope(|s| {
            let rows = s.spawn(|| v.rows.digest());
            let file = sha256_hex(v.bytes);
            rows.join().map(|r| (file, r))
        })
        .map_err(|_| StoreError::Other("digest".into()))?;
        let now = now_millis();
        let version_id: i64 = sqlx::query_scalar(
            "INSERT INTO dataset_versions (dataset_id, version_no, file_name, format, size, sha256, row_count, encrypted, content, uploaded_by, created_at, rows_sha256) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(dataset.id)
        .bind(no)
        .bind(v.file_name)
        .bind(v.format)
        .bind(v.bytes.len() as i64)
        .bind(&digest)
        .bind(v.rows.len() as i64)
        .bind(i64::from(sealed))
        .bind(content)
        .bind(&w.actor.name)
        .bind(now)
        .bind(&rows_digest)
        .fetch_one(&mut *w.tx)
        .await?;
        // Rows are stored in blocks of `row_blocks::ROWS_PER_BLOCK`, as the
        // check wrote them (sealed one by one for rahasia data),
        // BLOCKS_PER_INSERT blocks per statement: a million rows are a
        // thousand records, not a million. The next statement's blocks are
        // sealed while the database executes the previous one (SQLite on its
        // connection's worker thread, PostgreSQL in the server).
        let statement = |group: &'a [RowBlock]| -> Result<sqlx::query::Query<'a, sqlx::Any, sqlx::any::AnyArguments>> {
            let mut text = String::from("INSERT INTO dataset_rows (version_id, row_no, row_count, data) VALUES ");
            for i in 0..group.len() {
                let n = i * 4;
                text.push_str(&format!("{}(${}, ${}, ${}, ${})", if i == 0 { "" } else { ", " }, n + 1, n + 2, n + 3, n + 4));
            }
            let mut q = sqlx::query(sqlx::AssertSqlSafe(text));
            for b in group {
                let first = b.first_row as i64;
                q = q.bind(version_id).bind(first).bind(b.count as i64);
                q = match key {
                    Some(k) => q.bind(B64.encode(k.seal(b.json.as_bytes(), &aad_block(dataset.id, no, first))?)),
                    None => q.bind(b.json.as_str()),
                };
            }
            Ok(q)
        };
        let mut groups = v.rows.blocks.chunks(BLOCKS_PER_INSERT);
        let mut next = groups.next().map(statement).transpose()?;
        while let Some(q) = next.take() {
            let (done, following) = tokio::join!(q.execute(&mut *w.tx), async { groups.next().map(statement).transpose() });
            done?;
            next = following?;
        }
        sqlx::query("UPDATE datasets SET last_updated_on = $1, updated_at = $2 WHERE id = $3").bind(&v.today).bind(now).bind(dataset.id).execute(&mut *w.tx).await?;
        let version = self.version_in(w, dataset.id, no).await?;
        w.audit(Change {
            agency_id: Some(dataset.agency_id),
            entity: "dataset_version".into(),
            entity_id: version.id.to_string(),
            action: "create".into(),
            before: None,
            after: serde_json::to_value(&version).ok(),
        })
        .await?;
        Ok(version)
    }

    async fn version_in(&self, w: &mut WriteTx, dataset_id: i64, no: i64) -> Result<DatasetVersion> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {VERSION_COLS} FROM dataset_versions WHERE dataset_id = $1 AND version_no = $2")))
            .bind(dataset_id)
            .bind(no)
            .fetch_one(&mut *w.tx)
            .await?;
        Ok(version_row(&r)?)
    }

    pub async fn dataset_versions(&self, dataset_id: i64) -> Result<Vec<DatasetVersion>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {VERSION_COLS} FROM dataset_versions WHERE dataset_id = $1 ORDER BY version_no DESC")))
            .bind(dataset_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(version_row).collect::<Result<Vec<_>, _>>()?)
    }

    pub async fn dataset_version(&self, dataset_id: i64, no: i64) -> Result<DatasetVersion> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {VERSION_COLS} FROM dataset_versions WHERE dataset_id = $1 AND version_no = $2")))
            .bind(dataset_id)
            .bind(no)
            .fetch_optional(&self.pool)
            .await?;
        match r {
            Some(r) => Ok(version_row(&r)?),
            None => Err(DomainError::NotFound("versi dataset").into()),
        }
    }

    /// The bytes as uploaded (unsealed); `None` when they no longer open.
    pub async fn dataset_file(&self, v: &DatasetVersion) -> Result<Option<Vec<u8>>> {
        let content: Vec<u8> = sqlx::query_scalar("SELECT content FROM dataset_versions WHERE id = $1").bind(v.id).fetch_one(&self.pool).await?;
        if v.encrypted { Ok(self.data_key()?.open(&content, &aad_file(v.dataset_id, v.version_no))) } else { Ok(Some(content)) }
    }

    /// Recomputes the digest of a stored version (modification detection,
    /// Perwali Balikpapan 14/2022 Pasal 16 ayat (3) huruf b).
    pub async fn verify_dataset_version(&self, v: &DatasetVersion) -> Result<VersionIntegrity> {
        let file = self.dataset_file(v).await?;
        let rows_stored: Option<i64> = sqlx::query_scalar("SELECT CAST(SUM(row_count) AS BIGINT) FROM dataset_rows WHERE version_id = $1").bind(v.id).fetch_one(&self.pool).await?;
        let rows_stored = rows_stored.unwrap_or(0);
        let actual = file.as_deref().map(sha256_hex);
        // Every block opens and decodes, and the rows' digest matches (from the
        // database, not the cache).
        let rows_intact = match self.read_blocks(v, |_| {}).await {
            Ok(()) => true,
            Err(StoreError::Domain(DomainError::IntegrityFailed(_))) => false,
            Err(e) => return Err(e),
        };
        let ok = actual.as_deref() == Some(v.sha256.as_str()) && file.as_ref().map(|f| f.len() as i64) == Some(v.size) && rows_stored == v.row_count && rows_intact;
        Ok(VersionIntegrity {
            recorded_sha256: v.sha256.clone(),
            actual_sha256: actual,
            recorded_size: v.size,
            actual_size: file.map(|f| f.len() as i64),
            rows_recorded: v.row_count,
            rows_stored,
            rows_intact,
            ok,
        })
    }

    /// Reads a version's row blocks in order, unsealed, each checked
    /// (rows, first row) by `each` after decoding; then checks the rows'
    /// digest when one was recorded (versions stored before migration 0013
    /// have none). Any difference is `IntegrityFailed`.
    async fn read_blocks(&self, v: &DatasetVersion, mut each: impl FnMut(Vec<(i64, Vec<Value>)>)) -> Result<()> {
        let recorded: Option<String> = sqlx::query_scalar("SELECT rows_sha256 FROM dataset_versions WHERE id = $1").bind(v.id).fetch_one(&self.pool).await?;
        let blocks = sqlx::query("SELECT row_no, row_count, data FROM dataset_rows WHERE version_id = $1 ORDER BY row_no").bind(v.id).fetch_all(&self.pool).await?;
        let key = if v.encrypted { Some(self.data_key()?) } else { None };
        let broken = || StoreError::Domain(DomainError::IntegrityFailed("Baris data tersimpan tidak dapat dibaca: berubah sejak diunggah.".into()));
        let mut digest = RowsDigest::default();
        for b in &blocks {
            let first: i64 = b.try_get("row_no")?;
            let count: i64 = b.try_get("row_count")?;
            let data: String = b.try_get("data")?;
            let json = match key {
                Some(k) => {
                    let sealed = B64.decode(data.as_bytes()).map_err(|_| broken())?;
                    String::from_utf8(k.open(&sealed, &aad_block(v.dataset_id, v.version_no, first)).ok_or_else(broken)?).map_err(|_| broken())?
                }
                None => data,
            };
            if recorded.is_some() {
                digest.add(&json);
            }
            let rows = decode_block(&json).map_err(|_| broken())?;
            if rows.len() as i64 != count || rows.first().map(|(r, _)| *r) != Some(first) {
                return Err(broken());
            }
            each(rows);
        }
        match recorded {
            Some(r) if r != digest.finish() => Err(broken()),
            _ => Ok(()),
        }
    }

    /// A version's rows decoded into a columnar table (`dataset_table`),
    /// from the cache when there (never for rahasia versions, see there).
    async fn version_table(&self, v: &DatasetVersion) -> Result<std::sync::Arc<crate::dataset_table::Table>> {
        if let Some(t) = self.row_cache.get(v.id) {
            return Ok(t);
        }
        let mut table = crate::dataset_table::TableBuilder::new(usize::try_from(v.row_count).unwrap_or(0));
        self.read_blocks(v, |rows| {
            for (n, values) in rows {
                table.push(n, values);
            }
        })
        .await?;
        let table = std::sync::Arc::new(table.finish());
        if !v.encrypted {
            self.row_cache.put(v.id, table.clone());
        }
        Ok(table)
    }

    /// Every row of a version in file order, unsealed, as `{column: value}`.
    pub async fn dataset_rows(&self, v: &DatasetVersion, columns: &[Column]) -> Result<Vec<(i64, Map<String, Value>)>> {
        self.filtered_rows(v, columns, &RowQuery::default()).await
    }

    /// Rows of a version matching `q`, sorted, one page: only the page's
    /// rows become objects.
    pub async fn query_dataset_rows(&self, v: &DatasetVersion, columns: &[Column], q: &RowQuery, page: PageRequest) -> Result<Page<(i64, Map<String, Value>)>> {
        let table = self.version_table(v).await?;
        let (total, items) = table.page(columns, q, page.offset() as usize, page.limit() as usize);
        Ok(Page { items, total: total as i64, page: page.page, per_page: page.per_page })
    }

    /// Every row matching `q`, sorted (exports).
    pub async fn filtered_rows(&self, v: &DatasetVersion, columns: &[Column], q: &RowQuery) -> Result<Vec<(i64, Map<String, Value>)>> {
        Ok(self.version_table(v).await?.all(columns, q))
    }

    /// Counts of visible datasets per classification.
    pub async fn datasets_by_class(&self, v: &Visibility) -> Result<BTreeMap<String, i64>> {
        let mut out = BTreeMap::new();
        for d in self.all_datasets(&DatasetFilter::default(), v).await? {
            *out.entry(d.confidentiality).or_insert(0) += 1;
        }
        Ok(out)
    }

    /// What the findings checks read of the catalogue.
    pub async fn dataset_facts(&self) -> Result<Vec<DatasetFacts>> {
        Ok(self.record_all(&DATASETS, DATASETS.body()).await?.iter().map(Dataset::facts).collect())
    }
}
