// Checking a Suket seal and the trust list, the same rules as loket/printing/seal.py and
// trustlist.py: strict base64url, header exactly EdDSA + suket+jws, the kid in the trust
// list, the signature, a complete version-1 payload, then the key's validity and revocation.

import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';

ed.hashes.sha512 = sha512;

export const SEAL_TYPE = 'suket+jws';
export const TRUST_LIST_TYPE = 'suket-keys+jws';
const PAYLOAD_KEYS = ['v', 'no', 'nik', 'nm', 'dob', 'sx', 'off', 'st', 'iat', 'exp'];
const B64URL = /^[A-Za-z0-9_-]*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PHOTO_HASH = /^[A-Za-z0-9_-]{43}$/;

export function b64urlEncode(bytes) {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// Canonical encodings only: spare low bits in the last character would let two
// different strings carry the same signature.
export function b64urlDecode(part) {
  if (typeof part !== 'string' || !B64URL.test(part) || part.length % 4 === 1) return null;
  let bytes;
  try {
    const text = atob(part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4));
    bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  } catch (error) {
    return null;
  }
  return b64urlEncode(bytes) === part ? bytes : null;
}

function jsonObject(bytes) {
  if (!bytes) return null;
  try {
    const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch (error) {
    return null;
  }
}

export function isDate(value) {
  const match = typeof value === 'string' && DATE.exec(value);
  if (!match) return false;
  const day = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  return day.getUTCFullYear() === +match[1] && day.getUTCMonth() === +match[2] - 1 && day.getUTCDate() === +match[3];
}

// WebCrypto's Ed25519 where the browser has it (and the page is a secure context);
// the bundled @noble/ed25519, RFC 8032 strict, everywhere else.
export async function verifyEd25519(publicKey, signature, message) {
  if (globalThis.crypto && crypto.subtle) {
    try {
      const key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
      return { ok: await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message), engine: 'WebCrypto' };
    } catch (error) {
      // No Ed25519 in this browser's WebCrypto: fall through to the bundled library.
    }
  }
  let ok = false;
  try {
    ok = ed.verify(signature, message, publicKey, { zip215: false });
  } catch (error) {
    ok = false;
  }
  return { ok, engine: '@noble/ed25519' };
}

export function thumbprint(x) {
  const canonical = JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x });
  return b64urlEncode(sha256(new TextEncoder().encode(canonical)));
}

export function photoHash(bytes) {
  return b64urlEncode(sha256(bytes));
}

function split(jws) {
  const parts = typeof jws === 'string' ? jws.trim().split('.') : [];
  if (parts.length !== 3) return null;
  const decoded = parts.map(b64urlDecode);
  if (decoded.some((part) => part === null)) return null;
  return { parts, header: jsonObject(decoded[0]), payloadRaw: decoded[1], signature: decoded[2] };
}

function signingInput(parts) {
  return new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
}

function publicKeyOf(jwk) {
  if (!jwk || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') return null;
  const raw = b64urlDecode(jwk.x);
  return raw && raw.length === 32 ? raw : null;
}

// The embedded trust list: signed by the key in its own header, whose kid is that key's
// thumbprint (announced by the publisher). Returns {issuer, issuedAt, signerKid, keys} or null.
export async function readTrustList(jws) {
  const token = split(jws);
  if (!token || !token.header) return null;
  const { header, parts } = token;
  const body = jsonObject(token.payloadRaw);
  if (header.alg !== 'EdDSA' || header.typ !== TRUST_LIST_TYPE || 'crit' in header || !body) return null;
  const signer = header.jwk;
  const raw = publicKeyOf(signer);
  if (!raw || header.kid !== thumbprint(signer.x)) return null;
  const checked = await verifyEd25519(raw, token.signature, signingInput(parts));
  if (!checked.ok || !Array.isArray(body.keys)) return null;
  return {
    issuer: typeof body.iss === 'string' ? body.iss : '',
    issuedAt: typeof body.iat === 'string' ? body.iat : '',
    signerKid: header.kid,
    keys: body.keys.filter((key) => key && typeof key === 'object'),
  };
}

function payloadShapeOk(payload) {
  if (!payload || PAYLOAD_KEYS.some((name) => !(name in payload))) return false;
  if (payload.v !== 1) return false;
  if (!['dob', 'iat', 'exp'].every((name) => isDate(payload[name]))) return false;
  if ('ph' in payload && !(typeof payload.ph === 'string' && PHOTO_HASH.test(payload.ph))) return false;
  return PAYLOAD_KEYS.every((name) => name === 'v' || typeof payload[name] === 'string');
}

function keyProblem(jwk, payload) {
  const issued = payload.iat;
  const revokedOn = typeof jwk.revoked_at === 'string' ? jwk.revoked_at.slice(0, 10) : null;
  if (jwk.revoked === true || jwk.revoked_at) {
    if (!isDate(revokedOn) || issued >= revokedOn) return { reason: 'revoked', date: revokedOn };
  }
  const from = isDate(jwk.valid_from) ? jwk.valid_from : null;
  const until = isDate(jwk.valid_until) ? jwk.valid_until : null;
  if ((from && issued < from) || (until && issued > until)) return { reason: 'key_not_valid' };
  if (('office' in jwk && jwk.office !== payload.off) || ('station' in jwk && jwk.station !== payload.st)) {
    return { reason: 'wrong_office' };
  }
  return null;
}

export function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// The verdict on one scanned text. genuine is true only for a seal that is signed by a
// trusted key and still valid; payload is shown only when the signature itself checked out.
export async function verifySeal(text, trustKeys, today = localToday()) {
  const token = split(text);
  if (!token || !token.header) return { genuine: false, reason: 'malformed' };
  const { header, parts } = token;
  const kid = header.kid;
  if (typeof kid !== 'string') return { genuine: false, reason: 'malformed' };
  if (header.alg !== 'EdDSA') return { genuine: false, reason: 'wrong_alg', alg: String(header.alg), kid };
  if ('crit' in header) return { genuine: false, reason: 'malformed', kid };
  if (header.typ !== SEAL_TYPE) return { genuine: false, reason: 'wrong_typ', typ: String(header.typ), kid };
  const jwk = trustKeys.find((key) => key.kid === kid && publicKeyOf(key));
  if (!jwk) return { genuine: false, reason: 'unknown_key', kid };
  const checked = await verifyEd25519(publicKeyOf(jwk), token.signature, signingInput(parts));
  if (!checked.ok) return { genuine: false, reason: 'bad_signature', kid, engine: checked.engine };
  const payload = jsonObject(token.payloadRaw);
  if (!payloadShapeOk(payload)) return { genuine: false, reason: 'bad_payload', kid, engine: checked.engine };
  const problem = keyProblem(jwk, payload);
  if (problem) return { genuine: false, ...problem, kid, engine: checked.engine };
  if (payload.exp < today) {
    // Signed by the office, but no longer valid: the data is shown so the receiver sees whose it was.
    return { genuine: false, reason: 'expired', date: payload.exp, kid, key: jwk, payload, engine: checked.engine };
  }
  return { genuine: true, reason: 'ok', kid, key: jwk, payload, engine: checked.engine };
}
