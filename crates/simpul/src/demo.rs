//! Fills an empty database with the fictional Pemda in `demo_data`.

use std::collections::HashMap;
use anyhow::{bail, Context, Result};

use simpul_domain::apps::{ApplicationInput, RelationInput};
use simpul_domain::audit::Actor;
use simpul_domain::org::{validate_grants, AgencyInput, GrantInput, PersonInput, UnitInput};
use simpul_domain::pemda::ProfileInput;
use simpul_domain::validate::Checker;
use simpul_store::Store;

use crate::demo_apps::{APPS, DATA_KINDS, RELATIONS};
use crate::demo_data::{ACCOUNTS, AGENCIES, HEADS, PEMDA, PEOPLE};

pub const DEMO_PASSWORD: &str = "simpul-demo";

/// A unit code from the unit's name: initials of its significant words.
fn unit_code(name: &str, taken: &mut Vec<String>) -> String {
    let base: String = name.split_whitespace().filter(|w| w.len() > 2 && w.chars().next().is_some_and(char::is_uppercase)).filter_map(|w| w.chars().next()).collect::<String>().to_uppercase();
    let base = if base.len() < 2 { "UNIT".to_string() } else { base.chars().take(12).collect() };
    let mut code = base.clone();
    let mut n = 2;
    while taken.contains(&code) {
        code = format!("{base}-{n}");
        n += 1;
    }
    taken.push(code.clone());
    code
}

/// Seeds the demo Pemda unless the database already has a profile.
/// Returns whether anything was written.
pub async fn seed(store: &Store) -> Result<bool> {
    if store.profile().await?.is_some() {
        return Ok(false);
    }
    let hash = simpul_domain::auth::hash_password(DEMO_PASSWORD)?;
    let mut w = store.begin_write(Actor::system("demo")).await?;
    let profile = ProfileInput {
        name: PEMDA.name.into(),
        level: PEMDA.level.into(),
        region_code: PEMDA.region_code.into(),
        domain: PEMDA.domain.into(),
        timezone: PEMDA.timezone.into(),
        regulation: PEMDA.regulation.into(),
    }
    .validate()?;
    store.set_profile(&mut w, &profile).await?;

    let mut agency_ids = std::collections::HashMap::new();
    let mut agency_data = std::collections::HashMap::new();
    let mut unit_ids = std::collections::HashMap::new();
    for a in AGENCIES {
        let d = AgencyInput {
            code: a.code.into(),
            name: a.name.into(),
            short_name: a.short_name.into(),
            kind: a.kind.into(),
            address: Some(a.address.into()),
            phone: Some(a.phone.into()),
            email: Some(a.email.into()),
            website: None,
            mandiri_tik: a.mandiri_tik_since.is_some(),
            mandiri_tik_since: a.mandiri_tik_since.map(str::to_string),
            ..Default::default()
        }
        .validate()
        .with_context(|| format!("demo agency {}", a.code))?;
        let created = store.create_agency(&mut w, &d).await?;
        agency_ids.insert(a.code, created.id);
        agency_data.insert(a.code, d);
        let mut taken = Vec::new();
        for u in a.units {
            let ud = UnitInput { code: unit_code(u, &mut taken), name: (*u).into() }.validate()?;
            let unit = store.create_unit(&mut w, created.id, &ud).await?;
            unit_ids.insert((a.code, *u), unit.id);
        }
    }
    let mut person_ids = std::collections::HashMap::new();
    for p in PEOPLE {
        let Some(&agency_id) = agency_ids.get(p.agency) else { bail!("demo person {} has unknown agency {}", p.name, p.agency) };
        let d = PersonInput {
            name: p.name.into(),
            nip: Some(p.nip.into()),
            position: Some(p.position.into()),
            agency_id,
            unit_id: p.unit.and_then(|u| unit_ids.get(&(p.agency, u)).copied()),
            email: Some(p.email.into()),
            phone: Some(p.phone.into()),
        }
        .validate()
        .with_context(|| format!("demo person {}", p.name))?;
        let created = store.create_person(&mut w, &d).await?;
        person_ids.insert(p.nip, created.id);
    }
    for (code, nip) in HEADS {
        let (Some(&agency_id), Some(&person_id), Some(d)) = (agency_ids.get(code), person_ids.get(nip), agency_data.get_mut(code)) else {
            bail!("demo head {nip} of {code} is unknown")
        };
        d.head_person_id = Some(person_id);
        store.update_agency(&mut w, agency_id, d).await?;
    }
    for acc in ACCOUNTS {
        let grants: Vec<GrantInput> = acc.roles.iter().map(|(r, a)| GrantInput { role: (*r).into(), agency_id: a.and_then(|a| agency_ids.get(a).copied()) }).collect();
        let mut c = Checker::new();
        let grants = validate_grants(&mut c, &grants);
        c.finish().with_context(|| format!("demo account {}", acc.username))?;
        store.create_account(&mut w, acc.username, person_ids.get(acc.person_nip).copied(), &hash, false, &grants).await?;
    }
    let checklist = profile.regulation.profile().app_documentation_checklist;
    let mut app_ids: HashMap<&str, i64> = HashMap::new();
    for a in APPS {
        let Some(&agency_id) = agency_ids.get(a.agency) else { bail!("demo application {} has unknown agency {}", a.name, a.agency) };
        let s = |v: Option<&str>| v.map(str::to_string);
        let d = ApplicationInput {
            name: a.name.into(),
            short_name: Some(a.short_name.into()),
            agency_id,
            kind: a.kind.into(),
            functions: a.functions.iter().map(|f| f.to_string()).collect(),
            state: a.state.into(),
            planned_on: s(a.planned_on),
            development_started_on: s(a.development_started_on),
            in_use_since: s(a.in_use_since),
            retired_on: None,
            platform: a.platform.into(),
            url: s(a.url),
            hosting: s(a.hosting),
            repository: s(a.repository),
            license: s(a.license),
            development_method: s(a.development_method),
            last_audit_on: s(a.last_audit_on),
            audit_result: s(a.audit_result),
            documents: a.documents.iter().map(|d| d.to_string()).collect(),
            data_kinds: DATA_KINDS.iter().find(|(n, _)| *n == a.short_name).map(|(_, k)| k.iter().map(|k| k.to_string()).collect()).unwrap_or_default(),
        }
        .validate(checklist)
        .with_context(|| format!("demo application {}", a.name))?;
        let created = store.create_application(&mut w, &d).await?;
        app_ids.insert(a.short_name, created.id);
    }
    for (from, kind, to, note) in RELATIONS {
        let (Some(&from_id), Some(&to_id)) = (app_ids.get(from), app_ids.get(to)) else { bail!("demo relation {from} → {to} names an unknown application") };
        let r = RelationInput { related_id: to_id, kind: (*kind).into(), note: Some((*note).into()) }.validate(from_id).with_context(|| format!("demo relation {from} → {to}"))?;
        store.add_app_relation(&mut w, from_id, &r).await?;
    }
    crate::demo_networks::seed(store, &mut w, &agency_ids, simpul_web::local_today(profile.timezone)).await?;
    let today = simpul_domain::assets::local_date(simpul_domain::now_millis(), profile.timezone).context("today")?;
    crate::demo_assets::seed(store, &mut w, &agency_ids, &unit_ids, &person_ids, today).await?;
    crate::demo_datacentre::seed(store, &mut w, &agency_ids, &app_ids).await?;
    crate::demo_gsb::seed(store, &mut w, &agency_ids, &app_ids, &today.to_string()).await?;
    crate::demo_datasets::seed(store, &mut w, &agency_ids, PEMDA.region_code, simpul_web::local_today(profile.timezone)).await?;
    crate::demo_sharing::seed(store, &mut w, &agency_ids, &profile).await?;
    w.commit().await?;
    Ok(true)
}

/// The demo accounts, for README and the start-up message.
pub fn accounts_table() -> String {
    let mut s = String::new();
    for a in ACCOUNTS {
        s.push_str(&format!("  {:<22} {}\n", a.username, a.description));
    }
    s
}
