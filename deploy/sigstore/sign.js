'use strict';
// Signs images with Sigstore's own JavaScript libraries, and verifies bundles with @sigstore/verify. deploy/release
// uses `bundle` when cosign is not installed; the tests use all three commands, so larkops is checked against a
// signer and a verifier that are not ours. Install once: (cd deploy/sigstore && npm ci).
//
//   node sign.js bundle --registry H:P --repo R --digest sha256:… --key private.pem --out bundle.json
//                       [--statement-digest sha256:…] [--name H:P/R] [--tamper]
//       @sigstore/sign builds a key-signed DSSE bundle over an in-toto statement whose subject is
//       --statement-digest (default --digest); @sigstore/oci attaches it to --digest as an OCI referrer
//       (the referrers API, or the referrers tag schema where the registry lacks it). --tamper alters the
//       signed statement after signing (--statement-digest and --tamper exist for the tests). The private key is
//       a PKCS#8 PEM (openssl), not cosign's encrypted format. Registry logins come from ~/.docker/config.json.
//   node sign.js verify --bundle bundle.json --key public.pem --digest sha256:…
//       @sigstore/verify checks the bundle with the key as the only trust material (no tlog, no CT log, no
//       TSA: key-based, offline), then the statement's subject digest. Prints "accepted" or "refused: …";
//       exit 0 either way, 2 on a usage or I/O error.
//   node sign.js cosign --registry H:P --repo R --digest sha256:… --key private.pem [--payload-digest sha256:…]
//       Writes a cosign-convention signature (tag sha256-<hex>.sig, simple-signing layer, signature annotation).
//       The payload layout is OUR reading of cosign's format (no cosign here); only the ECDSA comes from node.
const crypto = require('node:crypto');
const fs = require('node:fs');
const { DSSEBundleBuilder } = require('@sigstore/sign');
const { attachArtifactToImage, getRegistryCredentials } = require('@sigstore/oci');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');
const { bundleFromJSON, bundleToJSON, BUNDLE_V03_MEDIA_TYPE } = require('@sigstore/bundle');

const IN_TOTO = 'application/vnd.in-toto+json';

function args(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[a.slice(2)] = true;
    else { out[a.slice(2)] = next; i++; }
  }
  return out;
}

function need(opts, name) {
  if (!opts[name] || opts[name] === true) throw new Error(`--${name} is required`);
  return opts[name];
}

function hexOf(digest) {
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`not a digest: ${digest}`);
  return digest.slice('sha256:'.length);
}

// A key-based Signer for @sigstore/sign: the library asks for a signature over the bytes it prepared (DSSE PAE).
function keySigner(privatePem, hint) {
  const key = crypto.createPrivateKey(privatePem);
  const publicKey = crypto.createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  return {
    sign: async (data) => ({
      signature: crypto.sign(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', data, key),
      key: { $case: 'publicKey', publicKey, hint },
    }),
  };
}

// The docker login for the registry, or none (an anonymous registry such as the tests' one).
function login(imageName) {
  try {
    return getRegistryCredentials(imageName);
  } catch (e) {
    return undefined;
  }
}

async function bundle(opts) {
  const registry = need(opts, 'registry');
  const repo = need(opts, 'repo');
  const digest = need(opts, 'digest');
  const statementDigest = opts['statement-digest'] || digest;
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: opts.name || `${registry}/${repo}`, digest: { sha256: hexOf(statementDigest) } }],
    predicateType: 'https://sigstore.dev/cosign/sign/v1',
    predicate: {},
  };
  const builder = new DSSEBundleBuilder({ signer: keySigner(fs.readFileSync(need(opts, 'key')), 'larkops-test'), witnesses: [] });
  const built = await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: IN_TOTO });
  const json = bundleToJSON(built);
  if (opts.tamper) {
    const altered = { ...statement, subject: [{ ...statement.subject[0], name: `${registry}/${repo}-tampered` }] };
    json.dsseEnvelope.payload = Buffer.from(JSON.stringify(altered)).toString('base64');
  }
  const text = JSON.stringify(json);
  fs.writeFileSync(need(opts, 'out'), text);
  const descriptor = await attachArtifactToImage({
    imageName: `${registry}/${repo}`,
    imageDigest: digest,
    artifact: Buffer.from(text),
    mediaType: json.mediaType || BUNDLE_V03_MEDIA_TYPE,
    credentials: login(`${registry}/${repo}`),
  });
  process.stdout.write(`attached ${descriptor.digest}\n`);
}

function verify(opts) {
  const json = JSON.parse(fs.readFileSync(need(opts, 'bundle'), 'utf8'));
  const keyPem = fs.readFileSync(need(opts, 'key'));
  const publicKey = crypto.createPublicKey(keyPem);
  const hex = hexOf(need(opts, 'digest'));
  const emptyRoot = { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] };
  // every hint maps to the one configured key: the hint is not trusted, the signature is
  const trust = toTrustMaterial(emptyRoot, () => ({ publicKey, validFor: () => true }));
  try {
    const b = bundleFromJSON(json);
    new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, tsaThreshold: 0 }).verify(toSignedEntity(b));
    const envelope = b.content.$case === 'dsseEnvelope' ? b.content.dsseEnvelope : null;
    if (!envelope || envelope.payloadType !== IN_TOTO) throw new Error('not a DSSE in-toto bundle');
    const statement = JSON.parse(Buffer.from(envelope.payload).toString('utf8'));
    if (!(statement.subject || []).some((s) => s.digest && s.digest.sha256 === hex)) throw new Error('subject is another digest');
    process.stdout.write('accepted\n');
  } catch (e) {
    process.stdout.write(`refused: ${e.message}\n`);
  }
}

async function put(url, body, type) {
  const r = await fetch(url, { method: 'PUT', body, headers: { 'Content-Type': type } });
  if (r.status !== 201) throw new Error(`PUT ${url}: HTTP ${r.status} ${await r.text()}`);
}

async function blob(base, data) {
  const start = await fetch(`${base}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`blob upload: HTTP ${start.status}`);
  const digest = `sha256:${crypto.createHash('sha256').update(data).digest('hex')}`;
  const location = new URL(start.headers.get('location'), base);
  location.searchParams.set('digest', digest);
  await put(location.toString(), data, 'application/octet-stream');
  return { digest, size: data.length };
}

async function cosign(opts) {
  const registry = need(opts, 'registry');
  const repo = need(opts, 'repo');
  const digest = need(opts, 'digest');
  const payload = Buffer.from(JSON.stringify({
    critical: {
      identity: { 'docker-reference': `${registry}/${repo}` },
      image: { 'docker-manifest-digest': opts['payload-digest'] || digest },
      type: 'cosign container image signature',
    },
    optional: null,
  }));
  const key = crypto.createPrivateKey(fs.readFileSync(need(opts, 'key')));
  const signature = crypto.sign('sha256', payload, key).toString('base64');
  const base = `http://${registry}/v2/${repo}`;
  const layer = await blob(base, payload);
  const config = await blob(base, Buffer.from('{}'));
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', ...layer,
      annotations: { 'dev.cosignproject.cosign/signature': signature } }],
  };
  await put(`${base}/manifests/sha256-${hexOf(digest)}.sig`, JSON.stringify(manifest), manifest.mediaType);
  process.stdout.write('signed\n');
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const opts = args(rest);
  if (command === 'bundle') return bundle(opts);
  if (command === 'verify') return verify(opts);
  if (command === 'cosign') return cosign(opts);
  throw new Error('usage: node sign.js bundle|verify|cosign --…');
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}${e.cause ? `\ncaused by: ${e.cause.stack || e.cause}` : ''}\n`);
  process.exit(2);
});
