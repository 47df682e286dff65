// Browser journey for Simpul: a person signs in, creates an agency
// (perangkat daerah), finds it again and sees it in the audit trail. Then the
// catalogue (Katalog SPBE): under Perwali Banjarbaru 5/2018 the person
// registers an application with two documents handed over, sees its
// documentation completeness, registers a second application for the same
// SPBE function in the same agency, and sees the finding citing Pasal 13
// ayat (6). Then open data: a submitted dataset is returned with a note,
// submitted and verified from its page; an anonymous visitor opens
// /data-terbuka, filters by a facet, opens a dataset and sees the preview.
//
// Then data sharing (issue 4 §3): the Kepala Disdikbud files a data-use
// request for Dinkes data from the dataset page, signing the statement; the
// Walidata of Dinkes recommends; the Sekda approves; the requester sees the
// grant and opens the data.
//
// Then the service bus (issue 5: two agencies' applications exchange data
// through Simpul under an approved right, and an auditor proves afterwards
// what was exchanged). A small node:http server stands for Disdukcapil's
// application (GET /penduduk/{nik}). Through the web UI only: the Operator of
// Disdukcapil registers that application in the catalogue and the service on
// the bus; the Operator of Dinkes registers a client for a Dinkes application, reads
// its API key (shown once) and asks access with a purpose; the Operator of
// Disdukcapil approves from the queue. Dinkes's application then calls the
// gateway with plain HTTP and the key (the gateway reloads its table about
// every second: retried up to 5 s); the answer is the upstream's, which saw
// the identity headers and not the client's Authorization; a wrong key gets
// 401 JSON with a code. The Auditor TIK finds the exchange on the record page
// by the X-Request-Id the client got: proof verified, response SHA-256 equal
// to the bytes the client received, the kept body downloaded identical.
// Revoking the right in the UI turns the next call into 403.
//
//   node tests/browser/journey.mjs http://127.0.0.1:PORT [http://127.0.0.1:GATEWAY_PORT]
//
// Without the gateway URL (second argument, or SIMPUL_GATEWAY_URL) the
// service-bus part is skipped with a note; scripts/test.sh always passes it
// (`serve --demo --gateway-listen`).
//
// Drives Debian's /usr/bin/chromium (headless) through playwright-core.
// Prints `browser journey: ok` and exits 0 on success. On failure it saves a
// screenshot to tests/browser/failure.png, prints the page URL and an HTML
// excerpt, and exits 1.
//
// Environment (optional):
//   CHROMIUM_PATH          browser binary (default /usr/bin/chromium)
//   SIMPUL_DEMO_USER       demo username (default admin)
//   SIMPUL_DEMO_PASSWORD   demo password (default simpul-demo)
//   JOURNEY_TIMEOUT_MS     per-action timeout (default 15000)
//   JOURNEY_HEADED=1       show the browser (needs a display)

import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';
import http from 'node:http';
import crypto from 'node:crypto';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FAILURE_PNG = path.join(HERE, 'failure.png');

const base = (process.argv[2] || process.env.SIMPUL_BASE_URL || '').replace(/\/+$/, '');
// The service bus gateway (`serve --gateway-listen`); without it the service-bus part is skipped.
const gateway = (process.argv[3] || process.env.SIMPUL_GATEWAY_URL || '').replace(/\/+$/, '');
if (!/^https?:\/\/[^/]+$/.test(base) || (gateway && !/^https?:\/\/[^/]+$/.test(gateway))) {
  console.error('usage: node tests/browser/journey.mjs http://127.0.0.1:PORT [http://127.0.0.1:GATEWAY_PORT]');
  process.exit(2);
}

const USER = process.env.SIMPUL_DEMO_USER || 'admin';
const PASSWORD = process.env.SIMPUL_DEMO_PASSWORD || 'simpul-demo';
const ACTION_TIMEOUT = Number(process.env.JOURNEY_TIMEOUT_MS || 15000);
const OVERALL_TIMEOUT = 180_000;

// Unique per run: uppercase letters/digits only, <= 20 chars.
const n = String(Date.now()).slice(-6);
const CODE = `UJI${n}`;
const NAME = `Dinas Uji Jalan ${n}`;
const SHORT = `DUJ ${n}`;

const url = (p) => base + p;
let step = 'start';
const log = (msg) => console.log(`  [journey] ${msg}`);

class JourneyError extends Error {}
function check(cond, msg) {
  if (!cond) throw new JourneyError(msg);
}

// Responses >= 500 are always a failure, even if the page looks fine.
const serverErrors = [];
const consoleErrors = [];

// The page last navigated: the one shown on failure (the journey drives several users' pages).
let lastPage = null;

/** Waits for the navigation triggered by `action` to finish loading. */
async function navigating(page, action) {
  lastPage = page;
  const [resp] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load', timeout: ACTION_TIMEOUT }),
    action(),
  ]);
  return resp;
}

async function goto(page, p) {
  lastPage = page;
  const resp = await page.goto(url(p), { waitUntil: 'load' });
  check(resp, `no response for GET ${p}`);
  check(resp.status() < 400, `GET ${p} answered HTTP ${resp.status()}`);
  return resp;
}

const pathOf = (page) => new URL(page.url()).pathname;

async function text(locator) {
  return ((await locator.innerText()) || '').replace(/\s+/g, ' ').trim();
}

async function run(page) {
  // 1. Sign in ---------------------------------------------------------------
  step = 'sign-in form (/masuk)';
  await goto(page, '/masuk');
  const lang = await page.locator('html').getAttribute('lang');
  if (!lang || !lang.toLowerCase().startsWith('id')) {
    log(`warning: <html lang> is ${JSON.stringify(lang)}, expected "id"`);
  }
  for (const sel of ['input[name=username]', 'input[name=password]', 'button[type=submit]']) {
    check((await page.locator(sel).count()) > 0, `/masuk has no ${sel}`);
  }
  check(
    (await page.locator('input[name=password]').first().getAttribute('type')) === 'password',
    'input[name=password] is not type=password',
  );
  await page.fill('input[name=username]', USER);
  await page.fill('input[name=password]', PASSWORD);

  step = 'sign in -> /dasbor';
  await navigating(page, () => page.click('button[type=submit]'));
  check(pathOf(page) === '/dasbor', `after signing in expected /dasbor, got ${page.url()}`);
  const h1 = await text(page.locator('h1').first());
  check(h1.includes('Dasbor'), `/dasbor <h1> is "${h1}", expected it to contain "Dasbor"`);
  check((await page.locator('svg[data-chart]').count()) > 0, '/dasbor has no <svg data-chart> chart');
  log('signed in, dashboard with chart');

  // 2. Agency list and create form ---------------------------------------------
  step = 'agency list (/perangkat-daerah)';
  await goto(page, '/perangkat-daerah');
  check((await page.locator('table').count()) > 0, '/perangkat-daerah has no <table>');
  const newLink = page.locator('a[href="/perangkat-daerah/baru"]').first();
  check((await newLink.count()) > 0, '/perangkat-daerah has no link a[href="/perangkat-daerah/baru"]');

  step = 'open create form (/perangkat-daerah/baru)';
  await navigating(page, () => newLink.click());
  check(pathOf(page) === '/perangkat-daerah/baru', `expected /perangkat-daerah/baru, got ${page.url()}`);
  await checkForm(page);
  await checkLabels(page);
  log('create form present, every field has a <label for>');

  // 3. Server-side validation: empty name --------------------------------------
  step = 'submit with empty name';
  await fillAgency(page, { code: CODE, name: '', short: SHORT });
  // Bypass browser-side `required` so the server's validation is exercised.
  await page.evaluate(() => document.querySelectorAll('form').forEach((f) => { f.noValidate = true; }));
  const badResp = await navigating(page, () =>
    page.locator('form:has(input[name=name]) button[type=submit]').first().click(),
  );
  check(!badResp || badResp.status() < 500, `empty-name submit answered HTTP ${badResp && badResp.status()}`);
  check(
    (await page.locator('input[name=name]').count()) > 0,
    `after an empty-name submit the form was not re-rendered (at ${page.url()})`,
  );
  const errors = page.locator('.field-error');
  check((await errors.count()) > 0, 'empty-name submit shows no .field-error element');
  const near = await page.evaluate(() => {
    const input = document.querySelector('input[name=name]');
    const described = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    const controls = [...document.querySelectorAll('input:not([type=hidden]), select, textarea')];
    const i = controls.indexOf(input);
    const prev = controls[i - 1] || null;
    const next = controls[i + 1] || null;
    const after = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    for (const el of document.querySelectorAll('.field-error')) {
      const t = (el.textContent || '').trim();
      if (!t) continue;
      if (described.includes(el.id)) return t;
      // "next to the field": shares the field's wrapper (parent or grandparent) ...
      for (let a = input.parentElement, k = 0; a && k < 2; a = a.parentElement, k++) {
        if (a.tagName === 'FORM' || a.tagName === 'BODY') break;
        if (a.contains(el)) return t;
      }
      // ... or sits between the previous and the next form control.
      if ((!prev || after(prev, el)) && (!next || after(el, next))) return t;
    }
    return null;
  });
  check(near, 'no non-empty .field-error next to input[name=name] (same wrapper element or aria-describedby)');
  check(
    !/\b(required|must|invalid|cannot|should|empty|field)\b/i.test(near),
    `.field-error text looks English, expected Indonesian: "${near}"`,
  );
  log(`empty name rejected: "${near}"`);

  // 4. Create the agency for real ----------------------------------------------
  step = 'submit valid agency';
  await checkLabels(page);
  await fillAgency(page, { code: CODE, name: NAME, short: SHORT });
  // Keyboard: Enter in a text field submits the form.
  const okResp = await navigating(page, () => page.locator('input[name=name]').first().press('Enter'));
  check(!okResp || okResp.status() < 400, `valid submit ended on HTTP ${okResp && okResp.status()}`);
  const detailPath = pathOf(page);
  check(
    /^\/perangkat-daerah\/.+/.test(detailPath) && !detailPath.startsWith('/perangkat-daerah/baru'),
    `after creating, expected the agency detail page /perangkat-daerah/<id>, got ${page.url()}`,
  );
  check((await page.locator('.field-error').count()) === 0, 'detail page shows a .field-error');
  const detailH1 = await text(page.locator('h1').first());
  check(detailH1.includes(NAME), `detail page <h1> is "${detailH1}", expected "${NAME}"`);
  log(`created ${CODE} "${NAME}" -> ${detailPath}`);

  // 5. Find it again --------------------------------------------------------------
  step = 'search agency list';
  await goto(page, `/perangkat-daerah?q=${encodeURIComponent(CODE)}`);
  const table = page.locator('table').first();
  check((await table.count()) > 0, '/perangkat-daerah?q= has no <table>');
  const tableText = await text(table);
  check(tableText.includes(NAME), `"${NAME}" not in the table of /perangkat-daerah?q=${CODE}`);
  log('found in the filtered list');

  // 6. Audit trail ----------------------------------------------------------------
  step = 'audit trail (/jejak-audit)';
  await goto(page, '/jejak-audit');
  check((await page.locator('table').count()) > 0, '/jejak-audit has no <table>');
  const firstRow = page.locator('table tr:has(td)').first();
  check((await firstRow.count()) > 0, '/jejak-audit table has no data rows');
  const rowText = await text(firstRow);
  check(/\bagency\b/.test(rowText), `newest audit entry does not mention "agency": "${rowText}"`);
  check(
    rowText.includes(CODE) || rowText.includes(NAME),
    `newest audit entry mentions neither ${CODE} nor "${NAME}": "${rowText}"`,
  );
  log('newest audit entry records the agency');

  await catalogue(page, detailPath.split('/').pop());
  await openData(page);

  step = 'server errors';
  check(serverErrors.length === 0, `server answered 5xx: ${serverErrors.join(', ')}`);
}

// Open data: the publication workflow from the dataset page (return with a
// note -> submit -> verify, Diskominfo verifying as operator of the Pusat
// Data), then an anonymous visitor on /data-terbuka: filter by a facet, open
// the dataset, see the preview table and the chart.
async function openData(page) {
  step = 'publication: Bappeda dataset waiting for verification';
  await goto(page, '/data?q=BAPPEDA-PDDK-KEC');
  const link = page.locator('table a[href^="/data/"]').first();
  check((await link.count()) > 0, '/data?q=BAPPEDA-PDDK-KEC lists no dataset');
  await navigating(page, () => link.click());
  const dataPath = pathOf(page);
  const state = async () => page.locator('[data-publication]').getAttribute('data-publication');
  check((await state()) === 'diajukan', `demo dataset is "${await state()}", expected "diajukan"`);

  step = 'publication: return without a note is refused next to the field';
  const returnForm = page.locator('form:has(input[name=step][value=return])');
  await page.evaluate(() => document.querySelectorAll('form').forEach((f) => { f.noValidate = true; }));
  await navigating(page, () => returnForm.locator('button[type=submit]').click());
  check((await page.locator('form:has(input[name=step][value=return]) .field-error').count()) > 0, 'returning without a note shows no .field-error in its form');
  step = 'publication: return with a note';
  await page.locator('form:has(input[name=step][value=return]) input[name=note]').fill('Lengkapi metadata sumber data.');
  await navigating(page, () => page.locator('form:has(input[name=step][value=return]) button[type=submit]').click());
  check((await state()) === 'draf', `after returning, state is "${await state()}"`);
  check((await text(page.locator('#publikasi'))).includes('Lengkapi metadata sumber data.'), 'the return note is not shown');

  step = 'publication: submit then verify';
  await navigating(page, () => page.locator('form:has(input[name=step][value=submit]) button[type=submit]').click());
  check((await state()) === 'diajukan', `after submitting, state is "${await state()}"`);
  await navigating(page, () => page.locator('form:has(input[name=step][value=verify]) button[type=submit]').click());
  check((await state()) === 'terbit', `after verifying, state is "${await state()}"`);
  check((await page.locator(`#publikasi a[href="/data-terbuka/${dataPath.split('/').pop()}"]`).count()) > 0, 'no link to the portal page after publishing');
  log('returned with a note, submitted, verified: published');

  // An anonymous visitor: a fresh context, no cookies.
  const visitor = await page.context().browser().newContext({ locale: 'id-ID' });
  const anon = await visitor.newPage();
  anon.setDefaultTimeout(ACTION_TIMEOUT);
  try {
    step = 'portal: anonymous visitor on /data-terbuka';
    await goto(anon, '/');
    const portalLink = anon.locator('a[href="/data-terbuka"]').first();
    check((await portalLink.count()) > 0, 'the landing page does not link /data-terbuka');
    await navigating(anon, () => portalLink.click());
    check(pathOf(anon) === '/data-terbuka', `expected /data-terbuka, got ${anon.url()}`);
    const results = anon.locator('li.result');
    const all = await results.count();
    check(all >= 4, `portal lists ${all} datasets, expected the 4 published demo datasets`);

    step = 'portal: filter by topic facet';
    const facet = anon.locator('[data-facet=topic] a', { hasText: 'Kependudukan' }).first();
    check((await facet.count()) > 0, 'no "Kependudukan" value in the topic facet');
    const facetCount = Number(((await text(facet.locator('xpath=..'))).match(/\((\d+)\)/) || [])[1]);
    await navigating(anon, () => facet.click());
    const filtered = await results.count();
    check(filtered === facetCount && filtered < all, `topic filter shows ${filtered} results, facet said ${facetCount} (of ${all})`);
    log(`facet Kependudukan: ${filtered} of ${all} datasets`);

    step = 'portal: open a dataset, preview and chart';
    await navigating(anon, () => results.first().locator('a').first().click());
    check(/^\/data-terbuka\/\d+$/.test(pathOf(anon)), `expected /data-terbuka/<id>, got ${anon.url()}`);
    const rows = await anon.locator('table[data-preview] tbody tr').count();
    check(rows > 0, 'the dataset page shows no preview rows');
    check((await anon.locator('svg[data-chart]').count()) > 0, 'the dataset page shows no chart');
    const ld = JSON.parse(await anon.locator('script[type="application/ld+json"]').textContent());
    check(ld['@type'] === 'Dataset' && Array.isArray(ld.distribution), 'no schema.org Dataset JSON-LD');
    check((await anon.locator('a[href$="/export.csv"]').count()) > 0, 'no CSV download link');
    log(`anonymous visitor saw ${rows} preview rows of "${ld.name}"`);
  } finally {
    await visitor.close();
  }
}

const APP_A = `Sistem Informasi Pengaduan Uji ${n}`;
const APP_B = `Layanan Aspirasi Warga Uji ${n}`;

async function catalogue(page, agencyId) {
  // 7. The regulation that makes the one-application-per-function rule ---------
  step = 'profile: switch to Perwali Banjarbaru 5/2018';
  await goto(page, '/profil-pemda');
  await page.selectOption('select[name=regulation]', 'perwali_banjarbaru_5_2018');
  await navigating(page, () => page.locator('form[action="/profil-pemda"] button[type=submit]').click());
  check((await page.locator('.field-error').count()) === 0, 'profile save shows a .field-error');
  const reg = await page.locator('select[name=regulation]').inputValue();
  check(reg === 'perwali_banjarbaru_5_2018', `profile regulation is "${reg}" after saving`);
  log('regulation set to Perwali Banjarbaru 5/2018');

  // 8. First application, two documents handed over ------------------------------
  step = 'register application A (/aplikasi/baru)';
  await goto(page, '/aplikasi');
  const newApp = page.locator('a[href="/aplikasi/baru"]').first();
  check((await newApp.count()) > 0, '/aplikasi has no link a[href="/aplikasi/baru"]');
  await navigating(page, () => newApp.click());
  await checkLabels(page);
  const docBoxes = page.locator('input[name=documents]');
  const docCount = await docBoxes.count();
  check(docCount >= 3, `the Banjarbaru checklist shows ${docCount} documents, expected at least 3`);
  await fillApp(page, agencyId, APP_A);
  await page.check('input[name=documents][value=source_code]');
  await page.check('input[name=documents][value=operating_manual]');
  await navigating(page, () => page.locator('form:has(input[name=name]) button[type=submit]').first().click());
  check(/^\/aplikasi\/\d+$/.test(pathOf(page)), `after registering A expected /aplikasi/<id>, got ${page.url()}`);
  const appAPath = pathOf(page);
  const completeness = await text(page.locator('#kelengkapan'));
  const pct = Math.round((2 * 100) / docCount);
  check(completeness.includes(`2 dari ${docCount} dokumen`), `completeness of A is "${completeness}", expected "2 dari ${docCount} dokumen"`);
  check(completeness.includes(`(${pct}%)`), `completeness of A is "${completeness}", expected (${pct}%)`);
  log(`application A registered, documentation ${completeness}`);

  // 8b. A documentation file into the Repositori, for a third checklist item ------
  step = 'upload a documentation file for application A';
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  await page.setInputFiles('form[action$="/dokumen"] input[name=file]', { name: 'laporan-uji.pdf', mimeType: 'application/pdf', buffer: pdf });
  const third = await page.locator('form[action$="/dokumen"] select[name=document_code] option').evaluateAll(
    (os) => os.map((o) => o.value).filter((v) => v && v !== 'source_code' && v !== 'operating_manual')[0]);
  check(third, 'the upload form offers no other checklist item');
  await page.selectOption('form[action$="/dokumen"] select[name=document_code]', third);
  await page.fill('form[action$="/dokumen"] input[name=title]', 'Laporan uji keamanan');
  await navigating(page, () => page.locator('form[action$="/dokumen"] button[type=submit]').click());
  check(pathOf(page) === appAPath, `after the upload expected ${appAPath}, got ${page.url()}`);
  const files = await text(page.locator('#dokumen table'));
  check(files.includes('Laporan uji keamanan') && /[0-9a-f]{64}/.test(files), `the uploaded file is not listed with its SHA-256: "${files}"`);
  const after = await text(page.locator('#kelengkapan'));
  check(after.includes(`3 dari ${docCount} dokumen`), `after the upload completeness is "${after}", expected 3 dari ${docCount}`);
  log(`documentation file stored with its SHA-256; completeness now ${after}`);

  // 9. Second application for the same function in the same agency ---------------
  step = 'register application B for the same function';
  await goto(page, '/aplikasi/baru');
  await fillApp(page, agencyId, APP_B);
  await navigating(page, () => page.locator('form:has(input[name=name]) button[type=submit]').first().click());
  check(/^\/aplikasi\/\d+$/.test(pathOf(page)), `after registering B expected /aplikasi/<id>, got ${page.url()}`);
  const findingOnB = await text(page.locator('section:has(h2:text-is("Temuan"))'));
  check(findingOnB.includes('Pasal 13 ayat (6)'), `application B's page shows no finding citing Pasal 13 ayat (6): "${findingOnB}"`);

  // 10. The finding on the findings page, filtered to the agency -------------------
  step = 'findings page (/temuan)';
  await goto(page, '/temuan');
  await page.selectOption('select[name=agency_id]', agencyId);
  await page.selectOption('select[name=check]', 'one_app_per_function');
  await navigating(page, () => page.locator('form[action="/temuan"] button[type=submit]').click());
  const rows = page.locator('table tbody tr');
  check((await rows.count()) >= 1, `/temuan filtered to the agency and the check shows no finding (${page.url()})`);
  const rowText = await text(rows.first());
  check(rowText.includes('Perwali Banjarbaru 5/2018 Pasal 13 ayat (6)'), `the finding does not cite Perwali Banjarbaru 5/2018 Pasal 13 ayat (6): "${rowText}"`);
  check(rowText.includes(APP_A) || rowText.includes(APP_B), `the finding names neither application: "${rowText}"`);
  check(rowText.includes(NAME), `the finding does not name the agency "${NAME}": "${rowText}"`);
  const link = rows.first().locator('a[href^="/aplikasi/"]');
  check((await link.count()) > 0, 'the finding does not link to the application');
  log(`finding shown: "${rowText.slice(0, 140)}"`);

  // 11. Fix it: retire application A; the finding clears ----------------------------
  step = 'retire application A';
  await goto(page, `${appAPath}/ubah`);
  await page.selectOption('select[name=state]', 'dihentikan');
  await page.fill('input[name=retired_on]', '2026-11-01');
  await navigating(page, () => page.locator('form:has(input[name=name]) button[type=submit]').first().click());
  check(pathOf(page) === appAPath, `after retiring A expected ${appAPath}, got ${page.url()}`);
  await goto(page, `/temuan?agency_id=${agencyId}&check=one_app_per_function`);
  check((await page.locator('table tbody tr').count()) === 0, 'the finding is still listed after retiring application A');
  log('retiring application A cleared the finding');
}

/** A fresh browser session signed in as a demo user. */
async function signedIn(browser, user) {
  const context = await browser.newContext({ locale: 'id-ID', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(ACTION_TIMEOUT);
  page.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  page.on('response', (r) => { if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
  await goto(page, '/masuk');
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', PASSWORD);
  await navigating(page, () => page.click('button[type=submit]'));
  check(pathOf(page) === '/dasbor', `${user}: after signing in expected /dasbor, got ${page.url()}`);
  return page;
}

// 12. Data sharing: request → recommendation → approval → the requester reads ----------
async function sharing(browser) {
  step = 'data request: the Kepala Disdikbud opens a Dinkes dataset';
  const requester = await signedIn(browser, 'kadisdik');
  await goto(requester, '/data?q=DINKES-FASKES');
  await navigating(requester, () => requester.locator('tr:has-text("DINKES-FASKES") a[href^="/data/"]').first().click());
  const datasetPath = pathOf(requester);
  const title = await text(requester.locator('h1').first());

  step = 'data request: fill the form and sign the statement';
  await navigating(requester, () => requester.locator('a:has-text("Ajukan permohonan penggunaan data")').click());
  check(pathOf(requester) === '/data/permohonan/baru', `expected the request form, got ${requester.url()}`);
  check((await requester.locator('input[name=dataset_ids]:checked').count()) === 1, 'the dataset is not preselected');
  await requester.fill('input[name=responsible_person]', 'Kepala Bidang Perencanaan');
  await requester.fill('input[name=work_unit]', 'Bidang Perencanaan dan Data');
  await requester.fill('textarea[name=purpose]', 'Peta sebaran sekolah dan fasilitas kesehatan.');
  await requester.fill('textarea[name=intended_use]', 'Perencanaan program UKS.');
  await requester.fill('textarea[name=data_kind_form]', 'Tabel per kecamatan (CSV).');
  await navigating(requester, () => requester.locator('form[action="/data/permohonan/baru"] button[type=submit]').click());
  check((await requester.locator('#e-statement_agreed').count()) === 1, 'submitting without the statement shows no error next to it');
  await requester.check('input[name=statement_agreed]');
  await navigating(requester, () => requester.locator('form[action="/data/permohonan/baru"] button[type=submit]').click());
  const requestPath = pathOf(requester);
  check(/^\/data\/permohonan\/\d+$/.test(requestPath), `after filing expected the request page, got ${requester.url()}`);
  check((await text(requester.locator('main'))).includes('Menunggu rekomendasi'), 'the new request does not wait for the recommendation');
  log(`request filed: ${requestPath}`);

  step = 'data request: the Walidata of Dinkes recommends';
  const steward = await signedIn(browser, 'walidata.dinkes');
  await goto(steward, requestPath);
  await navigating(steward, () => steward.locator('form[action$="/rekomendasi"] button[type=submit]').click());
  check((await text(steward.locator('main'))).includes('Menunggu keputusan'), 'after the recommendation the request does not wait for the decision');

  step = 'data request: the Sekda approves';
  const sekda = await signedIn(browser, 'sekda');
  await goto(sekda, requestPath);
  await navigating(sekda, () => sekda.locator('form[action$="/keputusan"] button[type=submit]').click());
  check((await text(sekda.locator('main'))).includes('Disetujui'), 'the request is not approved');
  log('recommended by the Walidata, approved by the Sekda');

  step = 'data request: the requester sees the grant and reads the data';
  await goto(requester, requestPath);
  await navigating(requester, () => requester.locator('a[href^="/data/hak-akses/"]').first().click());
  check((await text(requester.locator('main'))).includes('Aktif'), 'the grant is not active');
  await navigating(requester, () => requester.locator(`a[href="${datasetPath}"]`).first().click());
  check((await text(requester.locator('h1').first())) === title, `the granted dataset page shows "${await text(requester.locator('h1').first())}"`);
  log('the requester reads the granted dataset');
  check(serverErrors.length === 0, `5xx responses during data sharing: ${serverErrors.join(', ')}`);
}

// 13. Service bus (issue 5): two agencies' applications exchange data through
// the gateway under an approved right, and the auditor proves what was
// exchanged. Every registry action goes through the web UI; only the
// application-to-application call is plain HTTP.
async function serviceBus(browser) {
  // The providing agency's application: a tiny upstream that remembers what it received.
  const received = [];
  const sent = [];
  const upstream = http.createServer((req, res) => {
    received.push({ method: req.method, url: req.url, headers: req.headers });
    const m = /^\/penduduk\/(\d{16})$/.exec(req.url);
    const body = m && req.method === 'GET'
      ? JSON.stringify({ nik: m[1], nama: 'Siti Aminah', tempat_lahir: 'Tanjung Selatan', kecamatan: 'Tanjung Selatan Timur', dijawab: new Date().toISOString() })
      : JSON.stringify({ galat: 'tidak ditemukan' });
    sent.push(body);
    res.writeHead(m ? 200 : 404, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const started = Date.now();
  try {
    await serviceBusJourney(browser, `http://127.0.0.1:${upstream.address().port}/`, received, sent);
    log(`service-bus part took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    upstream.close();
  }
}

/** Calls the gateway as the consuming application does. */
async function callGateway(p, key) {
  const res = await fetch(gateway + p, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Calls until `done(answer)` holds: the gateway reloads its table from the registry about every second. */
async function callUntil(p, key, done, what) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const r = await callGateway(p, key);
    if (done(r)) return r;
    check(Date.now() < deadline, `${what}: the gateway still answers ${r.status} after 5 s: ${r.bytes.toString().slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const jsonOf = (r) => { try { return JSON.parse(r.bytes.toString()); } catch { return null; } };
/** The stable `code` of a gateway error body `{"error": {"code", "message"}}`, if it has a message too. */
const errorCode = (r) => { const e = (jsonOf(r) || {}).error || {}; return typeof e.message === 'string' && e.message ? e.code : undefined; };

/** Picks the first option whose label ends with `suffix` (options read "name — agency"). */
async function selectBySuffix(page, select, suffix) {
  const value = await page.locator(select + ' option').evaluateAll(
    (os, sfx) => (os.find((o) => o.value && o.textContent.trim().endsWith(sfx)) || {}).value, suffix);
  const offered = value ? [] : await page.locator(select + ' option').allTextContents();
  check(value, `${select} offers no option ending with "${suffix}": ${offered.slice(0, 8).join(' | ')}`);
  await page.selectOption(select, value);
}

async function serviceBusJourney(browser, upstreamUrl, received, sent) {
  const DUKCAPIL = 'Dinas Kependudukan dan Pencatatan Sipil Kota Tanjung Selatan';
  const DINKES = 'Dinas Kesehatan Kota Tanjung Selatan';
  const service = `uji-penduduk-${n}`;
  const clientCode = `uji-pasien-${n}`;
  const nik = `647101${n}0001`.slice(0, 16).padEnd(16, '0');

  // Disdukcapil has no application in the demo catalogue: its operator registers the one that provides the service first.
  step = 'service bus: the operator of Disdukcapil registers the providing application';
  const provider = await signedIn(browser, 'operator.dukcapil');
  const providerApp = `Layanan Data Kependudukan Daerah ${n}`;
  await goto(provider, '/aplikasi');
  await navigating(provider, () => provider.locator('a[href="/aplikasi/baru"]').first().click());
  await provider.fill('input[name=name]', providerApp);
  await selectBySuffix(provider, 'select[name=agency_id]', DUKCAPIL);
  await provider.selectOption('select[name=kind]', 'aplikasi_khusus');
  await provider.check('input[name=functions][value=layanan_publik_sektoral]');
  await provider.selectOption('select[name=state]', 'digunakan');
  await provider.fill('input[name=in_use_since]', '2025-01-02');
  await provider.selectOption('select[name=platform]', 'web');
  await navigating(provider, () => provider.locator('form:has(input[name=name]) button[type=submit]').first().click());
  check(/^\/aplikasi\/\d+$/.test(pathOf(provider)), `after registering the providing application expected /aplikasi/<id>, got ${provider.url()}`);

  step = 'service bus: the operator of Disdukcapil registers a service';
  await goto(provider, '/penghubung-layanan');
  const newService = provider.locator('a[href="/penghubung-layanan/layanan/baru"]');
  check((await newService.count()) > 0, 'operator.dukcapil sees no "Daftarkan layanan" link');
  await navigating(provider, () => newService.first().click());
  await checkLabels(provider);
  await provider.fill('#f-code', service);
  await provider.fill('#f-name', `Data Penduduk per NIK ${n}`);
  await provider.fill('#f-description', 'Nama, tempat lahir dan domisili kecamatan per NIK, untuk verifikasi identitas pasien.');
  await selectBySuffix(provider, '#f-agency_id', DUKCAPIL);
  await selectBySuffix(provider, '#f-application_id', `${providerApp} — ${DUKCAPIL}`);
  await provider.fill('#f-upstream_url', upstreamUrl);
  await provider.selectOption('#f-confidentiality', 'terbatas');
  await provider.selectOption('#f-keep_bodies', 'true');
  await provider.fill('#f-retention_days', '30');
  await provider.selectOption('#f-status', 'active');
  await navigating(provider, () => provider.locator('form[action="/penghubung-layanan/layanan/baru"] button[type=submit]').click());
  check(/^\/penghubung-layanan\/layanan\/\d+$/.test(pathOf(provider)), `after registering the service expected its page, got ${provider.url()} (${await text(provider.locator('main'))})`.slice(0, 600));
  check((await text(provider.locator('main'))).includes(`/${service}/`), `the service page does not show its gateway address /${service}/`);
  log(`service ${service} registered by operator.dukcapil, upstream ${upstreamUrl}`);

  step = 'service bus: the operator of Dinkes registers a client and gets its key';
  const consumer = await signedIn(browser, 'operator.dinkes');
  await goto(consumer, '/penghubung-layanan/klien');
  await navigating(consumer, () => consumer.locator('a[href="/penghubung-layanan/klien/baru"]').first().click());
  await checkLabels(consumer);
  await consumer.fill('#f-code', clientCode);
  await consumer.fill('#f-name', `Rekam Medis Puskesmas ${n}`);
  await selectBySuffix(consumer, '#f-agency_id', DINKES);
  await selectBySuffix(consumer, '#f-application_id', `— ${DINKES}`);
  await navigating(consumer, () => consumer.locator('form[action="/penghubung-layanan/klien/baru"] button[type=submit]').click());
  check(/^\/penghubung-layanan\/klien\/\d+$/.test(pathOf(consumer)), `after registering the client expected its page, got ${consumer.url()}`);
  const clientPath = pathOf(consumer);
  const agencyHref = await consumer.locator('a[href^="/perangkat-daerah/"]', { hasText: DINKES }).first().getAttribute('href');
  const dinkesId = agencyHref.split('/').pop();
  await consumer.fill('#f-label', 'produksi');
  await navigating(consumer, () => consumer.locator('form[action$="/kunci"] button[type=submit]').click());
  const key = await consumer.locator('#new-key').inputValue();
  check(key.length >= 20, `no API key shown once on the client page (got "${key}")`);
  await goto(consumer, clientPath);
  check((await consumer.locator('#new-key').count()) === 0, 'the API key is shown again on the client page');
  check((await text(consumer.locator('main'))).includes(`${key.slice(0, 8)}`), 'the key list does not show the new key\'s prefix');
  log(`client ${clientCode} registered by operator.dinkes; key shown once (${key.slice(0, 8)}…)`);

  step = 'service bus: the operator of Dinkes asks for access';
  await navigating(consumer, () => consumer.locator('a[href^="/penghubung-layanan/hak-akses/baru?client_id="]').click());
  await checkLabels(consumer);
  await selectBySuffix(consumer, '#f-service_id', `(${service}) — ${DUKCAPIL}`);
  await consumer.fill('#f-purpose', 'Verifikasi identitas pasien baru di puskesmas berdasarkan NIK.');
  const nextYear = new Date(Date.now() + 365 * 86400_000).toISOString().slice(0, 10);
  await consumer.fill('#f-expires_on', nextYear);
  await navigating(consumer, () => consumer.locator('form[action="/penghubung-layanan/hak-akses/baru"] button[type=submit]').click());
  const grantPath = pathOf(consumer);
  check(/^\/penghubung-layanan\/hak-akses\/\d+$/.test(grantPath), `after asking expected the grant page, got ${consumer.url()}`);
  check((await text(consumer.locator('main'))).includes('Diajukan'), 'the new request is not "Diajukan"');
  check((await consumer.locator('form[action$="/keputusan"]').count()) === 0, 'the requester is offered the decision');

  // Before the decision the gateway knows the key but refuses the call.
  const callPath = `/${service}/penduduk/${nik}`;
  const early = await callUntil(callPath, key, (r) => r.status !== 401 && r.status !== 404, 'before the decision');
  check(early.status === 403 && typeof errorCode(early) === 'string', `before the decision expected 403 JSON with a code, got ${early.status} ${early.bytes.toString().slice(0, 200)}`);
  check(received.length === 0, 'the upstream was called before access was approved');
  log(`before the decision the gateway refuses: 403 ${errorCode(early)}`);

  step = 'service bus: the operator of Disdukcapil approves from the queue';
  await goto(provider, '/penghubung-layanan/hak-akses');
  const queued = provider.locator(`section:has(h2:text-is("Menunggu keputusan Anda")) a[href="${grantPath}"]`);
  check((await queued.count()) > 0, `the request ${grantPath} is not in the provider's queue`);
  await navigating(provider, () => queued.first().click());
  await provider.check('input[name=decision][value=approve]');
  await provider.fill('#f-reason', 'Sesuai PKS Disdukcapil–Dinkes tentang pemanfaatan data kependudukan.');
  await navigating(provider, () => provider.locator('form[action$="/keputusan"] button[type=submit]').click());
  check((await text(provider.locator('main'))).includes('Disetujui'), 'the grant is not "Disetujui" after approving');
  log('access approved by operator.dukcapil');

  step = 'service bus: Dinkes\'s application calls Disdukcapil\'s through the gateway';
  const ok = await callUntil(callPath, key, (r) => r.status === 200, 'after approval');
  const answer = jsonOf(ok);
  check(answer && answer.nik === nik, `the gateway's answer is not the upstream's: ${ok.bytes.toString().slice(0, 200)}`);
  check(sent.includes(ok.bytes.toString()), 'the bytes the client received are not what the upstream sent');
  const requestId = ok.headers.get('x-request-id') || '';
  check(/^[0-9a-f]{32}$/.test(requestId), `the answer carries no X-Request-Id (got "${requestId}")`);
  const seen = received.find((r) => r.headers['x-request-id'] === requestId);
  check(seen, `the upstream did not receive the request ${requestId}`);
  check(seen.url === `/penduduk/${nik}`, `the upstream received ${seen.url}, expected /penduduk/${nik}`);
  check(seen.headers['x-simpul-client'] === clientCode, `upstream x-simpul-client is "${seen.headers['x-simpul-client']}", expected ${clientCode}`);
  check(seen.headers['x-simpul-agency'] === dinkesId, `upstream x-simpul-agency is "${seen.headers['x-simpul-agency']}", expected ${dinkesId}`);
  check(!('authorization' in seen.headers), 'the client\'s Authorization header was forwarded to the upstream');
  log(`200 through the gateway; upstream saw x-simpul-client=${clientCode}, x-simpul-agency=${dinkesId}, x-request-id, no Authorization`);

  step = 'service bus: a wrong key is refused';
  const bad = await callGateway(callPath, `${key.slice(0, -4)}xxxx`);
  check(bad.status === 401 && typeof errorCode(bad) === 'string', `a wrong key answered ${bad.status} ${bad.bytes.toString().slice(0, 200)}`);
  check(bad.headers.get('content-type').startsWith('application/json'), `the 401 is ${bad.headers.get('content-type')}, not JSON`);
  log(`wrong key: 401 ${errorCode(bad)}`);

  step = 'service bus: the auditor finds the exchange by its request id';
  const digest = crypto.createHash('sha256').update(ok.bytes).digest('hex');
  const auditor = await signedIn(browser, 'auditor');
  await goto(auditor, '/penghubung-layanan/pemantauan');
  await navigating(auditor, () => auditor.locator('a[href="/penghubung-layanan/rekaman"]').first().click());
  await checkLabels(auditor);
  const deadline = Date.now() + 5000;
  let proof = '';
  for (;;) {  // the record is shown once its batch is sealed (signed), within milliseconds
    await auditor.fill('#f-seq', requestId);
    await navigating(auditor, () => auditor.locator('form[action="/penghubung-layanan/rekaman"] button[type=submit]').click());
    proof = await text(auditor.locator('main'));
    if (proof.includes('Bukti inklusi sah') || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  check(proof.includes('Bukti inklusi sah'), `the record page does not show a verified proof for ${requestId}: "${proof.slice(0, 400)}"`);
  const fact = async (dt) => text(auditor.locator(`dt:text-is("${dt}") + dd`));
  check((await fact('Klien')) === clientCode && (await fact('Layanan')) === service, `the record names ${await fact('Klien')} → ${await fact('Layanan')}`);
  check((await fact('Operasi')) === `GET /penduduk/${nik}` && (await fact('Status')) === '200', `the record is ${await fact('Operasi')} ${await fact('Status')}`);
  check((await fact('ID permintaan')) === requestId, 'the record shows another request id');
  const answered = await fact('Isi jawaban');
  check(answered.includes(`${ok.bytes.length} bita`) && answered.includes(`SHA-256 ${digest}`), `the record's response is "${answered}", expected ${ok.bytes.length} bita, SHA-256 ${digest}`);
  const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.locator('a[href$="/response-body"]').click()]);
  const kept = fs.readFileSync(await download.path());
  check(kept.equals(ok.bytes), 'the response body the auditor downloads differs from what the client received');
  log(`auditor: ${proof.match(/Rekaman #\d+ \(batch \d+\)/)[0]} proof verified, response SHA-256 ${digest.slice(0, 16)}… = the client's bytes; kept body identical`);

  step = 'service bus: Disdukcapil revokes the right; the next call is refused';
  await goto(provider, grantPath);
  await provider.fill('#f-revoke-reason', 'PKS berakhir.');
  await navigating(provider, () => provider.locator('form[action$="/cabut"] button[type=submit]').click());
  check((await text(provider.locator('main'))).includes('Dicabut'), 'the grant is not "Dicabut" after revoking');
  const refused = await callUntil(callPath, key, (r) => r.status !== 200, 'after revoking');
  check(refused.status === 403 && typeof errorCode(refused) === 'string', `after revoking expected 403 JSON, got ${refused.status} ${refused.bytes.toString().slice(0, 200)}`);
  log(`revoked by operator.dukcapil: the next call answers 403 ${errorCode(refused)}`);
  check(serverErrors.length === 0, `5xx responses during the service-bus part: ${serverErrors.join(', ')}`);
}

async function fillApp(page, agencyId, name) {
  await page.fill('input[name=name]', name);
  await page.selectOption('select[name=agency_id]', agencyId);
  await page.selectOption('select[name=kind]', 'aplikasi_khusus');
  await page.check('input[name=functions][value=pengaduan]');
  await page.selectOption('select[name=state]', 'digunakan');
  await page.fill('input[name=in_use_since]', '2024-03-01');
  await page.selectOption('select[name=platform]', 'web');
}

async function checkForm(page) {
  for (const sel of ['input[name=code]', 'input[name=name]', 'input[name=short_name]',
    'select[name=kind]', 'button[type=submit]']) {
    check((await page.locator(sel).count()) > 0, `create form has no ${sel}`);
  }
  check(
    (await page.locator('select[name=kind] option[value="dinas"]').count()) > 0,
    'select[name=kind] has no option value="dinas"',
  );
}

/** Every visible form control on the form must have a <label for=its id>. */
async function checkLabels(page) {
  const missing = await page.evaluate(() => {
    const out = [];
    const controls = document.querySelectorAll('form input, form select, form textarea');
    for (const el of controls) {
      const type = (el.getAttribute('type') || '').toLowerCase();
      if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
      const name = el.getAttribute('name') || el.outerHTML.slice(0, 60);
      if (!el.id) { out.push(`${name} (no id)`); continue; }
      if (!document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) out.push(`${name} (id=${el.id})`);
    }
    return out;
  });
  check(missing.length === 0, `form controls without <label for=…>: ${missing.join(', ')}`);
}

async function fillAgency(page, { code, name, short }) {
  await page.fill('input[name=code]', code);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=short_name]', short);
  await page.selectOption('select[name=kind]', 'dinas');
}

async function main() {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    console.error(`browser journey: FAILED: ${executablePath} not found (run scripts/install-test-deps.sh)`);
    process.exit(1);
  }
  // playwright's launch() always starts the browser with a fresh, empty
  // temporary --user-data-dir of its own (and refuses one passed in args).
  const browser = await chromium.launch({
    executablePath,
    headless: process.env.JOURNEY_HEADED !== '1',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const overall = setTimeout(() => {
    console.error(`browser journey: FAILED: overall timeout ${OVERALL_TIMEOUT} ms at step "${step}"`);
    process.exit(1);
  }, OVERALL_TIMEOUT);
  const context = await browser.newContext({ locale: 'id-ID', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(ACTION_TIMEOUT);
  page.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  page.on('response', (r) => { if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
  page.on('console', (m) => {
    // "Failed to load resource: ... status of 4xx" only echoes an HTTP status (e.g. the 422 re-render).
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));

  let ok = false;
  try {
    await run(page);
    await sharing(browser);
    if (gateway) {
      await serviceBus(browser);
    } else {
      log('note: no gateway URL given (second argument): service-bus part skipped');
    }
    ok = true;
  } catch (err) {
    console.error(`browser journey: FAILED at step "${step}"`);
    console.error(`  reason: ${err instanceof JourneyError ? err.message : (err && err.stack) || err}`);
    const shown = lastPage || page;
    console.error(`  page URL: ${shown.url()}`);
    try {
      await shown.screenshot({ path: FAILURE_PNG, fullPage: true });
      console.error(`  screenshot: ${FAILURE_PNG}`);
    } catch (e) {
      console.error(`  (screenshot failed: ${e.message})`);
    }
    try {
      const html = await shown.content();
      const bodyStart = html.search(/<body[\s>]/i);
      const excerpt = html.slice(bodyStart >= 0 ? bodyStart : 0).slice(0, 4000);
      console.error('  HTML excerpt:\n' + excerpt.replace(/^/gm, '    | '));
    } catch (e) {
      console.error(`  (could not read page HTML: ${e.message})`);
    }
    if (serverErrors.length) console.error(`  5xx responses: ${serverErrors.join(', ')}`);
    if (consoleErrors.length) console.error(`  console errors: ${consoleErrors.slice(0, 10).join(' | ')}`);
  } finally {
    clearTimeout(overall);
    await browser.close().catch(() => {});
  }
  if (ok) {
    if (consoleErrors.length) log(`note: browser console errors: ${consoleErrors.slice(0, 10).join(' | ')}`);
    try { fs.rmSync(FAILURE_PNG, { force: true }); } catch { /* stale screenshot only */ }
    console.log('browser journey: ok');
    process.exit(0);
  }
  process.exit(1);
}

main().catch((e) => {
  console.error(`browser journey: FAILED: ${(e && e.stack) || e}`);
  process.exit(1);
});
