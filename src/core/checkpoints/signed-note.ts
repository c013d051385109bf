import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * C2SP signed notes (https://c2sp.org/signed-note) holding tlog checkpoints (https://c2sp.org/tlog-checkpoint),
 * Ed25519 only (signature type 0x01), with Node's own crypto. A checkpoint's text is
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n
 *
 * then a blank line, then one line per signature: `— <key name> <base64(4-byte key id || 64-byte signature)>`.
 * For our hash chains the tree size is the chain's length and the root hash its newest entry's hash.
 */

const ED25519 = 0x01;
/** The DER prefix of an Ed25519 PKCS8 private key; the 32-byte seed follows it. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** The DER prefix of an Ed25519 SPKI public key; the 32-byte key follows it. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const EM_DASH = '\u2014';

export interface Checkpoint {
  origin: string;
  size: number;
  /** The root hash, raw bytes */
  rootHash: Buffer;
}

export class NoteError extends Error {}

/** An Ed25519 private key from a base64 32-byte seed or a PKCS8 PEM. */
export function privateKeyFrom(text: string): KeyObject {
  const t = text.trim().replace(/\\n/g, '\n'); // a PEM in one environment line, newlines written as \n
  if (t.startsWith('-----BEGIN')) {
    const key = createPrivateKey({ key: t, format: 'pem' });
    if (key.asymmetricKeyType !== 'ed25519') throw new NoteError(`the key is ${key.asymmetricKeyType}, not Ed25519`);
    return key;
  }
  const seed = Buffer.from(t, 'base64');
  if (seed.length !== 32 || seed.toString('base64').replace(/=+$/, '') !== t.replace(/=+$/, ''))
    throw new NoteError('must be a base64 32-byte Ed25519 seed or a PKCS8 PEM private key');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** The raw 32-byte public key of an Ed25519 key (private or public). */
export function rawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

/** An Ed25519 public key from its raw 32 bytes in base64, or an SPKI PEM. */
export function publicKeyFrom(text: string): KeyObject {
  const t = text.trim();
  if (t.startsWith('-----BEGIN')) {
    const key = createPublicKey({ key: t, format: 'pem' });
    if (key.asymmetricKeyType !== 'ed25519') throw new NoteError(`the key is ${key.asymmetricKeyType}, not Ed25519`);
    return key;
  }
  const raw = Buffer.from(t, 'base64');
  if (raw.length !== 32) throw new NoteError('must be a base64 32-byte Ed25519 public key or an SPKI PEM');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4] */
export function keyId(keyName: string, publicKey: KeyObject): Buffer {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${keyName}\n`, 'utf8'), Buffer.from([ED25519]), rawPublicKey(publicKey)]))
    .digest()
    .subarray(0, 4);
}

/**
 * The verifier key in the note ecosystem's text form (golang.org/x/mod/sumdb/note):
 * `<name>+<hex key id>+<base64(0x01 || public key)>`.
 */
export function verifierKey(keyName: string, publicKey: KeyObject): string {
  return `${keyName}+${keyId(keyName, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), rawPublicKey(publicKey)]).toString('base64')}`;
}

/** ASCII control characters (below U+0020, newline included), which signed notes may not hold except as line ends. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

function checkName(name: string, what: string): void {
  if (!name || /[\s+]/u.test(name) || hasControl(name)) throw new NoteError(`${what} must be non-empty, without spaces or "+"`);
}

export function checkpointText(cp: Checkpoint): string {
  checkName(cp.origin, 'the origin');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new NoteError('the tree size must be a whole number');
  return `${cp.origin}\n${cp.size}\n${cp.rootHash.toString('base64')}\n`;
}

/** Signs a note's text (ending in a newline) with an Ed25519 key under a key name. */
export function signNote(text: string, privateKey: KeyObject, keyName: string): string {
  checkName(keyName, 'the key name');
  if (!text.endsWith('\n') || hasControl(text.replace(/\n/g, ''))) throw new NoteError('the note text must end in a newline and hold no control characters');
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKey);
  return `${text}\n${EM_DASH} ${keyName} ${Buffer.concat([keyId(keyName, createPublicKey(privateKey)), signature]).toString('base64')}\n`;
}

/** Signs a checkpoint as a signed note; the key name is the origin (as tlog-checkpoint recommends). */
export function signCheckpoint(cp: Checkpoint, privateKey: KeyObject, keyName = cp.origin): string {
  return signNote(checkpointText(cp), privateKey, keyName);
}

/**
 * Opens a signed note: at least one signature by the known key (name and key id both match) must
 * verify and none of the known key's may fail; other keys' signatures are ignored (signed-note rules).
 * Returns the text; throws NoteError naming the problem.
 */
export function openNote(note: string, publicKey: KeyObject, keyName: string): string {
  if (note.length > 64 * 1024) throw new NoteError('the note is too large');
  if (hasControl(note.replace(/\n/g, ''))) throw new NoteError('the note holds control characters');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('not a signed note (no blank line before the signatures, or no final newline)');
  const text = note.slice(0, split + 1);
  const id = keyId(keyName, publicKey);
  let verified = 0;
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) throw new NoteError(`malformed signature line "${line.slice(0, 80)}"`);
    const raw = Buffer.from(m[2], 'base64');
    if (m[1] !== keyName || raw.length < 4 || !raw.subarray(0, 4).equals(id)) continue; // another key's: ignored
    if (raw.length !== 68 || !verify(null, Buffer.from(text, 'utf8'), publicKey, raw.subarray(4)))
      throw new NoteError(`the signature of ${keyName} does not verify: the note was altered or signed by another key`);
    verified++;
  }
  if (!verified) throw new NoteError(`no signature by the key ${keyName} (key id ${id.toString('hex')}) is on the note`);
  return text;
}

/** Opens a signed checkpoint (see openNote; the key name defaults to the origin) and parses its text. */
export function openCheckpoint(note: string, publicKey: KeyObject, keyName?: string): Checkpoint {
  const origin = note.slice(0, Math.max(0, note.indexOf('\n')));
  const text = openNote(note, publicKey, keyName ?? origin);
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3 || lines.some((l) => l === '')) throw new NoteError('not a checkpoint: the text needs origin, tree size and root hash lines');
  const [, sizeLine, rootLine] = lines;
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) throw new NoteError(`the tree size "${sizeLine}" is not a number`);
  const rootHash = Buffer.from(rootLine, 'base64');
  if (rootHash.toString('base64') !== rootLine || rootHash.length === 0) throw new NoteError('the root hash is not base64');
  return { origin, size: Number(sizeLine), rootHash };
}
