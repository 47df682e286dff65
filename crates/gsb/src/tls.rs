//! TLS on the gateway, with optional client certificates (issue 5 §1: a
//! client "authenticates with an API key … and optionally a TLS client
//! certificate"). rustls with the `ring` provider.
//!
//! # The model
//!
//! * The gateway presents its certificate (`--gateway-tls-cert`,
//!   `--gateway-tls-key`, PEM) and asks every client for a certificate
//!   without requiring one: clients that registered none call with their
//!   API key alone, as over plain HTTP.
//! * A client may register a certificate: the registry keeps the SHA-256
//!   of its DER encoding (the fingerprint). From then on every call made
//!   with any of that client's keys must come over a TLS connection whose
//!   client certificate has that fingerprint: key **and** certificate. A
//!   call without one is refused 401 `client_certificate_required`, with
//!   another 401 `client_certificate_mismatch`.
//! * Without `--gateway-client-ca`, any certificate is accepted in the
//!   handshake (self-signed ones included; X-Road pins certificates the
//!   same way): the handshake proves the client holds the certificate's
//!   private key, and the fingerprint registered by the client's agency
//!   says whose it is. Validity dates are not checked; rotating means
//!   registering the new fingerprint. With `--gateway-client-ca`, a
//!   presented certificate must also chain to that CA (and be within its
//!   validity), checked by rustls' WebPKI verifier.

use std::sync::Arc;

use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::WebPkiClientVerifier;
use rustls::{DigitallySignedStruct, DistinguishedName, RootCertStore, SignatureScheme};
use sha2::{Digest, Sha256};

pub use rustls::{ClientConfig, ServerConfig};

/// The SHA-256 fingerprint (lowercase hex) of a certificate's DER encoding:
/// what the registry keeps for a client's certificate.
pub fn fingerprint(der: &[u8]) -> String {
    hex::encode(Sha256::digest(der))
}

/// The fingerprint of the first certificate in a PEM file's contents.
pub fn pem_fingerprint(pem: &[u8]) -> Result<String, String> {
    let cert = CertificateDer::pem_slice_iter(pem).next().ok_or("berkas tidak memuat sertifikat PEM")?.map_err(|e| format!("sertifikat PEM tidak sah: {e}"))?;
    Ok(fingerprint(&cert))
}

/// rustls' `ring` provider. rustls 0.23.48 marks it deprecated because it
/// has no post-quantum key exchange; the alternative, aws-lc-rs, needs
/// cmake and a much longer clean build, so the gateway keeps ring until
/// ring gains one or rustls drops it.
#[allow(deprecated)]
fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The gateway's TLS settings from PEM contents: its certificate chain, its
/// private key, and optionally the CA that client certificates must chain to.
pub fn server_config(cert_pem: &[u8], key_pem: &[u8], client_ca_pem: Option<&[u8]>) -> Result<Arc<ServerConfig>, String> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem).collect::<Result<_, _>>().map_err(|e| format!("sertifikat gateway tidak sah: {e}"))?;
    if chain.is_empty() {
        return Err("berkas sertifikat gateway tidak memuat sertifikat PEM".into());
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem).map_err(|e| format!("kunci privat gateway tidak sah: {e}"))?;
    let provider = provider();
    let verifier: Arc<dyn ClientCertVerifier> = match client_ca_pem {
        Some(pem) => {
            let mut roots = RootCertStore::empty();
            for c in CertificateDer::pem_slice_iter(pem) {
                roots.add(c.map_err(|e| format!("sertifikat CA klien tidak sah: {e}"))?).map_err(|e| format!("sertifikat CA klien tidak sah: {e}"))?;
            }
            if roots.is_empty() {
                return Err("berkas CA klien tidak memuat sertifikat PEM".into());
            }
            WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone()).allow_unauthenticated().build().map_err(|e| e.to_string())?
        }
        None => Arc::new(PinnedClients { provider: provider.clone() }),
    };
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .map_err(|e| format!("sertifikat dan kunci gateway tidak cocok: {e}"))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The gateway's TLS settings as a client of `https://` upstreams: the
/// system's trusted roots (rustls-native-certs) plus the CA certificates in
/// `extra_ca_pem` (a provincial or national bus with its own CA). Server
/// certificates are verified in full (chain, name, validity) by rustls'
/// WebPKI verifier; no client certificate is presented.
pub fn upstream_client_config(extra_ca_pem: Option<&[u8]>) -> Result<Arc<rustls::ClientConfig>, String> {
    let mut roots = RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    let (added, _ignored) = roots.add_parsable_certificates(native.certs);
    if added == 0 {
        tracing::warn!(errors = ?native.errors, "no trusted root certificates found on this system: https upstreams verify only against --gateway-upstream-ca");
    }
    if let Some(pem) = extra_ca_pem {
        let mut n = 0;
        for c in CertificateDer::pem_slice_iter(pem) {
            roots.add(c.map_err(|e| format!("sertifikat CA layanan hulu tidak sah: {e}"))?).map_err(|e| format!("sertifikat CA layanan hulu tidak sah: {e}"))?;
            n += 1;
        }
        if n == 0 {
            return Err("berkas CA layanan hulu tidak memuat sertifikat PEM".into());
        }
    }
    // No ALPN here: the connector (hyper-rustls) sets it.
    let config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Accepts any client certificate whose handshake signature is valid; the
/// registry's fingerprint decides whose it is (see the module doc).
#[derive(Debug)]
struct PinnedClients {
    provider: Arc<CryptoProvider>,
}

impl ClientCertVerifier for PinnedClients {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(&self, _end_entity: &CertificateDer<'_>, _intermediates: &[CertificateDer<'_>], _now: UnixTime) -> Result<ClientCertVerified, rustls::Error> {
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}
