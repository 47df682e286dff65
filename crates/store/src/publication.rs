//! Publication state of datasets (`datasets.publication`, `published_at`,
//! `publication_note`, migration 0011) and what the open-data portal reads
//! besides the catalogue: the format of each dataset's latest version.
//! The transitions themselves are decided in `domain::publication`.

use std::collections::HashMap;

use simpul_domain::audit::Change;
use simpul_domain::datasets::{Confidentiality, Publication};
use simpul_domain::now_millis;
use sqlx::Row;

use crate::datasets::{Dataset, DATASETS};
use crate::{Result, Store, WriteTx};

impl Store {
    /// Moves a dataset to `state` with its note, audited as
    /// `publication_<action>` with the state before and after.
    pub async fn set_publication(&self, w: &mut WriteTx, id: i64, state: Publication, note: Option<&str>, action: &str) -> Result<Dataset> {
        let before = Self::record_in(w, &DATASETS, id).await?;
        let now = now_millis();
        let published_at = match state {
            Publication::Terbit => Some(now),
            _ => None,
        };
        sqlx::query("UPDATE datasets SET publication = $1, published_at = $2, publication_note = $3, updated_at = $4 WHERE id = $5")
            .bind(state.code())
            .bind(published_at)
            .bind(note.map(str::trim).filter(|n| !n.is_empty()))
            .bind(now)
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        let after = Self::record_in(w, &DATASETS, id).await?;
        let state_of = |d: &Dataset| serde_json::json!({"publication": d.publication, "published_at": d.published_at, "publication_note": d.publication_note});
        w.audit(Change {
            agency_id: Some(after.agency_id),
            entity: "dataset".into(),
            entity_id: id.to_string(),
            action: format!("publication_{action}"),
            before: Some(state_of(&before)),
            after: Some(state_of(&after)),
        })
        .await?;
        Ok(after)
    }

    /// A dataset no longer terbuka leaves the portal (and the verification
    /// queue): its state goes back to `draf`, audited. Called by
    /// `save_dataset` in the same transaction.
    pub(crate) async fn unpublish_if_closed(&self, w: &mut WriteTx, saved: Dataset) -> Result<Dataset> {
        if saved.class() == Confidentiality::Terbuka || saved.publication() == Publication::Draf {
            return Ok(saved);
        }
        let note = format!("Ditarik otomatis: klasifikasi diubah menjadi {}.", saved.class().label());
        self.set_publication(w, saved.id, Publication::Draf, Some(&note), "reclassified").await
    }

    /// The format (`csv`, `xlsx`) of each dataset's latest version.
    pub async fn latest_version_formats(&self) -> Result<HashMap<i64, String>> {
        let rows = sqlx::query(
            "SELECT v.dataset_id, v.format FROM dataset_versions v \
             WHERE v.version_no = (SELECT MAX(w.version_no) FROM dataset_versions w WHERE w.dataset_id = v.dataset_id)",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = HashMap::new();
        for r in rows {
            out.insert(r.try_get::<i64, _>("dataset_id")?, r.try_get::<String, _>("format")?);
        }
        Ok(out)
    }
}
