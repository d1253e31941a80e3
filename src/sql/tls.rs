//! TLS to a team server through rustls, checked the way libpq's `sslmode` says:
//!
//! - `disable`: no TLS; `prefer` (the default): TLS when the server offers it, certificate not checked;
//! - `require`: TLS or no connection; the certificate is checked against a root certificate when there is
//!   one (`sslrootcert`, or `~/.postgresql/root.crt`), as libpq does, else not checked;
//! - `verify-ca`: the certificate must chain to the root certificate;
//! - `verify-full`: that, and it must name the host connected to.
//!
//! Whatever the mode, the handshake's signatures are verified, so a certificate that is not checked still
//! proves the server holds its key.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, DigitallySignedStruct, Error as TlsError, RootCertStore, SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::{DbError, Kind, Result};

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// No TLS.
    Disable,
    /// TLS if the server offers it.
    Prefer,
    /// TLS or nothing.
    Require,
    /// TLS with a certificate from the trusted root.
    VerifyCa,
    /// TLS with a certificate from the trusted root naming the host.
    VerifyFull,
}

impl SslMode {
    /// The mode named `text`, as in a connection string.
    pub fn parse(text: &str) -> Option<SslMode> {
        Some(match text {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }
}

/// What the connection asks of TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsWanted {
    /// The mode.
    pub mode: SslMode,
    /// The trusted root certificate(s), PEM.
    pub root_cert: Option<PathBuf>,
}

/// The TLS connector for `wanted`.
pub fn connector(wanted: &TlsWanted) -> Result<MakeRustlsConnect> {
    let bad = |what: String| DbError {
        kind: Kind::Unreachable,
        detail: what,
    };
    // The provider is named here, not taken from a process-wide default another crate could install.
    // ring builds with a C compiler alone; rustls's preferred aws-lc-rs (for its post-quantum key
    // exchange, which is why ring's provider is marked deprecated) needs cmake and a much longer build.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let algorithms = provider.signature_verification_algorithms;
    let roots = match &wanted.root_cert {
        Some(path) => Some(Arc::new(load_roots(path).map_err(bad)?)),
        None => None,
    };
    let check = match (wanted.mode, &roots) {
        (SslMode::VerifyCa | SslMode::VerifyFull, None) => {
            return Err(bad(format!(
                "sslmode={} needs a root certificate: give sslrootcert=FILE or put it in \
                 ~/.postgresql/root.crt",
                if wanted.mode == SslMode::VerifyCa {
                    "verify-ca"
                } else {
                    "verify-full"
                }
            )));
        }
        (SslMode::VerifyFull, Some(_)) => Check::Full,
        (SslMode::VerifyCa | SslMode::Require, Some(_)) => Check::Chain,
        _ => Check::Nothing,
    };
    let webpki = match &roots {
        Some(roots) => Some(
            WebPkiServerVerifier::builder_with_provider(roots.clone(), provider.clone())
                .build()
                .map_err(|e| bad(format!("cannot use the root certificate: {e}")))?,
        ),
        None => None,
    };
    let verifier = Arc::new(LibpqVerifier {
        check,
        webpki,
        algorithms,
    });
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| bad(format!("TLS set-up: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

fn load_roots(path: &Path) -> std::result::Result<RootCertStore, String> {
    let mut roots = RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| format!("cannot read the root certificate {}: {e}", path.display()))?;
    for cert in certs {
        let cert = cert.map_err(|e| format!("{}: not a PEM certificate ({e})", path.display()))?;
        roots
            .add(cert)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if roots.is_empty() {
        return Err(format!("{}: no certificate in it", path.display()));
    }
    Ok(roots)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    Nothing,
    Chain,
    Full,
}

#[derive(Debug)]
struct LibpqVerifier {
    check: Check,
    webpki: Option<Arc<WebPkiServerVerifier>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for LibpqVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, TlsError> {
        let Some(webpki) = self
            .webpki
            .as_ref()
            .filter(|_| self.check != Check::Nothing)
        else {
            return Ok(ServerCertVerified::assertion());
        };
        match webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            // verify-ca (and require with a root): the chain is what counts, not the name.
            Err(TlsError::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if self.check == Check::Chain => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, TlsError> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, TlsError> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
