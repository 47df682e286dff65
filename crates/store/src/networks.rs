//! The network registry (Jaringan Intra): WAN links between agencies, LAN
//! devices with their ports, data cables with their label codes, each
//! agency's LAN diagrams (files in the attachment store), and the Pemda's
//! cable-label scheme.

use std::collections::HashSet;

use serde::Serialize;
use simpul_domain::attachments::{CheckedFile, OwnerKind};
use simpul_domain::audit::Change;
use simpul_domain::findings::{CableFacts, LanDiagramFacts, Snapshot};
use simpul_domain::networks::{end_code, CableData, CableEnd, DeviceData, LabelParts, LabelPattern, PortData, WanLinkData, DEFAULT_LABEL_PATTERN};
use simpul_domain::{now_millis, DomainError};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::attachments::AttachmentMeta;
use crate::sql::{one, paged, unpaged, Arg, Page, PageRequest, Sql};
use crate::{active_agency, conflict_on, is_unique_violation, Result, Store, StoreError, WriteTx};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct WanLink {
    pub id: i64,
    pub from_agency_id: i64,
    pub from_agency_name: String,
    pub from_site: Option<String>,
    pub to_agency_id: i64,
    pub to_agency_name: String,
    pub to_site: Option<String>,
    pub medium: String,
    pub bandwidth_mbps: i64,
    pub provider: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Device {
    pub id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub hostname: String,
    pub kind: String,
    pub location: Option<String>,
    pub management_ip: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    pub port_count: i64,
    /// Ports holding a cable end.
    pub ports_used: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Port {
    pub id: i64,
    pub device_id: i64,
    pub name: String,
    pub speed_mbps: Option<i64>,
    /// The cable whose end is on this port, if any.
    pub cable_id: Option<i64>,
    pub cable_label: Option<String>,
}

/// One end of a cable as stored: a device port or an outlet.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct End {
    pub port_id: Option<i64>,
    pub device_id: Option<i64>,
    pub hostname: Option<String>,
    pub port_name: Option<String>,
    pub outlet: Option<String>,
}

impl End {
    /// `host:port` or the outlet position.
    pub fn display(&self) -> String {
        match (&self.hostname, &self.port_name) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            _ => self.outlet.clone().unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Cable {
    pub id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub a: End,
    pub b: End,
    pub medium: String,
    pub length_m: Option<i64>,
    pub label_code: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The day it was taken out of service; its ports were freed then.
    pub decommissioned_on: Option<String>,
}

impl Cable {
    /// Both ends, for lists and findings.
    pub fn name(&self) -> String {
        format!("{} ↔ {}", self.a.display(), self.b.display())
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LanDiagram {
    pub id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    /// The diagram's date, `YYYY-MM-DD`.
    pub submitted_on: String,
    pub notes: Option<String>,
    pub created_at: i64,
    pub file: AttachmentMeta,
}

/// An agency's LAN diagram status, for the overview and the findings.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LanStatus {
    pub agency_id: i64,
    pub agency_code: String,
    pub agency_name: String,
    pub latest_on: Option<String>,
    pub diagrams: i64,
    pub devices: i64,
    pub cables: i64,
}

#[derive(Debug, Clone, Default)]
pub struct WanFilter {
    /// Links with this agency at either end.
    pub agency_id: Option<i64>,
    pub medium: Option<String>,
    /// Search in sites and provider.
    pub q: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct DeviceFilter {
    /// Search in host name, location, address, model, serial number.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct CableFilter {
    /// Search in label code, outlets and host names.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    /// Cables with an end on this device.
    pub device_id: Option<i64>,
    /// Only cables without a label code.
    pub unlabelled: bool,
    /// Also cables taken out of service.
    pub with_decommissioned: bool,
}

const WAN_COLS: &str = "w.id, w.from_agency_id, fa.name AS from_agency_name, w.from_site, w.to_agency_id, ta.name AS to_agency_name, w.to_site, w.medium, w.bandwidth_mbps, \
     w.provider, w.notes, w.created_at, w.updated_at";
const WAN_FROM: &str = "FROM wan_links w JOIN agencies fa ON fa.id = w.from_agency_id JOIN agencies ta ON ta.id = w.to_agency_id";

fn wan_from_row(r: &AnyRow) -> Result<WanLink, sqlx::Error> {
    Ok(WanLink {
        id: r.try_get("id")?,
        from_agency_id: r.try_get("from_agency_id")?,
        from_agency_name: r.try_get("from_agency_name")?,
        from_site: r.try_get("from_site")?,
        to_agency_id: r.try_get("to_agency_id")?,
        to_agency_name: r.try_get("to_agency_name")?,
        to_site: r.try_get("to_site")?,
        medium: r.try_get("medium")?,
        bandwidth_mbps: r.try_get("bandwidth_mbps")?,
        provider: r.try_get("provider")?,
        notes: r.try_get("notes")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

const DEVICE_COLS: &str = "d.id, d.agency_id, ag.name AS agency_name, d.hostname, d.kind, d.location, d.management_ip, d.model, d.serial_number, d.created_at, d.updated_at, \
     (SELECT COUNT(*) FROM device_ports p WHERE p.device_id = d.id) AS port_count, \
     (SELECT COUNT(*) FROM device_ports p JOIN cables c ON c.a_port_id = p.id OR c.b_port_id = p.id WHERE p.device_id = d.id) AS ports_used";
const DEVICE_ORDER: &str = "ag.name, d.hostname, d.id";
const DEVICE_FROM: &str = "FROM network_devices d JOIN agencies ag ON ag.id = d.agency_id";

fn device_from_row(r: &AnyRow) -> Result<Device, sqlx::Error> {
    Ok(Device {
        id: r.try_get("id")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        hostname: r.try_get("hostname")?,
        kind: r.try_get("kind")?,
        location: r.try_get("location")?,
        management_ip: r.try_get("management_ip")?,
        model: r.try_get("model")?,
        serial_number: r.try_get("serial_number")?,
        port_count: r.try_get("port_count")?,
        ports_used: r.try_get("ports_used")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

const CABLE_COLS: &str = "c.id, c.agency_id, ag.name AS agency_name, c.a_port_id, pa.name AS a_port_name, da.id AS a_device_id, da.hostname AS a_hostname, c.a_outlet, \
     c.b_port_id, pb.name AS b_port_name, db.id AS b_device_id, db.hostname AS b_hostname, c.b_outlet, c.medium, c.length_m, c.label_code, c.notes, c.created_at, c.updated_at, c.decommissioned_on";
const CABLE_ORDER: &str = "ag.name, c.label_code, c.id";
const CABLE_FROM: &str = "FROM cables c JOIN agencies ag ON ag.id = c.agency_id \
     LEFT JOIN device_ports pa ON pa.id = c.a_port_id LEFT JOIN network_devices da ON da.id = pa.device_id \
     LEFT JOIN device_ports pb ON pb.id = c.b_port_id LEFT JOIN network_devices db ON db.id = pb.device_id";

fn end_from_row(r: &AnyRow, side: &str) -> Result<End, sqlx::Error> {
    Ok(End {
        port_id: r.try_get(format!("{side}_port_id").as_str())?,
        device_id: r.try_get(format!("{side}_device_id").as_str())?,
        hostname: r.try_get(format!("{side}_hostname").as_str())?,
        port_name: r.try_get(format!("{side}_port_name").as_str())?,
        outlet: r.try_get(format!("{side}_outlet").as_str())?,
    })
}

/// A cable taken out of service is history: it is not changed any more.
fn refuse_decommissioned(c: &Cable) -> Result<()> {
    match &c.decommissioned_on {
        Some(on) => Err(DomainError::Conflict { field: None, message: format!("Kabel ini sudah dibongkar pada {on}; riwayatnya tidak diubah lagi.") }.into()),
        None => Ok(()),
    }
}

fn cable_from_row(r: &AnyRow) -> Result<Cable, sqlx::Error> {
    Ok(Cable {
        id: r.try_get("id")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        a: end_from_row(r, "a")?,
        b: end_from_row(r, "b")?,
        medium: r.try_get("medium")?,
        length_m: r.try_get("length_m")?,
        label_code: r.try_get("label_code")?,
        notes: r.try_get("notes")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        decommissioned_on: r.try_get("decommissioned_on")?,
    })
}

const DIAGRAM_COLS: &str = "l.id AS diagram_id, l.agency_id, ag.name AS agency_name, l.submitted_on, l.notes, l.created_at AS diagram_created_at, \
     f.id, f.owner_kind, f.owner_id, f.file_name, f.content_type, f.size, f.sha256, f.uploaded_by, f.uploaded_at";
const DIAGRAM_FROM: &str = "FROM lan_diagrams l JOIN agencies ag ON ag.id = l.agency_id JOIN attachments f ON f.owner_kind = 'lan_diagram' AND f.owner_id = l.id";

fn diagram_from_row(r: &AnyRow) -> Result<LanDiagram, sqlx::Error> {
    Ok(LanDiagram {
        id: r.try_get("diagram_id")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        submitted_on: r.try_get("submitted_on")?,
        notes: r.try_get("notes")?,
        created_at: r.try_get("diagram_created_at")?,
        file: crate::attachments::meta_from_row(r)?,
    })
}

fn json<T: Serialize>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

fn change(entity: &str, id: i64, action: &str, agency_id: Option<i64>, before: Option<serde_json::Value>, after: Option<serde_json::Value>) -> Change {
    Change { agency_id, entity: entity.into(), entity_id: id.to_string(), action: action.into(), before, after }
}

fn device_conflict(e: sqlx::Error) -> StoreError {
    if is_unique_violation(&e) && e.to_string().contains("management_ip") {
        conflict_on(e, "management_ip", "Alamat IP manajemen sudah dipakai perangkat lain.")
    } else {
        conflict_on(e, "hostname", "Nama host sudah dipakai di perangkat daerah ini.")
    }
}

const LABEL_TAKEN: &str = "Kode label sudah dipakai kabel lain.";

impl Store {
    // ---- Label scheme ------------------------------------------------------------

    /// The Pemda's cable-label pattern ([`DEFAULT_LABEL_PATTERN`] until set).
    pub async fn label_pattern(&self) -> Result<String> {
        let p: Option<String> = sqlx::query_scalar("SELECT label_pattern FROM network_settings WHERE id = 1").fetch_optional(&self.pool).await?;
        Ok(p.unwrap_or_else(|| DEFAULT_LABEL_PATTERN.to_string()))
    }

    pub async fn set_label_pattern(&self, w: &mut WriteTx, pattern: &str) -> Result<String> {
        let before: Option<String> = sqlx::query_scalar("SELECT label_pattern FROM network_settings WHERE id = 1").fetch_optional(&mut *w.tx).await?;
        sqlx::query("INSERT INTO network_settings (id, label_pattern, updated_at) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET label_pattern = excluded.label_pattern, updated_at = excluded.updated_at")
            .bind(pattern.to_string())
            .bind(now_millis())
            .execute(&mut *w.tx)
            .await?;
        let state = |p: Option<String>| p.map(|p| serde_json::json!({ "label_pattern": p }));
        w.audit(change("network_settings", 1, "update", None, state(before), state(Some(pattern.to_string())))).await?;
        Ok(pattern.to_string())
    }

    // ---- WAN -------------------------------------------------------------------------

    fn wan_body(f: &WanFilter) -> Sql {
        let mut body = Sql::new(WAN_FROM);
        body.push(" WHERE 1=1");
        if let Some(a) = f.agency_id {
            body.push(" AND (w.from_agency_id = ").arg(Arg::I64(Some(a))).push(" OR w.to_agency_id = ").arg(Arg::I64(Some(a))).push(")");
        }
        if let Some(m) = f.medium.as_deref().filter(|m| !m.is_empty()) {
            body.push(" AND w.medium = ").arg(Arg::Str(Some(m.into())));
        }
        body.search(&["w.from_site", "w.to_site", "w.provider", "fa.name", "ta.name"], f.q.as_deref());
        body
    }

    pub async fn wan_links(&self, f: &WanFilter, page: PageRequest) -> Result<Page<WanLink>> {
        Ok(paged(&self.pool, WAN_COLS, Self::wan_body(f), "fa.name, ta.name, w.id", page, wan_from_row).await?)
    }

    async fn wan_link_on<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, id: i64) -> Result<WanLink> {
        Ok(one(ex, WAN_COLS, WAN_FROM, "w.id", id, wan_from_row).await?.ok_or(DomainError::NotFound("tautan WAN"))?)
    }

    pub async fn wan_link(&self, id: i64) -> Result<WanLink> {
        Self::wan_link_on(&self.pool, id).await
    }

    pub async fn create_wan_link(&self, w: &mut WriteTx, d: &WanLinkData) -> Result<WanLink> {
        active_agency(w, "from_agency_id", d.from_agency_id).await?;
        active_agency(w, "to_agency_id", d.to_agency_id).await?;
        let now = now_millis();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO wan_links (from_agency_id, from_site, to_agency_id, to_site, medium, bandwidth_mbps, provider, notes, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(d.from_agency_id)
        .bind(d.from_site.clone())
        .bind(d.to_agency_id)
        .bind(d.to_site.clone())
        .bind(d.medium.code())
        .bind(d.bandwidth_mbps)
        .bind(d.provider.clone())
        .bind(d.notes.clone())
        .bind(now)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?;
        let after = Self::wan_link_on(&mut *w.tx, id).await?;
        w.audit(change("wan_link", id, "create", None, None, json(&after))).await?;
        Ok(after)
    }

    pub async fn update_wan_link(&self, w: &mut WriteTx, id: i64, d: &WanLinkData) -> Result<WanLink> {
        let before = Self::wan_link_on(&mut *w.tx, id).await?;
        if d.from_agency_id != before.from_agency_id {
            active_agency(w, "from_agency_id", d.from_agency_id).await?;
        }
        if d.to_agency_id != before.to_agency_id {
            active_agency(w, "to_agency_id", d.to_agency_id).await?;
        }
        sqlx::query(
            "UPDATE wan_links SET from_agency_id = $1, from_site = $2, to_agency_id = $3, to_site = $4, medium = $5, bandwidth_mbps = $6, provider = $7, notes = $8, \
             updated_at = $9 WHERE id = $10",
        )
        .bind(d.from_agency_id)
        .bind(d.from_site.clone())
        .bind(d.to_agency_id)
        .bind(d.to_site.clone())
        .bind(d.medium.code())
        .bind(d.bandwidth_mbps)
        .bind(d.provider.clone())
        .bind(d.notes.clone())
        .bind(now_millis())
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        let after = Self::wan_link_on(&mut *w.tx, id).await?;
        w.audit(change("wan_link", id, "update", None, json(&before), json(&after))).await?;
        Ok(after)
    }

    // ---- Devices and ports -------------------------------------------------------

    fn device_body(f: &DeviceFilter) -> Sql {
        let mut body = Sql::new(DEVICE_FROM);
        body.push(" WHERE 1=1");
        if let Some(a) = f.agency_id {
            body.push(" AND d.agency_id = ").arg(Arg::I64(Some(a)));
        }
        if let Some(k) = f.kind.as_deref().filter(|k| !k.is_empty()) {
            body.push(" AND d.kind = ").arg(Arg::Str(Some(k.into())));
        }
        body.search(&["d.hostname", "d.location", "d.management_ip", "d.model", "d.serial_number"], f.q.as_deref());
        body
    }

    pub async fn devices(&self, f: &DeviceFilter, page: PageRequest) -> Result<Page<Device>> {
        Ok(paged(&self.pool, DEVICE_COLS, Self::device_body(f), DEVICE_ORDER, page, device_from_row).await?)
    }

    /// Every device matching the filter, unpaged (exports).
    pub async fn all_devices(&self, f: &DeviceFilter) -> Result<Vec<Device>> {
        Ok(unpaged(&self.pool, DEVICE_COLS, Self::device_body(f), DEVICE_ORDER, device_from_row).await?)
    }

    async fn device_on<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, id: i64) -> Result<Device> {
        Ok(one(ex, DEVICE_COLS, DEVICE_FROM, "d.id", id, device_from_row).await?.ok_or(DomainError::NotFound("perangkat jaringan"))?)
    }

    pub async fn device(&self, id: i64) -> Result<Device> {
        Self::device_on(&self.pool, id).await
    }

    /// A device's ports with the cable on each.
    pub async fn ports(&self, device_id: i64) -> Result<Vec<Port>> {
        Self::ports_on(&self.pool, device_id).await
    }

    async fn ports_on<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, device_id: i64) -> Result<Vec<Port>> {
        let rows = sqlx::query(
            "SELECT p.id, p.device_id, p.name, p.speed_mbps, c.id AS cable_id, c.label_code AS cable_label FROM device_ports p \
             LEFT JOIN cables c ON c.a_port_id = p.id OR c.b_port_id = p.id WHERE p.device_id = $1 ORDER BY p.id",
        )
        .bind(device_id)
        .fetch_all(ex)
        .await?;
        let port = |r: &AnyRow| -> Result<Port, sqlx::Error> {
            Ok(Port {
                id: r.try_get("id")?,
                device_id: r.try_get("device_id")?,
                name: r.try_get("name")?,
                speed_mbps: r.try_get("speed_mbps")?,
                cable_id: r.try_get("cable_id")?,
                cable_label: r.try_get("cable_label")?,
            })
        };
        Ok(rows.iter().map(port).collect::<Result<_, _>>()?)
    }

    /// Every port of an agency's devices, as `(port id, "host:port")`, for cable forms.
    pub async fn agency_ports(&self, agency_id: i64) -> Result<Vec<(i64, String, bool)>> {
        let rows = sqlx::query(
            "SELECT p.id, d.hostname, p.name, (SELECT COUNT(*) FROM cables c WHERE c.a_port_id = p.id OR c.b_port_id = p.id) AS used \
             FROM device_ports p JOIN network_devices d ON d.id = p.device_id WHERE d.agency_id = $1 ORDER BY d.hostname, p.id",
        )
        .bind(agency_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, format!("{}:{}", r.try_get::<String, _>("hostname")?, r.try_get::<String, _>("name")?), r.try_get::<i64, _>("used")? > 0)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    pub async fn create_device(&self, w: &mut WriteTx, d: &DeviceData) -> Result<Device> {
        active_agency(w, "agency_id", d.agency_id).await?;
        let now = now_millis();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO network_devices (agency_id, hostname, kind, location, management_ip, model, serial_number, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(d.agency_id)
        .bind(d.hostname.clone())
        .bind(d.kind.code())
        .bind(d.location.clone())
        .bind(d.management_ip.clone())
        .bind(d.model.clone())
        .bind(d.serial_number.clone())
        .bind(now)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await
        .map_err(device_conflict)?;
        let after = Self::device_on(&mut *w.tx, id).await?;
        w.audit(change("network_device", id, "create", Some(d.agency_id), None, json(&after))).await?;
        Ok(after)
    }

    pub async fn update_device(&self, w: &mut WriteTx, id: i64, d: &DeviceData) -> Result<Device> {
        let before = Self::device_on(&mut *w.tx, id).await?;
        if d.agency_id != before.agency_id {
            active_agency(w, "agency_id", d.agency_id).await?;
            if before.ports_used > 0 {
                return Err(DomainError::field("agency_id", "in_use", "Perangkat masih tersambung kabel perangkat daerah ini; pindahkan atau ubah kabelnya dahulu.").into());
            }
        }
        sqlx::query(
            "UPDATE network_devices SET agency_id = $1, hostname = $2, kind = $3, location = $4, management_ip = $5, model = $6, serial_number = $7, updated_at = $8 WHERE id = $9",
        )
        .bind(d.agency_id)
        .bind(d.hostname.clone())
        .bind(d.kind.code())
        .bind(d.location.clone())
        .bind(d.management_ip.clone())
        .bind(d.model.clone())
        .bind(d.serial_number.clone())
        .bind(now_millis())
        .bind(id)
        .execute(&mut *w.tx)
        .await
        .map_err(device_conflict)?;
        let after = Self::device_on(&mut *w.tx, id).await?;
        w.audit(change("network_device", id, "update", Some(d.agency_id), json(&before), json(&after))).await?;
        Ok(after)
    }

    /// Adds ports to a device; all or none.
    pub async fn add_ports(&self, w: &mut WriteTx, device_id: i64, ports: &[PortData]) -> Result<Vec<Port>> {
        let device = Self::device_on(&mut *w.tx, device_id).await?;
        let before = Self::ports_on(&mut *w.tx, device_id).await?;
        for p in ports {
            sqlx::query("INSERT INTO device_ports (device_id, name, speed_mbps) VALUES ($1, $2, $3)")
                .bind(device_id)
                .bind(p.name.clone())
                .bind(p.speed_mbps)
                .execute(&mut *w.tx)
                .await
                .map_err(|e| conflict_on(e, "name", &format!("Port {} sudah ada pada perangkat ini.", p.name)))?;
        }
        let after = Self::ports_on(&mut *w.tx, device_id).await?;
        w.audit(change("network_device", device_id, "add_ports", Some(device.agency_id), json(&before), json(&after))).await?;
        Ok(after)
    }

    // ---- Cables --------------------------------------------------------------------

    fn cable_body(f: &CableFilter) -> Sql {
        let mut body = Sql::new(CABLE_FROM);
        body.push(" WHERE 1=1");
        if let Some(a) = f.agency_id {
            body.push(" AND c.agency_id = ").arg(Arg::I64(Some(a)));
        }
        if let Some(d) = f.device_id {
            body.push(" AND (da.id = ").arg(Arg::I64(Some(d))).push(" OR db.id = ").arg(Arg::I64(Some(d))).push(")");
        }
        if f.unlabelled {
            body.push(" AND c.label_code IS NULL");
        }
        if !f.with_decommissioned {
            body.push(" AND c.decommissioned_on IS NULL");
        }
        body.search(&["c.label_code", "c.a_outlet", "c.b_outlet", "da.hostname", "db.hostname"], f.q.as_deref());
        body
    }

    pub async fn cables(&self, f: &CableFilter, page: PageRequest) -> Result<Page<Cable>> {
        Ok(paged(&self.pool, CABLE_COLS, Self::cable_body(f), CABLE_ORDER, page, cable_from_row).await?)
    }

    /// Every cable matching the filter, unpaged (exports, labels, findings).
    pub async fn all_cables(&self, f: &CableFilter) -> Result<Vec<Cable>> {
        Ok(unpaged(&self.pool, CABLE_COLS, Self::cable_body(f), CABLE_ORDER, cable_from_row).await?)
    }

    /// Takes a cable out of service on `on` (`YYYY-MM-DD`): its ports are
    /// freed for other cables, its ends are kept as text, the row and its
    /// label code stay as history.
    pub async fn decommission_cable(&self, w: &mut WriteTx, id: i64, on: &str) -> Result<Cable> {
        let before = Self::cable_on(&mut *w.tx, id).await?;
        refuse_decommissioned(&before)?;
        sqlx::query("UPDATE cables SET a_outlet = $1, a_port_id = NULL, b_outlet = $2, b_port_id = NULL, decommissioned_on = $3, updated_at = $4 WHERE id = $5")
            .bind(before.a.display())
            .bind(before.b.display())
            .bind(on.to_string())
            .bind(now_millis())
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        let after = Self::cable_on(&mut *w.tx, id).await?;
        w.audit(change("cable", id, "decommission", Some(before.agency_id), json(&before), json(&after))).await?;
        Ok(after)
    }

    async fn cable_on<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(ex: E, id: i64) -> Result<Cable> {
        Ok(one(ex, CABLE_COLS, CABLE_FROM, "c.id", id, cable_from_row).await?.ok_or(DomainError::NotFound("kabel"))?)
    }

    pub async fn cable(&self, id: i64) -> Result<Cable> {
        Self::cable_on(&self.pool, id).await
    }

    /// Checks a port end: the port exists, belongs to a device of the
    /// cable's agency, and holds no end of another cable. Returns `host:port`.
    async fn check_port_end(w: &mut WriteTx, field: &str, port_id: i64, agency_id: i64, cable_id: Option<i64>) -> Result<String> {
        let row = sqlx::query("SELECT d.agency_id, d.hostname, p.name FROM device_ports p JOIN network_devices d ON d.id = p.device_id WHERE p.id = $1")
            .bind(port_id)
            .fetch_optional(&mut *w.tx)
            .await?;
        let Some(row) = row else { return Err(DomainError::field(field, "invalid_reference", "Port tidak ditemukan.").into()) };
        if row.try_get::<i64, _>("agency_id")? != agency_id {
            return Err(DomainError::field(field, "other_agency", "Port ini milik perangkat perangkat daerah lain.").into());
        }
        let holder: Option<(i64, Option<String>)> = sqlx::query_as("SELECT id, label_code FROM cables WHERE (a_port_id = $1 OR b_port_id = $1) AND id <> $2")
            .bind(port_id)
            .bind(cable_id.unwrap_or(0))
            .fetch_optional(&mut *w.tx)
            .await?;
        if let Some((other, label)) = holder {
            let which = label.unwrap_or_else(|| format!("#{other}"));
            return Err(DomainError::Conflict { field: Some(field.into()), message: format!("Port sudah dipakai kabel lain ({which}); satu port hanya untuk satu ujung kabel.") }.into());
        }
        Ok(end_code(Some((&row.try_get::<String, _>("hostname")?, &row.try_get::<String, _>("name")?)), None))
    }

    async fn end_parts(w: &mut WriteTx, d: &CableData, cable_id: Option<i64>) -> Result<LabelParts> {
        let mut ends = Vec::new();
        for (side, end) in [("a", &d.a), ("b", &d.b)] {
            ends.push(match end {
                CableEnd::Port(p) => Self::check_port_end(w, &format!("{side}_port_id"), *p, d.agency_id, cable_id).await?,
                CableEnd::Outlet(o) => end_code(None, Some(o)),
            });
        }
        let agency: String = sqlx::query_scalar("SELECT code FROM agencies WHERE id = $1").bind(d.agency_id).fetch_one(&mut *w.tx).await?;
        let to = ends.pop().unwrap_or_default();
        let from = ends.pop().unwrap_or_default();
        Ok(LabelParts { agency, from, to })
    }

    /// A free label for `parts` under the Pemda's pattern.
    async fn generate_label(w: &mut WriteTx, parts: &LabelParts, cable_id: Option<i64>) -> Result<String> {
        let pattern: Option<String> = sqlx::query_scalar("SELECT label_pattern FROM network_settings WHERE id = 1").fetch_optional(&mut *w.tx).await?;
        let pattern = LabelPattern::parse(pattern.as_deref().unwrap_or(DEFAULT_LABEL_PATTERN)).map_err(StoreError::Other)?;
        let taken: HashSet<String> = sqlx::query_scalar::<_, String>("SELECT label_code FROM cables WHERE label_code IS NOT NULL AND id <> $1")
            .bind(cable_id.unwrap_or(0))
            .fetch_all(&mut *w.tx)
            .await?
            .into_iter()
            .collect();
        Ok(pattern.first_free(parts, |l| taken.contains(l)))
    }

    fn port_and_outlet(e: &CableEnd) -> (Option<i64>, Option<String>) {
        match e {
            CableEnd::Port(p) => (Some(*p), None),
            CableEnd::Outlet(o) => (None, Some(o.clone())),
        }
    }

    pub async fn create_cable(&self, w: &mut WriteTx, d: &CableData) -> Result<Cable> {
        active_agency(w, "agency_id", d.agency_id).await?;
        let parts = Self::end_parts(w, d, None).await?;
        let label = match (&d.label_code, d.auto_label) {
            (Some(l), _) => Some(l.clone()),
            (None, true) => Some(Self::generate_label(w, &parts, None).await?),
            (None, false) => None,
        };
        let ((ap, ao), (bp, bo)) = (Self::port_and_outlet(&d.a), Self::port_and_outlet(&d.b));
        let now = now_millis();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO cables (agency_id, a_port_id, a_outlet, b_port_id, b_outlet, medium, length_m, label_code, notes, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(d.agency_id)
        .bind(ap)
        .bind(ao)
        .bind(bp)
        .bind(bo)
        .bind(d.medium.code())
        .bind(d.length_m)
        .bind(label)
        .bind(d.notes.clone())
        .bind(now)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await
        .map_err(|e| conflict_on(e, "label_code", LABEL_TAKEN))?;
        let after = Self::cable_on(&mut *w.tx, id).await?;
        w.audit(change("cable", id, "create", Some(d.agency_id), None, json(&after))).await?;
        Ok(after)
    }

    /// Changes a cable. Without a label code, `auto_label` keeps the current
    /// label (or generates one if there is none); otherwise the label is removed.
    pub async fn update_cable(&self, w: &mut WriteTx, id: i64, d: &CableData) -> Result<Cable> {
        let before = Self::cable_on(&mut *w.tx, id).await?;
        refuse_decommissioned(&before)?;
        if d.agency_id != before.agency_id {
            active_agency(w, "agency_id", d.agency_id).await?;
        }
        let parts = Self::end_parts(w, d, Some(id)).await?;
        let label = match (&d.label_code, d.auto_label, &before.label_code) {
            (Some(l), _, _) => Some(l.clone()),
            (None, true, Some(current)) => Some(current.clone()),
            (None, true, None) => Some(Self::generate_label(w, &parts, Some(id)).await?),
            (None, false, _) => None,
        };
        let ((ap, ao), (bp, bo)) = (Self::port_and_outlet(&d.a), Self::port_and_outlet(&d.b));
        sqlx::query(
            "UPDATE cables SET agency_id = $1, a_port_id = $2, a_outlet = $3, b_port_id = $4, b_outlet = $5, medium = $6, length_m = $7, label_code = $8, notes = $9, \
             updated_at = $10 WHERE id = $11",
        )
        .bind(d.agency_id)
        .bind(ap)
        .bind(ao)
        .bind(bp)
        .bind(bo)
        .bind(d.medium.code())
        .bind(d.length_m)
        .bind(label)
        .bind(d.notes.clone())
        .bind(now_millis())
        .bind(id)
        .execute(&mut *w.tx)
        .await
        .map_err(|e| conflict_on(e, "label_code", LABEL_TAKEN))?;
        let after = Self::cable_on(&mut *w.tx, id).await?;
        w.audit(change("cable", id, "update", Some(d.agency_id), json(&before), json(&after))).await?;
        Ok(after)
    }

    /// Replaces a cable's label with one generated from the current scheme.
    pub async fn relabel_cable(&self, w: &mut WriteTx, id: i64) -> Result<Cable> {
        let before = Self::cable_on(&mut *w.tx, id).await?;
        refuse_decommissioned(&before)?;
        let end = |e: &End| match &e.port_id {
            Some(p) => CableEnd::Port(*p),
            None => CableEnd::Outlet(e.outlet.clone().unwrap_or_default()),
        };
        let d = CableData {
            agency_id: before.agency_id,
            a: end(&before.a),
            b: end(&before.b),
            medium: simpul_domain::networks::CableMedium::from_code(&before.medium).unwrap_or(simpul_domain::networks::CableMedium::Lainnya),
            length_m: before.length_m,
            label_code: None,
            auto_label: true,
            notes: before.notes.clone(),
        };
        let parts = Self::end_parts(w, &d, Some(id)).await?;
        let label = Self::generate_label(w, &parts, Some(id)).await?;
        sqlx::query("UPDATE cables SET label_code = $1, updated_at = $2 WHERE id = $3").bind(label).bind(now_millis()).bind(id).execute(&mut *w.tx).await?;
        let after = Self::cable_on(&mut *w.tx, id).await?;
        w.audit(change("cable", id, "label", Some(before.agency_id), json(&before), json(&after))).await?;
        Ok(after)
    }

    // ---- LAN diagrams -----------------------------------------------------------------

    /// Records a LAN diagram of an agency with its file.
    pub async fn add_lan_diagram(&self, w: &mut WriteTx, agency_id: i64, submitted_on: &str, notes: Option<String>, file: &CheckedFile, bytes: &[u8]) -> Result<LanDiagram> {
        active_agency(w, "agency_id", agency_id).await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO lan_diagrams (agency_id, submitted_on, notes, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(agency_id)
            .bind(submitted_on.to_string())
            .bind(notes)
            .bind(now_millis())
            .fetch_one(&mut *w.tx)
            .await?;
        self.insert_attachment(w, OwnerKind::LanDiagram, id, Some(agency_id), file, bytes).await?;
        let after = one(&mut *w.tx, DIAGRAM_COLS, DIAGRAM_FROM, "l.id", id, diagram_from_row).await?.ok_or(DomainError::NotFound("diagram LAN"))?;
        w.audit(change("lan_diagram", id, "create", Some(agency_id), None, json(&after))).await?;
        Ok(after)
    }

    /// An agency's LAN diagrams, the current one first.
    pub async fn lan_diagrams(&self, agency_id: i64) -> Result<Vec<LanDiagram>> {
        let rows = sqlx::query(AssertSqlSafe(format!("SELECT {DIAGRAM_COLS} {DIAGRAM_FROM} WHERE l.agency_id = $1 ORDER BY l.submitted_on DESC, l.id DESC")))
            .bind(agency_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(diagram_from_row).collect::<Result<_, _>>()?)
    }

    /// The LAN diagram an attachment belongs to, if it is one.
    pub async fn lan_diagram_of_attachment(&self, attachment_id: i64) -> Result<Option<LanDiagram>> {
        Ok(one(&self.pool, DIAGRAM_COLS, DIAGRAM_FROM, "f.id", attachment_id, diagram_from_row).await?)
    }

    /// Every active agency's LAN status: latest diagram, devices, cables.
    pub async fn lan_statuses(&self) -> Result<Vec<LanStatus>> {
        let rows = sqlx::query(
            "SELECT ag.id, ag.code, ag.name, (SELECT MAX(l.submitted_on) FROM lan_diagrams l WHERE l.agency_id = ag.id) AS latest_on, \
             (SELECT COUNT(*) FROM lan_diagrams l WHERE l.agency_id = ag.id) AS diagrams, \
             (SELECT COUNT(*) FROM network_devices d WHERE d.agency_id = ag.id) AS devices, \
             (SELECT COUNT(*) FROM cables c WHERE c.agency_id = ag.id) AS cables \
             FROM agencies ag WHERE ag.active = 1 ORDER BY ag.name",
        )
        .fetch_all(&self.pool)
        .await?;
        let status = |r: &AnyRow| -> Result<LanStatus, sqlx::Error> {
            Ok(LanStatus {
                agency_id: r.try_get("id")?,
                agency_code: r.try_get("code")?,
                agency_name: r.try_get("name")?,
                latest_on: r.try_get("latest_on")?,
                diagrams: r.try_get("diagrams")?,
                devices: r.try_get("devices")?,
                cables: r.try_get("cables")?,
            })
        };
        Ok(rows.iter().map(status).collect::<Result<_, _>>()?)
    }

    /// Adds the network registry's facts to the findings snapshot.
    pub(crate) async fn add_network_facts(&self, snap: &mut Snapshot) -> Result<()> {
        snap.cables = self
            .all_cables(&CableFilter::default())
            .await?
            .into_iter()
            .map(|c| CableFacts { id: c.id, agency_id: c.agency_id, name: c.name(), label_code: c.label_code })
            .collect();
        snap.lan_diagrams =
            self.lan_statuses().await?.into_iter().map(|s| LanDiagramFacts { agency_id: s.agency_id, agency_name: s.agency_name, latest_on: s.latest_on }).collect();
        Ok(())
    }
}
