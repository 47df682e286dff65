//! Migrations per backend and the column registry of every table.

use crate::Backend;

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

const SQLITE: &[Migration] = &[
    Migration { version: 1, name: "foundation", sql: include_str!("../migrations/sqlite/0001_foundation.sql") },
    Migration { version: 2, name: "applications", sql: include_str!("../migrations/sqlite/0002_applications.sql") },
    Migration { version: 3, name: "assets", sql: include_str!("../migrations/sqlite/0003_assets.sql") },
    Migration { version: 5, name: "networks", sql: include_str!("../migrations/sqlite/0005_networks.sql") },
    Migration { version: 6, name: "app_relations", sql: include_str!("../migrations/sqlite/0006_app_relations.sql") },
];
const POSTGRES: &[Migration] = &[
    Migration { version: 1, name: "foundation", sql: include_str!("../migrations/postgres/0001_foundation.sql") },
    Migration { version: 2, name: "applications", sql: include_str!("../migrations/postgres/0002_applications.sql") },
    Migration { version: 3, name: "assets", sql: include_str!("../migrations/postgres/0003_assets.sql") },
    Migration { version: 5, name: "networks", sql: include_str!("../migrations/postgres/0005_networks.sql") },
    Migration { version: 6, name: "app_relations", sql: include_str!("../migrations/postgres/0006_app_relations.sql") },
];

pub fn migrations(backend: Backend) -> &'static [Migration] {
    match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    }
}

/// The portable kind of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Text,
    Bool,
    /// Binary data: `BLOB` on SQLite, `BYTEA` on PostgreSQL; base64 in backups.
    Bytes,
}

pub struct Table {
    pub name: &'static str,
    /// Identity column to re-sequence after a restore on PostgreSQL.
    pub identity: Option<&'static str>,
    pub columns: &'static [(&'static str, Kind)],
}

use Kind::{Bool, Bytes, Int, Text};

/// Every table holding data, in an order that satisfies foreign keys.
/// Backups write and restores read exactly these columns; the parity test
/// checks both backends' schemas against this list.
pub const TABLES: &[Table] = &[
    Table { name: "meta", identity: None, columns: &[("key", Text), ("value", Text)] },
    Table {
        name: "pemda_profile",
        identity: None,
        columns: &[("id", Int), ("name", Text), ("level", Text), ("region_code", Text), ("domain", Text), ("timezone", Text), ("regulation", Text), ("updated_at", Int)],
    },
    Table {
        name: "agencies",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("code", Text),
            ("name", Text),
            ("short_name", Text),
            ("kind", Text),
            ("parent_id", Int),
            ("head_person_id", Int),
            ("address", Text),
            ("phone", Text),
            ("email", Text),
            ("website", Text),
            ("mandiri_tik", Bool),
            ("mandiri_tik_since", Text),
            ("active", Bool),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table {
        name: "units",
        identity: Some("id"),
        columns: &[("id", Int), ("agency_id", Int), ("code", Text), ("name", Text), ("active", Bool), ("created_at", Int), ("updated_at", Int)],
    },
    Table {
        name: "people",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("nip", Text),
            ("name", Text),
            ("position", Text),
            ("agency_id", Int),
            ("unit_id", Int),
            ("email", Text),
            ("phone", Text),
            ("active", Bool),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table {
        name: "accounts",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("username", Text),
            ("person_id", Int),
            ("password_hash", Text),
            ("active", Bool),
            ("must_change_password", Bool),
            ("failed_logins", Int),
            ("locked_until", Int),
            ("last_login_at", Int),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table { name: "grants", identity: Some("id"), columns: &[("id", Int), ("account_id", Int), ("role", Text), ("agency_id", Int), ("scope_key", Int)] },
    Table {
        name: "sessions",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("token_hash", Text),
            ("account_id", Int),
            ("csrf_token", Text),
            ("created_at", Int),
            ("expires_at", Int),
            ("last_seen_at", Int),
            ("ip", Text),
            ("user_agent", Text),
        ],
    },
    Table {
        name: "api_tokens",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("account_id", Int),
            ("name", Text),
            ("prefix", Text),
            ("token_hash", Text),
            ("scope", Text),
            ("created_at", Int),
            ("expires_at", Int),
            ("last_used_at", Int),
            ("revoked_at", Int),
        ],
    },
    Table {
        name: "applications",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("agency_id", Int),
            ("name", Text),
            ("short_name", Text),
            ("kind", Text),
            ("state", Text),
            ("planned_on", Text),
            ("development_started_on", Text),
            ("in_use_since", Text),
            ("retired_on", Text),
            ("platform", Text),
            ("url", Text),
            ("hosting", Text),
            ("repository", Text),
            ("license", Text),
            ("development_method", Text),
            ("last_audit_on", Text),
            ("audit_result", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table { name: "application_functions", identity: Some("id"), columns: &[("id", Int), ("application_id", Int), ("function_code", Text)] },
    Table { name: "application_documents", identity: Some("id"), columns: &[("id", Int), ("application_id", Int), ("document_code", Text)] },
    Table { name: "application_data_kinds", identity: Some("id"), columns: &[("id", Int), ("application_id", Int), ("data_kind", Text)] },
    Table {
        name: "application_relations",
        identity: Some("id"),
        columns: &[("id", Int), ("application_id", Int), ("related_id", Int), ("kind", Text), ("note", Text), ("created_at", Int)],
    },
    Table {
        name: "attachments",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("owner_kind", Text),
            ("owner_id", Int),
            ("file_name", Text),
            ("content_type", Text),
            ("size", Int),
            ("sha256", Text),
            ("content", Bytes),
            ("uploaded_by", Text),
            ("uploaded_at", Int),
        ],
    },
    Table { name: "network_settings", identity: Some("id"), columns: &[("id", Int), ("label_pattern", Text), ("updated_at", Int)] },
    Table {
        name: "wan_links",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("from_agency_id", Int),
            ("from_site", Text),
            ("to_agency_id", Int),
            ("to_site", Text),
            ("medium", Text),
            ("bandwidth_mbps", Int),
            ("provider", Text),
            ("notes", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table {
        name: "network_devices",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("agency_id", Int),
            ("hostname", Text),
            ("kind", Text),
            ("location", Text),
            ("management_ip", Text),
            ("model", Text),
            ("serial_number", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table { name: "device_ports", identity: Some("id"), columns: &[("id", Int), ("device_id", Int), ("name", Text), ("speed_mbps", Int)] },
    Table {
        name: "cables",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("agency_id", Int),
            ("a_port_id", Int),
            ("a_outlet", Text),
            ("b_port_id", Int),
            ("b_outlet", Text),
            ("medium", Text),
            ("length_m", Int),
            ("label_code", Text),
            ("notes", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table { name: "lan_diagrams", identity: Some("id"), columns: &[("id", Int), ("agency_id", Int), ("submitted_on", Text), ("notes", Text), ("created_at", Int)] },
    Table {
        name: "assets",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("agency_id", Int),
            ("asset_tag", Text),
            ("name", Text),
            ("category", Text),
            ("kind", Text),
            ("state", Text),
            ("state_since", Text),
            ("location", Text),
            ("unit_id", Int),
            ("manufacturer", Text),
            ("model", Text),
            ("serial_number", Text),
            ("purchase_date", Text),
            ("price", Int),
            ("warranty_until", Text),
            ("assigned_person_id", Int),
            ("notes", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table {
        name: "asset_state_changes",
        identity: Some("id"),
        columns: &[("id", Int), ("asset_id", Int), ("from_state", Text), ("to_state", Text), ("changed_on", Text), ("recorded_at", Int)],
    },
    Table {
        name: "licences",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("agency_id", Int),
            ("product", Text),
            ("vendor", Text),
            ("licence_key", Text),
            ("seats_total", Int),
            ("expires_on", Text),
            ("notes", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table { name: "licence_seats", identity: Some("id"), columns: &[("id", Int), ("licence_id", Int), ("asset_id", Int), ("person_id", Int), ("note", Text), ("created_at", Int)] },
    Table {
        name: "audit_log",
        identity: None,
        columns: &[
            ("seq", Int),
            ("at", Int),
            ("actor_account_id", Int),
            ("actor", Text),
            ("ip", Text),
            ("agency_id", Int),
            ("entity", Text),
            ("entity_id", Text),
            ("action", Text),
            ("before_state", Text),
            ("after_state", Text),
            ("prev_hash", Text),
            ("hash", Text),
        ],
    },
];

/// Tables that exist but hold no data worth backing up.
pub const INTERNAL_TABLES: &[&str] = &["schema_migrations", "write_lock"];
