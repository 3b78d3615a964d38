// The Cek Suket page: reads a QR (camera, photo or pasted text), checks the seal on this
// device against the embedded trust list, and shows the verdict. No network use at all:
// the page's Content-Security-Policy forbids it, and nothing here tries.

import jsQR from 'jsqr';
import { localToday, photoHash, readTrustList, verifySeal } from './verify.js';

const DATA = JSON.parse(document.getElementById('cek-data').textContent);
const MAX_SIDE = 2000; // a phone photo is scaled down to this before decoding
const state = { language: 'id', trust: null, trustBroken: false, result: null, nikShown: false, photo: null,
                checks: 0 };
let camera = null;

const $ = (id) => document.getElementById(id);

function t(key, params = {}) {
  const text = (DATA.messages[state.language] || {})[key] ?? DATA.messages.id[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

// As the Suket prints it: "12 Juli 2018".
function longDate(iso) {
  if (typeof iso !== 'string' || iso.length < 10) return iso || '';
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
  return `${day} ${t(`printing.month.${month}`)} ${year}`;
}

function maskNik(nik) {
  return nik.length <= 8 ? '*'.repeat(nik.length) : nik.slice(0, 4) + '*'.repeat(nik.length - 8) + nik.slice(-4);
}

function officeName(result) {
  const key = result.key || {};
  return key.office_name || (result.payload ? result.payload.off : '');
}

function element(tag, attributes = {}, text = '') {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function renderStatic() {
  document.documentElement.lang = state.language;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  $('scan').textContent = camera ? t('cek.stop') : t('cek.scan');
  const trust = $('trust');
  if (state.trustBroken) {
    trust.textContent = t('cek.trust_bad');
    trust.className = 'trust broken';
  } else if (state.trust) {
    const list = state.trust;
    trust.textContent = t('cek.trust', {
      issuer: list.issuer, date: longDate(list.issuedAt), count: list.keys.length, kid: list.signerKid,
    });
    trust.className = 'trust';
  }
}

function renderResult() {
  const box = $('result');
  box.replaceChildren();
  const result = state.result;
  if (!result) {
    box.hidden = true;
    delete box.dataset.verdict;
    delete box.dataset.reason;
    return;
  }
  box.dataset.check = String(state.checks);
  box.hidden = false;
  box.className = result.genuine ? 'result genuine' : 'result forged';
  box.dataset.verdict = result.genuine ? 'genuine' : 'not_genuine';
  box.dataset.reason = result.reason;
  box.append(element('div', { id: 'verdict', class: 'verdict' }, result.genuine ? t('cek.genuine') : t('cek.not_genuine')));
  const params = { office: officeName(result), kid: result.kid || '?', alg: result.alg, typ: result.typ,
                   date: longDate(result.date) };
  box.append(element('p', { id: 'reason', class: 'reason' }, t(`cek.reason.${result.reason}`, params)));
  const payload = result.payload;
  if (!payload) return;
  const rows = [
    ['cek.field.name', payload.nm],
    ['cek.field.nik', state.nikShown ? payload.nik : maskNik(payload.nik)],
    ['cek.field.dob', longDate(payload.dob)],
    ['cek.field.sex', payload.sx === 'L' || payload.sx === 'P' ? t(`cek.sex.${payload.sx}`) : payload.sx],
    ['cek.field.office', officeName(result)],
    ['cek.field.number', payload.no],
    ['cek.field.iat', longDate(payload.iat)],
    ['cek.field.exp', longDate(payload.exp)],
  ];
  const table = element('dl', { id: 'data' });
  for (const [label, value] of rows) {
    table.append(element('dt', {}, t(label)), element('dd', { 'data-field': label.split('.').pop() }, value));
  }
  box.append(table);
  const toggle = element('button', { id: 'toggle-nik', type: 'button' }, state.nikShown ? t('cek.hide_nik') : t('cek.show_nik'));
  toggle.addEventListener('click', () => { state.nikShown = !state.nikShown; renderResult(); });
  box.append(toggle);
  if (result.genuine) box.append(element('p', { class: 'compare' }, t('cek.compare')));
  if (typeof payload.ph === 'string') renderPhotoCheck(box, payload.ph);
  box.append(element('p', { class: 'engine' }, t('cek.engine', { engine: result.engine })));
}

function renderPhotoCheck(box, expected) {
  const section = element('div', { id: 'photo-check', class: 'photo-check' });
  section.append(element('p', {}, t('cek.photo_covered')));
  const input = element('input', { id: 'photo-file', type: 'file', accept: 'image/*' });
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    state.photo = { matches: photoHash(bytes) === expected, url: URL.createObjectURL(file) };
    renderResult();
  });
  const picker = element('label', { class: 'file' });
  picker.append(element('span', {}, t('cek.photo_pick')), input);
  section.append(picker);
  if (state.photo) {
    const verdict = element('p', { id: 'photo-verdict', class: state.photo.matches ? 'ok' : 'bad' },
      state.photo.matches ? t('cek.photo_match') : t('cek.photo_mismatch'));
    section.append(verdict);
    if (state.photo.matches) section.append(element('img', { src: state.photo.url, alt: '', class: 'holder' }));
  }
  box.append(section);
}

async function check(text) {
  state.nikShown = false;
  state.photo = null;
  state.result = null; // no earlier verdict stays on screen while this one is worked out
  renderResult();
  if (state.trustBroken) return;
  const result = await verifySeal(text, state.trust.keys, localToday());
  state.checks += 1;
  state.result = result;
  renderResult();
  $('result').scrollIntoView({ block: 'start' });
}

function say(key) {
  $('status').textContent = key ? t(key) : '';
}

// Decoding a picture: the browser's BarcodeDetector where it has one, the bundled jsQR otherwise.
async function decodePicture(source, width, height) {
  if ('BarcodeDetector' in window) {
    try {
      const found = await new window.BarcodeDetector({ formats: ['qr_code'] }).detect(source);
      if (found.length) return found[0].rawValue;
    } catch (error) {
      // Fall back to jsQR below.
    }
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  const code = jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'attemptBoth' });
  return code ? code.data : null;
}

async function fromPhoto(file) {
  say('cek.reading');
  let text = null;
  try {
    const bitmap = await createImageBitmap(file);
    text = await decodePicture(bitmap, bitmap.width, bitmap.height);
  } catch (error) {
    text = null;
  }
  if (!text) {
    say('cek.no_qr');
    return;
  }
  say('');
  $('text').value = text;
  await check(text);
}

async function startCamera() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    say('cek.camera_unavailable');
    return;
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    const video = $('video');
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    camera = { stream, timer: null };
    say('cek.camera_hint');
    renderStatic();
    const tick = async () => {
      if (!camera) return;
      if (video.videoWidth) {
        const text = await decodePicture(video, video.videoWidth, video.videoHeight);
        if (text && camera) {
          stopCamera();
          $('text').value = text;
          await check(text);
          return;
        }
      }
      camera.timer = setTimeout(tick, 250);
    };
    tick();
  } catch (error) {
    stopCamera();
    say('cek.camera_unavailable');
  }
}

function stopCamera() {
  if (!camera) return;
  clearTimeout(camera.timer);
  for (const track of camera.stream.getTracks()) track.stop();
  camera = null;
  $('video').hidden = true;
  say('');
  renderStatic();
}

async function start() {
  state.trust = await readTrustList(DATA.trust_list);
  state.trustBroken = !state.trust;
  renderStatic();
  $('language').addEventListener('click', () => {
    state.language = state.language === 'id' ? 'en' : 'id';
    renderStatic();
    renderResult();
  });
  $('scan').addEventListener('click', () => (camera ? stopCamera() : startCamera()));
  $('photo').addEventListener('change', (event) => {
    const file = event.target.files && event.target.files[0];
    if (file) fromPhoto(file);
  });
  $('check').addEventListener('click', () => check($('text').value));
  document.body.dataset.ready = state.trustBroken ? 'broken' : 'ready';
}

start();
