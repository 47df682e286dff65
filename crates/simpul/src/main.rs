//! `simpul`: the one binary. `simpul serve` runs the web UI and API; the
//! other subcommands operate on the same data directory or database.

mod gsb_cli;

use simpul::{config, demo};

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use simpul_store::Store;

#[derive(Parser)]
#[command(name = "simpul", version, about = "Simpul — platform SPBE untuk Pemerintah Daerah")]
struct Cli {
    /// Config file (TOML). Default: ./simpul.toml when present.
    #[arg(long, global = true, env = "SIMPUL_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
pub(crate) struct Db {
    /// Data directory for the embedded SQLite database.
    #[arg(long, env = "SIMPUL_DATA_DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    /// PostgreSQL URL (postgres://…); overrides the data directory.
    #[arg(long, env = "SIMPUL_DATABASE_URL")]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web UI and JSON API.
    Serve {
        #[command(flatten)]
        db: Db,
        /// Address to listen on.
        #[arg(long, env = "SIMPUL_LISTEN")]
        listen: Option<String>,
        /// Fill an empty database with a fictional demo Pemda.
        #[arg(long)]
        demo: bool,
        /// Log format: text or json.
        #[arg(long, env = "SIMPUL_LOG_FORMAT")]
        log_format: Option<String>,
        /// Mark the session cookie Secure (serve behind HTTPS).
        #[arg(long, env = "SIMPUL_SECURE_COOKIES")]
        secure_cookies: Option<bool>,
        /// Trust X-Forwarded-For from a reverse proxy.
        #[arg(long, env = "SIMPUL_TRUST_PROXY")]
        trust_proxy: Option<bool>,
        /// Sign-in attempts per minute per client address.
        #[arg(long, env = "SIMPUL_LOGIN_ATTEMPTS_PER_MINUTE")]
        login_attempts_per_minute: Option<u32>,
        /// Public address of this installation (e.g. https://spbe.kota.go.id), used in QR codes.
        #[arg(long, env = "SIMPUL_PUBLIC_URL")]
        public_url: Option<String>,
        /// Also run the service bus gateway on this address (e.g. 127.0.0.1:8090).
        #[arg(long, env = "SIMPUL_GATEWAY_LISTEN")]
        gateway_listen: Option<String>,
        /// The gateway's TLS certificate chain (PEM); with --gateway-tls-key the gateway speaks HTTPS and asks clients
        /// for an optional certificate (a client that registered one must present it).
        #[arg(long, env = "SIMPUL_GATEWAY_TLS_CERT", requires = "gateway_tls_key")]
        gateway_tls_cert: Option<PathBuf>,
        /// The gateway's TLS private key (PEM).
        #[arg(long, env = "SIMPUL_GATEWAY_TLS_KEY", requires = "gateway_tls_cert")]
        gateway_tls_key: Option<PathBuf>,
        /// A CA (PEM) that client certificates must chain to (default: any certificate, pinned by its registered fingerprint).
        #[arg(long, env = "SIMPUL_GATEWAY_CLIENT_CA")]
        gateway_client_ca: Option<PathBuf>,
        /// CA certificates (PEM) trusted for https:// upstreams besides the system's (a provincial or national bus with its own CA).
        #[arg(long, env = "SIMPUL_GATEWAY_UPSTREAM_CA")]
        gateway_upstream_ca: Option<PathBuf>,
    },
    /// Create an Administrator Diskominfo account (the first one on a new installation).
    /// Prints a temporary password that must be changed at first sign-in.
    CreateAdmin {
        #[command(flatten)]
        db: Db,
        /// Username for the new account.
        #[arg(long, default_value = "admin")]
        username: String,
    },
    /// Audit trail tools.
    Audit {
        #[command(subcommand)]
        command: AuditCmd,
    },
    /// Write a consistent backup while Simpul runs.
    Backup {
        #[command(flatten)]
        db: Db,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into an empty data directory or database.
    Restore {
        #[command(flatten)]
        db: Db,
        /// Backup file written by `simpul backup`.
        file: PathBuf,
    },
    /// Sistem Penghubung Layanan (service bus): services, clients and keys,
    /// access rights, and the message log check.
    Gsb {
        #[command(subcommand)]
        command: gsb_cli::GsbCmd,
    },
    /// Create or migrate the database and exit.
    Migrate {
        #[command(flatten)]
        db: Db,
    },
}

#[derive(Subcommand)]
enum AuditCmd {
    /// Verify the whole hash chain; exits 1 naming the first bad entry.
    Verify {
        #[command(flatten)]
        db: Db,
    },
}

fn data_dir(db: &Db, file: &config::FileConfig) -> PathBuf {
    db.data_dir.clone().or_else(|| file.data_dir.clone()).unwrap_or_else(|| PathBuf::from("simpul-data"))
}

/// The store with the key that seals "rahasia" datasets: a file in the data
/// directory (also with PostgreSQL), never in the database. Only `serve`
/// reads or writes rahasia data; backups copy it sealed.
fn with_data_key(store: Store, db: &Db, file: &config::FileConfig) -> Result<Store> {
    let path = data_dir(db, file).join(simpul_store::sealing::KEY_FILE);
    let key = simpul_store::sealing::DataKey::load_or_create(&path).context("kunci data rahasia tidak dapat dibaca atau dibuat")?;
    Ok(store.with_data_key(key))
}

pub(crate) async fn open(db: &Db, file: &config::FileConfig) -> Result<Store> {
    let url = db.database_url.clone().or_else(|| file.database_url.clone());
    let dir = data_dir(db, file);
    let store = match url {
        Some(u) => Store::open_url(&u).await.with_context(|| "tidak dapat membuka basis data")?,
        None => Store::open_sqlite_dir(&dir).await.with_context(|| format!("tidak dapat membuka direktori data {}", dir.display()))?,
    };

    store.migrate().await.context("migrasi basis data gagal")?;
    Ok(store)
}

fn init_logs(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let b = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if format == "json" {
        b.json().init();
    } else {
        b.init();
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

async fn run(cli: Cli) -> Result<ExitCode> {
    let file = config::FileConfig::load(cli.config.as_deref())?;
    match cli.command {
        Command::Serve { db, listen, demo, log_format, secure_cookies, trust_proxy, login_attempts_per_minute, public_url, gateway_listen, gateway_tls_cert, gateway_tls_key, gateway_client_ca, gateway_upstream_ca } => {
            init_logs(log_format.as_deref().or(file.log_format.as_deref()).unwrap_or("text"));
            let store = with_data_key(open(&db, &file).await?, &db, &file)?;
            if demo && demo::seed(&store).await? {
                tracing::info!("demo data loaded");
            }
            let listen = listen.or_else(|| file.listen.clone()).unwrap_or_else(|| "127.0.0.1:8080".into());
            let addr: SocketAddr = listen.parse().with_context(|| format!("alamat --listen tidak valid: {listen}"))?;
            let web = simpul_web::WebConfig {
                secure_cookies: secure_cookies.or(file.secure_cookies).unwrap_or(false),
                trust_proxy: trust_proxy.or(file.trust_proxy).unwrap_or(false),
                login_attempts_per_minute: login_attempts_per_minute.or(file.login_attempts_per_minute).unwrap_or(10),
                public_url: config::public_url(public_url.or_else(|| file.public_url.clone()))?,
                gsb_log_dir: Some(db.data_dir.clone().or_else(|| file.data_dir.clone()).unwrap_or_else(|| PathBuf::from("simpul-data")).join("gsb-log")),
                max_dataset_upload_bytes: file.max_dataset_upload_mb.map_or(simpul_domain::datasets::DEFAULT_MAX_UPLOAD_BYTES, |mb| mb.saturating_mul(1024 * 1024)),
            };
            let mut state = simpul_web::AppState::new(store.clone(), web);
            let mut gateway = None;
            if let Some(gw) = gateway_listen.or_else(|| file.gateway_listen.clone()) {
                let gw_addr: SocketAddr = gw.parse().with_context(|| format!("alamat --gateway-listen tidak valid: {gw}"))?;
                let gw_listener = tokio::net::TcpListener::bind(gw_addr).await.with_context(|| format!("tidak dapat mendengarkan di {gw_addr}"))?;
                let gw_local = gw_listener.local_addr()?;
                let log_dir = db.data_dir.clone().or_else(|| file.data_dir.clone()).unwrap_or_else(|| PathBuf::from("simpul-data")).join("gsb-log");
                let tls = simpul::gateway::tls_config(
                    gateway_tls_cert.or_else(|| file.gateway_tls_cert.clone()).as_deref(),
                    gateway_tls_key.or_else(|| file.gateway_tls_key.clone()).as_deref(),
                    gateway_client_ca.or_else(|| file.gateway_client_ca.clone()).as_deref(),
                )?;
                let scheme = if tls.is_some() { "https" } else { "http" };
                let upstream_tls = simpul::gateway::upstream_tls_config(gateway_upstream_ca.or_else(|| file.gateway_upstream_ca.clone()).as_deref())?;
                let running = simpul::gateway::start_with(store.clone(), gw_listener, &log_dir, tls, upstream_tls).await?;
                println!("Sistem Penghubung Layanan: {scheme}://{gw_local}/{{kode-layanan}}/…  (log pesan: {}, kunci publik: {})", log_dir.display(), running.public_key);
                let metrics = running.handle.clone();
                state = state.with_extra_metrics(move || metrics.render_metrics());
                gateway = Some(running);
            }
            let app = simpul_web::router(state);
            let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("tidak dapat mendengarkan di {addr}"))?;
            let local = listener.local_addr()?;
            let host = if local.ip().is_unspecified() { "127.0.0.1".to_string() } else { local.ip().to_string() };
            println!("Simpul berjalan: http://{host}:{}/  (basis data: {})", local.port(), store.backend().name());
            if demo {
                println!("Data demo aktif. Masuk sebagai `admin` dengan kata sandi `{}`. Akun demo lain (kata sandi sama):\n{}", demo::DEMO_PASSWORD, demo::accounts_table());
            }
            tracing::info!(%local, "listening");
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown_signal()).await?;
            // Every record the gateway acknowledged is already synced (the
            // writer answers only after fdatasync), so stopping loses none.
            drop(gateway);
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit { command: AuditCmd::Verify { db } } => {
            let store = open(&db, &file).await?;
            let r = store.audit_verify().await?;
            match r.broken {
                None => {
                    println!("jejak audit utuh: {} entri terverifikasi", r.entries);
                    Ok(ExitCode::SUCCESS)
                }
                Some(b) => {
                    println!("JEJAK AUDIT RUSAK: entri pertama yang salah #{}: {}", b.seq, b.reason);
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Backup { db, out } => {
            let store = open(&db, &file).await?;
            let s = store.backup_to(&out).await?;
            println!("cadangan ditulis: {} ({} bita, sha256 {})", out.display(), s.bytes, s.sha256);
            for t in &s.tables {
                println!("  {:<16} {:>8} baris  {}", t.table, t.rows, t.sha256);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { db, file: backup } => {
            simpul_store::backup::verify_file(&backup).map_err(|e| anyhow::anyhow!("{e}"))?;
            // The store refuses a database that already holds data.
            let store = open(&db, &file).await?;
            let s = store.restore_from(&backup).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let v = store.audit_verify().await?;
            println!("pemulihan selesai: {} tabel, jejak audit {} entri {}", s.tables.len(), v.entries, if v.broken.is_none() { "utuh" } else { "RUSAK" });
            Ok(if v.broken.is_none() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::CreateAdmin { db, username } => {
            let store = open(&db, &file).await?;
            let password = simpul::admin::create_admin(&store, &username).await?;
            println!("akun administrator `{username}` dibuat. Kata sandi sementara (wajib diganti saat pertama masuk): {password}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Gsb { command } => gsb_cli::run(command, &file).await,
        Command::Migrate { db } => {
            let store = open(&db, &file).await?;
            println!("basis data siap: skema versi {}", store.schema_version().await?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("galat: {e:#}");
            ExitCode::from(2)
        }
    }
}
