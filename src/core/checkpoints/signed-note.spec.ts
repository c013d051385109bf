import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { keyId, NoteError, openCheckpoint, openNote, privateKeyFrom, publicKeyFrom, signCheckpoint, signNote, verifierKey } from './signed-note';

// The known-answer vector of golang.org/x/mod/sumdb/note (note_test.go, the package documentation):
// signer key PRIVATE+KEY+PeterNeumann+c74f20a3+<base64(0x01 || seed)>, and the note it signs.
const GO_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1).toString('base64');
const GO_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('signed notes and checkpoints (C2SP)', () => {
  const goKey = privateKeyFrom(GO_SEED);
  const goPublic = createPublicKey(goKey);

  it('matches the Go sumdb/note vector byte for byte: key id, verifier key, signature', () => {
    expect(keyId('PeterNeumann', goPublic).toString('hex')).toBe('c74f20a3');
    expect(verifierKey('PeterNeumann', goPublic)).toBe(GO_VERIFIER);
    expect(signNote(GO_TEXT, goKey, 'PeterNeumann')).toBe(GO_NOTE);
    expect(openNote(GO_NOTE, goPublic, 'PeterNeumann')).toBe(GO_TEXT);
    expect(() => openNote(GO_NOTE.replace('answer', 'Answer'), goPublic, 'PeterNeumann')).toThrow(/does not verify/);
  });

  it('signs and opens a checkpoint, ignores other keys’ signatures and rejects a note without a known one', () => {
    const key = privateKeyFrom(Buffer.alloc(32, 3).toString('base64'));
    const root = Buffer.alloc(32, 0xab);
    const note = signCheckpoint({ origin: 'example.org/rightsdesk/audit', size: 42, rootHash: root }, key);
    expect(note).toMatch(/^example\.org\/rightsdesk\/audit\n42\nq6ur[A-Za-z0-9+/]+=\n\n\u2014 example\.org\/rightsdesk\/audit [A-Za-z0-9+/]{91}=\n$/);
    expect(openCheckpoint(note, createPublicKey(key))).toEqual({ origin: 'example.org/rightsdesk/audit', size: 42, rootHash: root });
    // a cosignature by another key is ignored
    const other = generateKeyPairSync('ed25519').privateKey;
    const cosigned = `${note}${signNote('x\n', other, 'witness.example').split('\n\n')[1]}`;
    expect(openCheckpoint(cosigned, createPublicKey(key)).size).toBe(42);
    // only another key's signature: rejected
    expect(() => openCheckpoint(note, createPublicKey(other))).toThrow(/no signature by the key/);
    expect(() => openCheckpoint(note.replace('\n42\n', '\n43\n'), createPublicKey(key))).toThrow(NoteError);
    expect(() => openCheckpoint('example.org/x\n1\n', createPublicKey(key))).toThrow(/not a signed note/);
  });

  it('reads keys as a base64 seed or PEM, public keys as base64 or PEM, and names a bad one', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(createPublicKey(privateKeyFrom(pem)).export({ format: 'pem', type: 'spki' })).toEqual(publicKey.export({ format: 'pem', type: 'spki' }));
    expect(createPublicKey(privateKeyFrom(pem.replace(/\n/g, '\\n'))).equals(publicKey)).toBe(true);
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64');
    expect(publicKeyFrom(raw).equals(publicKey)).toBe(true);
    expect(publicKeyFrom(publicKey.export({ format: 'pem', type: 'spki' }).toString()).equals(publicKey)).toBe(true);
    expect(() => privateKeyFrom('c2hvcnQ=')).toThrow(/base64 32-byte Ed25519 seed/);
    expect(() => privateKeyFrom(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())).toThrow(
      /not Ed25519/,
    );
  });
});
