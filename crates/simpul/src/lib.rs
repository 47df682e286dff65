//! The `simpul` binary's library half: configuration and demo data, shared
//! by `main.rs` and the integration tests in `tests/`.

pub mod admin;
pub mod config;
pub mod demo;
pub mod demo_apps;
pub mod demo_assets;
pub mod demo_data;
pub mod demo_networks;
pub mod demo_datacentre;
pub mod demo_gsb;
pub mod gateway;
pub mod demo_datasets;
pub mod demo_sharing;
