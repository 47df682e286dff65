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
    Migration { version: 4, name: "datacentre", sql: include_str!("../migrations/sqlite/0004_datacentre.sql") },
];
const POSTGRES: &[Migration] = &[
    Migration { version: 1, name: "foundation", sql: include_str!("../migrations/postgres/0001_foundation.sql") },
    Migration { version: 2, name: "applications", sql: include_str!("../migrations/postgres/0002_applications.sql") },
    Migration { version: 4, name: "datacentre", sql: include_str!("../migrations/postgres/0004_datacentre.sql") },
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
}

pub struct Table {
    pub name: &'static str,
    /// Identity column to re-sequence after a restore on PostgreSQL.
    pub identity: Option<&'static str>,
    pub columns: &'static [(&'static str, Kind)],
}

use Kind::{Bool, Int, Text};

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
    Table {
        name: "dc_sites",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("code", Text),
            ("name", Text),
            ("kind", Text),
            ("agency_id", Int),
            ("address", Text),
            ("tier", Int),
            ("notes", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table {
        name: "dc_rooms",
        identity: Some("id"),
        columns: &[("id", Int), ("site_id", Int), ("name", Text), ("floor", Text), ("notes", Text), ("created_at", Int), ("updated_at", Int)],
    },
    Table {
        name: "dc_racks",
        identity: Some("id"),
        columns: &[("id", Int), ("room_id", Int), ("code", Text), ("height_u", Int), ("notes", Text), ("created_at", Int), ("updated_at", Int)],
    },
    Table {
        name: "dc_servers",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("hostname", Text),
            ("rack_id", Int),
            ("u_position", Int),
            ("u_height", Int),
            ("serial", Text),
            ("model", Text),
            ("cpu_cores", Int),
            ("ram_gb", Int),
            ("storage_gb", Int),
            ("agency_id", Int),
            ("ip_address", Text),
            ("notes", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table {
        name: "dc_vps",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("hostname", Text),
            ("server_id", Int),
            ("agency_id", Int),
            ("vcpu", Int),
            ("ram_gb", Int),
            ("disk_gb", Int),
            ("os", Text),
            ("ip_address", Text),
            ("state", Text),
            ("requested_on", Text),
            ("provisioned_on", Text),
            ("decommissioned_on", Text),
            ("notes", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table {
        name: "dc_placements",
        identity: Some("id"),
        columns: &[("id", Int), ("application_id", Int), ("server_id", Int), ("vps_id", Int), ("created_at", Int), ("updated_at", Int)],
    },
    Table {
        name: "subdomains",
        identity: Some("id"),
        columns: &[
            ("id", Int),
            ("fqdn", Text),
            ("agency_id", Int),
            ("application_id", Int),
            ("purpose", Text),
            ("record_type", Text),
            ("target", Text),
            ("registered_on", Text),
            ("status", Text),
            ("notes", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table {
        name: "mail_domain",
        identity: None,
        columns: &[("id", Int), ("email_domain", Text), ("mail_host", Text), ("notes", Text), ("created_at", Int), ("updated_at", Int)],
    },
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
