//! `simpul gsb …`: the service bus registry from the command line, against
//! the same data directory or database as `serve`. Every change is one
//! write transaction audited with the actor `cli` and bumps the registry
//! version, so a running gateway picks it up at its next poll.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use clap::Subcommand;
use simpul_domain::audit::Actor;
use simpul_domain::gsb::{ClientInput, GrantRequestInput, KeyInput, ServiceInput};
use simpul_domain::DomainError;
use simpul_store::gsb::{Decider, GrantFilter};
use simpul_store::{Store, StoreError};

use crate::{open, Db};

/// The audit trail's actor for every change made here.
pub const CLI_ACTOR: &str = "cli";
/// The role recorded with a right approved from the command line.
const CLI_ROLE: &str = "Operator CLI (Diskominfo)";

#[derive(Subcommand)]
pub enum GsbCmd {
    /// Services provided through the bus.
    Service {
        #[command(subcommand)]
        command: ServiceCmd,
    },
    /// Consuming clients (an agency's application) and their API keys.
    Client {
        #[command(subcommand)]
        command: ClientCmd,
    },
    /// Grant a client access to a service (recorded as approved by the CLI operator).
    Grant {
        #[command(flatten)]
        db: Db,
        /// Client code.
        #[arg(long)]
        client: String,
        /// Service code.
        #[arg(long)]
        service: String,
        /// An operation, "METHOD /path" (repeatable); none for the whole service.
        #[arg(long = "operation")]
        operations: Vec<String>,
        /// Last day of the right, YYYY-MM-DD.
        #[arg(long)]
        expires: String,
        /// Why the client needs the service.
        #[arg(long)]
        purpose: String,
    },
    /// Revoke a client's rights to a service, or one API key by its prefix.
    Revoke {
        #[command(flatten)]
        db: Db,
        /// Client code (with --service).
        #[arg(long, requires = "service", conflicts_with = "key")]
        client: Option<String>,
        /// Service code (with --client).
        #[arg(long, requires = "client")]
        service: Option<String>,
        /// The prefix of an API key (gsb_ and 8 hex digits).
        #[arg(long)]
        key: Option<String>,
        /// The reason recorded with a revoked right.
        #[arg(long, default_value = "Dicabut melalui CLI.")]
        reason: String,
    },
    /// Verify the signed message log offline; exits 1 naming the first bad record or batch. The batch index (a cache) is only compared: a mismatch is a warning.
    Verify {
        #[command(flatten)]
        db: Db,
        /// The log directory. Default: <data-dir>/gsb-log.
        #[arg(long)]
        log_dir: Option<PathBuf>,
        /// The bus's public key (64 hex digits). Default: the public half of <log-dir>/gsb-signing.key.
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Export one record with its inclusion proof, and its kept bodies (checked against the record), for an auditor.
    Export {
        #[command(flatten)]
        db: Db,
        /// The log directory. Default: <data-dir>/gsb-log.
        #[arg(long)]
        log_dir: Option<PathBuf>,
        /// The record's sequence number.
        #[arg(long, required_unless_present = "request_id", conflicts_with = "request_id")]
        seq: Option<u64>,
        /// Or the exchange's request id (the X-Request-Id the client and the upstream received, 32 hex digits).
        #[arg(long)]
        request_id: Option<String>,
        /// Directory to write rekaman-<seq>.json and, when kept, rekaman-<seq>.request / .response into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Delete kept bodies older than their service's retention (serve does this hourly too).
    PruneBodies {
        #[command(flatten)]
        db: Db,
        /// The log directory. Default: <data-dir>/gsb-log.
        #[arg(long)]
        log_dir: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum ServiceCmd {
    /// Register a service.
    Add {
        #[command(flatten)]
        db: Db,
        /// Slug used in gateway URLs: /{code}/…
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// Providing agency's code.
        #[arg(long)]
        agency: String,
        /// Upstream base URL (http:// or https://).
        #[arg(long)]
        upstream: String,
        /// A data service: read-only (GET and HEAD).
        #[arg(long)]
        data_service: bool,
        /// The providing application's id (application registry).
        #[arg(long)]
        application: Option<i64>,
        /// OpenAPI document (JSON file).
        #[arg(long)]
        openapi: Option<PathBuf>,
        /// terbuka, terbatas or rahasia.
        #[arg(long, default_value = "terbatas")]
        confidentiality: String,
        /// draft, active or retired.
        #[arg(long, default_value = "active")]
        status: String,
        /// Requests per minute per client.
        #[arg(long)]
        rate_limit: Option<i64>,
    },
}

#[derive(Subcommand)]
pub enum ClientCmd {
    /// Register a client and issue its first API key, printed alone on standard output.
    Add {
        #[command(flatten)]
        db: Db,
        /// Slug identifying the client.
        #[arg(long)]
        code: String,
        /// Consuming agency's code.
        #[arg(long)]
        agency: String,
        /// The consuming application's id (application registry).
        #[arg(long)]
        application: i64,
        /// Display name (default: the application's name).
        #[arg(long)]
        name: Option<String>,
        /// Last day the key works, YYYY-MM-DD.
        #[arg(long)]
        key_expires: Option<String>,
        /// The client's TLS certificate (PEM): its SHA-256 fingerprint is registered, and calls with the
        /// client's keys must then present this certificate on a TLS gateway.
        #[arg(long)]
        cert: Option<PathBuf>,
    },
}

/// A domain error as one readable message (field errors listed).
fn explain(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::Domain(DomainError::Validation(fields)) => {
            anyhow!("isian tidak valid: {}", fields.iter().map(|f| format!("{} ({}): {}", f.field, f.code, f.message)).collect::<Vec<_>>().join("; "))
        }
        other => anyhow!("{other}"),
    }
}

fn invalid(e: DomainError) -> anyhow::Error {
    explain(StoreError::Domain(e))
}

async fn agency_id(store: &Store, code: &str) -> Result<i64> {
    Ok(store.agency_by_code(&code.trim().to_uppercase()).await?.ok_or_else(|| anyhow!("perangkat daerah berkode {code} tidak ditemukan"))?.id)
}

fn cli() -> Actor {
    Actor::system(CLI_ACTOR)
}

pub async fn run(cmd: GsbCmd, file: &crate::config::FileConfig) -> Result<ExitCode> {
    match cmd {
        GsbCmd::Service { command: ServiceCmd::Add { db, code, name, agency, upstream, data_service, application, openapi, confidentiality, status, rate_limit } } => {
            let store = open(&db, file).await?;
            let openapi = match openapi {
                Some(p) => Some(std::fs::read_to_string(&p).with_context(|| format!("tidak dapat membaca {}", p.display()))?),
                None => None,
            };
            let input = ServiceInput {
                code,
                name,
                agency_id: agency_id(&store, &agency).await?,
                application_id: application,
                upstream_url: upstream,
                openapi,
                data_service,
                confidentiality,
                rate_limit_per_minute: rate_limit,
                status,
                ..Default::default()
            };
            let d = input.validate().map_err(invalid)?;
            let mut w = store.begin_write(cli()).await?;
            let s = store.save_gsb_service(&mut w, None, &d).await.map_err(explain)?;
            w.commit().await?;
            eprintln!("layanan #{} `{}` didaftarkan: /{}/ → {}", s.id, s.name, s.code, s.upstream_url);
            Ok(ExitCode::SUCCESS)
        }
        GsbCmd::Client { command: ClientCmd::Add { db, code, agency, application, name, key_expires, cert } } => {
            let store = open(&db, file).await?;
            let app = store.application(application).await.map_err(|_| anyhow!("aplikasi #{application} tidak ditemukan"))?;
            let input = ClientInput { code, name: name.unwrap_or(app.name), agency_id: agency_id(&store, &agency).await?, application_id: application, status: "active".into(), tls_cert_sha256: cert_fingerprint(cert.as_deref())? };
            let d = input.validate().map_err(invalid)?;
            let key = KeyInput { label: Some("dibuat melalui CLI".into()), expires_on: key_expires }.validate(&store.gsb_today().await?).map_err(invalid)?;
            let mut w = store.begin_write(cli()).await?;
            let c = store.save_gsb_client(&mut w, None, &d).await.map_err(explain)?;
            let k = store.create_gsb_key(&mut w, c.id, &key).await.map_err(explain)?;
            w.commit().await?;
            eprintln!("klien #{} `{}` didaftarkan; kunci API {}… (hanya ditampilkan sekali):", c.id, c.code, k.key.prefix);
            println!("{}", k.secret);
            Ok(ExitCode::SUCCESS)
        }
        GsbCmd::Grant { db, client, service, operations, expires, purpose } => {
            let store = open(&db, file).await?;
            let c = store.gsb_client_by_code(&client).await.map_err(|_| anyhow!("klien `{client}` tidak ditemukan"))?;
            let s = store.gsb_service_by_code(&service).await.map_err(|_| anyhow!("layanan `{service}` tidak ditemukan"))?;
            let today = store.gsb_today().await?;
            let input = GrantRequestInput { client_id: c.id, service_id: s.id, purpose, operations, expires_on: expires };
            let d = input.validate(&today, &s.operations(), s.data_service).map_err(invalid)?;
            let mut w = store.begin_write(cli()).await?;
            let g = store.request_gsb_grant(&mut w, &d, &today).await.map_err(explain)?;
            let g = store.decide_gsb_grant(&mut w, g.id, true, Some("Diberikan melalui CLI."), &Decider { name: CLI_ACTOR, role: CLI_ROLE }).await.map_err(explain)?;
            w.commit().await?;
            let ops = if g.operations.is_empty() { "seluruh layanan".to_string() } else { g.operations.join(", ") };
            println!("hak akses #{} disetujui: {} → {} ({ops}) sampai {}", g.id, g.client_code, g.service_code, g.expires_on);
            Ok(ExitCode::SUCCESS)
        }
        GsbCmd::Revoke { db, client, service, key, reason } => {
            let store = open(&db, file).await?;
            match (client, service, key) {
                (_, _, Some(prefix)) => {
                    let k = store.gsb_key_by_prefix(prefix.trim()).await.map_err(explain)?;
                    let mut w = store.begin_write(cli()).await?;
                    store.revoke_gsb_key(&mut w, k.id).await.map_err(explain)?;
                    w.commit().await?;
                    println!("kunci {}… milik klien {} dicabut", k.prefix, k.client_code);
                }
                (Some(client), Some(service), None) => {
                    let c = store.gsb_client_by_code(&client).await.map_err(|_| anyhow!("klien `{client}` tidak ditemukan"))?;
                    let s = store.gsb_service_by_code(&service).await.map_err(|_| anyhow!("layanan `{service}` tidak ditemukan"))?;
                    let open_grants: Vec<_> = store
                        .all_gsb_grants(&GrantFilter { client_id: Some(c.id), service_id: Some(s.id), ..Default::default() })
                        .await?
                        .into_iter()
                        .filter(|g| g.status == "approved" || g.status == "requested")
                        .collect();
                    if open_grants.is_empty() {
                        bail!("klien `{client}` tidak memiliki hak akses yang berlaku ke layanan `{service}`");
                    }
                    let mut w = store.begin_write(cli()).await?;
                    for g in &open_grants {
                        store.revoke_gsb_grant(&mut w, g.id, &reason).await.map_err(explain)?;
                    }
                    w.commit().await?;
                    for g in open_grants {
                        println!("hak akses #{} dicabut: {} → {}", g.id, g.client_code, g.service_code);
                    }
                }
                _ => bail!("sebutkan --client dan --service, atau --key"),
            }
            Ok(ExitCode::SUCCESS)
        }
        GsbCmd::Verify { db, log_dir, public_key } => {
            let dir = log_dir_of(&db, log_dir, file);
            let key = match public_key {
                Some(hex) => simpul_gsb_log::keys::public_key_from_hex(&hex).map_err(|e| anyhow!("{e}"))?,
                None => bus_public_key(&dir)?,
            };
            let log = dir.join(simpul_gsb_log::LOG_FILE);
            match simpul_gsb_log::verify::verify_dir(&dir, &[key]) {
                Ok((s, index)) => {
                    let tail = if s.unsealed > 0 { format!(", {} rekaman terakhir belum disegel (tidak pernah dikonfirmasi)", s.unsealed) } else { String::new() };
                    println!("log pesan utuh: {} batch, {} rekaman{tail} ({})", s.batches, s.records, log.display());
                    if let simpul_gsb_log::index::IndexState::DiffersFrom(entry) = index {
                        println!("peringatan: indeks {} tidak sesuai dengan log mulai entri {entry}; indeks hanya cache (bukan bukti) dan dibangun ulang saat gateway membuka log", simpul_gsb_log::INDEX_FILE);
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(f) => {
                    println!("LOG PESAN RUSAK: {}: {}", f.location, f.reason);
                    Ok(ExitCode::from(1))
                }
            }
        }
        GsbCmd::Export { db, log_dir, seq, request_id, out } => {
            let dir = log_dir_of(&db, log_dir, file);
            let seq = match (seq, request_id) {
                (Some(seq), _) => seq,
                (None, Some(id)) => seq_of_request(&dir, &id)?,
                (None, None) => return Err(anyhow!("sebutkan --seq atau --request-id")),
            };
            export(&dir, seq, &out)
        }
        GsbCmd::PruneBodies { db, log_dir } => {
            let dir = log_dir_of(&db, log_dir, file);
            let store = open(&db, file).await?;
            let p = simpul::gateway::prune_bodies(&store, &dir).await?;
            println!("{} isi pesan melewati masa simpan dihapus ({} bita); {} disimpan", p.files, p.bytes, p.kept);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The SHA-256 fingerprint of the certificate in a PEM file.
fn cert_fingerprint(path: Option<&std::path::Path>) -> Result<Option<String>> {
    let Some(path) = path else { return Ok(None) };
    let pem = std::fs::read(path).with_context(|| format!("tidak dapat membaca {}", path.display()))?;
    simpul_gsb::tls::pem_fingerprint(&pem).map(Some).map_err(|e| anyhow!("{}: {e}", path.display()))
}

fn log_dir_of(db: &Db, log_dir: Option<PathBuf>, file: &crate::config::FileConfig) -> PathBuf {
    log_dir.unwrap_or_else(|| db.data_dir.clone().or_else(|| file.data_dir.clone()).unwrap_or_else(|| PathBuf::from("simpul-data")).join("gsb-log"))
}

fn bus_public_key(dir: &std::path::Path) -> Result<simpul_gsb_log::keys::VerifyingKey> {
    let path = dir.join("gsb-signing.key");
    if !path.exists() {
        bail!("kunci penanda tangan {} tidak ada; sebutkan --public-key", path.display());
    }
    Ok(simpul_gsb_log::BusKey::load_or_create(&path).map_err(|e| anyhow!("{e}"))?.public())
}

/// The sequence number of the record whose request id is `id` (time-guided, `simpul_gsb_log::lookup`).
fn seq_of_request(dir: &std::path::Path, id: &str) -> Result<u64> {
    let mut bytes = [0u8; 16];
    hex::decode_to_slice(id.trim(), &mut bytes).map_err(|_| anyhow!("--request-id berupa 32 digit heksadesimal, seperti pada header X-Request-Id"))?;
    simpul_gsb_log::lookup::find_request(dir, &bytes).map_err(|e| anyhow!("{e}"))?.ok_or_else(|| anyhow!("tidak ada rekaman dengan ID permintaan {id} di {}", dir.display()))
}

/// `simpul gsb export`: the record's proof (checked here first) and its
/// kept bodies, each checked against the digest in the signed record; a
/// changed body is refused (exit 1), never exported as the record's.
fn export(dir: &std::path::Path, seq: u64, out: &std::path::Path) -> Result<ExitCode> {
    use simpul_gsb_log::bodies::{BodyStore, Kept, Side};
    let key = bus_public_key(dir)?;
    let proof = simpul_gsb_log::proof::prove(dir, seq).map_err(|e| anyhow!("{e}"))?.ok_or_else(|| anyhow!("rekaman {seq} tidak ada (atau belum disegel) di {}", dir.display()))?;
    let (record, _) = proof.verify(&[key]).map_err(|e| anyhow!("bukti rekaman {seq} tidak sah: {e}"))?;
    std::fs::create_dir_all(out).with_context(|| format!("tidak dapat membuat {}", out.display()))?;
    let bodies = BodyStore::new(dir);
    let mut kept = serde_json::Map::new();
    for (side, digest) in [(Side::Request, &record.entry.request_digest), (Side::Response, &record.entry.response_digest)] {
        match bodies.open_verified(&record.entry.service, digest)? {
            Kept::Intact(mut f, len) => {
                let name = format!("rekaman-{seq}.{}", side.code());
                let mut dest = std::fs::File::create(out.join(&name))?;
                std::io::copy(&mut f, &mut dest)?;
                kept.insert(side.code().into(), serde_json::json!({ "file": name, "bytes": len, "sha256": hex::encode(digest) }));
            }
            Kept::Missing => {}
            Kept::Tampered { actual } => {
                println!("ISI PESAN BERUBAH: isi {} rekaman {seq} ber-SHA-256 {} tetapi rekaman yang ditandatangani mencatat {}", side.code(), hex::encode(actual), hex::encode(digest));
                return Ok(ExitCode::from(1));
            }
        }
    }
    let doc = serde_json::json!({ "public_key": hex::encode(key.as_bytes()), "proof": proof, "bodies": kept });
    let path = out.join(format!("rekaman-{seq}.json"));
    std::fs::write(&path, serde_json::to_vec_pretty(&doc)?)?;
    println!("rekaman {seq} diekspor ke {} ({} isi pesan)", path.display(), kept.len());
    Ok(ExitCode::SUCCESS)
}
