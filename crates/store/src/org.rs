//! Pemda profile, agencies, units and people.

use sqlx::AssertSqlSafe;
use serde::Serialize;
use simpul_domain::audit::Change;
use simpul_domain::org::{AgencyData, PersonData, UnitData};
use simpul_domain::pemda::{Level, PemdaProfile, TimeZone};
use simpul_domain::profiles::Regulation;
use simpul_domain::{now_millis, DomainError};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::sql::{paged, Arg, Page, PageRequest, Sql};
use crate::{conflict_on, Result, Store, StoreError, WriteTx};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Agency {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub head_person_id: Option<i64>,
    pub head_name: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub mandiri_tik: bool,
    pub mandiri_tik_since: Option<String>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Unit {
    pub id: i64,
    pub agency_id: i64,
    pub code: String,
    pub name: String,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub nip: Option<String>,
    pub name: String,
    pub position: Option<String>,
    pub agency_id: i64,
    pub agency_name: String,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    pub username: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AgencyFilter {
    pub q: Option<String>,
    pub kind: Option<String>,
    /// `None`: all; `Some(true)`: active only.
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    pub active: Option<bool>,
}

const AGENCY_COLS: &str = "a.id, a.code, a.name, a.short_name, a.kind, a.parent_id, a.head_person_id, h.name AS head_name, a.address, a.phone, a.email, a.website, a.mandiri_tik, a.mandiri_tik_since, a.active, a.created_at, a.updated_at";
const AGENCY_FROM: &str = "FROM agencies a LEFT JOIN people h ON h.id = a.head_person_id";

fn agency_from_row(r: &AnyRow) -> Result<Agency, sqlx::Error> {
    Ok(Agency {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        short_name: r.try_get("short_name")?,
        kind: r.try_get("kind")?,
        parent_id: r.try_get("parent_id")?,
        head_person_id: r.try_get("head_person_id")?,
        head_name: r.try_get("head_name")?,
        address: r.try_get("address")?,
        phone: r.try_get("phone")?,
        email: r.try_get("email")?,
        website: r.try_get("website")?,
        mandiri_tik: crate::flag(r, "mandiri_tik")?,
        mandiri_tik_since: r.try_get("mandiri_tik_since")?,
        active: crate::flag(r, "active")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn unit_from_row(r: &AnyRow) -> Result<Unit, sqlx::Error> {
    Ok(Unit { id: r.try_get("id")?, agency_id: r.try_get("agency_id")?, code: r.try_get("code")?, name: r.try_get("name")?, active: crate::flag(r, "active")? })
}

const PERSON_COLS: &str = "p.id, p.nip, p.name, p.position, p.agency_id, a.name AS agency_name, p.unit_id, u.name AS unit_name, p.email, p.phone, p.active, acc.username";
const PERSON_FROM: &str = "FROM people p JOIN agencies a ON a.id = p.agency_id LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN accounts acc ON acc.person_id = p.id";

fn person_from_row(r: &AnyRow) -> Result<Person, sqlx::Error> {
    Ok(Person {
        id: r.try_get("id")?,
        nip: r.try_get("nip")?,
        name: r.try_get("name")?,
        position: r.try_get("position")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        unit_id: r.try_get("unit_id")?,
        unit_name: r.try_get("unit_name")?,
        email: r.try_get("email")?,
        phone: r.try_get("phone")?,
        active: crate::flag(r, "active")?,
        username: r.try_get("username")?,
    })
}

fn json<T: Serialize>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

fn change(entity: &str, id: i64, action: &str, agency_id: Option<i64>, before: Option<serde_json::Value>, after: Option<serde_json::Value>) -> Change {
    Change { agency_id, entity: entity.into(), entity_id: id.to_string(), action: action.into(), before, after }
}

impl Store {
    // ---- Pemda profile -------------------------------------------------

    pub async fn profile(&self) -> Result<Option<PemdaProfile>> {
        let row = sqlx::query("SELECT name, level, region_code, domain, timezone, regulation FROM pemda_profile WHERE id = 1").fetch_optional(&self.pool).await?;
        let Some(r) = row else { return Ok(None) };
        let level: String = r.try_get("level")?;
        let tz: String = r.try_get("timezone")?;
        let reg: String = r.try_get("regulation")?;
        Ok(Some(PemdaProfile {
            name: r.try_get("name")?,
            level: Level::from_code(&level).ok_or_else(|| StoreError::Other(format!("tingkat tidak dikenal: {level}")))?,
            region_code: r.try_get("region_code")?,
            domain: r.try_get("domain")?,
            timezone: TimeZone::from_code(&tz).ok_or_else(|| StoreError::Other(format!("zona waktu tidak dikenal: {tz}")))?,
            regulation: Regulation::from_code(&reg).ok_or_else(|| StoreError::Other(format!("peraturan tidak dikenal: {reg}")))?,
        }))
    }

    pub async fn set_profile(&self, w: &mut WriteTx, p: &PemdaProfile) -> Result<()> {
        let before = self.profile().await?;
        let exists = before.is_some();
        let sql = if exists {
            "UPDATE pemda_profile SET name = $1, level = $2, region_code = $3, domain = $4, timezone = $5, regulation = $6, updated_at = $7 WHERE id = 1"
        } else {
            "INSERT INTO pemda_profile (name, level, region_code, domain, timezone, regulation, updated_at, id) VALUES ($1, $2, $3, $4, $5, $6, $7, 1)"
        };
        sqlx::query(sql)
            .bind(p.name.clone())
            .bind(p.level.code())
            .bind(p.region_code.clone())
            .bind(p.domain.clone())
            .bind(p.timezone.code())
            .bind(p.regulation.code())
            .bind(now_millis())
            .execute(&mut *w.tx)
            .await?;
        w.audit(Change { agency_id: None, entity: "pemda_profile".into(), entity_id: "1".into(), action: if exists { "update" } else { "create" }.into(), before: before.as_ref().and_then(json), after: json(p) })
            .await
    }

    // ---- Agencies -------------------------------------------------------

    pub async fn agencies(&self, f: &AgencyFilter, page: PageRequest) -> Result<Page<Agency>> {
        let mut body = Sql::new(AGENCY_FROM);
        body.push(" WHERE 1=1");
        if let Some(k) = f.kind.as_deref().filter(|k| !k.is_empty()) {
            body.push(" AND a.kind = ").arg(Arg::Str(Some(k.into())));
        }
        if let Some(a) = f.active {
            body.push(" AND a.active = ").arg(Arg::Bool(a));
        }
        body.search(&["a.code", "a.name", "a.short_name"], f.q.as_deref());
        Ok(paged(&self.pool, AGENCY_COLS, body, "a.name, a.id", page, agency_from_row).await?)
    }

    pub async fn agency(&self, id: i64) -> Result<Agency> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {AGENCY_COLS} {AGENCY_FROM} WHERE a.id = $1"))).bind(id).fetch_optional(&self.pool).await?;
        match row {
            Some(r) => Ok(agency_from_row(&r)?),
            None => Err(DomainError::NotFound("perangkat daerah").into()),
        }
    }

    pub async fn agency_by_code(&self, code: &str) -> Result<Option<Agency>> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {AGENCY_COLS} {AGENCY_FROM} WHERE a.code = $1"))).bind(code.to_string()).fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(agency_from_row).transpose()?)
    }

    async fn check_agency_refs(&self, w: &mut WriteTx, id: Option<i64>, d: &AgencyData) -> Result<()> {
        if let Some(p) = d.parent_id {
            if Some(p) == id {
                return Err(DomainError::field("parent_id", "invalid_reference", "Perangkat daerah tidak dapat menjadi induk dirinya sendiri.").into());
            }
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agencies WHERE id = $1").bind(p).fetch_one(&mut *w.tx).await?;
            if n == 0 {
                return Err(DomainError::field("parent_id", "invalid_reference", "Perangkat daerah induk tidak ditemukan.").into());
            }
        }
        if let Some(h) = d.head_person_id {
            let agency: Option<i64> = sqlx::query_scalar("SELECT agency_id FROM people WHERE id = $1").bind(h).fetch_optional(&mut *w.tx).await?;
            if agency.is_none() || (id.is_some() && agency != id) {
                return Err(DomainError::field("head_person_id", "invalid_reference", "Kepala harus pegawai perangkat daerah ini.").into());
            }
        }
        Ok(())
    }

    pub async fn create_agency(&self, w: &mut WriteTx, d: &AgencyData) -> Result<Agency> {
        self.check_agency_refs(w, None, d).await?;
        let now = now_millis();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO agencies (code, name, short_name, kind, parent_id, head_person_id, address, phone, email, website, mandiri_tik, mandiri_tik_since, active, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
        )
        .bind(d.code.clone())
        .bind(d.name.clone())
        .bind(d.short_name.clone())
        .bind(d.kind.code())
        .bind(d.parent_id)
        .bind(d.head_person_id)
        .bind(d.address.clone())
        .bind(d.phone.clone())
        .bind(d.email.clone())
        .bind(d.website.clone())
        .bind(i64::from(d.mandiri_tik))
        .bind(d.mandiri_tik_since.clone())
        .bind(1i64)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await
        .map_err(|e| conflict_on(e, "code", "Kode perangkat daerah sudah dipakai."))?;
        w.audit(change("agency", id, "create", Some(id), None, json(d))).await?;
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {AGENCY_COLS} {AGENCY_FROM} WHERE a.id = $1"))).bind(id).fetch_one(&mut *w.tx).await?;
        Ok(agency_from_row(&row)?)
    }

    pub async fn update_agency(&self, w: &mut WriteTx, id: i64, d: &AgencyData) -> Result<Agency> {
        let before = self.agency_in(w, id).await?;
        self.check_agency_refs(w, Some(id), d).await?;
        sqlx::query(
            "UPDATE agencies SET code = $1, name = $2, short_name = $3, kind = $4, parent_id = $5, head_person_id = $6, address = $7, phone = $8, email = $9, website = $10, \
             mandiri_tik = $11, mandiri_tik_since = $12, updated_at = $13 WHERE id = $14",
        )
        .bind(d.code.clone())
        .bind(d.name.clone())
        .bind(d.short_name.clone())
        .bind(d.kind.code())
        .bind(d.parent_id)
        .bind(d.head_person_id)
        .bind(d.address.clone())
        .bind(d.phone.clone())
        .bind(d.email.clone())
        .bind(d.website.clone())
        .bind(i64::from(d.mandiri_tik))
        .bind(d.mandiri_tik_since.clone())
        .bind(now_millis())
        .bind(id)
        .execute(&mut *w.tx)
        .await
        .map_err(|e| conflict_on(e, "code", "Kode perangkat daerah sudah dipakai."))?;
        let after = self.agency_in(w, id).await?;
        w.audit(change("agency", id, "update", Some(id), json(&before), json(&after))).await?;
        Ok(after)
    }

    /// Deactivates or reactivates an agency. Agencies are never deleted:
    /// people, accounts and (later) applications and datasets refer to them.
    pub async fn set_agency_active(&self, w: &mut WriteTx, id: i64, active: bool) -> Result<Agency> {
        let before = self.agency_in(w, id).await?;
        sqlx::query("UPDATE agencies SET active = $1, updated_at = $2 WHERE id = $3").bind(i64::from(active)).bind(now_millis()).bind(id).execute(&mut *w.tx).await?;
        let after = self.agency_in(w, id).await?;
        w.audit(change("agency", id, if active { "activate" } else { "deactivate" }, Some(id), json(&before), json(&after))).await?;
        Ok(after)
    }

    async fn agency_in(&self, w: &mut WriteTx, id: i64) -> Result<Agency> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {AGENCY_COLS} {AGENCY_FROM} WHERE a.id = $1"))).bind(id).fetch_optional(&mut *w.tx).await?;
        match row {
            Some(r) => Ok(agency_from_row(&r)?),
            None => Err(DomainError::NotFound("perangkat daerah").into()),
        }
    }

    // ---- Units ----------------------------------------------------------

    pub async fn units(&self, agency_id: i64) -> Result<Vec<Unit>> {
        let rows = sqlx::query("SELECT id, agency_id, code, name, active FROM units WHERE agency_id = $1 ORDER BY name, id").bind(agency_id).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(unit_from_row).collect::<Result<_, _>>()?)
    }

    pub async fn unit(&self, id: i64) -> Result<Unit> {
        let row = sqlx::query("SELECT id, agency_id, code, name, active FROM units WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
        match row {
            Some(r) => Ok(unit_from_row(&r)?),
            None => Err(DomainError::NotFound("unit kerja").into()),
        }
    }

    pub async fn create_unit(&self, w: &mut WriteTx, agency_id: i64, d: &UnitData) -> Result<Unit> {
        self.agency_in(w, agency_id).await?;
        let now = now_millis();
        let id: i64 = sqlx::query_scalar("INSERT INTO units (agency_id, code, name, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(agency_id)
            .bind(d.code.clone())
            .bind(d.name.clone())
            .bind(1i64)
            .bind(now)
            .bind(now)
            .fetch_one(&mut *w.tx)
            .await
            .map_err(|e| conflict_on(e, "code", "Kode unit kerja sudah dipakai di perangkat daerah ini."))?;
        let u = Unit { id, agency_id, code: d.code.clone(), name: d.name.clone(), active: true };
        w.audit(change("unit", id, "create", Some(agency_id), None, json(&u))).await?;
        Ok(u)
    }

    pub async fn update_unit(&self, w: &mut WriteTx, id: i64, d: &UnitData, active: bool) -> Result<Unit> {
        let before = self.unit(id).await?;
        sqlx::query("UPDATE units SET code = $1, name = $2, active = $3, updated_at = $4 WHERE id = $5")
            .bind(d.code.clone())
            .bind(d.name.clone())
            .bind(i64::from(active))
            .bind(now_millis())
            .bind(id)
            .execute(&mut *w.tx)
            .await
            .map_err(|e| conflict_on(e, "code", "Kode unit kerja sudah dipakai di perangkat daerah ini."))?;
        let after = Unit { id, agency_id: before.agency_id, code: d.code.clone(), name: d.name.clone(), active };
        w.audit(change("unit", id, "update", Some(before.agency_id), json(&before), json(&after))).await?;
        Ok(after)
    }

    // ---- People ---------------------------------------------------------

    pub async fn people(&self, f: &PersonFilter, page: PageRequest) -> Result<Page<Person>> {
        let mut body = Sql::new(PERSON_FROM);
        body.push(" WHERE 1=1");
        if let Some(a) = f.agency_id {
            body.push(" AND p.agency_id = ").arg(Arg::I64(Some(a)));
        }
        if let Some(a) = f.active {
            body.push(" AND p.active = ").arg(Arg::Bool(a));
        }
        body.search(&["p.name", "p.nip", "p.position"], f.q.as_deref());
        Ok(paged(&self.pool, PERSON_COLS, body, "p.name, p.id", page, person_from_row).await?)
    }

    pub async fn person(&self, id: i64) -> Result<Person> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {PERSON_COLS} {PERSON_FROM} WHERE p.id = $1"))).bind(id).fetch_optional(&self.pool).await?;
        match row {
            Some(r) => Ok(person_from_row(&r)?),
            None => Err(DomainError::NotFound("pegawai").into()),
        }
    }

    async fn person_in(&self, w: &mut WriteTx, id: i64) -> Result<Person> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {PERSON_COLS} {PERSON_FROM} WHERE p.id = $1"))).bind(id).fetch_optional(&mut *w.tx).await?;
        match row {
            Some(r) => Ok(person_from_row(&r)?),
            None => Err(DomainError::NotFound("pegawai").into()),
        }
    }

    async fn check_person_refs(&self, w: &mut WriteTx, d: &PersonData) -> Result<()> {
        let active: Option<bool> = sqlx::query_scalar::<_, i64>("SELECT active FROM agencies WHERE id = $1").bind(d.agency_id).fetch_optional(&mut *w.tx).await?.map(|v| v != 0);
        match active {
            None => return Err(DomainError::field("agency_id", "invalid_reference", "Perangkat daerah tidak ditemukan.").into()),
            Some(false) => return Err(DomainError::field("agency_id", "inactive", "Perangkat daerah sudah nonaktif.").into()),
            Some(true) => {}
        }
        if let Some(u) = d.unit_id {
            let agency: Option<i64> = sqlx::query_scalar("SELECT agency_id FROM units WHERE id = $1").bind(u).fetch_optional(&mut *w.tx).await?;
            if agency != Some(d.agency_id) {
                return Err(DomainError::field("unit_id", "invalid_reference", "Unit kerja harus milik perangkat daerah yang dipilih.").into());
            }
        }
        Ok(())
    }

    pub async fn create_person(&self, w: &mut WriteTx, d: &PersonData) -> Result<Person> {
        self.check_person_refs(w, d).await?;
        let now = now_millis();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO people (nip, name, position, agency_id, unit_id, email, phone, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(d.nip.clone())
        .bind(d.name.clone())
        .bind(d.position.clone())
        .bind(d.agency_id)
        .bind(d.unit_id)
        .bind(d.email.clone())
        .bind(d.phone.clone())
        .bind(1i64)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await
        .map_err(|e| conflict_on(e, "nip", "NIP sudah terdaftar."))?;
        w.audit(change("person", id, "create", Some(d.agency_id), None, json(d))).await?;
        self.person_in(w, id).await
    }

    pub async fn update_person(&self, w: &mut WriteTx, id: i64, d: &PersonData) -> Result<Person> {
        let before = self.person_in(w, id).await?;
        self.check_person_refs(w, d).await?;
        sqlx::query("UPDATE people SET nip = $1, name = $2, position = $3, agency_id = $4, unit_id = $5, email = $6, phone = $7, updated_at = $8 WHERE id = $9")
            .bind(d.nip.clone())
            .bind(d.name.clone())
            .bind(d.position.clone())
            .bind(d.agency_id)
            .bind(d.unit_id)
            .bind(d.email.clone())
            .bind(d.phone.clone())
            .bind(now_millis())
            .bind(id)
            .execute(&mut *w.tx)
            .await
            .map_err(|e| conflict_on(e, "nip", "NIP sudah terdaftar."))?;
        let after = self.person_in(w, id).await?;
        w.audit(change("person", id, "update", Some(d.agency_id), json(&before), json(&after))).await?;
        Ok(after)
    }

    pub async fn set_person_active(&self, w: &mut WriteTx, id: i64, active: bool) -> Result<Person> {
        let before = self.person_in(w, id).await?;
        sqlx::query("UPDATE people SET active = $1, updated_at = $2 WHERE id = $3").bind(i64::from(active)).bind(now_millis()).bind(id).execute(&mut *w.tx).await?;
        let after = self.person_in(w, id).await?;
        w.audit(change("person", id, if active { "activate" } else { "deactivate" }, Some(before.agency_id), json(&before), json(&after))).await?;
        Ok(after)
    }

    // ---- Dashboard -------------------------------------------------------

    pub async fn counts(&self) -> Result<Counts> {
        let one = |sql: &'static str| async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&self.pool).await };
        Ok(Counts {
            agencies_active: one("SELECT COUNT(*) FROM agencies WHERE active = 1").await?,
            agencies_inactive: one("SELECT COUNT(*) FROM agencies WHERE active = 0").await?,
            mandiri_tik: one("SELECT COUNT(*) FROM agencies WHERE active = 1 AND mandiri_tik = 1").await?,
            units: one("SELECT COUNT(*) FROM units WHERE active = 1").await?,
            people: one("SELECT COUNT(*) FROM people WHERE active = 1").await?,
            accounts: one("SELECT COUNT(*) FROM accounts WHERE active = 1").await?,
            audit_entries: one("SELECT COUNT(*) FROM audit_log").await?,
        })
    }

    /// Active agencies per kind, for the dashboard chart.
    pub async fn agencies_by_kind(&self) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query("SELECT kind, COUNT(*) AS n FROM agencies WHERE active = 1 GROUP BY kind ORDER BY n DESC, kind").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| Ok((r.try_get("kind")?, r.try_get("n")?))).collect::<Result<_, sqlx::Error>>()?)
    }

    /// Accounts per role, for the dashboard chart.
    pub async fn accounts_by_role(&self) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query("SELECT g.role, COUNT(DISTINCT g.account_id) AS n FROM grants g JOIN accounts a ON a.id = g.account_id WHERE a.active = 1 GROUP BY g.role ORDER BY g.role")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| Ok((r.try_get("role")?, r.try_get("n")?))).collect::<Result<_, sqlx::Error>>()?)
    }
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Counts {
    pub agencies_active: i64,
    pub agencies_inactive: i64,
    pub mandiri_tik: i64,
    pub units: i64,
    pub people: i64,
    pub accounts: i64,
    pub audit_entries: i64,
}
