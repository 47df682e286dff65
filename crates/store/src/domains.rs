//! The domain registry: subdomains given to agencies and the official
//! e-mail domain. The official domain itself is in the Pemda profile.

use serde::Serialize;
use simpul_domain::domains::{MailDomainData, SubdomainData};
use simpul_domain::findings::SubdomainFacts;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::records::{eq_id, eq_text, int, opt_int, opt_text, text, Spec, Values};
use crate::sql::{Page, PageRequest, Sql};
use crate::{Result, Store, WriteTx};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Subdomain {
    pub id: i64,
    pub fqdn: String,
    pub agency_id: i64,
    pub agency_name: String,
    pub application_id: Option<i64>,
    pub application_name: Option<String>,
    pub purpose: Option<String>,
    pub record_type: String,
    pub target: String,
    pub registered_on: String,
    pub status: String,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MailDomain {
    pub email_domain: String,
    pub mail_host: Option<String>,
    pub notes: Option<String>,
    pub updated_at: i64,
}

fn subdomain_row(r: &AnyRow) -> Result<Subdomain, sqlx::Error> {
    Ok(Subdomain {
        id: r.try_get("id")?,
        fqdn: r.try_get("fqdn")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        application_id: r.try_get("application_id")?,
        application_name: r.try_get("application_name")?,
        purpose: r.try_get("purpose")?,
        record_type: r.try_get("record_type")?,
        target: r.try_get("target")?,
        registered_on: r.try_get("registered_on")?,
        status: r.try_get("status")?,
        notes: r.try_get("notes")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn mail_row(r: &AnyRow) -> Result<MailDomain, sqlx::Error> {
    Ok(MailDomain { email_domain: r.try_get("email_domain")?, mail_host: r.try_get("mail_host")?, notes: r.try_get("notes")?, updated_at: r.try_get("updated_at")? })
}

pub(crate) const SUBDOMAINS: Spec<Subdomain> = Spec {
    table: "subdomains",
    entity: "subdomain",
    what: "subdomain",
    cols: "x.id, x.fqdn, x.agency_id, ag.name AS agency_name, x.application_id, a.name AS application_name, x.purpose, x.record_type, x.target, x.registered_on, \
           x.status, x.notes, x.created_at, x.updated_at",
    from: "subdomains x JOIN agencies ag ON ag.id = x.agency_id LEFT JOIN applications a ON a.id = x.application_id",
    order: "x.fqdn, x.id",
    map: subdomain_row,
    agency: |d| Some(d.agency_id),
    unique: ("fqdn", "Subdomain ini sudah terdaftar."),
};

const MAIL: Spec<MailDomain> = Spec {
    table: "mail_domain",
    entity: "mail_domain",
    what: "domain surel resmi",
    cols: "x.email_domain, x.mail_host, x.notes, x.updated_at",
    from: "mail_domain x",
    order: "x.id",
    map: mail_row,
    agency: |_| None,
    unique: ("email_domain", "Domain surel resmi sudah tercatat."),
};

#[derive(Debug, Clone, Default)]
pub struct SubdomainFilter {
    /// Search in the name, purpose and target.
    pub q: Option<String>,
    pub agency_id: Option<i64>,
    pub application_id: Option<i64>,
    pub status: Option<String>,
    pub record_type: Option<String>,
}

fn subdomain_body(f: &SubdomainFilter) -> Sql {
    let mut b = SUBDOMAINS.body();
    eq_id(&mut b, "x.agency_id", f.agency_id);
    eq_id(&mut b, "x.application_id", f.application_id);
    eq_text(&mut b, "x.status", f.status.as_deref());
    eq_text(&mut b, "x.record_type", f.record_type.as_deref());
    b.search(&["x.fqdn", "x.purpose", "x.target"], f.q.as_deref());
    b
}

fn subdomain_values(d: &SubdomainData) -> Values {
    vec![
        ("fqdn", text(&d.fqdn)),
        ("agency_id", int(d.agency_id)),
        ("application_id", opt_int(d.application_id)),
        ("purpose", opt_text(&d.purpose)),
        ("record_type", text(d.record_type.code())),
        ("target", text(&d.target)),
        ("registered_on", text(&d.registered_on)),
        ("status", text(d.status.code())),
        ("notes", opt_text(&d.notes)),
    ]
}

impl Store {
    pub async fn subdomains(&self, f: &SubdomainFilter, page: PageRequest) -> Result<Page<Subdomain>> {
        self.record_page(&SUBDOMAINS, subdomain_body(f), page).await
    }
    pub async fn all_subdomains(&self, f: &SubdomainFilter) -> Result<Vec<Subdomain>> {
        self.record_all(&SUBDOMAINS, subdomain_body(f)).await
    }
    pub async fn subdomain(&self, id: i64) -> Result<Subdomain> {
        self.record(&SUBDOMAINS, id).await
    }
    pub async fn save_subdomain(&self, w: &mut WriteTx, id: Option<i64>, d: &SubdomainData) -> Result<Subdomain> {
        crate::active_agency(w, "agency_id", d.agency_id).await?;
        if let Some(a) = d.application_id {
            Self::require_row(w, "applications", a, "application_id", "Aplikasi tidak ditemukan.").await?;
        }
        Self::save_record(w, &SUBDOMAINS, id, subdomain_values(d)).await
    }

    /// What the findings checks read of the registered subdomains.
    pub async fn subdomain_facts(&self) -> Result<Vec<SubdomainFacts>> {
        Ok(self.all_subdomains(&SubdomainFilter::default()).await?.into_iter().map(|d| SubdomainFacts { id: d.id, agency_id: d.agency_id, active: d.status == "aktif", fqdn: d.fqdn }).collect())
    }

    /// The official e-mail domain, if set.
    pub async fn mail_domain(&self) -> Result<Option<MailDomain>> {
        let all = self.record_all(&MAIL, MAIL.body()).await?;
        Ok(all.into_iter().next())
    }

    pub async fn save_mail_domain(&self, w: &mut WriteTx, d: &MailDomainData) -> Result<MailDomain> {
        let exists = match Self::record_in(w, &MAIL, 1).await {
            Ok(_) => true,
            Err(crate::StoreError::Domain(simpul_domain::DomainError::NotFound(_))) => false,
            Err(e) => return Err(e),
        };
        let mut values = vec![("email_domain", text(&d.email_domain)), ("mail_host", opt_text(&d.mail_host)), ("notes", opt_text(&d.notes))];
        if !exists {
            values.insert(0, ("id", int(1)));
        }
        Self::save_record(w, &MAIL, exists.then_some(1), values).await
    }
}
