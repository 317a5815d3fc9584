import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** The PEM files of the secure stack: a private CA, the broker's certificate, one client's certificate. */
export interface StackCerts {
  dir: string
  caCert: string
  caKey: string
  /** The broker's key and certificate chain in one PEM file (Kafka's PEM keystore reads both from it). */
  brokerKeystore: string
  clientCert: string
  clientKey: string
}

export function certPaths(secureDir: string): StackCerts {
  return {
    dir: secureDir,
    caCert: path.join(secureDir, 'ca.pem'),
    caKey: path.join(secureDir, 'ca.key'),
    brokerKeystore: path.join(secureDir, 'broker-keystore.pem'),
    clientCert: path.join(secureDir, 'client.pem'),
    clientKey: path.join(secureDir, 'client.key'),
  }
}

function openssl(args: string[], what: string, input?: string): string {
  const res = spawnSync('openssl', args, { encoding: 'utf8', input })
  if (res.error) throw new Error(`openssl could not run (${res.error.message}); install OpenSSL to use --secure`)
  if (res.status !== 0) throw new Error(`openssl failed to ${what}:\n${res.stderr}`)
  return res.stdout
}

/** A key (unencrypted PKCS#8, which Kafka's PEM keystore and Node both read) and a CA-signed certificate. */
function issue(certs: StackCerts, name: string, subject: string, ext: string): { key: string; cert: string } {
  const key = path.join(certs.dir, `${name}.key`)
  const csr = path.join(certs.dir, `${name}.csr`)
  const extFile = path.join(certs.dir, `${name}.ext`)
  const cert = path.join(certs.dir, `${name}.pem`)
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key], `create the ${name} key`)
  chmodSync(key, 0o600)
  openssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr], `create the ${name} request`)
  writeFileSync(extFile, ext)
  openssl(
    ['x509', '-req', '-in', csr, '-CA', certs.caCert, '-CAkey', certs.caKey, '-CAcreateserial'].concat([
      '-days',
      '3650',
      '-sha256',
      '-extfile',
      extFile,
      '-out',
      cert,
    ]),
    `sign the ${name} certificate`,
  )
  return { key, cert }
}

/**
 * Creates the CA and the certificates once (a later start reuses them, so that profiles and
 * clients that trust this CA keep working).
 */
export function ensureStackCerts(secureDir: string): StackCerts {
  const certs = certPaths(secureDir)
  if (existsSync(certs.brokerKeystore) && existsSync(certs.clientCert) && existsSync(certs.clientKey)) return certs
  mkdirSync(secureDir, { recursive: true, mode: 0o700 })
  openssl(
    ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', certs.caKey],
    'create the CA key',
  )
  chmodSync(certs.caKey, 0o600)
  openssl(
    ['req', '-x509', '-new', '-key', certs.caKey, '-subj', '/CN=Keytrail local stack CA', '-days', '3650'].concat([
      '-sha256',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      certs.caCert,
    ]),
    'create the CA certificate',
  )
  const broker = issue(
    certs,
    'broker',
    '/CN=localhost',
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  )
  issue(
    certs,
    'client',
    '/CN=keytrail-client',
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n',
  )
  writeFileSync(certs.brokerKeystore, readFileSync(broker.key, 'utf8') + readFileSync(broker.cert, 'utf8'), {
    mode: 0o600,
  })
  return certs
}
