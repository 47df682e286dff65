//! The ICT asset registry (inventaris aset TIK): assets with their state
//! history, software licences with their seats, the asset-tag pattern, and
//! the inventory facts the findings read.

use serde::Serialize;
use simpul_domain::assets::{local_date, mask_key, AssetData, AssetState, LicenceData, SeatData, SeatHolder, TagPattern, DEFAULT_TAG_PATTERN};
use simpul_domain::audit::Change;
use simpul_domain::findings::AssetInventoryFacts;
use simpul_domain::pemda::TimeZone;
use simpul_domain::{now_millis, DomainError};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::sql::{paged, Arg, Page, PageRequest, Sql};
use crate::{conflict_on, Result, Store, StoreError, WriteTx};

/// `meta` key of the asset-tag pattern.
pub const TAG_PATTERN_KEY: &str = "asset_tag_pattern";

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Asset {
    pub id: i64,
    pub agency_id: i64,
    pub agency_code: String,
    pub agency_name: String,
    pub asset_tag: String,
    pub name: String,
    pub category: String,
    pub kind: String,
    pub state: String,
    /// Date the asset entered its current state.
    pub state_since: String,
    pub location: Option<String>,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    pub purchase_date: Option<String>,
    pub price: Option<i64>,
    pub warranty_until: Option<String>,
    pub assigned_person_id: Option<i64>,
    pub assigned_person_name: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One lifecycle state an asset entered.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StateChange {
    pub from_state: Option<String>,
    pub to_state: String,
    pub changed_on: String,
    pub recorded_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct AssetFilter {
    /// Search in tag, name, serial number, manufacturer, model and location.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    pub category: Option<String>,
    pub state: Option<String>,
    pub kind: Option<String>,
    /// Warranty ending on or after this date (`YYYY-MM-DD`)…
    pub warranty_from: Option<String>,
    /// …and on or before this one.
    pub warranty_until: Option<String>,
}

const ASSET_COLS: &str = "a.id, a.agency_id, ag.code AS agency_code, ag.name AS agency_name, a.asset_tag, a.name, a.category, a.kind, a.state, a.state_since, a.location, \
     a.unit_id, u.name AS unit_name, a.manufacturer, a.model, a.serial_number, a.purchase_date, a.price, a.warranty_until, a.assigned_person_id, \
     p.name AS assigned_person_name, a.notes, a.created_at, a.updated_at";
const ASSET_FROM: &str = "FROM assets a JOIN agencies ag ON ag.id = a.agency_id LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN people p ON p.id = a.assigned_person_id";

fn asset_from_row(r: &AnyRow) -> Result<Asset, sqlx::Error> {
    Ok(Asset {
        id: r.try_get("id")?,
        agency_id: r.try_get("agency_id")?,
        agency_code: r.try_get("agency_code")?,
        agency_name: r.try_get("agency_name")?,
        asset_tag: r.try_get("asset_tag")?,
        name: r.try_get("name")?,
        category: r.try_get("category")?,
        kind: r.try_get("kind")?,
        state: r.try_get("state")?,
        state_since: r.try_get("state_since")?,
        location: r.try_get("location")?,
        unit_id: r.try_get("unit_id")?,
        unit_name: r.try_get("unit_name")?,
        manufacturer: r.try_get("manufacturer")?,
        model: r.try_get("model")?,
        serial_number: r.try_get("serial_number")?,
        purchase_date: r.try_get("purchase_date")?,
        price: r.try_get("price")?,
        warranty_until: r.try_get("warranty_until")?,
        assigned_person_id: r.try_get("assigned_person_id")?,
        assigned_person_name: r.try_get("assigned_person_name")?,
        notes: r.try_get("notes")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Licence {
    pub id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub product: String,
    pub vendor: Option<String>,
    /// The key in clear: callers show it only to those who may edit the licence.
    pub licence_key: Option<String>,
    pub seats_total: i64,
    pub seats_used: i64,
    pub expires_on: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Licence {
    /// The licence as the audit trail records it: the key masked, since the
    /// trail is read by roles that may not see keys.
    fn audited(&self) -> Option<serde_json::Value> {
        let mut l = self.clone();
        l.licence_key = l.licence_key.as_deref().map(mask_key);
        json(&l)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Seat {
    pub id: i64,
    pub licence_id: i64,
    pub asset_id: Option<i64>,
    pub asset_tag: Option<String>,
    pub asset_name: Option<String>,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub note: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct LicenceFilter {
    /// Search in product, vendor and notes.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    /// Expiring on or before this date (`YYYY-MM-DD`); perpetual licences never match.
    pub expires_by: Option<String>,
}

const LICENCE_COLS: &str = "l.id, l.agency_id, ag.name AS agency_name, l.product, l.vendor, l.licence_key, l.seats_total, l.expires_on, l.notes, l.created_at, l.updated_at, \
     (SELECT COUNT(*) FROM licence_seats s WHERE s.licence_id = l.id) AS seats_used";
const LICENCE_FROM: &str = "FROM licences l JOIN agencies ag ON ag.id = l.agency_id";

fn licence_from_row(r: &AnyRow) -> Result<Licence, sqlx::Error> {
    Ok(Licence {
        id: r.try_get("id")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        product: r.try_get("product")?,
        vendor: r.try_get("vendor")?,
        licence_key: r.try_get("licence_key")?,
        seats_total: r.try_get("seats_total")?,
        seats_used: r.try_get("seats_used")?,
        expires_on: r.try_get("expires_on")?,
        notes: r.try_get("notes")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

const SEAT_SELECT: &str = "SELECT s.id, s.licence_id, s.asset_id, a.asset_tag, a.name AS asset_name, s.person_id, p.name AS person_name, s.note, s.created_at \
     FROM licence_seats s LEFT JOIN assets a ON a.id = s.asset_id LEFT JOIN people p ON p.id = s.person_id";

fn seat_from_row(r: &AnyRow) -> Result<Seat, sqlx::Error> {
    Ok(Seat {
        id: r.try_get("id")?,
        licence_id: r.try_get("licence_id")?,
        asset_id: r.try_get("asset_id")?,
        asset_tag: r.try_get("asset_tag")?,
        asset_name: r.try_get("asset_name")?,
        person_id: r.try_get("person_id")?,
        person_name: r.try_get("person_name")?,
        note: r.try_get("note")?,
        created_at: r.try_get("created_at")?,
    })
}

fn json<T: Serialize>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

fn change(entity: &str, id: i64, action: &str, agency_id: Option<i64>, before: Option<serde_json::Value>, after: Option<serde_json::Value>) -> Change {
    Change { agency_id, entity: entity.into(), entity_id: id.to_string(), action: action.into(), before, after }
}

/// One row by id through the pool or inside a write, `NotFound(what)` when there is none.
async fn by_id<'e, E, T>(ex: E, sql: String, id: i64, what: &'static str, map: fn(&AnyRow) -> Result<T, sqlx::Error>) -> Result<T>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(ex).await?;
    let Some(r) = row else { return Err(DomainError::NotFound(what).into()) };
    Ok(map(&r)?)
}

/// Last running number per tag frame (text before and after the number), within one write.
type TagCounters = std::collections::HashMap<(String, String), u64>;

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Binds `$1`–`$17` of an asset insert or update: the columns in table order from `agency_id` to `notes`.
fn bind_asset<'q>(q: AnyQuery<'q>, d: &AssetData, tag: String, state_since: String) -> AnyQuery<'q> {
    q.bind(d.agency_id)
        .bind(tag)
        .bind(d.name.clone())
        .bind(d.category.code())
        .bind(d.kind.code())
        .bind(d.state.code())
        .bind(state_since)
        .bind(d.location.clone())
        .bind(d.unit_id)
        .bind(d.manufacturer.clone())
        .bind(d.model.clone())
        .bind(d.serial_number.clone())
        .bind(d.purchase_date.clone())
        .bind(d.price)
        .bind(d.warranty_until.clone())
        .bind(d.assigned_person_id)
        .bind(d.notes.clone())
}

const TAG_TAKEN: &str = "Kode aset sudah dipakai aset lain.";

/// What an asset's references must satisfy, checked inside the write.
fn bad_ref(field: &str, msg: &str) -> StoreError {
    DomainError::field(field, "invalid_reference", msg).into()
}

impl Store {
    fn asset_filter_body(f: &AssetFilter) -> Sql {
        let mut body = Sql::new(ASSET_FROM);
        body.push(" WHERE 1=1");
        if let Some(a) = f.agency_id {
            body.push(" AND a.agency_id = ").arg(Arg::I64(Some(a)));
        }
        for (col, v) in [("a.category", &f.category), ("a.state", &f.state), ("a.kind", &f.kind)] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                body.push(&format!(" AND {col} = ")).arg(Arg::Str(Some(v.into())));
            }
        }
        if let Some(v) = f.warranty_from.as_deref().filter(|v| !v.is_empty()) {
            body.push(" AND a.warranty_until >= ").arg(Arg::Str(Some(v.into())));
        }
        if let Some(v) = f.warranty_until.as_deref().filter(|v| !v.is_empty()) {
            body.push(" AND a.warranty_until <= ").arg(Arg::Str(Some(v.into())));
        }
        body.search(&["a.asset_tag", "a.name", "a.serial_number", "a.manufacturer", "a.model", "a.location"], f.q.as_deref());
        body
    }

    pub async fn assets(&self, f: &AssetFilter, page: PageRequest) -> Result<Page<Asset>> {
        Ok(paged(&self.pool, ASSET_COLS, Self::asset_filter_body(f), "ag.name, a.asset_tag, a.id", page, asset_from_row).await?)
    }

    /// Every asset matching the filter, unpaged (exports, label sheets).
    pub async fn all_assets(&self, f: &AssetFilter) -> Result<Vec<Asset>> {
        let mut body = Self::asset_filter_body(f);
        body.text = format!("SELECT {ASSET_COLS} {} ORDER BY ag.name, a.asset_tag, a.id", body.text);
        let rows = body.query().fetch_all(&self.pool).await?;
        Ok(rows.iter().map(asset_from_row).collect::<Result<_, _>>()?)
    }

    pub async fn asset(&self, id: i64) -> Result<Asset> {
        by_id(&self.pool, format!("SELECT {ASSET_COLS} {ASSET_FROM} WHERE a.id = $1"), id, "aset", asset_from_row).await
    }

    async fn asset_in(&self, w: &mut WriteTx, id: i64) -> Result<Asset> {
        by_id(&mut *w.tx, format!("SELECT {ASSET_COLS} {ASSET_FROM} WHERE a.id = $1"), id, "aset", asset_from_row).await
    }

    /// The states the asset entered, oldest first.
    pub async fn asset_history(&self, id: i64) -> Result<Vec<StateChange>> {
        let rows = sqlx::query("SELECT from_state, to_state, changed_on, recorded_at FROM asset_state_changes WHERE asset_id = $1 ORDER BY changed_on, id").bind(id).fetch_all(&self.pool).await?;
        let map = |r: &AnyRow| -> Result<StateChange, sqlx::Error> {
            Ok(StateChange { from_state: r.try_get("from_state")?, to_state: r.try_get("to_state")?, changed_on: r.try_get("changed_on")?, recorded_at: r.try_get("recorded_at")? })
        };
        Ok(rows.iter().map(map).collect::<Result<_, _>>()?)
    }

    /// Whether an asset carries this tag.
    pub async fn asset_tag_taken(&self, tag: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM assets WHERE asset_tag = $1").bind(tag.to_string()).fetch_one(&self.pool).await?;
        Ok(n > 0)
    }

    /// The unit of `agency_id` with this code.
    pub async fn unit_id_by_code(&self, agency_id: i64, code: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM units WHERE agency_id = $1 AND code = $2 AND active = 1").bind(agency_id).bind(code.to_string()).fetch_optional(&self.pool).await?)
    }

    /// The active person of `agency_id` with this NIP.
    pub async fn person_id_by_nip(&self, agency_id: i64, nip: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM people WHERE agency_id = $1 AND nip = $2 AND active = 1").bind(agency_id).bind(nip.to_string()).fetch_optional(&self.pool).await?)
    }

    /// The asset-tag pattern in force (the default until an administrator sets one).
    pub async fn asset_tag_pattern(&self) -> Result<String> {
        let v: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1").bind(TAG_PATTERN_KEY).fetch_optional(&self.pool).await?;
        Ok(v.unwrap_or_else(|| DEFAULT_TAG_PATTERN.to_string()))
    }

    /// Sets the asset-tag pattern (`text` already checked with [`TagPattern::parse`]).
    pub async fn set_asset_tag_pattern(&self, w: &mut WriteTx, text: &str) -> Result<()> {
        let before: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1").bind(TAG_PATTERN_KEY).fetch_optional(&mut *w.tx).await?;
        if before.is_some() {
            sqlx::query("UPDATE meta SET value = $1 WHERE key = $2").bind(text.to_string()).bind(TAG_PATTERN_KEY).execute(&mut *w.tx).await?;
        } else {
            sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2)").bind(TAG_PATTERN_KEY).bind(text.to_string()).execute(&mut *w.tx).await?;
        }
        let before = json(&serde_json::json!({ "pattern": before.unwrap_or_else(|| DEFAULT_TAG_PATTERN.to_string()) }));
        let after = json(&serde_json::json!({ "pattern": text }));
        w.audit(Change { agency_id: None, entity: "setting".into(), entity_id: TAG_PATTERN_KEY.into(), action: "update".into(), before, after }).await
    }

    /// The next tag of the pattern for this agency and year, seeing the
    /// transaction's own inserts. `seen` remembers the last number per
    /// frame, so an import of thousands of rows reads the tags once.
    async fn next_tag(&self, w: &mut WriteTx, agency_code: &str, year: i32, seen: &mut TagCounters) -> Result<String> {
        let text: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1").bind(TAG_PATTERN_KEY).fetch_optional(&mut *w.tx).await?;
        let pattern = TagPattern::parse(text.as_deref().unwrap_or(DEFAULT_TAG_PATTERN)).or_else(|_| TagPattern::parse(DEFAULT_TAG_PATTERN)).map_err(StoreError::Other)?;
        let frame = pattern.frame(year, agency_code);
        let last = match seen.get(&frame) {
            Some(n) => *n,
            None => {
                let like = format!("{}%", frame.0.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
                let tags: Vec<String> = sqlx::query_scalar("SELECT asset_tag FROM assets WHERE asset_tag LIKE $1 ESCAPE '\\'").bind(like).fetch_all(&mut *w.tx).await?;
                tags.iter().filter_map(|t| TagPattern::seq_of(t, &frame)).max().unwrap_or(0)
            }
        };
        seen.insert(frame.clone(), last + 1);
        Ok(pattern.tag(&frame, last + 1))
    }

    /// Checks the agency is active, the unit is the agency's, and the person is the agency's and active.
    async fn check_asset_refs(&self, w: &mut WriteTx, d: &AssetData) -> Result<String> {
        let agency: Option<(String, i64)> =
            sqlx::query("SELECT code, active FROM agencies WHERE id = $1").bind(d.agency_id).fetch_optional(&mut *w.tx).await?.map(|r| Ok::<_, sqlx::Error>((r.try_get("code")?, r.try_get("active")?))).transpose()?;
        let code = match agency {
            None => return Err(bad_ref("agency_id", "Perangkat daerah tidak ditemukan.")),
            Some((_, 0)) => return Err(DomainError::field("agency_id", "inactive", "Perangkat daerah sudah nonaktif.").into()),
            Some((code, _)) => code,
        };
        if let Some(u) = d.unit_id {
            let owner: Option<i64> = sqlx::query_scalar("SELECT agency_id FROM units WHERE id = $1").bind(u).fetch_optional(&mut *w.tx).await?;
            if owner != Some(d.agency_id) {
                return Err(bad_ref("unit_id", "Unit kerja bukan bagian dari perangkat daerah pemilik aset."));
            }
        }
        if let Some(p) = d.assigned_person_id {
            let owner: Option<(i64, i64)> =
                sqlx::query("SELECT agency_id, active FROM people WHERE id = $1").bind(p).fetch_optional(&mut *w.tx).await?.map(|r| Ok::<_, sqlx::Error>((r.try_get("agency_id")?, r.try_get("active")?))).transpose()?;
            if owner.map(|o| o.0) != Some(d.agency_id) {
                return Err(bad_ref("assigned_person_id", "Pemegang aset harus pegawai perangkat daerah pemilik aset."));
            }
            if owner.is_some_and(|o| o.1 == 0) {
                return Err(DomainError::field("assigned_person_id", "inactive", "Pegawai tersebut sudah nonaktif.").into());
            }
        }
        Ok(code)
    }

    async fn record_state(&self, w: &mut WriteTx, id: i64, from: Option<&str>, d: &AssetData) -> Result<()> {
        sqlx::query("INSERT INTO asset_state_changes (asset_id, from_state, to_state, changed_on, recorded_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(from.map(str::to_string))
            .bind(d.state.code())
            .bind(d.state_changed_on.clone())
            .bind(now_millis())
            .execute(&mut *w.tx)
            .await?;
        Ok(())
    }

    /// Registers an asset; an empty tag is generated from the pattern with `year`.
    pub async fn create_asset(&self, w: &mut WriteTx, d: &AssetData, year: i32) -> Result<Asset> {
        self.insert_asset(w, d, year, "create", &mut TagCounters::new()).await
    }

    /// Registers the rows of an import, all in the caller's transaction.
    pub async fn import_assets(&self, w: &mut WriteTx, rows: &[AssetData], year: i32) -> Result<Vec<Asset>> {
        let mut out = Vec::with_capacity(rows.len());
        let mut seen = TagCounters::new();
        for d in rows {
            out.push(self.insert_asset(w, d, year, "import", &mut seen).await?);
        }
        Ok(out)
    }

    async fn insert_asset(&self, w: &mut WriteTx, d: &AssetData, year: i32, action: &str, seen: &mut TagCounters) -> Result<Asset> {
        let code = self.check_asset_refs(w, d).await?;
        let tag = match &d.asset_tag {
            Some(t) => {
                // A given tag may carry a higher number of a frame already counted.
                for (frame, last) in seen.iter_mut() {
                    if let Some(n) = TagPattern::seq_of(t, frame) {
                        *last = (*last).max(n);
                    }
                }
                t.clone()
            }
            None => self.next_tag(w, &code, year, seen).await?,
        };
        let now = now_millis();
        let q = sqlx::query(
            "INSERT INTO assets (agency_id, asset_tag, name, category, kind, state, state_since, location, unit_id, manufacturer, model, serial_number, purchase_date, price, \
             warranty_until, assigned_person_id, notes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
        );
        let row = bind_asset(q, d, tag, d.state_changed_on.clone())
            .bind(now)
            .bind(now)
            .fetch_one(&mut *w.tx)
            .await
            .map_err(|e| conflict_on(e, "asset_tag", TAG_TAKEN))?;
        let id: i64 = row.try_get("id")?;
        self.record_state(w, id, None, d).await?;
        let after = self.asset_in(w, id).await?;
        w.audit(change("asset", id, action, Some(d.agency_id), None, json(&after))).await?;
        Ok(after)
    }

    /// Changes an asset. An empty tag keeps the current one. A change of
    /// state is recorded in the history with its date; without one the
    /// date of the current state stays.
    pub async fn update_asset(&self, w: &mut WriteTx, id: i64, d: &AssetData) -> Result<Asset> {
        let before = self.asset_in(w, id).await?;
        self.check_asset_refs(w, d).await?;
        let moved = before.state != d.state.code();
        let seats: Vec<(i64, i64)> = sqlx::query("SELECT id, licence_id FROM licence_seats WHERE asset_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&mut *w.tx)
            .await?
            .iter()
            .map(|r| Ok::<_, sqlx::Error>((r.try_get("id")?, r.try_get("licence_id")?)))
            .collect::<Result<_, _>>()?;
        if d.agency_id != before.agency_id && !seats.is_empty() {
            return Err(DomainError::field("agency_id", "has_seats", "Aset ini memegang kursi lisensi perangkat daerah asalnya; lepaskan kursinya dahulu sebelum memindahkan aset.").into());
        }
        let since = if moved { d.state_changed_on.clone() } else { before.state_since.clone() };
        if moved && since < before.state_since {
            return Err(DomainError::field("state_changed_on", "out_of_order", format!("Tanggal perubahan status tidak boleh sebelum {} (tanggal status sekarang).", before.state_since)).into());
        }
        let q = sqlx::query(
            "UPDATE assets SET agency_id = $1, asset_tag = $2, name = $3, category = $4, kind = $5, state = $6, state_since = $7, location = $8, unit_id = $9, manufacturer = $10, \
             model = $11, serial_number = $12, purchase_date = $13, price = $14, warranty_until = $15, assigned_person_id = $16, notes = $17, updated_at = $18 WHERE id = $19",
        );
        bind_asset(q, d, d.asset_tag.clone().unwrap_or_else(|| before.asset_tag.clone()), since)
            .bind(now_millis())
            .bind(id)
            .execute(&mut *w.tx)
            .await
            .map_err(|e| conflict_on(e, "asset_tag", TAG_TAKEN))?;
        if moved {
            self.record_state(w, id, Some(&before.state), d).await?;
        }
        // A disposed device frees the licence seats it held.
        if moved && d.state == AssetState::Dihapuskan {
            for (seat, licence) in seats {
                self.release_seat(w, licence, seat).await?;
            }
        }
        let after = self.asset_in(w, id).await?;
        w.audit(change("asset", id, "update", Some(d.agency_id), json(&before), json(&after))).await?;
        Ok(after)
    }

    /// Dates an asset's registration and last change to `at` (milliseconds),
    /// audited. For loading an inventory kept elsewhere until now, and for
    /// the demo, whose point is an agency that has not updated its
    /// inventory this year.
    pub async fn backdate_asset(&self, w: &mut WriteTx, id: i64, at: i64) -> Result<()> {
        let before = self.asset_in(w, id).await?;
        sqlx::query("UPDATE assets SET created_at = $1, updated_at = $2 WHERE id = $3").bind(at).bind(at).bind(id).execute(&mut *w.tx).await?;
        let after = self.asset_in(w, id).await?;
        w.audit(change("asset", id, "backdate", Some(before.agency_id), json(&before), json(&after))).await
    }

    /// Asset counts by state code.
    pub async fn assets_by_state(&self) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM assets GROUP BY state").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| Ok::<_, sqlx::Error>((r.try_get("state")?, r.try_get("n")?))).collect::<Result<_, _>>()?)
    }

    /// Per active agency with assets: how many, and the latest day (in `tz`) one was registered or changed.
    pub async fn asset_inventory_facts(&self, tz: TimeZone) -> Result<Vec<AssetInventoryFacts>> {
        let rows = sqlx::query(
            "SELECT ag.id, ag.name, COUNT(*) AS n, MAX(a.updated_at) AS last FROM assets a JOIN agencies ag ON ag.id = a.agency_id WHERE ag.active = 1 GROUP BY ag.id, ag.name ORDER BY ag.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let last: i64 = r.try_get("last")?;
            let Some(on) = local_date(last, tz) else { continue };
            out.push(AssetInventoryFacts { agency_id: r.try_get("id")?, agency_name: r.try_get("name")?, assets: r.try_get("n")?, last_changed_on: on });
        }
        Ok(out)
    }

    // ---- Licences ----------------------------------------------------------------

    fn licence_filter_body(f: &LicenceFilter) -> Sql {
        let mut body = Sql::new(LICENCE_FROM);
        body.push(" WHERE 1=1");
        if let Some(a) = f.agency_id {
            body.push(" AND l.agency_id = ").arg(Arg::I64(Some(a)));
        }
        if let Some(v) = f.expires_by.as_deref().filter(|v| !v.is_empty()) {
            body.push(" AND l.expires_on IS NOT NULL AND l.expires_on <= ").arg(Arg::Str(Some(v.into())));
        }
        body.search(&["l.product", "l.vendor", "l.notes"], f.q.as_deref());
        body
    }

    pub async fn licences(&self, f: &LicenceFilter, page: PageRequest) -> Result<Page<Licence>> {
        Ok(paged(&self.pool, LICENCE_COLS, Self::licence_filter_body(f), "l.product, l.id", page, licence_from_row).await?)
    }

    pub async fn licence(&self, id: i64) -> Result<Licence> {
        by_id(&self.pool, format!("SELECT {LICENCE_COLS} {LICENCE_FROM} WHERE l.id = $1"), id, "lisensi", licence_from_row).await
    }

    async fn licence_in(&self, w: &mut WriteTx, id: i64) -> Result<Licence> {
        by_id(&mut *w.tx, format!("SELECT {LICENCE_COLS} {LICENCE_FROM} WHERE l.id = $1"), id, "lisensi", licence_from_row).await
    }

    pub async fn seats(&self, licence_id: i64) -> Result<Vec<Seat>> {
        let rows = sqlx::query(AssertSqlSafe(format!("{SEAT_SELECT} WHERE s.licence_id = $1 ORDER BY s.id"))).bind(licence_id).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(seat_from_row).collect::<Result<_, _>>()?)
    }

    /// Seats held by a hardware asset, with the licence's product.
    pub async fn seats_of_asset(&self, asset_id: i64) -> Result<Vec<(Seat, String)>> {
        let rows = sqlx::query(AssertSqlSafe(format!("SELECT x.*, l.product FROM ({SEAT_SELECT} WHERE s.asset_id = $1) x JOIN licences l ON l.id = x.licence_id ORDER BY x.id")))
            .bind(asset_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| Ok::<_, sqlx::Error>((seat_from_row(r)?, r.try_get("product")?))).collect::<Result<_, _>>()?)
    }

    pub async fn create_licence(&self, w: &mut WriteTx, d: &LicenceData) -> Result<Licence> {
        crate::active_agency(w, "agency_id", d.agency_id).await?;
        let now = now_millis();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO licences (agency_id, product, vendor, licence_key, seats_total, expires_on, notes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(d.agency_id)
        .bind(d.product.clone())
        .bind(d.vendor.clone())
        .bind(d.licence_key.clone())
        .bind(d.seats_total)
        .bind(d.expires_on.clone())
        .bind(d.notes.clone())
        .bind(now)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?;
        let after = self.licence_in(w, id).await?;
        w.audit(change("licence", id, "create", Some(d.agency_id), None, after.audited())).await?;
        Ok(after)
    }

    /// Changes a licence. Its seats stay; the total cannot drop below the
    /// seats in use, and a licence with seats cannot move to another agency.
    pub async fn update_licence(&self, w: &mut WriteTx, id: i64, d: &LicenceData) -> Result<Licence> {
        let before = self.licence_in(w, id).await?;
        if d.agency_id != before.agency_id {
            crate::active_agency(w, "agency_id", d.agency_id).await?;
            if before.seats_used > 0 {
                return Err(DomainError::field("agency_id", "has_seats", "Lisensi yang kursinya sudah diberikan tidak dapat dipindahkan ke perangkat daerah lain; lepaskan kursinya dahulu.").into());
            }
        }
        if d.seats_total < before.seats_used {
            return Err(DomainError::field("seats_total", "below_assigned", format!("Sudah {} kursi diberikan; jumlah kursi tidak boleh kurang dari itu.", before.seats_used)).into());
        }
        sqlx::query("UPDATE licences SET agency_id = $1, product = $2, vendor = $3, licence_key = $4, seats_total = $5, expires_on = $6, notes = $7, updated_at = $8 WHERE id = $9")
            .bind(d.agency_id)
            .bind(d.product.clone())
            .bind(d.vendor.clone())
            .bind(d.licence_key.clone())
            .bind(d.seats_total)
            .bind(d.expires_on.clone())
            .bind(d.notes.clone())
            .bind(now_millis())
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        let after = self.licence_in(w, id).await?;
        w.audit(change("licence", id, "update", Some(d.agency_id), before.audited(), after.audited())).await?;
        Ok(after)
    }

    /// Gives one seat of a licence to a hardware asset or a person of the
    /// licence's agency. Refused when every seat is taken.
    pub async fn assign_seat(&self, w: &mut WriteTx, licence_id: i64, d: &SeatData) -> Result<Seat> {
        let l = self.licence_in(w, licence_id).await?;
        if l.seats_used >= l.seats_total {
            return Err(DomainError::Conflict {
                field: Some("seats_total".into()),
                message: format!("Semua {} kursi lisensi {} sudah terpakai; tambah jumlah kursi atau lepaskan kursi lain dahulu.", l.seats_total, l.product),
            }
            .into());
        }
        let (asset_id, person_id) = match d.holder {
            SeatHolder::Asset(a) => {
                let r = sqlx::query("SELECT agency_id, kind, state FROM assets WHERE id = $1").bind(a).fetch_optional(&mut *w.tx).await?;
                let Some(r) = r else { return Err(bad_ref("asset_id", "Aset tidak ditemukan.")) };
                let (agency, kind, state): (i64, String, String) = (r.try_get("agency_id")?, r.try_get("kind")?, r.try_get("state")?);
                if agency != l.agency_id {
                    return Err(bad_ref("asset_id", "Aset harus milik perangkat daerah pemegang lisensi."));
                }
                if kind != "perangkat_keras" {
                    return Err(DomainError::field("asset_id", "not_hardware", "Kursi lisensi dipasang pada aset perangkat keras.").into());
                }
                if state == "dihapuskan" {
                    return Err(DomainError::field("asset_id", "disposed", "Aset sudah dihapuskan.").into());
                }
                (Some(a), None)
            }
            SeatHolder::Person(p) => {
                let owner: Option<i64> = sqlx::query_scalar("SELECT agency_id FROM people WHERE id = $1 AND active = 1").bind(p).fetch_optional(&mut *w.tx).await?;
                if owner != Some(l.agency_id) {
                    return Err(bad_ref("person_id", "Pegawai harus pegawai aktif perangkat daerah pemegang lisensi."));
                }
                (None, Some(p))
            }
        };
        let id: i64 = sqlx::query_scalar("INSERT INTO licence_seats (licence_id, asset_id, person_id, note, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(licence_id)
            .bind(asset_id)
            .bind(person_id)
            .bind(d.note.clone())
            .bind(now_millis())
            .fetch_one(&mut *w.tx)
            .await
            .map_err(|e| conflict_on(e, if asset_id.is_some() { "asset_id" } else { "person_id" }, "Penerima ini sudah memegang kursi lisensi tersebut."))?;
        let row = sqlx::query(AssertSqlSafe(format!("{SEAT_SELECT} WHERE s.id = $1"))).bind(id).fetch_one(&mut *w.tx).await?;
        let seat = seat_from_row(&row)?;
        w.audit(change("licence", licence_id, "assign_seat", Some(l.agency_id), None, json(&seat))).await?;
        Ok(seat)
    }

    /// Takes a seat back (the seat row is removed; the audit trail keeps it).
    pub async fn release_seat(&self, w: &mut WriteTx, licence_id: i64, seat_id: i64) -> Result<()> {
        let l = self.licence_in(w, licence_id).await?;
        let row = sqlx::query(AssertSqlSafe(format!("{SEAT_SELECT} WHERE s.id = $1 AND s.licence_id = $2"))).bind(seat_id).bind(licence_id).fetch_optional(&mut *w.tx).await?;
        let Some(row) = row else { return Err(DomainError::NotFound("kursi lisensi").into()) };
        let seat = seat_from_row(&row)?;
        sqlx::query("DELETE FROM licence_seats WHERE id = $1").bind(seat_id).execute(&mut *w.tx).await?;
        w.audit(change("licence", licence_id, "release_seat", Some(l.agency_id), json(&seat), None)).await
    }
}
